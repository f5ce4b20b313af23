//! The assets pass: every image an article names, the manifest's cover and the collection's
//! own EPUB stylesheet are resolved, read through the sandbox ([`crate::files::Root`]: inside
//! the root, regular files only, under the size caps), checked and prepared once, after the
//! articles are read and before any backend runs. Both backends read its results from
//! [`Collection::assets`]; neither opens a user file.
//!
//! One policy per problem, the same for both outputs: an image that cannot be used is an
//! error at the place that names it ([`Problem`]), or, in a draft build, a warning, and both
//! outputs show a placeholder naming it. Results are kept by use — the article's file and
//! the `src` as written, which is what a backend meets in the model — and each file once,
//! by the path it was first named by, which is what the print layout's frames carry.

mod image;
mod problem;
mod svg;
mod uses;
mod vector;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::collection::Collection;
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::files::{Kind, Root};

pub use problem::{Problem, MAX_PIXELS};
pub use uses::percent_decode;
use uses::{Role, Use};
pub use vector::Vector;

/// The pixels of a checked print image, decoded within the same limits the check used.
pub fn decode_print(print: &PrintImage) -> Result<::image::DynamicImage, String> {
    let format = match print.format {
        Format::Jpeg => ::image::ImageFormat::Jpeg,
        _ => ::image::ImageFormat::Png,
    };
    image::decode(&print.bytes, format).map_err(|p| p.message("", None))
}

/// An image format Folio takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Format {
    /// PNG: both outputs.
    Png,
    /// JPEG: both outputs.
    Jpeg,
    /// GIF: the EPUB; PNG for print.
    Gif,
    /// WebP: the EPUB; PNG for print.
    WebP,
    /// BMP: PNG for both.
    Bmp,
    /// TIFF: PNG for both.
    Tiff,
    /// SVG: made safe for the EPUB, vector content in print.
    Svg,
}

impl Format {
    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::Gif => "image/gif",
            Format::WebP => "image/webp",
            Format::Bmp => "image/bmp",
            Format::Tiff => "image/tiff",
            Format::Svg => "image/svg+xml",
        }
    }

    /// The file extensions of the format, the usual one first.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Png => &["png"],
            Format::Jpeg => &["jpg", "jpeg"],
            Format::Gif => &["gif"],
            Format::WebP => &["webp"],
            Format::Bmp => &["bmp"],
            Format::Tiff => &["tif", "tiff"],
            Format::Svg => &["svg"],
        }
    }
}

/// An image's bytes in one format.
#[derive(Debug, Clone)]
pub struct Encoded {
    /// The format of `bytes`.
    pub format: Format,
    /// The bytes.
    pub bytes: Arc<Vec<u8>>,
}

/// An image as the print edition places it: a PNG or a JPEG of a known pixel size.
#[derive(Debug, Clone)]
pub struct PrintImage {
    /// [`Format::Png`] or [`Format::Jpeg`].
    pub format: Format,
    /// The file's bytes.
    pub bytes: Arc<Vec<u8>>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl PrintImage {
    fn new(format: Format, bytes: Arc<Vec<u8>>, decoded: &::image::DynamicImage) -> Self {
        PrintImage {
            format,
            bytes,
            width: decoded.width(),
            height: decoded.height(),
        }
    }
}

/// One image file, checked, in the forms the outputs take.
#[derive(Debug, Clone)]
pub struct ImageFile {
    /// Where it was found, by the path it was first named by (relative to the article's
    /// folder, joined): the print layout's frames name it by this path.
    pub path: PathBuf,
    /// The file's own format.
    pub format: Format,
    /// What the EPUB carries.
    pub epub: Encoded,
    /// What print places of a raster image; `None` for an SVG.
    pub print: Option<PrintImage>,
    /// What print places of an SVG: its drawing as a PDF form.
    pub vector: Option<Arc<Vector>>,
    /// An animation, of which print shows the first frame.
    pub animated: bool,
}

/// What a backend finds for an image it meets.
#[derive(Debug, Clone, Copy)]
pub enum Found<'a> {
    /// A checked file.
    File(&'a ImageFile),
    /// Nothing usable (reported by the pass; a draft build goes on): a placeholder naming
    /// the image as written stands in its place.
    Placeholder(&'a str),
}

/// The checked images, cover and stylesheet of a collection.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Every usable file, in order of first use.
    files: Vec<ImageFile>,
    /// Files by [`ImageFile::path`].
    by_path: BTreeMap<PathBuf, usize>,
    /// Usable images by (article file, `src` as written).
    uses: BTreeMap<(PathBuf, String), usize>,
    /// The cover: a file, or the path it was named by when it cannot be used.
    cover: Option<Result<usize, String>>,
    /// The printed front's own image: a file, or the path it was named by.
    front_image: Option<Result<usize, String>>,
    /// The collection's own EPUB stylesheet, when it has one.
    stylesheet: Option<String>,
}

impl Assets {
    /// No assets (for layouts outside any collection).
    pub const fn new() -> Assets {
        Assets {
            files: Vec::new(),
            by_path: BTreeMap::new(),
            uses: BTreeMap::new(),
            cover: None,
            front_image: None,
            stylesheet: None,
        }
    }

    /// The image `src` as written in the article at `article`.
    pub fn image<'a>(&'a self, article: &Path, src: &'a str) -> Found<'a> {
        match self.uses.get(&(article.to_path_buf(), src.to_string())) {
            Some(&i) => Found::File(&self.files[i]),
            None => Found::Placeholder(src),
        }
    }

    /// The file a print frame names.
    pub fn file(&self, path: &Path) -> Option<&ImageFile> {
        self.by_path.get(path).map(|&i| &self.files[i])
    }

    /// Every usable file, in order of first use.
    pub fn files(&self) -> &[ImageFile] {
        &self.files
    }

    /// The cover, when the book names one.
    pub fn cover(&self) -> Option<Found<'_>> {
        self.cover.as_ref().map(|c| match c {
            Ok(i) => Found::File(&self.files[*i]),
            Err(shown) => Found::Placeholder(shown),
        })
    }

    /// The printed front's own image (`[cover] front-image`), when the book names one.
    pub fn front_image(&self) -> Option<Found<'_>> {
        self.front_image.as_ref().map(|c| match c {
            Ok(i) => Found::File(&self.files[*i]),
            Err(shown) => Found::Placeholder(shown),
        })
    }

    /// The collection's own EPUB stylesheet (`epub.css` beside the manifest), if any.
    pub fn stylesheet(&self) -> Option<&str> {
        self.stylesheet.as_deref()
    }

    /// Reads and checks the image at `path` inside `root` and keeps it for frames that
    /// name it by this path (layouts built by hand; the pass adds a collection's own).
    pub fn add_file(&mut self, path: &Path, root: &Root) -> Result<&ImageFile, Problem> {
        let file = read_and_check(path, root)?;
        let i = self.keep(file);
        Ok(&self.files[i])
    }

    fn keep(&mut self, file: ImageFile) -> usize {
        if let Some(&i) = self.by_path.get(&file.path) {
            return i;
        }
        self.by_path.insert(file.path.clone(), self.files.len());
        self.files.push(file);
        self.files.len() - 1
    }
}

fn read_and_check(path: &Path, root: &Root) -> Result<ImageFile, Problem> {
    let bytes = root.read(path, Kind::Image).map_err(Problem::File)?;
    image::check(path, bytes)
}

/// The file name of a collection's own EPUB stylesheet, beside its manifest.
pub const CSS_OVERRIDE: &str = "epub.css";

/// Runs the pass over `c`: resolves and checks every image use, the cover and the
/// stylesheet, and keeps the results in `c.assets`. With `draft`, an image that cannot be
/// used is a warning (a placeholder stands in for it) instead of an error.
pub fn run(c: &mut Collection, draft: bool, diags: &mut Diagnostics) {
    let uses = uses::gather(c);
    // Each file once, however many places name it (by its resolved path when it has one).
    let mut jobs: Vec<PathBuf> = Vec::new();
    let mut job_of: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let use_jobs: Vec<Option<usize>> = (uses.iter())
        .map(|u| {
            let path = u.target.as_ref().ok()?;
            let key = path.canonicalize().unwrap_or_else(|_| path.clone());
            Some(*job_of.entry(key).or_insert_with(|| {
                jobs.push(path.clone());
                jobs.len() - 1
            }))
        })
        .collect();
    let root = c.sandbox.clone();
    let checked: Vec<Result<ImageFile, Problem>> = jobs
        .par_iter()
        .map(|path| read_and_check(path, &root))
        .collect();
    let mut pass = Pass {
        draft,
        assets: Assets::new(),
        jobs: checked.into_iter().map(Job::Checked).collect(),
        said: Vec::new(),
    };
    for (u, job) in uses.into_iter().zip(use_jobs) {
        let found = pass.settle(&u, job, diags);
        match u.role {
            Role::Cover => pass.assets.cover = Some(found.ok_or(u.src)),
            Role::FrontImage => pass.assets.front_image = Some(found.ok_or(u.src)),
            Role::Article => {
                if let Some(i) = found {
                    pass.assets.uses.insert((u.article, u.src), i);
                }
            }
        }
    }
    pass.assets.stylesheet = stylesheet(c, diags);
    c.assets = pass.assets;
}

/// One file's state in the pass.
enum Job {
    /// Checked, not yet met in reading order.
    Checked(Result<ImageFile, Problem>),
    /// Kept at this index of the assets.
    Kept(usize),
    /// Not usable.
    Failed(Problem),
    /// Being moved from one state to the next.
    Moving,
}

/// The pass's state while it walks the uses in reading order.
struct Pass {
    draft: bool,
    assets: Assets,
    jobs: Vec<Job>,
    /// What was said of which file, so each file's problem is reported once.
    said: Vec<(usize, Said)>,
}

/// What the pass has said about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Said {
    /// Its problem, for a use of this role.
    Problem(Role),
    /// That print shows its first frame.
    Animated,
}

impl Pass {
    /// Decides the use `u` of file `job` (none when it names no file): the index of the
    /// file to use, or `None` after reporting why there is none.
    fn settle(&mut self, u: &Use, job: Option<usize>, diags: &mut Diagnostics) -> Option<usize> {
        let (path, job) = match (&u.target, job) {
            (Ok(path), Some(job)) => (path, job),
            _ => {
                let problem = u.target.as_ref().err().unwrap_or(&Problem::NoPath);
                report(self.draft, &u.span, &u.src, None, problem, diags);
                return None;
            }
        };
        if let Job::Checked(_) = self.jobs[job] {
            let Job::Checked(result) = std::mem::replace(&mut self.jobs[job], Job::Moving) else {
                unreachable!("matched above")
            };
            self.jobs[job] = match result {
                Ok(file) => Job::Kept(self.assets.keep(file)),
                Err(problem) => Job::Failed(problem),
            };
        }
        let in_article = u.role == Role::Article;
        let problem = match &self.jobs[job] {
            Job::Kept(i) => {
                let i = *i;
                if in_article && self.assets.files[i].animated && self.first(job, Said::Animated) {
                    diags.warning(
                        u.span.clone(),
                        format!(
                            "image {} is animated; the print edition shows its first frame",
                            path.display()
                        ),
                        "choose the frame print should show and save it as a PNG, if the first is not it",
                    );
                }
                return Some(i);
            }
            Job::Failed(problem) => problem,
            Job::Checked(_) | Job::Moving => unreachable!("settled above"),
        };
        if !self.said.contains(&(job, Said::Problem(u.role))) {
            report(self.draft, &u.span, &u.src, Some(path), problem, diags);
            self.said.push((job, Said::Problem(u.role)));
        }
        None
    }

    /// Whether `what` is said of `job` for the first time (and notes it).
    fn first(&mut self, job: usize, what: Said) -> bool {
        let first = !self.said.contains(&(job, what));
        if first {
            self.said.push((job, what));
        }
        first
    }
}

/// Reports `problem` for the image `src` (at `path`, when it is a file) named at `span`: an
/// error, or a warning in a draft build.
fn report(
    draft: bool,
    span: &Span,
    src: &str,
    path: Option<&Path>,
    problem: &Problem,
    diags: &mut Diagnostics,
) {
    let message = problem.message(src, path);
    if draft {
        diags.push(Diagnostic::warning(
            span.clone(),
            format!("{message} (a placeholder stands in for it in this draft)"),
            problem.hint(),
        ));
    } else {
        diags.error(span.clone(), message, problem.hint());
    }
}

/// The collection's own stylesheet, read through the sandbox; `None` when it has none. One
/// that cannot be used (not a regular file, outside the root, too large, not UTF-8) is an
/// error: the book would not look as its editor made it.
fn stylesheet(c: &Collection, diags: &mut Diagnostics) -> Option<String> {
    let path = c.root.join(CSS_OVERRIDE);
    let span = Span::file(&path);
    match c.sandbox.read(&path, Kind::Stylesheet) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(css) => Some(css),
            Err(_) => {
                diags.error(
                    span,
                    "the collection's stylesheet is not UTF-8 text",
                    "save it as UTF-8",
                );
                None
            }
        },
        Err(crate::files::Problem::Missing) => None,
        Err(p) => {
            diags.error(span, p.message(Kind::Stylesheet, &path), p.hint());
            None
        }
    }
}
