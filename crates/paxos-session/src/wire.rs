//! The worker protocol's messages: what the page asks (read in `read.rs`) and what the
//! session answers (written here by hand, exactly as serde writes them).

use serde::Serialize;

use paxos_sim::json::write::{Obj, ToJson};
use paxos_sim::scenario::{NetworkSpec, ProposeSpec};
use paxos_sim::snapshot::Snapshot;
use paxos_sim::trace::{TraceLine, WireBallot};

/// What the page asks of the simulator: `{"type": "propose", "node": "S1", …}`, with the
/// variant's name in camelCase as `type` and its fields in camelCase (read in `read.rs`).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase", optional_fields)
)]
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
        /// The moment the person acted (virtual ms; see [`Request::at`]).
        at: Option<u64>,
    },
    Crash {
        node: String,
        /// The moment the person acted (virtual ms; see [`Request::at`]).
        at: Option<u64>,
    },
    Restart {
        node: String,
        /// The moment the person acted (virtual ms; see [`Request::at`]).
        at: Option<u64>,
    },
    Partition {
        groups: Vec<Vec<String>>,
        /// The moment the person acted (virtual ms; see [`Request::at`]).
        at: Option<u64>,
    },
    Heal {
        /// The moment the person acted (virtual ms; see [`Request::at`]).
        at: Option<u64>,
    },
    SetNetwork {
        network: NetworkSpec,
        /// The moment the person acted (virtual ms; see [`Request::at`]).
        at: Option<u64>,
    },
    /// Cut, slow down or mend the link between two nodes.
    SetLink {
        link: paxos_sim::scenario::LinkSpec,
        /// The moment the person acted (virtual ms; see [`Request::at`]).
        at: Option<u64>,
    },
    /// Manual network: hand message `id` to its receiver now.
    Deliver {
        id: u64,
        /// The moment the person acted (virtual ms; see [`Request::at`]).
        at: Option<u64>,
    },
    /// Lose message `id`.
    Drop {
        id: u64,
        /// The moment the person acted (virtual ms; see [`Request::at`]).
        at: Option<u64>,
    },
    /// Copy message `id`.
    Duplicate {
        id: u64,
        /// The moment the person acted (virtual ms; see [`Request::at`]).
        at: Option<u64>,
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
    /// Multi-Paxos: a client request or a fault, at the person's moment `at` (as
    /// [`Request::at`] says for Basic Paxos's actions; absent: now).
    #[cfg(feature = "multi")]
    MultiAct {
        action: crate::multi::MultiAction,
        at: Option<u64>,
    },
    /// Multi-Paxos: go to the moment after `position` inputs (0: just loaded).
    #[cfg(feature = "multi")]
    MultiSeek {
        position: usize,
    },
    /// Multi-Paxos: go to the moment right after trace step `step` was written (a step of
    /// the space-time diagram or of a server's history).
    #[cfg(feature = "multi")]
    MultiSeekStep {
        step: u64,
    },
    /// Multi-Paxos: continue at the end of branch `branch` (acting after going back starts
    /// a new branch and keeps the old one).
    #[cfg(feature = "multi")]
    MultiSwitchBranch {
        branch: usize,
    },
    /// Multi-Paxos: the whole trace, paxos-trace v1 text with `"protocol": "multi"`.
    #[cfg(feature = "multi")]
    MultiTrace,
    /// Multi-Paxos: start a model-checking search of the loaded scenario (its client writes
    /// and syncs, from its state before the first of them); `multiCheckRun` explores it.
    #[cfg(feature = "multi-check")]
    MultiCheckStart {
        /// No ballot above this round is started (default 1).
        max_round: Option<u64>,
        /// Let one server crash (and restart).
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>"))]
        crash: bool,
        /// Stop after this many distinct states.
        max_states: Option<u64>,
    },
    /// Multi-Paxos: expand up to `budget` more states (2,000 if absent) and report.
    #[cfg(feature = "multi-check")]
    MultiCheckRun {
        budget: Option<u64>,
    },
    /// Multi-Paxos: forget the search (answered with its last report).
    #[cfg(feature = "multi-check")]
    MultiCheckStop,
    /// Multi-Paxos: the counterexample found, as a scenario file to open (`multiLoad`).
    #[cfg(feature = "multi-check")]
    MultiCheckScenario,
}

impl Request {
    /// The moment a person's action happened (virtual ms), as the page's clock showed it.
    /// The session first runs the simulation to that moment (when it is later than now),
    /// carries the action out, and then, at the timeline's end, what is due at that very
    /// moment: one request for what would otherwise be three. A refused action undoes all of
    /// it. Absent: the action happens now.
    pub fn at(&self) -> Option<u64> {
        match self {
            Request::Propose { at, .. }
            | Request::Crash { at, .. }
            | Request::Restart { at, .. }
            | Request::Partition { at, .. }
            | Request::Heal { at }
            | Request::SetNetwork { at, .. }
            | Request::SetLink { at, .. }
            | Request::Deliver { at, .. }
            | Request::Drop { at, .. }
            | Request::Duplicate { at, .. } => *at,
            _ => None,
        }
    }
}

/// A model-checking request from the page.
/// Fields in camelCase: `{"from": "here", "goal": {"type": "violation"}, "maxRound": 3}`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "camelCase", optional_fields))]
pub struct CheckSpec {
    pub from: CheckFrom,
    pub goal: GoalSpec,
    /// No ballot above this round (default: 2 from the start; from here, one more than
    /// the highest round seen).
    pub max_round: Option<u64>,
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>"))]
    pub drop: bool,
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>"))]
    pub duplicate: bool,
    /// Let one node crash (and restart).
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>"))]
    pub crash: bool,
    /// Stop after this many distinct states (default 50,000,000).
    pub max_states: Option<u64>,
    /// More client proposals to explore from here.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<ProposeSpec>>"))]
    pub proposals: Vec<ProposeSpec>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum CheckFrom {
    /// The scenario's beginning, with its proposals.
    Start,
    /// The playground's current state.
    Here,
}

/// What to look for: `{"type": "accepts", "node": "S2", "ballot": {"round": 1, "node": "S1"}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(tag = "type", rename_all = "camelCase"))]
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

#[cfg(any(feature = "classroom", feature = "multi-check"))]
impl CheckView {
    /// What a search stopped at its memory budget of `bytes` says.
    pub(crate) fn memory_detail(bytes: u64) -> String {
        format!("stopped at the checker's memory budget of {} MiB", bytes >> 20)
    }
}

/// Progress and result of a search, for the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CheckView {
    pub explored: u64,
    pub distinct: u64,
    pub generated: u64,
    pub depth: u64,
    /// running | exhausted (nothing found: unreachable, or no violation) | bounded | found
    #[cfg_attr(feature = "ts", ts(type = "'running' | 'exhausted' | 'bounded' | 'found'"))]
    pub outcome: &'static str,
    pub property: Option<String>,
    pub detail: Option<String>,
    /// Moves of the path found.
    pub moves: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// `view`, at `history` on the timeline. (Only in builds with the Multi-Paxos view.)
    #[cfg(feature = "multi")]
    MultiUpdate {
        since: u64,
        lines: Vec<paxos_sim::multi::MultiLine>,
        view: Box<paxos_sim::multi::MultiView>,
        history: History,
    },
    /// A Multi-Paxos search's progress or result: `start` says where it started, `path` is
    /// the counterexample's moves in words (empty unless found).
    #[cfg(feature = "multi-check")]
    MultiCheck {
        report: CheckView,
        start: crate::multicheck::StartView,
        path: Vec<crate::multicheck::MoveView>,
    },
    /// A scenario file's text (the Multi-Paxos counterexample).
    #[cfg(feature = "multi-check")]
    MultiScenario { text: String },
}

/// Where the simulation is on its timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
            Response::MultiUpdate { since, lines, view, history } => Obj::tagged(out, "type", "multiUpdate")
                .field("since", since)
                .field("lines", lines)
                .field("view", view)
                .field("history", history)
                .end(),
            #[cfg(feature = "multi-check")]
            Response::MultiCheck { report, start, path } => Obj::tagged(out, "type", "multiCheck")
                .field("report", report)
                .field("start", start)
                .field("path", path)
                .end(),
            #[cfg(feature = "multi-check")]
            Response::MultiScenario { text } => {
                Obj::tagged(out, "type", "multiScenario").field("text", text).end()
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
