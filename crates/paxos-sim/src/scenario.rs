//! The scenario file, `paxos-scenario` version 1: who is in the cluster, how the network
//! behaves and what happens when. See docs/scenario.md; the JSON Schema is beside it.

use paxos::{Backoff, Config, NodeId, Value, MAX_NODES};
use serde::{Serialize, Serializer};

mod plan;
mod read;
#[cfg(test)]
mod tests;

pub use plan::check_network;
#[cfg(feature = "lab")]
use plan::lookup;
#[cfg(feature = "lab")]
pub use plan::partition_action;
#[cfg(feature = "lab")]
pub use read::{wire_op, CLIENT_FIELDS};

pub const SCENARIO_FORMAT: &str = "paxos-scenario";
pub const SCENARIO_VERSION: u32 = 1;
/// Seeds stay exact in JavaScript: at most 2^53 - 1.
pub const MAX_SEED: u64 = (1 << 53) - 1;
pub const MAX_DELAY: u64 = 60_000;
pub const MAX_UNTIL: u64 = 86_400_000;
/// The longest title, in characters: a title is shown in one line of the page.
pub const MAX_TITLE: usize = 200;
pub const MAX_TIMEOUT: u64 = 3_600_000;

/// A scenario as written in the file. [`Scenario::parse`] checks every field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    pub format: String,
    pub version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub protocol: Protocol,
    pub nodes: NodesSpec,
    pub seed: u64,
    pub network: NetworkSpec,
    pub proposer: ProposerSpec,
    /// Multi-Paxos only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leader: Option<LeaderSpec>,
    /// Promises or accepteds a proposer waits for; a majority if absent. Smaller than a
    /// majority is the classroom's broken variant 5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quorum: Option<u64>,
    /// Flexible Paxos: a quorum for each phase (Basic Paxos only; not with `quorum`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quorums: Option<QuorumsSpec>,
    /// Deliberately broken variants of the protocol, by name (docs/scenario.md).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub broken: Vec<String>,
    pub events: Vec<EventSpec>,
    pub until: u64,
}

fn default_until() -> u64 {
    10_000
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    #[default]
    Basic,
    /// Multi-Paxos with a distinguished leader, replicating a ZooKeeper-style tree.
    Multi,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Basic => "basic",
            Protocol::Multi => "multi",
        }
    }
}

/// Multi-Paxos: `"leader": {"heartbeat": 100, "election": 400}` (ms).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LeaderSpec {
    /// How often the leader sends heartbeats.
    pub heartbeat: u64,
    /// How long a follower waits without a heartbeat (plus a random wait of up to as long
    /// again) before it tries to become leader.
    pub election: u64,
}

impl Default for LeaderSpec {
    fn default() -> Self {
        LeaderSpec { heartbeat: 100, election: 400 }
    }
}

/// Multi-Paxos: a client's request to a server,
/// `{"server": "S2", "op": "setData", "path": "/laws/electricity", "data": "2元/度"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientSpec {
    pub server: String,
    #[serde(flatten)]
    pub op: crate::multi::WireOp,
}

/// `"nodes": 3` or `"nodes": ["S1", "S2", "S3"]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodesSpec {
    Count(u64),
    Names(Vec<String>),
}

impl Serialize for NodesSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NodesSpec::Count(n) => s.serialize_u64(*n),
            NodesSpec::Names(names) => names.serialize(s),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NetworkSpec {
    /// `auto`: the network delivers, loses and duplicates by itself; `manual`: every
    /// message between two nodes waits until a person (or a scripted event) delivers,
    /// drops or duplicates it.
    pub mode: NetworkMode,
    /// Each message's delay, uniform in `[min, max]` ms.
    pub delay: [u64; 2],
    /// Probability that a message is lost.
    pub drop: f64,
    /// Probability that a message is duplicated (the copy has its own delay and fate).
    pub duplicate: f64,
}

impl crate::json::write::ToJson for NetworkSpec {
    fn write(&self, out: &mut String) {
        let mode = match self.mode {
            NetworkMode::Auto => "auto",
            NetworkMode::Manual => "manual",
        };
        crate::json::write::Obj::new(out)
            .field("mode", &mode)
            .field("delay", &self.delay)
            .field("drop", &self.drop)
            .field("duplicate", &self.duplicate)
            .end();
    }
}

impl Default for NetworkSpec {
    fn default() -> Self {
        NetworkSpec { mode: NetworkMode::Auto, delay: [10, 100], drop: 0.0, duplicate: 0.0 }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum NetworkMode {
    #[default]
    Auto,
    Manual,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ProposerSpec {
    pub timeout: u64,
    pub backoff: BackoffSpec,
}

impl Default for ProposerSpec {
    fn default() -> Self {
        ProposerSpec { timeout: 400, backoff: BackoffSpec::Random }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BackoffSpec {
    #[default]
    Random,
    None,
}

/// Flexible Paxos's two quorums: `{"prepare": Q1, "accept": Q2}`. Safe when Q1 + Q2 is
/// more than the number of nodes (every phase 1 quorum meets every phase 2 quorum).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct QuorumsSpec {
    pub prepare: u64,
    pub accept: u64,
}

/// One scripted event: `at` and exactly one action.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EventSpec {
    pub at: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub propose: Option<ProposeSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restart: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition: Option<Vec<Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heal: Option<bool>,
    /// Manual network: deliver the oldest message in flight that matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deliver: Option<SelectorSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drop: Option<SelectorSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate: Option<SelectorSpec>,
    /// Cut, slow down or mend one link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<LinkSpec>,
    /// Fire this node's timer now, if it has one set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    /// Multi-Paxos: a client's request to a server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<ClientSpec>,
    /// New network settings from now on; a new mode applies at once to the messages in
    /// flight (manual: they wait for a person or a scripted event).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<NetworkSpec>,
}

/// Picks a message in flight: the oldest (lowest id) from `from` to `to` that has every
/// other field given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SelectorSpec {
    pub from: String,
    pub to: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<MsgKind>,
    /// The message's ballot, `{"round": 2, "node": "S1"}` (every type but decide has one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ballot: Option<crate::trace::WireBallot>,
    /// Multi-Paxos: the slot of an accept, accepted or decide.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot: Option<u64>,
    /// The copy's number, as the trace's `send` (or `duplicate`) line gives it: exactly
    /// that copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
}

/// The kinds of message, as `type` names them in traces: Basic Paxos's six, which
/// Multi-Paxos has too, then Multi-Paxos's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MsgKind {
    Prepare,
    Promise,
    Accept,
    Accepted,
    Nack,
    Decide,
    Heartbeat,
    Forward,
    Catchup,
    Sync,
    SyncOk,
    Probe,
    ProbeOk,
}

impl MsgKind {
    pub const ALL: [MsgKind; 13] = {
        use MsgKind::*;
        [
            Prepare, Promise, Accept, Accepted, Nack, Decide, Heartbeat, Forward, Catchup, Sync, SyncOk,
            Probe, ProbeOk,
        ]
    };

    /// The name traces and scenarios use: `"prepare"`, `"promise"`, …
    pub fn name(self) -> &'static str {
        match self {
            MsgKind::Prepare => "prepare",
            MsgKind::Promise => "promise",
            MsgKind::Accept => "accept",
            MsgKind::Accepted => "accepted",
            MsgKind::Nack => "nack",
            MsgKind::Decide => "decide",
            MsgKind::Heartbeat => "heartbeat",
            MsgKind::Forward => "forward",
            MsgKind::Catchup => "catchup",
            MsgKind::Sync => "sync",
            MsgKind::SyncOk => "syncok",
            MsgKind::Probe => "probe",
            MsgKind::ProbeOk => "probeok",
        }
    }

    /// Whether `protocol`'s messages include this kind.
    pub fn in_protocol(self, protocol: Protocol) -> bool {
        protocol == Protocol::Multi || (self as u8) <= MsgKind::Decide as u8
    }

    /// The ballot a message carries (decide has none).
    pub fn ballot_of(msg: &paxos::Message) -> Option<paxos::Ballot> {
        match msg {
            paxos::Message::Prepare { ballot }
            | paxos::Message::Promise { ballot, .. }
            | paxos::Message::Accept { ballot, .. }
            | paxos::Message::Accepted { ballot, .. }
            | paxos::Message::Nack { ballot, .. } => Some(*ballot),
            paxos::Message::Decide { .. } => None,
        }
    }

    pub fn of(msg: &paxos::Message) -> MsgKind {
        match msg {
            paxos::Message::Prepare { .. } => MsgKind::Prepare,
            paxos::Message::Promise { .. } => MsgKind::Promise,
            paxos::Message::Accept { .. } => MsgKind::Accept,
            paxos::Message::Accepted { .. } => MsgKind::Accepted,
            paxos::Message::Nack { .. } => MsgKind::Nack,
            paxos::Message::Decide { .. } => MsgKind::Decide,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProposeSpec {
    pub node: String,
    pub value: String,
}

/// Why a scenario was refused. The message names the field and, for JSON errors, the line
/// and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
    #[error("{}{message} (line {line}, column {column})", field_prefix(path))]
    Field { path: String, message: String, line: usize, column: usize },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    /// A build without the laboratory (feature "lab") was given a scenario with scripted
    /// events or a manual network: the session answers `later` (docs/worker-protocol.md).
    #[cfg(not(feature = "lab"))]
    #[error("this build of the simulator leaves out {0}")]
    Later(&'static str),
}

/// `network.drop: `, or nothing for the top level of the file (`.`).
impl From<crate::json::JsonError> for ScenarioError {
    fn from(e: crate::json::JsonError) -> ScenarioError {
        let crate::json::JsonError { path, message, line, column, syntax } = e;
        if syntax {
            ScenarioError::Syntax { line, column, message }
        } else {
            ScenarioError::Field { path, message, line, column }
        }
    }
}

fn field_prefix(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        format!("{path}: ")
    }
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError::Invalid { path: path.into(), message: message.into() }
}

/// A checked scenario, ready to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub title: Option<String>,
    pub protocol: Protocol,
    pub names: Vec<String>,
    pub seed: u64,
    pub config: Config,
    /// The Multi-Paxos settings (used when `protocol` is multi).
    pub multi: paxos::multi::MultiConfig,
    pub network: NetworkSpec,
    pub until: u64,
    /// In the order they happen: by time, then as listed.
    pub script: Vec<(u64, Action)>,
}

impl Plan {
    /// The script's proposals, in order: what a model checker explores.
    pub fn proposals(&self) -> Vec<(NodeId, Value)> {
        self.script
            .iter()
            .filter_map(|(_, a)| match a {
                Action::Propose { node, value } => Some((*node, value.clone())),
                _ => None,
            })
            .collect()
    }
}

/// Something that happens to the cluster: a scripted event or a person's click.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Propose {
        node: NodeId,
        value: Value,
    },
    Crash(NodeId),
    Restart(NodeId),
    /// Every node in exactly one group.
    Partition(Vec<Vec<NodeId>>),
    Heal,
    /// Hand a message in flight to its receiver now.
    Deliver(Pick),
    /// Lose a message in flight.
    Drop(Pick),
    /// Copy a message in flight; the copy has its own id.
    Duplicate(Pick),
    /// New network settings for messages sent from now on (and the mode, at once).
    SetNetwork(NetworkSpec),
    /// Faults of the link between `a` and `b`, both ways.
    SetLink {
        a: NodeId,
        b: NodeId,
        link: Link,
    },
    /// Fire the node's timer now (the clock moves to when it is due, if later).
    Fire(NodeId),
    /// Multi-Paxos: a client sends `op` to `server`.
    #[cfg(feature = "multi")]
    Client {
        server: NodeId,
        op: crate::multi::ClientOp,
        /// The session it is sent in, if any.
        session: Option<u64>,
    },
}

/// The faults of one link (both directions). The default is a healthy link.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Every message on it is dropped when it arrives.
    pub cut: bool,
    /// Ms added to each message's delay.
    pub extra: u64,
}

/// `{"between": ["S1", "S3"], "cut": true, "extra": 200}`
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinkSpec {
    pub between: [String; 2],
    /// Read as false when absent.
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub cut: bool,
    /// Read as 0 when absent.
    #[cfg_attr(feature = "ts", ts(as = "Option<u64>", optional))]
    pub extra: u64,
}

#[cfg(feature = "lab")]
impl LinkSpec {
    /// Resolves names and checks the extra delay.
    pub fn action(&self, names: &[String], path: &str) -> Result<Action, ScenarioError> {
        let a = lookup(names, &self.between[0], &format!("{path}.between[0]"))?;
        let b = lookup(names, &self.between[1], &format!("{path}.between[1]"))?;
        if a == b {
            return Err(invalid(format!("{path}.between"), "a link joins two different nodes"));
        }
        if self.extra > MAX_DELAY {
            return Err(invalid(
                format!("{path}.extra"),
                format!("{} is out of range; allowed 0 to {MAX_DELAY} ms", self.extra),
            ));
        }
        Ok(Action::SetLink { a, b, link: Link { cut: self.cut, extra: self.extra } })
    }
}

/// Which message in flight an action means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Id(u64),
    /// The oldest in flight from `from` to `to` that is `what`.
    Oldest {
        from: NodeId,
        to: NodeId,
        what: MsgPattern,
    },
}

/// What a picked message is, as far as a selector says: each field given must match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MsgPattern {
    pub kind: Option<MsgKind>,
    pub ballot: Option<paxos::Ballot>,
    pub slot: Option<u64>,
    pub id: Option<u64>,
}

/// What a pattern can tell of a message: its kind, ballot and slot (see [`MsgPattern`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MsgFacts {
    pub kind: MsgKind,
    pub ballot: Option<paxos::Ballot>,
    pub slot: Option<u64>,
}

impl MsgPattern {
    /// Whether copy `id`, with `facts`, is one this pattern means.
    pub fn matches(&self, id: u64, facts: MsgFacts) -> bool {
        self.kind.is_none_or(|k| k == facts.kind)
            && self.ballot.is_none_or(|b| Some(b) == facts.ballot)
            && self.slot.is_none_or(|s| Some(s) == facts.slot)
            && self.id.is_none_or(|i| i == id)
    }
}
