//! The checker finds every seeded bug and no violation in correct Paxos.

use super::*;
use paxos::Flaws;

fn v(s: &str) -> Value {
    Value::new(s).unwrap()
}

/// 3 nodes, S1 proposes "1元/度" and S2 "2元/度".
fn island(flaws: Flaws, max_round: u64, drop: bool, duplicate: bool, crashes: u8) -> Model {
    let mut config = Config::new(3).unwrap();
    config.flaws = flaws;
    Model {
        names: vec!["S1".into(), "S2".into(), "S3".into()],
        config,
        proposals: vec![(NodeId(0), v("1元/度")), (NodeId(1), v("2元/度"))],
        max_round,
        drop,
        duplicate,
        crashes,
        max_states: 0,
    }
}

fn found(r: &Report) -> (&str, usize) {
    match &r.outcome {
        Outcome::Found { property, path, .. } => (property.as_str(), path.len()),
        other => panic!("expected a counterexample, got {other:?} after {} states", r.distinct),
    }
}

#[test]
fn correct_paxos_has_no_counterexample_with_one_round_each() {
    let r = check(island(Flaws::default(), 1, true, true, 0), Goal::Violation);
    assert_eq!(r.outcome, Outcome::Exhausted, "{r:?}");
    assert!(r.distinct > 1_000, "{r:?}");
}

#[test]
fn flaw_1_ignoring_promised_values_chooses_two_values() {
    let flaws = Flaws { ignore_promised_values: true, ..Flaws::default() };
    let r = check(island(flaws, 2, false, false, 0), Goal::Violation);
    assert_eq!(found(&r).0, "agreement");
}

#[test]
fn the_chosen_value_is_a_goal_too() {
    let r = check(island(Flaws::default(), 1, false, false, 0), Goal::Chosen(v("2元/度")));
    let (property, len) = found(&r);
    assert_eq!(property, "goal");
    // S2 proposes, prepares at S2 and S3, both promise, S2 sends accept, two acceptors vote.
    assert!(len <= 10, "{len}");
    let r = check(island(Flaws::default(), 1, false, false, 0), Goal::Chosen(v("never proposed")));
    assert_eq!(r.outcome, Outcome::Exhausted);
}

/// A counterexample for `flaws`, checked: it replays in the simulator, whose live checker
/// reports a violation at the end; and its scenario file replays it too.
fn counterexample(model: Model, goal: Goal) -> (String, usize) {
    let r = check(model.clone(), goal);
    let Outcome::Found { property, path, .. } = &r.outcome else {
        panic!("no counterexample for {:?}: {r:?}", model.config.flaws)
    };
    let sim = crate::replay::replay(&model, path).expect("the path replays");
    assert!(
        !sim.violations().is_empty(),
        "the simulator's checker sees it too: {property}\n{}",
        sim.trace_text()
    );
    let scenario = crate::replay::scenario(&model, path, "t", "d");
    let json = serde_json::to_string(&scenario).unwrap();
    let again = paxos_sim::run_scenario(&json, None, true).unwrap();
    assert_eq!(
        again.violations().first().map(|v| v.property),
        sim.violations().first().map(|v| v.property),
        "the scenario file replays the counterexample:\n{json}\n{}",
        again.trace_text()
    );
    (property.clone(), path.len())
}

#[test]
fn every_broken_variant_has_a_counterexample_that_replays() {
    let f = Flaws::default;
    let cases = [
        (Flaws { ignore_promised_values: true, ..f() }, 2, 0),
        (Flaws { acceptor_amnesia: true, ..f() }, 2, 1),
        (Flaws { accept_without_promise_check: true, ..f() }, 1, 0),
        (Flaws { round_only_ballots: true, ..f() }, 1, 0),
        (Flaws { learn_from_first_accepted: true, ..f() }, 1, 0),
        (Flaws { accept_keeps_promise: true, ..f() }, 2, 0),
    ];
    for (flaws, max_round, crashes) in cases {
        let (property, len) =
            counterexample(island(flaws, max_round, false, false, crashes), Goal::Violation);
        println!("{:?}: {property} in {len} moves", flaws.names());
    }
    let mut small = island(Flaws::default(), 1, false, false, 0);
    small.config.quorum = 1;
    let (property, len) = counterexample(small, Goal::Violation);
    println!("quorum 1: {property} in {len} moves");
}

#[test]
fn broken_variants_can_choose_two_values() {
    let f = Flaws::default;
    for (flaws, max_round, crashes, quorum) in [
        (Flaws { acceptor_amnesia: true, ..f() }, 2, 1, 2),
        (Flaws { round_only_ballots: true, ..f() }, 1, 0, 2),
        (Flaws::default(), 1, 0, 1),
    ] {
        let mut model = island(flaws, max_round, false, false, crashes);
        model.config.quorum = quorum;
        let (property, len) = counterexample(model, Goal::Breaks("agreement".into()));
        assert_eq!(property, "agreement");
        println!("{:?} quorum {quorum}: agreement broken in {len} moves", flaws.names());
    }
}

#[test]
#[ignore]
fn probe() {
    for (r, d, dup) in [(1, false, true), (2, false, false), (2, false, true), (1, true, true)] {
        let mut m = island(Flaws::default(), r, d, dup, 0);
        m.max_states = 3_000_000;
        let t = std::time::Instant::now();
        let rep = check(m, Goal::Violation);
        println!(
            "round {r} drop {d} dup {dup}: {:?} distinct {} generated {} depth {} in {:?}",
            rep.outcome,
            rep.distinct,
            rep.generated,
            rep.depth,
            t.elapsed()
        );
    }
}

#[test]
#[ignore]
fn probe_full() {
    let m = island(Flaws::default(), 2, false, true, 0);
    let mut search = Search::new(m.clone(), Goal::Violation, m.initial());
    let t = std::time::Instant::now();
    loop {
        let r = search.run(1_000_000).clone();
        println!(
            "{:?} distinct {} generated {} depth {} explored {} at {:?}",
            r.outcome,
            r.distinct,
            r.generated,
            r.depth,
            r.explored,
            t.elapsed()
        );
        if r.outcome != Outcome::Running {
            break;
        }
    }
}
