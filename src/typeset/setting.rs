//! Setting the articles a batch at a time, as pagination asks for them: each batch is set on
//! every thread, then paginated in reading order before the next is set, so that a book's
//! flows are never all held at once (they take more memory than the pages made of them).

use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::blocks::Flow;
use super::links::LinkSource;
use super::timing::StageTimes;
use super::ArticlePages;
use crate::diag::{Diagnostics, Span};

/// Articles set in one batch, per thread of the pool: enough that a thread rarely waits at
/// the batch's end for the other's last article, few enough that a batch's flows stay small
/// beside the book's pages.
const BATCH_PER_THREAD: usize = 8;

/// Sets article `i` (in reading order): its flow, its running heads, and the time each
/// paragraph stage took when it was set now rather than taken from a session's cache.
pub(super) type SetOne<'a> = dyn Fn(usize) -> (ArticlePages, StageTimes) + Sync + 'a;

/// The articles in reading order, set as they are asked for; what setting them reports is
/// moved into the build's diagnostics in reading order.
pub(super) struct Setter<'a> {
    count: usize,
    next: usize,
    batch: usize,
    set_one: &'a SetOne<'a>,
    /// Empty every thread's word caches once the last article is set (a build of its own,
    /// not one of a session's, which sets the next build's edited articles with them).
    release: bool,
    ready: VecDeque<ArticlePages>,
    diags: &'a mut Diagnostics,
    /// Characters no font has, reported once each.
    missing: Vec<char>,
    /// Each article's path and the links it holds, for checking once the book is paginated.
    pub link_sources: Vec<(PathBuf, Vec<LinkSource>)>,
    /// The paragraph stages' times, summed over the articles set now.
    pub stage_times: StageTimes,
    /// Wall time spent setting.
    pub setting: Duration,
}

impl<'a> Setter<'a> {
    /// A setter of `count` articles, each set by `set_one`; with `release`, the threads'
    /// word caches are emptied once the last is set.
    pub fn new(
        count: usize,
        (set_one, release): (&'a SetOne<'a>, bool),
        diags: &'a mut Diagnostics,
    ) -> Self {
        Setter {
            count,
            next: 0,
            batch: BATCH_PER_THREAD * rayon::current_num_threads().max(1),
            set_one,
            release,
            ready: VecDeque::new(),
            diags,
            missing: Vec::new(),
            link_sources: Vec::with_capacity(count),
            stage_times: StageTimes::default(),
            setting: Duration::ZERO,
        }
    }

    /// Sets the next batch, when articles are left.
    pub fn fill(&mut self) {
        if self.next >= self.count {
            return;
        }
        let t = Instant::now();
        let end = (self.next + self.batch).min(self.count);
        let set_one = self.set_one;
        let set: Vec<(ArticlePages, StageTimes)> = (self.next..end)
            .into_par_iter()
            .with_max_len(1)
            .map(set_one)
            .collect();
        self.next = end;
        if self.release && end == self.count {
            release_word_caches();
        }
        for (mut a, times) in set {
            self.stage_times += times;
            self.report(&a.flow);
            let links = std::mem::take(&mut a.flow.links);
            self.link_sources.push((a.flow.path.clone(), links));
            self.ready.push_back(a);
        }
        self.setting += t.elapsed();
    }

    /// Moves an article's warnings into the diagnostics; missing characters once each.
    fn report(&mut self, flow: &Flow) {
        for d in &flow.diags {
            self.diags.push(d.clone());
        }
        for (ch, pos) in &flow.missing {
            if self.missing.contains(ch) {
                continue;
            }
            self.missing.push(*ch);
            self.diags.warning(
                Span::at(&flow.path, *pos),
                format!("no font has the character {ch:?} (U+{:04X})", *ch as u32),
                "name a font that has it in [print], or replace the character",
            );
        }
    }
}

impl Iterator for Setter<'_> {
    type Item = ArticlePages;

    fn next(&mut self) -> Option<ArticlePages> {
        if self.ready.is_empty() {
            self.fill();
        }
        self.ready.pop_front()
    }
}

/// Empties the caches of shaped words and of their break points on every thread: they
/// speed the setting of a book's articles, and a large book's take tens of megabytes,
/// which nothing after its articles needs (its contents and heads are a few words).
fn release_word_caches() {
    let release = || {
        super::shape::release_cache();
        super::para::release_cache();
    };
    rayon::broadcast(|_| release());
    release();
}
