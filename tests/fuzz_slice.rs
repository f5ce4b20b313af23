//! A short, fixed-seed slice of the fuzzer (`tests/fuzzer`): whole builds of generated and
//! mutated collections must never panic or hang, and must either refuse with located errors
//! or make complete, well-formed outputs. `bench/fuzz SECONDS` runs it for longer.

mod fuzzer;

/// Cases in the slice CI runs: a few of every kind (markdown, manifest, mutation).
const CASES: u64 = 60;

#[test]
fn a_fixed_slice_of_fuzz_cases_holds_every_invariant() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let (mut built, mut refused) = (0, 0);
    for n in 0..CASES {
        let case = fuzzer::case(fuzzer::CI_SEED, n);
        match fuzzer::run(&case, dir.path()) {
            fuzzer::Outcome::Built => built += 1,
            fuzzer::Outcome::Refused => refused += 1,
            fuzzer::Outcome::Unwritten(why) => panic!("case {n} could not be written: {why}"),
            fuzzer::Outcome::Failed(why) => failures.push(format!(
                "case {n} ({}): {why}\n--- manifest:\n{}\n--- articles:\n{:?}",
                case.kind,
                case.manifest,
                case.articles
                    .iter()
                    .map(|(f, t)| (f, String::from_utf8_lossy(t)))
                    .collect::<Vec<_>>()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The slice must exercise both answers, or it tests nothing.
    assert!(
        built > CASES / 4 && refused > 0,
        "built {built}, refused {refused}"
    );
}
