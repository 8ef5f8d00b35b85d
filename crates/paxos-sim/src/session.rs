//! The worker protocol, version 1: requests from the page, responses from the simulator.
//! The browser's Web Worker passes every request here through the wasm crate; the
//! TypeScript mirror is www/src/protocol.ts and the contract is docs/worker-protocol.md.

use paxos::{Time, Value};
use serde::{Deserialize, Serialize};

use crate::scenario::{NetworkSpec, Scenario};
use crate::sim::{ActionError, Simulation};
use crate::snapshot::Snapshot;
use crate::trace::TraceLine;
use crate::ScenarioError;

pub const PROTOCOL_VERSION: u32 = 1;

/// How far `runUntilChosen` and `runUntilIdle` look ahead when no limit is given (ms of
/// virtual time past now).
pub const DEFAULT_HORIZON: u64 = 60_000;

/// What the page asks of the simulator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Request {
    /// Start over with a scenario (its JSON text, so errors can give lines and columns).
    Load {
        scenario: String,
    },
    /// Process `count` queued events (1 if absent).
    Step {
        count: Option<u32>,
    },
    /// Process every event up to `time`, then move the clock there.
    RunUntil {
        time: u64,
    },
    /// Until a value is chosen, nothing is left, or `limit` (absolute virtual ms).
    RunUntilChosen {
        limit: Option<u64>,
    },
    RunUntilIdle {
        limit: Option<u64>,
    },
    Propose {
        node: String,
        value: String,
    },
    Crash {
        node: String,
    },
    Restart {
        node: String,
    },
    Partition {
        groups: Vec<Vec<String>>,
    },
    Heal,
    SetNetwork {
        network: NetworkSpec,
    },
    Snapshot,
    Trace,
}

/// What the simulator answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Response {
    /// The trace lines written since the previous response, and the state now.
    Update { lines: Vec<TraceLine>, snapshot: Box<Snapshot> },
    /// The whole trace, paxos-trace v1 text.
    Trace { text: String },
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
}

/// One simulation driven by requests, remembering which trace lines the page has seen.
#[derive(Default)]
pub struct Session {
    sim: Option<Simulation>,
    seen: usize,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    pub fn simulation(&self) -> Option<&Simulation> {
        self.sim.as_ref()
    }

    pub fn handle(&mut self, request: Request) -> Result<Response, SessionError> {
        if let Request::Load { scenario } = &request {
            let plan = Scenario::parse(scenario)?;
            self.sim = Some(Simulation::new(plan, true));
            self.seen = 0;
            return Ok(self.update());
        }
        let sim = self.sim.as_mut().ok_or(SessionError::NotLoaded)?;
        let now = sim.now().0;
        match request {
            Request::Load { .. } => unreachable!("handled above"),
            Request::Step { count } => {
                for _ in 0..count.unwrap_or(1) {
                    if !sim.step() {
                        break;
                    }
                }
            }
            Request::RunUntil { time } => sim.run_until(Time(time)),
            Request::RunUntilChosen { limit } => {
                sim.run_until_chosen(Time(limit.unwrap_or(now + DEFAULT_HORIZON)));
            }
            Request::RunUntilIdle { limit } => {
                sim.run_until_idle(Time(limit.unwrap_or(now + DEFAULT_HORIZON)))
            }
            Request::Propose { node, value } => {
                let id = sim.node_id(&node)?;
                let value = Value::new(&value).map_err(ActionError::from)?;
                sim.propose(id, value)?;
            }
            Request::Crash { node } => {
                let id = sim.node_id(&node)?;
                sim.crash(id)?;
            }
            Request::Restart { node } => {
                let id = sim.node_id(&node)?;
                sim.restart(id)?;
            }
            Request::Partition { groups } => sim.partition(&groups)?,
            Request::Heal => sim.heal()?,
            Request::SetNetwork { network } => sim.set_network(network)?,
            Request::Snapshot => {}
            Request::Trace => return Ok(Response::Trace { text: sim.trace_text() }),
        }
        Ok(self.update())
    }

    fn update(&mut self) -> Response {
        let sim = self.sim.as_ref().expect("a loaded session");
        let lines = sim.trace()[self.seen..].to_vec();
        self.seen = sim.trace().len();
        Response::Update { lines, snapshot: Box::new(sim.snapshot()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISLAND: &str = include_str!("../../../examples/scenarios/island-race.json");

    fn lines(r: Response) -> Vec<TraceLine> {
        match r {
            Response::Update { lines, .. } => lines,
            Response::Trace { .. } => panic!("expected an update"),
        }
    }

    #[test]
    fn every_trace_line_reaches_the_page_exactly_once() {
        let mut s = Session::new();
        let mut got = lines(s.handle(Request::Load { scenario: ISLAND.into() }).unwrap());
        for _ in 0..5 {
            got.extend(lines(s.handle(Request::Step { count: None }).unwrap()));
        }
        got.extend(lines(s.handle(Request::RunUntilIdle { limit: None }).unwrap()));
        let all = s.simulation().unwrap().trace().to_vec();
        assert_eq!(got, all);
        assert!(!all.is_empty());
    }

    #[test]
    fn errors_are_the_command_lines_messages() {
        let mut s = Session::new();
        assert_eq!(s.handle(Request::Heal).unwrap_err().to_string(), "no scenario is loaded");
        let e = s.handle(Request::Load { scenario: "{".into() }).unwrap_err();
        assert_eq!(e.to_string(), "malformed JSON at line 1, column 1: EOF while parsing an object");
        s.handle(Request::Load { scenario: ISLAND.into() }).unwrap();
        let e = s.handle(Request::Propose { node: "S4".into(), value: "x".into() }).unwrap_err();
        assert_eq!(e.to_string(), "there is no node named \"S4\"; the nodes are S1, S2, S3");
        s.handle(Request::Crash { node: "S3".into() }).unwrap();
        let e = s.handle(Request::Propose { node: "S3".into(), value: "x".into() }).unwrap_err();
        assert_eq!(e.to_string(), "S3 is down: restart it before it can take a proposal");
    }

    #[test]
    fn requests_use_the_documented_json_shape() {
        let r: Request = serde_json::from_str(r#"{"type":"runUntilChosen","limit":500}"#).unwrap();
        assert_eq!(r, Request::RunUntilChosen { limit: Some(500) });
        let r: Request = serde_json::from_str(r#"{"type":"propose","node":"S1","value":"1元/度"}"#).unwrap();
        assert_eq!(r, Request::Propose { node: "S1".into(), value: "1元/度".into() });
        assert!(serde_json::from_str::<Request>(r#"{"type":"explode"}"#).is_err());
    }
}
