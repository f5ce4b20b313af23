//! Yardsticks for tests and benchmarks, not used by the layout: a greedy first-fit breaker
//! and [`score`], which prices any set of breaks by the demerit rules the breaker itself
//! uses (`line_demerits`), so that breakers can be compared.

use super::{
    fitness, is_break, is_runt, line_demerits, line_metrics, line_start, penalty_at, prefix_sums,
    ratio_of, Break, Breaks, Elem, LineCost, PrevLine, FORCED, LETTER_FLEX,
};

/// Total demerits of any set of breaks, justified and without emergency stretch.
pub fn score(elems: &[Elem], measure: f64, breaks: &Breaks) -> f64 {
    let sums = prefix_sums(elems, LETTER_FLEX);
    let mut total = 0.0;
    let mut from = 0usize;
    let mut prev: Option<PrevLine> = None;
    for (k, b) in breaks.lines.iter().enumerate() {
        let (w, st, sh) = line_metrics(elems, &sums, line_start(elems, from), b.at);
        let r = ratio_of(measure, w, st, sh);
        let last = k + 1 == breaks.lines.len();
        let line = LineCost {
            ratio: r,
            penalty: penalty_at(elems, b.at).0,
            hyphen: b.hyphen,
            last,
            runt: last && is_runt(w, measure),
        };
        total += line_demerits(&line, prev);
        prev = Some(PrevLine {
            hyphen: b.hyphen,
            fitness: fitness(r),
        });
        from = b.at;
    }
    total
}

/// Greedy first-fit: each line takes as much as fits (shrinking glue if needed), hyphens
/// allowed when `hyphenate`. Its demerits are counted by the breaker's own rules.
pub fn greedy(elems: &[Elem], measure: f64, hyphenate: bool) -> Breaks {
    let sums = prefix_sums(elems, LETTER_FLEX);
    let mut lines = Vec::new();
    let mut start = line_start(elems, 0);
    let mut total = 0.0;
    let mut prev: Option<PrevLine> = None;
    let mut last_fit: Option<(usize, f64)> = None;
    let mut i = 0;
    while i < elems.len() {
        let (penalty, flagged) = penalty_at(elems, i);
        if !is_break(elems, i) || (flagged && !hyphenate) {
            i += 1;
            continue;
        }
        let (w, st, sh) = line_metrics(elems, &sums, start, i);
        let r = ratio_of(measure, w, st, sh);
        let take = if r < -1.0 {
            last_fit.or(Some((i, r.max(-1.0))))
        } else if penalty <= FORCED {
            Some((i, r))
        } else {
            last_fit = Some((i, r));
            None
        };
        let Some((at, r)) = take else {
            i += 1;
            continue;
        };
        let (penalty, flagged) = penalty_at(elems, at);
        let (w, _, sh) = line_metrics(elems, &sums, start, at);
        let last = at + 1 == elems.len();
        let line = LineCost {
            ratio: r,
            penalty,
            hyphen: flagged,
            last,
            runt: last && is_runt(w, measure),
        };
        total += line_demerits(&line, prev);
        lines.push(Break {
            at,
            ratio: r,
            hyphen: flagged,
            overfull: w - sh > measure + 1e-6,
        });
        prev = Some(PrevLine {
            hyphen: flagged,
            fitness: fitness(r),
        });
        start = line_start(elems, at);
        last_fit = None;
        i = at + 1;
    }
    Breaks {
        lines,
        demerits: total,
        pass: 0,
    }
}
