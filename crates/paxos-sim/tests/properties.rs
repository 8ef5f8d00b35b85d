//! Property tests over seed × faults: whatever the network and the crashes do, no safety
//! property is ever violated. A failure prints the seed and knobs to replay it with.

use paxos_sim::fuzz::{build_scenario, run_quiet, Knobs};
use paxos_sim::Simulation;
use proptest::prelude::*;

fn knobs() -> impl Strategy<Value = Knobs> {
    (1u16..=9, 0u8..=30, 0u8..=20, 1u8..=3, 0u8..=3, 0u8..=2, any::<bool>()).prop_map(
        |(nodes, drop_percent, duplicate_percent, proposals, crashes, partitions, no_backoff)| Knobs {
            nodes,
            drop_percent,
            duplicate_percent,
            proposals,
            crashes,
            partitions,
            no_backoff,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn always_agreement_validity_and_monotonic_acceptors(seed in 0u64..(1 << 53), knobs in knobs()) {
        let scenario = build_scenario(seed, &knobs);
        let plan = scenario.plan().unwrap();
        let mut sim = Simulation::new(plan, false);
        sim.run();
        prop_assert!(
            sim.violations().is_empty(),
            "seed {seed}, {knobs:?}: {:?}\nreplay: save the scenario below and run `paxos-sim run FILE --trace -`\n{}",
            sim.violations(),
            serde_json::to_string(&scenario).unwrap()
        );
        // Learners agree with the chosen value.
        let chosen = sim.chosen().map(|c| c.value.clone());
        for host in sim.hosts() {
            if let Some(v) = host.node.learner().learned() {
                prop_assert_eq!(Some(v), chosen.as_ref(), "seed {}", seed);
            }
        }
    }

    #[test]
    fn recording_the_trace_changes_nothing(seed in 0u64..(1 << 53), knobs in knobs()) {
        let plan = build_scenario(seed, &knobs).plan().unwrap();
        let mut quiet = Simulation::new(plan.clone(), false);
        let mut loud = Simulation::new(plan, true);
        quiet.run();
        loud.run();
        prop_assert_eq!(quiet.stats(), loud.stats());
        prop_assert_eq!(quiet.step_number(), loud.step_number());
        prop_assert_eq!(loud.trace().len() as u64, loud.step_number());
    }
}

#[test]
fn sometimes_a_value_is_chosen_under_faults() {
    // Liveness is not promised under faults, but it must happen in most runs, or the
    // simulator is not exercising phase 2 at all.
    let runs = 300;
    let chosen = (0..runs).filter(|&s| run_quiet(&paxos_sim::fuzz::random_scenario(s, 3, 9)).chosen).count();
    assert!(chosen * 2 > runs as usize, "only {chosen} of {runs} runs chose a value");
}
