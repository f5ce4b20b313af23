//! The fuzzer's long run: `bench/fuzz SECONDS [SEED [EXECUTIONS [FROM]]]` (or `cargo run
//! --release --example fuzz -- SECONDS …`). Runs whole builds of generated collections on
//! every core for SECONDS, or until EXECUTIONS cases have run (starting at case number FROM,
//! 0 unless given), then prints executions per second, how the cases ended, the slowest
//! cases, and each failure with a reproducer (the case's seed and number, and its files
//! written under `target/fuzz/`).

#[path = "../tests/fuzzer/mod.rs"]
mod fuzzer;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A progress line every this many cases, so a long run's figures survive an interruption.
const PROGRESS_EVERY: u64 = 50_000;

/// How many of the slowest cases the summary names.
const SLOWEST: usize = 5;

/// What the worker threads share.
struct Run {
    seed: u64,
    from: u64,
    most: u64,
    deadline: Instant,
    started: Instant,
    next: AtomicU64,
    /// Built, refused.
    counts: [AtomicU64; 2],
    failures: Mutex<Vec<(u64, String)>>,
    /// (processor time, case number), slowest first.
    slowest: Mutex<Vec<(Duration, u64)>>,
}

impl Run {
    /// Prints how far the run has come.
    fn progress(&self, n: u64) {
        let failed = self.failures.lock().map_or(0, |f| f.len());
        println!(
            "progress: {n} cases started, {} built, {} refused, {failed} failures, {:.0} s",
            self.counts[0].load(Ordering::Relaxed),
            self.counts[1].load(Ordering::Relaxed),
            self.started.elapsed().as_secs_f64()
        );
    }

    fn note_time(&self, n: u64, used: Duration) {
        let mut slowest = self.slowest.lock().unwrap();
        if slowest.len() < SLOWEST || used > slowest[SLOWEST - 1].0 {
            slowest.push((used, n));
            slowest.sort_by(|a, b| b.cmp(a));
            slowest.truncate(SLOWEST);
        }
    }

    fn fail(&self, n: u64, why: String) {
        self.failures.lock().unwrap().push((n, why));
    }

    /// One thread's share: cases until the deadline or the last case.
    fn work(&self, dir: &std::path::Path) {
        while Instant::now() < self.deadline {
            let k = self.next.fetch_add(1, Ordering::Relaxed);
            if k >= self.most {
                break;
            }
            if k > 0 && k.is_multiple_of(PROGRESS_EVERY) {
                self.progress(k);
            }
            let n = self.from + k;
            let case = fuzzer::case(self.seed, n);
            let (mut outcome, mut used) = fuzzer::run_timed(&case, dir);
            // A full disk is the machine's problem: wait and run the case again.
            for _ in 0..60 {
                let fuzzer::Outcome::Unwritten(_) = outcome else {
                    break;
                };
                std::thread::sleep(Duration::from_secs(10));
                (outcome, used) = fuzzer::run_timed(&case, dir);
            }
            self.note_time(n, used);
            match outcome {
                fuzzer::Outcome::Unwritten(why) => self.fail(n, format!("not run: {why}")),
                fuzzer::Outcome::Built => _ = self.counts[0].fetch_add(1, Ordering::Relaxed),
                fuzzer::Outcome::Refused => _ = self.counts[1].fetch_add(1, Ordering::Relaxed),
                fuzzer::Outcome::Failed(why) => {
                    let keep =
                        std::path::Path::new("target/fuzz").join(format!("{}-{n}", self.seed));
                    fuzzer::write(&case, &keep);
                    self.fail(n, format!("{} case: {why}", case.kind));
                }
            }
        }
    }

    fn report(self, threads: u64) {
        let elapsed = self.started.elapsed().as_secs_f64();
        let failures = self.failures.into_inner().unwrap();
        let built = self.counts[0].load(Ordering::Relaxed);
        let refused = self.counts[1].load(Ordering::Relaxed);
        let total = built + refused + failures.len() as u64;
        let seed = self.seed;
        println!("fuzz: seed {seed}, {threads} threads, {elapsed:.0} s");
        println!(
            "executions: {total} ({:.0} per second)",
            total as f64 / elapsed
        );
        println!("built (complete outputs): {built}");
        println!("refused (located errors): {refused}");
        for (used, n) in self.slowest.into_inner().unwrap() {
            println!(
                "slow: case {n} used {:.2} s of processor time",
                used.as_secs_f64()
            );
        }
        println!("failures: {}", failures.len());
        for (n, why) in &failures {
            println!("  case {n}: {why}");
            println!("    reproduce: folio build target/fuzz/{seed}-{n}");
        }
        if !failures.is_empty() {
            std::process::exit(1);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut number =
        |default: u64| -> u64 { args.next().and_then(|s| s.parse().ok()).unwrap_or(default) };
    let seconds = number(60);
    let seed = number(fuzzer::CI_SEED);
    let most = number(u64::MAX);
    let from = number(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let run = Run {
        seed,
        from,
        most,
        deadline: Instant::now() + Duration::from_secs(seconds),
        started: Instant::now(),
        next: AtomicU64::new(0),
        counts: [AtomicU64::new(0), AtomicU64::new(0)],
        failures: Mutex::new(Vec::new()),
        slowest: Mutex::new(Vec::new()),
    };
    // A failure's panic message is reported with its case; keep stderr quiet meanwhile.
    std::panic::set_hook(Box::new(|_| {}));
    std::thread::scope(|s| {
        for t in 0..threads {
            let run = &run;
            s.spawn(move || {
                let dir =
                    std::env::temp_dir().join(format!("folio-fuzz-{}-{t}", std::process::id()));
                run.work(&dir);
                let _ = std::fs::remove_dir_all(&dir);
            });
        }
    });
    run.report(threads);
}
