//! Writing outputs safely: each to a temporary file beside its target, then renamed into
//! place, and a build's files all or none, so a failed build never leaves a broken EPUB or
//! PDF behind, nor a new file of one format beside an old one of the other.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Error, Result};

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all(&[(path.to_path_buf(), bytes.to_vec())])
}

/// Writes every file, or none: all are first written to temporary files beside their
/// targets; only when every one is on disk are they moved into place, each earlier file
/// kept aside until all have moved. On failure the earlier files are put back and the
/// temporary files removed.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let mut staged: Vec<Staged> = Vec::with_capacity(files.len());
    let mut failed = None;
    for (result, (path, _)) in stage_all(files).into_iter().zip(files) {
        match result {
            Ok(tmp) => staged.push(Staged {
                tmp,
                target: path.clone(),
                kept: None,
                placed: false,
            }),
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    if let Some(e) = failed {
        roll_back(&staged);
        return Err(e);
    }
    for i in 0..staged.len() {
        if let Err(e) = place(&mut staged[i]) {
            roll_back(&staged);
            return Err(Error::write(&staged[i].target, e));
        }
    }
    for s in &staged {
        if let Some(k) = &s.kept {
            let _ = std::fs::remove_file(k);
        }
    }
    Ok(())
}

/// Most files written to disk at once. Each waits on its own `fsync`; the file system
/// commits concurrent ones together, so a book's hundreds of offprints are on disk in a
/// few commits instead of one each.
const WRITERS: usize = 16;

/// [`stage`] for every file, several at a time: each file's result, in order.
fn stage_all(files: &[(PathBuf, Vec<u8>)]) -> Vec<Result<PathBuf>> {
    if files.len() < 2 {
        return files.iter().map(|(p, b)| stage(p, b)).collect();
    }
    let chunk = files.len().div_ceil(WRITERS);
    std::thread::scope(|s| {
        let workers: Vec<_> = (files.chunks(chunk))
            .map(|part| s.spawn(move || part.iter().map(|(p, b)| stage(p, b)).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a writer thread does not panic"))
            .collect()
    })
}

/// What ends the name of the folder a book's offprints go in (`<name>-offprints/`).
pub const OFFPRINTS_FOLDER: &str = "-offprints";

/// The file name of the offprint of the article `number`th in reading order (from 1), as
/// [`offprint_name`] recognizes it: `01-the-arithmetic-of-empty-rooms.pdf`.
pub fn offprint_file_name(number: usize, slug: &str, ext: &str) -> String {
    format!("{number:02}-{slug}.{ext}")
}

/// Removes, from each offprints folder a build wrote into (`<name>-offprints/`), the
/// offprints it did not write this time: those of articles since removed or renamed. Only
/// files named as Folio names offprints (`<number>-<slug>.pdf` or `.epub`), of a format this
/// build wrote into that folder, are touched; anything else an editor keeps there stays.
/// Gives the files removed.
pub fn remove_stale_offprints(written: &[PathBuf]) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let dirs: std::collections::BTreeSet<&Path> = (written.iter())
        .filter_map(|p| p.parent())
        .filter(|d| {
            d.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(OFFPRINTS_FOLDER))
        })
        .collect();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let made_here: Vec<&PathBuf> = written.iter().filter(|p| p.parent() == Some(dir)).collect();
        let extension_made = |ext: &str| {
            made_here
                .iter()
                .any(|p| p.extension().and_then(|e| e.to_str()) == Some(ext))
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let named_as_ours = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(offprint_name);
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if named_as_ours
                && extension_made(ext)
                && !made_here.contains(&&path)
                && entry.file_type().is_ok_and(|t| t.is_file())
                && std::fs::remove_file(&path).is_ok()
            {
                removed.push(path);
            }
        }
    }
    removed
}

/// Whether `name` is an offprint's: digits, a hyphen, a slug (lower-case letters of any
/// script, digits and hyphens), then `.pdf` or `.epub`.
fn offprint_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let Some((number, slug)) = stem.split_once('-') else {
        return false;
    };
    matches!(ext, "pdf" | "epub")
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && !slug.is_empty()
        && slug
            .chars()
            .all(|c| (c.is_alphanumeric() && !c.is_uppercase()) || c == '-')
}

/// One file on its way into place.
struct Staged {
    /// The temporary file holding the new bytes.
    tmp: PathBuf,
    /// Where it goes.
    target: PathBuf,
    /// The earlier file at `target`, moved aside.
    kept: Option<PathBuf>,
    /// Whether `tmp` has been renamed to `target`.
    placed: bool,
}

/// Moves the earlier file aside (when there is one) and the new one into place.
fn place(s: &mut Staged) -> std::io::Result<()> {
    if s.target.symlink_metadata().is_ok_and(|m| m.is_file()) {
        let kept = s.tmp.with_extension("old");
        std::fs::rename(&s.target, &kept)?;
        s.kept = Some(kept);
    }
    std::fs::rename(&s.tmp, &s.target)?;
    s.placed = true;
    Ok(())
}

/// Undoes what [`place`] did for every staged file and removes the temporary files.
fn roll_back(staged: &[Staged]) {
    for s in staged {
        if s.placed {
            let _ = std::fs::remove_file(&s.target);
        } else {
            let _ = std::fs::remove_file(&s.tmp);
        }
        if let Some(k) = &s.kept {
            let _ = std::fs::rename(k, &s.target);
        }
    }
}

/// Writes `bytes` to a temporary file in `path`'s folder and returns its path.
fn stage(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(Error::write(path, e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offprint_names_we_write_are_the_ones_we_recognize() {
        for (n, slug) in [
            (1, "the-arithmetic-of-empty-rooms"),
            (12, "тепло"),
            (100, "a0100"),
        ] {
            for ext in ["pdf", "epub"] {
                let name = offprint_file_name(n, slug, ext);
                assert!(offprint_name(&name), "{name}");
            }
        }
        assert_eq!(offprint_file_name(3, "x", "pdf"), "03-x.pdf");
        assert!(!offprint_name("notes.pdf") && !offprint_name("03-x.txt"));
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("folio-out-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn writes_and_replaces() {
        let dir = scratch("replace");
        let p = dir.join("x.bin");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// Files are staged several at a time: one that cannot be staged (its folder is a
    /// file) leaves none of the others behind, staged or placed.
    #[test]
    fn a_file_that_cannot_be_staged_stops_all_of_them() {
        let dir = scratch("stage-all");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("plain"), b"a file, not a folder").unwrap();
        let mut files: Vec<(PathBuf, Vec<u8>)> = (0..40)
            .map(|i| {
                (
                    dir.join("out").join(format!("{i:02}.pdf")),
                    vec![b'x'; 1000],
                )
            })
            .collect();
        files.insert(23, (dir.join("plain").join("x.pdf"), b"new".to_vec()));
        assert!(write_all(&files).is_err());
        let left: Vec<_> = std::fs::read_dir(dir.join("out")).unwrap().collect();
        assert!(left.is_empty(), "{} files left", left.len());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_failed_file_leaves_every_target_untouched() {
        let dir = scratch("all-or-none");
        let good = dir.join("a.epub");
        write_atomic(&good, b"old").unwrap();
        // A folder where the second file should go: it cannot be replaced by a file.
        let blocked = dir.join("a.pdf");
        std::fs::create_dir_all(blocked.join("inside")).unwrap();
        let files = vec![(good.clone(), b"new".to_vec()), (blocked, b"new".to_vec())];
        assert!(write_all(&files).is_err());
        assert_eq!(
            std::fs::read(&good).unwrap(),
            b"old",
            "the first file is untouched"
        );
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| !n.ends_with(".tmp") && !n.ends_with(".old")),
            "{names:?}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
