//! The command line: argument definitions (clap derive) and dispatch to one module per
//! subcommand. Printing of diagnostics and progress lives here, at the edge.

mod build;
mod check;
mod inspect;
mod new;
mod progress;
mod watch;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::{Diagnostics, Severity};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: the input has errors (each one printed with file:line:col).
pub const EXIT_INPUT: i32 = 1;
/// Exit code: bad command-line usage.
pub const EXIT_USAGE: i32 = 2;
/// Exit code: an output could not be produced or written.
pub const EXIT_OUTPUT: i32 = 3;

/// Folio turns a collection of markdown articles into an EPUB 3 and a print-ready PDF.
#[derive(Debug, Parser)]
#[command(
    name = "folio",
    version,
    about,
    after_help = "Exit codes:\n  0  success\n  1  the input has errors (each printed as file:line:col)\n  2  bad command-line usage\n  3  an output format is unavailable or could not be written"
)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print notes (what was inferred) and progress detail.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// EPUB 3 e-book.
    Epub,
    /// Print-ready PDF.
    Pdf,
    /// The print cover spread, sized from the PDF's page count.
    Cover,
}

impl From<Format> for crate::build::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Epub => crate::build::Format::Epub,
            Format::Pdf => crate::build::Format::Pdf,
            Format::Cover => crate::build::Format::Cover,
        }
    }
}

/// Folio's subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a collection (a folder or its collection.toml); a folder holding several
    /// collections builds each.
    Build {
        /// Collections to build (default: the current folder).
        paths: Vec<PathBuf>,
        /// What to build and how.
        #[command(flatten)]
        opts: BuildOpts,
    },
    /// Build a collection, then build it again whenever a file it reads changes (the
    /// manifest, an article, an image, a bibliography, a font or the stylesheet); Ctrl-C stops.
    Watch {
        /// The collection (folder or collection.toml; default: the current folder).
        path: Option<PathBuf>,
        /// What to build and how.
        #[command(flatten)]
        opts: BuildOpts,
    },
    /// Parse everything and print every diagnostic; exit 1 on any error.
    Check {
        /// The collection (folder or collection.toml).
        path: PathBuf,
        /// Allow files anywhere inside DIR (default: only inside the collection's folder).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// Check a proof: images that cannot be used are warnings, as `build --draft` has them.
        #[arg(long)]
        draft: bool,
    },
    /// Scaffold a new collection with one article that builds.
    New {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Show an article's metadata (as read or inferred) and an outline of its blocks.
    Inspect {
        /// The markdown file.
        file: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// The options `build` and `watch` share.
#[derive(Debug, Clone, clap::Args)]
pub struct BuildOpts {
    /// Formats to build, comma-separated (default: epub and pdf, and cover when the
    /// manifest has a `[cover]` table).
    #[arg(long, value_delimiter = ',')]
    format: Vec<Format>,
    /// Also write `<name>-cover-guides.pdf`: the cover with its trim (red), fold (blue)
    /// and safe (green) lines, for checking by eye.
    #[arg(long)]
    cover_guides: bool,
    /// Output folder (default: `<collection>/out/`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print layout statistics for the print edition.
    #[arg(long)]
    stats: bool,
    /// Also write a text dump of the print edition's frames (`<name>.frames.txt`).
    #[arg(long)]
    dump_frames: bool,
    /// Allow files anywhere inside DIR (default: only inside the collection's folder).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// A proof: images that cannot be used are warnings, with a placeholder naming
    /// each in both outputs.
    #[arg(long)]
    draft: bool,
    /// Also write each article as its own PDF (and EPUB) in `<name>-offprints/`, its
    /// pages as the book has them (also `[offprints] enabled = true`).
    #[arg(long)]
    offprints: bool,
}

impl From<BuildOpts> for crate::build::Request {
    fn from(o: BuildOpts) -> Self {
        crate::build::Request {
            formats: o.format.into_iter().map(Into::into).collect(),
            cover_guides: o.cover_guides,
            out_dir: o.out,
            stats: o.stats,
            dump_frames: o.dump_frames,
            offprints: o.offprints,
            load: crate::build::LoadOptions {
                root: o.root,
                draft: o.draft,
            },
        }
    }
}

/// How much to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Errors and warnings.
    Normal,
    /// Everything, including notes.
    Verbose,
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    match cli.command {
        Command::Build { paths, opts } => build::run(
            &build::BuildArgs {
                paths,
                build: opts.into(),
            },
            verbosity,
        ),
        Command::Watch { path, opts } => watch::run(path, &opts.into(), verbosity),
        Command::Check { path, root, draft } => {
            check::run(&path, &crate::build::LoadOptions { root, draft }, verbosity)
        }
        Command::New { dir } => new::run(&dir, verbosity),
        Command::Inspect { file, json } => inspect::run(&file, json, verbosity),
    }
}

/// Prints the diagnostics that `verbosity` lets through, to standard error.
pub fn print_diagnostics(diags: &Diagnostics, verbosity: Verbosity) {
    for d in diags.items() {
        let show = match d.severity {
            Severity::Error => true,
            Severity::Warning => verbosity != Verbosity::Quiet,
            Severity::Note => verbosity == Verbosity::Verbose,
        };
        if show {
            eprintln!("{d}");
        }
    }
}
