//! The checker of any protocol (paxos_check::system) on Multi-Paxos: correct Multi-Paxos
//! breaks nothing, and each broken variant is caught on a shortest path.

use std::path::Path;

use paxos_check::system::multi::MultiSpec;
use paxos_check::system::{Move, Search, Verdict};

fn spec(name: &str, max_round: u64, crashes: u8) -> (MultiSpec, paxos_sim::Plan) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/check").join(name);
    let plan = paxos_sim::Scenario::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    (MultiSpec::from_plan(&plan, max_round, crashes).unwrap(), plan)
}

fn check(
    name: &str,
    max_round: u64,
    crashes: u8,
) -> Verdict<paxos::multi::MultiMessage<paxos_sim::multi::Command>> {
    let (spec, plan) = spec(name, max_round, crashes);
    let (start, _) = spec.before_first_request(&plan).expect("the scenario elects a leader first");
    let report = Search::new(&spec, 2_000_000).from(start).run();
    report.verdict
}

#[test]
fn correct_multi_paxos_with_a_leader_and_two_writes_breaks_no_property() {
    assert_eq!(check("multi-failover.json", 1, 0), Verdict::Exhausted);
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
    let report = Search::new(&spec, 500_000).run();
    let Verdict::Found { property, path, .. } = report.verdict else { panic!("no counterexample") };
    assert_eq!((property.as_str(), path.len()), ("agreement", 9));
}
