//! Layout statistics for `folio build --stats`: pages, lines, hyphens, loose and tight lines,
//! overfull lines, widows, orphans, and the time spent in each stage.

use std::time::Instant;

use super::blocks::Kind;
use super::book::Sheet;
use super::frame::PageKind;

/// A word space wider than this many ems reads as a gap in the line: Computer Modern's space
/// at full stretch (TeX's r = 1) is half an em.
pub const WIDE_SPACE_EM: f64 = 0.5;
/// Two pages end on the same baseline when their last lines are closer than this, in points.
pub const SAME_BASELINE: f64 = 1.0;

/// What the layout did, in numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Pages in the book.
    pub pages: usize,
    /// Lines of running text (paragraph lines in the body).
    pub lines: usize,
    /// Lines ending with an added hyphen.
    pub hyphenated: usize,
    /// Longest run of consecutive hyphenated lines.
    pub longest_hyphen_run: usize,
    /// Justified lines with adjustment ratio above 1.
    pub loose: usize,
    /// Justified lines with adjustment ratio below −1 (shrunk past the limit).
    pub tight: usize,
    /// Lines wider than the measure.
    pub overfull: usize,
    /// Pages whose last body line ends with a hyphen (a word broken over the page turn).
    pub hyphenated_page_ends: usize,
    /// Spreads whose two pages belong to one article (or one flow of the back matter) and
    /// neither ends it: the pages that should end on the same baseline.
    pub spreads: usize,
    /// Of those, the spreads whose pages end more than [`SAME_BASELINE`] apart.
    pub unbalanced_spreads: usize,
    /// Widows (a paragraph's last line alone at a page top).
    pub widows: usize,
    /// Orphans (a paragraph's first line alone at a page foot).
    pub orphans: usize,
    /// Justified lines.
    pub justified: usize,
    /// Justified lines with adjustment ratio below −0.5 (TeX's "tight" class).
    pub tight_class: usize,
    /// Mean absolute adjustment ratio of justified lines (word-spacing evenness).
    pub mean_abs_ratio: f64,
    /// Justified lines with a word space wider than [`WIDE_SPACE_EM`].
    pub wide_space_lines: usize,
    /// The widest word space of any justified line, in ems.
    pub widest_space_em: f64,
    /// Seconds per stage, in order.
    pub stages: Vec<(String, f64)>,
    /// Shaping, hyphenation and line breaking, summed over threads.
    pub paragraph_stages: super::timing::StageTimes,
    /// Total seconds.
    pub total: f64,
}

impl Stats {
    /// Records the time since `since` for `stage`.
    pub fn time(&mut self, stage: &str, since: Instant) {
        self.stages
            .push((stage.to_string(), since.elapsed().as_secs_f64()));
    }

    /// Counts the lines of the body pages (notes included), page turns and spreads, from
    /// what `tally` noted of each sheet.
    pub fn collect(&mut self, tally: Tally) {
        let Tally {
            lines, sum, sheets, ..
        } = tally;
        self.lines += lines.lines;
        self.hyphenated += lines.hyphenated;
        self.longest_hyphen_run = self.longest_hyphen_run.max(lines.longest_hyphen_run);
        self.overfull += lines.overfull;
        self.loose += lines.loose;
        self.tight += lines.tight;
        self.tight_class += lines.tight_class;
        self.wide_space_lines += lines.wide_space_lines;
        self.widest_space_em = self.widest_space_em.max(lines.widest_space_em);
        self.justified = lines.justified;
        self.mean_abs_ratio = if lines.justified > 0 {
            sum / lines.justified as f64
        } else {
            0.0
        };
        self.pages_and_spreads(&sheets);
    }

    /// Page turns and facing pages. Sheet 0 is page 1, a recto, so a spread is a verso at an
    /// odd index and the recto after it.
    fn pages_and_spreads(&mut self, sheets: &[Noted]) {
        for (k, s) in sheets.iter().enumerate() {
            let continues = sheets
                .get(k + 1)
                .is_some_and(|n| n.flow.is_some() && n.flow == s.flow);
            if continues && s.ends_hyphenated {
                self.hyphenated_page_ends += 1;
            }
        }
        for k in (1..sheets.len().saturating_sub(1)).step_by(2) {
            let (verso, recto) = (&sheets[k], &sheets[k + 1]);
            let flow = verso.flow;
            let recto_continues = sheets.get(k + 2).is_some_and(|n| n.flow == flow);
            if flow.is_none() || recto.flow != flow || !recto_continues {
                continue;
            }
            self.spreads += 1;
            if (verso.end - recto.end).abs() > SAME_BASELINE {
                self.unbalanced_spreads += 1;
            }
        }
    }

    /// The human-readable report.
    pub fn report(&self) -> String {
        let share = if self.lines > 0 {
            100.0 * self.hyphenated as f64 / self.lines as f64
        } else {
            0.0
        };
        let mut s = format!(
            "print layout: {} pages, {} lines\n  hyphenated lines: {} ({share:.1}%), longest run {}\n  \
             loose lines (r > 1): {}, tight lines (r < -1): {}, overfull lines: {}\n  \
             justified lines: {}, mean |r| {:.2}, tight class (r < -0.5): {}\n  \
             lines with a space over {WIDE_SPACE_EM} em: {}, widest space {:.2} em\n  \
             pages ending on a hyphen: {}, spreads ending on different baselines: {} of {}\n  \
             widows: {}, orphans: {}\n",
            self.pages,
            self.lines,
            self.hyphenated,
            self.longest_hyphen_run,
            self.loose,
            self.tight,
            self.overfull,
            self.justified,
            self.mean_abs_ratio,
            self.tight_class,
            self.wide_space_lines,
            self.widest_space_em,
            self.hyphenated_page_ends,
            self.unbalanced_spreads,
            self.spreads,
            self.widows,
            self.orphans
        );
        for (stage, secs) in &self.stages {
            s.push_str(&format!("  {stage}: {:.3} s\n", secs));
            if stage == "shape and break" {
                let p = &self.paragraph_stages;
                s.push_str(&format!(
                    "    summed over threads: shape {:.3} s, hyphenate {:.3} s, break {:.3} s\n",
                    p.shape.as_secs_f64(),
                    p.hyphenate.as_secs_f64(),
                    p.linebreak.as_secs_f64()
                ));
            }
        }
        s.push_str(&format!("  total: {:.3} s\n", self.total));
        s
    }
}

/// What the statistics take from the body's sheets, noted one sheet at a time in reading
/// order as they are paginated (the sheets are finished into pages soon after).
#[derive(Debug, Default)]
pub struct Tally {
    /// The line counts, in the fields [`Stats`] has for them.
    lines: Stats,
    /// Sum of the justified lines' absolute adjustment ratios.
    sum: f64,
    /// Hyphenated lines in a row so far.
    run: usize,
    sheets: Vec<Noted>,
}

/// What page turns and spreads need of a sheet.
#[derive(Debug)]
struct Noted {
    /// The flow the sheet belongs to: an article's, the back matter's, or none.
    flow: Option<usize>,
    ends_hyphenated: bool,
    /// The baseline of its last line.
    end: f64,
}

impl Tally {
    /// Notes the next sheet of the body.
    pub fn add(&mut self, s: &Sheet) {
        self.sheets.push(Noted {
            flow: match (s.kind, s.meta.article) {
                (PageKind::Body, Some(a)) => Some(a),
                (PageKind::Back, _) => Some(usize::MAX),
                _ => None,
            },
            ends_hyphenated: s.body.ends_hyphenated(),
            end: s.body.end(),
        });
        let t = &mut self.lines;
        for (_, slot) in s.body.slots.iter().chain(s.body.foot.iter()) {
            let (Some(l), Kind::Line(..)) = (slot.line, slot.kind) else {
                continue;
            };
            t.lines += 1;
            if l.hyphen {
                t.hyphenated += 1;
                self.run += 1;
                t.longest_hyphen_run = t.longest_hyphen_run.max(self.run);
            } else {
                self.run = 0;
            }
            if l.overfull {
                t.overfull += 1;
            }
            if l.justified {
                t.justified += 1;
                self.sum += l.ratio.abs();
                if l.ratio > 1.0 {
                    t.loose += 1;
                }
                if l.ratio < -1.0 {
                    t.tight += 1;
                }
                if l.ratio < -0.5 {
                    t.tight_class += 1;
                }
                if l.widest_space_em > WIDE_SPACE_EM {
                    t.wide_space_lines += 1;
                }
                t.widest_space_em = t.widest_space_em.max(l.widest_space_em);
            }
        }
    }
}
