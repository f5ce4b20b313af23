//! Opening the files a collection names, safely. Every path must resolve (symlinks followed)
//! inside the allowed root: the collection's folder, or a wider folder given with `--root`,
//! as Typst's `--root` does. Only regular files are opened, never a FIFO, a device or a
//! folder, and each kind of file has a size cap, checked before anything is read, so that a
//! hostile or mistaken path can neither embed a file from elsewhere on the disk, hang the
//! build, nor exhaust memory.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What a file is for; each kind has its own size cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `collection.toml`.
    Manifest,
    /// A markdown article.
    Article,
    /// An image (or the cover).
    Image,
    /// A font.
    Font,
    /// A stylesheet.
    Stylesheet,
    /// A bibliography (BibTeX, BibLaTeX, CSL-JSON or hayagriva YAML).
    Bibliography,
    /// A citation style (`.csl`).
    CitationStyle,
}

/// One mebibyte.
const MIB: u64 = 1 << 20;

impl Kind {
    /// The largest file of this kind Folio reads.
    pub fn cap(self) -> u64 {
        match self {
            // A manifest of a thousand articles with overrides is some 200 KiB.
            Kind::Manifest => MIB,
            // A whole 300,000-word book in one file is about 2 MiB.
            Kind::Article => 16 * MIB,
            // A full-bleed 300 dpi photograph as PNG is 30–60 MiB.
            Kind::Image => 64 * MIB,
            // The largest CJK fonts are about 20 MiB.
            Kind::Font => 32 * MIB,
            Kind::Stylesheet => MIB,
            // A library of 20,000 works as BibTeX is about 10 MiB.
            Kind::Bibliography => 32 * MIB,
            // The longest CSL styles are about 150 KiB.
            Kind::CitationStyle => MIB,
        }
    }

    /// The word for the kind in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Manifest => "manifest",
            Kind::Article => "article",
            Kind::Image => "image",
            Kind::Font => "font",
            Kind::Stylesheet => "stylesheet",
            Kind::Bibliography => "bibliography",
            Kind::CitationStyle => "citation style",
        }
    }
}

/// Why a file cannot be used.
#[derive(Debug)]
pub enum Problem {
    /// Nothing is at the path.
    Missing,
    /// The path resolves outside the allowed root.
    Outside {
        /// Where it resolves to.
        resolved: PathBuf,
        /// The allowed root.
        root: PathBuf,
    },
    /// The path names something other than a regular file.
    NotRegular(&'static str),
    /// The file is over the kind's cap.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The cap.
        cap: u64,
    },
    /// Reading failed.
    Io(std::io::Error),
}

impl Problem {
    /// The message, for a diagnostic that names the place the path was written.
    pub fn message(&self, kind: Kind, path: &Path) -> String {
        let noun = kind.noun();
        match self {
            Problem::Missing => format!("{noun} not found: looked for {}", path.display()),
            Problem::Outside { resolved, root } => format!(
                "{noun} {} is outside the collection's folder {} (it resolves to {})",
                path.display(),
                root.display(),
                resolved.display()
            ),
            Problem::NotRegular(what) => {
                format!("{noun} {} is {what}, not a file", path.display())
            }
            Problem::TooLarge { size, cap } => format!(
                "{noun} {} is {:.1} MiB, over the {} MiB Folio reads for a {noun}",
                path.display(),
                *size as f64 / MIB as f64,
                cap / MIB
            ),
            Problem::Io(e) => format!("cannot read {noun} {}: {e}", path.display()),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Problem::Missing => "check the path; it is relative to the file that names it",
            Problem::Outside { .. } => {
                "move the file into the collection's folder, or build with `--root DIR` naming a folder that holds both"
            }
            Problem::NotRegular(_) => "name a regular file",
            Problem::TooLarge { .. } => "use a smaller file (see \"Limits\" in README.md)",
            Problem::Io(_) => "check that the path names a readable file",
        }
    }
}

/// The folder every file a build reads must be inside.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Root {
    dir: PathBuf,
}

impl Root {
    /// The root at `dir` (resolved; a folder that does not exist is taken as written).
    pub fn new(dir: &Path) -> Root {
        Root {
            dir: dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
        }
    }

    /// The root's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Checks that `path` names a regular file inside the root, symlinks followed.
    pub fn check(&self, path: &Path) -> Result<(), Problem> {
        note_read(path, None);
        let resolved = match path.canonicalize() {
            Ok(p) => p,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Problem::Missing),
            Err(e) => return Err(Problem::Io(e)),
        };
        if !resolved.starts_with(&self.dir) {
            return Err(Problem::Outside {
                resolved,
                root: self.dir.clone(),
            });
        }
        regular(&resolved)
    }

    /// Reads the file at `path` after [`Root::check`], within `kind`'s cap.
    pub fn read(&self, path: &Path, kind: Kind) -> Result<Vec<u8>, Problem> {
        self.check(path)?;
        read(path, kind)
    }
}

/// Whether `path` is a regular file; what it is otherwise.
fn regular(path: &Path) -> Result<(), Problem> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Problem::Missing,
        _ => Problem::Io(e),
    })?;
    if meta.is_file() {
        return Ok(());
    }
    Err(Problem::NotRegular(kind_of(&meta)))
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

/// Reads the regular file at `path` within `kind`'s cap, without a root check (for the
/// manifest itself, which defines the root). Never opens anything but a regular file.
pub fn read(path: &Path, kind: Kind) -> Result<Vec<u8>, Problem> {
    note_read(path, Some(kind));
    regular(path)?;
    let cap = kind.cap();
    let file = std::fs::File::open(path).map_err(Problem::Io)?;
    let meta = file.metadata().map_err(Problem::Io)?;
    if !meta.is_file() {
        // Swapped for something else between the check and the open.
        return Err(Problem::NotRegular(kind_of(&meta)));
    }
    if meta.len() > cap {
        return Err(Problem::TooLarge {
            size: meta.len(),
            cap,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(Problem::Io)?;
    if bytes.len() as u64 > cap {
        return Err(Problem::TooLarge {
            size: bytes.len() as u64,
            cap,
        });
    }
    Ok(bytes)
}

/// What each running recording has seen: the paths looked at since [`record_reads`] started
/// it, with the kind each was read as (`None`: only checked).
static RECORDINGS: Mutex<Vec<(u64, Reads)>> = Mutex::new(Vec::new());

/// The paths a recording saw, with the kind each was read as (`None`: only checked, or
/// missing).
pub type Reads = BTreeMap<PathBuf, Option<Kind>>;

fn note_read(path: &Path, kind: Option<Kind>) {
    let mut all = RECORDINGS.lock().unwrap_or_else(|e| e.into_inner());
    for (_, reads) in all.iter_mut() {
        let seen = reads.entry(path.to_path_buf()).or_insert(None);
        if kind.is_some() {
            *seen = kind;
        }
    }
}

/// A recording of every path the process checks or reads through this module (a missing
/// file included, so that creating it can be noticed): what `folio watch` watches. Reads
/// are not told apart by thread, so recordings that overlap in time each see both builds.
#[derive(Debug)]
pub struct Recording(u64);

/// Starts recording the paths that are checked or read, until [`Recording::finish`].
pub fn record_reads() -> Recording {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut all = RECORDINGS.lock().unwrap_or_else(|e| e.into_inner());
    all.push((id, Reads::new()));
    Recording(id)
}

impl Recording {
    /// Stops recording and gives every path checked or read since it started.
    pub fn finish(self) -> Reads {
        let mut all = RECORDINGS.lock().unwrap_or_else(|e| e.into_inner());
        let at = all.iter().position(|(id, _)| *id == self.0);
        at.map(|i| all.swap_remove(i).1).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_folders_are_refused_before_reading() {
        let e = read(Path::new("/dev/zero"), Kind::Image).unwrap_err();
        assert!(matches!(e, Problem::NotRegular("a device")), "{e:?}");
        let e = read(Path::new("/tmp"), Kind::Article).unwrap_err();
        assert!(matches!(e, Problem::NotRegular("a folder")), "{e:?}");
    }

    #[test]
    fn paths_outside_the_root_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("book");
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        std::fs::write(inner.join("a.md"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), inner.join("link.md")).unwrap();
        let root = Root::new(&inner);
        assert!(root.check(&inner.join("a.md")).is_ok());
        for bad in ["../secret.txt", "link.md"] {
            let e = root.check(&inner.join(bad)).unwrap_err();
            assert!(matches!(e, Problem::Outside { .. }), "{bad}: {e:?}");
        }
        assert!(matches!(
            root.check(&inner.join("none.md")),
            Err(Problem::Missing)
        ));
    }

    #[test]
    fn a_recording_lists_files_read_and_files_missing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "x").unwrap();
        let recording = record_reads();
        read(&dir.path().join("a.md"), Kind::Article).unwrap();
        let _ = Root::new(dir.path()).check(&dir.path().join("b.md"));
        let seen = recording.finish();
        assert_eq!(seen[&dir.path().join("a.md")], Some(Kind::Article));
        assert_eq!(seen[&dir.path().join("b.md")], None);
    }
}
