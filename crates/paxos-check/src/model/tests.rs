//! The checker finds every seeded bug and no violation in correct Paxos.

use super::*;
use paxos::Flaws;

fn v(s: &str) -> Value {
    Value::new(s).unwrap()
}

/// 3 nodes, S1 proposes "1元/度" and S2 "2元/度".
fn island(flaws: Flaws, max_round: u64, drop: bool, duplicate: bool, crashes: u8) -> Model {
    Model { drop, duplicate, crashes, ..Model::island_race(flaws, max_round) }
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

/// `n` nodes: S1 proposes "1元/度" (and S2 "2元/度" when `two`); the others only accept, and
/// are interchangeable.
fn acceptors(n: u16, two: bool, flaws: Flaws, symmetry: bool) -> Model {
    let mut m = Model::island_race(flaws, 1);
    m.names = (1..=n).map(|i| format!("S{i}")).collect();
    m.config =
        Config { nodes: n, quorum: Config::majority(n), accept_quorum: Config::majority(n), ..m.config };
    if !two {
        m.proposals.truncate(1);
    }
    m.symmetry = symmetry;
    m
}

#[test]
fn symmetry_reduction_counts_each_class_of_renamed_acceptors_once_and_misses_nothing() {
    let plain = check(acceptors(4, false, Flaws::default(), false), Goal::Violation);
    let reduced = check(acceptors(4, false, Flaws::default(), true), Goal::Violation);
    assert_eq!((plain.outcome.clone(), reduced.outcome.clone()), (Outcome::Exhausted, Outcome::Exhausted));
    // S2, S3 and S4 can be named in 6 ways: at most 6 states per class.
    assert_eq!((plain.distinct, reduced.distinct), (665, 144));
    assert_eq!(reduced.depth, plain.depth, "the same longest shortest path");
    // A seeded bug is still found, with a shortest counterexample of the same length.
    let flaws = Flaws { accept_without_promise_check: true, ..Flaws::default() };
    let a = check(acceptors(4, true, flaws, false), Goal::Violation);
    let b = check(acceptors(4, true, flaws, true), Goal::Violation);
    assert_eq!(found(&a), found(&b));
}

#[test]
fn symmetry_is_not_applied_to_a_goal_about_one_node() {
    let model = acceptors(5, true, Flaws::default(), true);
    let start = model.initial();
    let goal = Goal::Learns { node: NodeId(4), value: v("1元/度") };
    assert_eq!(Search::new(model.clone(), goal, start.clone()).unwrap().symmetries(), 0);
    assert_eq!(Search::new(model, Goal::Violation, start).unwrap().symmetries(), 6);
}

/// Messages that can change nothing any more are left out of states. The
/// nodes, disks and votes reachable must be exactly those reachable with every message
/// kept: leaving a dead message out loses no behaviour.
#[test]
fn leaving_out_dead_messages_loses_no_reachable_node_state() {
    let mut cases = Vec::new();
    // With the network a set of every message sent (duplication), and a multiset without.
    for duplicate in [true, false] {
        let one_proposer = {
            let mut m = island(Flaws::default(), 2, true, duplicate, 0);
            m.proposals.truncate(1);
            m
        };
        let island_race = island(Flaws::default(), 1, true, duplicate, 0);
        let lossless = island(Flaws::default(), 1, false, duplicate, 0);
        let four = acceptors(4, true, Flaws::default(), false);
        let (mut start, mut model) = from_here();
        model.duplicate = duplicate;
        if !duplicate {
            start.net.dedup();
        }
        cases.extend([
            (island_race.initial(), island_race),
            (lossless.initial(), lossless),
            (one_proposer.initial(), one_proposer),
            (start, model),
        ]);
        if !duplicate {
            cases.push((four.initial(), four));
        }
    }
    for (start, model) in cases {
        let run = |prune: bool| {
            let mut s = Search::new(model.clone(), Goal::Violation, start.clone()).unwrap();
            assert!(s.prunes());
            if !prune {
                s.keep_dead_messages();
            }
            s.projections = Some(Default::default());
            while s.run(u64::MAX).outcome == Outcome::Running {}
            assert_eq!(s.report().outcome, Outcome::Exhausted);
            (s.report().distinct, s.projections.take().unwrap())
        };
        let (all, kept) = run(false);
        let (fewer, pruned) = run(true);
        assert!(fewer < all, "{fewer} < {all}");
        let what = format!(
            "{} nodes, {} proposals, rounds ≤ {}, loss {}, duplication {}, {} in flight",
            model.names.len(),
            model.proposals.len(),
            model.max_round,
            model.drop,
            model.duplicate,
            start.net.len()
        );
        assert_eq!(pruned.len(), kept.len(), "{what}");
        assert!(pruned == kept);
        println!("{what}: {all} states → {fewer}; {} node states either way", kept.len());
    }
    let flawed = island(Flaws { ignore_promised_values: true, ..Flaws::default() }, 1, true, true, 0);
    assert!(
        !Search::new(flawed.clone(), Goal::Violation, flawed.initial()).unwrap().prunes(),
        "only correct Paxos"
    );
}

/// Every broken variant of the island (see [`Model::island_broken`]), with losses if `drop`.
fn broken_variants(drop: bool) -> Vec<Model> {
    Model::island_broken().into_iter().map(|m| Model { drop, ..m }).collect()
}

/// A search of `model` from its start, taking losses as moves if `drops`.
fn search(model: &Model, goal: Goal, drops: bool) -> Search {
    let mut s = Search::new(model.clone(), goal, model.initial()).unwrap();
    if drops {
        s.explore_drops();
    }
    s
}

#[test]
fn leaving_out_losses_loses_no_reachable_node_state() {
    let mut crash = island(Flaws::default(), 1, true, false, 1);
    crash.proposals.truncate(1);
    let cases = [
        island(Flaws::default(), 1, true, false, 0),
        crash,
        island(Flaws { accept_keeps_promise: true, ..Flaws::default() }, 1, true, false, 0),
    ];
    for model in cases {
        let run = |drops: bool| {
            let mut s = search(&model, Goal::Violation, drops);
            s.projections = Some(Default::default());
            while s.run(u64::MAX).outcome == Outcome::Running {}
            (s.report().distinct, s.projections.take().unwrap())
        };
        let (all, with) = run(true);
        let (fewer, without) = run(false);
        assert!(fewer < all, "{fewer} < {all}");
        assert!(with == without, "{} node states with losses, {} without", with.len(), without.len());
        println!(
            "{:?}, {} crash: {all} states → {fewer}; {} node states",
            model.config.flaws.names(),
            model.crashes,
            with.len()
        );
    }
}

#[test]
fn leaving_out_losses_keeps_every_verdict_and_shortest_counterexample() {
    for model in broken_variants(true) {
        let run = |drops: bool| {
            let mut s = search(&model, Goal::Violation, drops);
            while s.run(u64::MAX).outcome == Outcome::Running {}
            let r = s.report().clone();
            let (property, len) = found(&r);
            (property.to_string(), len, r.distinct)
        };
        let (with, without) = (run(true), run(false));
        assert_eq!((&with.0, with.1), (&without.0, without.1), "{:?}", model.config.flaws.names());
        println!(
            "{:?}: {} in {} moves; {} states → {}",
            model.config.flaws.names(),
            with.0,
            with.1,
            with.2,
            without.2
        );
    }
    let correct = island(Flaws::default(), 2, true, false, 0);
    assert_eq!(check(correct, Goal::Violation).outcome, Outcome::Exhausted);
}

#[test]
fn a_search_gives_the_same_report_on_any_number_of_threads_and_in_any_slices() {
    let mut models = broken_variants(false);
    models.push(island(Flaws::default(), 2, false, false, 0));
    models.push(island(Flaws::default(), 1, true, true, 1));
    let mut bounded = acceptors(4, true, Flaws::default(), true);
    bounded.max_states = 20_000;
    models.push(bounded);
    let (start, here) = from_here();
    let run = |model: &Model, start: &State, threads: usize, slice: u64| {
        let mut s = Search::new(model.clone(), Goal::Violation, start.clone()).unwrap().threads(threads);
        while s.run(slice).outcome == Outcome::Running {}
        s.report().clone()
    };
    for (model, start) in models.iter().map(|m| (m, m.initial())).chain([(&here, start)]) {
        let one = run(model, &start, 1, u64::MAX);
        for (threads, slice) in [(2, u64::MAX), (3, 777), (1, 1_000)] {
            assert_eq!(
                run(model, &start, threads, slice),
                one,
                "{threads} threads, slices of {slice}: {model:?}"
            );
        }
        let outcome = match &one.outcome {
            Outcome::Found { property, path, .. } => format!("{property} in {} moves", path.len()),
            other => format!("{other:?}"),
        };
        println!("{:?}: {} states, {outcome}", model.config.flaws.names(), one.distinct);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]

    /// Correct Paxos gives no counterexample, whatever the small configuration: 3 or 4
    /// nodes, one or two proposers, rounds up to 1 or 2, loss, duplication, a crash,
    /// symmetry reduction (each search stops at 5,000 states).
    #[test]
    fn correct_paxos_has_no_counterexample_in_any_small_configuration(
        nodes in 3u16..=4,
        two in proptest::bool::ANY,
        max_round in 1u64..=2,
        drop in proptest::bool::ANY,
        duplicate in proptest::bool::ANY,
        crash in proptest::bool::ANY,
        symmetry in proptest::bool::ANY,
    ) {
        let mut model = acceptors(nodes, two, Flaws::default(), symmetry);
        model.max_round = max_round;
        (model.drop, model.duplicate, model.crashes) = (drop, duplicate, u8::from(crash));
        model.max_states = 5_000;
        let r = check(model.clone(), Goal::Violation);
        proptest::prop_assert!(
            matches!(r.outcome, Outcome::Exhausted | Outcome::Bounded(_)),
            "{:?} for {model:?}", r.outcome
        );
    }
}

/// A start in the middle of a run, as "check from here" has: S2 already proposed "2元/度"
/// (its prepares are in flight, its own promise is made); S1 may still propose "1元/度".
fn from_here() -> (State, Model) {
    let mut model = island(Flaws::default(), 1, true, true, 0);
    model.proposals.truncate(1);
    model.proposed_before = vec![v("2元/度")];
    let mut s = model.initial();
    let s2 = NodeId(1);
    s.nodes[1].propose(paxos::Time(0), v("2元/度"));
    let mut local = std::collections::VecDeque::new();
    loop {
        while let Some(out) = s.nodes[1].poll_output() {
            match out {
                paxos::Output::Send { to, msg } if to == s2 => local.push_back(msg),
                paxos::Output::Send { to, msg } => s.net.push(Packet { from: s2, to, msg: MsgKey(msg) }),
                paxos::Output::Persist(d) => s.disks[1] = d,
                paxos::Output::Event(_) => {}
            }
        }
        let Some(msg) = local.pop_front() else { break };
        s.nodes[1].handle_message(paxos::Time(0), s2, msg);
    }
    s.net.sort();
    (s, model)
}

#[test]
fn a_search_stops_at_its_memory_budget_and_says_so() {
    let mut model = island(Flaws::default(), 2, true, false, 0);
    model.max_memory = 4 << 20;
    let r = check(model, Goal::Violation);
    assert_eq!(r.outcome, Outcome::Bounded(Bound::Memory), "{r:?}");
    assert!(r.distinct > 1_000, "it ran until the budget: {r:?}");
}

#[test]
fn a_search_refuses_more_ballots_than_it_can_number() {
    let model = island(Flaws::default(), 5_000, false, false, 0);
    let Err(e) = Search::new(model.clone(), Goal::Violation, model.initial()) else {
        panic!("2 proposers × 5,000 rounds do not fit 4,095 numbers")
    };
    assert!(e.to_string().contains("lower the highest round"), "{e}");
}

/// The island under Flexible Paxos: `prepare` promises in phase 1, `accept` accepteds in
/// phase 2, of `n` nodes.
fn flexible(n: u16, prepare: u16, accept: u16, max_round: u64) -> Model {
    let mut m = acceptors(n, true, Flaws::default(), false);
    m.config = m.config.flexible(prepare, accept);
    m.max_round = max_round;
    m
}

#[test]
fn flexible_paxos_whose_quorums_meet_is_safe() {
    // Q1 + Q2 > N, with a phase 2 quorum smaller than a majority: 3 + 1 > 3. (4 nodes, 3 + 2
    // > 4, takes 6 s in release: npm test checks examples/check/flexible-safe.json.)
    let r = check(flexible(3, 3, 1, 2), Goal::Violation);
    assert_eq!(r.outcome, Outcome::Exhausted, "3 nodes, quorums 3 and 1: {r:?}");
}

#[test]
fn flexible_paxos_whose_quorums_can_miss_each_other_chooses_two_values() {
    // Q1 + Q2 <= N: 2 + 1 <= 3, 2 + 2 <= 4.
    for (n, q1, q2, len) in [(3, 2, 1, 6), (4, 2, 2, 8)] {
        let r = check(flexible(n, q1, q2, 1), Goal::Violation);
        assert_eq!(found(&r), ("agreement", len), "{n} nodes, quorums {q1} and {q2}");
    }
}

#[test]
fn past_half_its_memory_budget_a_search_keeps_waiting_states_in_a_file_with_the_same_report() {
    let model = island(Flaws::default(), 2, false, false, 0);
    let plain = check(model.clone(), Goal::Violation);
    // Budgets of which more than half is held before the end (each thread has buffers).
    for (threads, mib) in [(1, 24), (2, 40)] {
        let tight = Model { max_memory: mib << 20, ..model.clone() };
        let mut s = Search::new(tight, Goal::Violation, model.initial()).unwrap().threads(threads);
        while s.run(10_000).outcome == Outcome::Running {}
        assert!(s.spilled() > 1 << 20, "{threads} threads: {} bytes spilled", s.spilled());
        assert_eq!(s.report(), &plain, "{threads} threads, spilled {}", s.spilled());
        println!(
            "{threads} threads: {} states, {} bytes of waiting states spilled",
            plain.distinct,
            s.spilled()
        );
    }
}
