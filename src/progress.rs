//! Progress of a build, told to a sink the command line installs (it draws a progress bar
//! on a terminal). Library code only tells; with no sink installed, telling does nothing.

use std::sync::{Arc, RwLock};

/// Whoever is told of a build's progress.
pub trait Sink: Send + Sync {
    /// A stage begins: its name, and how many steps it has when they are counted.
    fn stage(&self, name: &str, unit: &str, total: Option<u64>);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: u64);
}

static SINK: RwLock<Option<Arc<dyn Sink>>> = RwLock::new(None);

/// Installs `sink` until the guard is dropped.
pub fn install(sink: Arc<dyn Sink>) -> Installed {
    *SINK.write().unwrap_or_else(|e| e.into_inner()) = Some(sink);
    Installed(())
}

/// Keeps a sink installed; uninstalls it when dropped.
#[derive(Debug)]
pub struct Installed(());

impl Drop for Installed {
    fn drop(&mut self) {
        *SINK.write().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

fn with(f: impl FnOnce(&dyn Sink)) {
    let sink = SINK.read().unwrap_or_else(|e| e.into_inner());
    if let Some(s) = sink.as_deref() {
        f(s);
    }
}

/// Tells that stage `name` begins, of `total` steps counted in `unit` (when counted).
pub fn stage(name: &str, unit: &str, total: Option<u64>) {
    with(|s| s.stage(name, unit, total));
}

/// Tells that `n` more steps of the current stage are done.
pub fn advance(n: u64) {
    with(|s| s.advance(n));
}
