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
