//! The Multi-Paxos view's model checker (feature `multi-check`, a build of its own that the
//! view's worker fetches on the first check): every interleaving of the loaded scenario's
//! servers and client writes and syncs, from its state just before its first client request
//! (as `paxos-sim check` explores it), a slice at a time; the counterexample found is
//! written as a scenario that the view then opens like a file.

use paxos::multi::{MultiMessage, MultiRequest};
use paxos_check::system::multi::MultiSpec;
use paxos_check::system::{Move, Search, Verdict};
use paxos_sim::json::write::{Obj, ToJson};
use paxos_sim::multi::{wire_of_op, ClientOp, Command, WireMultiMsg, WireOp};
use paxos_sim::trace::Namer;
use paxos_sim::Scenario;
use serde::Serialize;

use super::*;

/// One move of a counterexample, for the page to say in its language:
/// `{"move": "deliver", "from": "S2", "to": "S3", "msg": {…}}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "move", rename_all = "camelCase")]
pub enum MoveView {
    /// A client's request `id` to `node`, as a trace's `request` line has it.
    Request {
        node: String,
        id: u64,
        #[serde(flatten)]
        op: WireOp,
    },
    Deliver {
        from: String,
        to: String,
        msg: WireMultiMsg,
    },
    /// The node's timer fires.
    Timeout {
        node: String,
    },
    Crash {
        node: String,
    },
    Restart {
        node: String,
    },
}

/// Where a search started: the scenario's moment before its first client request and who
/// led then, or (`at` null) every server as it starts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartView {
    pub at: Option<u64>,
    pub leader: Option<String>,
}

impl MoveView {
    fn of(spec: &MultiSpec, mv: &Move<MultiMessage<Command>>) -> MoveView {
        let namer = Namer(&spec.names);
        match mv {
            Move::Request(k) => {
                let (node, request) = &spec.requests[*k];
                let (id, op) = match request {
                    MultiRequest::Propose(c) => (c.id, ClientOp::Write(c.op.clone())),
                    MultiRequest::Sync(token) => (*token, ClientOp::Sync),
                };
                MoveView::Request { node: namer.node(*node), id, op: wire_of_op(&op, None) }
            }
            Move::Deliver { from, to, msg } => {
                MoveView::Deliver { from: namer.node(*from), to: namer.node(*to), msg: namer.multi_msg(msg) }
            }
            Move::Timeout(n) => MoveView::Timeout { node: namer.node(*n) },
            Move::Crash(n) => MoveView::Crash { node: namer.node(*n) },
            Move::Restart(n) => MoveView::Restart { node: namer.node(*n) },
        }
    }
}

// The same JSON as serde's derives above, written by hand for the browser (json/write.rs).

impl ToJson for MoveView {
    fn write(&self, out: &mut String) {
        match self {
            MoveView::Request { node, id, op } => {
                let mut o = Obj::tagged(out, "move", "request");
                o.field("node", node).field("id", id);
                op.fields(&mut o).end()
            }
            MoveView::Deliver { from, to, msg } => Obj::tagged(out, "move", "deliver")
                .field("from", from)
                .field("to", to)
                .field("msg", msg)
                .end(),
            MoveView::Timeout { node } => Obj::tagged(out, "move", "timeout").field("node", node).end(),
            MoveView::Crash { node } => Obj::tagged(out, "move", "crash").field("node", node).end(),
            MoveView::Restart { node } => Obj::tagged(out, "move", "restart").field("node", node).end(),
        }
    }
}

impl ToJson for StartView {
    fn write(&self, out: &mut String) {
        Obj::new(out).field("at", &self.at).field("leader", &self.leader).end();
    }
}

/// The most states one `multiCheckRun` expands: about a second in the browser's worker.
pub const MAX_MULTI_CHECK_RUN: u64 = 20_000;
/// Distinct states a search keeps at most, and by default: a state costs the search about
/// 50 to 90 bytes (its fingerprint, its trail, its compressed numbers in the frontier, its
/// share of the pools), so the memory budget below may end a search before 20 million.
pub const MAX_MULTI_STATES: u64 = 20_000_000;
pub const DEFAULT_MULTI_STATES: u64 = 2_000_000;
/// Rounds a search may start, at most (each one more multiplies the states).
pub const MAX_MULTI_ROUND: u64 = 3;
/// The bytes a search in the page may have allocated (its table, its frontier and the rest
/// of the session), when the session has a meter ([`Session::set_memory_meter`]).
pub const MULTI_CHECK_MEMORY: u64 = 1 << 30;

/// A search started from the Multi-Paxos view.
pub(super) struct MultiCheckJob {
    search: Search<MultiSpec>,
    start: StartView,
    scenario: String,
}

impl Session {
    /// The Multi-Paxos checker's requests; `None` for the others.
    pub(super) fn handle_multi_check(&mut self, request: &Request) -> Result<Option<Response>, SessionError> {
        match request {
            Request::MultiCheckStart { max_round, crash, max_states } => {
                let m = self.multi.as_ref().ok_or(SessionError::NotLoaded)?;
                let max_round = max_round.unwrap_or(1);
                let max_states = max_states.unwrap_or(DEFAULT_MULTI_STATES);
                if max_round > MAX_MULTI_ROUND || !(1..=MAX_MULTI_STATES).contains(&max_states) {
                    return Err(SessionError::Check(format!(
                        "a check in the page takes rounds up to {MAX_MULTI_ROUND} and 1 to {} states (paxos-sim check has no such bounds)",
                        Thousands(MAX_MULTI_STATES)
                    )));
                }
                let plan = m.sim().plan().clone();
                let spec =
                    MultiSpec::from_plan(&plan, max_round, u8::from(*crash)).map_err(SessionError::Check)?;
                let mut search = Search::new(spec, max_states);
                if let Some(meter) = self.meter {
                    search = search.max_memory(MULTI_CHECK_MEMORY, meter);
                }
                let mut start = StartView::default();
                if let Some((state, at, leader)) = search.spec().before_first_request(&plan) {
                    search = search.from(state);
                    start = StartView { at: Some(at), leader: leader.map(|l| plan.names[l.index()].clone()) };
                }
                let job = MultiCheckJob { search, start, scenario: m.scenario.clone() };
                let response = job.response();
                self.multi_check = Some(job);
                Ok(Some(response))
            }
            Request::MultiCheckRun { budget } => {
                let budget = budget.unwrap_or(2_000);
                if !(1..=MAX_MULTI_CHECK_RUN).contains(&budget) {
                    return Err(SessionError::Check(format!(
                        "multiCheckRun expands 1 to {} states at a time: ask again for more",
                        Thousands(MAX_MULTI_CHECK_RUN)
                    )));
                }
                let job = self.multi_check.as_mut().ok_or(SessionError::NoCheck)?;
                job.search.explore(budget);
                Ok(Some(job.response()))
            }
            // Its last report, and the search is gone.
            Request::MultiCheckStop => {
                let job = self.multi_check.take().ok_or(SessionError::NoCheck)?;
                Ok(Some(job.response()))
            }
            Request::MultiCheckScenario => {
                let job = self.multi_check.as_ref().ok_or(SessionError::NoCheck)?;
                Ok(Some(Response::MultiScenario { text: job.counterexample()? }))
            }
            _ => Ok(None),
        }
    }
}

impl MultiCheckJob {
    fn response(&self) -> Response {
        let spec = self.search.spec();
        let report = super::searched::check_view(&self.search, Some(MULTI_CHECK_MEMORY));
        let path = match &self.search.report().verdict {
            Verdict::Found { path, .. } => path.iter().map(|m| MoveView::of(spec, m)).collect(),
            _ => Vec::new(),
        };
        Response::MultiCheck { report, start: self.start.clone(), path }
    }

    /// The path found as a scenario file's text (paxos-sim check --scenario-out writes the same).
    fn counterexample(&self) -> Result<String, SessionError> {
        let Verdict::Found { property, detail, path } = &self.search.report().verdict else {
            return Err(SessionError::NothingFound);
        };
        let original = Scenario::from_json(&self.scenario)?;
        let plan = original.plan()?;
        let (scenario, _) = paxos_check::system::multi::scenario(
            self.search.spec(),
            &original,
            &plan,
            path,
            property,
            detail,
        )
        .map_err(SessionError::Check)?;
        Ok(serde_json::to_string_pretty(&scenario).expect("a scenario serializes") + "\n")
    }
}
