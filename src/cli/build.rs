//! `folio build`: load each collection, then write each requested format.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{print_diagnostics, Format, Verbosity, EXIT_INPUT, EXIT_OK, EXIT_OUTPUT};
use crate::diag::Diagnostics;
use crate::manifest::{self, Collection};

/// Arguments of `folio build`.
#[derive(Debug, Clone)]
pub struct BuildArgs {
    /// Collections (folders or manifests); empty means the current folder.
    pub paths: Vec<PathBuf>,
    /// Formats to write.
    pub formats: Vec<Format>,
    /// Output folder; default `<collection>/out/`.
    pub out: Option<PathBuf>,
    /// Print print-layout statistics.
    pub stats: bool,
    /// Write a frame dump beside the PDF.
    pub dump_frames: bool,
}

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

/// The base file name for a collection's outputs: its folder's name.
pub fn output_stem(c: &Collection) -> String {
    let folder = c.root.canonicalize().unwrap_or_else(|_| c.root.clone());
    folder
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty() && *n != ".")
        .map(str::to_string)
        .unwrap_or_else(|| crate::passes::slug(&c.title))
}

/// Runs `folio build`.
pub fn run(args: &BuildArgs, verbosity: Verbosity) -> i32 {
    let mut code = EXIT_OK;
    for manifest_path in collections(&args.paths) {
        let c = build_one(&manifest_path, args, verbosity);
        code = code.max(c);
    }
    code
}

fn build_one(manifest_path: &Path, args: &BuildArgs, verbosity: Verbosity) -> i32 {
    let mut diags = Diagnostics::new();
    let started = Instant::now();
    let (collection, load_times) = manifest::load_timed(manifest_path, &mut diags);
    let read_time = started.elapsed();
    let mut profile = Profile {
        load: read_time,
        read: load_times.read,
        passes: load_times.passes,
        ..Profile::default()
    };
    let Some(collection) = collection.filter(|_| !diags.has_errors()) else {
        print_diagnostics(&diags, verbosity);
        eprintln!(
            "{}: not built: {} error(s)",
            manifest_path.display(),
            diags.error_count()
        );
        return EXIT_INPUT;
    };
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| collection.root.join("out"));
    let stem = output_stem(&collection);
    let mut code = EXIT_OK;
    let mut formats = args.formats.clone();
    formats.dedup();
    // One print layout serves the PDF and the EPUB's page-list.
    let mut layout = formats.contains(&Format::Pdf).then(|| {
        let t = Instant::now();
        let opts = crate::typeset::Options { stats: args.stats };
        let r = crate::typeset::layout(&collection, &opts, &mut diags);
        profile.layout = Some(t.elapsed());
        r
    });
    for format in formats {
        let result = match format {
            Format::Epub => {
                let path = out_dir.join(format!("{stem}.epub"));
                let t = Instant::now();
                let r = match &layout {
                    Some(Ok(l)) => {
                        let starts = collection
                            .epub
                            .page_list
                            .then_some(l.page_starts.as_slice());
                        crate::epub::write_with_pages(&collection, &path, starts, &mut diags)
                    }
                    // Without a print layout here, the EPUB makes the one its page-list needs.
                    _ => crate::epub::write(&collection, &path, &mut diags),
                };
                profile.epub = Some(t.elapsed());
                r.map(|_| path)
            }
            Format::Pdf => {
                if let Some(Ok(l)) = &layout {
                    write_pdf(
                        &collection,
                        l,
                        &out_dir,
                        &stem,
                        args,
                        &mut profile,
                        &mut diags,
                    )
                } else {
                    match layout.take() {
                        Some(Err(e)) => Err(e),
                        _ => unreachable!("a PDF build lays the book out"),
                    }
                }
            }
        };
        match result {
            Ok(path) => {
                if verbosity != Verbosity::Quiet {
                    eprintln!("wrote {}", path.display());
                }
            }
            Err(e) => {
                eprintln!("{}: {format:?}: {e}", manifest_path.display());
                if let crate::Error::Invalid(list) = &e {
                    for d in list {
                        eprintln!("{d}");
                    }
                }
                code = code.max(EXIT_OUTPUT);
            }
        }
    }
    if verbosity == Verbosity::Verbose {
        eprintln!("read and passes: {:.3} s", read_time.as_secs_f64());
    }
    if args.stats {
        eprint!("{}", profile.report());
    }
    print_diagnostics(&diags, verbosity);
    if diags.has_errors() {
        code = code.max(EXIT_INPUT);
    }
    code
}

fn write_pdf(
    collection: &Collection,
    layout: &crate::typeset::Layout,
    out_dir: &Path,
    stem: &str,
    args: &BuildArgs,
    profile: &mut Profile,
    diags: &mut Diagnostics,
) -> crate::Result<PathBuf> {
    if args.dump_frames {
        let dump_path = out_dir.join(format!("{stem}.frames.txt"));
        crate::output::write_atomic(&dump_path, crate::typeset::dump(layout).as_bytes())?;
    }
    let path = out_dir.join(format!("{stem}.pdf"));
    let t = Instant::now();
    crate::pdf::write(collection, layout, &path, diags)?;
    profile.pdf = Some(t.elapsed());
    Ok(path)
}

/// Where a build's time went, for `--stats`.
#[derive(Debug, Default)]
struct Profile {
    /// Loading the collection, wall time.
    load: Duration,
    /// Reading markdown, summed over threads.
    read: Duration,
    /// The model passes, summed over threads.
    passes: Duration,
    /// The print layout, wall time (its stages are in the layout report).
    layout: Option<Duration>,
    /// Writing the PDF, wall time.
    pdf: Option<Duration>,
    /// Writing the EPUB, wall time.
    epub: Option<Duration>,
}

impl Profile {
    fn report(&self) -> String {
        let secs = |d: Duration| d.as_secs_f64();
        let mut s = format!(
            "build profile:\n  load: {:.3} s (read {:.3} s and passes {:.3} s, summed over threads)\n",
            secs(self.load),
            secs(self.read),
            secs(self.passes)
        );
        let stages = [
            ("print layout", self.layout),
            ("write PDF", self.pdf),
            ("write EPUB", self.epub),
        ];
        for (name, d) in stages {
            if let Some(d) = d {
                s.push_str(&format!("  {name}: {:.3} s\n", secs(d)));
            }
        }
        s
    }
}
