//! Layout statistics for `folio build --stats`: pages, lines, hyphens, loose and tight lines,
//! overfull lines, widows, orphans, and the time spent in each stage.

use std::time::Instant;

use super::blocks::Kind;
use super::book::Sheet;

/// A word space wider than this many ems reads as a gap in the line: Computer Modern's space
/// at full stretch (TeX's r = 1) is half an em.
pub const WIDE_SPACE_EM: f64 = 0.5;

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
    /// Total seconds.
    pub total: f64,
}

impl Stats {
    /// Records the time since `since` for `stage`.
    pub fn time(&mut self, stage: &str, since: Instant) {
        self.stages
            .push((stage.to_string(), since.elapsed().as_secs_f64()));
    }

    /// Counts the lines of the body pages (notes included).
    pub fn collect(&mut self, sheets: &[Sheet]) {
        let mut run = 0;
        let mut sum = 0.0;
        let mut justified = 0usize;
        for s in sheets {
            for (_, slot) in s.body.slots.iter().chain(s.body.foot.iter()) {
                let (Some(l), Kind::Line(..)) = (slot.line, slot.kind) else {
                    continue;
                };
                self.lines += 1;
                if l.hyphen {
                    self.hyphenated += 1;
                    run += 1;
                    self.longest_hyphen_run = self.longest_hyphen_run.max(run);
                } else {
                    run = 0;
                }
                if l.overfull {
                    self.overfull += 1;
                }
                if l.justified {
                    justified += 1;
                    sum += l.ratio.abs();
                    if l.ratio > 1.0 {
                        self.loose += 1;
                    }
                    if l.ratio < -1.0 {
                        self.tight += 1;
                    }
                    if l.ratio < -0.5 {
                        self.tight_class += 1;
                    }
                    if l.widest_space_em > WIDE_SPACE_EM {
                        self.wide_space_lines += 1;
                    }
                    self.widest_space_em = self.widest_space_em.max(l.widest_space_em);
                }
            }
        }
        self.justified = justified;
        self.mean_abs_ratio = if justified > 0 {
            sum / justified as f64
        } else {
            0.0
        };
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
            self.widows,
            self.orphans
        );
        for (stage, secs) in &self.stages {
            s.push_str(&format!("  {stage}: {:.3} s\n", secs));
        }
        s.push_str(&format!("  total: {:.3} s\n", self.total));
        s
    }
}
