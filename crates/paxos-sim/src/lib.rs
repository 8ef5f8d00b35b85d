//! The deterministic simulator around the Paxos core: scenarios in, traces out.
//!
//! - [`scenario`]: the `paxos-scenario` v1 file, checked into a [`Plan`].
//! - [`Simulation`]: virtual time, a seeded network (delay, loss, duplication, partitions),
//!   crashes with durable state, and a safety [`checker`] after every step.
//! - [`trace`]: the `paxos-trace` v1 JSON Lines format.
//! - [`snapshot`]: what a person sees (every notebook, every message in flight).

pub mod checker;
pub mod counterexample;
pub mod exercise;
pub mod fuzz;
pub mod rng;
pub mod scenario;
pub mod session;
mod sim;
pub mod snapshot;
mod summary;
pub mod trace;

pub use scenario::{Action, Plan, Scenario, ScenarioError};
pub use sim::{ActionError, Chosen, Flight, Host, Simulation, Stats, Violation};
pub use summary::Summary;

/// Parses `json`, overrides the seed if given, and runs the scenario to its end.
pub fn run_scenario(json: &str, seed: Option<u64>, record: bool) -> Result<Simulation, ScenarioError> {
    let mut plan = Scenario::parse(json)?;
    if let Some(seed) = seed {
        if seed > scenario::MAX_SEED {
            return Err(ScenarioError::Invalid {
                path: "seed".into(),
                message: format!("{seed} is out of range; allowed 0 to {}", scenario::MAX_SEED),
            });
        }
        plan.seed = seed;
    }
    let mut sim = Simulation::new(plan, record);
    sim.run();
    Ok(sim)
}
