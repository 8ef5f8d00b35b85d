//! The deterministic world every protocol runs in: virtual time, one seeded RNG, an event
//! queue ordered by (time, seq), a network that delays, loses and duplicates message copies
//! (or holds them for a person), partitions and link faults, crashes and restarts with
//! durable state, timers with drawn jitter, and the trace.
//!
//! A [`World`] drives nodes through [`paxos::Protocol`] and knows nothing else of them. A
//! protocol's [`Rules`] add what is its own: how a plan configures it, how its messages are
//! written in the trace, the person's and the script's actions, and what its events mean
//! (the live safety checker runs there, after every step).
//!
//! - `queue`: the event queue.
//! - `fate`: a message copy's drawn delay and loss, cuts and link keys.
//! - `net`: message copies in flight, sent, delivered, dropped, duplicated, held.
//! - `hosts`: inputs to a node, its effects carried out, its timer, crash and restart.

mod fate;
mod hosts;
mod net;
mod queue;

use std::fmt::Debug;
use std::sync::Arc;

use paxos::{NodeId, Protocol, Time, Timer};

pub use net::Flight;

use crate::json::write::ToJson;
use crate::rng::SimRng;
use crate::scenario::{Action, Link, NetworkSpec, Plan, ScenarioError};
use crate::sorted::SortedMap;
use crate::trace::{TraceEvent, TraceHeader, TraceLine, WireQuorums, TRACE_FORMAT, TRACE_VERSION};
use queue::EventQueue;

/// What a protocol adds to the world. Its hooks are associated functions given the whole
/// world, so they can record, send and reach their own state (`world.rules`).
pub trait Rules: Clone + Debug + Sized {
    type P: Protocol;
    /// What the rules keep per host besides its node and disk.
    type Host: Clone + Debug;
    /// A message as the trace writes it.
    type Wire: Clone + Debug + ToJson;
    /// A learned or chosen value as the trace writes it.
    type Value: Clone + Debug + ToJson;

    /// The nodes' configuration in `plan`.
    fn config(plan: &Plan) -> <Self::P as Protocol>::Config;
    /// The rules' state for a new run of `plan`.
    fn new(plan: &Plan) -> Self;
    /// What the rules keep for a new host.
    fn host() -> Self::Host;
    /// The trace header's quorum, broken variants and Flexible Paxos's quorums.
    fn header(config: &<Self::P as Protocol>::Config) -> (u16, Vec<String>, Option<WireQuorums>);
    /// `msg` as the trace writes it.
    fn wire(names: &[String], msg: &<Self::P as Protocol>::Message) -> Self::Wire;
    /// What a scenario's selector can tell of `msg` (its kind, ballot and slot).
    fn facts(msg: &<Self::P as Protocol>::Message) -> crate::scenario::MsgFacts;

    /// About how many bytes the rules' own state holds, for a cluster of `nodes` (see
    /// [`World::approx_bytes`]).
    fn approx_bytes(&self, nodes: usize) -> usize;

    /// Called once, after the script is queued, before anything happens.
    fn started(_world: &mut World<Self>) {}
    /// Carries out a scripted event or a person's action, now.
    fn apply(world: &mut World<Self>, action: Action) -> Result<(), ActionError>;
    /// Node `id` asks for `write`, before the world writes it to the node's disk.
    fn persist(_world: &mut World<Self>, _id: NodeId, _write: &<Self::P as Protocol>::Write) {}
    /// Node `id` tells the world `event`.
    fn event(world: &mut World<Self>, id: NodeId, event: <Self::P as Protocol>::Event);
    /// Node `id` has no effect left of its last input; its timer is armed next.
    fn settled(_world: &mut World<Self>, _id: NodeId) {}
    /// A cluster that is never idle (leaders send heartbeats) runs a plan to its `until`,
    /// clock included; any other stops at its last event.
    const NEVER_IDLE: bool = false;

    /// Whether the node's timer firing is written as a `timeout` line.
    fn timeout_written(_node: &Self::P) -> bool {
        true
    }
    /// Node `id` just crashed (its timer is gone already).
    fn crashed(_world: &mut World<Self>, _id: NodeId) {}
    /// Node `id` is up again, rebuilt from its disk; its first effects come next.
    fn restarted(_world: &mut World<Self>, _id: NodeId) {}
}

/// What waits in the event queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pending {
    /// A message copy reaches its receiver (or is lost).
    Arrive(u64),
    /// A node's timer fires.
    Wake(NodeId),
    /// A scripted event of the scenario.
    Script(usize),
}

/// One node as the world holds it: the protocol's state machine, whether it runs, its disk,
/// its timer, and what the protocol's rules keep beside it.
#[derive(Clone, Debug)]
pub struct Host<P: Protocol, E> {
    pub node: P,
    pub up: bool,
    pub disk: P::Disk,
    timer: Option<(Timer, queue::Key)>,
    pub extra: E,
}

impl<P: Protocol, E> Host<P, E> {
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
    /// A request in a session that cannot be sent now: why, for the person.
    #[error("{0}")]
    Session(String),
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

/// A running world. Every method is deterministic given the plan and its seed.
#[derive(Clone, Debug)]
pub struct World<R: Rules> {
    /// Shared by every checkpoint of a run.
    pub(crate) plan: Arc<Plan>,
    pub(crate) config: <R::P as Protocol>::Config,
    pub(crate) rng: SimRng,
    pub(crate) now: Time,
    queue: EventQueue<Pending>,
    pub(crate) hosts: Vec<Host<R::P, R::Host>>,
    pub(crate) flights: SortedMap<u64, Flight<<R::P as Protocol>::Message>>,
    next_id: u64,
    pub(crate) network: NetworkSpec,
    pub(crate) groups: Option<Vec<usize>>,
    /// Faults of single links, by (lower, higher) node.
    pub(crate) links: SortedMap<(NodeId, NodeId), Link>,
    record: bool,
    /// The lines after step `taken` (see [`World::take_lines`]).
    trace: Vec<TraceLine<R::Wire, R::Value>>,
    /// Lines up to this step were handed out by [`World::take_lines`] and are not kept.
    taken: u64,
    step: u64,
    pub(crate) stats: Stats,
    /// The protocol's own state: its checker, what it found, its clients.
    pub(crate) rules: R,
}

impl<R: Rules> World<R> {
    /// A world at time 0 with the plan's events queued. `record`: keep the trace (fuzzing
    /// turns it off for speed; everything else is the same).
    pub fn new(plan: Plan, record: bool) -> World<R> {
        let config = R::config(&plan);
        World::with_config(plan, config, record)
    }

    /// [`World::new`] with the nodes' configuration given rather than read from the plan
    /// (a student's nodes are configured with the program that answers for them).
    pub fn with_config(plan: Plan, config: <R::P as Protocol>::Config, record: bool) -> World<R> {
        let hosts = (0..plan.names.len() as u16)
            .map(|i| Host {
                node: R::P::start(NodeId(i), &config, Time(0)),
                up: true,
                disk: Default::default(),
                timer: None,
                extra: R::host(),
            })
            .collect();
        let mut world = World {
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
            record,
            trace: Vec::new(),
            taken: 0,
            step: 0,
            stats: Stats::default(),
            rules: R::new(&plan),
            plan: Arc::new(plan),
        };
        for i in 0..world.plan.script.len() {
            let at = Time(world.plan.script[i].0);
            world.queue.schedule(at, Pending::Script(i));
        }
        R::started(&mut world);
        world
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }
    pub fn names(&self) -> &[String] {
        &self.plan.names
    }
    pub fn config(&self) -> &<R::P as Protocol>::Config {
        &self.config
    }
    pub fn now(&self) -> Time {
        self.now
    }
    pub fn hosts(&self) -> &[Host<R::P, R::Host>] {
        &self.hosts
    }
    pub fn network(&self) -> &NetworkSpec {
        &self.network
    }
    /// The links with a fault, each once, by (lower, higher) node.
    pub fn links(&self) -> &SortedMap<(NodeId, NodeId), Link> {
        &self.links
    }
    /// The partition's groups by name, as the views show them (None: not split).
    pub fn group_views(&self) -> Option<Vec<Vec<String>>> {
        let of = self.groups()?;
        let count = of.iter().max().map_or(0, |m| m + 1);
        Some(
            (0..count)
                .map(|g| (0..of.len()).filter(|&i| of[i] == g).map(|i| self.names()[i].clone()).collect())
                .collect(),
        )
    }
    /// The links with a fault, as the views show them (nodes by name).
    pub fn link_views(&self) -> Vec<crate::snapshot::LinkView> {
        let n = crate::trace::Namer(self.names());
        self.links
            .iter()
            .map(|(&(a, b), l)| crate::snapshot::LinkView {
                between: [n.node(a), n.node(b)],
                cut: l.cut,
                extra: l.extra,
            })
            .collect()
    }
    /// The group of each node while partitioned.
    pub fn groups(&self) -> Option<&[usize]> {
        self.groups.as_deref()
    }
    pub fn stats(&self) -> &Stats {
        &self.stats
    }
    /// The number of the last trace line written (0 before any).
    pub fn step_number(&self) -> u64 {
        self.step
    }
    /// When the next queued event happens; `None` when nothing is left to happen.
    pub fn next_time(&self) -> Option<Time> {
        self.queue.next_time()
    }
    /// Looks a node up by name.
    pub fn node_id(&self, name: &str) -> Result<NodeId, ActionError> {
        match self.plan.names.iter().position(|n| n == name) {
            Some(i) => Ok(NodeId(i as u16)),
            None => Err(ActionError::UnknownNode { name: name.into(), all: self.plan.names.join(", ") }),
        }
    }

    pub(crate) fn name(&self, id: NodeId) -> String {
        self.plan.names[id.index()].clone()
    }

    // ---- The trace ---------------------------------------------------------------------

    pub fn header(&self) -> TraceHeader {
        let (quorum, broken, quorums) = R::header(&self.config);
        TraceHeader {
            format: TRACE_FORMAT.into(),
            version: TRACE_VERSION,
            protocol: self.plan.protocol.as_str().into(),
            nodes: self.plan.names.clone(),
            quorum,
            seed: self.plan.seed,
            broken,
            quorums,
        }
    }

    /// The trace lines kept (none when not recording): those written since the run began,
    /// or since the last [`World::take_lines`] or [`World::restore`].
    pub fn trace(&self) -> &[TraceLine<R::Wire, R::Value>] {
        &self.trace
    }

    /// The kept lines after step `step`, if every one of them is kept.
    pub fn lines_after(&self, step: u64) -> Option<&[TraceLine<R::Wire, R::Value>]> {
        let skip = step.checked_sub(self.taken)?;
        self.trace.get(skip as usize..)
    }

    /// Hands out the trace lines kept and keeps none: a long run streams its trace in
    /// constant memory.
    pub fn take_lines(&mut self) -> Vec<TraceLine<R::Wire, R::Value>> {
        self.taken = self.step;
        std::mem::take(&mut self.trace)
    }

    /// The trace as paxos-trace v1 text: the lines kept (see [`World::trace`]), which are
    /// all of them for a run that never handed any out or restored a checkpoint.
    pub fn trace_text(&self) -> String {
        crate::trace::render_lines(&self.header(), self.trace())
    }

    /// Writes one line at the current time.
    pub(crate) fn record(&mut self, event: TraceEvent<R::Wire, R::Value>) {
        self.step += 1;
        if self.record {
            self.trace.push(TraceLine { step: self.step, time: self.now.0, event });
        }
    }

    /// Counts a line without writing it (a send while not recording).
    fn record_nothing(&mut self) {
        self.step += 1;
    }

    /// Whether trace lines are kept.
    pub(crate) fn recording(&self) -> bool {
        self.record
    }

    // ---- Time --------------------------------------------------------------------------

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
                let _ = R::apply(self, action);
            }
        }
        true
    }

    /// Carries out an action now.
    pub fn apply(&mut self, action: Action) -> Result<(), ActionError> {
        R::apply(self, action)
    }

    /// Moves the clock forward to `time` without processing anything (it never goes back).
    pub fn advance_clock(&mut self, time: Time) {
        self.now = self.now.max(time);
    }

    /// Processes every event up to and including `time`, then moves the clock to `time`.
    pub fn run_until(&mut self, time: Time) {
        self.run_until_idle(time);
        self.now = self.now.max(time);
    }

    /// Runs until nothing is left to happen or the clock would pass `limit`.
    pub fn run_until_idle(&mut self, limit: Time) {
        while self.next_time().is_some_and(|t| t <= limit) {
            self.step();
        }
    }

    /// Runs the plan to its `until`.
    pub fn run(&mut self) {
        let until = Time(self.plan.until);
        if R::NEVER_IDLE {
            self.run_until(until);
        } else {
            self.run_until_idle(until);
        }
    }

    // ---- Checkpoints -------------------------------------------------------------------

    /// About how many bytes a [`World::checkpoint`] of this state holds (its size decides
    /// how often a timeline keeps one).
    pub fn approx_bytes(&self) -> usize {
        use std::mem::size_of;
        size_of::<World<R>>()
            + self.hosts.len() * size_of::<Host<R::P, R::Host>>()
            + self.flights.len()
                * (size_of::<Flight<<R::P as Protocol>::Message>>() + size_of::<(u64, u64)>())
            + self.queue.len() * 3 * size_of::<u64>()
            + self.links.len() * 4 * size_of::<u64>()
            + self.rules.approx_bytes(self.hosts.len())
    }

    /// A copy of the whole state but the trace, for rewinding: cheap to keep many (the plan
    /// is shared).
    pub fn checkpoint(&mut self) -> World<R> {
        let trace = std::mem::take(&mut self.trace);
        let copy = self.clone();
        self.trace = trace;
        copy
    }

    /// Continues from `checkpoint`, an earlier or later state of this same run. It keeps
    /// no trace line: it writes them again from the checkpoint's step on.
    pub fn restore(&mut self, checkpoint: &World<R>) {
        *self = World::resumed(checkpoint);
    }

    /// A copy of `checkpoint` that goes on from it, writing its trace lines from its step on.
    pub fn resumed(checkpoint: &World<R>) -> World<R> {
        let mut world = checkpoint.clone();
        world.trace.clear();
        world.taken = world.step;
        world
    }
}
