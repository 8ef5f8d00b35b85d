//! Multi-Paxos and ZooKeeper values as traces and the page see them (docs/trace.md,
//! "Multi-Paxos"): slots on votes, `null` for a no-op, client requests and replies.

use paxos::multi::{Entry, MultiMessage, SlotVote};
use serde::{Deserialize, Serialize};

use crate::json::write::{Obj, ToJson};
use crate::multi::zk::{ClientOp, Command, WriteOp};
use crate::trace::{Namer, WireBallot};

/// A vote in one slot, as a promise reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WireSlotVote {
    pub slot: u64,
    pub ballot: WireBallot,
    pub value: Option<String>,
}

/// A Multi-Paxos message, discriminated by `type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum WireMultiMsg {
    Prepare { ballot: WireBallot, from_slot: u64 },
    Promise { ballot: WireBallot, from_slot: u64, accepted: Vec<WireSlotVote> },
    Accept { ballot: WireBallot, slot: u64, value: Option<String> },
    Accepted { ballot: WireBallot, slot: u64, value: Option<String> },
    Nack { ballot: WireBallot, promised: WireBallot },
    Decide { slot: u64, value: Option<String> },
    Heartbeat { ballot: WireBallot, commit: u64 },
    Forward { value: String },
    Catchup { from: u64 },
    Sync { token: u64 },
    Syncok { token: u64, commit: u64 },
    Probe { ballot: WireBallot, probe: u64 },
    Probeok { ballot: WireBallot, probe: u64 },
}

/// A client operation: `{"op":"setData","path":"/laws/electricity","data":"2元/度"}`, in
/// a session `{"op":"exists","path":"/lock/n-0000000000","watch":true,"session":2}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WireOp {
    #[cfg_attr(
        feature = "ts",
        ts(
            type = "'setData' | 'create' | 'delete' | 'getData' | 'exists' | 'getChildren' | 'sync' | 'connect' | 'close' | 'disconnect'"
        )
    )]
    pub op: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub version: Option<u32>,
    /// `create`: deleted when the session ends (in a session only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub ephemeral: Option<bool>,
    /// `create`: the parent's counter is appended to the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub sequential: Option<bool>,
    /// `getData`, `exists`, `getChildren`: leave a one-shot watch (in a session only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub watch: Option<bool>,
    /// `connect`: the session's timeout in ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub timeout: Option<u64>,
    /// The session the request is sent in; for `connect`, the session that moves here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub session: Option<u64>,
}

/// A server's answer: `ok`, and what the operation returns or why it failed. A read also
/// says whether it was stale: the leader had a newer change of that znode.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WireResult {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub zxid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub version: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub children: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub exists: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub error: Option<String>,
    /// For a stale read: what the leader has (`"2元/度 at 2:1 on S1"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub stale: Option<String>,
    /// `connect`: the session's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub session: Option<u64>,
    /// A sequential `create`: the name it created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub path: Option<String>,
}

impl WireResult {
    /// A refusal or a failure: `{"ok":false,"error":...}`.
    pub fn failed(error: impl Into<String>) -> WireResult {
        WireResult { ok: false, error: Some(error.into()), ..WireResult::default() }
    }
}

impl WireOp {
    /// Its fields, into an object being written (a trace line flattens them in).
    pub fn fields<'o, 'a>(&self, o: &'o mut Obj<'a>) -> &'o mut Obj<'a> {
        o.field("op", &self.op)
            .some("path", &self.path)
            .some("data", &self.data)
            .some("version", &self.version)
            .some("ephemeral", &self.ephemeral)
            .some("sequential", &self.sequential)
            .some("watch", &self.watch)
            .some("timeout", &self.timeout)
            .some("session", &self.session)
    }
}

impl ToJson for WireResult {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("ok", &self.ok)
            .some("zxid", &self.zxid)
            .some("data", &self.data)
            .some("version", &self.version)
            .some("children", &self.children)
            .some("exists", &self.exists)
            .some("error", &self.error)
            .some("stale", &self.stale)
            .some("session", &self.session)
            .some("path", &self.path)
            .end();
    }
}

impl ToJson for WireSlotVote {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("slot", &self.slot)
            .field("ballot", &self.ballot)
            .field("value", &self.value)
            .end();
    }
}

impl ToJson for WireMultiMsg {
    fn write(&self, out: &mut String) {
        use WireMultiMsg as M;
        match self {
            M::Prepare { ballot, from_slot } => Obj::tagged(out, "type", "prepare")
                .field("ballot", ballot)
                .field("from_slot", from_slot)
                .end(),
            M::Promise { ballot, from_slot, accepted } => Obj::tagged(out, "type", "promise")
                .field("ballot", ballot)
                .field("from_slot", from_slot)
                .field("accepted", accepted)
                .end(),
            M::Accept { ballot, slot, value } => Obj::tagged(out, "type", "accept")
                .field("ballot", ballot)
                .field("slot", slot)
                .field("value", value)
                .end(),
            M::Accepted { ballot, slot, value } => Obj::tagged(out, "type", "accepted")
                .field("ballot", ballot)
                .field("slot", slot)
                .field("value", value)
                .end(),
            M::Nack { ballot, promised } => {
                Obj::tagged(out, "type", "nack").field("ballot", ballot).field("promised", promised).end()
            }
            M::Decide { slot, value } => {
                Obj::tagged(out, "type", "decide").field("slot", slot).field("value", value).end()
            }
            M::Heartbeat { ballot, commit } => {
                Obj::tagged(out, "type", "heartbeat").field("ballot", ballot).field("commit", commit).end()
            }
            M::Forward { value } => Obj::tagged(out, "type", "forward").field("value", value).end(),
            M::Catchup { from } => Obj::tagged(out, "type", "catchup").field("from", from).end(),
            M::Sync { token } => Obj::tagged(out, "type", "sync").field("token", token).end(),
            M::Syncok { token, commit } => {
                Obj::tagged(out, "type", "syncok").field("token", token).field("commit", commit).end()
            }
            M::Probe { ballot, probe } => {
                Obj::tagged(out, "type", "probe").field("ballot", ballot).field("probe", probe).end()
            }
            M::Probeok { ballot, probe } => {
                Obj::tagged(out, "type", "probeok").field("ballot", ballot).field("probe", probe).end()
            }
        }
    }
}

/// `#3 setData /laws/electricity 2元/度`: a command as one line of text; one sent in a
/// session names it after the id (`#7 s2 create -e -s /lock/n- alice`).
pub fn command_text(c: &Command) -> String {
    let version = |v: &Option<u32>| v.map(|v| format!(" @{v}")).unwrap_or_default();
    let session = c.session.map(|s| format!(" s{s}")).unwrap_or_default();
    let op = match &c.op {
        WriteOp::Create { path, data, ephemeral, sequential } => {
            let flags = match (ephemeral, sequential) {
                (true, true) => "-e -s ",
                (true, false) => "-e ",
                (false, true) => "-s ",
                (false, false) => "",
            };
            format!("create {flags}{path} {data}")
        }
        WriteOp::Delete { path, version: v } => format!("delete {path}{}", version(v)),
        WriteOp::SetData { path, data, version: v } => format!("setData {path} {data}{}", version(v)),
        WriteOp::CreateSession { session, timeout } => format!("createSession {session} {timeout}ms"),
        WriteOp::CloseSession { session } => format!("closeSession {session}"),
    };
    format!("#{}{session} {op}", c.id)
}

pub fn entry_text(e: &Entry<Command>) -> Option<String> {
    e.command().map(command_text)
}

/// `op` as the trace and the page write it, sent in `session`.
pub fn op(op: &ClientOp, session: Option<u64>) -> WireOp {
    let yes = |b: bool| b.then_some(true);
    let mut w = WireOp {
        op: op.name().to_string(),
        path: op.path().map(str::to_string),
        session,
        ..WireOp::default()
    };
    match op {
        ClientOp::Write(WriteOp::Create { data, ephemeral, sequential, .. }) => {
            w.data = Some(data.to_string());
            (w.ephemeral, w.sequential) = (yes(*ephemeral), yes(*sequential));
        }
        ClientOp::Write(WriteOp::SetData { data, version, .. }) => {
            (w.data, w.version) = (Some(data.to_string()), *version)
        }
        ClientOp::Write(WriteOp::Delete { version, .. }) => w.version = *version,
        ClientOp::Write(WriteOp::CreateSession { timeout, .. }) => w.timeout = Some(*timeout),
        ClientOp::Connect { timeout } => w.timeout = *timeout,
        ClientOp::Read { watch, .. } => w.watch = yes(*watch),
        ClientOp::Write(WriteOp::CloseSession { .. })
        | ClientOp::Sync
        | ClientOp::Close
        | ClientOp::Disconnect => {}
    }
    w
}

impl Namer<'_> {
    pub fn multi_msg(&self, m: &MultiMessage<Command>) -> WireMultiMsg {
        let vote = |v: &SlotVote<Command>| WireSlotVote {
            slot: v.slot.0,
            ballot: self.ballot(v.ballot),
            value: entry_text(&v.entry),
        };
        match m {
            MultiMessage::Prepare { ballot, from_slot } => {
                WireMultiMsg::Prepare { ballot: self.ballot(*ballot), from_slot: from_slot.0 }
            }
            MultiMessage::Promise { ballot, from_slot, accepted } => WireMultiMsg::Promise {
                ballot: self.ballot(*ballot),
                from_slot: from_slot.0,
                accepted: accepted.iter().map(vote).collect(),
            },
            MultiMessage::Accept { ballot, slot, entry } => {
                WireMultiMsg::Accept { ballot: self.ballot(*ballot), slot: slot.0, value: entry_text(entry) }
            }
            MultiMessage::Accepted { ballot, slot, entry } => WireMultiMsg::Accepted {
                ballot: self.ballot(*ballot),
                slot: slot.0,
                value: entry_text(entry),
            },
            MultiMessage::Nack { ballot, promised } => {
                WireMultiMsg::Nack { ballot: self.ballot(*ballot), promised: self.ballot(*promised) }
            }
            MultiMessage::Decide { slot, entry } => {
                WireMultiMsg::Decide { slot: slot.0, value: entry_text(entry) }
            }
            MultiMessage::Heartbeat { ballot, commit } => {
                WireMultiMsg::Heartbeat { ballot: self.ballot(*ballot), commit: commit.0 }
            }
            MultiMessage::Forward { command } => WireMultiMsg::Forward { value: command_text(command) },
            MultiMessage::CatchUp { from } => WireMultiMsg::Catchup { from: from.0 },
            MultiMessage::Sync { token } => WireMultiMsg::Sync { token: *token },
            MultiMessage::SyncOk { token, commit } => {
                WireMultiMsg::Syncok { token: *token, commit: commit.0 }
            }
            MultiMessage::Probe { ballot, probe } => {
                WireMultiMsg::Probe { ballot: self.ballot(*ballot), probe: *probe }
            }
            MultiMessage::ProbeOk { ballot, probe } => {
                WireMultiMsg::Probeok { ballot: self.ballot(*ballot), probe: *probe }
            }
        }
    }
}
