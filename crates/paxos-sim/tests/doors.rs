//! Fuzzing every reader a file or a link reaches: scenarios, traces (Basic and Multi-Paxos)
//! and exercises, each mutated from the examples (bytes flipped, cut, repeated, JSON tokens
//! put in). A reader answers a value or an error with a message; it never panics.
//! `DOOR_CASES=N` runs more cases than CI's; a failure prints its `DOOR_SEED` and the input,
//! and `DOOR_SEED=S` runs those cases again.

use std::panic::{catch_unwind, AssertUnwindSafe};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn examples(folder: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples").join(folder);
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

/// Traces of the example scenarios, as `paxos-sim run --trace` writes them.
fn traces() -> Vec<String> {
    examples("scenarios")
        .iter()
        .map(|json| match paxos_sim::run_any(json, None, true).unwrap() {
            paxos_sim::Run::Basic(sim) => sim.trace_text(),
            paxos_sim::Run::Multi(sim) => sim.trace_text(),
        })
        .collect()
}

/// What a careless editor or a hostile link does to a text.
#[derive(Clone, Debug)]
enum Edit {
    Flip(usize, u8),
    Cut(usize, usize),
    Repeat(usize, usize),
    Put(usize, &'static str),
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "-1",
    "1e400",
    "18446744073709551616",
    "9007199254740993",
    "\"\\ud800\"",
    "\"__proto__\"",
    "\"constructor\"",
    "[[[[[[[[",
    "0.5",
    "\"S999\"",
    "{\"at\":0}",
    "\"manual\"",
    "\"multi\"",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Flip(at, b)),
        (any::<usize>(), 0usize..64).prop_map(|(at, n)| Edit::Cut(at, n)),
        (any::<usize>(), 0usize..64).prop_map(|(at, n)| Edit::Repeat(at, n)),
        (any::<usize>(), prop::sample::select(TOKENS)).prop_map(|(at, t)| Edit::Put(at, t)),
    ]
}

/// Applies the edits byte-wise; the result may not be UTF-8, which a reader receives as text
/// only through a lossy decoding (as a browser's `TextDecoder` does).
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut b = text.as_bytes().to_vec();
    for e in edits {
        let len = b.len().max(1);
        match *e {
            Edit::Flip(at, x) if !b.is_empty() => b[at % len] ^= x,
            Edit::Cut(at, n) if !b.is_empty() => {
                let at = at % len;
                b.drain(at..(at + n).min(b.len()));
            }
            Edit::Repeat(at, n) if !b.is_empty() => {
                let at = at % len;
                let piece = b[at..(at + n).min(b.len())].to_vec();
                b.splice(at..at, piece);
            }
            Edit::Put(at, t) => {
                let at = at % (b.len() + 1);
                b.splice(at..at, t.bytes());
            }
            _ => {}
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

fn cases() -> u32 {
    std::env::var("DOOR_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(300)
}

/// The seed of this run's cases: `DOOR_SEED`, or new each run.
fn seed() -> u64 {
    std::env::var("DOOR_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        now.as_nanos() as u64
    })
}

/// Runs `read` on mutations of each of `texts`; fails on a panic, with the seed and input.
fn never_panics(door: &str, texts: Vec<String>, read: fn(&str)) {
    let seed = seed();
    let mut bytes = [0u8; 32];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = (seed >> ((i % 8) * 8)) as u8 ^ i as u8;
    }
    let config = Config { cases: cases(), failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let strategy = (0..texts.len(), prop::collection::vec(edit(), 1..6));
    let result = runner.run(&strategy, |(i, edits)| {
        let input = mutate(&texts[i], &edits);
        let outcome = catch_unwind(AssertUnwindSafe(|| read(&input)));
        prop_assert!(outcome.is_ok(), "{door} panicked on:\n{input}");
        Ok(())
    });
    if let Err(e) = result {
        panic!("{door}: {e}\nrun again with DOOR_SEED={seed}");
    }
}

#[test]
fn the_scenario_reader_never_panics() {
    never_panics("the scenario reader", examples("scenarios"), |text| {
        let _ = paxos_sim::Scenario::parse(text);
    });
}

#[test]
fn the_trace_readers_never_panic() {
    never_panics("the trace reader", traces(), |text| {
        let _ = paxos_sim::trace::parse(text);
        let _ = paxos_sim::trace::parse_multi(text);
    });
}

#[test]
fn the_exercise_reader_never_panics() {
    never_panics("the exercise reader", examples("exercises"), |text| {
        let _ = paxos_sim::exercise::Exercise::parse(text);
    });
}

#[test]
fn a_scenario_that_reads_also_runs_within_its_bounds() {
    // Mutated scenarios that still read are run (briefly): the simulator takes what the
    // reader lets in.
    never_panics("a mutated scenario's run", examples("scenarios"), |text| {
        if let Ok(mut plan) = paxos_sim::Scenario::parse(text) {
            plan.until = plan.until.min(2_000);
            match plan.protocol {
                paxos_sim::scenario::Protocol::Basic => paxos_sim::Simulation::new(plan, true).run(),
                paxos_sim::scenario::Protocol::Multi => {
                    paxos_sim::multi::MultiSimulation::new(plan, true).run()
                }
            }
        }
    });
}
