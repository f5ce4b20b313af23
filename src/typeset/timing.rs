//! Time spent in the stages of setting paragraphs (shaping, hyphenation, line breaking),
//! summed over the threads that set articles in parallel, for `folio build --stats`. Each
//! thread adds to its own counters; whoever finishes a piece of work takes them.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Seconds per paragraph stage.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageTimes {
    /// Shaping words with rustybuzz (cache lookups included).
    pub shape: Duration,
    /// Finding hyphenation points.
    pub hyphenate: Duration,
    /// Knuth–Plass line breaking.
    pub linebreak: Duration,
}

impl std::ops::AddAssign for StageTimes {
    fn add_assign(&mut self, o: Self) {
        self.shape += o.shape;
        self.hyphenate += o.hyphenate;
        self.linebreak += o.linebreak;
    }
}

/// A paragraph stage.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// Shaping.
    Shape,
    /// Hyphenation.
    Hyphenate,
    /// Line breaking.
    Linebreak,
}

thread_local! {
    static TIMES: Cell<StageTimes> = const {
        Cell::new(StageTimes {
            shape: Duration::ZERO,
            hyphenate: Duration::ZERO,
            linebreak: Duration::ZERO,
        })
    };
}

/// Whether the stages are timed: only for `--stats`, since reading the clock twice for
/// every word shaped and hyphenated was a tenth of a cold build's processor time.
static MEASURED: AtomicBool = AtomicBool::new(false);

/// Times the stages from now on (`on`), or stops timing them; for the whole process.
pub fn measure(on: bool) {
    MEASURED.store(on, Ordering::Relaxed);
}

/// Runs `f`, adding its time to `stage` on this thread when the stages are timed.
pub fn timed<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    if !MEASURED.load(Ordering::Relaxed) {
        return f();
    }
    let t = Instant::now();
    let out = f();
    let d = t.elapsed();
    TIMES.with(|c| {
        let mut all = c.get();
        match stage {
            Stage::Shape => all.shape += d,
            Stage::Hyphenate => all.hyphenate += d,
            Stage::Linebreak => all.linebreak += d,
        }
        c.set(all);
    });
    out
}

/// This thread's times since the last call, reset to zero.
pub fn take() -> StageTimes {
    TIMES.with(|c| c.replace(StageTimes::default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_add_up_and_reset() {
        measure(true);
        let _ = take();
        timed(Stage::Linebreak, || {
            std::thread::sleep(Duration::from_millis(2))
        });
        let t = take();
        assert!(t.linebreak >= Duration::from_millis(2));
        assert_eq!(t.shape, Duration::ZERO);
        assert_eq!(take(), StageTimes::default());
    }
}
