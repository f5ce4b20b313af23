//! The build driver: **plan** what to make, **load** the collection once (the manifest as
//! configuration, then the articles through the model passes), **lay it out** once when any
//! output needs the print pages, **render** every output in memory, and **write** them all
//! or none. The CLI calls this and prints what it returns; nothing here prints.
//!
//! One print layout serves the PDF and the EPUB's page-list; the page starts reach the EPUB
//! writer as neutral [`PageStart`]s, so neither backend imports the other.

mod cache;
mod offprints;

pub use cache::Session;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::collection::{self, ArticleCache, Collection, ReadTimes};
use crate::diag::{Diagnostics, Error};
use crate::pagination::PageStart;
use crate::typeset::reuse::FlowCache;
use crate::typeset::{Layout, Stats};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// EPUB 3 e-book.
    Epub,
    /// Print-ready PDF.
    Pdf,
    /// The print cover spread (`<name>-cover.pdf`), sized from the PDF's page count.
    Cover,
}

/// The formats a build makes when none are named: EPUB and PDF, and the print cover when
/// the manifest has a `[cover]` table.
pub fn default_formats(c: &Collection) -> Vec<Format> {
    let mut f = vec![Format::Epub, Format::Pdf];
    if c.print_cover.is_some() {
        f.push(Format::Cover);
    }
    f
}

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Formats to write (repeats are ignored); none means [`default_formats`].
    pub formats: Vec<Format>,
    /// Also write a proof of the cover with trim, fold and safe lines
    /// (`<name>-cover-guides.pdf`).
    pub cover_guides: bool,
    /// Output folder; default `<collection>/out/`.
    pub out_dir: Option<PathBuf>,
    /// Collect the print layout's statistics.
    pub stats: bool,
    /// Write a frame dump beside the PDF.
    pub dump_frames: bool,
    /// Write each article's offprint too, whatever the manifest says.
    pub offprints: bool,
    /// How to load the collection.
    pub load: LoadOptions,
}

/// How a collection is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The folder every file the book names must be inside; default the manifest's folder.
    pub root: Option<PathBuf>,
    /// A draft: an image that cannot be used is a warning, and a placeholder naming it
    /// stands in both outputs, instead of an error.
    pub draft: bool,
}

/// Why the print layout is made, if at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutUse {
    /// No output needs it.
    None,
    /// The PDF is made: its warnings are the user's.
    Print,
    /// Only the EPUB's page-list or the cover's page count needs it: the print edition's
    /// warnings belong to a PDF build and are not repeated.
    PageListOnly,
}

/// What a build of one collection makes, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The EPUB's path, when it is made.
    pub epub: Option<PathBuf>,
    /// The PDF's path, when it is made.
    pub pdf: Option<PathBuf>,
    /// The frame dump's path, when it is made.
    pub frames: Option<PathBuf>,
    /// The print cover's path, when it is made.
    pub cover: Option<PathBuf>,
    /// The cover proof with guides, when it is made.
    pub cover_guides: Option<PathBuf>,
    /// Whether and why the book is laid out.
    pub layout: LayoutUse,
    /// Whether the EPUB carries the print edition's page-list.
    pub page_list: bool,
    /// The folder of the articles' offprints (in each format the book is made in), when
    /// they are made.
    pub offprints: Option<PathBuf>,
}

/// Plans the outputs of `c` for `req`.
pub fn plan(c: &Collection, req: &Request) -> Plan {
    let out_dir = req.out_dir.clone().unwrap_or_else(|| c.root.join("out"));
    let stem = output_stem(c);
    let formats = if req.formats.is_empty() {
        default_formats(c)
    } else {
        req.formats.clone()
    };
    let wants = |f: Format| formats.contains(&f);
    let path = |ext: &str| out_dir.join(format!("{stem}.{ext}"));
    let pdf = wants(Format::Pdf).then(|| path("pdf"));
    let epub = wants(Format::Epub).then(|| path("epub"));
    let cover = (wants(Format::Cover) || req.cover_guides)
        .then(|| out_dir.join(format!("{stem}-cover.pdf")));
    let cover_guides = (cover.is_some() && req.cover_guides)
        .then(|| out_dir.join(format!("{stem}-cover-guides.pdf")));
    let page_list = epub.is_some() && c.epub.page_list;
    let layout = if pdf.is_some() {
        LayoutUse::Print
    } else if page_list || cover.is_some() {
        LayoutUse::PageListOnly
    } else {
        LayoutUse::None
    };
    let offprints = ((c.offprints || req.offprints) && (pdf.is_some() || epub.is_some()))
        .then(|| out_dir.join(format!("{stem}{}", crate::output::OFFPRINTS_FOLDER)));
    Plan {
        offprints,
        frames: (pdf.is_some() && req.dump_frames).then(|| path("frames.txt")),
        cover,
        cover_guides,
        epub,
        pdf,
        layout,
        page_list,
    }
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

/// Where a build's time went, for `--stats`.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Loading the collection, wall time.
    pub load: Duration,
    /// Reading markdown and the passes, summed over threads.
    pub read: ReadTimes,
    /// The print layout, wall time (its stages are in the layout's statistics).
    pub layout: Option<Duration>,
    /// Rendering the PDF, wall time.
    pub pdf: Option<Duration>,
    /// Rendering the EPUB, wall time.
    pub epub: Option<Duration>,
    /// Rendering the cover, wall time.
    pub cover: Option<Duration>,
    /// Rendering the offprints, wall time.
    pub offprints: Option<Duration>,
    /// Pages of the PDF written as the book was laid out (see [`crate::pdf::stream`]).
    pub pdf_streamed: usize,
}

impl Profile {
    /// The profile as printed by `--stats`.
    pub fn report(&self) -> String {
        let secs = |d: Duration| d.as_secs_f64();
        let mut s = format!(
            "build profile:\n  load: {:.3} s (read {:.3} s and passes {:.3} s, summed over threads)\n",
            secs(self.load),
            secs(self.read.read),
            secs(self.read.passes)
        );
        let stages = [
            ("print layout", self.layout),
            ("write PDF", self.pdf),
            ("write EPUB", self.epub),
            ("write cover", self.cover),
            ("write offprints", self.offprints),
        ];
        for (name, d) in stages {
            if let Some(d) = d {
                s.push_str(&format!("  {name}: {:.3} s\n", secs(d)));
            }
        }
        if self.pdf_streamed > 0 {
            let n = self.pdf_streamed;
            s.push_str(&format!(
                "  PDF pages written as the book was laid out: {n}\n"
            ));
        }
        s
    }
}

/// Loads the collection at `path` (a folder or its manifest): the manifest, then every
/// article. `None` when the manifest cannot be used; every problem is in `diags`.
pub fn load(path: &Path, diags: &mut Diagnostics) -> Option<Collection> {
    load_with(path, &LoadOptions::default(), diags).map(|(c, _)| c)
}

/// [`load`] with options, also giving the time spent reading and in the passes (the
/// assets pass counted with the passes).
pub fn load_with(
    path: &Path,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> Option<(Collection, ReadTimes)> {
    load_reusing(path, opts, None, diags)
}

/// [`load_with`], taking the articles whose files are unchanged from `cache`.
fn load_reusing(
    path: &Path,
    opts: &LoadOptions,
    cache: Option<&mut ArticleCache>,
    diags: &mut Diagnostics,
) -> Option<(Collection, ReadTimes)> {
    let manifest = crate::manifest::load(path, opts.root.as_deref(), diags)?;
    let (mut c, mut times) = collection::read_reusing(manifest, cache, diags);
    let t = Instant::now();
    crate::assets::run(&mut c, opts.draft, diags);
    times.passes += t.elapsed();
    Some((c, times))
}

/// The print edition's page starts for the EPUB's page-list, laid out quietly (the print
/// layout's warnings belong to a PDF build); `None` when the page-list is off.
pub fn page_starts(c: &Collection) -> Option<Vec<PageStart>> {
    c.epub.page_list.then(|| {
        let mut scratch = Diagnostics::new();
        crate::typeset::layout(c, &mut scratch).page_starts
    })
}

/// The EPUB's files as a build of `c` makes them (the page-list laid out when it is on, the
/// build date resolved), before zipping: for tests and tools that read the EPUB's parts.
pub fn epub_files(c: &Collection, diags: &mut Diagnostics) -> Result<crate::epub::Book, Error> {
    let starts = page_starts(c);
    let date = crate::dates::BuildDate::for_collection(c, diags);
    let cover = made_cover(c);
    crate::epub::build_files(c, starts.as_deref(), cover.as_deref(), date, diags)
}

/// The EPUB's typographic cover, when the manifest names no cover image: the print
/// front's lines as an SVG.
pub fn made_cover(c: &Collection) -> Option<String> {
    c.cover.is_none().then(|| crate::cover::svg::front(c))
}

/// Every planned output, rendered in memory.
#[derive(Debug, Default)]
pub struct Rendered {
    /// (path, bytes) of every file to write, in plan order.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// The print layout's statistics, when the book was laid out.
    pub stats: Option<Stats>,
    /// The print layout, when the book was laid out: for tools that check what was set
    /// ([`render`] keeps its pages; a build lets the PDF free them as it writes them).
    pub layout: Option<Layout>,
}

/// Renders every output `plan` names. Diagnostics go to `diags`; an output that cannot be
/// made is an error, and then nothing should be written.
pub fn render(
    c: &Collection,
    plan: &Plan,
    profile: &mut Profile,
    diags: &mut Diagnostics,
) -> Result<Rendered, Error> {
    render_reusing(c, plan, (profile, None), Pages::Kept, diags)
}

/// Whether a render's layout keeps its pages' frames once the outputs are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pages {
    /// Kept in [`Rendered::layout`] for the caller.
    Kept,
    /// Freed by the PDF as it writes them, when nothing else made needs them (a build,
    /// which writes the files and drops the layout).
    Freed,
}

/// [`render`], taking the flows of articles set as before from a cache when one is given.
fn render_reusing(
    c: &Collection,
    plan: &Plan,
    (profile, flows): (&mut Profile, Option<&mut FlowCache>),
    pages: Pages,
    diags: &mut Diagnostics,
) -> Result<Rendered, Error> {
    let mut out = Rendered::default();
    let date = crate::dates::BuildDate::for_collection(c, diags);
    // When nothing after the PDF needs the pages' frames, the PDF takes them and frees
    // each once written; it writes the body's as they are laid out, when it can.
    let keep = pages == Pages::Kept || plan.offprints.is_some() || plan.frames.is_some();
    let mut stream = (plan.pdf.is_some() && !keep)
        .then(|| crate::pdf::stream::Stream::for_book(c))
        .flatten();
    let sink = stream
        .as_mut()
        .map(|s| s as &mut dyn crate::typeset::PageSink);
    let mut layout = lay_out(c, plan, (profile, flows), sink, (&mut out, diags));
    profile.pdf_streamed = stream.as_ref().map_or(0, |s| s.pages());
    // An offprint's pages are the book's: most are deflated once, for the book.
    let memo = (plan.offprints.is_some() && plan.pdf.is_some())
        .then(crate::pdf::memo::remember_book)
        .flatten();
    let printed = (layout.as_ref())
        .filter(|_| plan.cover.is_some())
        .map(|l| crate::pdf::printed_pages(l, &crate::pdf::Setup::for_print(&c.print)));
    let taken = (layout.as_mut())
        .filter(|_| plan.pdf.is_some() && !keep)
        .map(|l| {
            (
                std::mem::take(&mut l.pages),
                std::mem::take(&mut l.structure),
            )
        });
    let (epub, pdf) = epub_and_pdf(c, plan, (layout.as_ref(), taken, stream), date, profile);
    if let Some(m) = &memo {
        m.written();
    }
    if let Some((path, bytes, d)) = epub {
        diags.extend(d);
        out.files.push((path, bytes?));
    }
    if let (Some(frames), Some(layout), true) = (&plan.frames, &layout, pdf.is_some()) {
        let dump = crate::typeset::dump(layout).into_bytes();
        out.files.push((frames.clone(), dump));
    }
    if let Some((path, bytes, d)) = pdf {
        diags.extend(d);
        out.files.push((path, bytes?));
    }
    if let (Some(path), Some(printed)) = (&plan.cover, printed) {
        crate::progress::stage("writing the cover", "", None);
        let t = Instant::now();
        cover(
            c,
            printed,
            (path, plan.cover_guides.as_ref()),
            date,
            &mut out,
            diags,
        )?;
        profile.cover = Some(t.elapsed());
    }
    if let Some(dir) = &plan.offprints {
        let t = Instant::now();
        let made = offprints::Made {
            layout: layout.as_ref(),
            pdf: plan.pdf.is_some(),
            epub: plan.epub.is_some(),
            page_list: plan.page_list,
        };
        for (path, bytes, d) in offprints::all(c, dir, &made, date)? {
            diags.extend(d);
            out.files.push((path, bytes?));
        }
        profile.offprints = Some(t.elapsed());
    }
    out.layout = layout;
    Ok(out)
}

/// A rendered output: its path, its bytes (or why it could not be made) and what making it
/// reported.
type Output = (PathBuf, Result<Vec<u8>, Error>, Diagnostics);

/// What the PDF takes out of a layout it alone still needs: its pages and structure tree.
type Taken = (
    Vec<crate::typeset::Page>,
    crate::typeset::structure::Structure,
);

/// The EPUB and the PDF `plan` names, made at the same time (they share nothing but the
/// book and its layout), each with its own diagnostics so that they keep their order.
fn epub_and_pdf(
    c: &Collection,
    plan: &Plan,
    (layout, taken, stream): (
        Option<&Layout>,
        Option<Taken>,
        Option<crate::pdf::stream::Stream>,
    ),
    date: Option<crate::dates::BuildDate>,
    profile: &mut Profile,
) -> (Option<Output>, Option<Output>) {
    crate::progress::stage("writing the EPUB and the PDF", "", None);
    let (epub, pdf) = rayon::join(
        || {
            plan.epub.as_ref().map(|path| {
                let starts = (layout.filter(|_| plan.page_list)).map(|l| l.page_starts.as_slice());
                let cover = made_cover(c);
                timed(path, |d| {
                    crate::epub::build(c, starts, cover.as_deref(), date, d)
                })
            })
        },
        || {
            (plan.pdf.as_ref().zip(layout)).map(|(path, layout)| {
                timed(path, |d| match (taken, stream) {
                    (Some((pages, tree)), Some(s)) => s.render((layout, pages, tree), date, d),
                    (Some(taken), None) => crate::pdf::render_taking(c, layout, taken, date, d),
                    (None, _) => crate::pdf::render(c, layout, date, d),
                })
            })
        },
    );
    profile.epub = epub.as_ref().map(|(_, t)| *t);
    profile.pdf = pdf.as_ref().map(|(_, t)| *t);
    (epub.map(|(o, _)| o), pdf.map(|(o, _)| o))
}

/// The output at `path` as `make` makes it, with the time it took.
fn timed(
    path: &Path,
    make: impl FnOnce(&mut Diagnostics) -> Result<Vec<u8>, Error>,
) -> (Output, Duration) {
    let t = Instant::now();
    let mut d = Diagnostics::new();
    let bytes = make(&mut d);
    ((path.to_path_buf(), bytes, d), t.elapsed())
}

/// The print cover at `paths.0` for an interior of `pages` printed pages (which set the
/// spine), and its proof with guides at `paths.1` when asked for.
fn cover(
    c: &Collection,
    pages: usize,
    paths: (&PathBuf, Option<&PathBuf>),
    date: Option<crate::dates::BuildDate>,
    out: &mut Rendered,
    diags: &mut Diagnostics,
) -> Result<(), Error> {
    let bytes = crate::cover::render(c, pages, false, date, diags)?;
    out.files.push((paths.0.clone(), bytes));
    if let Some(guides) = paths.1 {
        let mut quiet = Diagnostics::new();
        let bytes = crate::cover::render(c, pages, true, date, &mut quiet)?;
        out.files.push((guides.clone(), bytes));
    }
    Ok(())
}

fn lay_out(
    c: &Collection,
    plan: &Plan,
    (profile, flows): (&mut Profile, Option<&mut FlowCache>),
    sink: Option<&mut dyn crate::typeset::PageSink>,
    (out, diags): (&mut Rendered, &mut Diagnostics),
) -> Option<Layout> {
    let t = Instant::now();
    let (layout, stats) = match plan.layout {
        LayoutUse::None => return None,
        LayoutUse::Print => crate::typeset::layout_reusing(c, (flows, sink), diags),
        LayoutUse::PageListOnly => {
            crate::typeset::layout_reusing(c, (flows, sink), &mut Diagnostics::new())
        }
    };
    profile.layout = Some(t.elapsed());
    out.stats = Some(stats);
    Some(layout)
}

/// What a build made.
#[derive(Debug, Default)]
pub struct Built {
    /// The files written, in plan order.
    pub written: Vec<PathBuf>,
    /// Offprints of an earlier build this one replaced with nothing (their article was
    /// removed or renamed), removed.
    pub removed: Vec<PathBuf>,
    /// Where the time went.
    pub profile: Profile,
    /// The print layout's statistics, when the book was laid out.
    pub stats: Option<Stats>,
}

/// Why a build wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The input has errors; each is in the diagnostics.
    #[error("not built: {errors} error(s)")]
    Input {
        /// How many.
        errors: usize,
    },
    /// An output could not be made or written.
    #[error("not built: {0}")]
    Output(#[source] Error),
}

/// Builds the collection at `path` as `req` asks: everything, or nothing when any error is
/// found (files of an earlier build are then left as they were).
pub fn build(path: &Path, req: &Request, diags: &mut Diagnostics) -> Result<Built, Failure> {
    build_reusing(path, req, Caches::default(), diags)
}

/// What a build may take from the builds before it (nothing by default).
#[derive(Default)]
struct Caches<'a> {
    articles: Option<&'a mut ArticleCache>,
    flows: Option<&'a mut FlowCache>,
}

/// [`build`], taking what is unchanged from `caches`.
fn build_reusing(
    path: &Path,
    req: &Request,
    caches: Caches,
    diags: &mut Diagnostics,
) -> Result<Built, Failure> {
    if req.stats {
        crate::typeset::timing::measure(true);
    }
    let (c, mut rendered, profile) = prepare(path, req, caches, diags)?;
    let layout = rendered.layout.take();
    crate::output::write_all(&rendered.files).map_err(Failure::Output)?;
    // The book's pages and model are freed beside what follows, not before the files
    // are written: a watch rebuild's outputs appear as soon as they can.
    drop_aside((layout, c));
    let written: Vec<PathBuf> = rendered.files.into_iter().map(|(p, _)| p).collect();
    let removed = crate::output::remove_stale_offprints(&written);
    Ok(Built {
        written,
        removed,
        profile,
        stats: rendered.stats,
    })
}

/// Drops `held` on a thread of its own: freeing a book's pages and model takes a tenth of
/// a watch rebuild, and nothing waits for it.
fn drop_aside<T: Send + 'static>(held: T) {
    // When no thread can be made, the closure, and `held` with it, is dropped here.
    let _ = std::thread::Builder::new()
        .name("folio-free".into())
        .spawn(move || drop(held));
}

/// Everything a build of every format does except writing: `folio check` runs this, so it
/// fails exactly when a build would. Gives the collection it read, when the manifest could
/// be used, whether or not the check passed.
pub fn check(
    path: &Path,
    load: &LoadOptions,
    diags: &mut Diagnostics,
) -> (Option<Collection>, Result<(), Failure>) {
    let started = Instant::now();
    let Some((c, read)) = load_with(path, load, diags) else {
        return (None, Err(input_failed(diags)));
    };
    let req = Request {
        formats: Vec::new(),
        load: load.clone(),
        ..Request::default()
    };
    let mut profile = Profile {
        load: started.elapsed(),
        read,
        ..Profile::default()
    };
    let result = finish(&c, &req, (&mut profile, None), diags).map(|_| ());
    (Some(c), result)
}

fn input_failed(diags: &Diagnostics) -> Failure {
    Failure::Input {
        errors: diags.error_count().max(1),
    }
}

/// Plans and renders a loaded collection, unless loading found errors.
fn finish(
    c: &Collection,
    req: &Request,
    profile: (&mut Profile, Option<&mut FlowCache>),
    diags: &mut Diagnostics,
) -> Result<Rendered, Failure> {
    if diags.has_errors() {
        return Err(input_failed(diags));
    }
    let plan = plan(c, req);
    let rendered = render_reusing(c, &plan, profile, Pages::Freed, diags);
    if diags.has_errors() {
        // An output that stopped on an input error says so in `diags` already.
        return Err(input_failed(diags));
    }
    rendered.map_err(Failure::Output)
}

/// Loads, plans and renders every output in memory; fails on any error in `diags`.
fn prepare(
    path: &Path,
    req: &Request,
    caches: Caches,
    diags: &mut Diagnostics,
) -> Result<(Collection, Rendered, Profile), Failure> {
    let started = Instant::now();
    let (mut c, read) =
        load_reusing(path, &req.load, caches.articles, diags).ok_or_else(|| input_failed(diags))?;
    c.offprints |= req.offprints;
    let mut profile = Profile {
        load: started.elapsed(),
        read,
        ..Profile::default()
    };
    let rendered = finish(&c, req, (&mut profile, caches.flows), diags)?;
    Ok((c, rendered, profile))
}
