//! Plain-data views of a simulation for people and programs: every node's notebook, every
//! message in flight, what was chosen. Serialized to JSON (camelCase) for the browser and
//! for `paxos-sim run --json`.

use serde::Serialize;

use crate::json::write::{Obj, ToJson};
use crate::trace::{Namer, WireBallot, WireMsg, WireVote};
use crate::world::World;
use crate::{Basic, Senator};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// Virtual time, ms.
    pub now: u64,
    /// The number of the last trace line.
    pub step: u64,
    pub quorum: u16,
    /// Flexible Paxos's quorums (then `quorum` is the prepare quorum); null otherwise.
    pub quorums: Option<crate::trace::WireQuorums>,
    /// Broken variants in force (never on by default): the page marks them clearly.
    pub broken: Vec<String>,
    pub nodes: Vec<NodeView>,
    pub in_flight: Vec<FlightView>,
    pub chosen: Option<ChosenView>,
    pub violations: Vec<ViolationView>,
    pub network: crate::scenario::NetworkSpec,
    /// The partition groups by name, when the network is split.
    pub partition: Option<Vec<Vec<String>>>,
    /// Links with a fault (cut, or slower).
    pub links: Vec<LinkView>,
    /// When the next event happens; null when nothing is left to happen.
    pub next_time: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NodeView {
    pub name: String,
    pub up: bool,
    /// The acceptor's notebook (durable).
    pub promised: Option<WireBallot>,
    pub accepted: Option<WireVote>,
    /// The learner's ledger.
    pub learned: Option<String>,
    pub learned_at: Option<u64>,
    pub proposer: ProposerView,
    /// A student's node (docs/node-protocol.md): the state it returned; absent for the
    /// project's own node. Its notebook above is what it said (its promises and accepteds).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub state: Option<NodeStateView>,
}

/// A student's node's state, as the JSON texts it returned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NodeStateView {
    pub disk: String,
    pub memory: String,
}

impl ToJson for NodeStateView {
    fn write(&self, out: &mut String) {
        Obj::new(out).field("disk", &self.disk).field("memory", &self.memory).end();
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProposerView {
    /// idle | preparing | accepting | backing-off | decided
    #[cfg_attr(feature = "ts", ts(type = "'idle' | 'preparing' | 'accepting' | 'backing-off' | 'decided'"))]
    pub phase: &'static str,
    pub ballot: Option<WireBallot>,
    /// The client's value given to this node.
    pub value: Option<String>,
    /// The value of phase 2: its own or one adopted from a promise.
    pub proposal: Option<String>,
    /// Who promised the current ballot.
    pub promises: Vec<String>,
    /// Who accepted the current ballot.
    pub accepteds: Vec<String>,
    /// Ballots started over the node's life.
    pub rounds: u32,
    pub last_round: u64,
    /// When its timer fires.
    pub timer: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FlightView {
    pub id: u64,
    pub from: String,
    pub to: String,
    pub msg: WireMsg,
    pub sent_at: u64,
    /// Null while the message waits for a person (manual network).
    pub arrives_at: Option<u64>,
    pub copy_of: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LinkView {
    pub between: [String; 2],
    pub cut: bool,
    pub extra: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChosenView {
    pub slot: u64,
    pub value: String,
    pub ballot: WireBallot,
    pub time: u64,
    pub step: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ViolationView {
    pub property: String,
    pub detail: String,
    pub time: u64,
    pub step: u64,
}

// The same JSON as serde's derives above, written by hand for the browser (json/write.rs).

impl ToJson for Snapshot {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("now", &self.now)
            .field("step", &self.step)
            .field("quorum", &self.quorum)
            .field("quorums", &self.quorums)
            .field("broken", &self.broken)
            .field("nodes", &self.nodes)
            .field("inFlight", &self.in_flight)
            .field("chosen", &self.chosen)
            .field("violations", &self.violations)
            .field("network", &self.network)
            .field("partition", &self.partition)
            .field("links", &self.links)
            .field("nextTime", &self.next_time)
            .end();
    }
}

impl ToJson for NodeView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("name", &self.name)
            .field("up", &self.up)
            .field("promised", &self.promised)
            .field("accepted", &self.accepted)
            .field("learned", &self.learned)
            .field("learnedAt", &self.learned_at)
            .field("proposer", &self.proposer)
            .some("state", &self.state)
            .end();
    }
}

impl ToJson for ProposerView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("phase", &self.phase)
            .field("ballot", &self.ballot)
            .field("value", &self.value)
            .field("proposal", &self.proposal)
            .field("promises", &self.promises)
            .field("accepteds", &self.accepteds)
            .field("rounds", &self.rounds)
            .field("lastRound", &self.last_round)
            .field("timer", &self.timer)
            .end();
    }
}

impl ToJson for FlightView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("id", &self.id)
            .field("from", &self.from)
            .field("to", &self.to)
            .field("msg", &self.msg)
            .field("sentAt", &self.sent_at)
            .field("arrivesAt", &self.arrives_at)
            .field("copyOf", &self.copy_of)
            .end();
    }
}

impl ToJson for LinkView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("between", &self.between)
            .field("cut", &self.cut)
            .field("extra", &self.extra)
            .end();
    }
}

impl ToJson for ChosenView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("slot", &self.slot)
            .field("value", &self.value)
            .field("ballot", &self.ballot)
            .field("time", &self.time)
            .field("step", &self.step)
            .end();
    }
}

impl ToJson for ViolationView {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("property", &self.property)
            .field("detail", &self.detail)
            .field("time", &self.time)
            .field("step", &self.step)
            .end();
    }
}

fn phase_name(p: paxos::Phase) -> &'static str {
    match p {
        paxos::Phase::Idle => "idle",
        paxos::Phase::Preparing => "preparing",
        paxos::Phase::Accepting => "accepting",
        paxos::Phase::BackingOff => "backing-off",
        paxos::Phase::Decided => "decided",
    }
}

/// The project's own node as a person sees it.
pub(crate) fn own_view(h: &crate::Host, n: &Namer) -> NodeView {
    let node = &h.node;
    let p = node.proposer();
    NodeView {
        name: n.node(node.id()),
        up: h.up,
        promised: node.acceptor().promised().map(|b| n.ballot(b)),
        accepted: node.acceptor().accepted().map(|v| n.vote(v)),
        learned: node.learner().learned().map(|v| v.to_string()),
        learned_at: h.extra.learned_at.map(|t| t.0),
        proposer: ProposerView {
            phase: phase_name(p.phase()),
            ballot: p.ballot().map(|b| n.ballot(b)),
            value: p.own_value().map(|v| v.to_string()),
            proposal: p.proposal().map(|v| v.to_string()),
            promises: p.promises().keys().map(|&id| n.node(id)).collect(),
            accepteds: p.accepteds().iter().map(|&id| n.node(id)).collect(),
            rounds: h.extra.rounds,
            last_round: p.last_round(),
            timer: h.wakes_at().map(|t| t.0),
        },
        state: None,
    }
}

impl<P: Senator> World<Basic<P>> {
    /// Everything a person can see, now.
    pub fn snapshot(&self) -> Snapshot {
        let n = Namer(self.names());
        let nodes = self.hosts().iter().map(|h| P::view(h, &n, self.checker())).collect();
        let in_flight = self
            .flights()
            .map(|f| FlightView {
                id: f.id,
                from: n.node(f.from),
                to: n.node(f.to),
                msg: n.msg(&f.msg),
                sent_at: f.sent_at.0,
                arrives_at: f.arrives_at.map(|t| t.0),
                copy_of: f.copy_of,
            })
            .collect();
        let (quorum, broken, quorums) = P::header(self.config());
        Snapshot {
            now: self.now().0,
            step: self.step_number(),
            quorum,
            quorums,
            broken,
            nodes,
            in_flight,
            chosen: self.chosen().map(|c| ChosenView {
                slot: 0,
                value: c.value.to_string(),
                ballot: n.ballot(c.ballot),
                time: c.time.0,
                step: c.step,
            }),
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
            partition: self.group_views(),
            links: self.link_views(),
            next_time: self.next_time().map(|t| t.0),
        }
    }
}
