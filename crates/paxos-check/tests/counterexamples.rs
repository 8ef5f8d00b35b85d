//! Counterexamples of the model checker replay in the simulator: every broken variant is
//! found, and the simulator's own live checker sees the same violation.

use paxos::Flaws;
use paxos_check::model::{check, Goal, Model, Outcome};

/// 3 nodes, S1 proposes "1元/度" and S2 "2元/度".
fn island(flaws: Flaws, max_round: u64, drop: bool, duplicate: bool, crashes: u8) -> Model {
    Model { drop, duplicate, crashes, ..Model::island_race(flaws, max_round) }
}
/// A counterexample for `flaws`, checked: it replays in the simulator, whose live checker
/// reports a violation at the end; and its scenario file replays it too.
fn counterexample(model: Model, goal: Goal) -> (String, usize) {
    let r = check(model.clone(), goal);
    let Outcome::Found { property, path, .. } = &r.outcome else {
        panic!("no counterexample for {:?}: {r:?}", model.config.flaws)
    };
    let sim = paxos_check::counterexample::replay(&model, path).expect("the path replays");
    assert!(
        !sim.violations().is_empty(),
        "the simulator's checker sees it too: {property}\n{}",
        sim.trace_text()
    );
    let scenario = paxos_check::counterexample::scenario(&model, path, "t", "d");
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
    for model in Model::island_broken() {
        let (quorum, flaws) = (model.config.quorum, model.config.flaws.names());
        let (property, len) = counterexample(model, Goal::Violation);
        println!("{flaws:?}, quorum {quorum}: {property} in {len} moves");
    }
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
        model.config.accept_quorum = quorum;
        let (property, len) = counterexample(model, Goal::Breaks("agreement".into()));
        assert_eq!(property, "agreement");
        println!("{:?} quorum {quorum}: agreement broken in {len} moves", flaws.names());
    }
}
