//! An in-process fuzzer for whole builds, on stable Rust. Each case is a small collection:
//! markdown made from a grammar of constructs nested at random (notes in every block
//! context, lists in quotes in lists, tables, code, raw HTML, odd links and images), a
//! manifest with random values, or a sample article with its bytes mutated. The library
//! loads and renders it in memory (no process per case); the invariants are:
//!
//! - no panic, and no case over the time cap;
//! - either the build fails with located errors (every error names its file), or both
//!   outputs are complete (every note's words are in the EPUB's XHTML and on the print
//!   pages) and well formed (every XHTML file parses as XML, the PDF renders).
//!
//! Used by `tests/fuzz_slice.rs` (a short slice with a fixed seed, in CI) and by
//! `examples/fuzz.rs` (`bench/fuzz SECONDS`).
#![allow(dead_code)]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use arbitrary::Unstructured;

#[path = "../layout_check/mod.rs"]
mod layout_check;
use folio::build::{self, Format, Request};
use folio::diag::{Diagnostics, Severity};
use folio::model::{notes_in, plain_text, visit_inlines, Block, Inline, Note};
use unicode_normalization::UnicodeNormalization;

/// The seed of the slice CI runs.
pub const CI_SEED: u64 = 20261206;

/// The most processor time a case's thread may use before the case counts as a failure
/// (a hang). Processor time, so that a thread starved by other work does not trip it.
pub const TIME_CAP: Duration = Duration::from_secs(10);

/// The most wall time a case may take, whatever the load: a last guard should a case's work
/// leave its one-thread pool (see [`run`]), where its processor time would not be counted.
pub const WALL_CAP: Duration = Duration::from_secs(120);

/// The processor time the calling thread has used, where the system says
/// (`/proc/thread-self/schedstat` on Linux).
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// A deterministic source of bytes for `arbitrary` (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// One generated collection.
#[derive(Debug, Clone)]
pub struct Case {
    /// The manifest's text.
    pub manifest: String,
    /// (file name under `articles/`, text) for each article.
    pub articles: Vec<(String, Vec<u8>)>,
    /// How the case was made, for reports.
    pub kind: &'static str,
}

/// What a case did.
#[derive(Debug)]
pub enum Outcome {
    /// Both outputs were made and hold everything.
    Built,
    /// The build stopped with located errors.
    Refused,
    /// An invariant failed: what and why.
    Failed(String),
    /// The case's files could not be written, so it was not run.
    Unwritten(String),
}

/// Makes case number `n` of the run seeded `seed`.
pub fn case(seed: u64, n: u64) -> Case {
    let mut rng = Rng::new(seed ^ n.wrapping_mul(0xA24B_AED4_963E_E407));
    let bytes = rng.bytes(4096);
    let mut u = Unstructured::new(&bytes);
    match n % 10 {
        0 => manifest_case(&mut u),
        1 => mutated_case(&mut u, &mut rng),
        _ => markdown_case(&mut u),
    }
}

const WORDS: &[&str] = &[
    "harbour",
    "tide",
    "ledger",
    "council",
    "grain",
    "отчёт",
    "Straße",
    "naïve",
    "water-rate",
    "2026",
    "x²",
    "",
    "—",
    "“quoted”",
    "a",
    "supercalifragilisticexpialidocious",
    "ﬁ",
    "e\u{301}",
    "\u{200b}",
    "tab\there",
    "<b>",
    "&amp;",
    "*",
    "_",
    "`",
    "$x$",
    "[",
    "]",
];

fn pick<'a, T>(u: &mut Unstructured, list: &'a [T]) -> &'a T {
    let i = u.choose_index(list.len()).unwrap_or(0);
    &list[i]
}

fn words(u: &mut Unstructured, max: usize) -> String {
    let n = u.int_in_range(1..=max).unwrap_or(1);
    let v: Vec<&str> = (0..n).map(|_| *pick(u, WORDS)).collect();
    v.join(" ")
}

/// Generates markdown with notes in random block contexts and random nesting.
/// The image every case's articles may show: a 2 × 2 PNG beside them.
const IMAGE_NAME: &str = "figure.png";
const IMAGE: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 253, 212, 154, 115, 0, 0, 0, 17, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 68, 12,
    96, 242, 63, 0, 27, 242, 3, 253, 243, 231, 75, 177, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96,
    130,
];

struct Markdown<'u, 'b> {
    u: &'u mut Unstructured<'b>,
    notes: u32,
    out: String,
    /// Writing a note's text, where a further note is called less often (chains deeper
    /// than notes may nest are a located error, and a right answer, but most cases should
    /// build).
    in_note: bool,
}

impl Markdown<'_, '_> {
    fn inline(&mut self, depth: u32) -> String {
        let choice = if depth > 4 {
            0
        } else {
            self.u.int_in_range(0..=12).unwrap_or(0)
        };
        match choice {
            0..=3 => words(self.u, 6),
            4 => format!("*{}*", self.inline(depth + 1)),
            5 => format!("**{}**", self.inline(depth + 1)),
            6 => format!("`{}`", words(self.u, 2)),
            7 => {
                let url = *pick(
                    self.u,
                    &[
                        "https://example.org/a b",
                        "javascript:alert(1)",
                        "#nowhere",
                        "100%",
                        "mailto:x@example.org",
                        "b.md",
                        "",
                        "data:text/html,hi",
                    ],
                );
                format!("[{}]({url})", self.inline(depth + 1))
            }
            8 => format!(
                "<https://example.org/{}>",
                self.u.int_in_range(0..=99).unwrap_or(0)
            ),
            9 | 10 if self.in_note && !self.u.ratio(1, 4).unwrap_or(false) => words(self.u, 3),
            9 | 10 => {
                self.notes += 1;
                let n = self.notes;
                format!("[^n{n}]")
            }
            11 => format!("^{}^ ~{}~", words(self.u, 1), words(self.u, 1)),
            // An image: the case's own small PNG, now and then one that is not there.
            _ if self.u.ratio(1, 10).unwrap_or(false) => {
                if self.u.ratio(1, 20).unwrap_or(false) {
                    format!("![{}](missing-{}.png)", words(self.u, 2), self.notes)
                } else {
                    format!("![{}]({IMAGE_NAME})", words(self.u, 2))
                }
            }
            _ => words(self.u, 3),
        }
    }

    fn line(&mut self, depth: u32) -> String {
        let n = self.u.int_in_range(1..=4).unwrap_or(1);
        (0..n)
            .map(|_| self.inline(depth))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn block(&mut self, prefix: &str, depth: u32) {
        let choice = if depth > 6 {
            0
        } else {
            self.u.int_in_range(0..=9).unwrap_or(0)
        };
        match choice {
            0..=2 => {
                let l = self.line(depth);
                self.push(prefix, &l);
            }
            3 => {
                let level = "#".repeat(self.u.int_in_range(1..=6).unwrap_or(2));
                let l = self.line(depth);
                self.push(prefix, &format!("{level} {l}"));
            }
            4 => {
                let inner = format!("{prefix}> ");
                for _ in 0..self.u.int_in_range(1..=2).unwrap_or(1) {
                    self.block(&inner, depth + 1);
                }
            }
            5 | 6 => {
                let marker = *pick(self.u, &["- ", "1. ", "* ", "- [ ] ", "- [x] "]);
                for _ in 0..self.u.int_in_range(1..=3).unwrap_or(1) {
                    let l = self.line(depth);
                    self.push(prefix, &format!("{marker}{l}"));
                    if self.u.ratio(1, 3).unwrap_or(false) {
                        let inner = format!("{prefix}{}", " ".repeat(marker.len()));
                        self.block(&inner, depth + 1);
                    }
                }
            }
            7 => {
                let cols = self.u.int_in_range(1..=4).unwrap_or(2);
                let row = |m: &mut Self| -> String {
                    let cells: Vec<String> = (0..cols).map(|_| m.inline(depth + 1)).collect();
                    format!("| {} |", cells.join(" | ").replace('|', "/"))
                };
                let head = row(self);
                self.push(prefix, &head);
                self.push(prefix, &format!("|{}", "---|".repeat(cols)));
                for _ in 0..self.u.int_in_range(1..=3).unwrap_or(1) {
                    let r = row(self);
                    self.push(prefix, &r);
                }
            }
            8 => {
                self.push(prefix, "```");
                let w = words(self.u, 12);
                self.push(prefix, &w);
                self.push(prefix, "```");
            }
            _ => {
                let html = *pick(
                    self.u,
                    &[
                        "<div>raw</div>",
                        "<script>x()</script>",
                        "<a href=\"javascript:x\">a</a>",
                        "---",
                        "$$\\frac{1}{2}$$",
                    ],
                );
                self.push(prefix, html);
            }
        }
        self.push(prefix.trim_end(), "");
    }

    fn push(&mut self, prefix: &str, line: &str) {
        self.out.push_str(prefix);
        self.out.push_str(line);
        self.out.push('\n');
    }

    fn definitions(&mut self) {
        let mut n = 0;
        self.in_note = true;
        // A note's text may call further notes (defined in turn), up to a point.
        while n < self.notes {
            n += 1;
            // Leave one in forty undefined: a located error is a right answer too.
            if self.u.ratio(1, 40).unwrap_or(false) {
                continue;
            }
            let depth = if self.notes > 30 { 5 } else { 3 };
            let body = self.line(depth);
            self.out.push_str(&format!("[^n{n}]: {body}\n"));
            if self.u.ratio(1, 4).unwrap_or(false) {
                let more = self.line(3);
                self.out.push_str(&format!("\n    {more}\n"));
            }
            self.out.push('\n');
        }
    }
}

fn article(u: &mut Unstructured) -> Vec<u8> {
    let mut m = Markdown {
        u,
        notes: 0,
        out: String::new(),
        in_note: false,
    };
    if m.u.ratio(2, 3).unwrap_or(true) {
        let title = words(m.u, 4).replace(['"', '\\'], "");
        let lang = *pick(
            m.u,
            &[
                "en",
                "ru",
                "de",
                "fr",
                "en-GB",
                "uk",
                "en",
                "ru",
                "xx-invalid!",
            ],
        );
        m.out.push_str(&format!(
            "---\ntitle: \"{title}\"\nlang: \"{lang}\"\n---\n\n"
        ));
    }
    for _ in 0..m.u.int_in_range(1..=8).unwrap_or(3) {
        m.block("", 0);
    }
    m.definitions();
    m.out.into_bytes()
}

fn markdown_case(u: &mut Unstructured) -> Case {
    let n = u.int_in_range(1..=2).unwrap_or(1);
    let articles: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| (format!("{}.md", (b'a' + i) as char), article(u)))
        .collect();
    let list: Vec<String> = articles
        .iter()
        .map(|(f, _)| format!("\"articles/{f}\""))
        .collect();
    Case {
        manifest: format!(
            "title = \"Fuzz\"\neditors = [\"Ona Reyes\"]\ndate = \"2026-11-01\"\narticles = [{}]\n",
            list.join(", ")
        ),
        articles,
        kind: "markdown",
    }
}

fn manifest_case(u: &mut Unstructured) -> Case {
    let text = |u: &mut Unstructured| {
        pick(
            u,
            &[
                "\"Crosscurrents\"",
                "\"\"",
                "\"  \"",
                "\"Отчёт\"",
                "2026-11-01",
                "3",
                "[]",
            ],
        )
        .to_string()
    };
    let length = |u: &mut Unstructured| {
        pick(
            u,
            &[
                "\"0.75in\"",
                "\"0\"",
                "\"-1in\"",
                "\"100in\"",
                "\"3mm\"",
                "\"1e9in\"",
                "\"nan in\"",
                "12",
            ],
        )
        .to_string()
    };
    let mut m = format!("title = {}\n", text(u));
    if u.ratio(1, 2).unwrap_or(false) {
        m.push_str(&format!(
            "language = {}\n",
            pick(
                u,
                &["\"en\"", "\"ru\"", "\"\"", "\"e n\"", "\"de-CH-1996\""]
            )
        ));
    }
    if u.ratio(1, 2).unwrap_or(false) {
        m.push_str(&format!("editors = [{}]\n", text(u)));
    }
    m.push_str(&format!("identifier = {}\n", text(u)));
    if u.ratio(1, 5).unwrap_or(false) {
        m.push_str("articles = []\n");
    } else {
        m.push_str("articles = [\"articles/a.md\"]\n");
    }
    m.push_str("[print]\n");
    let keys = [
        "trim",
        "bleed",
        "margin-inner",
        "margin-outer",
        "margin-top",
        "margin-bottom",
    ];
    for key in keys {
        if u.ratio(1, 2).unwrap_or(false) {
            let v = if key == "trim" {
                pick(
                    u,
                    &[
                        "\"6in x 9in\"",
                        "\"a5\"",
                        "\"2in x 3in\"",
                        "\"1000in x 1000in\"",
                        "\"0 x 0\"",
                        "\"a6\"",
                    ],
                )
                .to_string()
            } else {
                length(u)
            };
            m.push_str(&format!("{key} = {v}\n"));
        }
    }
    if u.ratio(1, 2).unwrap_or(false) {
        m.push_str(&format!(
            "font-size = {}\n",
            pick(u, &["6", "24", "10.5", "0", "-3", "1e308", "\"x\""])
        ));
    }
    if u.ratio(1, 3).unwrap_or(false) {
        m.push_str(&format!(
            "preset = {}\n",
            pick(
                u,
                &[
                    "\"ingram\"",
                    "\"proof\"",
                    "\"screen\"",
                    "\"kdp\"",
                    "\"lulu\""
                ]
            )
        ));
    }
    Case {
        manifest: m,
        articles: vec![("a.md".to_string(), article(u))],
        kind: "manifest",
    }
}

/// A sample article with bytes flipped, cut, or chunks repeated.
fn mutated_case(u: &mut Unstructured, rng: &mut Rng) -> Case {
    let samples = sample_articles();
    let mut bytes = pick(u, &samples).clone();
    for _ in 0..u.int_in_range(1..=8).unwrap_or(1) {
        if bytes.is_empty() {
            break;
        }
        let at = (rng.next() as usize) % bytes.len();
        match rng.next() % 4 {
            0 => bytes[at] = rng.next() as u8,
            1 => {
                let len = ((rng.next() as usize) % 64).min(bytes.len() - at);
                bytes.drain(at..at + len);
            }
            2 => {
                let len = ((rng.next() as usize) % 64).min(bytes.len() - at);
                let chunk: Vec<u8> = bytes[at..at + len].to_vec();
                bytes.splice(at..at, chunk);
            }
            _ => {
                let s = *pick(
                    u,
                    &[
                        "[^z]",
                        "> ",
                        "\n\n|a|b|\n|-|-|\n|[^z]|x|\n",
                        "*",
                        "\r",
                        "```\n",
                        "<",
                        "$$",
                    ],
                );
                bytes.splice(at..at, s.bytes());
            }
        }
    }
    Case {
        manifest: "title = \"Mutant\"\neditors = [\"Ona Reyes\"]\narticles = [\"articles/a.md\"]\n"
            .to_string(),
        articles: vec![("a.md".to_string(), bytes)],
        kind: "mutation",
    }
}

fn sample_articles() -> Vec<Vec<u8>> {
    thread_local! {
        static SAMPLES: Vec<Vec<u8>> = {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("books");
            let mut v = Vec::new();
            for book in ["sample-anthology/articles", "sample-book/chapters"] {
                let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(book))
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "md"))
                    .collect();
                files.sort();
                v.extend(files.iter().filter_map(|f| std::fs::read(f).ok()));
            }
            v
        };
    }
    SAMPLES.with(|s| s.clone())
}

/// Writes `case` into `dir` (emptied first).
pub fn write(case: &Case, dir: &Path) {
    try_write(case, dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
}

/// [`write`], giving the error instead of panicking.
pub fn try_write(case: &Case, dir: &Path) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("articles"))?;
    std::fs::write(dir.join("collection.toml"), &case.manifest)?;
    std::fs::write(dir.join("articles").join(IMAGE_NAME), IMAGE)?;
    for (name, text) in &case.articles {
        std::fs::write(dir.join("articles").join(name), text)?;
    }
    Ok(())
}

thread_local! {
    /// Each fuzzing thread's own one-thread pool: the case's parallel work (layout, the PDF
    /// writer's pages) runs on that one thread, so its processor time is the case's.
    static POOL: rayon::ThreadPool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
}

/// Runs `case` in `dir` and judges it. A case that cannot be written (a full disk) is not
/// run: that is the machine, not the book, and the caller may try again.
pub fn run(case: &Case, dir: &Path) -> Outcome {
    run_timed(case, dir).0
}

/// [`run`], and the processor time the case used.
pub fn run_timed(case: &Case, dir: &Path) -> (Outcome, Duration) {
    if let Err(e) = try_write(case, dir) {
        return (Outcome::Unwritten(e.to_string()), Duration::ZERO);
    }
    let started = Instant::now();
    let (result, cpu) = POOL.with(|pool| {
        pool.install(|| {
            let cpu = thread_cpu();
            let result = catch_unwind(AssertUnwindSafe(|| judge(dir)));
            (result, cpu.zip(thread_cpu()))
        })
    });
    let wall = started.elapsed();
    let used = cpu.map_or(wall, |(a, b)| b.saturating_sub(a));
    let outcome = match result {
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Outcome::Failed(format!("panic: {msg}"))
        }
        Ok(_) if used > TIME_CAP || wall > WALL_CAP => {
            Outcome::Failed(format!("took {used:?} of processor time ({wall:?} in all)"))
        }
        Ok(o) => o,
    };
    (outcome, used)
}

fn judge(dir: &Path) -> Outcome {
    let mut diags = Diagnostics::new();
    let loaded = build::load(dir, &mut diags);
    let Some(c) = loaded.filter(|_| !diags.has_errors()) else {
        return located(&diags);
    };
    let req = Request {
        formats: vec![Format::Epub, Format::Pdf],
        ..Request::default()
    };
    let plan = build::plan(&c, &req);
    let mut profile = build::Profile::default();
    let rendered = build::render(&c, &plan, &mut profile, &mut diags);
    if diags.has_errors() {
        return located(&diags);
    }
    let rendered = match rendered {
        Ok(r) => r,
        Err(e) => return Outcome::Failed(format!("an output failed without an input error: {e}")),
    };
    let Some(epub) = rendered
        .files
        .iter()
        .find(|(p, _)| p.extension() == Some("epub".as_ref()))
    else {
        return Outcome::Failed("no EPUB was made".to_string());
    };
    let Some(layout) = &rendered.layout else {
        return Outcome::Failed("the book was not laid out".to_string());
    };
    match epub_text(&epub.1) {
        Ok(xhtml) => complete(&c, &xhtml, layout),
        Err(why) => Outcome::Failed(why),
    }
}

/// A refusal is right only when every error names its file.
fn located(diags: &Diagnostics) -> Outcome {
    let bad: Vec<String> = diags
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error && d.span.file.as_os_str().is_empty())
        .map(|d| d.to_string())
        .collect();
    if std::env::var_os("FUZZ_WHY").is_some() {
        for d in diags
            .items()
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            eprintln!("refused: {}", d.message);
        }
    }
    if bad.is_empty() {
        Outcome::Refused
    } else {
        Outcome::Failed(format!("errors without a place: {bad:?}"))
    }
}

/// Lower-case letters and digits only: what survives hyphenation, quotes and markup. The
/// text is NFKC-normalized first, so a formula's math italic 𝑥 (what print sets for `$x$`)
/// and a ligature ﬁ compare as the letters they stand for.
fn letters(s: &str) -> String {
    s.nfkc()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// [`letters`] without digits: print adds a link's reference number after its text
/// ("example.org[2]"), so print is compared without them.
fn no_digits(s: &str) -> String {
    s.chars().filter(|c| !c.is_ascii_digit()).collect()
}

/// The text of every XHTML, OPF and NCX file of the EPUB `bytes`, as [`letters`]; an
/// error when the archive cannot be read or a file does not parse as XML.
fn epub_text(bytes: &[u8]) -> Result<String, String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("the EPUB is not a zip archive: {e}"))?;
    let mut xhtml = String::new();
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("EPUB entry {i}: {e}"))?;
        let name = entry.name().to_string();
        if ![".xhtml", ".opf", ".ncx"].iter().any(|x| name.ends_with(x)) {
            continue;
        }
        let mut text = String::new();
        entry
            .read_to_string(&mut text)
            .map_err(|e| format!("{name} cannot be read as UTF-8: {e}"))?;
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(&text, opts)
            .map_err(|err| format!("{name} does not parse: {err}"))?;
        for n in doc.descendants().filter(|n| n.is_text()) {
            xhtml.push_str(n.text().unwrap_or(""));
            xhtml.push(' ');
        }
    }
    Ok(letters(&xhtml))
}

/// The print text as [`letters`] without digits: the body of every page, then the notes of
/// every page (below the note rule), so that a note broken across a page turn, even inside a
/// hyphenated word, reads as one.
fn print_text(c: &folio::Collection, layout: &folio::typeset::Layout) -> String {
    let measure = layout_check::measure(c);
    let (mut body, mut notes) = (String::new(), String::new());
    for page in &layout.pages {
        let rule = layout_check::note_rule(page, measure);
        for (p, item) in &page.items {
            if let folio::typeset::frame::Item::Glyphs(run) = item {
                let into = if rule.is_some_and(|y| p.y > y) {
                    &mut notes
                } else {
                    &mut body
                };
                into.push_str(run.text());
            }
        }
    }
    body.push_str(&notes);
    no_digits(&letters(&body))
}

fn complete(c: &folio::Collection, xhtml: &str, layout: &folio::typeset::Layout) -> Outcome {
    let print = print_text(c, layout);
    for a in c.articles() {
        let mut notes: Vec<&Note> = Vec::new();
        visit_inlines(&a.doc.blocks, true, &mut |run| {
            notes_in(run, &mut |n| notes.push(n))
        });
        for note in notes {
            for word in note_words(&note.blocks) {
                if !xhtml.contains(&word) {
                    return Outcome::Failed(format!(
                        "note {} word {word:?} is not in the EPUB",
                        note.number
                    ));
                }
                if !print.contains(&no_digits(&word)) {
                    return Outcome::Failed(format!(
                        "note {} word {word:?} is not in print",
                        note.number
                    ));
                }
            }
        }
    }
    Outcome::Built
}

/// `run` without its images, whose alt text is an attribute in the EPUB and the picture
/// itself in print, never text; and with each piece of raw HTML as a space, since the EPUB
/// may show a tag it refuses as text (with a warning) where print leaves it out, so words
/// on either side of one are compared apart.
fn without_images(run: &[Inline]) -> Vec<Inline> {
    let inner = |c: &Vec<Inline>| without_images(c);
    run.iter()
        .filter(|i| !matches!(i, Inline::Image { .. }))
        .map(|i| match i {
            Inline::RawHtml(_) => Inline::Text(" ".to_string()),
            Inline::Emph(c) => Inline::Emph(inner(c)),
            Inline::Strong(c) => Inline::Strong(inner(c)),
            Inline::Strike(c) => Inline::Strike(inner(c)),
            Inline::Superscript(c) => Inline::Superscript(inner(c)),
            Inline::Subscript(c) => Inline::Subscript(inner(c)),
            Inline::Link {
                target,
                title,
                content,
                reference,
                pos,
            } => Inline::Link {
                target: target.clone(),
                title: title.clone(),
                content: inner(content),
                reference: *reference,
                pos: *pos,
            },
            other => other.clone(),
        })
        .collect()
}

fn note_words(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    visit_inlines(blocks, false, &mut |run| {
        out.extend(
            plain_text(&without_images(run))
                .split_whitespace()
                .map(letters)
                .filter(|w| !w.is_empty()),
        );
    });
    out
}
