//! The node protocol's lines: a request written for the node, its reply read and checked.
//! Messages are paxos-trace v1 Basic Paxos messages, so a run is a trace every tool reads.

use paxos::{Ballot, Message, NodeId, Time, Value, Vote};

use super::node::{ExternalParts, JsonText};
use crate::json::write::{Obj, ToJson};
use crate::json::{self, Fault, FromJson, Json};
use crate::trace::{Namer, WireBallot, WireMsg, WireVote};

/// The largest `disk` or `memory` a node may keep, as JSON text: every request carries both.
pub const MAX_STATE_BYTES: usize = 64 * 1024;
/// The most messages one reply may send.
pub const MAX_SENDS: usize = 1000;
/// The longest timer a node may ask for, and the widest jitter (one hour, in ms).
pub const MAX_TIMER_MS: u64 = 3_600_000;

/// One input to a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// The node starts, for the first time or after a crash: its memory is empty.
    Start,
    /// A client hands it a value.
    Propose(Value),
    /// A message arrives.
    Receive { from: NodeId, msg: Message },
    /// The timer it asked for is due.
    Timeout,
}

/// `{"node":"S2","nodes":[…],"now":120,"state":{"disk":D,"memory":M},"input":I}`
pub(super) fn request(
    id: NodeId,
    names: &[String],
    now: Time,
    parts: &ExternalParts,
    input: &Input,
) -> String {
    let namer = Namer(names);
    let mut out = String::with_capacity(256 + parts.disk.0.len() + parts.memory.0.len());
    let mut o = Obj::new(&mut out);
    o.field("node", &names[id.index()]).field("nodes", &names.to_vec()).field("now", &now.0);
    o.field("state", &State(parts));
    o.field("input", &InputLine(input, &namer));
    o.end();
    out
}

struct State<'a>(&'a ExternalParts);

impl ToJson for State<'_> {
    fn write(&self, out: &mut String) {
        Obj::new(out).field("disk", &self.0.disk).field("memory", &self.0.memory).end();
    }
}

struct InputLine<'a>(&'a Input, &'a Namer<'a>);

impl ToJson for InputLine<'_> {
    fn write(&self, out: &mut String) {
        match self.0 {
            Input::Start => Obj::tagged(out, "type", "start").end(),
            Input::Propose(value) => {
                Obj::tagged(out, "type", "propose").field("value", &value.to_string()).end()
            }
            Input::Receive { from, msg } => Obj::tagged(out, "type", "receive")
                .field("from", &self.1.node(*from))
                .field("msg", &self.1.msg(msg))
                .end(),
            Input::Timeout => Obj::tagged(out, "type", "timeout").end(),
        }
    }
}

impl ToJson for JsonText {
    fn write(&self, out: &mut String) {
        out.push_str(&self.0);
    }
}

/// A node's reply, checked: its new state, what it sends, what it learned, its timer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub disk: JsonText,
    pub memory: JsonText,
    pub send: Vec<(NodeId, Message)>,
    pub learned: Option<Value>,
    /// Wake the node `after` ms from now, plus a jitter drawn in `[0, jitter]`.
    pub timer: Option<(u64, u64)>,
    /// The whole reply as compact JSON, to compare two answers to one request.
    pub(super) canonical: String,
}

/// Reads and checks a reply line from a node of the cluster `names`; the error says what is
/// wrong and where, for the person who wrote the node.
pub(super) fn read_reply(line: &str, names: &[String]) -> Result<Reply, String> {
    let json = json::parse(line).map_err(|f| describe(line, f))?;
    let reply = ReplyLine::read(&json).map_err(|f| describe(line, f))?;
    let node = |name: &str, path: &str| -> Result<NodeId, String> {
        match names.iter().position(|n| n == name) {
            Some(i) => Ok(NodeId(i as u16)),
            None => Err(format!(
                "{path}: there is no node named {}; the nodes are {}",
                crate::Quoted(name),
                names.join(", ")
            )),
        }
    };
    let mut send = Vec::with_capacity(reply.send.len());
    if reply.send.len() > MAX_SENDS {
        return Err(format!("send: {} messages in one reply; at most {MAX_SENDS}", reply.send.len()));
    }
    for (i, s) in reply.send.iter().enumerate() {
        let path = format!("send[{i}]");
        let to = node(&s.to, &format!("{path}.to"))?;
        let ballot = |b: &WireBallot, field: &str| -> Result<Ballot, String> {
            Ok(Ballot::new(b.round, node(&b.node, &format!("{path}.msg.{field}.node"))?))
        };
        let value = |v: &str, field: &str| Value::new(v).map_err(|e| format!("{path}.msg.{field}: {e}"));
        let msg = match &s.msg {
            WireMsg::Prepare { ballot: b } => Message::Prepare { ballot: ballot(b, "ballot")? },
            WireMsg::Promise { ballot: b, accepted } => Message::Promise {
                ballot: ballot(b, "ballot")?,
                accepted: match accepted {
                    Some(v) => Some(Vote {
                        ballot: ballot(&v.ballot, "accepted.ballot")?,
                        value: value(&v.value, "accepted.value")?,
                    }),
                    None => None,
                },
            },
            WireMsg::Accept { ballot: b, value: v } => {
                Message::Accept { ballot: ballot(b, "ballot")?, value: value(v, "value")? }
            }
            WireMsg::Accepted { ballot: b, value: v } => {
                Message::Accepted { ballot: ballot(b, "ballot")?, value: value(v, "value")? }
            }
            WireMsg::Nack { ballot: b, promised } => {
                Message::Nack { ballot: ballot(b, "ballot")?, promised: ballot(promised, "promised")? }
            }
            WireMsg::Decide { value: v } => Message::Decide { value: value(v, "value")? },
        };
        send.push((to, msg));
    }
    let learned = match &reply.learned {
        Some(v) => Some(Value::new(v).map_err(|e| format!("learned: {e}"))?),
        None => None,
    };
    let timer = match reply.timer {
        Some(TimerLine { after: 0, jitter }) => {
            return Err(format!(
                "timer.after: 0 ms would wake the node again at once, forever; ask for 1 to {MAX_TIMER_MS} ms (jitter {jitter})"
            ))
        }
        Some(t) => Some((t.after, t.jitter)),
        None => None,
    };
    let text = |j: &Json, field: &str| -> Result<JsonText, String> {
        let mut out = String::new();
        j.write(&mut out);
        if out.len() > MAX_STATE_BYTES {
            return Err(format!(
                "state.{field}: {} bytes of JSON; a node keeps at most {MAX_STATE_BYTES} (it travels in every request)",
                out.len()
            ));
        }
        Ok(JsonText(out))
    };
    let mut canonical = String::with_capacity(line.len());
    json.write(&mut canonical);
    Ok(Reply {
        disk: text(&reply.disk, "disk")?,
        memory: text(&reply.memory, "memory")?,
        send,
        learned,
        timer,
        canonical,
    })
}

/// "state.disk: missing field `disk` (column 12)", or the syntax error.
fn describe(line: &str, f: Fault) -> String {
    let column = f.at.min(line.len());
    match (f.syntax, f.path.is_empty()) {
        (true, _) => format!(
            "malformed JSON at column {column}: {}; debugging output belongs on stderr (console.error, print(…, file=sys.stderr))",
            f.message
        ),
        (false, true) => format!("{} (column {column})", f.message),
        (false, false) => format!("{}: {} (column {column})", f.path, f.message),
    }
}

/// The reply as written, before names and values are checked.
struct ReplyLine {
    disk: Json,
    memory: Json,
    send: Vec<SendLine>,
    learned: Option<String>,
    timer: Option<TimerLine>,
}

struct SendLine {
    to: String,
    msg: WireMsg,
}

#[derive(Clone, Copy)]
struct TimerLine {
    after: u64,
    jitter: u64,
}

impl FromJson for ReplyLine {
    fn read(json: &Json) -> Result<ReplyLine, Fault> {
        let f = json.fields("a reply object", "", &["state", "send", "learned", "timer"])?;
        let state = f.raw("state").ok_or_else(|| Fault::new(json.end, "missing field `state`"))?;
        let s = state
            .fields("an object with disk and memory", "", &["disk", "memory"])
            .map_err(|e| e.in_field("state"))?;
        let field = |name: &str| {
            s.raw(name)
                .cloned()
                .ok_or_else(|| Fault::new(state.end, format!("missing field `{name}`")).in_field("state"))
        };
        Ok(ReplyLine {
            disk: field("disk")?,
            memory: field("memory")?,
            send: f.or("send", Vec::new())?,
            learned: f.opt("learned")?,
            timer: f.opt("timer")?,
        })
    }
}

impl FromJson for SendLine {
    fn read(json: &Json) -> Result<SendLine, Fault> {
        let f = json.fields("a send object", "", &["to", "msg"])?;
        Ok(SendLine { to: f.req("to")?, msg: f.req("msg")? })
    }
}

impl FromJson for TimerLine {
    fn read(json: &Json) -> Result<TimerLine, Fault> {
        let f = json.fields("a timer object", "", &["after", "jitter"])?;
        let ms = |name: &str| -> Result<u64, Fault> {
            match f.raw(name) {
                Some(j) => {
                    j.unsigned(MAX_TIMER_MS, "milliseconds, 0 to 3600000").map_err(|e| e.in_field(name))
                }
                None => Ok(0),
            }
        };
        let after = match f.raw("after") {
            Some(_) => ms("after")?,
            None => return Err(Fault::new(json.end, "missing field `after`")),
        };
        Ok(TimerLine { after, jitter: ms("jitter")? })
    }
}

impl FromJson for WireMsg {
    fn read(json: &Json) -> Result<WireMsg, Fault> {
        const KINDS: [&str; 6] = ["prepare", "promise", "accept", "accepted", "nack", "decide"];
        let kind = json.tag_name("type", "a message object", &KINDS).map_err(|e| e.in_field("type"))?;
        let fields: &'static [&'static str] = match kind {
            "prepare" => &["ballot"],
            "promise" => &["ballot", "accepted"],
            "accept" | "accepted" => &["ballot", "value"],
            "nack" => &["ballot", "promised"],
            _ => &["value"],
        };
        let f = json.fields("a message object", "type", fields)?;
        Ok(match kind {
            "prepare" => WireMsg::Prepare { ballot: f.req("ballot")? },
            "promise" => WireMsg::Promise { ballot: f.req("ballot")?, accepted: f.opt("accepted")? },
            "accept" => WireMsg::Accept { ballot: f.req("ballot")?, value: f.req("value")? },
            "accepted" => WireMsg::Accepted { ballot: f.req("ballot")?, value: f.req("value")? },
            "nack" => WireMsg::Nack { ballot: f.req("ballot")?, promised: f.req("promised")? },
            _ => WireMsg::Decide { value: f.req("value")? },
        })
    }
}

impl FromJson for WireVote {
    fn read(json: &Json) -> Result<WireVote, Fault> {
        let f = json.fields("a vote object", "", &["ballot", "value"])?;
        Ok(WireVote { ballot: f.req("ballot")?, value: f.req("value")? })
    }
}

impl FromJson for Json {
    fn read(json: &Json) -> Result<Json, Fault> {
        Ok(json.clone())
    }
}

/// Compact JSON text: keys in the order written, numbers as written.
impl ToJson for Json {
    fn write(&self, out: &mut String) {
        match &self.value {
            json::Value::Null => out.push_str("null"),
            json::Value::Bool(b) => b.write(out),
            json::Value::Number(n) => out.push_str(n),
            json::Value::String(s) => s.write(out),
            json::Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            json::Value::Object(fields) => {
                out.push('{');
                for (i, (key, _, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    key.write(out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}
