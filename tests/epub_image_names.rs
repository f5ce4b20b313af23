//! Images of the same file name in different articles: the EPUB's articles are written in
//! parallel, each naming its images on its own, and an article whose names the book's
//! differ from (another file of that name came first) is written again. Whatever the order
//! the threads ran in, each file is in the book once, under the name its first use gave it.

mod common;

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage};

fn png(shade: u8) -> Vec<u8> {
    let img = RgbImage::from_fn(40, 20, |x, _| Rgb([shade, (x * 6) as u8, 90]));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::from(img)
        .write_to(&mut out, ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

#[test]
fn images_of_one_name_in_different_articles_keep_the_names_their_first_use_gave() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("book");
    for sub in ["one", "two"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let (first, second) = (png(10), png(200));
    std::fs::write(dir.join("one/fig.png"), &first).unwrap();
    std::fs::write(dir.join("two/fig.png"), &second).unwrap();
    std::fs::write(
        dir.join("collection.toml"),
        "title = \"Tides\"\nauthors = [\"Ona Reyes\"]\narticles = [\"a.md\", \"b.md\", \"c.md\"]\n",
    )
    .unwrap();
    let article = |title: &str, src: &str| {
        format!("---\ntitle: {title}\n---\n\n![A chart of the bay]({src})\n\nThe tide turned.\n")
    };
    std::fs::write(dir.join("a.md"), article("North", "one/fig.png")).unwrap();
    std::fs::write(dir.join("b.md"), article("South", "two/fig.png")).unwrap();
    std::fs::write(dir.join("c.md"), article("North again", "one/fig.png")).unwrap();

    let (book, _) = common::epub_of(&dir);
    let text = |name: &str| {
        (book.entries.iter())
            .find(|e| e.path.ends_with(name))
            .map(|e| String::from_utf8_lossy(&e.bytes).into_owned())
            .unwrap_or_else(|| panic!("no {name} in the book"))
    };
    assert!(text("/article-01.xhtml").contains("\"images/fig.png\""));
    assert!(
        text("/article-02.xhtml").contains("\"images/fig-2.png\""),
        "the second file of the name is numbered"
    );
    assert!(text("/article-03.xhtml").contains("\"images/fig.png\""));
    let file = |name: &str| {
        (book.entries.iter())
            .find(|e| e.path.ends_with(name))
            .map(|e| e.bytes.clone())
            .unwrap_or_else(|| panic!("no {name} in the book"))
    };
    assert_eq!(file("/images/fig.png"), first);
    assert_eq!(file("/images/fig-2.png"), second);
    let images = (book.entries.iter()).filter(|e| e.path.contains("/images/fig"));
    assert_eq!(images.count(), 2, "each file once");
}
