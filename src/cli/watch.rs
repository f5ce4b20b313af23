//! `folio watch`: builds a collection, then builds it again whenever a file the build read
//! changes, printing one line per build; Ctrl-C stops it. The files watched are the ones the
//! last build looked at (recorded by [`crate::files`]), so an article the manifest gains is
//! watched from the build that first reads it.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use super::{print_diagnostics, Verbosity, EXIT_OK, EXIT_USAGE};
use crate::build::{Failure, Request, Session};
use crate::diag::{Diagnostics, Severity};

/// How long the files must be quiet after a change before the build starts: an editor's
/// save is a burst of events (write a temporary file, rename it, set its mode) a few
/// milliseconds apart, and one build should answer the whole burst.
const QUIET: Duration = Duration::from_millis(30);
/// How long the files must be quiet after a save is seen to be complete (the file closed
/// after writing, or moved into place by an editor that writes a copy): long enough for
/// the events of the same save (a mode set after the rename), not the burst's 30 ms.
const SETTLED: Duration = Duration::from_millis(3);
/// The longest a stream of changes delays a build (a tool rewriting many files).
const MOST_DELAY: Duration = Duration::from_millis(500);

/// Exit code when a second Ctrl-C stops a build under way (128 + SIGINT, as shells report).
const EXIT_INTERRUPTED: i32 = 130;

/// What reaches the loop.
enum Message {
    /// Files changed (absolute paths as the watcher reports them), and whether the change
    /// completes a save ([`completes_a_save`]).
    Changed(Vec<PathBuf>, bool),
    /// The watcher failed.
    WatchError(String),
    /// Ctrl-C.
    Stop,
}

/// Runs `folio watch` until Ctrl-C; exits 0 then.
pub fn run(path: Option<PathBuf>, req: &Request, verbosity: Verbosity) -> i32 {
    let paths: Vec<PathBuf> = path.into_iter().collect();
    let manifests = super::build::collections(&paths);
    let [manifest] = manifests.as_slice() else {
        eprintln!(
            "folio watch: the folder holds {} collections; name one of them",
            manifests.len()
        );
        return EXIT_USAGE;
    };
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    let presses = std::sync::atomic::AtomicU32::new(0);
    if let Err(e) = ctrlc::set_handler(move || {
        // The first Ctrl-C stops after the build under way; a second stops at once (the
        // outputs are written atomically, so none is left half written).
        if presses.fetch_add(1, std::sync::atomic::Ordering::Relaxed) > 0 {
            std::process::exit(EXIT_INTERRUPTED);
        }
        let _ = stop.send(Message::Stop);
    }) {
        eprintln!("folio watch: cannot catch Ctrl-C: {e}");
        return super::EXIT_OUTPUT;
    }
    let mut watcher = match events(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("folio watch: cannot watch files: {e}");
            return super::EXIT_OUTPUT;
        }
    };
    let mut looper = Loop {
        manifest: manifest.clone(),
        req: req.clone(),
        verbosity,
        session: Session::new(),
        watched: Watched::default(),
        warnings: HashSet::new(),
    };
    looper.build(&[], &mut watcher);
    while let Some(changed) = next_change(&rx, &looper.watched) {
        looper.build(&changed, &mut watcher);
    }
    if verbosity != Verbosity::Quiet {
        eprintln!("stopped watching");
    }
    EXIT_OK
}

/// A watcher that sends every change event (reads are not changes) to `tx`.
fn events(tx: Sender<Message>) -> notify::Result<notify::RecommendedWatcher> {
    notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let msg = match res {
            Ok(e) if completes_a_save(&e.kind) => Message::Changed(e.paths, true),
            Ok(e) if matches!(e.kind, EventKind::Access(_)) => return,
            Ok(e) => Message::Changed(e.paths, false),
            Err(e) => Message::WatchError(e.to_string()),
        };
        let _ = tx.send(msg);
    })
}

/// Whether an event of `kind` says a file is whole: closed by the program that wrote it, or
/// moved into place (an editor that saves by writing a copy and renaming it). Opening,
/// truncating and writing say a save is under way.
fn completes_a_save(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    )
}

/// Waits for a change to a watched file, then for the burst it starts to end (30 ms of
/// quiet, or 3 ms once a watched file's save is complete); gives the changed files, or
/// `None` on Ctrl-C.
fn next_change(rx: &Receiver<Message>, watched: &Watched) -> Option<Vec<PathBuf>> {
    let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
    let mut first: Option<Instant> = None;
    let mut saved = false;
    loop {
        let msg = match first {
            None => rx.recv().ok()?,
            Some(t) => {
                let quiet = if saved { SETTLED } else { QUIET };
                let wait = quiet.min(MOST_DELAY.saturating_sub(t.elapsed()));
                match rx.recv_timeout(wait) {
                    Ok(m) => m,
                    Err(RecvTimeoutError::Timeout) => return Some(changed.into_iter().collect()),
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
        };
        match msg {
            Message::Stop => return None,
            Message::WatchError(e) => eprintln!("folio watch: {e}"),
            Message::Changed(paths, complete) => {
                let before = changed.len();
                let ours: Vec<PathBuf> = (paths.into_iter())
                    .filter(|p| watched.files.contains(p))
                    .collect();
                saved |= complete && !ours.is_empty();
                changed.extend(ours);
                if changed.len() > before && first.is_none() {
                    first = Some(Instant::now());
                }
            }
        }
    }
}

/// The files watched, by their resolved paths, and the folders watched for them (a folder
/// rather than each file, so that a save that replaces the file is seen).
#[derive(Debug, Default)]
struct Watched {
    files: HashSet<PathBuf>,
    dirs: BTreeSet<PathBuf>,
}

impl Watched {
    /// The watch list for the files in `reads`: each file's folder resolved, its name kept.
    fn of(reads: &BTreeSet<PathBuf>) -> Watched {
        let mut w = Watched::default();
        for p in reads {
            let (Some(dir), Some(name)) = (p.parent(), p.file_name()) else {
                continue;
            };
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            let Ok(dir) = dir.canonicalize() else {
                continue;
            };
            w.files.insert(dir.join(name));
            w.dirs.insert(dir);
        }
        w
    }

    /// Moves the watcher's folders from `self`'s to `next`'s.
    fn update(&mut self, next: Watched, watcher: &mut impl Watcher) {
        for gone in self.dirs.difference(&next.dirs) {
            let _ = watcher.unwatch(gone);
        }
        for new in next.dirs.difference(&self.dirs) {
            if let Err(e) = watcher.watch(new, RecursiveMode::NonRecursive) {
                eprintln!("folio watch: cannot watch {}: {e}", new.display());
            }
        }
        *self = next;
    }
}

/// The state kept between builds.
struct Loop {
    manifest: PathBuf,
    req: Request,
    verbosity: Verbosity,
    session: Session,
    watched: Watched,
    /// The warnings of the last build, as printed: only new ones are printed again.
    warnings: HashSet<String>,
}

impl Loop {
    /// Builds once after `changed` changed (nothing: the first build), prints its line and
    /// watches what it read.
    fn build(&mut self, changed: &[PathBuf], watcher: &mut impl Watcher) {
        let started = Instant::now();
        let mut diags = Diagnostics::new();
        let result = self.session.build(&self.manifest, &self.req, &mut diags);
        let mut reads: BTreeSet<PathBuf> = self.session.inputs().map(Path::to_path_buf).collect();
        let secs = started.elapsed().as_secs_f64();
        self.print_new_diagnostics(&diags);
        let warnings = diags
            .items()
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        let what = what_changed(changed);
        if let (Ok(built), true) = (&result, self.req.stats) {
            if let Some(stats) = &built.stats {
                eprint!("{}", stats.report());
            }
            eprint!("{}", built.profile.report());
        }
        match result {
            Ok(_) if self.verbosity != Verbosity::Quiet => eprintln!(
                "{what}built in {secs:.3} s, {warnings} warning{}",
                plural(warnings)
            ),
            Ok(_) => {}
            Err(e) => {
                eprintln!(
                    "{what}{e} ({secs:.3} s); the last good outputs stay: {}",
                    self.manifest.display()
                );
                if let Failure::Input { .. } = e {
                    // A broken manifest reads no article: keep watching the ones it named.
                    reads.extend(self.watched.files.iter().cloned());
                }
            }
        }
        self.watched.update(Watched::of(&reads), watcher);
    }

    /// Prints errors, and the warnings (and notes, when verbose) the last build did not have.
    fn print_new_diagnostics(&mut self, diags: &Diagnostics) {
        let mut fresh = Diagnostics::new();
        let mut now = HashSet::new();
        for d in diags.items() {
            let text = d.to_string();
            if d.severity == Severity::Error || !self.warnings.contains(&text) {
                fresh.push(d.clone());
            }
            now.insert(text);
        }
        print_diagnostics(&fresh, self.verbosity);
        self.warnings = now;
    }
}

/// The start of a build's line: which files changed (nothing for the first build).
fn what_changed(changed: &[PathBuf]) -> String {
    let name = |p: &PathBuf| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    match changed {
        [] => String::new(),
        [one] => format!("{} changed: ", name(one)),
        [one, rest @ ..] => format!("{} and {} more changed: ", name(one), rest.len()),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watched(files: &[&str]) -> Watched {
        Watched {
            files: files.iter().map(PathBuf::from).collect(),
            dirs: BTreeSet::new(),
        }
    }

    /// The files of the first burst when the changes `now` (path, whether the save is
    /// complete) are seen at once and `later` after `pause`, with `/b/a.md` and `/b/c.md`
    /// watched (what comes after is taken as later bursts, until Ctrl-C).
    fn burst(now: &[(&str, bool)], later: &[(&str, bool)], pause: Duration) -> Vec<PathBuf> {
        let (tx, rx) = mpsc::channel();
        let w = watched(&["/b/a.md", "/b/c.md"]);
        let send = |tx: &Sender<Message>, changes: Vec<(String, bool)>| {
            for (path, complete) in changes {
                let msg = Message::Changed(vec![PathBuf::from(path)], complete);
                tx.send(msg).unwrap();
            }
        };
        let owned = |c: &[(&str, bool)]| c.iter().map(|&(p, k)| (p.to_string(), k)).collect();
        send(&tx, owned(now));
        let later = owned(later);
        let sender = std::thread::spawn(move || {
            std::thread::sleep(pause);
            send(&tx, later);
            std::thread::sleep(QUIET * 4);
            tx.send(Message::Stop).unwrap();
        });
        let changed = next_change(&rx, &w).unwrap();
        // What came after the burst is the next one; then Ctrl-C ends the wait.
        while next_change(&rx, &w).is_some() {}
        sender.join().unwrap();
        changed
    }

    #[test]
    fn a_burst_of_changes_is_one_build_and_unwatched_files_are_ignored() {
        let now = [
            ("/b/out/x.tmp", true),
            ("/b/a.md", false),
            ("/b/a.md", false),
        ];
        let changed = burst(&now, &[("/b/c.md", false)], QUIET / 3);
        assert_eq!(
            changed,
            [PathBuf::from("/b/a.md"), PathBuf::from("/b/c.md")]
        );
    }

    #[test]
    fn a_complete_save_ends_the_burst_sooner() {
        let changed = burst(&[("/b/a.md", true)], &[("/b/c.md", false)], QUIET / 2);
        assert_eq!(changed, [PathBuf::from("/b/a.md")]);
    }

    #[test]
    fn a_save_outside_the_watched_files_does_not_end_the_burst() {
        // The outputs being written: closed, but not watched.
        let now = [("/b/a.md", false), ("/b/out/x.pdf", true)];
        let changed = burst(&now, &[("/b/c.md", true)], QUIET / 3);
        assert_eq!(
            changed,
            [PathBuf::from("/b/a.md"), PathBuf::from("/b/c.md")]
        );
    }

    #[test]
    fn a_file_closed_after_writing_or_moved_into_place_is_a_complete_save() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RenameMode,
        };
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let moved = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        assert!(completes_a_save(&closed) && completes_a_save(&moved));
        let under_way = [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
        ];
        assert!(under_way.iter().all(|k| !completes_a_save(k)));
    }

    #[test]
    fn the_line_names_what_changed() {
        assert_eq!(what_changed(&[]), "");
        assert_eq!(what_changed(&[PathBuf::from("/b/a.md")]), "a.md changed: ");
        let two = [PathBuf::from("/b/a.md"), PathBuf::from("/b/c.toml")];
        assert_eq!(what_changed(&two), "a.md and 1 more changed: ");
    }

    #[test]
    fn files_are_watched_through_their_resolved_folders() {
        let dir = tempfile::tempdir().unwrap();
        let reads: BTreeSet<PathBuf> = [dir.path().join("a.md"), dir.path().join("x/missing.md")]
            .into_iter()
            .collect();
        let w = Watched::of(&reads);
        let root = dir.path().canonicalize().unwrap();
        assert!(w.files.contains(&root.join("a.md")));
        assert_eq!(
            w.dirs.iter().collect::<Vec<_>>(),
            [&root],
            "a missing folder is skipped"
        );
    }
}
