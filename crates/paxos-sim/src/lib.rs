//! The deterministic simulator around the Paxos core: scenarios in, traces out.
//!
//! - [`scenario`]: the `paxos-scenario` v1 file, checked into a [`Plan`].
//! - [`world`]: virtual time, a seeded network (delay, loss, duplication, partitions),
//!   crashes with durable state and timers, for any [`paxos::Protocol`].
//! - [`Simulation`]: Basic Paxos in the world, with the safety [`checker`] after every step;
//!   [`multi::MultiSimulation`]: Multi-Paxos and the ZooKeeper view.
//! - [`external`]: a node written by someone else (a student), run through the node
//!   protocol `paxos-node` v1.
//! - [`trace`]: the `paxos-trace` v1 JSON Lines format.
//! - [`snapshot`]: what a person sees (every notebook, every message in flight).

mod basic;
pub mod checker;
pub mod exercise;
pub mod external;
pub mod fuzz;
pub mod json;
mod lean;
pub use lean::sure;
pub(crate) use paxos::Quoted;
pub mod multi;
pub mod rng;
pub mod scenario;
pub mod snapshot;
pub use paxos::sorted;
pub mod summary;
pub mod trace;
pub mod world;

pub use basic::{Basic, Chosen, Counts, Flight, Host, Senator, Simulation, Violation};
pub use scenario::{Action, Plan, Scenario, ScenarioError};
pub use summary::Summary;
pub use world::{ActionError, Stats};

/// Like [`run_scenario`], for a scenario of either protocol.
pub enum Run {
    Basic(Simulation),
    #[cfg(feature = "multi")]
    Multi(multi::MultiSimulation),
}

/// Parses `json`, overrides the seed if given, and runs the scenario (Basic or Multi-Paxos)
/// to its end.
pub fn run_any(json: &str, seed: Option<u64>, record: bool) -> Result<Run, ScenarioError> {
    let mut plan = Scenario::parse(json)?;
    if let Some(seed) = seed {
        plan.seed = checked_seed(seed)?;
    }
    Ok(match plan.protocol {
        scenario::Protocol::Basic => {
            let mut sim = Simulation::new(plan, record);
            sim.run();
            Run::Basic(sim)
        }
        #[cfg(feature = "multi")]
        scenario::Protocol::Multi => {
            let mut sim = multi::MultiSimulation::new(plan, record);
            sim.run();
            Run::Multi(sim)
        }
        #[cfg(not(feature = "multi"))]
        scenario::Protocol::Multi => return Err(multi_elsewhere()),
    })
}

/// The Basic Paxos simulator refuses a Multi-Paxos plan rather than run it as something else.
pub fn basic_only(plan: &Plan) -> Result<(), ScenarioError> {
    match plan.protocol {
        scenario::Protocol::Basic => Ok(()),
        scenario::Protocol::Multi => Err(multi_elsewhere()),
    }
}

/// Why a Basic Paxos simulator does not run a Multi-Paxos scenario.
pub(crate) fn multi_elsewhere() -> ScenarioError {
    ScenarioError::Invalid {
        path: "protocol".into(),
        message: "this is a multi scenario: it runs in the Multi-Paxos view (paxos-sim run handles both)"
            .into(),
    }
}

/// `seed` if a scenario may have it.
pub fn checked_seed(seed: u64) -> Result<u64, ScenarioError> {
    if seed > scenario::MAX_SEED {
        return Err(ScenarioError::Invalid {
            path: "seed".into(),
            message: format!("{seed} is out of range; allowed 0 to {}", scenario::MAX_SEED),
        });
    }
    Ok(seed)
}

/// Parses `json`, overrides the seed if given, and runs the scenario to its end.
pub fn run_scenario(json: &str, seed: Option<u64>, record: bool) -> Result<Simulation, ScenarioError> {
    let mut plan = Scenario::parse(json)?;
    basic_only(&plan)?;
    if let Some(seed) = seed {
        plan.seed = checked_seed(seed)?;
    }
    let mut sim = Simulation::new(plan, record);
    sim.run();
    Ok(sim)
}
