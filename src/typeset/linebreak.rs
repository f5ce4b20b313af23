//! Line breaking over boxes, glue and penalties: Knuth–Plass total fit in four passes
//! (without hyphenation, with it, with emergency stretch, and a final one that accepts any
//! line that fits), at most [`MAX_CONSECUTIVE_HYPHENS`] hyphenated lines in a row, for
//! justified lines (spaces and, a little, letters adjust) and for ragged ones (natural
//! spaces, an even right edge). Every line is priced by one set of demerit rules,
//! `line_demerits`; [`testing`] holds a greedy first-fit breaker priced by them too, for
//! tests and benchmarks.

mod run;
#[doc(hidden)]
pub mod testing;

use run::Run;

/// A penalty at or below this forces a break (TeX's −10000).
pub const FORCED: f64 = -10_000.0;
/// A penalty at or above this forbids a break (TeX's 10000).
pub const FORBIDDEN: f64 = 10_000.0;

/// First pass, no hyphenation: TeX's `\pretolerance` — accept only lines at most slightly
/// loose (|r| ≤ 1), so most paragraphs are set without a single hyphen.
pub const PRETOLERANCE: f64 = 100.0;
/// Second pass, with hyphenation: r up to about 1.14, below TeX's `\tolerance` of 200
/// (r ≈ 1.26): with letters tracking, a paragraph that needs looser lines than this is
/// better served by one more hyphen, and the emergency pass is still there.
pub const TOLERANCE: f64 = 150.0;
/// Added to each line's stretch in the third pass, in ems of the body size: TeX's
/// `\emergencystretch` for narrow measures, about 1.5 em spread over a line's spaces.
pub const EMERGENCY_STRETCH_EM: f64 = 1.5;
/// Added to every line's badness before squaring: TeX's `\linepenalty`; a higher value
/// prefers fewer lines.
pub const LINE_PENALTY: f64 = 10.0;
/// Cost of breaking at a hyphen: Typst's 135 rather than TeX's 50, because 50 hyphenates too
/// eagerly in a book measure and we rank few hyphens above perfect spacing. Dearer still
/// (200, 300) bought few hyphens fewer on the sample books for many more loose lines.
pub const HYPHEN_PENALTY: f64 = 135.0;
/// Extra cost of two hyphenated lines in a row: TeX's `\doublehyphendemerits`.
pub const DOUBLE_HYPHEN_DEMERITS: f64 = 10_000.0;
/// Extra cost of a hyphen on the second-to-last line (a word split over the last line):
/// TeX's `\finalhyphendemerits`.
pub const FINAL_HYPHEN_DEMERITS: f64 = 5_000.0;
/// Extra cost of adjacent lines more than one fitness class apart (a very loose line next
/// to a tight one reads as a change of colour): TeX's `\adjdemerits`.
pub const ADJ_DEMERITS: f64 = 10_000.0;
/// Hyphenated lines allowed in a row (InDesign's default, common house style).
pub const MAX_CONSECUTIVE_HYPHENS: u8 = 2;
/// Badness cap: TeX's "infinitely bad".
pub const MAX_BADNESS: f64 = 10_000.0;
/// Stretch of fill glue (the last line's), large enough to make the line's badness zero.
pub const FILL: f64 = 1.0e6;
/// A paragraph's last line narrower than this share of the measure is a runt (about one
/// short word on a 65-character measure), which leaves a hole under a full paragraph.
pub const RUNT_SHARE: f64 = 0.12;
/// Extra cost of ending on a runt: as much as a hyphen on the second-to-last line
/// ([`FINAL_HYPHEN_DEMERITS`]), both being blemishes at the paragraph's end of one weight,
/// and enough to loosen two or three lines slightly (r ≈ 0.7) to pull a word down.
pub const RUNT_DEMERITS: f64 = 5_000.0;
/// Justified lines also expand or condense their letters, by this share of the text's
/// width at r = ±1 (every glyph scaled alike, advance and outline: the PDF writer sets it
/// with `Tz`): 1.5%, under the 2% of glyph width that pdfTeX's font expansion (microtype's
/// default) and InDesign's usual 98–102% glyph scaling allow. On a 65-character line it adds
/// about half again to what ten spaces can absorb, so fewer words need breaking and spaces
/// stay nearer their natural width; at 2% neighbouring loose and tight lines showed.
pub const LETTER_FLEX: f64 = 0.015;
/// Ragged lines: stretch at each line's end in ems (the spaces keep their natural width).
/// A line six ems short of the measure (a fifth of a book measure) has r = 1: the breaker
/// evens out the right edge, and a hyphen, which costs about a line at r = 1.1, is taken
/// only to save a line shorter than that; at three ems affiliations and biographies on
/// the contributors page hyphenated in every other line.
pub const RAGGED_STRETCH_EM: f64 = 6.0;

/// One element of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Elem {
    /// Unbreakable material; in a justified line its letters track by [`LETTER_FLEX`].
    Box {
        /// Width in points.
        width: f64,
    },
    /// Space that may stretch and shrink, and where a line may break.
    Glue {
        /// Natural width.
        width: f64,
        /// How far it may stretch.
        stretch: f64,
        /// How far it may shrink.
        shrink: f64,
    },
    /// A possible break with a cost; `width` is added when the line breaks here (a hyphen).
    Penalty {
        /// Width of the material added at a break here.
        width: f64,
        /// The cost of breaking here.
        penalty: f64,
        /// A hyphen break (counted for consecutive-hyphen rules).
        flagged: bool,
    },
}

/// Where a line ends and how it is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    /// Index of the breaking element (the line holds the elements before it).
    pub at: usize,
    /// Adjustment ratio: glue is set at width + ratio × stretch (or × shrink when negative).
    pub ratio: f64,
    /// The line ends with a hyphen.
    pub hyphen: bool,
    /// Cannot fit: wider than the measure at full shrink.
    pub overfull: bool,
}

/// The result of breaking a paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Breaks {
    /// One per line, in order.
    pub lines: Vec<Break>,
    /// Total demerits of the chosen breaks, by the Knuth–Plass measure.
    pub demerits: f64,
    /// Which pass succeeded: 1 (no hyphens), 2 (hyphens), 3 (emergency stretch), 4 (final:
    /// any line that is not overfull, an overfull one only when nothing else can be done).
    pub pass: u8,
}

#[derive(Debug, Clone, Copy)]
struct Sums {
    width: f64,
    stretch: f64,
    shrink: f64,
}

fn prefix_sums(elems: &[Elem], letter_flex: f64) -> Vec<Sums> {
    let mut out = Vec::with_capacity(elems.len() + 1);
    let mut s = Sums {
        width: 0.0,
        stretch: 0.0,
        shrink: 0.0,
    };
    out.push(s);
    for e in elems {
        match *e {
            Elem::Box { width } => {
                s.width += width;
                s.stretch += width * letter_flex;
                s.shrink += width * letter_flex;
            }
            Elem::Glue {
                width,
                stretch,
                shrink,
            } => {
                s.width += width;
                s.stretch += stretch;
                s.shrink += shrink;
            }
            Elem::Penalty { .. } => {}
        }
        out.push(s);
    }
    out
}

/// Whether element `i` is a legal breakpoint.
fn is_break(elems: &[Elem], i: usize) -> bool {
    match elems[i] {
        Elem::Glue { .. } => i > 0 && matches!(elems[i - 1], Elem::Box { .. }),
        Elem::Penalty { penalty, .. } => penalty < FORBIDDEN,
        Elem::Box { .. } => false,
    }
}

/// The first element of the line after a break at `at`: glue and non-forced penalties after
/// a break are discarded.
fn line_start(elems: &[Elem], at: usize) -> usize {
    let mut i = at;
    while i < elems.len() {
        match elems[i] {
            Elem::Box { .. } => break,
            Elem::Penalty { penalty, .. } if penalty <= FORCED && i > at => break,
            _ => i += 1,
        }
    }
    i
}

/// Badness of a line with adjustment ratio `r` (TeX's 100·|r|³, capped).
pub fn badness(r: f64) -> f64 {
    if r < -1.0 {
        return MAX_BADNESS + 1.0;
    }
    (100.0 * r.abs().powi(3)).min(MAX_BADNESS)
}

/// The badness that demerits are counted from: TeX's 100·|r|³ without its cap. Passes
/// test feasibility against the capped [`badness`], but when every choice is "infinitely
/// bad" (the final pass) a line with r = 3 must still cost less than one with r = 100 (two
/// words spread over a whole line).
fn demerit_badness(r: f64) -> f64 {
    100.0 * r.abs().min(MAX_BADNESS).powi(3)
}

/// Fitness class: 0 tight (r < −0.5), 1 decent, 2 loose (0.5…1), 3 very loose (> 1).
pub fn fitness(r: f64) -> u8 {
    if r < -0.5 {
        0
    } else if r <= 0.5 {
        1
    } else if r <= 1.0 {
        2
    } else {
        3
    }
}

/// The settings of one of the breaker's passes.
struct Pass {
    tolerance: f64,
    hyphenate: bool,
    extra_stretch: f64,
    last: bool,
    /// Ragged setting: the stretch at each line's end (spaces neither stretch nor shrink).
    ragged: Option<f64>,
}

impl Pass {
    fn new(tolerance: f64, hyphenate: bool, extra_stretch: f64, ragged: Option<f64>) -> Pass {
        Pass {
            tolerance,
            hyphenate,
            extra_stretch,
            last: false,
            ragged,
        }
    }
}

/// Knuth–Plass total fit over `elems` for a constant `measure`, justified. `em` is the body
/// size, for the emergency stretch. The paragraph must end with a forced break.
pub fn knuth_plass(elems: &[Elem], measure: f64, em: f64, hyphenate: bool) -> Breaks {
    total_fit(elems, measure, em, hyphenate, None)
}

/// Knuth–Plass total fit for ragged lines (flush left, right or centred): spaces keep their
/// natural width and each line may fall short of the measure by [`RAGGED_STRETCH_EM`] at
/// r = 1, so lines come out of similar length rather than long, long, short.
pub fn knuth_plass_ragged(elems: &[Elem], measure: f64, em: f64, hyphenate: bool) -> Breaks {
    total_fit(elems, measure, em, hyphenate, Some(RAGGED_STRETCH_EM * em))
}

fn total_fit(
    elems: &[Elem],
    measure: f64,
    em: f64,
    hyphenate: bool,
    ragged: Option<f64>,
) -> Breaks {
    let flex = if ragged.is_some() { 0.0 } else { LETTER_FLEX };
    let sums = prefix_sums(elems, flex);
    let passes = [
        Pass::new(PRETOLERANCE, false, 0.0, ragged),
        Pass::new(TOLERANCE, hyphenate, 0.0, ragged),
        Pass::new(TOLERANCE, hyphenate, EMERGENCY_STRETCH_EM * em, ragged),
        Pass {
            last: true,
            ..Pass::new(MAX_BADNESS, hyphenate, 0.0, ragged)
        },
    ];
    for (k, pass) in passes.iter().enumerate() {
        if k == 1 && !hyphenate {
            continue;
        }
        let mut run = Run::new(elems, &sums, measure, pass);
        if let Some(mut b) = run.breaks() {
            b.pass = k as u8 + 1;
            return b;
        }
    }
    Breaks::default()
}

/// The line from the first element `start` to the break at `i`: (natural width, stretch,
/// shrink).
fn line_metrics(elems: &[Elem], sums: &[Sums], start: usize, i: usize) -> (f64, f64, f64) {
    let s0 = sums[start.min(i)];
    let s1 = sums[i];
    let mut w = s1.width - s0.width;
    if let Elem::Penalty { width, .. } = elems[i] {
        w += width;
    }
    (w, s1.stretch - s0.stretch, s1.shrink - s0.shrink)
}

fn ratio_of(measure: f64, w: f64, stretch: f64, shrink: f64) -> f64 {
    let diff = measure - w;
    if diff.abs() < 1e-9 {
        0.0
    } else if diff > 0.0 {
        if stretch > 0.0 {
            diff / stretch
        } else {
            MAX_BADNESS
        }
    } else if shrink > 0.0 {
        diff / shrink
    } else {
        -MAX_BADNESS
    }
}

/// The stretch and shrink a line can use: its glue's when justified; when ragged, only the
/// stretch at its end (plus any fill glue, which ends a paragraph or a forced line).
fn adjustable(stretch: f64, shrink: f64, ragged: Option<f64>) -> (f64, f64) {
    match ragged {
        None => (stretch, shrink),
        Some(end) => {
            let fill = if stretch >= FILL { stretch } else { 0.0 };
            (fill + end, 0.0)
        }
    }
}

/// Whether a paragraph's last line of natural width `w` is a runt.
fn is_runt(w: f64, measure: f64) -> bool {
    w < measure * RUNT_SHARE
}

/// The penalty at element `i` and whether it is a flagged (hyphen) break; glue breaks cost
/// nothing.
fn penalty_at(elems: &[Elem], i: usize) -> (f64, bool) {
    match elems[i] {
        Elem::Penalty {
            penalty, flagged, ..
        } => (penalty, flagged),
        _ => (0.0, false),
    }
}

/// One line as the demerit rules see it.
#[derive(Debug, Clone, Copy)]
struct LineCost {
    /// Adjustment ratio the line is set with.
    ratio: f64,
    /// Penalty of the break that ends it.
    penalty: f64,
    /// It ends with a hyphen (a flagged break).
    hyphen: bool,
    /// It ends the paragraph.
    last: bool,
    /// It ends the paragraph and is a runt (see [`is_runt`]).
    runt: bool,
}

/// The line before a [`LineCost`]'s: whether it ended with a hyphen, and its fitness class.
#[derive(Debug, Clone, Copy)]
struct PrevLine {
    hyphen: bool,
    fitness: u8,
}

/// Demerits of one line, by the one set of rules every breaker and [`testing::score`] use:
/// TeX's (line penalty + badness)² ± penalty², plus extra demerits for two hyphens in a row,
/// a hyphen on the second-to-last line, a runt last line and adjacent lines of far apart
/// fitness. The extras look at the line before, so the first line (`prev` = `None`) has none.
fn line_demerits(line: &LineCost, prev: Option<PrevLine>) -> f64 {
    let mut d = demerits(demerit_badness(line.ratio), line.penalty);
    let Some(prev) = prev else {
        return d;
    };
    if line.hyphen && prev.hyphen {
        d += DOUBLE_HYPHEN_DEMERITS;
    }
    if line.last && prev.hyphen {
        d += FINAL_HYPHEN_DEMERITS;
    }
    if line.runt {
        d += RUNT_DEMERITS;
    }
    if fitness(line.ratio).abs_diff(prev.fitness) > 1 {
        d += ADJ_DEMERITS;
    }
    d
}

fn demerits(b: f64, penalty: f64) -> f64 {
    let base = (LINE_PENALTY + b).powi(2);
    if penalty >= 0.0 {
        base + penalty * penalty
    } else if penalty > FORCED {
        base - penalty * penalty
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph of words of given widths, spaces 3 ± (1.5, 0.6), ending with fill glue.
    fn para(words: &[f64]) -> Vec<Elem> {
        let mut v = Vec::new();
        for (i, &w) in words.iter().enumerate() {
            if i > 0 {
                v.push(Elem::Glue {
                    width: 3.0,
                    stretch: 1.5,
                    shrink: 0.6,
                });
            }
            v.push(Elem::Box { width: w });
        }
        v.push(Elem::Penalty {
            width: 0.0,
            penalty: FORBIDDEN,
            flagged: false,
        });
        v.push(Elem::Glue {
            width: 0.0,
            stretch: FILL,
            shrink: 0.0,
        });
        v.push(Elem::Penalty {
            width: 0.0,
            penalty: FORCED,
            flagged: false,
        });
        v
    }

    fn widths(seed: u64, n: usize) -> Vec<f64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                10.0 + ((x >> 33) % 40) as f64
            })
            .collect()
    }

    #[test]
    fn every_line_fits() {
        let e = para(&widths(7, 200));
        let b = knuth_plass(&e, 200.0, 10.0, false);
        assert!(!b.lines.is_empty());
        for l in &b.lines {
            assert!(l.ratio >= -1.0 && !l.overfull);
        }
        assert_eq!(b.lines.last().unwrap().at, e.len() - 1);
    }

    #[test]
    fn total_fit_beats_first_fit() {
        use super::testing::greedy;
        for seed in 1..20 {
            let e = para(&widths(seed, 120));
            let kp = knuth_plass(&e, 180.0, 10.0, false);
            let gr = greedy(&e, 180.0, false);
            assert!(kp.lines.iter().all(|l| !l.overfull));
            assert!(
                kp.demerits <= gr.demerits + 1e-6,
                "seed {seed}: {} > {}",
                kp.demerits,
                gr.demerits
            );
        }
    }

    #[test]
    fn wide_box_is_overfull_only_alone() {
        let e = para(&[20.0, 20.0, 500.0, 20.0]);
        let b = knuth_plass(&e, 100.0, 10.0, false);
        let over: Vec<_> = b.lines.iter().filter(|l| l.overfull).collect();
        assert_eq!(over.len(), 1);
    }
}
