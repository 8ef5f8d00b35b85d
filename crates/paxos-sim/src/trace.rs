//! The trace, `paxos-trace` version 1: JSON Lines, a header then one event per line.
//! A contract other tools read (docs/trace.md): change it only with a new version.

use paxos::{Ballot, Message, NodeId, Vote};
use serde::{Deserialize, Serialize};

use crate::json::write::{Obj, ToJson};

pub const TRACE_FORMAT: &str = "paxos-trace";
pub const TRACE_VERSION: u32 = 1;

/// Line 1 of a trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TraceHeader {
    pub format: String,
    pub version: u32,
    pub protocol: String,
    pub nodes: Vec<String>,
    pub quorum: u16,
    pub seed: u64,
    /// The broken variants in force; absent for correct Paxos.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub broken: Vec<String>,
    /// Flexible Paxos's quorums (`quorum` is then the prepare quorum); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorums: Option<WireQuorums>,
}

/// Flexible Paxos's quorums in a trace header: `{"prepare": 3, "accept": 2}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WireQuorums {
    pub prepare: u16,
    pub accept: u16,
}

impl ToJson for WireQuorums {
    fn write(&self, out: &mut String) {
        Obj::new(out).field("prepare", &self.prepare).field("accept", &self.accept).end();
    }
}

/// Every line after the header. `M` is the protocol's message and `V` the value of a slot:
/// [`WireMsg`] and a string for Basic Paxos; `WireMultiMsg` and a string or `null` (a no-op)
/// for Multi-Paxos.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TraceLine<M = WireMsg, V = String> {
    /// Strictly increasing, from 1.
    pub step: u64,
    /// Virtual ms, never decreasing.
    pub time: u64,
    #[serde(flatten)]
    pub event: TraceEvent<M, V>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum TraceEvent<M = WireMsg, V = String> {
    Propose {
        node: String,
        value: String,
    },
    Send {
        id: u64,
        from: String,
        to: String,
        msg: M,
    },
    Deliver {
        id: u64,
    },
    Drop {
        id: u64,
    },
    Duplicate {
        id: u64,
        copy: u64,
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
    Heal {},
    Timeout {
        node: String,
    },
    Learn {
        node: String,
        slot: u64,
        value: V,
    },
    Chosen {
        slot: u64,
        value: V,
        ballot: WireBallot,
    },
    Violation {
        property: String,
        detail: String,
    },
    #[cfg(feature = "multi")]
    /// Multi-Paxos: the node won phase 1 with `ballot` and leads.
    Leader {
        node: String,
        ballot: WireBallot,
    },
    #[cfg(feature = "multi")]
    /// Multi-Paxos: a client sends request `id` to server `node`.
    Request {
        id: u64,
        node: String,
        #[serde(flatten)]
        op: crate::multi::WireOp,
    },
    #[cfg(feature = "multi")]
    /// Multi-Paxos: server `node` answers request `id` (sent in `session`, if any).
    Reply {
        id: u64,
        node: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        session: Option<u64>,
        result: crate::multi::WireResult,
    },
    #[cfg(feature = "multi")]
    /// Multi-Paxos: server `node` keeps a one-shot watch of `session` on `path`; `kind` is
    /// `data`, `exist` or `child`.
    Watch {
        node: String,
        session: u64,
        path: String,
        kind: String,
    },
    #[cfg(feature = "multi")]
    /// Multi-Paxos: a watch fires; server `node` tells `session` what happened to `path`:
    /// `type` is `created`, `deleted`, `changed` or `children`.
    Notify {
        node: String,
        session: u64,
        path: String,
        #[serde(rename = "type")]
        kind: String,
    },
    #[cfg(feature = "multi")]
    /// Multi-Paxos: leader `node` has not heard of `session` for its timeout and ends it
    /// (a `closeSession` command follows in the log).
    Expire {
        node: String,
        session: u64,
    },
}

/// `{"round":1,"node":"S1"}`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WireBallot {
    pub round: u64,
    pub node: String,
}

/// `{"ballot":B,"value":V}`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WireVote {
    pub ballot: WireBallot,
    pub value: String,
}

/// A message as TypeScript and other tools see it: a union discriminated by `type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum WireMsg {
    Prepare { ballot: WireBallot },
    Promise { ballot: WireBallot, accepted: Option<WireVote> },
    Accept { ballot: WireBallot, value: String },
    Accepted { ballot: WireBallot, value: String },
    Nack { ballot: WireBallot, promised: WireBallot },
    Decide { value: String },
}

// The same JSON as serde's derives above, written by hand for the browser (json/write.rs).

impl ToJson for TraceHeader {
    fn write(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.field("format", &self.format)
            .field("version", &self.version)
            .field("protocol", &self.protocol)
            .field("nodes", &self.nodes)
            .field("quorum", &self.quorum)
            .field("seed", &self.seed);
        if !self.broken.is_empty() {
            o.field("broken", &self.broken);
        }
        if let Some(q) = &self.quorums {
            o.field("quorums", q);
        }
        o.end();
    }
}

impl<M: ToJson, V: ToJson> ToJson for TraceLine<M, V> {
    fn write(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.field("step", &self.step).field("time", &self.time);
        // 1. `#[serde(flatten)]`: the event's tag and fields follow in the same object.
        match &self.event {
            TraceEvent::Propose { node, value } => {
                o.field("event", &"propose").field("node", node).field("value", value)
            }
            TraceEvent::Send { id, from, to, msg } => o
                .field("event", &"send")
                .field("id", id)
                .field("from", from)
                .field("to", to)
                .field("msg", msg),
            TraceEvent::Deliver { id } => o.field("event", &"deliver").field("id", id),
            TraceEvent::Drop { id } => o.field("event", &"drop").field("id", id),
            TraceEvent::Duplicate { id, copy } => {
                o.field("event", &"duplicate").field("id", id).field("copy", copy)
            }
            TraceEvent::Crash { node } => o.field("event", &"crash").field("node", node),
            TraceEvent::Restart { node } => o.field("event", &"restart").field("node", node),
            TraceEvent::Partition { groups } => o.field("event", &"partition").field("groups", groups),
            TraceEvent::Heal {} => o.field("event", &"heal"),
            TraceEvent::Timeout { node } => o.field("event", &"timeout").field("node", node),
            TraceEvent::Learn { node, slot, value } => {
                o.field("event", &"learn").field("node", node).field("slot", slot).field("value", value)
            }
            TraceEvent::Chosen { slot, value, ballot } => {
                o.field("event", &"chosen").field("slot", slot).field("value", value).field("ballot", ballot)
            }
            TraceEvent::Violation { property, detail } => {
                o.field("event", &"violation").field("property", property).field("detail", detail)
            }
            #[cfg(feature = "multi")]
            TraceEvent::Leader { node, ballot } => {
                o.field("event", &"leader").field("node", node).field("ballot", ballot)
            }
            #[cfg(feature = "multi")]
            TraceEvent::Request { id, node, op } => {
                o.field("event", &"request").field("id", id).field("node", node);
                // 2. The operation is flattened too.
                op.fields(&mut o)
            }
            #[cfg(feature = "multi")]
            TraceEvent::Reply { id, node, session, result } => o
                .field("event", &"reply")
                .field("id", id)
                .field("node", node)
                .some("session", session)
                .field("result", result),
            #[cfg(feature = "multi")]
            TraceEvent::Watch { node, session, path, kind } => o
                .field("event", &"watch")
                .field("node", node)
                .field("session", session)
                .field("path", path)
                .field("kind", kind),
            #[cfg(feature = "multi")]
            TraceEvent::Notify { node, session, path, kind } => o
                .field("event", &"notify")
                .field("node", node)
                .field("session", session)
                .field("path", path)
                .field("type", kind),
            #[cfg(feature = "multi")]
            TraceEvent::Expire { node, session } => {
                o.field("event", &"expire").field("node", node).field("session", session)
            }
        };
        o.end();
    }
}

impl ToJson for WireBallot {
    fn write(&self, out: &mut String) {
        Obj::new(out).field("round", &self.round).field("node", &self.node).end();
    }
}

impl ToJson for WireVote {
    fn write(&self, out: &mut String) {
        Obj::new(out).field("ballot", &self.ballot).field("value", &self.value).end();
    }
}

impl ToJson for WireMsg {
    fn write(&self, out: &mut String) {
        match self {
            WireMsg::Prepare { ballot } => Obj::tagged(out, "type", "prepare").field("ballot", ballot).end(),
            WireMsg::Promise { ballot, accepted } => {
                Obj::tagged(out, "type", "promise").field("ballot", ballot).field("accepted", accepted).end()
            }
            WireMsg::Accept { ballot, value } => {
                Obj::tagged(out, "type", "accept").field("ballot", ballot).field("value", value).end()
            }
            WireMsg::Accepted { ballot, value } => {
                Obj::tagged(out, "type", "accepted").field("ballot", ballot).field("value", value).end()
            }
            WireMsg::Nack { ballot, promised } => {
                Obj::tagged(out, "type", "nack").field("ballot", ballot).field("promised", promised).end()
            }
            WireMsg::Decide { value } => Obj::tagged(out, "type", "decide").field("value", value).end(),
        }
    }
}

/// Turns protocol values into their wire form, naming nodes.
#[derive(Clone, Copy)]
pub struct Namer<'a>(pub &'a [String]);

impl Namer<'_> {
    pub fn node(&self, id: NodeId) -> String {
        self.0[id.index()].clone()
    }
    pub fn ballot(&self, b: Ballot) -> WireBallot {
        WireBallot { round: b.round, node: self.node(b.node) }
    }
    pub fn vote(&self, v: &Vote) -> WireVote {
        WireVote { ballot: self.ballot(v.ballot), value: v.value.to_string() }
    }
    pub fn msg(&self, m: &Message) -> WireMsg {
        match m {
            Message::Prepare { ballot } => WireMsg::Prepare { ballot: self.ballot(*ballot) },
            Message::Promise { ballot, accepted } => WireMsg::Promise {
                ballot: self.ballot(*ballot),
                accepted: accepted.as_ref().map(|v| self.vote(v)),
            },
            Message::Accept { ballot, value } => {
                WireMsg::Accept { ballot: self.ballot(*ballot), value: value.to_string() }
            }
            Message::Accepted { ballot, value } => {
                WireMsg::Accepted { ballot: self.ballot(*ballot), value: value.to_string() }
            }
            Message::Nack { ballot, promised } => {
                WireMsg::Nack { ballot: self.ballot(*ballot), promised: self.ballot(*promised) }
            }
            Message::Decide { value } => WireMsg::Decide { value: value.to_string() },
        }
    }
}

/// [`render`], written by hand (json/write.rs): the Basic Paxos trace, in the browser and
/// on the command line alike.
pub fn render_lines<L: ToJson>(header: &TraceHeader, lines: &[L]) -> String {
    let mut out = String::new();
    header.write(&mut out);
    out.push('\n');
    for line in lines {
        line.write(&mut out);
        out.push('\n');
    }
    out
}

/// Writes a whole trace: header, then one line per event, each ending in `\n`.
pub fn render<L: Serialize>(header: &TraceHeader, lines: &[L]) -> String {
    let mut out = crate::sure(serde_json::to_string(header), "a header always serializes");
    out.push('\n');
    for line in lines {
        out.push_str(&crate::sure(serde_json::to_string(line), "a trace line always serializes"));
        out.push('\n');
    }
    out
}

/// Why a trace could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TraceError {
    #[error("the trace is empty")]
    Empty,
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
}

/// Reads a trace back and checks the rules of the format: the header, strictly increasing
/// steps, never decreasing time, known nodes.
pub fn parse(text: &str) -> Result<(TraceHeader, Vec<TraceLine>), TraceError> {
    parse_as(text, "basic")
}

/// [`parse`] for a Multi-Paxos trace (`"protocol": "multi"`).
#[cfg(feature = "multi")]
pub fn parse_multi(text: &str) -> Result<(TraceHeader, Vec<crate::multi::MultiLine>), TraceError> {
    parse_as(text, "multi")
}

fn parse_as<M: serde::de::DeserializeOwned, V: serde::de::DeserializeOwned>(
    text: &str,
    protocol: &str,
) -> Result<(TraceHeader, Vec<TraceLine<M, V>>), TraceError> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, first) = lines.next().ok_or(TraceError::Empty)?;
    let bad = |line: usize, message: String| TraceError::Line { line: line + 1, message };
    let header: TraceHeader =
        serde_json::from_str(first).map_err(|e| bad(0, format!("not a trace header: {e}")))?;
    if header.format != TRACE_FORMAT || header.version != TRACE_VERSION {
        return Err(bad(
            0,
            format!(
                "expected format {TRACE_FORMAT:?} version {TRACE_VERSION}, found {:?} version {}",
                header.format, header.version
            ),
        ));
    }
    if header.protocol != protocol {
        return Err(bad(0, format!("this is a {:?} trace; expected {protocol:?}", header.protocol)));
    }
    let mut out = Vec::new();
    let (mut step, mut time) = (0u64, 0u64);
    for (i, l) in lines {
        let line: TraceLine<M, V> = serde_json::from_str(l).map_err(|e| bad(i, e.to_string()))?;
        if line.step <= step {
            return Err(bad(i, format!("step {} does not follow step {step}", line.step)));
        }
        if line.time < time {
            return Err(bad(i, format!("time {} is before the previous time {time}", line.time)));
        }
        (step, time) = (line.step, line.time);
        out.push(line);
    }
    Ok((header, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_have_exactly_the_documented_shape() {
        let names = vec!["S1".to_string(), "S2".to_string()];
        let n = Namer(&names);
        let b = Ballot::new(1, NodeId(0));
        let line: TraceLine = TraceLine {
            step: 3,
            time: 0,
            event: TraceEvent::Send {
                id: 1,
                from: "S1".into(),
                to: "S2".into(),
                msg: n.msg(&Message::Promise { ballot: b, accepted: None }),
            },
        };
        assert_eq!(
            serde_json::to_string(&line).unwrap(),
            r#"{"step":3,"time":0,"event":"send","id":1,"from":"S1","to":"S2","msg":{"type":"promise","ballot":{"round":1,"node":"S1"},"accepted":null}}"#
        );
        let heal: TraceLine = TraceLine { step: 4, time: 9, event: TraceEvent::Heal {} };
        assert_eq!(serde_json::to_string(&heal).unwrap(), r#"{"step":4,"time":9,"event":"heal"}"#);
        let v = paxos::Value::new("1元/度").unwrap();
        let vote = Vote { ballot: b, value: v };
        assert_eq!(
            serde_json::to_string(&n.msg(&Message::Promise { ballot: b, accepted: Some(vote) })).unwrap(),
            r#"{"type":"promise","ballot":{"round":1,"node":"S1"},"accepted":{"ballot":{"round":1,"node":"S1"},"value":"1元/度"}}"#
        );
    }

    #[test]
    fn parse_checks_steps_and_times() {
        let h =
            r#"{"format":"paxos-trace","version":1,"protocol":"basic","nodes":["S1"],"quorum":1,"seed":1}"#;
        let ok = format!("{h}\n{{\"step\":1,\"time\":0,\"event\":\"heal\"}}\n{{\"step\":2,\"time\":5,\"event\":\"deliver\",\"id\":3}}\n");
        let (header, lines) = parse(&ok).unwrap();
        assert_eq!(header.nodes, ["S1"]);
        assert_eq!(render(&header, &lines), ok, "parse and render round-trip byte for byte");
        let back = format!("{h}\n{{\"step\":2,\"time\":0,\"event\":\"heal\"}}\n{{\"step\":2,\"time\":5,\"event\":\"heal\"}}\n");
        assert_eq!(parse(&back).unwrap_err().to_string(), "line 3: step 2 does not follow step 2");
        assert_eq!(parse("").unwrap_err(), TraceError::Empty);
    }
}
