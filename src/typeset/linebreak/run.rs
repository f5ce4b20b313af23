//! One pass of the Knuth–Plass breaker: every legal break is tried as the end of a line
//! from each active node; the cheapest node per fitness class and hyphen count is kept,
//! and at the paragraph's end the cheapest chain of nodes is the answer.

use super::{
    adjustable, badness, fitness, is_break, is_runt, line_demerits, line_metrics, line_start,
    penalty_at, ratio_of, Break, Breaks, Elem, LineCost, Pass, PrevLine, Sums, FILL, FORCED,
    MAX_BADNESS, MAX_CONSECUTIVE_HYPHENS,
};

/// Fitness classes: tight, decent, loose, very loose (see [`fitness`]).
const FITNESS_CLASSES: usize = 4;

/// A feasible break found by a pass: where it is, how its line is set, and the cheapest way
/// to reach it.
#[derive(Debug, Clone, Copy)]
struct Node {
    at: usize,
    start: usize,
    fitness: u8,
    hyphens: u8,
    demerits: f64,
    ratio: f64,
    hyphen: bool,
    overfull: bool,
    prev: Option<usize>,
}

/// The best candidate per (fitness class, hyphenated lines in a row) at one break.
type Best = [[Option<Node>; MAX_CONSECUTIVE_HYPHENS as usize + 1]; FITNESS_CLASSES];

/// A legal break as a pass meets it.
#[derive(Debug, Clone, Copy)]
struct BreakAt {
    i: usize,
    penalty: f64,
    flagged: bool,
    forced: bool,
    /// The forced break that ends the paragraph.
    last: bool,
}

/// One pass of the breaker over a paragraph: the feasible breaks found so far (`nodes`) and
/// those a line may still start from (`active`).
pub(super) struct Run<'a> {
    elems: &'a [Elem],
    sums: &'a [Sums],
    measure: f64,
    pass: &'a Pass,
    nodes: Vec<Node>,
    active: Vec<usize>,
}

impl<'a> Run<'a> {
    pub(super) fn new(
        elems: &'a [Elem],
        sums: &'a [Sums],
        measure: f64,
        pass: &'a Pass,
    ) -> Run<'a> {
        let first = Node {
            at: 0,
            start: line_start(elems, 0),
            fitness: 1,
            hyphens: 0,
            demerits: 0.0,
            ratio: 0.0,
            hyphen: false,
            overfull: false,
            prev: None,
        };
        Run {
            elems,
            sums,
            measure,
            pass,
            nodes: vec![first],
            active: vec![0],
        }
    }

    /// Runs the pass: the best breaks, or `None` when no line may end somewhere.
    pub(super) fn breaks(&mut self) -> Option<Breaks> {
        let elems = self.elems;
        for i in 0..elems.len() {
            if !is_break(elems, i) {
                continue;
            }
            let (penalty, flagged) = penalty_at(elems, i);
            let added = matches!(elems[i], Elem::Penalty { width, .. } if width > 0.0);
            // Passes without hyphenation skip added hyphens, not breaks after a hyphen or dash
            // already in the text.
            if flagged && added && !self.pass.hyphenate {
                continue;
            }
            let forced = penalty <= FORCED;
            let at = BreakAt {
                i,
                penalty,
                flagged,
                forced,
                last: forced && i + 1 == elems.len(),
            };
            if !self.break_at(at) {
                return None;
            }
        }
        self.best_path()
    }

    /// Ends lines at `at` from every active node; false when no node is left active.
    fn break_at(&mut self, at: BreakAt) -> bool {
        let mut best: Best = [[None; MAX_CONSECUTIVE_HYPHENS as usize + 1]; FITNESS_CLASSES];
        let mut keep = Vec::with_capacity(self.active.len());
        let mut dropped: Vec<usize> = Vec::new();
        for &ai in &self.active {
            let a = self.nodes[ai];
            let (w, st, sh) = self.metrics(&a, at.i);
            let r = ratio_of(self.measure, w, st, sh);
            if r < -1.0 || at.forced {
                dropped.push(ai);
            } else {
                keep.push(ai);
            }
            if r < -1.0 {
                continue;
            }
            if let Some(n) = self.candidate(ai, at, (w, st, sh), r) {
                let slot = &mut best[n.fitness as usize][n.hyphens as usize];
                if slot.is_none_or(|b| n.demerits < b.demerits) {
                    *slot = Some(n);
                }
            }
        }
        self.active = keep;
        let mut added = false;
        for n in best.iter().flatten().flatten() {
            self.nodes.push(*n);
            self.active.push(self.nodes.len() - 1);
            added = true;
        }
        if self.pass.last && self.active.is_empty() && !added {
            match self.rescue(at, &dropped) {
                Some(n) => {
                    self.nodes.push(n);
                    self.active.push(self.nodes.len() - 1);
                }
                None => return false,
            }
        }
        !self.active.is_empty()
    }

    /// The line from node `a` to the break at `i`: natural width, and the stretch and shrink
    /// this pass lets it use.
    fn metrics(&self, a: &Node, i: usize) -> (f64, f64, f64) {
        let (w, st, sh) = line_metrics(self.elems, self.sums, a.start, i);
        let (st, sh) = adjustable(st, sh, self.pass.ragged);
        (w, st, sh)
    }

    /// The node for a line from active node `ai` to `at` set at ratio `r`, if the pass
    /// accepts the line.
    fn candidate(
        &self,
        ai: usize,
        at: BreakAt,
        (w, st, sh): (f64, f64, f64),
        r: f64,
    ) -> Option<Node> {
        let a = self.nodes[ai];
        let extra = if st >= FILL {
            0.0
        } else {
            self.pass.extra_stretch
        };
        // Emergency stretch widens what is feasible; demerits count the real spacing.
        if badness(ratio_of(self.measure, w, st + extra, sh)) > self.pass.tolerance {
            return None;
        }
        let hyphens = if at.flagged { a.hyphens + 1 } else { 0 };
        if hyphens > MAX_CONSECUTIVE_HYPHENS {
            return None;
        }
        let line = LineCost {
            ratio: r,
            penalty: at.penalty,
            hyphen: at.flagged,
            last: at.last,
            runt: at.last && is_runt(w, self.measure),
        };
        let prev = a.prev.map(|_| PrevLine {
            hyphen: a.hyphen,
            fitness: a.fitness,
        });
        Some(Node {
            at: at.i,
            start: line_start(self.elems, at.i),
            fitness: fitness(r),
            hyphens,
            demerits: a.demerits + line_demerits(&line, prev),
            ratio: r,
            hyphen: at.flagged,
            overfull: false,
            prev: Some(ai),
        })
    }

    /// Rescue in the final pass, when nothing fits: one line must run over the measure.
    /// It breaks after the most recent dropped node (the overfull line holds the least
    /// material), the cheapest of those that end there ("Regenwasser als" rather than "als"
    /// alone).
    fn rescue(&self, at: BreakAt, dropped: &[usize]) -> Option<Node> {
        let ai = *dropped.iter().min_by(|&&x, &&y| {
            let (x, y) = (&self.nodes[x], &self.nodes[y]);
            y.at.cmp(&x.at).then(x.demerits.total_cmp(&y.demerits))
        })?;
        let a = self.nodes[ai];
        let (w, st, sh) = self.metrics(&a, at.i);
        let r = ratio_of(self.measure, w, st, sh).max(-1.0);
        Some(Node {
            at: at.i,
            start: line_start(self.elems, at.i),
            fitness: 0,
            hyphens: if at.flagged { a.hyphens + 1 } else { 0 },
            demerits: a.demerits + MAX_BADNESS * MAX_BADNESS,
            ratio: r,
            hyphen: at.flagged,
            overfull: w - sh > self.measure + 1e-6,
            prev: Some(ai),
        })
    }

    /// The cheapest chain of breaks that ends the paragraph.
    fn best_path(&self) -> Option<Breaks> {
        let nodes = &self.nodes;
        let end = self.elems.len().checked_sub(1)?;
        let best = self
            .active
            .iter()
            .copied()
            .filter(|&n| nodes[n].at == end)
            .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
        let mut lines = Vec::new();
        let mut cur = Some(best);
        while let Some(ni) = cur {
            let n = nodes[ni];
            if n.prev.is_some() {
                lines.push(Break {
                    at: n.at,
                    ratio: n.ratio,
                    hyphen: n.hyphen,
                    overfull: n.overfull,
                });
            }
            cur = n.prev;
        }
        lines.reverse();
        Some(Breaks {
            lines,
            demerits: nodes[best].demerits,
            pass: 0,
        })
    }
}
