//! The scenario file, `paxos-scenario` version 1: who is in the cluster, how the network
//! behaves and what happens when. See docs/scenario.md; the JSON Schema is beside it.

use paxos::{Backoff, Config, NodeId, Value, MAX_NODES};
use serde::{Serialize, Serializer};

mod read;
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
}

/// Picks a message in flight: the oldest (lowest id) from `from` to `to`, of `type` if given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SelectorSpec {
    pub from: String,
    pub to: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<MsgKind>,
    /// The message's ballot, `{"round": 2, "node": "S1"}` (every type but decide has one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ballot: Option<crate::trace::WireBallot>,
}

/// The kinds of message, as `type` names them in traces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MsgKind {
    Prepare,
    Promise,
    Accept,
    Accepted,
    Nack,
    Decide,
}

impl MsgKind {
    /// The name traces and scenarios use: `"prepare"`, `"promise"`, …
    pub fn name(self) -> &'static str {
        match self {
            MsgKind::Prepare => "prepare",
            MsgKind::Promise => "promise",
            MsgKind::Accept => "accept",
            MsgKind::Accepted => "accepted",
            MsgKind::Nack => "nack",
            MsgKind::Decide => "decide",
        }
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
    Client {
        server: NodeId,
        op: crate::multi::ClientOp,
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
pub struct LinkSpec {
    pub between: [String; 2],
    pub cut: bool,
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
    /// The oldest in flight from `from` to `to`, of `kind` and `ballot` if given.
    Oldest {
        from: NodeId,
        to: NodeId,
        kind: Option<MsgKind>,
        ballot: Option<paxos::Ballot>,
    },
}

impl Scenario {
    /// Parses and checks a scenario file.
    pub fn parse(json: &str) -> Result<Plan, ScenarioError> {
        Scenario::from_json(json)?.plan()
    }

    /// Parses without checking ranges and names (see [`Scenario::plan`]).
    pub fn from_json(json: &str) -> Result<Scenario, ScenarioError> {
        crate::json::from_str(json).map_err(ScenarioError::from)
    }

    /// Checks every field and resolves node names.
    pub fn plan(&self) -> Result<Plan, ScenarioError> {
        if self.format != SCENARIO_FORMAT {
            return Err(invalid(
                "format",
                format!("must be \"{SCENARIO_FORMAT}\", not {}", crate::Quoted(&self.format)),
            ));
        }
        if self.version != SCENARIO_VERSION {
            return Err(invalid(
                "version",
                format!(
                    "this playground reads version {SCENARIO_VERSION} of the scenario format, not {}",
                    self.version
                ),
            ));
        }
        let names = self.names()?;
        // 1. A build without the Multi-Paxos view (the Basic Paxos page's wasm) does not plan
        //    a multi scenario: it could not run it, and leaves out the code that checks one.
        #[cfg(not(feature = "multi"))]
        if self.protocol == Protocol::Multi {
            return Err(crate::multi_elsewhere());
        }
        if self.seed > MAX_SEED {
            return Err(invalid("seed", format!("{} is out of range; allowed 0 to {MAX_SEED}", self.seed)));
        }
        if let Some(title) = &self.title {
            let length = title.chars().count();
            if length > MAX_TITLE {
                return Err(invalid(
                    "title",
                    format!("{length} characters is too long; allowed up to {MAX_TITLE}"),
                ));
            }
        }
        check_network(&self.network, "network")?;
        let p = self.proposer;
        if p.timeout == 0 || p.timeout > MAX_TIMEOUT {
            return Err(invalid(
                "proposer.timeout",
                format!("{} is out of range; allowed 1 to {MAX_TIMEOUT} ms", p.timeout),
            ));
        }
        if self.until > MAX_UNTIL {
            return Err(invalid(
                "until",
                format!("{} is out of range; allowed 0 to {MAX_UNTIL} ms", self.until),
            ));
        }
        let mut flaws = paxos::Flaws::default();
        let mut multi_flaws = paxos::multi::MultiFlaws::default();
        for (i, name) in self.broken.iter().enumerate() {
            let (known, set) = match self.protocol {
                Protocol::Basic => (&paxos::Flaws::ALL[..], flaws.set(name)),
                Protocol::Multi => (&paxos::multi::MultiFlaws::ALL[..], multi_flaws.set(name)),
            };
            if !set {
                // Strings, as every other list joined in the browser's build: one `join` in its wasm.
                let known: Vec<String> = known.iter().map(|(n, _)| n.to_string()).collect();
                return Err(invalid(
                    format!("broken[{i}]"),
                    format!(
                        "{} is not a broken variant; the variants are {}",
                        crate::Quoted(name),
                        known.join(", ")
                    ),
                ));
            }
        }
        let n = names.len() as u64;
        let quorum = match self.quorum {
            None => paxos::Config::majority(n as u16),
            Some(q) if (1..=n).contains(&q) => q as u16,
            Some(q) => {
                return Err(invalid(
                    "quorum",
                    format!("{q} is out of range; allowed 1 to {n} (the number of nodes)"),
                ))
            }
        };
        let (quorum, accept) = match (self.quorums, self.protocol) {
            (Some(_), _) if self.quorum.is_some() => {
                return Err(invalid("quorums", "give either quorum or quorums (Flexible Paxos), not both"))
            }
            (Some(_), Protocol::Multi) => {
                return Err(invalid("quorums", "Flexible Paxos is for Basic Paxos"))
            }
            (Some(QuorumsSpec { prepare, accept }), Protocol::Basic) => {
                for (q, field) in [(prepare, "quorums.prepare"), (accept, "quorums.accept")] {
                    if !(1..=n).contains(&q) {
                        return Err(invalid(
                            field,
                            format!("{q} is out of range; allowed 1 to {n} (the number of nodes)"),
                        ));
                    }
                }
                (prepare as u16, Some(accept as u16))
            }
            (None, _) => (quorum, None),
        };
        let base = Config::new(names.len() as u16).map_err(|e| invalid("nodes", e.to_string()))?;
        let base = match accept {
            Some(accept) => base.flexible(quorum, accept),
            None => Config { quorum, accept_quorum: quorum, ..base },
        };
        let config = Config {
            flaws,
            timeout: p.timeout,
            backoff: match p.backoff {
                BackoffSpec::Random => Backoff::Random,
                BackoffSpec::None => Backoff::None,
            },
            ..base
        };
        let leader = self.leader.unwrap_or_default();
        let multi = paxos::multi::MultiConfig {
            quorum,
            heartbeat: leader.heartbeat,
            election_timeout: leader.election,
            flaws: multi_flaws,
            ..paxos::multi::MultiConfig::new(names.len() as u16)
                .map_err(|e| invalid("nodes", e.to_string()))?
        };
        match self.protocol {
            Protocol::Basic => {
                if self.leader.is_some() {
                    return Err(invalid("leader", "is for the multi protocol; this scenario is basic"));
                }
            }
            Protocol::Multi => {
                multi.validate().map_err(|e| invalid("leader", e.to_string()))?;
                if self.network.mode == NetworkMode::Manual {
                    return Err(invalid("network.mode", crate::multi::MANUAL_MULTI));
                }
            }
        }
        // 2. The Basic Paxos page's first build leaves out scripted events and the manual
        //    network with the rest of the laboratory (feature "lab"): its session answers
        //    `later`, and the worker asks a build that has them.
        #[cfg(not(feature = "lab"))]
        let script = match (self.events.is_empty(), self.network.mode) {
            (false, _) => return Err(ScenarioError::Later("scripted events")),
            (true, NetworkMode::Manual) => return Err(ScenarioError::Later("the manual network")),
            (true, NetworkMode::Auto) => Vec::new(),
        };
        #[cfg(feature = "lab")]
        let script = {
            let mut script = Vec::with_capacity(self.events.len());
            for (i, ev) in self.events.iter().enumerate() {
                let path = format!("events[{i}]");
                let manual = ev.deliver.is_some() || ev.drop.is_some() || ev.duplicate.is_some();
                if self.protocol == Protocol::Multi && manual {
                    return Err(invalid(path, crate::multi::MANUAL_MULTI));
                }
                if self.protocol == Protocol::Basic && ev.client.is_some() {
                    return Err(invalid(
                        format!("{path}.client"),
                        "client requests need \"protocol\": \"multi\"",
                    ));
                }
                if ev.at > self.until {
                    return Err(invalid(
                        format!("{path}.at"),
                        format!("{} is after until ({} ms): it would never happen", ev.at, self.until),
                    ));
                }
                script.push((ev.at, event_action(ev, &names, &path)?));
            }
            by_time(script)
        };
        Ok(Plan {
            title: self.title.clone(),
            protocol: self.protocol,
            names,
            seed: self.seed,
            config,
            multi,
            network: self.network.clone(),
            until: self.until,
            script,
        })
    }

    fn names(&self) -> Result<Vec<String>, ScenarioError> {
        match &self.nodes {
            NodesSpec::Count(n) => {
                if *n == 0 || *n > u64::from(MAX_NODES) {
                    return Err(invalid("nodes", format!("{n} is out of range; allowed 1 to {MAX_NODES}")));
                }
                Ok((1..=*n).map(|i| format!("S{i}")).collect())
            }
            NodesSpec::Names(names) => {
                if names.is_empty() || names.len() > usize::from(MAX_NODES) {
                    return Err(invalid(
                        "nodes",
                        format!("a list of 1 to {MAX_NODES} names, not {}", names.len()),
                    ));
                }
                for (i, name) in names.iter().enumerate() {
                    let ok = !name.is_empty()
                        && name.len() <= 16
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                    if !ok {
                        return Err(invalid(
                            format!("nodes[{i}]"),
                            format!(
                                "{} is not a node name: use 1 to 16 letters, digits, '-' or '_'",
                                crate::Quoted(name)
                            ),
                        ));
                    }
                    if names[..i].contains(name) {
                        return Err(invalid(
                            format!("nodes[{i}]"),
                            format!("{} appears twice", crate::Quoted(name)),
                        ));
                    }
                }
                Ok(names.clone())
            }
        }
    }
}

/// Checks network parameters (also used when a person moves the sliders).
pub fn check_network(n: &NetworkSpec, path: &str) -> Result<(), ScenarioError> {
    let [lo, hi] = n.delay;
    if hi > MAX_DELAY {
        return Err(invalid(
            format!("{path}.delay[1]"),
            format!("{hi} is out of range; allowed 0 to {MAX_DELAY} ms"),
        ));
    }
    if lo > hi {
        return Err(invalid(format!("{path}.delay"), format!("the minimum {lo} is above the maximum {hi}")));
    }
    for (field, p) in [("drop", n.drop), ("duplicate", n.duplicate)] {
        if !(0.0..=1.0).contains(&p) {
            return Err(invalid(
                format!("{path}.{field}"),
                format!("{} is out of range; allowed 0 to 1 (a probability)", decimal(p)),
            ));
        }
    }
    Ok(())
}

/// `1.5`, `0.25`, `-3`: a number for a message, to six decimals, without pulling the
/// float formatter (about 14 KB of wasm) into the browser build.
fn decimal(x: f64) -> String {
    if !x.is_finite() || x.abs() >= 1e15 {
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "a huge number".into()
        } else {
            "a huge negative number".into()
        };
    }
    let micro = (x.abs() * 1e6).round() as u64;
    let sign = if x < 0.0 && micro > 0 { "-" } else { "" };
    let (int, frac) = (micro / 1_000_000, micro % 1_000_000);
    if frac == 0 {
        return format!("{sign}{int}");
    }
    let digits = format!("{frac:06}");
    format!("{sign}{int}.{}", digits.trim_end_matches('0'))
}

/// The script in time order; events at the same time keep their listed order (a merge sort:
/// the standard library's stable sort is 3 KB of the browser's wasm, for this one use).
#[cfg(feature = "lab")]
fn by_time(mut script: Vec<(u64, Action)>) -> Vec<(u64, Action)> {
    let n = script.len();
    if n < 2 {
        return script;
    }
    let later = by_time(script.split_off(n / 2));
    let (mut a, mut b) = (by_time(script).into_iter().peekable(), later.into_iter().peekable());
    let mut out = Vec::with_capacity(n);
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        // Strictly earlier only: a tie keeps the first half's event first.
        let next = if y.0 < x.0 { b.next() } else { a.next() };
        out.extend(next);
    }
    out.extend(a.chain(b));
    out
}

#[cfg(feature = "lab")]
fn lookup(names: &[String], name: &str, path: &str) -> Result<NodeId, ScenarioError> {
    match names.iter().position(|n| n == name) {
        Some(i) => Ok(NodeId(i as u16)),
        None => Err(invalid(
            path,
            format!("there is no node named {}; the nodes are {}", crate::Quoted(name), list(names)),
        )),
    }
}

#[cfg(feature = "lab")]
fn list(names: &[String]) -> String {
    if names.len() <= 8 {
        names.join(", ")
    } else {
        format!("{} … {}", names[..3].join(", "), names[names.len() - 1])
    }
}

#[cfg(feature = "lab")]
fn event_action(ev: &EventSpec, names: &[String], path: &str) -> Result<Action, ScenarioError> {
    let given = [
        ev.propose.is_some(),
        ev.crash.is_some(),
        ev.restart.is_some(),
        ev.partition.is_some(),
        ev.heal.is_some(),
        ev.deliver.is_some(),
        ev.drop.is_some(),
        ev.duplicate.is_some(),
        ev.link.is_some(),
        ev.timeout.is_some(),
        ev.client.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(invalid(
            path,
            "an event has \"at\" and exactly one of propose, crash, restart, partition, heal, deliver, drop, duplicate, link, timeout, client",
        ));
    }
    #[cfg(feature = "multi")]
    if let Some(c) = &ev.client {
        let server = lookup(names, &c.server, &format!("{path}.client.server"))?;
        let op = crate::multi::client_op(&c.op)
            .map_err(|(field, e)| invalid(format!("{path}.client.{field}"), e))?;
        return Ok(Action::Client { server, op });
    }
    // (Without the Multi-Paxos view, plan() refused client events before: see 1.)
    let pick = |sel: &SelectorSpec, field: &str| -> Result<Pick, ScenarioError> {
        let ballot = match &sel.ballot {
            None => None,
            Some(b) => Some(paxos::Ballot::new(
                b.round,
                lookup(names, &b.node, &format!("{path}.{field}.ballot.node"))?,
            )),
        };
        Ok(Pick::Oldest {
            from: lookup(names, &sel.from, &format!("{path}.{field}.from"))?,
            to: lookup(names, &sel.to, &format!("{path}.{field}.to"))?,
            kind: sel.kind,
            ballot,
        })
    };
    if let Some(n) = &ev.timeout {
        return Ok(Action::Fire(lookup(names, n, &format!("{path}.timeout"))?));
    }
    if let Some(link) = &ev.link {
        return link.action(names, &format!("{path}.link"));
    }
    if let Some(sel) = &ev.deliver {
        return Ok(Action::Deliver(pick(sel, "deliver")?));
    }
    if let Some(sel) = &ev.drop {
        return Ok(Action::Drop(pick(sel, "drop")?));
    }
    if let Some(sel) = &ev.duplicate {
        return Ok(Action::Duplicate(pick(sel, "duplicate")?));
    }
    if let Some(p) = &ev.propose {
        let node = lookup(names, &p.node, &format!("{path}.propose.node"))?;
        let value =
            Value::new(&p.value).map_err(|e| invalid(format!("{path}.propose.value"), e.to_string()))?;
        return Ok(Action::Propose { node, value });
    }
    if let Some(n) = &ev.crash {
        return Ok(Action::Crash(lookup(names, n, &format!("{path}.crash"))?));
    }
    if let Some(n) = &ev.restart {
        return Ok(Action::Restart(lookup(names, n, &format!("{path}.restart"))?));
    }
    if let Some(groups) = &ev.partition {
        return partition_action(groups, names, &format!("{path}.partition"));
    }
    match ev.heal {
        Some(true) => Ok(Action::Heal),
        _ => Err(invalid(format!("{path}.heal"), "must be true")),
    }
}

/// Resolves partition groups. Nodes not named in any group form one more group together,
/// so `[["S1"]]` isolates S1 from the rest.
#[cfg(feature = "lab")]
pub fn partition_action(
    groups: &[Vec<String>],
    names: &[String],
    path: &str,
) -> Result<Action, ScenarioError> {
    let mut seen = vec![false; names.len()];
    let mut out = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let mut ids = Vec::new();
        for (k, name) in group.iter().enumerate() {
            let id = lookup(names, name, &format!("{path}[{g}][{k}]"))?;
            if std::mem::replace(&mut seen[id.index()], true) {
                return Err(invalid(format!("{path}[{g}][{k}]"), format!("{name} is in two groups")));
            }
            ids.push(id);
        }
        if !ids.is_empty() {
            out.push(ids);
        }
    }
    let rest: Vec<NodeId> = (0..names.len()).filter(|&i| !seen[i]).map(|i| NodeId(i as u16)).collect();
    if !rest.is_empty() {
        out.push(rest);
    }
    if out.len() < 2 {
        return Err(invalid(path, "a partition needs at least two groups"));
    }
    Ok(Action::Partition(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "lab")]
    const ISLAND: &str = r#"{ "format": "paxos-scenario", "version": 1,
      "title": "Electricity price", "protocol": "basic", "nodes": 3, "seed": 42,
      "network": { "delay": [10, 100], "drop": 0.0, "duplicate": 0.0 },
      "proposer": { "timeout": 400, "backoff": "random" },
      "events": [
        { "at": 0,   "propose": { "node": "S1", "value": "1元/度" } },
        { "at": 0,   "propose": { "node": "S2", "value": "2元/度" } },
        { "at": 120, "crash": "S3" },   { "at": 500, "restart": "S3" },
        { "at": 50,  "partition": [["S1"], ["S2", "S3"]] }, { "at": 800, "heal": true } ],
      "until": 10000 }"#;

    #[test]
    #[cfg(feature = "lab")]
    fn the_issue_example_parses_and_events_sort_by_time_then_listing() {
        let plan = Scenario::parse(ISLAND).unwrap();
        assert_eq!(plan.names, ["S1", "S2", "S3"]);
        assert_eq!(plan.config.quorum, 2);
        let times: Vec<u64> = plan.script.iter().map(|(t, _)| *t).collect();
        assert_eq!(times, [0, 0, 50, 120, 500, 800]);
        assert!(matches!(plan.script[0].1, Action::Propose { node: NodeId(0), .. }));
    }

    #[test]
    fn only_format_version_and_nodes_are_required() {
        let plan = Scenario::parse(r#"{"format":"paxos-scenario","version":1,"nodes":["a","b"]}"#).unwrap();
        assert_eq!(plan.until, 10_000);
        assert_eq!(plan.network, NetworkSpec::default());
        assert_eq!(plan.config.timeout, 400);
        assert_eq!(plan.names, ["a", "b"]);
    }

    fn err(json: &str) -> String {
        Scenario::parse(json).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_the_field_and_the_allowed_range() {
        let base = r#"{"format":"paxos-scenario","version":1,"nodes":3"#;
        assert_eq!(
            err(&format!("{base},\"network\":{{\"drop\":1.5}}}}")),
            "network.drop: 1.5 is out of range; allowed 0 to 1 (a probability)"
        );
        assert_eq!(
            err(r#"{"format":"paxos-scenario","version":1,"nodes":1000}"#),
            "nodes: 1000 is out of range; allowed 1 to 999"
        );
        let e = err(&format!("{base},\"netwrk\":{{}}}}"));
        assert!(e.starts_with("netwrk: unknown field `netwrk`, expected one of `format`"), "{e}");
        assert!(e.ends_with("(line 1, column 57)"), "{e}");
        let e = err(r#"{"format":"paxos-scenario","version":1,"nodes":3,"network":{"dorp":0.1}}"#);
        assert!(
            e.starts_with(
                "network.dorp: unknown field `dorp`, expected one of `mode`, `delay`, `drop`, `duplicate`"
            ),
            "{e}"
        );
        let e = err(r#"{"format":"paxos-scenario","version":1}"#);
        assert!(e.starts_with("missing field `nodes`"), "{e}");
        let e = err(&format!("{base},\"proposer\":{{\"timeout\":\"soon\"}}}}"));
        assert!(
            e.starts_with("proposer.timeout: invalid type: string \"soon\", expected u64 (line 1"),
            "{e}"
        );
    }

    #[test]
    #[cfg(feature = "lab")]
    fn event_errors_name_the_event_and_its_field() {
        let base = r#"{"format":"paxos-scenario","version":1,"nodes":3"#;
        let e = err(&format!("{base},\"events\":[{{\"at\":0,\"crash\":\"S9\"}}]}}"));
        assert_eq!(e, "events[0].crash: there is no node named \"S9\"; the nodes are S1, S2, S3");
        let e = err(&format!(
            "{base},\"events\":[{{\"at\":0,\"propose\":{{\"node\":\"S1\",\"value\":\"{}\"}}}}]}}",
            "x".repeat(300)
        ));
        assert_eq!(
            e,
            "events[0].propose.value: a value is at most 256 bytes of UTF-8; this one has 300 bytes"
        );
        let e = err(&format!("{base},\"events\":[{{\"at\":0,\"crash\":\"S1\",\"heal\":true}}]}}"));
        assert!(e.starts_with("events[0]: an event has \"at\" and exactly one of"), "{e}");
        assert_eq!(
            err(&format!("{base},\"until\":5,\"events\":[{{\"at\":6,\"heal\":true}}]}}")),
            "events[0].at: 6 is after until (5 ms): it would never happen"
        );
    }

    /// The first build of the Basic Paxos page (see 2. in `plan`) leaves out scripted events
    /// and the manual network: it refuses them as `later` (the session answers so), after
    /// checking the rest of the file, whose mistakes it reports as every build does.
    #[test]
    #[cfg(not(feature = "lab"))]
    fn the_first_build_leaves_scripts_and_the_manual_network_for_later() {
        let base = r#"{"format":"paxos-scenario","version":1,"nodes":3"#;
        let later = |json: &str| match Scenario::parse(json) {
            Err(ScenarioError::Later(needs)) => needs,
            other => panic!("expected later, got {other:?}"),
        };
        assert_eq!(later(&format!("{base},\"events\":[{{\"at\":0,\"heal\":true}}]}}")), "scripted events");
        assert_eq!(later(&format!("{base},\"network\":{{\"mode\":\"manual\"}}}}")), "the manual network");
        assert_eq!(
            err(&format!("{base},\"seed\":-1,\"events\":[{{\"at\":0,\"heal\":true}}]}}")),
            "seed: invalid value: integer `-1`, expected u64 (line 1, column 58)"
        );
        assert!(Scenario::parse(&format!("{base},\"events\":[]}}")).is_ok());
    }

    #[test]
    fn message_kinds_are_named_as_serde_writes_them() {
        use MsgKind::*;
        for k in [Prepare, Promise, Accept, Accepted, Nack, Decide] {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.name()));
        }
    }

    #[test]
    fn decimals_print_like_people_write_them() {
        assert_eq!(decimal(1.5), "1.5");
        assert_eq!(decimal(-0.25), "-0.25");
        assert_eq!(decimal(2.0), "2");
        assert_eq!(decimal(1.0000004), "1");
        assert_eq!(decimal(f64::INFINITY), "a huge number");
    }

    #[test]
    fn malformed_json_gives_line_and_column() {
        let e = err("{\n  \"format\": \"paxos-scenario\",\n  \"version\": 1\n  \"nodes\": 3 }");
        assert_eq!(e, "malformed JSON at line 4, column 3: expected `,` or `}`");
    }

    /// The Basic Paxos page's wasm does not plan a Multi-Paxos scenario, however it is
    /// written: it says where it runs instead (the command line plans and runs both).
    #[cfg(not(feature = "multi"))]
    #[test]
    fn a_build_without_the_multi_view_sends_multi_scenarios_there() {
        let bad_op = r#"{"format":"paxos-scenario","version":1,"protocol":"multi","nodes":3,
            "events":[{"at":0,"client":{"server":"S1","op":"explode"}}]}"#;
        let e = err(bad_op);
        assert_eq!(e, "protocol: this is a multi scenario: it runs in the Multi-Paxos view (paxos-sim run handles both)");
    }

    #[test]
    #[cfg(feature = "lab")]
    fn events_are_sorted_by_time_keeping_the_listed_order() {
        let script: Vec<(u64, Action)> = [5, 1, 5, 0, 1, 9, 5]
            .iter()
            .enumerate()
            .map(|(i, &at)| (at, Action::Fire(NodeId(i as u16))))
            .collect();
        let order: Vec<(u64, u16)> = by_time(script)
            .into_iter()
            .map(|(at, a)| {
                (
                    at,
                    match a {
                        Action::Fire(n) => n.0,
                        _ => unreachable!(),
                    },
                )
            })
            .collect();
        assert_eq!(order, [(0, 3), (1, 1), (1, 4), (5, 0), (5, 2), (5, 6), (9, 5)]);
    }

    #[test]
    #[cfg(feature = "lab")]
    fn partition_puts_unnamed_nodes_together() {
        let names: Vec<String> = ["S1", "S2", "S3", "S4"].map(String::from).to_vec();
        let a = partition_action(&[vec!["S1".into()]], &names, "p").unwrap();
        assert_eq!(a, Action::Partition(vec![vec![NodeId(0)], vec![NodeId(1), NodeId(2), NodeId(3)]]));
        assert!(partition_action(&[vec!["S1".into(), "S1".into()]], &names, "p").is_err());
        assert!(partition_action(std::slice::from_ref(&names), &names, "p").is_err());
    }
}
