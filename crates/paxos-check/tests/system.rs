//! The checker of any protocol (paxos_check::system) on Multi-Paxos: correct Multi-Paxos
//! breaks nothing, and each broken variant is caught on a shortest path.

use std::path::Path;

use paxos_check::system::multi::MultiSpec;
use paxos_check::system::{Move, Report, Search, Verdict};

fn spec(name: &str, max_round: u64, crashes: u8) -> (MultiSpec, paxos_sim::Plan) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/check").join(name);
    let plan = paxos_sim::Scenario::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    (MultiSpec::from_plan(&plan, max_round, crashes).unwrap(), plan)
}

type Msg = paxos::multi::MultiMessage<paxos_sim::multi::Command>;

/// The search of `name` from its state before the first request, where S1 leads.
fn search(name: &str, max_round: u64, crashes: u8) -> Report<Msg> {
    let (spec, plan) = spec(name, max_round, crashes);
    let (start, _, leader) = spec.before_first_request(&plan).expect("the scenario elects a leader first");
    assert_eq!(leader, Some(paxos::NodeId(0)), "S1 leads when the first request comes");
    Search::new(spec.clone(), 2_000_000).from(start).run()
}

fn check(name: &str, max_round: u64, crashes: u8) -> Verdict<Msg> {
    search(name, max_round, crashes).verdict
}

#[test]
fn correct_multi_paxos_with_a_leader_and_two_writes_breaks_no_property() {
    assert_eq!(check("multi-failover.json", 1, 0), Verdict::Exhausted);
}

#[test]
fn the_round_bound_stops_new_ballots_not_a_node_that_started_above_it() {
    // S1 leads with round 1; with a bound of 0 it still takes the writes (no one else may
    // start a ballot), so the search explores far more than the start.
    let report = search("multi-failover.json", 0, 0);
    assert_eq!(report.verdict, Verdict::Exhausted);
    assert!(report.states > 100, "{} states: a node above the bound is frozen", report.states);
}

#[test]
fn a_new_leader_that_ignores_the_votes_in_its_promises_breaks_agreement_in_six_moves() {
    let Verdict::Found { property, path, .. } = check("multi-broken-ignore-promised-votes.json", 2, 0) else {
        panic!("no counterexample")
    };
    assert_eq!((property.as_str(), path.len()), ("agreement", 6));
    assert!(matches!(path.last(), Some(Move::Deliver { .. })));
}

#[test]
fn a_sync_answered_without_a_quorum_returns_before_an_acknowledged_write_in_seven_moves() {
    let Verdict::Found { property, path, .. } = check("multi-broken-sync-without-quorum.json", 2, 0) else {
        panic!("no counterexample")
    };
    assert_eq!((property.as_str(), path.len()), ("sync-sees-acknowledged-writes", 7));
    assert_eq!(path.last(), Some(&Move::Request(1)), "the sync is the last move");
}

#[test]
fn the_checker_starts_from_every_node_as_it_starts_without_a_prefix() {
    // From time 0: the elections are explored too; the broken variant is still caught.
    let (spec, _) = spec("multi-broken-ignore-promised-votes.json", 1, 0);
    let report = Search::new(spec.clone(), 500_000).run();
    let Verdict::Found { property, path, .. } = report.verdict else { panic!("no counterexample") };
    assert_eq!((property.as_str(), path.len()), ("agreement", 9));
}

/// The packed search (paxos_check::model) and the checker of any protocol, which judges with
/// the world's live checker, give the same verdict and the same shortest counterexample
/// length on correct Basic Paxos and on every broken variant.
#[test]
fn the_live_checkers_properties_and_the_packed_search_agree_on_every_broken_variant() {
    use paxos::Flaws;
    use paxos_check::model::{Goal, Model, Outcome, Search as Packed};
    use paxos_check::system::basic::BasicSpec;

    let mut cases: Vec<(&str, Model)> = vec![("correct", Model::island_race(Flaws::default(), 1))];
    for (name, _) in Flaws::ALL {
        let mut flaws = Flaws::default();
        flaws.set(name);
        let mut model = Model::island_race(flaws, 2);
        model.crashes = u8::from(name == "acceptor-amnesia");
        cases.push((name, model));
    }
    let mut small = Model::island_race(Flaws::default(), 1);
    small.config.quorum = 1;
    small.config.accept_quorum = 1;
    cases.push(("a quorum of 1", small));
    for (name, mut model) in cases {
        // The network as a set, as the checker of any protocol keeps it.
        model.duplicate = true;
        let mut packed = Packed::new(model.clone(), Goal::Violation, model.initial()).unwrap();
        while packed.run(1_000_000).outcome == Outcome::Running {}
        let packed = match &packed.report().outcome {
            Outcome::Found { property, path, .. } => Some((property.clone(), path.len())),
            Outcome::Exhausted => None,
            other => panic!("{name}: {other:?}"),
        };
        let spec = BasicSpec::of(&model);
        let live = match Search::new(spec.clone(), 0).run().verdict {
            Verdict::Found { property, path, .. } => Some((property, path.len())),
            Verdict::Exhausted => None,
            Verdict::Bounded(_) => unreachable!("no bound"),
        };
        assert_eq!(live, packed, "{name}");
    }
}

/// The counterexample of broken example `name` as a scenario file's text, read back.
fn counterexample_scenario(name: &str) -> (String, paxos_sim::Plan) {
    let (spec, plan) = spec(name, 2, 0);
    let (start, _, _) = spec.before_first_request(&plan).unwrap();
    let Verdict::Found { property, detail, path } =
        Search::new(spec.clone(), 2_000_000).from(start).run().verdict
    else {
        panic!("{name}: nothing found");
    };
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/check").join(name);
    let original = paxos_sim::Scenario::from_json(&std::fs::read_to_string(file).unwrap()).unwrap();
    let (scenario, world) =
        paxos_check::system::multi::scenario(&spec, &original, &plan, &path, &property, &detail).unwrap();
    assert_eq!(world.violations()[0].property.name(), property);
    let text = serde_json::to_string_pretty(&scenario).unwrap();
    (property, paxos_sim::Scenario::parse(&text).unwrap())
}

#[test]
fn a_multi_counterexample_written_as_a_scenario_breaks_the_same_property_when_run() {
    for (name, expected) in [
        ("multi-broken-ignore-promised-votes.json", "agreement"),
        ("multi-broken-sync-without-quorum.json", "sync-sees-acknowledged-writes"),
    ] {
        let (property, plan) = counterexample_scenario(name);
        assert_eq!(property, expected, "{name}");
        let mut world = paxos_sim::multi::MultiSimulation::new(plan, true);
        world.run();
        let broken: Vec<&str> = world.violations().iter().map(|v| v.property.name()).collect();
        assert_eq!(broken.first(), Some(&expected), "{name}: the scenario breaks {broken:?}");
    }
}

#[test]
fn a_search_in_slices_gives_the_report_of_one_run() {
    for (name, max_round) in [("multi-failover.json", 1), ("multi-broken-sync-without-quorum.json", 2)] {
        let (spec, plan) = spec(name, max_round, 0);
        let (start, _, _) = spec.before_first_request(&plan).unwrap();
        let whole = Search::new(spec.clone(), 0).from(start.clone()).run();
        let mut sliced = Search::new(spec, 0).from(start);
        let mut slices = 1;
        while !sliced.explore(97) {
            slices += 1;
        }
        let r = sliced.report();
        assert!(slices > 3, "{name}: {slices} slices");
        assert_eq!(
            (r.states, r.generated, r.depth, &r.verdict),
            (whole.states, whole.generated, whole.depth, &whole.verdict),
            "{name}"
        );
    }
}

/// The search keeps states packed as numbers into pools of parts, disks, messages and
/// judges: it counts what the search over whole states counted (10,712 distinct states,
/// 225,248 generated, 20 moves deep, measured with that search).
#[test]
fn packed_states_count_as_many_distinct_states_as_whole_ones() {
    let r = search("multi-failover.json", 1, 0);
    assert_eq!((r.states, r.generated, r.depth, r.verdict), (10_712, 225_248, 20, Verdict::Exhausted));
}

/// Always past the budget.
fn past_all() -> u64 {
    u64::MAX
}

#[test]
fn a_search_past_its_memory_budget_stops_with_a_bound_instead_of_dying() {
    let (spec, plan) = spec("multi-failover.json", 2, 0);
    let (start, _, _) = spec.before_first_request(&plan).unwrap();
    let r = Search::new(spec, 0).from(start).max_memory(1 << 30, past_all).run();
    assert_eq!(r.verdict, Verdict::Bounded(paxos_check::system::Bound::Memory));
    assert!(r.states < 100_000, "stopped at the first check of the meter, after 1,024 states: {}", r.states);
}

#[test]
fn the_verdict_counts_and_path_are_the_same_on_any_number_of_threads() {
    for (name, max_round, crashes, max_states) in [
        ("multi-failover.json", 1, 1, 0),
        ("multi-failover.json", 2, 0, 20_000),
        ("multi-broken-ignore-promised-votes.json", 2, 0, 0),
        ("multi-broken-sync-without-quorum.json", 2, 0, 0),
    ] {
        let (spec, plan) = spec(name, max_round, crashes);
        let (start, _, _) = spec.before_first_request(&plan).unwrap();
        let one = Search::new(spec.clone(), max_states).from(start.clone()).run();
        for threads in [2, 3] {
            let many = Search::new(spec.clone(), max_states).from(start.clone()).threads(threads).run();
            assert_eq!(
                (many.states, many.generated, many.depth, &many.verdict),
                (one.states, one.generated, one.depth, &one.verdict),
                "{name}, rounds up to {max_round}, {threads} threads"
            );
        }
    }
}
