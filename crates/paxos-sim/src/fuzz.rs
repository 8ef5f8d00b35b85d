//! Random scenarios with random faults, for `paxos-sim fuzz` and the property tests.

use crate::rng::SimRng;
use crate::scenario::{
    BackoffSpec, EventSpec, NetworkSpec, NodesSpec, ProposeSpec, ProposerSpec, Protocol, Scenario, SCENARIO_FORMAT,
    SCENARIO_VERSION,
};
use crate::sim::Simulation;

/// A scenario drawn from `seed`: 1 to 3 proposers with distinct values; drop up to 30%,
/// duplicate up to 20%; up to 3 crashes (most restarted later), up to 2 partitions (most
/// healed later); random or no backoff.
pub fn random_scenario(seed: u64, min_nodes: u16, max_nodes: u16) -> Scenario {
    let mut r = SimRng::new(seed);
    let n = r.between(u64::from(min_nodes), u64::from(max_nodes)) as usize;
    let name = |i: u64| format!("S{}", i + 1);
    let until = 4_000;
    let lo = r.between(0, 40);
    let hi = lo + r.between(0, 150);
    let network = NetworkSpec { delay: [lo, hi], drop: r.below(31) as f64 / 100.0, duplicate: r.below(21) as f64 / 100.0 };
    let proposer = ProposerSpec {
        timeout: r.between(100, 600),
        backoff: if r.chance(0.2) { BackoffSpec::None } else { BackoffSpec::Random },
    };
    let mut events = Vec::new();
    for k in 0..r.between(1, 3) {
        let node = name(r.below(n as u64));
        let at = r.between(0, 300);
        events.push(EventSpec { at, propose: Some(ProposeSpec { node, value: format!("v{k}") }), ..Default::default() });
    }
    for _ in 0..r.between(0, 3) {
        let node = name(r.below(n as u64));
        let at = r.between(0, 2_000);
        events.push(EventSpec { at, crash: Some(node.clone()), ..Default::default() });
        if r.chance(0.8) {
            events.push(EventSpec { at: at + r.between(1, 1_500), restart: Some(node), ..Default::default() });
        }
    }
    for _ in 0..r.between(0, 2) {
        let at = r.between(0, 2_000);
        let mut groups = vec![Vec::new(), Vec::new()];
        for i in 0..n {
            groups[r.below(2) as usize].push(name(i as u64));
        }
        groups.retain(|g: &Vec<String>| !g.is_empty());
        if groups.len() == 2 {
            events.push(EventSpec { at, partition: Some(groups), ..Default::default() });
            if r.chance(0.8) {
                events.push(EventSpec { at: at + r.between(1, 1_500), heal: Some(true), ..Default::default() });
            }
        }
    }
    events.sort_by_key(|e| e.at);
    Scenario {
        format: SCENARIO_FORMAT.into(),
        version: SCENARIO_VERSION,
        title: Some(format!("fuzz run {seed}")),
        description: None,
        protocol: Protocol::Basic,
        nodes: NodesSpec::Count(n as u64),
        seed,
        network,
        proposer,
        events,
        until,
    }
}

/// What one fuzz run found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuzzOutcome {
    pub chosen: bool,
    pub violations: usize,
    pub events: u64,
}

/// Runs a scenario to its end without recording a trace.
pub fn run_quiet(scenario: &Scenario) -> FuzzOutcome {
    let plan = scenario.plan().expect("generated scenarios are valid");
    let mut sim = Simulation::new(plan, false);
    sim.run();
    FuzzOutcome { chosen: sim.chosen().is_some(), violations: sim.violations().len(), events: sim.stats().events }
}
