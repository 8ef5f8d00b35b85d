//! The worker protocol, version 1: requests from the page, responses from the simulator,
//! and time travel. The browser's Web Worker passes every request here through the wasm
//! crate; the TypeScript mirror is www/src/protocol.ts and the contract is
//! docs/worker-protocol.md.
//!
//! Time travel: a session records every input that changes the simulation — one queued
//! event processed, or one action at a time — as a timeline ([`timeline`]), kept compact
//! ([`history`]).

use serde::Serialize;

use paxos_sim::json::write::{Obj, ToJson};

use paxos_sim::scenario::{NetworkSpec, ProposeSpec, Scenario};
use paxos_sim::snapshot::Snapshot;
use paxos_sim::trace::TraceLine;
use paxos_sim::trace::WireBallot;
use paxos_sim::ScenarioError;
use paxos_sim::{ActionError, Simulation};

pub const PROTOCOL_VERSION: u32 = 1;

/// How far `runUntilChosen` and `runUntilIdle` look ahead when no limit is given (ms of
/// virtual time past now).
pub const DEFAULT_HORIZON: u64 = 60_000;

pub use history::CHECKPOINT_EVERY;
use timeline::Loaded;

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
    /// The most events the Multi-Paxos view's timeline holds: 1,000,000 (it keeps every
    /// trace line).
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

/// What the page asks of the simulator: `{"type": "propose", "node": "S1", …}`, with the
/// variant's name in camelCase as `type` and its fields in camelCase (read in `read.rs`).
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Start over with a scenario (its JSON text, so errors can give lines and columns).
    Load {
        scenario: String,
    },
    /// Process `count` queued events (1 if absent); after going back, redo the timeline.
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
    /// Cut, slow down or mend the link between two nodes.
    SetLink {
        link: paxos_sim::scenario::LinkSpec,
    },
    /// Manual network: hand message `id` to its receiver now.
    Deliver {
        id: u64,
    },
    /// Lose message `id`.
    Drop {
        id: u64,
    },
    /// Copy message `id`.
    Duplicate {
        id: u64,
    },
    /// Go back `count` moments (1 if absent).
    Back {
        count: Option<u32>,
    },
    /// Go to the moment after `position` inputs of the timeline (0: just loaded).
    Seek {
        position: usize,
    },
    /// Go to the moment right after trace step `step` was written.
    SeekStep {
        step: u64,
    },
    /// Continue on another branch of the timeline, at its end.
    SwitchBranch {
        branch: usize,
    },
    Snapshot,
    Trace,
    /// Start an exercise: its scenario, with its goal checked after every step.
    #[cfg(feature = "classroom")]
    LoadExercise {
        exercise: String,
    },
    /// Start a model-checking search (see [`CheckSpec`]); `checkRun` explores it.
    #[cfg(feature = "classroom")]
    CheckStart {
        spec: CheckSpec,
    },
    /// Explore up to `budget` more states (10,000 if absent) and report progress.
    #[cfg(feature = "classroom")]
    CheckRun {
        budget: Option<u64>,
    },
    /// Forget the search.
    #[cfg(feature = "classroom")]
    CheckStop,
    /// Put the counterexample (or the path to the goal) on the timeline, at its start, so
    /// that stepping forward replays it.
    #[cfg(feature = "classroom")]
    CheckLoad,
    /// Explore Lamport's Paxos.tla as written (spec mode, the abstract view).
    #[cfg(feature = "classroom")]
    CheckSpec {
        acceptors: u8,
        values: u8,
        max_ballot: u8,
    },
    /// The Multi-Paxos view: start over with a `"protocol": "multi"` scenario.
    #[cfg(feature = "multi")]
    MultiLoad {
        scenario: String,
    },
    /// Multi-Paxos: process `count` queued events (1 if absent).
    #[cfg(feature = "multi")]
    MultiStep {
        count: Option<u32>,
    },
    /// Multi-Paxos: process every event up to `time`, then move the clock there.
    #[cfg(feature = "multi")]
    MultiRunUntil {
        time: u64,
    },
    /// Multi-Paxos: a client request or a fault, now.
    #[cfg(feature = "multi")]
    MultiAct {
        action: multi::MultiAction,
    },
    /// Multi-Paxos: go to the moment after `position` inputs (0: just loaded).
    #[cfg(feature = "multi")]
    MultiSeek {
        position: usize,
    },
    /// Multi-Paxos: the whole trace, paxos-trace v1 text with `"protocol": "multi"`.
    #[cfg(feature = "multi")]
    MultiTrace,
}

/// A model-checking request from the page.
/// Fields in camelCase: `{"from": "here", "goal": {"type": "violation"}, "maxRound": 3}`.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckSpec {
    pub from: CheckFrom,
    pub goal: GoalSpec,
    /// No ballot above this round (default: 2 from the start; from here, one more than
    /// the highest round seen).
    pub max_round: Option<u64>,
    pub drop: bool,
    pub duplicate: bool,
    /// Let one node crash (and restart).
    pub crash: bool,
    /// Stop after this many distinct states (default 2,000,000).
    pub max_states: Option<u64>,
    /// More client proposals to explore from here.
    pub proposals: Vec<ProposeSpec>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CheckFrom {
    /// The scenario's beginning, with its proposals.
    Start,
    /// The playground's current state.
    Here,
}

/// What to look for: `{"type": "accepts", "node": "S2", "ballot": {"round": 1, "node": "S1"}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GoalSpec {
    /// Any safety violation.
    Violation,
    /// A violation of one property.
    Breaks { property: String },
    /// `value` chosen.
    Chosen { value: String },
    /// `node` accepting `ballot`.
    Accepts { node: String, ballot: WireBallot },
    /// `node` learning `value`.
    Learns { node: String, value: String },
}

/// Progress and result of a search, for the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckView {
    pub explored: u64,
    pub distinct: u64,
    pub generated: u64,
    pub depth: u64,
    /// running | exhausted (nothing found: unreachable, or no violation) | bounded | found
    pub outcome: &'static str,
    pub property: Option<String>,
    pub detail: Option<String>,
    /// Moves of the path found.
    pub moves: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Response {
    /// Keep the trace lines up to step `since`, then append `lines`; the state is
    /// `snapshot`, at `history`'s position.
    /// `goalMet` is the exercise's goal, checked now (null without an exercise).
    Update {
        since: u64,
        lines: Vec<TraceLine>,
        snapshot: Box<Snapshot>,
        history: History,
        goal_met: Option<bool>,
    },
    /// The whole trace up to now, paxos-trace v1 text.
    Trace { text: String },
    /// Only in the Basic Paxos page's first build: the request needs the laboratory (time
    /// travel, the manual network, partitions and links, scripted events), which this build
    /// leaves out. Nothing changed. The worker switches to a build that has it and asks
    /// again; the page never sees this answer (docs/worker-protocol.md, "Builds behind one worker").
    #[cfg(not(feature = "lab"))]
    Later { needs: &'static str },
    /// A model-checking search's progress or result.
    #[cfg(feature = "classroom")]
    Check { report: CheckView },
    /// Spec mode: TLC-comparable counts.
    #[cfg(feature = "classroom")]
    Spec { distinct: u64, generated: u64, depth: u64, safe: bool },
    /// Multi-Paxos: keep the trace lines up to step `since`, append `lines`; the state is
    /// `view`, at `position` of `length` inputs. (Only in builds with the Multi-Paxos view.)
    #[cfg(feature = "multi")]
    MultiUpdate {
        since: u64,
        lines: Vec<paxos_sim::multi::MultiLine>,
        view: Box<paxos_sim::multi::MultiView>,
        position: usize,
        length: usize,
    },
}

/// Where the simulation is on its timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct History {
    /// Inputs applied: 0 right after loading.
    pub position: usize,
    /// Inputs on the current branch: `position < length` after going back.
    pub length: usize,
    /// The current branch.
    pub branch: usize,
    pub branches: Vec<BranchView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BranchView {
    pub length: usize,
    /// Where it left the branch it came from (0 for the first).
    pub fork_at: usize,
    /// The branch it came from.
    pub parent: Option<usize>,
}

// The same JSON as serde's derives above, written by hand for the browser (json/write.rs).

impl ToJson for Response {
    fn write(&self, out: &mut String) {
        match self {
            Response::Update { since, lines, snapshot, history, goal_met } => {
                Obj::tagged(out, "type", "update")
                    .field("since", since)
                    .field("lines", lines)
                    .field("snapshot", snapshot)
                    .field("history", history)
                    .field("goalMet", goal_met)
                    .end()
            }
            Response::Trace { text } => Obj::tagged(out, "type", "trace").field("text", text).end(),
            #[cfg(not(feature = "lab"))]
            Response::Later { needs } => Obj::tagged(out, "type", "later").field("needs", needs).end(),
            #[cfg(feature = "classroom")]
            Response::Check { report } => Obj::tagged(out, "type", "check").field("report", report).end(),
            #[cfg(feature = "classroom")]
            Response::Spec { distinct, generated, depth, safe } => Obj::tagged(out, "type", "spec")
                .field("distinct", distinct)
                .field("generated", generated)
                .field("depth", depth)
                .field("safe", safe)
                .end(),
            #[cfg(feature = "multi")]
            Response::MultiUpdate { since, lines, view, position, length } => {
                Obj::tagged(out, "type", "multiUpdate")
                    .field("since", since)
                    .field("lines", lines)
                    .field("view", view)
                    .field("position", position)
                    .field("length", length)
                    .end()
            }
        }
    }
}

impl ToJson for CheckView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("explored", &self.explored)
            .field("distinct", &self.distinct)
            .field("generated", &self.generated)
            .field("depth", &self.depth)
            .field("outcome", &self.outcome)
            .field("property", &self.property)
            .field("detail", &self.detail)
            .field("moves", &self.moves)
            .end();
    }
}

impl ToJson for History {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("position", &self.position)
            .field("length", &self.length)
            .field("branch", &self.branch)
            .field("branches", &self.branches)
            .end();
    }
}

impl ToJson for BranchView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("length", &self.length)
            .field("forkAt", &self.fork_at)
            .field("parent", &self.parent)
            .end();
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
struct Thousands(u64);

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

/// One simulation driven by requests, remembering which trace lines the page has seen.
#[derive(Default)]
pub struct Session {
    budgets: Budgets,
    loaded: Option<Loaded>,
    #[cfg(feature = "multi")]
    multi: Option<multi::MultiLoaded>,
    seen: u64,
    #[cfg(feature = "classroom")]
    check: Option<classroom::CheckJob>,
    /// The exercise's goal (exercises are the classroom's).
    #[cfg(feature = "classroom")]
    goal: Option<paxos_sim::exercise::ExerciseGoal>,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// A session with other budgets than the default ones (tests, the command line).
    pub fn with_budgets(budgets: Budgets) -> Session {
        Session { budgets, ..Session::default() }
    }

    pub fn simulation(&self) -> Option<&Simulation> {
        self.loaded.as_ref().map(|l| &l.sim)
    }

    pub fn handle(&mut self, request: Request) -> Result<Response, SessionError> {
        // Requests of the Multi-Paxos view and of the classroom exist only in the builds that
        // have them: the others do not even read them (an unknown `type`).
        #[cfg(feature = "multi")]
        if let Some(response) = self.handle_multi(&request)? {
            return Ok(response);
        }
        #[cfg(feature = "classroom")]
        if let Some(response) = self.handle_classroom(&request)? {
            return Ok(response);
        }
        if let Request::Load { scenario } = &request {
            let plan = match Scenario::parse(scenario) {
                #[cfg(not(feature = "lab"))]
                Err(ScenarioError::Later(needs)) => return Ok(Response::Later { needs }),
                plan => plan?,
            };
            paxos_sim::basic_only(&plan)?;
            self.budgets.check_nodes(&plan)?;
            self.load(Simulation::new(plan, true));
            #[cfg(feature = "classroom")]
            {
                self.goal = None;
            }
            return Ok(self.update());
        }
        let l = self.loaded.as_mut().ok_or(SessionError::NotLoaded)?;
        if let Request::Trace = request {
            // Writing the trace again is the laboratory's (the first build keeps it small).
            #[cfg(not(feature = "lab"))]
            return Ok(Response::Later { needs: "the trace file" });
            #[cfg(feature = "lab")]
            return Ok(Response::Trace { text: l.trace_text()? });
        }
        // A refused request changes nothing: what it did before it was refused is undone.
        let mark = l.mark();
        if let Err(e) = l.handle(request, &mut self.seen) {
            l.rollback(mark);
            #[cfg(not(feature = "lab"))]
            if let SessionError::Later(needs) = e {
                return Ok(Response::Later { needs });
            }
            return Err(e);
        }
        Ok(self.update())
    }

    /// The Multi-Paxos view's requests alone, refusing the others: what its wasm build
    /// answers (crates/paxos-wasm, feature `multi`), so that the Basic Paxos session, which
    /// nothing then reaches, is not in it (28 KB of that page's first load, gzipped).
    #[cfg(feature = "multi")]
    pub fn handle_multi_view(&mut self, request: Request) -> Result<Response, SessionError> {
        self.handle_multi(&request)?.ok_or(SessionError::NotMultiView)
    }

    /// The Multi-Paxos requests; `None` for the others.
    #[cfg(feature = "multi")]
    fn handle_multi(&mut self, request: &Request) -> Result<Option<Response>, SessionError> {
        if let Request::MultiLoad { scenario } = request {
            self.multi = Some(multi::MultiLoaded::load(scenario, self.budgets)?);
            self.seen = 0;
        } else {
            let m = match request {
                Request::MultiStep { .. }
                | Request::MultiRunUntil { .. }
                | Request::MultiAct { .. }
                | Request::MultiSeek { .. }
                | Request::MultiTrace => self.multi.as_mut().ok_or(SessionError::NotLoaded)?,
                _ => return Ok(None),
            };
            match request {
                Request::MultiStep { count } => m.step(count.unwrap_or(1))?,
                Request::MultiRunUntil { time } => m.run_until(*time)?,
                Request::MultiAct { action } => m.act(action.clone())?,
                Request::MultiSeek { position } => m.seek(*position)?,
                Request::MultiTrace => return Ok(Some(Response::Trace { text: m.sim.trace_text() })),
                _ => unreachable!("listed above"),
            }
        }
        let m = self.multi.as_ref().expect("loaded above");
        let step = m.sim.step_number();
        let since = self.seen.min(step);
        self.seen = step;
        let position = m.position();
        Ok(Some(Response::MultiUpdate {
            since,
            lines: m.lines_since(since),
            view: Box::new(m.view()),
            position: position.position,
            length: position.length,
        }))
    }

    /// Starts over with `sim`; a model-checking search of the old one ends.
    fn load(&mut self, sim: Simulation) {
        #[cfg(feature = "classroom")]
        {
            self.check = None;
        }
        self.loaded = Some(Loaded::new(sim, self.budgets));
        self.seen = 0;
    }

    fn update(&mut self) -> Response {
        let l = self.loaded.as_mut().expect("a loaded session");
        let step = l.sim.step_number();
        let since = self.seen.min(step);
        let lines = l.lines_since(since);
        // The page has them now: the session keeps none (a replay writes them again).
        l.sim.take_lines();
        self.seen = step;
        let history = History {
            position: l.position,
            length: l.branches[l.branch].inputs.len(),
            branch: l.branch,
            branches: l
                .branches
                .iter()
                .map(|b| BranchView { length: b.inputs.len(), fork_at: b.fork_at, parent: b.parent })
                .collect(),
        };
        #[cfg(feature = "classroom")]
        let goal_met = self.goal.as_ref().map(|g| g.met(&l.sim));
        #[cfg(not(feature = "classroom"))]
        let goal_met = None;
        Response::Update { since, lines, snapshot: Box::new(l.sim.snapshot()), history, goal_met }
    }
}

#[cfg(feature = "classroom")]
mod classroom;
mod history;
#[cfg(feature = "lab")]
#[cfg_attr(not(feature = "multi"), allow(dead_code))]
pub mod multi;
mod read;
#[cfg(test)]
mod refusals;
#[cfg(test)]
mod tests;
mod timeline;
#[cfg(all(test, feature = "lab"))]
mod written;
