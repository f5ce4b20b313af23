//! The fuzzer's long run: `bench/fuzz SECONDS [SEED [EXECUTIONS]]` (or `cargo run --release
//! --example fuzz -- SECONDS [SEED [EXECUTIONS]]`). Runs whole builds of generated collections
//! on every core for SECONDS, or until EXECUTIONS cases have run, then prints executions per second, how the cases ended, and each failure with a
//! reproducer (the case's seed and number, and its files written under `target/fuzz/`).

#[path = "../tests/fuzzer/mod.rs"]
mod fuzzer;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A progress line every this many cases, so a long run's figures survive an interruption.
const PROGRESS_EVERY: u64 = 50_000;

/// Prints how far the run has come.
fn progress(
    n: u64,
    started: Instant,
    counts: &[AtomicU64; 2],
    failures: &Mutex<Vec<(u64, String)>>,
) {
    let failed = failures.lock().map_or(0, |f| f.len());
    println!(
        "progress: {n} cases started, {} built, {} refused, {failed} failures, {:.0} s",
        counts[0].load(Ordering::Relaxed),
        counts[1].load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(fuzzer::CI_SEED);
    let most: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(u64::MAX);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let next = AtomicU64::new(0);
    let counts = [AtomicU64::new(0), AtomicU64::new(0)];
    let failures: Mutex<Vec<(u64, String)>> = Mutex::new(Vec::new());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    // A failure's panic message is reported with its case; keep stderr quiet meanwhile.
    std::panic::set_hook(Box::new(|_| {}));
    std::thread::scope(|s| {
        for t in 0..threads {
            let (next, counts, failures) = (&next, &counts, &failures);
            s.spawn(move || {
                let dir =
                    std::env::temp_dir().join(format!("folio-fuzz-{}-{t}", std::process::id()));
                while Instant::now() < deadline {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= most {
                        break;
                    }
                    if n > 0 && n % PROGRESS_EVERY == 0 {
                        progress(n, started, counts, failures);
                    }
                    let case = fuzzer::case(seed, n);
                    let mut outcome = fuzzer::run(&case, &dir);
                    // A full disk is the machine's problem: wait and run the case again.
                    for _ in 0..60 {
                        let fuzzer::Outcome::Unwritten(_) = outcome else {
                            break;
                        };
                        std::thread::sleep(Duration::from_secs(10));
                        outcome = fuzzer::run(&case, &dir);
                    }
                    match outcome {
                        fuzzer::Outcome::Unwritten(why) => {
                            failures
                                .lock()
                                .unwrap()
                                .push((n, format!("not run: {why}")));
                            0
                        }
                        fuzzer::Outcome::Built => counts[0].fetch_add(1, Ordering::Relaxed),
                        fuzzer::Outcome::Refused => counts[1].fetch_add(1, Ordering::Relaxed),
                        fuzzer::Outcome::Failed(why) => {
                            let keep =
                                std::path::Path::new("target/fuzz").join(format!("{seed}-{n}"));
                            fuzzer::write(&case, &keep);
                            failures
                                .lock()
                                .unwrap()
                                .push((n, format!("{} case: {why}", case.kind)));
                            0
                        }
                    };
                }
                let _ = std::fs::remove_dir_all(&dir);
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let failures = failures.into_inner().unwrap();
    let built = counts[0].load(Ordering::Relaxed);
    let refused = counts[1].load(Ordering::Relaxed);
    let total = built + refused + failures.len() as u64;
    println!("fuzz: seed {seed}, {threads} threads, {elapsed:.0} s");
    println!(
        "executions: {total} ({:.0} per second)",
        total as f64 / elapsed
    );
    println!("built (complete outputs): {built}");
    println!("refused (located errors): {refused}");
    println!("failures: {}", failures.len());
    for (n, why) in &failures {
        println!("  case {n}: {why}");
        println!("    reproduce: folio build target/fuzz/{seed}-{n}");
    }
    if !failures.is_empty() {
        std::process::exit(1);
    }
}
