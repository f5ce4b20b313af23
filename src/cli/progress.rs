//! The progress bar of a long build: hidden for its first second, then drawn on standard
//! error (only when that is a terminal) with the stage and the articles done.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its progress is shown: shorter builds print nothing.
const SHOW_AFTER: Duration = Duration::from_secs(1);
/// How often the bar is redrawn while a stage runs without counted steps.
const TICK: Duration = Duration::from_millis(100);

/// A progress bar for one build; drop it (or call [`Bar::finish`]) when the build ends.
pub struct Bar {
    bar: ProgressBar,
    _installed: crate::progress::Installed,
}

impl Bar {
    /// A bar for a build about to start, when standard error is a terminal; `None` otherwise.
    pub fn start() -> Option<Bar> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(SHOW_AFTER);
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(TICK);
            }
        });
        let sink = Sink { bar: bar.clone() };
        let installed = crate::progress::install(Arc::new(sink));
        Some(Bar {
            bar,
            _installed: installed,
        })
    }

    /// Clears the bar.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// What the library tells, drawn on the bar.
struct Sink {
    bar: ProgressBar,
}

impl crate::progress::Sink for Sink {
    fn stage(&self, name: &str, unit: &str, total: Option<u64>) {
        let template = match total {
            Some(_) => format!("{{spinner}} {name}: {{pos}} of {{len}} {unit} {{wide_bar}}"),
            None => format!("{{spinner}} {name}…"),
        };
        // The count first, so the new stage is never drawn with the last one's.
        self.bar.set_position(0);
        self.bar.set_length(total.unwrap_or(0));
        if let Ok(style) = ProgressStyle::with_template(&template) {
            self.bar.set_style(style);
        }
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
}
