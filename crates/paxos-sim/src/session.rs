//! The worker protocol, version 1: requests from the page, responses from the simulator,
//! and time travel. The browser's Web Worker passes every request here through the wasm
//! crate; the TypeScript mirror is www/src/protocol.ts and the contract is
//! docs/worker-protocol.md.
//!
//! Time travel: a session records every input that changes the simulation — one queued
//! event processed, or one action at a time — as a timeline. Going back restores the
//! nearest checkpoint (one every [`CHECKPOINT_EVERY`] inputs) and replays the inputs after
//! it, which gives the same state because the simulation is deterministic. Doing something
//! new in the past starts a new branch; the old one is kept and can be returned to.

use paxos::{Time, Value};
use serde::Serialize;

use crate::json::write::{Obj, ToJson};

#[cfg(feature = "lab")]
use crate::scenario::Pick;
use crate::scenario::{Action, NetworkSpec, ProposeSpec, Scenario};
use crate::sim::{ActionError, Simulation};
use crate::snapshot::Snapshot;
use crate::trace::TraceLine;
use crate::trace::WireBallot;
use crate::ScenarioError;

pub const PROTOCOL_VERSION: u32 = 1;

/// How far `runUntilChosen` and `runUntilIdle` look ahead when no limit is given (ms of
/// virtual time past now).
pub const DEFAULT_HORIZON: u64 = 60_000;

/// Inputs between two checkpoints: a rewind replays at most this many.
pub const CHECKPOINT_EVERY: usize = 64;

/// What one session may do (docs/worker-protocol.md, "Budgets"). A request that would go
/// over a budget is refused and changes nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budgets {
    /// The most queued events one request processes (`step`, `runUntil…`, `multiStep`,
    /// `multiRunUntil`): 200,000, a fraction of a second in the browser's worker.
    pub events: u64,
    /// The most inputs one branch of the timeline holds: 10,000,000.
    pub history: usize,
}

impl Default for Budgets {
    fn default() -> Budgets {
        Budgets { events: 200_000, history: 10_000_000 }
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
        link: crate::scenario::LinkSpec,
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
        lines: Vec<crate::multi::MultiLine>,
        view: Box<crate::multi::MultiView>,
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
            // The Multi-Paxos view's build writes its parts with serde, as the command line does.
            #[cfg(feature = "multi")]
            Response::MultiUpdate { .. } => {
                out.push_str(&crate::sure(serde_json::to_string(self), "a response serializes"))
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
    Exercise(#[from] crate::exercise::ExerciseError),
    #[error("{0}")]
    Budget(Budget),
    /// The request needs what this build leaves out: answered [`Response::Later`].
    #[cfg(not(feature = "lab"))]
    #[error("this build of the simulator leaves out {0}")]
    Later(&'static str),
}

/// A count with thousands separators, as the messages write them (10,000,000).
struct Thousands(u64);

impl std::fmt::Display for Thousands {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.0.to_string();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                f.write_str(",")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// A request that would go over one of the session's [`Budgets`]: refused, nothing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// It would process more than this many events.
    Events(u64),
    /// The branch would hold more than this many inputs.
    History(usize),
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
        }
    }
}

/// One thing that changed the simulation.
#[derive(Clone, Debug, PartialEq)]
enum Input {
    /// The next queued event was processed.
    Event,
    /// A person's action at virtual time `at`.
    Act { at: Time, action: Action },
}

/// A moment of the timeline: see [`Loaded::mark`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mark {
    branch: usize,
    branches: usize,
    length: usize,
    position: usize,
    now: Time,
}

#[derive(Clone, Debug)]
struct Branch {
    inputs: Vec<Input>,
    fork_at: usize,
    parent: Option<usize>,
}

/// A loaded simulation with its timeline.
struct Loaded {
    budgets: Budgets,
    sim: Simulation,
    branches: Vec<Branch>,
    branch: usize,
    /// Inputs of the current branch applied so far.
    position: usize,
    /// `checkpoints[k]`: the state after `k · CHECKPOINT_EVERY` inputs of the current branch.
    checkpoints: Vec<Simulation>,
    /// `steps[i]`: the trace step number after `i` inputs (`steps[0]` right after loading).
    steps: Vec<u64>,
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
    goal: Option<crate::exercise::ExerciseGoal>,
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
            crate::basic_only(&plan)?;
            self.load(Simulation::new(plan, true));
            #[cfg(feature = "classroom")]
            {
                self.goal = None;
            }
            return Ok(self.update());
        }
        let l = self.loaded.as_mut().ok_or(SessionError::NotLoaded)?;
        if let Request::Trace = request {
            return Ok(Response::Trace { text: l.sim.trace_text() });
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
        let l = self.loaded.as_ref().expect("a loaded session");
        let step = l.sim.step_number();
        let since = self.seen.min(step);
        let lines = l.sim.trace()[since as usize..].to_vec();
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

impl Loaded {
    /// `sim` at the start of its timeline.
    fn new(mut sim: Simulation, budgets: Budgets) -> Loaded {
        let first = sim.checkpoint();
        Loaded {
            budgets,
            steps: vec![sim.step_number()],
            sim,
            branches: vec![Branch { inputs: Vec::new(), fork_at: 0, parent: None }],
            branch: 0,
            position: 0,
            checkpoints: vec![first],
        }
    }

    fn inputs(&self) -> &[Input] {
        &self.branches[self.branch].inputs
    }

    /// Carries out a request of a loaded session (all but `load` and `trace`). On an error
    /// the caller undoes what it did ([`Loaded::rollback`]). `seen`: the trace lines the
    /// page has.
    #[cfg_attr(not(feature = "lab"), allow(unused_variables))]
    fn handle(&mut self, request: Request, seen: &mut u64) -> Result<(), SessionError> {
        let l = self;
        let now = l.sim.now();
        let act = |l: &mut Loaded, action| l.act(action);
        match request {
            Request::Step { count } => {
                let count = count.unwrap_or(1);
                if u64::from(count) > l.budgets.events {
                    return Err(SessionError::Budget(Budget::Events(l.budgets.events)));
                }
                for _ in 0..count {
                    if !l.forward()? {
                        break;
                    }
                }
            }
            Request::RunUntil { time } => l.run(Time(time), |_| false, true)?,
            Request::RunUntilChosen { limit } => {
                let limit = limit.unwrap_or_else(|| now.0.saturating_add(DEFAULT_HORIZON));
                l.run(Time(limit), |sim| sim.chosen().is_some(), true)?;
            }
            Request::RunUntilIdle { limit } => {
                // Like `paxos-sim run`: events up to the limit, the clock stays at the last.
                let limit = limit.unwrap_or_else(|| now.0.saturating_add(DEFAULT_HORIZON));
                l.run(Time(limit), |_| false, false)?;
            }
            Request::Propose { node, value } => {
                let node = l.sim.node_id(&node)?;
                let value = Value::new(&value).map_err(ActionError::from)?;
                act(l, Action::Propose { node, value })?;
            }
            Request::Crash { node } => {
                let node = l.sim.node_id(&node)?;
                act(l, Action::Crash(node))?;
            }
            Request::Restart { node } => {
                let node = l.sim.node_id(&node)?;
                act(l, Action::Restart(node))?;
            }
            Request::SetNetwork { network } => {
                #[cfg(not(feature = "lab"))]
                if network.mode == crate::scenario::NetworkMode::Manual {
                    return Err(SessionError::Later("the manual network"));
                }
                act(l, Action::SetNetwork(network))?
            }
            #[cfg(not(feature = "lab"))]
            Request::Partition { .. } | Request::Heal | Request::SetLink { .. } => {
                return Err(SessionError::Later("partitions and links"))
            }
            #[cfg(not(feature = "lab"))]
            Request::Deliver { .. } | Request::Drop { .. } | Request::Duplicate { .. } => {
                return Err(SessionError::Later("the manual network"))
            }
            #[cfg(not(feature = "lab"))]
            Request::Back { .. }
            | Request::Seek { .. }
            | Request::SeekStep { .. }
            | Request::SwitchBranch { .. } => return Err(SessionError::Later("time travel")),
            #[cfg(feature = "lab")]
            lab @ (Request::Partition { .. }
            | Request::Heal
            | Request::SetLink { .. }
            | Request::Deliver { .. }
            | Request::Drop { .. }
            | Request::Duplicate { .. }
            | Request::Back { .. }
            | Request::Seek { .. }
            | Request::SeekStep { .. }
            | Request::SwitchBranch { .. }) => l.lab(lab, seen)?,
            Request::Snapshot => {}
            Request::Trace | Request::Load { .. } => unreachable!("Session::handle answers these"),
            #[cfg(feature = "classroom")]
            Request::LoadExercise { .. }
            | Request::CheckStart { .. }
            | Request::CheckLoad
            | Request::CheckSpec { .. }
            | Request::CheckRun { .. }
            | Request::CheckStop => unreachable!("handled above"),
            #[cfg(feature = "multi")]
            Request::MultiLoad { .. }
            | Request::MultiStep { .. }
            | Request::MultiRunUntil { .. }
            | Request::MultiAct { .. }
            | Request::MultiSeek { .. }
            | Request::MultiTrace => unreachable!("handled above"),
        }
        Ok(())
    }

    /// Applies one input to the simulation and books it: step count, checkpoint.
    fn apply(&mut self, input: &Input) -> Result<bool, ActionError> {
        let moved = match input {
            Input::Event => self.sim.step(),
            Input::Act { at, action } => {
                self.sim.advance_clock(*at);
                self.sim.apply(action.clone())?;
                true
            }
        };
        if moved {
            self.position += 1;
            let step = self.sim.step_number();
            if self.steps.len() > self.position {
                debug_assert_eq!(self.steps[self.position], step, "replay is deterministic");
            } else {
                self.steps.push(step);
            }
            if self.position % CHECKPOINT_EVERY == 0
                && self.checkpoints.len() == self.position / CHECKPOINT_EVERY
            {
                let cp = self.sim.checkpoint();
                self.checkpoints.push(cp);
            }
        }
        Ok(moved)
    }

    /// Records a new input at the current position: the end of the branch, or a new
    /// branch when the person went back first.
    fn record(&mut self, input: Input) {
        let at = self.position - 1;
        if at < self.inputs().len() {
            if self.inputs()[at] == input {
                return; // the same thing again: the timeline goes on as it was
            }
            let mut inputs = self.inputs()[..at].to_vec();
            inputs.push(input);
            self.branches.push(Branch { inputs, fork_at: at, parent: Some(self.branch) });
            self.branch = self.branches.len() - 1;
        } else {
            self.branches[self.branch].inputs.push(input);
        }
    }

    /// The laboratory's requests (feature "lab"): partitions and links, the manual network's
    /// moves, time travel. `seen`: the trace lines the page has (a branch switch resends).
    #[cfg(feature = "lab")]
    fn lab(&mut self, request: Request, seen: &mut u64) -> Result<(), SessionError> {
        match request {
            Request::Partition { groups } => {
                let action = crate::scenario::partition_action(&groups, self.sim.names(), "partition")
                    .map_err(ActionError::from)?;
                self.act(action)?;
            }
            Request::Heal => self.act(Action::Heal)?,
            Request::SetLink { link } => {
                let action = link.action(self.sim.names(), "link").map_err(ActionError::from)?;
                self.act(action)?;
            }
            Request::Deliver { id } => self.act(Action::Deliver(Pick::Id(id)))?,
            Request::Drop { id } => self.act(Action::Drop(Pick::Id(id)))?,
            Request::Duplicate { id } => self.act(Action::Duplicate(Pick::Id(id)))?,
            Request::Back { count } => {
                // Back over moments that wrote nothing (a timer of a crashed node, say).
                let mut target = self.position;
                for _ in 0..count.unwrap_or(1) {
                    if target == 0 {
                        break;
                    }
                    let here = self.steps[target];
                    while target > 0 && self.steps[target - 1] == here {
                        target -= 1;
                    }
                    target = target.saturating_sub(1);
                }
                self.seek(target);
            }
            Request::Seek { position } => {
                let length = self.branches[self.branch].inputs.len();
                if position > length {
                    return Err(SessionError::Position(position, length));
                }
                self.seek(position);
            }
            Request::SeekStep { step } => {
                self.replay_to_end_of_known();
                let last = *self.steps.last().expect("steps[0] exists");
                if step > last {
                    return Err(SessionError::Step(step));
                }
                let position = self.steps.partition_point(|&s| s < step);
                self.seek(position);
            }
            Request::SwitchBranch { branch } => {
                if branch >= self.branches.len() {
                    return Err(SessionError::Branch(branch));
                }
                // The page's lines after the branches part are the other branch's: resend them.
                let parted = self.switch(branch);
                *seen = (*seen).min(parted);
            }
            _ => unreachable!("Session::handle passes only the laboratory's requests"),
        }
        Ok(())
    }

    /// Drops knowledge about the current branch beyond `position` inputs.
    fn forget_after(&mut self, position: usize) {
        debug_assert_eq!(position, self.position);
        self.checkpoints.truncate(position / CHECKPOINT_EVERY + 1);
        self.steps.truncate(position + 1);
        self.sim.forget_future();
    }

    /// A person's action now: applied, then recorded (a rejected action changes nothing).
    fn act(&mut self, action: Action) -> Result<(), ActionError> {
        let at = self.sim.now();
        self.act_at(at, action)
    }

    /// An action at virtual time `at` (not before now).
    fn act_at(&mut self, at: Time, action: Action) -> Result<(), ActionError> {
        let input = Input::Act { at: at.max(self.sim.now()), action };
        let forks = self.position < self.inputs().len() && self.inputs()[self.position] != input;
        if forks {
            // Test it on a copy first: a rejected action must not fork the timeline.
            let mut trial = self.sim.checkpoint();
            if let Input::Act { action, .. } = &input {
                trial.apply(action.clone())?;
            }
            self.forget_after(self.position);
        }
        self.apply(&input)?;
        self.record(input);
        Ok(())
    }

    /// One step forward: the next input of the branch (skipping nothing), or live, the
    /// next queued event. Returns false when nothing is left to happen; refuses to make the
    /// branch longer than its budget.
    fn forward(&mut self) -> Result<bool, SessionError> {
        if let Some(input) = self.inputs().get(self.position).cloned() {
            return Ok(crate::sure(self.apply(&input), "a recorded input applies again"));
        }
        if self.inputs().len() >= self.budgets.history {
            return Err(SessionError::Budget(Budget::History(self.budgets.history)));
        }
        if crate::sure(self.apply(&Input::Event), "events do not fail") {
            self.record(Input::Event);
            return Ok(true);
        }
        Ok(false)
    }

    /// Redoes the branch while its inputs happen by `limit`, then goes on live; stops early
    /// when `done`. Live and with `advance`, the clock then moves to `limit`. Refuses to
    /// process more inputs than its budget (the caller undoes the rest).
    fn run(
        &mut self,
        limit: Time,
        done: impl Fn(&Simulation) -> bool,
        advance: bool,
    ) -> Result<(), SessionError> {
        let mut left = self.budgets.events;
        while !done(&self.sim) {
            let due = match self.inputs().get(self.position) {
                Some(Input::Event) => self.sim.next_time().is_some_and(|t| t <= limit),
                Some(Input::Act { at, .. }) => *at <= limit,
                None => self.sim.next_time().is_some_and(|t| t <= limit),
            };
            if !due {
                break;
            }
            if left == 0 {
                return Err(SessionError::Budget(Budget::Events(self.budgets.events)));
            }
            left -= 1;
            if !self.forward()? {
                break;
            }
        }
        if advance && self.position == self.inputs().len() && !done(&self.sim) {
            self.sim.advance_clock(limit);
        }
        Ok(())
    }

    /// Where the timeline is, to undo a refused request with [`Loaded::rollback`].
    fn mark(&self) -> Mark {
        Mark {
            branch: self.branch,
            branches: self.branches.len(),
            length: self.inputs().len(),
            position: self.position,
            now: self.sim.now(),
        }
    }

    /// Back to `mark`: the same branch, inputs, position and state (the simulation is
    /// deterministic, so replaying to the marked position gives the same state).
    fn rollback(&mut self, mark: Mark) {
        if mark == self.mark() {
            return; // nothing moved
        }
        // The inputs before the marked position are the same on every branch made since.
        self.replay_to(mark.position, true);
        self.forget_after(mark.position);
        self.branches.truncate(mark.branches);
        self.branch = mark.branch;
        self.branches[self.branch].inputs.truncate(mark.length);
        // A clock moved without an input (runUntil's end) is in no checkpoint.
        self.sim.advance_clock(mark.now);
    }

    /// Goes to the state after `position` inputs of the current branch.
    #[cfg(feature = "lab")]
    fn seek(&mut self, position: usize) {
        if position != self.position {
            self.replay_to(position, false);
        }
    }

    /// Goes to the state after `position` inputs, from the nearest checkpoint when going
    /// back, going far forward, or `fresh`.
    fn replay_to(&mut self, position: usize, fresh: bool) {
        let k = (position / CHECKPOINT_EVERY).min(self.checkpoints.len() - 1);
        // Going forward within reach of the present: no need to restore.
        if fresh || position < self.position || k * CHECKPOINT_EVERY > self.position {
            let cp = self.checkpoints[k].clone();
            self.sim.restore(&cp);
            self.position = k * CHECKPOINT_EVERY;
        }
        while self.position < position {
            let input = self.inputs()[self.position].clone();
            crate::sure(self.apply(&input), "a recorded input applies again");
        }
    }

    /// Makes `steps` cover the whole branch (it may not, after switching branches).
    #[cfg(feature = "lab")]
    fn replay_to_end_of_known(&mut self) {
        let here = self.position;
        if self.steps.len() <= self.inputs().len() {
            let end = self.inputs().len();
            self.seek(end);
            self.seek(here);
        }
    }

    /// Continues on `branch`, at its end. Returns the trace step where the branches part.
    #[cfg(feature = "lab")]
    fn switch(&mut self, branch: usize) -> u64 {
        let (old, new) = (&self.branches[self.branch].inputs, &self.branches[branch].inputs);
        let common = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let back = self.position.min(common);
        self.seek(back);
        self.forget_after(back);
        let parted = self.sim.step_number();
        self.branch = branch;
        let end = self.inputs().len();
        self.seek(end);
        parted
    }
}

#[cfg(feature = "classroom")]
mod classroom;
#[cfg(feature = "lab")]
#[cfg_attr(not(feature = "multi"), allow(dead_code))]
pub mod multi;
mod read;
#[cfg(test)]
mod refusals;
#[cfg(test)]
mod tests;
