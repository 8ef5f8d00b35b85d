//! The simulator for Multi-Paxos and the ZooKeeper view: the same virtual time, seeded RNG,
//! event queue ordered by (time, seq) and lossy network as the Basic Paxos simulator, driving
//! [`Replica`]s whose state machine is a znode [`Tree`], with clients that write through the
//! leader and read from any server. The checker runs after every step.

use std::collections::BTreeMap;

use paxos::multi::{Disk, Entry, MultiConfig, MultiMessage, MultiOutput, Replica, Role, Write};
use paxos::{Ballot, NodeId, Slot, Time, Timer, Value};

use crate::multi::checker::{MultiChecker, MultiFinding, MultiProperty};
use crate::multi::wire::{self, WireMultiMsg, WireResult};
use crate::multi::zk::{ClientOp, Command, ReadOp, Tree, WriteOp, LAW_PATH};
use crate::network::{self, link_key};
use crate::queue::EventQueue;
use crate::rng::SimRng;
use crate::scenario::{check_network, Action, Link, NetworkMode, NetworkSpec, Plan, ScenarioError};
use crate::sim::{ActionError, Stats};
use crate::sorted::SortedMap;
use crate::trace::{Namer, TraceEvent, TraceHeader, TraceLine, TRACE_FORMAT, TRACE_VERSION};

pub type MultiLine = TraceLine<WireMultiMsg, Option<String>>;
type MultiEvent = TraceEvent<WireMultiMsg, Option<String>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    Arrive(u64),
    Wake(NodeId),
    Script(usize),
}

/// A message copy on its way.
#[derive(Clone, Debug)]
pub struct MultiFlight {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub msg: MultiMessage<Command>,
    pub sent_at: Time,
    pub arrives_at: Time,
    pub lost: bool,
}

/// One server: its replica, its disk, its copy of the tree and its clients' open requests.
#[derive(Clone, Debug)]
pub struct Server {
    pub replica: Replica<Command>,
    pub up: bool,
    pub disk: Disk<Command>,
    pub tree: Tree,
    timer: Option<(Timer, (Time, u64))>,
    /// Writes and syncs sent here and not answered yet, by request id.
    open: Vec<u64>,
    /// The ballot it led with after its last input.
    led: Option<Ballot>,
}

/// A client's request and, once answered, the reply.
#[derive(Clone, Debug)]
pub struct ClientRequest {
    pub id: u64,
    pub server: NodeId,
    pub op: ClientOp,
    pub at: Time,
    pub reply: Option<(Time, WireResult)>,
    /// The slot the write was applied in, at its server.
    pub slot: Option<Slot>,
    /// For a sync: the highest slot acknowledged when it was sent.
    pub required: Option<Slot>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultiViolation {
    pub property: MultiProperty,
    pub detail: String,
    pub time: Time,
    pub step: u64,
}

/// A running Multi-Paxos simulation. Deterministic given the scenario and seed.
#[derive(Clone, Debug)]
pub struct MultiSimulation {
    plan: Plan,
    config: MultiConfig,
    rng: SimRng,
    now: Time,
    queue: EventQueue<Pending>,
    servers: Vec<Server>,
    flights: SortedMap<u64, MultiFlight>,
    next_id: u64,
    network: NetworkSpec,
    groups: Option<Vec<usize>>,
    links: SortedMap<(NodeId, NodeId), Link>,
    checker: MultiChecker,
    requests: BTreeMap<u64, ClientRequest>,
    next_request: u64,
    violations: Vec<MultiViolation>,
    leaders: Vec<(Time, NodeId, Ballot)>,
    record: bool,
    trace: Vec<MultiLine>,
    step: u64,
    stats: Stats,
}

impl MultiSimulation {
    /// A simulation at time 0 with the scenario's events queued; `record` keeps the trace.
    pub fn new(plan: Plan, record: bool) -> MultiSimulation {
        let config = plan.multi;
        let servers = config
            .all()
            .map(|id| Server {
                replica: Replica::new(id, config, Time(0)),
                up: true,
                disk: Disk::default(),
                tree: Tree::default(),
                timer: None,
                open: Vec::new(),
                led: None,
            })
            .collect();
        let mut sim = MultiSimulation {
            config,
            rng: SimRng::new(plan.seed),
            now: Time(0),
            queue: EventQueue::default(),
            servers,
            flights: SortedMap::new(),
            next_id: 1,
            network: plan.network.clone(),
            groups: None,
            links: SortedMap::new(),
            checker: MultiChecker::new(config.quorum),
            requests: BTreeMap::new(),
            next_request: 1,
            violations: Vec::new(),
            leaders: Vec::new(),
            record,
            trace: Vec::new(),
            step: 0,
            stats: Stats::default(),
            plan,
        };
        for i in 0..sim.plan.script.len() {
            let at = Time(sim.plan.script[i].0);
            sim.schedule(at, Pending::Script(i));
        }
        for id in config.all() {
            sim.after_input(id);
        }
        sim
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }
    pub fn names(&self) -> &[String] {
        &self.plan.names
    }
    pub fn now(&self) -> Time {
        self.now
    }
    pub fn servers(&self) -> &[Server] {
        &self.servers
    }
    pub fn flights(&self) -> impl Iterator<Item = &MultiFlight> {
        self.flights.values()
    }
    pub fn network(&self) -> &NetworkSpec {
        &self.network
    }
    pub fn groups(&self) -> Option<&[usize]> {
        self.groups.as_deref()
    }
    pub fn requests(&self) -> &BTreeMap<u64, ClientRequest> {
        &self.requests
    }
    /// Every slot chosen so far, with its entry and the ballot that chose it.
    pub fn chosen(&self) -> &BTreeMap<Slot, (Entry<Command>, Ballot)> {
        self.checker.chosen()
    }
    pub fn violations(&self) -> &[MultiViolation] {
        &self.violations
    }
    /// Every time a server won phase 1: when, who, with which ballot.
    pub fn leaders(&self) -> &[(Time, NodeId, Ballot)] {
        &self.leaders
    }
    pub fn stats(&self) -> &Stats {
        &self.stats
    }
    pub fn step_number(&self) -> u64 {
        self.step
    }
    pub fn trace(&self) -> &[MultiLine] {
        &self.trace
    }
    pub fn next_time(&self) -> Option<Time> {
        self.queue.next_time()
    }
    /// The server that leads with the highest ballot among those up, if any leads.
    pub fn leader(&self) -> Option<NodeId> {
        self.servers
            .iter()
            .filter(|s| s.up)
            .filter_map(|s| s.replica.leading().map(|b| (b, s.replica.id())))
            .max()
            .map(|(_, id)| id)
    }

    pub fn header(&self) -> TraceHeader {
        TraceHeader {
            format: TRACE_FORMAT.into(),
            version: TRACE_VERSION,
            protocol: "multi".into(),
            nodes: self.plan.names.clone(),
            quorum: self.config.quorum,
            seed: self.plan.seed,
            broken: Vec::new(),
        }
    }

    /// A copy without the trace, for checkpoints.
    pub fn without_trace(&mut self) -> MultiSimulation {
        let trace = std::mem::take(&mut self.trace);
        let copy = self.clone();
        self.trace = trace;
        copy
    }

    /// Takes the trace out (for a rewind).
    pub fn take_trace(&mut self) -> Vec<MultiLine> {
        std::mem::take(&mut self.trace)
    }

    /// Puts back the trace of a state restored from a checkpoint.
    pub fn set_trace(&mut self, trace: Vec<MultiLine>) {
        self.trace = trace;
    }

    pub fn trace_text(&self) -> String {
        crate::trace::render_lines(&self.header(), &self.trace)
    }

    pub fn node_id(&self, name: &str) -> Result<NodeId, ActionError> {
        self.plan.names.iter().position(|n| n == name).map(|i| NodeId(i as u16)).ok_or_else(|| {
            ActionError::UnknownNode { name: name.to_string(), all: self.plan.names.join(", ") }
        })
    }

    /// Processes the next event in the queue; false when nothing is left.
    pub fn step(&mut self) -> bool {
        let Some(((time, _), pending)) = self.queue.pop() else {
            return false;
        };
        self.now = self.now.max(time);
        self.stats.events += 1;
        match pending {
            Pending::Arrive(id) => self.arrive(id),
            Pending::Wake(id) => self.wake(id),
            Pending::Script(i) => {
                let action = self.plan.script[i].1.clone();
                let _ = self.apply(action); // one that no longer applies changes nothing
            }
        }
        true
    }

    /// Processes every event up to and including `time`, then moves the clock to `time`.
    pub fn run_until(&mut self, time: Time) {
        while self.next_time().is_some_and(|t| t <= time) {
            self.step();
        }
        self.now = self.now.max(time);
    }

    /// Runs the scenario to its `until`. (Heartbeats never stop: a Multi-Paxos cluster is
    /// never idle.)
    pub fn run(&mut self) {
        self.run_until(Time(self.plan.until));
    }

    // ---- Actions -------------------------------------------------------------------------

    /// Carries out a scripted event or a person's click, now.
    pub fn apply(&mut self, action: Action) -> Result<(), ActionError> {
        match action {
            Action::Propose { node, value } => {
                let op = WriteOp::SetData { path: LAW_PATH.into(), data: value, version: None };
                self.client(node, ClientOp::Write(op)).map(|_| ())
            }
            Action::Client { server, op } => self.client(server, op).map(|_| ()),
            Action::Crash(id) => {
                if !self.servers[id.index()].up {
                    return Err(ActionError::AlreadyDown(self.name(id)));
                }
                self.record(TraceEvent::Crash { node: self.name(id) });
                let s = &mut self.servers[id.index()];
                s.up = false;
                if let Some((_, key)) = s.timer.take() {
                    self.queue.remove(&key);
                }
                for rid in std::mem::take(&mut self.servers[id.index()].open) {
                    let error = format!("connection lost: {} crashed before it answered", self.name(id));
                    self.reply(rid, WireResult { ok: false, error: Some(error), ..WireResult::default() });
                }
                Ok(())
            }
            Action::Restart(id) => {
                if self.servers[id.index()].up {
                    return Err(ActionError::AlreadyUp(self.name(id)));
                }
                self.record(TraceEvent::Restart { node: self.name(id) });
                let now = self.now;
                let s = &mut self.servers[id.index()];
                s.up = true;
                s.tree = Tree::default(); // volatile: rebuilt from the chosen log
                s.replica = Replica::restore(id, self.config, s.disk.clone(), now);
                self.after_input(id);
                Ok(())
            }
            Action::Partition(groups) => {
                let mut of = vec![0; self.servers.len()];
                for (g, group) in groups.iter().enumerate() {
                    for id in group {
                        of[id.index()] = g;
                    }
                }
                let names = groups.iter().map(|g| g.iter().map(|&id| self.name(id)).collect()).collect();
                self.record(TraceEvent::Partition { groups: names });
                self.groups = Some(of);
                Ok(())
            }
            Action::Heal => {
                self.record(TraceEvent::Heal {});
                self.groups = None;
                Ok(())
            }
            Action::SetNetwork(spec) => {
                check_network(&spec, "network")?;
                if spec.mode == NetworkMode::Manual {
                    return Err(ScenarioError::Invalid {
                        path: "network.mode".into(),
                        message: MANUAL_MULTI.into(),
                    }
                    .into());
                }
                self.network = spec;
                Ok(())
            }
            Action::SetLink { a, b, link } => {
                if a == b {
                    return Err(ActionError::SelfLink(self.name(a)));
                }
                if link == Link::default() {
                    self.links.remove(&link_key(a, b));
                } else {
                    self.links.insert(link_key(a, b), link);
                }
                Ok(())
            }
            Action::Fire(id) => {
                // "timeout": the server's election timeout runs out now (the clock does not
                // move); a leader has none.
                let s = &self.servers[id.index()];
                if !s.up {
                    return Err(ActionError::Down(self.name(id)));
                }
                if s.replica.leading().is_some() {
                    return Err(ActionError::NoTimer(self.name(id)));
                }
                self.record(TraceEvent::Timeout { node: self.name(id) });
                let now = self.now;
                self.servers[id.index()].replica.campaign(now);
                self.after_input(id);
                Ok(())
            }
            Action::Deliver(_) | Action::Drop(_) | Action::Duplicate(_) => {
                Err(ScenarioError::Invalid { path: "events".into(), message: MANUAL_MULTI.into() }.into())
            }
        }
    }

    /// A client sends `op` to `server`; returns the request id. Reads are answered at once
    /// from the server's copy; writes and syncs when the server has applied them.
    pub fn client(&mut self, server: NodeId, op: ClientOp) -> Result<u64, ActionError> {
        if !self.servers[server.index()].up {
            return Err(ActionError::Down(self.name(server)));
        }
        let id = self.next_request;
        self.next_request += 1;
        let required = self.checker.last_acked();
        self.requests.insert(
            id,
            ClientRequest { id, server, op: op.clone(), at: self.now, reply: None, slot: None, required },
        );
        self.record(TraceEvent::Request { id, node: self.name(server), op: wire::op(&op) });
        let now = self.now;
        match op {
            ClientOp::Read(read) => {
                let result = self.read(server, &read);
                self.reply(id, result);
            }
            ClientOp::Write(write) => {
                self.servers[server.index()].open.push(id);
                self.servers[server.index()].replica.propose(now, Command { id, op: write });
                self.after_input(server);
            }
            ClientOp::Sync => {
                self.servers[server.index()].open.push(id);
                self.servers[server.index()].replica.sync(now, id);
                self.after_input(server);
            }
        }
        Ok(id)
    }

    fn read(&self, server: NodeId, op: &ReadOp) -> WireResult {
        let tree = &self.servers[server.index()].tree;
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
                None => (
                    path,
                    WireResult { ok: false, error: Some(format!("no znode {path}")), ..Default::default() },
                ),
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
                None => (
                    path,
                    WireResult { ok: false, error: Some(format!("no znode {path}")), ..Default::default() },
                ),
            },
        };
        // A read is stale when the leader's copy of that znode (or of its children) differs.
        if let Some(leader) = self.leader().filter(|&l| l != server) {
            let theirs = &self.servers[leader.index()].tree;
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

    // ---- The event loop ------------------------------------------------------------------

    fn name(&self, id: NodeId) -> String {
        self.plan.names[id.index()].clone()
    }

    fn schedule(&mut self, at: Time, what: Pending) -> (Time, u64) {
        self.queue.schedule(at, what)
    }

    fn record(&mut self, event: MultiEvent) {
        self.step += 1;
        if self.record {
            self.trace.push(TraceLine { step: self.step, time: self.now.0, event });
        }
    }

    fn reply(&mut self, id: u64, result: WireResult) {
        let now = self.now;
        let request = self.requests.get_mut(&id).expect("replies are to known requests");
        request.reply = Some((now, result.clone()));
        let node = self.plan.names[request.server.index()].clone();
        self.record(TraceEvent::Reply { id, node, result });
    }

    fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        network::is_cut(self.groups.as_deref(), &self.links, from, to)
    }

    fn arrive(&mut self, id: u64) {
        let Some(f) = self.flights.remove(&id) else { return };
        if f.lost || self.is_cut(f.from, f.to) || !self.servers[f.to.index()].up {
            self.stats.dropped += 1;
            self.record(TraceEvent::Drop { id });
            return;
        }
        self.stats.delivered += 1;
        self.record(TraceEvent::Deliver { id });
        let now = self.now;
        self.servers[f.to.index()].replica.handle_message(now, f.from, f.msg);
        self.after_input(f.to);
    }

    fn wake(&mut self, id: NodeId) {
        let s = &mut self.servers[id.index()];
        s.timer = None;
        if !s.up {
            return;
        }
        // Heartbeats are routine: only elections are written as timeouts.
        if s.replica.leading().is_none() {
            self.record(TraceEvent::Timeout { node: self.name(id) });
        }
        let now = self.now;
        self.servers[id.index()].replica.handle_timeout(now);
        self.after_input(id);
    }

    /// Carries out everything server `id` asked for, checks safety, re-arms its timer.
    fn after_input(&mut self, id: NodeId) {
        let mut findings = Vec::new();
        while let Some(out) = self.servers[id.index()].replica.poll_output() {
            match out {
                MultiOutput::Persist(write) => {
                    if let Write::Voted { slot, ballot, entry } = &write {
                        self.checker.observe_vote(id, *slot, *ballot, entry, &mut findings);
                    }
                    self.servers[id.index()].disk.apply(&write);
                }
                MultiOutput::Send { to, msg } => self.send(id, to, msg),
                MultiOutput::Learned { slot, entry } => {
                    let node = self.name(id);
                    self.checker.observe_learn(&node, slot, &entry, &mut findings);
                    self.record(TraceEvent::Learn { node, slot: slot.0, value: wire::entry_text(&entry) });
                }
                MultiOutput::Apply { slot, entry } => {
                    let node = self.name(id);
                    self.checker.observe_apply(&node, slot, &entry, &mut findings);
                    let s = &mut self.servers[id.index()];
                    if let Some((rid, outcome)) = s.tree.apply(&entry) {
                        if let Some(k) = s.open.iter().position(|&r| r == rid) {
                            s.open.remove(k);
                            self.checker.observe_ack(slot, rid, &mut findings);
                            if let Some(r) = self.requests.get_mut(&rid) {
                                r.slot = Some(slot);
                            }
                            let result = match outcome {
                                Ok(zxid) => WireResult {
                                    ok: true,
                                    zxid: Some(zxid.to_string()),
                                    ..Default::default()
                                },
                                Err(e) => {
                                    WireResult { ok: false, error: Some(e.to_string()), ..Default::default() }
                                }
                            };
                            self.reply(rid, result);
                        }
                    }
                }
                MultiOutput::Synced { token } => {
                    let s = &mut self.servers[id.index()];
                    if let Some(k) = s.open.iter().position(|&r| r == token) {
                        s.open.remove(k);
                        let zxid = s.tree.last_zxid().to_string();
                        let applied = s.replica.applied();
                        let required = self.requests.get(&token).and_then(|q| q.required);
                        self.checker.observe_sync(
                            &self.plan.names[id.index()],
                            applied,
                            required,
                            &mut findings,
                        );
                        self.reply(token, WireResult { ok: true, zxid: Some(zxid), ..Default::default() });
                    }
                }
            }
            self.report(&mut findings);
        }
        let leading = self.servers[id.index()].replica.leading();
        let was_leading = std::mem::replace(&mut self.servers[id.index()].led, leading);
        if let Some(ballot) = leading.filter(|&b| Some(b) != was_leading) {
            self.leaders.push((self.now, id, ballot));
            let namer = Namer(&self.plan.names);
            self.record(TraceEvent::Leader { node: namer.node(id), ballot: namer.ballot(ballot) });
        }
        self.arm_timer(id);
    }

    fn report(&mut self, findings: &mut Vec<MultiFinding>) {
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
                    self.violations.push(MultiViolation {
                        property,
                        detail,
                        time: self.now,
                        step: self.step,
                    });
                }
            }
        }
    }

    fn arm_timer(&mut self, id: NodeId) {
        let s = &self.servers[id.index()];
        let wanted = if s.up { s.replica.poll_timeout() } else { None };
        if wanted == s.timer.map(|(t, _)| t) {
            return;
        }
        if let Some((_, key)) = self.servers[id.index()].timer.take() {
            self.queue.remove(&key);
        }
        if let Some(t) = wanted {
            let jitter = if t.jitter > 0 { self.rng.between(0, t.jitter) } else { 0 };
            let at = t.at.plus(jitter).max(self.now);
            let key = self.schedule(at, Pending::Wake(id));
            self.servers[id.index()].timer = Some((t, key));
        }
    }

    fn send(&mut self, from: NodeId, to: NodeId, msg: MultiMessage<Command>) {
        let id = self.next_id;
        self.next_id += 1;
        self.stats.sent += 1;
        if self.record {
            let namer = Namer(&self.plan.names);
            let event = TraceEvent::Send {
                id,
                from: namer.node(from),
                to: namer.node(to),
                msg: namer.multi_msg(&msg),
            };
            self.record(event);
        } else {
            self.step += 1;
        }
        // As in Basic Paxos: messages to oneself never cross the network; every other copy
        // draws its delay, then loss, then duplication.
        if from == to {
            self.launch(id, from, to, msg, 0, false);
            return;
        }
        let (delay, lost) = self.draw_fate(from, to);
        let dup = self.network.duplicate > 0.0 && self.rng.chance(self.network.duplicate);
        self.launch(id, from, to, msg.clone(), delay, lost);
        if dup {
            let copy = self.next_id;
            self.next_id += 1;
            self.stats.duplicated += 1;
            self.record(TraceEvent::Duplicate { id, copy });
            let (delay, lost) = self.draw_fate(from, to);
            self.launch(copy, from, to, msg, delay, lost);
        }
    }

    fn launch(
        &mut self,
        id: u64,
        from: NodeId,
        to: NodeId,
        msg: MultiMessage<Command>,
        delay: u64,
        lost: bool,
    ) {
        let at = self.now.plus(delay);
        self.schedule(at, Pending::Arrive(id));
        self.flights.insert(id, MultiFlight { id, from, to, msg, sent_at: self.now, arrives_at: at, lost });
    }

    fn draw_fate(&mut self, from: NodeId, to: NodeId) -> (u64, bool) {
        network::draw_fate(&mut self.rng, &self.network, &self.links, from, to)
    }
}

/// Why manual delivery is refused in multi mode.
pub const MANUAL_MULTI: &str =
    "the multi protocol runs on the automatic network only: manual delivery is for Basic Paxos";

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
