//! Multi-Paxos and the ZooKeeper view in the world: [`Replica`]s whose state machine is a
//! znode [`Tree`], clients that write through the leader and read from any server, the
//! checker of the log after every step, and who led when.

use std::collections::BTreeMap;

use paxos::sorted::{SortedMap, SortedSet};

use paxos::multi::{Entry, MultiConfig, MultiEvent, MultiMessage, MultiRequest, Replica, Role, Write};
use paxos::{Ballot, NodeId, Slot, Time, Value};

use crate::multi::checker::{MultiFinding, MultiProperty};
use crate::multi::ledger::{Ledger, Seen};
use crate::multi::session::Session;
use crate::multi::wire::{self, WireMultiMsg, WireResult};
use crate::multi::zk::{ClientOp, Command, ReadOp, Tree, WriteOp, LAW_PATH};
use crate::scenario::{Action, MsgFacts, MsgKind, Plan};
use crate::trace::{Namer, TraceEvent, TraceLine};
use crate::world::{ActionError, Rules, World};

pub type MultiLine = TraceLine<WireMultiMsg, Option<String>>;

/// A running Multi-Paxos simulation. Deterministic given the scenario and seed.
pub type MultiSimulation = World<Multi>;
/// One server: its replica, its disk, and (in `extra`) the ballot it leads with.
pub type Server = crate::world::Host<Replica<Command>, ServerSide>;
/// A Multi-Paxos message copy on its way.
pub type MultiFlight = crate::world::Flight<MultiMessage<Command>>;

/// What the world keeps of a server besides its replica.
#[derive(Clone, Debug, Default)]
pub struct ServerSide {
    /// The ballot it led with after its last input.
    pub(super) led: Option<Ballot>,
    /// While it leads, its session tracker: when it last heard of each session, and the
    /// sessions it has expired.
    pub(super) touched: SortedMap<u64, Time>,
    pub(super) expiring: SortedSet<u64>,
}

/// A client's request and, once answered, the reply.
#[derive(Clone, Debug)]
pub struct ClientRequest {
    pub id: u64,
    pub server: NodeId,
    pub op: ClientOp,
    /// The session it was sent in, if any.
    pub session: Option<u64>,
    pub at: Time,
    pub reply: Option<(Time, WireResult)>,
    /// The slot the write was applied in, at its server.
    pub slot: Option<Slot>,
    /// For a sync: the highest slot acknowledged when it was sent.
    pub required: Option<Slot>,
    /// Never answered: its client went silent (`disconnect`) while it waited.
    pub dropped: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultiViolation {
    pub property: MultiProperty,
    pub detail: String,
    pub time: Time,
    pub step: u64,
}

/// Multi-Paxos's rules: the servers' trees and the log's checker, the clients' requests,
/// who led when.
#[derive(Clone, Debug)]
pub struct Multi {
    pub(super) ledger: Ledger,
    pub(super) requests: BTreeMap<u64, ClientRequest>,
    pub(super) next_request: u64,
    violations: Vec<MultiViolation>,
    leaders: Vec<(Time, NodeId, Ballot)>,
    /// Session `n` is at index `n - 1`.
    pub(super) sessions: Vec<Session>,
}

impl Rules for Multi {
    type P = Replica<Command>;
    type Host = ServerSide;
    type Wire = WireMultiMsg;
    type Value = Option<String>;
    /// Heartbeats never stop: a Multi-Paxos cluster is never idle.
    const NEVER_IDLE: bool = true;

    fn config(plan: &Plan) -> MultiConfig {
        plan.multi
    }
    fn new(plan: &Plan) -> Multi {
        Multi {
            ledger: Ledger::new(plan.names.len(), plan.multi.quorum),
            requests: BTreeMap::new(),
            next_request: 1,
            violations: Vec::new(),
            leaders: Vec::new(),
            sessions: Vec::new(),
        }
    }
    fn host() -> ServerSide {
        ServerSide::default()
    }
    fn header(config: &MultiConfig) -> (u16, Vec<String>, Option<crate::trace::WireQuorums>) {
        (config.quorum, config.flaws.names().iter().map(|n| n.to_string()).collect(), None)
    }
    fn wire(names: &[String], msg: &MultiMessage<Command>) -> WireMultiMsg {
        Namer(names).multi_msg(msg)
    }
    fn facts(msg: &MultiMessage<Command>) -> MsgFacts {
        use MultiMessage as M;
        let (kind, ballot, slot) = match msg {
            M::Prepare { ballot, .. } => (MsgKind::Prepare, Some(*ballot), None),
            M::Promise { ballot, .. } => (MsgKind::Promise, Some(*ballot), None),
            M::Accept { ballot, slot, .. } => (MsgKind::Accept, Some(*ballot), Some(slot.0)),
            M::Accepted { ballot, slot, .. } => (MsgKind::Accepted, Some(*ballot), Some(slot.0)),
            M::Nack { ballot, .. } => (MsgKind::Nack, Some(*ballot), None),
            M::Decide { slot, .. } => (MsgKind::Decide, None, Some(slot.0)),
            M::Heartbeat { ballot, .. } => (MsgKind::Heartbeat, Some(*ballot), None),
            M::Forward { .. } => (MsgKind::Forward, None, None),
            M::CatchUp { .. } => (MsgKind::Catchup, None, None),
            M::Sync { .. } => (MsgKind::Sync, None, None),
            M::SyncOk { .. } => (MsgKind::SyncOk, None, None),
            M::Probe { ballot, .. } => (MsgKind::Probe, Some(*ballot), None),
            M::ProbeOk { ballot, .. } => (MsgKind::ProbeOk, Some(*ballot), None),
        };
        MsgFacts { kind, ballot, slot }
    }
    /// Each server's log and tree grow with the writes; a client request and its reply.
    fn approx_bytes(&self, nodes: usize) -> usize {
        let log: usize = self.ledger.trees.iter().map(|t| t.nodes().len() * 160).sum();
        nodes * 256
            + log * 2
            + self.requests.len() * 256
            + self.leaders.len() * 32
            + self.sessions.len() * 256
    }

    /// Every replica starts its election timeout at time 0.
    fn started(w: &mut MultiSimulation) {
        for id in w.config.all() {
            w.after_input(id);
        }
    }

    fn apply(w: &mut MultiSimulation, action: Action) -> Result<(), ActionError> {
        match action {
            Action::Propose { node, value } => {
                let op = WriteOp::SetData { path: LAW_PATH.into(), data: value, version: None };
                w.client(node, ClientOp::Write(op)).map(|_| ())
            }
            Action::Client { server, op, session } => w.client_in(server, op, session).map(|_| ()),
            Action::Crash(id) => w.stop_node(id),
            Action::Restart(id) => w.start_node(id),
            Action::Partition(groups) => {
                w.split(groups);
                Ok(())
            }
            Action::Heal => {
                w.mend();
                Ok(())
            }
            Action::SetNetwork(spec) => w.change_network(spec),
            Action::SetLink { a, b, link } => w.set_link(a, b, link),
            Action::Fire(id) => {
                // "timeout": the server's timer runs out now, the clock does not move (a
                // leader sends its heartbeats, anyone else starts an election).
                let s = &w.hosts[id.index()];
                if !s.up {
                    return Err(ActionError::Down(w.name(id)));
                }
                if s.node.leading().is_none() {
                    w.record(TraceEvent::Timeout { node: w.name(id) });
                }
                w.input(id, |replica, now| replica.expire(now));
                Ok(())
            }
            #[cfg(feature = "lab")]
            Action::Deliver(pick) => {
                let id = w.resolve(pick)?;
                w.deliver_now(id)
            }
            #[cfg(feature = "lab")]
            Action::Drop(pick) => {
                let id = w.resolve(pick)?;
                w.drop_now(id);
                Ok(())
            }
            #[cfg(feature = "lab")]
            Action::Duplicate(pick) => {
                let id = w.resolve(pick)?;
                w.copy_flight(id);
                Ok(())
            }
            // Without the laboratory no multi scenario is planned (scenario.rs, step 2).
            #[cfg(not(feature = "lab"))]
            Action::Deliver(_) | Action::Drop(_) | Action::Duplicate(_) => Err(ActionError::Later),
        }
    }

    fn persist(w: &mut MultiSimulation, id: NodeId, write: &Write<Command>) {
        let mut findings = Vec::new();
        w.rules.ledger.persist(id, write, &mut findings);
        w.report(&mut findings);
    }

    fn event(w: &mut MultiSimulation, id: NodeId, event: MultiEvent<Command>) {
        let mut findings = Vec::new();
        let (name, applied) = (w.name(id), w.hosts[id.index()].node.applied());
        if let MultiEvent::Learned { slot, entry } = &event {
            w.record(TraceEvent::Learn { node: name.clone(), slot: slot.0, value: wire::entry_text(entry) });
        }
        let Seen { answer, changes, ended } = w.rules.ledger.event(id, &name, applied, event, &mut findings);
        w.report(&mut findings);
        // A watch fires before the answer that shows the change (ZooKeeper's order).
        if !changes.is_empty() {
            w.fire_watches(id, &changes);
        }
        if let Some(answer) = answer {
            let session = w.rules.requests.get_mut(&answer.request).and_then(|r| {
                r.slot = answer.slot.or(r.slot);
                r.session
            });
            if let Some(sid) = session {
                w.session_answered(sid, answer.request, answer.zxid, id);
            }
            w.reply(answer.request, answer.result);
            if let Some(sid) = session.filter(|_| ended.is_none()) {
                w.next_in_session(sid);
            }
        }
        if let Some((sid, how)) = ended {
            w.end_session(id, sid, how);
        }
    }

    /// A server that won phase 1 is written as the leader.
    fn settled(w: &mut MultiSimulation, id: NodeId) {
        let leading = w.hosts[id.index()].node.leading();
        let was_leading = std::mem::replace(&mut w.hosts[id.index()].extra.led, leading);
        if leading != was_leading {
            let side = &mut w.hosts[id.index()].extra;
            side.touched.clear();
            side.expiring.clear();
        }
        if leading.is_some() {
            w.track_sessions(id);
        }
        if let Some(ballot) = leading.filter(|&b| Some(b) != was_leading) {
            w.rules.leaders.push((w.now, id, ballot));
            let namer = Namer(&w.plan.names);
            let (node, ballot) = (namer.node(id), namer.ballot(ballot));
            w.record(TraceEvent::Leader { node, ballot });
        }
    }

    /// Heartbeats are routine: only elections are written as timeouts.
    fn timeout_written(replica: &Replica<Command>) -> bool {
        replica.leading().is_none()
    }

    /// The writes and syncs it had not answered fail: the connection is lost.
    fn crashed(w: &mut MultiSimulation, id: NodeId) {
        let error = format!("connection lost: {} crashed before it answered", w.name(id));
        let here: Vec<u64> = w.rules.sessions.iter().filter(|s| s.server == Some(id)).map(|s| s.id).collect();
        for sid in here {
            w.leave(sid, Some(&error));
        }
        for rid in w.rules.ledger.crashed(id) {
            w.reply(rid, WireResult::failed(error.as_str()));
        }
    }

    /// The tree is volatile: the replica rebuilds it from the chosen log.
    fn restarted(w: &mut MultiSimulation, id: NodeId) {
        w.rules.ledger.restarted(id);
    }
}

impl World<Multi> {
    pub fn servers(&self) -> &[Server] {
        self.hosts()
    }
    pub fn requests(&self) -> &BTreeMap<u64, ClientRequest> {
        &self.rules.requests
    }
    /// Every slot chosen so far, with its entry and the ballot that chose it.
    pub fn chosen(&self) -> &BTreeMap<Slot, (Entry<Command>, Ballot)> {
        self.rules.ledger.checker.chosen()
    }
    /// The servers' trees, their open requests and the log's checker.
    pub fn ledger(&self) -> &Ledger {
        &self.rules.ledger
    }
    /// Each server's copy of the tree.
    pub fn trees(&self) -> &[std::sync::Arc<Tree>] {
        &self.rules.ledger.trees
    }
    pub fn violations(&self) -> &[MultiViolation] {
        &self.rules.violations
    }
    /// Every time a server won phase 1: when, who, with which ballot.
    pub fn leaders(&self) -> &[(Time, NodeId, Ballot)] {
        &self.rules.leaders
    }
    /// The server that leads with the highest ballot among those up, if any leads.
    pub fn leader(&self) -> Option<NodeId> {
        self.hosts
            .iter()
            .filter(|s| s.up)
            .filter_map(|s| s.node.leading().map(|b| (b, s.node.id())))
            .max()
            .map(|(_, id)| id)
    }

    /// A client with no session sends `op` to `server`; returns the request id. Reads are
    /// answered at once from the server's copy; writes and syncs when the server has
    /// applied them.
    pub fn client(&mut self, server: NodeId, op: ClientOp) -> Result<u64, ActionError> {
        self.client_in(server, op, None)
    }

    /// A client sends `op` to `server` in `session` (see [`crate::multi::session`]);
    /// returns the request id. A refused request changes nothing.
    pub fn client_in(
        &mut self,
        server: NodeId,
        op: ClientOp,
        session: Option<u64>,
    ) -> Result<u64, ActionError> {
        if !self.hosts[server.index()].up {
            return Err(ActionError::Down(self.name(server)));
        }
        self.check_session(server, &op, session)?;
        let id = self.rules.next_request;
        self.rules.next_request += 1;
        let required = self.rules.ledger.checker.last_acked();
        // A new session's number is the next one.
        let new = session.is_none() && matches!(op, ClientOp::Connect { .. });
        let sid = if new { Some(self.rules.sessions.len() as u64 + 1) } else { session };
        self.rules.requests.insert(
            id,
            ClientRequest {
                id,
                server,
                op: op.clone(),
                session: sid,
                at: self.now,
                reply: None,
                slot: None,
                required,
                dropped: false,
            },
        );
        self.record(TraceEvent::Request { id, node: self.name(server), op: wire::op(&op, session) });
        if let Some(sid) = sid {
            self.in_session(server, id, op, sid, new);
            return Ok(id);
        }
        match op {
            ClientOp::Read { read, .. } => {
                let result = self.read(server, &read);
                self.reply(id, result);
            }
            ClientOp::Write(write) => {
                self.rules.ledger.open(server, id);
                self.request(server, MultiRequest::Propose(Command { id, session: None, op: write }));
            }
            ClientOp::Sync => {
                self.rules.ledger.open(server, id);
                self.request(server, MultiRequest::Sync(id));
            }
            ClientOp::Connect { .. } | ClientOp::Close | ClientOp::Disconnect => {
                unreachable!("checked: sessions only")
            }
        }
        Ok(id)
    }

    pub(super) fn read(&self, server: NodeId, op: &ReadOp) -> WireResult {
        let tree = &self.rules.ledger.trees[server.index()];
        let (path, mut result) = match op {
            ReadOp::GetData { path } => match tree.get(path) {
                Some(z) => (
                    path,
                    WireResult {
                        ok: true,
                        data: Some(z.data.clone()),
                        version: Some(z.version),
                        zxid: Some(z.mzxid.to_string()),
                        ..WireResult::default()
                    },
                ),
                None => (path, WireResult::failed(format!("no znode {path}"))),
            },
            ReadOp::Exists { path } => {
                let z = tree.get(path);
                let result = WireResult {
                    ok: true,
                    exists: Some(z.is_some()),
                    version: z.map(|z| z.version),
                    ..WireResult::default()
                };
                (path, result)
            }
            ReadOp::GetChildren { path } => match tree.children(path) {
                Some(kids) => (path, WireResult { ok: true, children: Some(kids), ..WireResult::default() }),
                None => (path, WireResult::failed(format!("no znode {path}"))),
            },
        };
        // A read is stale when the leader's copy of that znode (or of its children) differs.
        if let Some(leader) = self.leader().filter(|&l| l != server) {
            let theirs = &self.rules.ledger.trees[leader.index()];
            let differs = match op {
                ReadOp::GetChildren { .. } => theirs.children(path) != tree.children(path),
                _ => theirs.get(path) != tree.get(path),
            };
            if differs {
                let what = match theirs.get(path) {
                    Some(z) => format!("{} (version {}, zxid {})", z.data, z.version, z.mzxid),
                    None => "no such znode".into(),
                };
                result.stale = Some(format!("the leader {} has {what}", self.name(leader)));
            }
        }
        result
    }

    pub(super) fn reply(&mut self, id: u64, result: WireResult) {
        let now = self.now;
        let request = self.rules.requests.get_mut(&id).expect("replies are to known requests");
        request.reply = Some((now, result.clone()));
        let (node, session) = (self.plan.names[request.server.index()].clone(), request.session);
        self.record(TraceEvent::Reply { id, node, session, result });
        if let Some(sid) = session {
            let unanswered = &mut self.rules.sessions[sid as usize - 1].unanswered;
            let verdict = crate::multi::checker::session::fifo(sid, id, unanswered.first().copied());
            unanswered.retain(|&r| r != id);
            if let Err(detail) = verdict {
                let mut findings =
                    vec![MultiFinding::Violation { property: MultiProperty::SessionFifo, detail }];
                self.report(&mut findings);
            }
        }
    }

    pub(super) fn report(&mut self, findings: &mut Vec<MultiFinding>) {
        for f in findings.drain(..) {
            match f {
                MultiFinding::Chosen { slot, entry, ballot } => {
                    let ballot = Namer(&self.plan.names).ballot(ballot);
                    self.record(TraceEvent::Chosen { slot: slot.0, value: wire::entry_text(&entry), ballot });
                }
                MultiFinding::Violation { property, detail } => {
                    self.record(TraceEvent::Violation {
                        property: property.name().into(),
                        detail: detail.clone(),
                    });
                    let (time, step) = (self.now, self.step_number());
                    self.rules.violations.push(MultiViolation { property, detail, time, step });
                }
            }
        }
    }
}

/// The role of a server, in one word, for views and summaries.
pub fn role_name(role: &Role<Command>) -> &'static str {
    match role {
        Role::Follower => "follower",
        Role::Candidate { .. } => "candidate",
        Role::Leader { .. } => "leader",
    }
}

/// `setData /laws/electricity = value` from a plain proposal (the island's law).
pub fn law(value: Value) -> ClientOp {
    ClientOp::Write(WriteOp::SetData { path: LAW_PATH.into(), data: value, version: None })
}
