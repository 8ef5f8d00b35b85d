//! `paxos-sim bench`: simulated events per second, two duelling proposers, 10% loss.
//! It prints figures; nothing is asserted.

use std::process::ExitCode;
use std::time::Instant;

use paxos_sim::scenario::{EventSpec, NetworkSpec, NodesSpec, ProposeSpec, Scenario};
use paxos_sim::Simulation;

use crate::args::{Args, CliError};

pub fn main(argv: &[String]) -> Result<ExitCode, CliError> {
    let args = Args::parse(argv, &["seconds"], &[])?;
    let budget = args.number("seconds")?.unwrap_or(3) as f64;
    println!(
        "{:>6} {:>8} {:>6} {:>14} {:>14} {:>12}",
        "nodes", "record", "runs", "events", "events/s", "msgs/s"
    );
    for nodes in [5u64, 101] {
        for record in [false, true] {
            let (runs, events, msgs, secs) = measure(nodes, record, budget / 4.0);
            println!(
                "{nodes:>6} {:>8} {runs:>6} {events:>14} {:>14.0} {:>12.0}",
                if record { "trace" } else { "off" },
                events as f64 / secs,
                msgs as f64 / secs
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn scenario(nodes: u64, seed: u64) -> Scenario {
    let propose = |at, node: &str, value: &str| EventSpec {
        at,
        propose: Some(ProposeSpec { node: node.into(), value: value.into() }),
        ..Default::default()
    };
    let mut s: Scenario =
        serde_json::from_str(r#"{"format":"paxos-scenario","version":1,"nodes":1}"#).unwrap();
    s.nodes = NodesSpec::Count(nodes);
    s.seed = seed;
    s.network = NetworkSpec { delay: [10, 100], drop: 0.10, duplicate: 0.0 };
    s.events = vec![propose(0, "S1", "1元/度"), propose(0, "S2", "2元/度")];
    s.until = 10_000;
    s
}

/// Runs scenarios with seeds 1, 2, … for about `secs`.
fn measure(nodes: u64, record: bool, secs: f64) -> (u64, u64, u64, f64) {
    let started = Instant::now();
    let (mut runs, mut events, mut msgs) = (0u64, 0u64, 0u64);
    while runs == 0 || started.elapsed().as_secs_f64() < secs {
        runs += 1;
        let plan = scenario(nodes, runs).plan().expect("the benchmark scenario is valid");
        let mut sim = Simulation::new(plan, record);
        sim.run();
        events += sim.stats().events;
        msgs += sim.stats().sent;
    }
    (runs, events, msgs, started.elapsed().as_secs_f64())
}
