//! What one session may do, and why a request is refused (docs/worker-protocol.md,
//! "Budgets"): every refusal is a value with a message for the person who asked.

use paxos_sim::{ActionError, ScenarioError};

/// What one session may do (docs/worker-protocol.md, "Budgets"). A request that would go
/// over a budget is refused and changes nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budgets {
    /// The most queued events one request processes (`step`, `runUntil…`, `multiStep`,
    /// `multiRunUntil`): 200,000, a fraction of a second in the browser's worker.
    pub events: u64,
    /// The most inputs one branch of the timeline holds: 2,000,000. The worker holds 10
    /// million in 256 MiB (`paxos-sim bench --history`); the page's copy of the trace, about
    /// 310 B a line and two lines an event, is what this bounds (about 1.2 GB of its heap).
    pub history: usize,
    /// The longest trace `trace` writes out, in lines: 1,000,000 (about 130 MB of text;
    /// `paxos-sim run --trace` writes any length).
    pub trace_lines: u64,
    /// The most events the Multi-Paxos view runs: 1,000,000 (a Multi-Paxos cluster is never
    /// idle: heartbeats alone would fill a branch's history).
    pub multi_events: u64,
    /// The most nodes a scenario loaded here may have: 16, what the island draws legibly at
    /// 60 frames a second (measured: 25 nodes are unreadable, 50 drop to 30 fps, 999 took
    /// 20 s and 4.8 GB); `paxos-sim run` takes up to 999.
    pub nodes: usize,
}

impl Budgets {
    /// Refuses one more input after `position` inputs of a timeline that is full.
    pub(crate) fn room(&self, position: usize) -> Result<(), SessionError> {
        match position < self.history {
            true => Ok(()),
            false => Err(SessionError::Budget(Budget::History(self.history))),
        }
    }

    /// Refuses a plan with more nodes than the page draws.
    pub(crate) fn check_nodes(&self, plan: &paxos_sim::Plan) -> Result<(), SessionError> {
        match plan.names.len() <= self.nodes {
            true => Ok(()),
            false => Err(SessionError::Scenario(ScenarioError::Invalid {
                path: "nodes".into(),
                message: format!(
                    "{} is out of range; allowed 1 to {} in the playground (paxos-sim run takes up to 999)",
                    plan.names.len(),
                    self.nodes
                ),
            })),
        }
    }
}

impl Default for Budgets {
    fn default() -> Budgets {
        Budgets {
            events: 200_000,
            history: 2_000_000,
            trace_lines: 1_000_000,
            multi_events: 1_000_000,
            nodes: 16,
        }
    }
}

/// Why a request failed. Messages are the same as the command line's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    #[error("{0}")]
    Action(#[from] ActionError),
    #[error("no scenario is loaded")]
    NotLoaded,
    #[error("position {0} is beyond the end of this branch ({1})")]
    Position(usize, usize),
    #[error("there is no step {0} on this branch")]
    Step(u64),
    #[error("there is no branch {0}")]
    Branch(usize),
    #[error("no check is running")]
    NoCheck,
    #[error("the check found nothing to load")]
    NothingFound,
    #[error("{0}")]
    Check(String),
    #[error("{0}")]
    Exercise(#[from] paxos_sim::exercise::ExerciseError),
    #[error("{0}")]
    Budget(Budget),
    /// A student's node broke the node protocol (docs/node-protocol.md).
    #[cfg(feature = "node")]
    #[error("your node broke the node protocol: {0}")]
    Node(String),
    /// The request needs what this build leaves out: answered [`Response::Later`].
    #[cfg(not(feature = "lab"))]
    #[error("this build of the simulator leaves out {0}")]
    Later(&'static str),
    /// A Basic Paxos request to [`Session::handle_multi_view`].
    #[cfg(feature = "multi")]
    #[error("the Multi-Paxos view's simulator answers only the view's requests (multiLoad, multiStep, …)")]
    NotMultiView,
}

/// A count with thousands separators, as the messages write them (10,000,000).
pub(crate) struct Thousands(pub(crate) u64);

impl std::fmt::Display for Thousands {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            n @ 1000.. => write!(f, "{},{:03}", Thousands(n / 1000), n % 1000),
            n => write!(f, "{n}"),
        }
    }
}

/// A request that would go over one of the session's [`Budgets`]: refused, nothing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// It would process more than this many events.
    Events(u64),
    /// The branch would hold more than this many inputs.
    History(usize),
    /// The trace to write out has more than this many lines.
    #[cfg(feature = "lab")]
    TraceLines(u64),
    /// The Multi-Paxos view's timeline would hold more than this many events.
    #[cfg(feature = "lab")]
    MultiEvents(u64),
}

impl std::fmt::Display for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Budget::Events(n) => write!(
                f,
                "one request processes at most {} events: ask for a shorter run, or run it in parts",
                Thousands(n)
            ),
            Budget::History(n) => write!(
                f,
                "the timeline keeps at most {} moments on one branch: go back, or load the scenario again",
                Thousands(n as u64)
            ),
            #[cfg(feature = "lab")]
            Budget::MultiEvents(n) => write!(
                f,
                "the Multi-Paxos view keeps at most {} events on its timeline: go back, or load the scenario again",
                Thousands(n)
            ),
            #[cfg(feature = "lab")]
            Budget::TraceLines(n) => write!(
                f,
                "the page writes out a trace of at most {} lines: go back to an earlier moment, or run the scenario with paxos-sim run --trace",
                Thousands(n)
            ),
        }
    }
}
