//! The deterministic simulator: virtual time, an event queue ordered by (time, seq), a
//! lossy network, crashes with durable acceptor state, and the safety checker after every
//! step.

use paxos::{Config, Durable, Message, Node, NodeId, Output, Time, Timer, Value};

use crate::checker::{Checker, Finding, Property};
use crate::network;
#[cfg(feature = "lab")]
use crate::network::link_key;
use crate::queue::EventQueue;
use crate::rng::SimRng;
use crate::scenario::{
    check_network, Action, Link, MsgKind, NetworkMode, NetworkSpec, Pick, Plan, ScenarioError,
};
use crate::sorted::SortedMap;
use crate::trace::{Namer, TraceEvent, TraceHeader, TraceLine, TRACE_FORMAT, TRACE_VERSION};

/// What waits in the event queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    /// A message copy reaches its receiver (or is lost).
    Arrive(u64),
    /// A node's timer fires.
    Wake(NodeId),
    /// A scripted event of the scenario.
    Script(usize),
}

/// A message copy on its way.
#[derive(Clone, Debug)]
pub struct Flight {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub msg: Message,
    pub sent_at: Time,
    /// When it reaches its receiver; `None` while it waits for a person (manual network).
    pub arrives_at: Option<Time>,
    /// Decided when it was sent: the network will lose this copy.
    pub lost: bool,
    /// The id of the copy it duplicates, for a duplicate.
    pub copy_of: Option<u64>,
    /// Its arrival in the event queue.
    key: Option<(Time, u64)>,
}

/// One node as the simulator holds it: the protocol state machine and its disk.
#[derive(Clone, Debug)]
pub struct Host {
    pub node: Node,
    pub up: bool,
    pub disk: Durable,
    timer: Option<(Timer, (Time, u64))>,
    pub learned_at: Option<Time>,
    /// Ballots this node has started, over its whole life.
    pub rounds: u32,
}

impl Host {
    /// When the node's timer will fire, if it is set.
    pub fn wakes_at(&self) -> Option<Time> {
        self.timer.map(|(_, (at, _))| at)
    }
}

/// Counts for the summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Queue events processed (arrivals, timers, scripted events).
    pub events: u64,
    pub sent: u64,
    pub delivered: u64,
    pub dropped: u64,
    pub duplicated: u64,
}

/// The value chosen, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen {
    pub ballot: paxos::Ballot,
    pub value: Value,
    pub time: Time,
    pub step: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub property: Property,
    pub detail: String,
    pub time: Time,
    pub step: u64,
}

/// A person's action that cannot be carried out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("there is no node named {}; the nodes are {all}", crate::Quoted(name))]
    UnknownNode { name: String, all: String },
    #[error("{0} is down: restart it before it can take a proposal")]
    Down(String),
    #[error("{0} is already down")]
    AlreadyDown(String),
    #[error("{0} is already up")]
    AlreadyUp(String),
    #[error("message {0} is not in flight: it was delivered or dropped already")]
    NotInFlight(u64),
    #[error("no {0} is in flight")]
    NoMatch(String),
    #[error("{0} is down: a message to it can only be dropped")]
    ReceiverDown(String),
    #[error("{0} and {1} are on different sides of the partition: the message can only be dropped")]
    Cut(String, String),
    #[error("{0} has no timer set")]
    NoTimer(String),
    #[error("{0} has no link to itself: its messages to itself never cross the network")]
    SelfLink(String),
    #[error("client requests to servers need the multi protocol; this cluster runs Basic Paxos")]
    NeedsMulti,
    #[error(transparent)]
    Value(#[from] paxos::ValueError),
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// An action of the laboratory in a build without it (feature "lab"): its session and
    /// scenarios never ask for one.
    #[cfg(not(feature = "lab"))]
    #[error("this build of the simulator leaves out partitions, links and the manual network")]
    Later,
}

/// A running simulation. Every method is deterministic given the scenario and seed.
#[derive(Clone, Debug)]
pub struct Simulation {
    /// Shared by every checkpoint of a run.
    plan: std::sync::Arc<Plan>,
    config: Config,
    rng: SimRng,
    now: Time,
    queue: EventQueue<Pending>,
    hosts: Vec<Host>,
    flights: SortedMap<u64, Flight>,
    next_id: u64,
    network: NetworkSpec,
    groups: Option<Vec<usize>>,
    /// Faults of single links, by (lower, higher) node.
    links: SortedMap<(NodeId, NodeId), Link>,
    checker: Checker,
    chosen: Option<Chosen>,
    violations: Vec<Violation>,
    record: bool,
    /// The lines after step `taken` (see [`Simulation::take_lines`]).
    trace: Vec<TraceLine>,
    /// Lines up to this step were handed out by [`Simulation::take_lines`] and are not kept.
    taken: u64,
    step: u64,
    stats: Stats,
    findings: Vec<Finding>,
}

impl Simulation {
    /// A simulation at time 0 with the scenario's events queued. `record`: keep the trace
    /// (fuzzing turns it off for speed; everything else is the same).
    pub fn new(plan: Plan, record: bool) -> Simulation {
        let config = plan.config;
        let hosts = config
            .all()
            .map(|id| Host {
                node: Node::new(id, config),
                up: true,
                disk: Durable::default(),
                timer: None,
                learned_at: None,
                rounds: 0,
            })
            .collect();
        let mut sim = Simulation {
            config,
            rng: SimRng::new(plan.seed),
            now: Time(0),
            queue: EventQueue::default(),
            hosts,
            flights: SortedMap::new(),
            next_id: 1,
            network: plan.network.clone(),
            groups: None,
            links: SortedMap::new(),
            checker: Checker::new(plan.names.clone()),
            chosen: None,
            violations: Vec::new(),
            record,
            trace: Vec::new(),
            taken: 0,
            step: 0,
            stats: Stats::default(),
            findings: Vec::new(),
            plan: std::sync::Arc::new(plan),
        };
        for i in 0..sim.plan.script.len() {
            let at = Time(sim.plan.script[i].0);
            sim.schedule(at, Pending::Script(i));
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
    pub fn hosts(&self) -> &[Host] {
        &self.hosts
    }
    pub fn flights(&self) -> impl Iterator<Item = &Flight> {
        self.flights.values()
    }
    pub fn network(&self) -> &NetworkSpec {
        &self.network
    }
    /// The links with a fault, each once, by (lower, higher) node.
    pub fn links(&self) -> &SortedMap<(NodeId, NodeId), Link> {
        &self.links
    }
    /// The group of each node while partitioned.
    pub fn groups(&self) -> Option<&[usize]> {
        self.groups.as_deref()
    }
    /// The id of the last message copy sent (0 before any).
    pub fn last_message_id(&self) -> u64 {
        self.next_id - 1
    }

    /// The safety checker, with every vote cast so far.
    pub fn checker(&self) -> &Checker {
        &self.checker
    }
    pub fn chosen(&self) -> Option<&Chosen> {
        self.chosen.as_ref()
    }
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
    pub fn stats(&self) -> &Stats {
        &self.stats
    }
    /// The number of the last trace line written (0 before any).
    pub fn step_number(&self) -> u64 {
        self.step
    }
    /// The trace lines kept (none when not recording): those written since the run began,
    /// or since the last [`Simulation::take_lines`] or [`Simulation::restore`].
    pub fn trace(&self) -> &[TraceLine] {
        &self.trace
    }

    /// The kept lines after step `step`, if every one of them is kept.
    pub fn lines_after(&self, step: u64) -> Option<&[TraceLine]> {
        let skip = step.checked_sub(self.taken)?;
        self.trace.get(skip as usize..)
    }

    /// About how many bytes a [`Simulation::checkpoint`] of this state holds (its size
    /// decides how often the session's timeline keeps one).
    pub fn approx_bytes(&self) -> usize {
        use std::mem::size_of;
        size_of::<Simulation>()
            // A host's proposer holds a promise per node.
            + self.hosts.len() * (size_of::<Host>() + 64 * self.hosts.len())
            + self.flights.len() * (size_of::<Flight>() + size_of::<(u64, u64)>())
            + self.queue.len() * 3 * size_of::<u64>()
            + self.links.len() * 4 * size_of::<u64>()
            + self.checker.approx_bytes()
            + self.violations.len() * 128
            + self.findings.len() * 64
    }

    /// Hands out the trace lines kept and keeps none: a long run streams its trace in
    /// constant memory.
    pub fn take_lines(&mut self) -> Vec<TraceLine> {
        self.taken = self.step;
        std::mem::take(&mut self.trace)
    }
    /// When the next queued event happens; `None` when nothing is left to happen.
    pub fn next_time(&self) -> Option<Time> {
        self.queue.next_time()
    }

    pub fn header(&self) -> TraceHeader {
        TraceHeader {
            format: TRACE_FORMAT.into(),
            version: TRACE_VERSION,
            protocol: self.plan.protocol.as_str().into(),
            nodes: self.plan.names.clone(),
            quorum: self.config.quorum,
            seed: self.plan.seed,
            broken: self.config.flaws.names().iter().map(|n| n.to_string()).collect(),
        }
    }

    /// The trace as paxos-trace v1 text: the lines kept (see [`Simulation::trace`]), which
    /// are all of them for a run that never handed any out or restored a checkpoint.
    pub fn trace_text(&self) -> String {
        crate::trace::render_lines(&self.header(), self.trace())
    }

    /// Looks a node up by name.
    pub fn node_id(&self, name: &str) -> Result<NodeId, ActionError> {
        match self.plan.names.iter().position(|n| n == name) {
            Some(i) => Ok(NodeId(i as u16)),
            None => Err(ActionError::UnknownNode { name: name.into(), all: self.plan.names.join(", ") }),
        }
    }

    // ---- Stepping -------------------------------------------------------------------

    /// Processes the next queued event. Returns false when nothing is left to happen.
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
                // A scripted event that no longer applies (crash of a node that is down,
                // say) changes nothing and writes nothing.
                let _ = self.apply(action);
            }
        }
        true
    }

    /// Moves the clock forward to `time` without processing anything (it never goes back).
    pub fn advance_clock(&mut self, time: Time) {
        self.now = self.now.max(time);
    }

    /// A copy of the whole state but the trace, for rewinding: cheap to keep many (the plan
    /// is shared).
    pub fn checkpoint(&mut self) -> Simulation {
        let trace = std::mem::take(&mut self.trace);
        let copy = self.clone();
        self.trace = trace;
        copy
    }

    /// Continues from `checkpoint`, an earlier or later state of this same run. It keeps
    /// no trace line: it writes them again from the checkpoint's step on.
    pub fn restore(&mut self, checkpoint: &Simulation) {
        *self = Simulation::resumed(checkpoint);
    }

    /// A copy of `checkpoint` that goes on from it, writing its trace lines from its step on.
    pub fn resumed(checkpoint: &Simulation) -> Simulation {
        let mut sim = checkpoint.clone();
        sim.trace.clear();
        sim.taken = sim.step;
        sim
    }

    /// Processes every event up to and including `time`, then moves the clock to `time`.
    pub fn run_until(&mut self, time: Time) {
        while self.next_time().is_some_and(|t| t <= time) {
            self.step();
        }
        self.now = self.now.max(time);
    }

    /// Runs until a value is chosen, nothing is left to happen, or the clock would pass
    /// `limit`. Returns whether a value is chosen.
    pub fn run_until_chosen(&mut self, limit: Time) -> bool {
        while self.chosen.is_none() && self.next_time().is_some_and(|t| t <= limit) {
            self.step();
        }
        self.chosen.is_some()
    }

    /// Runs until nothing is left to happen or the clock would pass `limit`.
    pub fn run_until_idle(&mut self, limit: Time) {
        while self.next_time().is_some_and(|t| t <= limit) {
            self.step();
        }
    }

    /// Runs the scenario to its `until`.
    pub fn run(&mut self) {
        self.run_until_idle(Time(self.plan.until));
    }

    // ---- Actions at the current time -------------------------------------------------

    /// A client hands `value` to `node`, now.
    pub fn propose(&mut self, node: NodeId, value: Value) -> Result<(), ActionError> {
        self.apply(Action::Propose { node, value })
    }
    pub fn crash(&mut self, node: NodeId) -> Result<(), ActionError> {
        self.apply(Action::Crash(node))
    }
    pub fn restart(&mut self, node: NodeId) -> Result<(), ActionError> {
        self.apply(Action::Restart(node))
    }
    /// Splits the network; nodes in no group form one more group together.
    #[cfg(feature = "lab")]
    pub fn partition(&mut self, groups: &[Vec<String>]) -> Result<(), ActionError> {
        let action = crate::scenario::partition_action(groups, &self.plan.names, "partition")?;
        self.apply(action)
    }
    #[cfg(feature = "lab")]
    pub fn heal(&mut self) -> Result<(), ActionError> {
        self.apply(Action::Heal)
    }
    /// New delay range, loss and duplication rates for messages sent from now on; a new
    /// mode applies at once to the messages in flight.
    pub fn set_network(&mut self, network: NetworkSpec) -> Result<(), ActionError> {
        self.apply(Action::SetNetwork(network))
    }

    /// Carries out an action now.
    pub fn apply(&mut self, action: Action) -> Result<(), ActionError> {
        match action {
            Action::Propose { node, value } => {
                if !self.hosts[node.index()].up {
                    return Err(ActionError::Down(self.name(node)));
                }
                self.record(TraceEvent::Propose { node: self.name(node), value: value.to_string() });
                self.checker.proposed(&value);
                let now = self.now;
                self.hosts[node.index()].node.propose(now, value);
                self.after_input(node);
            }
            Action::Crash(node) => {
                let host = &mut self.hosts[node.index()];
                if !host.up {
                    return Err(ActionError::AlreadyDown(self.name(node)));
                }
                host.up = false;
                if let Some((_, key)) = host.timer.take() {
                    self.queue.remove(&key);
                }
                self.record(TraceEvent::Crash { node: self.name(node) });
            }
            Action::Restart(node) => {
                let config = self.config;
                let host = &mut self.hosts[node.index()];
                if host.up {
                    return Err(ActionError::AlreadyUp(self.name(node)));
                }
                // 5. A restarted node has only what it persisted: the acceptor's promise
                //    and vote, its last round and what it learned.
                host.node = Node::restore(node, config, host.disk.clone());
                host.up = true;
                self.record(TraceEvent::Restart { node: self.name(node) });
                self.after_input(node);
            }
            Action::Client { .. } => return Err(ActionError::NeedsMulti),
            Action::Fire(node) => {
                let host = &self.hosts[node.index()];
                if !host.up {
                    return Err(ActionError::AlreadyDown(self.name(node)));
                }
                let Some((timer, key)) = host.timer else {
                    return Err(ActionError::NoTimer(self.name(node)));
                };
                self.queue.remove(&key);
                self.now = self.now.max(timer.at);
                self.wake(node);
            }
            Action::SetNetwork(network) => {
                check_network(&network, "network")?;
                #[cfg(feature = "lab")]
                let (was, now) = (self.network.mode, network.mode);
                self.network = network;
                #[cfg(feature = "lab")]
                match (was, now) {
                    (NetworkMode::Auto, NetworkMode::Manual) => self.hold_flights(),
                    (NetworkMode::Manual, NetworkMode::Auto) => self.release_flights(),
                    _ => {}
                }
            }
            #[cfg(feature = "lab")]
            other => self.apply_lab(other)?,
            #[cfg(not(feature = "lab"))]
            _ => return Err(ActionError::Later),
        }
        Ok(())
    }

    /// The laboratory's actions: partitions, links, and the manual network's moves.
    #[cfg(feature = "lab")]
    fn apply_lab(&mut self, action: Action) -> Result<(), ActionError> {
        match action {
            Action::Partition(groups) => {
                let mut of = vec![0; self.hosts.len()];
                for (g, group) in groups.iter().enumerate() {
                    for id in group {
                        of[id.index()] = g;
                    }
                }
                self.groups = Some(of);
                let groups = groups.iter().map(|g| g.iter().map(|&id| self.name(id)).collect()).collect();
                self.record(TraceEvent::Partition { groups });
            }
            Action::Heal => {
                self.groups = None;
                self.record(TraceEvent::Heal {});
            }
            Action::Deliver(pick) => {
                let id = self.resolve(pick)?;
                let f = &self.flights[&id];
                if !self.hosts[f.to.index()].up {
                    return Err(ActionError::ReceiverDown(self.name(f.to)));
                }
                if self.is_cut(f.from, f.to) {
                    return Err(ActionError::Cut(self.name(f.from), self.name(f.to)));
                }
                let f = self.take_flight(id);
                self.deliver(f);
            }
            Action::Drop(pick) => {
                let id = self.resolve(pick)?;
                self.take_flight(id);
                self.stats.dropped += 1;
                self.record(TraceEvent::Drop { id });
            }
            Action::Duplicate(pick) => {
                let id = self.resolve(pick)?;
                self.copy_flight(id);
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
            }
            _ => unreachable!("apply() carries out the others"),
        }
        Ok(())
    }

    /// The id of the message `pick` means, if it is in flight.
    pub fn resolve(&self, pick: Pick) -> Result<u64, ActionError> {
        match pick {
            Pick::Id(id) if self.flights.contains_key(&id) => Ok(id),
            Pick::Id(id) => Err(ActionError::NotInFlight(id)),
            Pick::Oldest { from, to, kind, ballot } => self
                .flights
                .values()
                .find(|f| {
                    f.from == from
                        && f.to == to
                        && kind.is_none_or(|k| MsgKind::of(&f.msg) == k)
                        && ballot.is_none_or(|b| MsgKind::ballot_of(&f.msg) == Some(b))
                })
                .map(|f| f.id)
                .ok_or_else(|| {
                    let what = kind.map_or("message", MsgKind::name);
                    ActionError::NoMatch(format!("{what} from {} to {}", self.name(from), self.name(to)))
                }),
        }
    }

    // ---- Inside -----------------------------------------------------------------------

    fn name(&self, id: NodeId) -> String {
        self.plan.names[id.index()].clone()
    }

    fn schedule(&mut self, at: Time, what: Pending) -> (Time, u64) {
        self.queue.schedule(at, what)
    }

    fn record(&mut self, event: TraceEvent) {
        self.step += 1;
        if self.record {
            self.trace.push(TraceLine { step: self.step, time: self.now.0, event });
        }
    }

    /// A partition separates them, or their link is cut.
    fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        network::is_cut(self.groups.as_deref(), &self.links, from, to)
    }

    /// A scheduled arrival: the network lost it, a partition cuts it, the receiver is
    /// down, or it is delivered.
    fn arrive(&mut self, id: u64) {
        let Some(mut f) = self.flights.remove(&id) else {
            return;
        };
        f.key = None;
        if f.lost || self.is_cut(f.from, f.to) || !self.hosts[f.to.index()].up {
            self.stats.dropped += 1;
            self.record(TraceEvent::Drop { id });
            return;
        }
        self.deliver(f);
    }

    fn deliver(&mut self, f: Flight) {
        self.stats.delivered += 1;
        self.record(TraceEvent::Deliver { id: f.id });
        let now = self.now;
        self.hosts[f.to.index()].node.handle_message(now, f.from, f.msg);
        self.after_input(f.to);
    }

    /// Removes a message from flight and its arrival from the queue.
    #[cfg(feature = "lab")]
    fn take_flight(&mut self, id: u64) -> Flight {
        let f = self.flights.remove(&id).expect("resolved ids are in flight");
        if let Some(key) = f.key {
            self.queue.remove(&key);
        }
        f
    }

    fn wake(&mut self, id: NodeId) {
        let host = &mut self.hosts[id.index()];
        host.timer = None;
        if !host.up {
            return;
        }
        self.record(TraceEvent::Timeout { node: self.name(id) });
        let now = self.now;
        self.hosts[id.index()].node.handle_timeout(now);
        self.after_input(id);
    }

    /// Carries out everything node `id` asked for, checks safety, re-arms its timer.
    fn after_input(&mut self, id: NodeId) {
        while let Some(out) = self.hosts[id.index()].node.poll_output() {
            match out {
                Output::Send { to, msg } => self.send(id, to, msg),
                Output::Persist(durable) => {
                    let host = &mut self.hosts[id.index()];
                    if durable.last_round > host.disk.last_round {
                        host.rounds += 1;
                    }
                    host.disk = durable;
                }
                Output::Learned { slot, value } => {
                    self.hosts[id.index()].learned_at = Some(self.now);
                    self.record(TraceEvent::Learn {
                        node: self.name(id),
                        slot: slot.0,
                        value: value.to_string(),
                    });
                    let mut findings = std::mem::take(&mut self.findings);
                    self.checker.observe_learn(id, &value, &mut findings);
                    self.report(&mut findings);
                    self.findings = findings;
                }
            }
        }
        let mut findings = std::mem::take(&mut self.findings);
        self.checker.observe_acceptor(id, self.hosts[id.index()].node.acceptor(), &mut findings);
        self.report(&mut findings);
        self.findings = findings;
        self.arm_timer(id);
    }

    fn report(&mut self, findings: &mut Vec<Finding>) {
        for f in findings.drain(..) {
            match f {
                Finding::Chosen { ballot, value } => {
                    let namer = Namer(&self.plan.names);
                    let ballot_w = namer.ballot(ballot);
                    self.record(TraceEvent::Chosen { slot: 0, value: value.to_string(), ballot: ballot_w });
                    self.chosen = Some(Chosen { ballot, value, time: self.now, step: self.step });
                }
                Finding::Violation { property, detail } => {
                    self.record(TraceEvent::Violation {
                        property: property.name().into(),
                        detail: detail.clone(),
                    });
                    self.violations.push(Violation { property, detail, time: self.now, step: self.step });
                }
            }
        }
    }

    fn arm_timer(&mut self, id: NodeId) {
        let wanted = self.hosts[id.index()].node.poll_timeout();
        let current = self.hosts[id.index()].timer.map(|(t, _)| t);
        if wanted == current {
            return;
        }
        if let Some((_, key)) = self.hosts[id.index()].timer.take() {
            self.queue.remove(&key);
        }
        if let Some(t) = wanted {
            // The node asked for a moment in [at, at + jitter]: the simulator draws it.
            let jitter = if t.jitter > 0 { self.rng.between(0, t.jitter) } else { 0 };
            let at = t.at.plus(jitter).max(self.now);
            let key = self.schedule(at, Pending::Wake(id));
            self.hosts[id.index()].timer = Some((t, key));
        }
    }

    fn send(&mut self, from: NodeId, to: NodeId, msg: Message) {
        let id = self.next_id;
        self.next_id += 1;
        self.stats.sent += 1;
        if self.record {
            let namer = Namer(&self.plan.names);
            let event =
                TraceEvent::Send { id, from: namer.node(from), to: namer.node(to), msg: namer.msg(&msg) };
            self.record(event);
        } else {
            self.step += 1;
        }
        let flight = Flight {
            id,
            from,
            to,
            msg,
            sent_at: self.now,
            arrives_at: None,
            lost: false,
            copy_of: None,
            key: None,
        };
        // 6. A node's messages to itself do not cross the network: no delay, never lost,
        //    never duplicated, never held in manual mode. Every other copy draws, in this
        //    order: delay, loss (when the drop rate is above 0), duplication (when the
        //    duplicate rate is above 0), and for a copy its own delay and loss.
        if from == to {
            self.launch(flight, Some((0, false)));
        } else if self.network.mode == NetworkMode::Manual {
            self.launch(flight, None);
        } else {
            let fate = self.draw_fate(from, to);
            let dup = self.network.duplicate > 0.0 && self.rng.chance(self.network.duplicate);
            self.launch(flight, Some(fate));
            if dup {
                self.copy_flight(id);
            }
        }
    }

    /// Puts a message in flight: scheduled with `(delay, lost)`, or waiting for a person.
    fn launch(&mut self, mut f: Flight, fate: Option<(u64, bool)>) {
        if let Some((delay, lost)) = fate {
            let at = self.now.plus(delay);
            f.arrives_at = Some(at);
            f.lost = lost;
            f.key = Some(self.schedule(at, Pending::Arrive(f.id)));
        }
        self.flights.insert(f.id, f);
    }

    /// A second copy of message `id`, with its own id and fate.
    fn copy_flight(&mut self, id: u64) {
        let copy = self.next_id;
        self.next_id += 1;
        self.stats.duplicated += 1;
        self.record(TraceEvent::Duplicate { id, copy });
        let original = &self.flights[&id];
        let f = Flight {
            id: copy,
            from: original.from,
            to: original.to,
            msg: original.msg.clone(),
            sent_at: self.now,
            arrives_at: None,
            lost: false,
            copy_of: Some(id),
            key: None,
        };
        let fate = (self.network.mode == NetworkMode::Auto).then(|| self.draw_fate(f.from, f.to));
        self.launch(f, fate);
    }

    /// Manual mode begins: every message between two nodes now waits for a person.
    #[cfg(feature = "lab")]
    fn hold_flights(&mut self) {
        let held: Vec<u64> =
            self.flights.values().filter(|f| f.from != f.to && f.key.is_some()).map(|f| f.id).collect();
        for id in held {
            let f = self.flights.get_mut(&id).expect("listed above");
            if let Some(key) = f.key.take() {
                self.queue.remove(&key);
            }
            f.arrives_at = None;
            f.lost = false;
        }
    }

    /// Manual mode ends: waiting messages get a delay and a fate, in order of id.
    #[cfg(feature = "lab")]
    fn release_flights(&mut self) {
        let waiting: Vec<u64> = self.flights.values().filter(|f| f.key.is_none()).map(|f| f.id).collect();
        for id in waiting {
            let f = self.flights.remove(&id).expect("listed above");
            let fate = self.draw_fate(f.from, f.to);
            self.launch(f, Some(fate));
        }
    }

    fn draw_fate(&mut self, from: NodeId, to: NodeId) -> (u64, bool) {
        network::draw_fate(&mut self.rng, &self.network, &self.links, from, to)
    }
}
