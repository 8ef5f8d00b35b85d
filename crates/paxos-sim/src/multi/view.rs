//! What the page and `paxos-sim run` show of a Multi-Paxos run: each server's log, role and
//! tree (with its differences from the leader's), messages in flight, client requests.

use std::fmt;

use paxos::Slot;
use serde::Serialize;

use crate::json::write::{Obj, ToJson};
use crate::multi::sim::{role_name, MultiSimulation};
use crate::multi::wire::{entry_text, WireMultiMsg, WireOp, WireResult};
use crate::scenario::NetworkSpec;
use crate::snapshot::{LinkView, ViolationView};
use crate::summary::{MessageCounts, RunTail};
use crate::trace::{Namer, WireBallot};

/// How many slots of each log the view shows (the newest).
pub const LOG_TAIL: usize = 64;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MultiView {
    #[cfg_attr(feature = "ts", ts(type = "'multi'"))]
    pub protocol: &'static str,
    pub names: Vec<String>,
    pub quorum: u16,
    pub seed: u64,
    pub time: u64,
    pub step: u64,
    pub until: u64,
    /// The server leading with the highest ballot, among those up.
    pub leader: Option<String>,
    pub servers: Vec<ServerView>,
    pub flights: Vec<MultiFlightView>,
    /// Slots chosen so far (the newest [`LOG_TAIL`]), and how many in all.
    pub chosen: Vec<ChosenSlotView>,
    pub chosen_count: u64,
    pub requests: Vec<RequestView>,
    pub violations: Vec<ViolationView>,
    pub network: NetworkSpec,
    pub groups: Option<Vec<Vec<String>>>,
    /// Links with a fault (cut, or slower).
    pub links: Vec<LinkView>,
    pub messages: MessageCounts,
    /// When the next event happens; null when nothing is left to happen.
    pub next_time: Option<u64>,
    /// The clients' sessions, in the order they connected (session `n` is the `n`th).
    pub sessions: Vec<SessionView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub id: u64,
    /// The server it is connected to, if any.
    pub server: Option<String>,
    pub timeout: u64,
    /// `connecting` (its connect not answered yet), `connected`, `disconnected` (silent or
    /// lost its server: it expires unless it connects again), `closed` or `expired`.
    #[cfg_attr(
        feature = "ts",
        ts(type = "'connecting' | 'connected' | 'disconnected' | 'closed' | 'expired'")
    )]
    pub state: &'static str,
    /// The highest zxid it has seen.
    pub seen: String,
    /// Requests sent and not answered yet.
    pub waiting: usize,
    pub watches: Vec<WatchView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WatchView {
    pub path: String,
    /// `data`, `exist` or `child`.
    #[cfg_attr(feature = "ts", ts(type = "'data' | 'exist' | 'child'"))]
    pub kind: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ServerView {
    pub name: String,
    pub up: bool,
    /// `leader`, `candidate` or `follower`.
    #[cfg_attr(feature = "ts", ts(type = "'leader' | 'candidate' | 'follower' | 'down'"))]
    pub role: &'static str,
    /// Whom it follows (itself when it leads).
    pub leader: Option<String>,
    pub ballot: Option<WireBallot>,
    pub promised: Option<WireBallot>,
    /// Every slot below `commit` is chosen and known here; below `applied`, applied.
    pub commit: u64,
    pub applied: u64,
    pub zxid: String,
    pub log: Vec<LogEntryView>,
    pub tree: Vec<ZnodeView>,
    /// Paths where this server's tree differs from the leader's.
    pub differs: Vec<String>,
    /// Client commands handed to it and not chosen yet.
    pub waiting: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LogEntryView {
    pub slot: u64,
    /// Its own vote's ballot, if it voted in this slot.
    pub ballot: Option<WireBallot>,
    /// `null`: a no-op.
    pub value: Option<String>,
    /// `accepted` (voted, not known chosen), `chosen` or `applied`.
    #[cfg_attr(feature = "ts", ts(type = "'accepted' | 'chosen' | 'applied'"))]
    pub status: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ZnodeView {
    pub path: String,
    pub data: String,
    pub version: u32,
    pub mzxid: String,
    /// The session that owns it, for an ephemeral znode.
    pub owner: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MultiFlightView {
    pub id: u64,
    pub from: String,
    pub to: String,
    pub sent_at: u64,
    /// `None` while it waits for a person or a scripted event (manual network).
    pub arrives_at: Option<u64>,
    pub lost: bool,
    pub msg: WireMultiMsg,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChosenSlotView {
    pub slot: u64,
    pub value: Option<String>,
    pub ballot: WireBallot,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RequestView {
    pub id: u64,
    pub server: String,
    #[serde(flatten)]
    pub op: WireOp,
    pub at: u64,
    pub answered_at: Option<u64>,
    pub result: Option<WireResult>,
    pub slot: Option<u64>,
    /// Never answered: its client went silent while it waited.
    pub dropped: bool,
}

// The same JSON as serde's derives above, written by hand for the browser (json/write.rs):
// the Multi-Paxos view's build then has no serializer of its own.

impl ToJson for MultiView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("protocol", &self.protocol)
            .field("names", &self.names)
            .field("quorum", &self.quorum)
            .field("seed", &self.seed)
            .field("time", &self.time)
            .field("step", &self.step)
            .field("until", &self.until)
            .field("leader", &self.leader)
            .field("servers", &self.servers)
            .field("flights", &self.flights)
            .field("chosen", &self.chosen)
            .field("chosenCount", &self.chosen_count)
            .field("requests", &self.requests)
            .field("violations", &self.violations)
            .field("network", &self.network)
            .field("groups", &self.groups)
            .field("links", &self.links)
            .field("messages", &self.messages)
            .field("nextTime", &self.next_time)
            .field("sessions", &self.sessions)
            .end();
    }
}

impl ToJson for SessionView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("id", &self.id)
            .field("server", &self.server)
            .field("timeout", &self.timeout)
            .field("state", &self.state)
            .field("seen", &self.seen)
            .field("waiting", &self.waiting)
            .field("watches", &self.watches)
            .end();
    }
}

impl ToJson for WatchView {
    fn write(&self, out: &mut String) {
        Obj::new(out).field("path", &self.path).field("kind", &self.kind).end();
    }
}

impl ToJson for ServerView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("name", &self.name)
            .field("up", &self.up)
            .field("role", &self.role)
            .field("leader", &self.leader)
            .field("ballot", &self.ballot)
            .field("promised", &self.promised)
            .field("commit", &self.commit)
            .field("applied", &self.applied)
            .field("zxid", &self.zxid)
            .field("log", &self.log)
            .field("tree", &self.tree)
            .field("differs", &self.differs)
            .field("waiting", &self.waiting)
            .end();
    }
}

impl ToJson for LogEntryView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("slot", &self.slot)
            .field("ballot", &self.ballot)
            .field("value", &self.value)
            .field("status", &self.status)
            .end();
    }
}

impl ToJson for ZnodeView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("path", &self.path)
            .field("data", &self.data)
            .field("version", &self.version)
            .field("mzxid", &self.mzxid)
            .field("owner", &self.owner)
            .end();
    }
}

impl ToJson for MultiFlightView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("id", &self.id)
            .field("from", &self.from)
            .field("to", &self.to)
            .field("sentAt", &self.sent_at)
            .field("arrivesAt", &self.arrives_at)
            .field("lost", &self.lost)
            .field("msg", &self.msg)
            .end();
    }
}

impl ToJson for ChosenSlotView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("slot", &self.slot)
            .field("value", &self.value)
            .field("ballot", &self.ballot)
            .end();
    }
}

impl ToJson for RequestView {
    fn write(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.field("id", &self.id).field("server", &self.server);
        // `#[serde(flatten)]`: the operation's fields follow in the same object.
        self.op
            .fields(&mut o)
            .field("at", &self.at)
            .field("answeredAt", &self.answered_at)
            .field("result", &self.result)
            .field("slot", &self.slot)
            .field("dropped", &self.dropped)
            .end();
    }
}

impl MultiSimulation {
    /// Everything the page draws, as plain JSON.
    pub fn view(&self) -> MultiView {
        let namer = Namer(self.names());
        let leader = self.leader();
        let leader_tree = leader.map(|l| &self.trees()[l.index()]);
        let servers = self
            .servers()
            .iter()
            .zip(self.trees())
            .map(|(s, own)| {
                let r = &s.node;
                let start = Slot(r.commit().0.saturating_sub(LOG_TAIL as u64 / 2));
                let mut slots: Vec<Slot> = r
                    .votes()
                    .range(start..)
                    .map(|(s, _)| *s)
                    .chain(r.chosen().range(start..).map(|(s, _)| *s))
                    .collect();
                slots.sort();
                slots.dedup();
                let log = slots
                    .iter()
                    .rev()
                    .take(LOG_TAIL)
                    .rev()
                    .map(|slot| {
                        let vote = r.votes().get(slot);
                        let chosen = r.chosen().get(slot);
                        let entry = chosen.or(vote.map(|(_, e)| e)).expect("listed from votes or chosen");
                        LogEntryView {
                            slot: slot.0,
                            ballot: vote.map(|(b, _)| namer.ballot(*b)),
                            value: entry_text(entry),
                            status: if *slot < r.applied() {
                                "applied"
                            } else if chosen.is_some() {
                                "chosen"
                            } else {
                                "accepted"
                            },
                        }
                    })
                    .collect();
                let tree = own
                    .nodes()
                    .iter()
                    .map(|(path, z)| ZnodeView {
                        path: path.clone(),
                        data: z.data.clone(),
                        version: z.version,
                        mzxid: z.mzxid.to_string(),
                        owner: z.owner,
                    })
                    .collect();
                ServerView {
                    name: namer.node(r.id()),
                    up: s.up,
                    role: if s.up { role_name(r.role()) } else { "down" },
                    leader: r.leader().map(|l| namer.node(l)),
                    ballot: r.leading().map(|b| namer.ballot(b)),
                    promised: r.promised().map(|b| namer.ballot(b)),
                    commit: r.commit().0,
                    applied: r.applied().0,
                    zxid: own.last_zxid().to_string(),
                    log,
                    tree,
                    differs: leader_tree
                        .map(|t| own.differences(t).into_iter().collect())
                        .unwrap_or_default(),
                    waiting: r.waiting().len(),
                }
            })
            .collect();
        let chosen = self.chosen();
        let stats = self.stats();
        MultiView {
            protocol: "multi",
            names: self.names().to_vec(),
            quorum: self.plan().multi.quorum,
            seed: self.plan().seed,
            time: self.now().0,
            step: self.step_number(),
            until: self.plan().until,
            leader: leader.map(|l| namer.node(l)),
            servers,
            flights: self
                .flights()
                .map(|f| MultiFlightView {
                    id: f.id,
                    from: namer.node(f.from),
                    to: namer.node(f.to),
                    sent_at: f.sent_at.0,
                    arrives_at: f.arrives_at.map(|t| t.0),
                    lost: f.lost,
                    msg: namer.multi_msg(&f.msg),
                })
                .collect(),
            chosen: chosen
                .iter()
                .rev()
                .take(LOG_TAIL)
                .rev()
                .map(|(slot, (e, b))| ChosenSlotView {
                    slot: slot.0,
                    value: entry_text(e),
                    ballot: namer.ballot(*b),
                })
                .collect(),
            chosen_count: chosen.len() as u64,
            requests: self
                .requests()
                .values()
                .map(|q| RequestView {
                    id: q.id,
                    server: namer.node(q.server),
                    op: crate::multi::wire::op(&q.op, q.session),
                    at: q.at.0,
                    answered_at: q.reply.as_ref().map(|(t, _)| t.0),
                    result: q.reply.as_ref().map(|(_, r)| r.clone()),
                    slot: q.slot.map(|s| s.0),
                    dropped: q.dropped,
                })
                .collect(),
            sessions: self
                .sessions()
                .iter()
                .map(|s| SessionView {
                    id: s.id,
                    server: s.server.map(|n| namer.node(n)),
                    timeout: s.timeout,
                    state: match (s.ended, s.server, s.opened) {
                        (Some(crate::multi::Ended::Closed), _, _) => "closed",
                        (Some(crate::multi::Ended::Expired), _, _) => "expired",
                        (None, None, _) => "disconnected",
                        (None, Some(_), false) => "connecting",
                        (None, Some(_), true) => "connected",
                    },
                    seen: s.seen.to_string(),
                    waiting: s.unanswered.len(),
                    watches: s
                        .watches
                        .iter()
                        .map(|(path, kind)| WatchView { path: path.clone(), kind: kind.name() })
                        .collect(),
                })
                .collect(),
            violations: self
                .violations()
                .iter()
                .map(|v| ViolationView {
                    property: v.property.name().into(),
                    detail: v.detail.clone(),
                    time: v.time.0,
                    step: v.step,
                })
                .collect(),
            network: self.network().clone(),
            groups: self.group_views(),
            links: self.link_views(),
            messages: MessageCounts::from(stats),
            next_time: self.next_time().map(|t| t.0),
        }
    }

    /// The result of a run, for `paxos-sim run`.
    pub fn summary(&self) -> MultiSummary {
        let view = self.view();
        let requests = self.requests();
        let answered = requests.values().filter(|q| q.reply.is_some()).count();
        let ok = requests.values().filter(|q| q.reply.as_ref().is_some_and(|(_, r)| r.ok)).count();
        let stale =
            requests.values().filter(|q| q.reply.as_ref().is_some_and(|(_, r)| r.stale.is_some())).count();
        let namer = Namer(self.names());
        MultiSummary {
            title: self.plan().title.clone(),
            nodes: view.names,
            quorum: view.quorum,
            seed: view.seed,
            end: view.time,
            until: view.until,
            leaders: self
                .leaders()
                .iter()
                .map(|(t, n, b)| LeaderView { time: t.0, node: namer.node(*n), ballot: namer.ballot(*b) })
                .collect(),
            chosen_slots: view.chosen_count,
            requests: requests.len(),
            answered,
            ok,
            stale_reads: stale,
            servers: view
                .servers
                .iter()
                .map(|s| ServerLine {
                    node: s.name.clone(),
                    role: s.role,
                    applied: s.applied,
                    zxid: s.zxid.clone(),
                })
                .collect(),
            messages: view.messages,
            violations: view.violations,
            events: self.stats().events,
            steps: view.step,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MultiSummary {
    pub title: Option<String>,
    pub nodes: Vec<String>,
    pub quorum: u16,
    pub seed: u64,
    pub end: u64,
    pub until: u64,
    pub leaders: Vec<LeaderView>,
    pub chosen_slots: u64,
    pub requests: usize,
    pub answered: usize,
    pub ok: usize,
    pub stale_reads: usize,
    pub servers: Vec<ServerLine>,
    pub messages: MessageCounts,
    pub violations: Vec<ViolationView>,
    pub events: u64,
    pub steps: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LeaderView {
    pub time: u64,
    pub node: String,
    pub ballot: WireBallot,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerLine {
    pub node: String,
    pub role: &'static str,
    pub applied: u64,
    pub zxid: String,
}

impl fmt::Display for MultiSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(t) = &self.title {
            writeln!(f, "{t}")?;
        }
        writeln!(
            f,
            "multi Paxos, {} nodes ({}), quorum {}, seed {}",
            self.nodes.len(),
            self.nodes.join(", "),
            self.quorum,
            self.seed
        )?;
        let leaders: Vec<String> = self
            .leaders
            .iter()
            .map(|l| format!("{} ({}.{}) at {} ms", l.node, l.ballot.round, l.ballot.node, l.time))
            .collect();
        writeln!(f, "leaders:    {}", if leaders.is_empty() { "none".into() } else { leaders.join(", ") })?;
        writeln!(f, "log:        {} slots chosen", self.chosen_slots)?;
        writeln!(
            f,
            "requests:   {} sent, {} answered ({} ok), {} stale reads",
            self.requests, self.answered, self.ok, self.stale_reads
        )?;
        let servers: Vec<String> = self
            .servers
            .iter()
            .map(|s| format!("{} {} applied {} zxid {}", s.node, s.role, s.applied, s.zxid))
            .collect();
        writeln!(f, "servers:    {}", servers.join("; "))?;
        writeln!(f, "messages:   {}", self.messages)?;
        let run = RunTail { events: self.events, steps: self.steps, end: self.end, until: self.until };
        let checked: Vec<&str> = crate::multi::MultiProperty::ALL.iter().map(|p| p.name()).collect();
        run.write(f, &self.violations, &checked.join(", "))
    }
}
