//! `folio build`: finds the collections named on the command line, has the driver build each,
//! and prints its diagnostics, then one summary line.

use std::path::PathBuf;

use super::{print_diagnostics, Verbosity, EXIT_INPUT, EXIT_OK, EXIT_OUTPUT};
use crate::build::{self, Failure, Request};
use crate::diag::Diagnostics;
use crate::manifest;

/// Expands the paths given on the command line into manifests: a folder with a
/// `collection.toml` is one collection; a folder without one builds every sub-folder that has.
pub fn collections(paths: &[PathBuf]) -> Vec<PathBuf> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() && !p.join(manifest::MANIFEST).is_file() {
            let mut subs: Vec<PathBuf> = std::fs::read_dir(&p)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|s| s.join(manifest::MANIFEST).is_file())
                .collect();
            subs.sort();
            if subs.is_empty() {
                out.push(p); // reported by the loader as a missing manifest
            } else {
                out.extend(subs.into_iter().map(|s| s.join(manifest::MANIFEST)));
            }
        } else {
            out.push(manifest::manifest_path(&p));
        }
    }
    out
}

/// Runs `folio build`.
pub fn run(req: &BuildArgs, verbosity: Verbosity) -> i32 {
    let mut code = EXIT_OK;
    for manifest_path in collections(&req.paths) {
        let mut diags = Diagnostics::new();
        let bar = (verbosity != Verbosity::Quiet)
            .then(super::progress::Bar::start)
            .flatten();
        let result = build::build(&manifest_path, &req.build, &mut diags);
        if let Some(bar) = bar {
            bar.finish();
        }
        print_diagnostics(&diags, verbosity);
        let c = match result {
            Ok(built) => {
                if req.build.stats {
                    if let Some(stats) = &built.stats {
                        eprint!("{}", stats.report());
                    }
                    eprint!("{}", built.profile.report());
                }
                if verbosity != Verbosity::Quiet {
                    for path in &built.written {
                        eprintln!("wrote {}", path.display());
                    }
                    for path in &built.removed {
                        eprintln!(
                            "removed {} (its article is no longer in the book)",
                            path.display()
                        );
                    }
                }
                EXIT_OK
            }
            Err(e) => {
                eprintln!("{}: {e}", manifest_path.display());
                match e {
                    Failure::Input { .. } => EXIT_INPUT,
                    Failure::Output(_) => EXIT_OUTPUT,
                }
            }
        };
        code = code.max(c);
    }
    code
}

/// What `folio build` was asked: the collections and the build request for each.
#[derive(Debug, Clone)]
pub struct BuildArgs {
    /// Collections (folders or manifests); empty means the current folder.
    pub paths: Vec<PathBuf>,
    /// The request passed to the driver.
    pub build: Request,
}
