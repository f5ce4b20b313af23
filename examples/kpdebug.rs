use folio::typeset::{fonts::*, hyphenate::*, para::*};
fn main() {
    let mut d = folio::Diagnostics::new();
    let f = Fonts::load(&Default::default(), std::path::Path::new("x"), &mut d);
    let h = Hyphenator::new(&[]);
    let doc = folio::markdown::read_file(
        std::path::Path::new(&std::env::args().nth(1).unwrap()),
        &mut d,
    )
    .unwrap();
    let spec = Spec {
        measure: 333.0,
        indent: 10.5,
        align: Align::Justify,
        style: Style::new(Family::Regular, 10.5),
        lang: Lang::from_tag("en"),
        hyph: &h,
        prefix: "a",
        color_links: false,
    };
    for b in &doc.blocks {
        if let folio::Block::Paragraph { content, .. } = b {
            let p = collect(&f, &spec, content);
            let br = p.breaks(333.0);
            let rs: Vec<String> = br
                .lines
                .iter()
                .map(|l| format!("{:.2}{}", l.ratio, if l.hyphen { "-" } else { "" }))
                .collect();
            println!("pass {} : {}", br.pass, rs.join(" "));
            if br.pass == 3 {
                println!("   {}", folio::model::plain_text(content));
                let g = folio::typeset::linebreak::greedy(p.elems(), 333.0, true);
                let rs: Vec<String> = g
                    .lines
                    .iter()
                    .map(|l| format!("{:.2}{}", l.ratio, if l.hyphen { "-" } else { "" }))
                    .collect();
                println!("   greedy {}", rs.join(" "));
                let n = p
                    .elems()
                    .iter()
                    .filter(|e| {
                        matches!(
                            e,
                            folio::typeset::linebreak::Elem::Penalty { flagged: true, .. }
                        )
                    })
                    .count();
                println!(
                    "   hyphen points {n} minimax r {:.2}",
                    minimax(p.elems(), 333.0)
                );
            }
        }
    }
}

#[allow(dead_code)]
pub fn minimax(e: &[folio::typeset::linebreak::Elem], m: f64) -> f64 {
    use folio::typeset::linebreak::Elem;
    let n = e.len();
    let brk: Vec<usize> = (0..n)
        .filter(|&i| match e[i] {
            Elem::Glue { .. } => i > 0 && matches!(e[i - 1], Elem::Box { .. }),
            Elem::Penalty { penalty, .. } => penalty < 10000.0,
            _ => false,
        })
        .collect();
    let start_of = |at: usize| {
        let mut i = at;
        if at > 0 {
            i += 1;
        }
        while i < n && !matches!(e[i], Elem::Box { .. }) {
            i += 1
        }
        i
    };
    let mut best = vec![f64::INFINITY; n];
    let mut starts = vec![(0usize, 0.0f64)];
    for &j in &brk {
        let mut b = f64::INFINITY;
        for &(s, v) in &starts {
            let (mut w, mut st, mut sh) = (0.0, 0.0, 0.0);
            for k in s..j {
                match e[k] {
                    Elem::Box { width } => w += width,
                    Elem::Glue {
                        width,
                        stretch,
                        shrink,
                    } => {
                        w += width;
                        st += stretch;
                        sh += shrink
                    }
                    _ => {}
                }
            }
            if let Elem::Penalty { width, .. } = e[j] {
                w += width;
            }
            let r = if m >= w {
                (m - w) / st.max(1e-9)
            } else {
                (m - w) / sh.max(1e-9)
            };
            if r < -1.0 {
                continue;
            }
            let r = if j == n - 1 { 0.0 } else { r };
            b = b.min(v.max(r));
        }
        best[j] = b;
        if b.is_finite() {
            starts.push((start_of(j), b));
        }
    }
    best[n - 1]
}
