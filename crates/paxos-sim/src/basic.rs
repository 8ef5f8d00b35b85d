//! Basic Paxos in the world: a plan's configuration and flaws, the person's and the script's
//! actions, the safety checker after every step, and the value chosen. The nodes are the
//! project's own [`Node`]s or any other [`Senator`] (a student's, [`crate::external`]).

use paxos::{Acceptor, Config, Learned, Message, Node, NodeId, Protocol, Time, Value};

use crate::checker::{Checker, Finding, Property, Told};
use crate::scenario::{Action, MsgFacts, MsgKind, NetworkSpec, Plan};
use crate::snapshot::NodeView;
use crate::trace::{Namer, TraceEvent, WireMsg, WireQuorums};
use crate::world::{ActionError, Rules, World};

/// A running Basic Paxos simulation. Every method is deterministic given the scenario and
/// seed.
pub type Simulation = World<Basic>;
/// A Basic Paxos node as the simulator holds it.
pub type Host = crate::world::Host<Node, Counts>;
/// A Basic Paxos message copy on its way.
pub type Flight = crate::world::Flight<Message>;

/// What the simulator counts of one node, for the person.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    pub learned_at: Option<Time>,
    /// Ballots this node has started, over its whole life.
    pub rounds: u32,
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

/// A node that speaks Basic Paxos's messages and takes values from clients: what the world's
/// Basic Paxos rules need of it beyond [`Protocol`].
pub trait Senator: Protocol<Message = Message, Request = Value> {
    /// Whether a node may have effects as it starts (before any input).
    const STARTS_WITH_EFFECTS: bool;
    /// The nodes' configuration in `plan`.
    fn config(plan: &Plan) -> Self::Config;
    /// How many votes in one ballot choose a value in `plan`.
    fn chosen_at(plan: &Plan) -> u16;
    /// The trace header's quorum, broken variants and Flexible Paxos's quorums.
    fn header(config: &Self::Config) -> (u16, Vec<String>, Option<WireQuorums>);
    /// What the node's event tells the checker.
    fn told(event: Self::Event) -> Told;
    /// Its acceptor's notebook, if the checker can read it after every input (otherwise the
    /// checker judges what the node says: [`Told`]).
    fn acceptor(&self) -> Option<&Acceptor>;
    /// Whether `write` on `disk` records a ballot above every one this node started before.
    fn new_round(disk: &Self::Disk, write: &Self::Write) -> bool;
    /// What a person sees of the node on `host`; `checker` knows what it said.
    fn view(host: &crate::world::Host<Self, Counts>, namer: &Namer, checker: &Checker) -> NodeView;
}

impl Senator for Node {
    const STARTS_WITH_EFFECTS: bool = false;
    fn config(plan: &Plan) -> Config {
        plan.config
    }
    fn chosen_at(plan: &Plan) -> u16 {
        plan.config.chosen_at()
    }
    fn header(config: &Config) -> (u16, Vec<String>, Option<WireQuorums>) {
        let quorums =
            config.flexible.then_some(WireQuorums { prepare: config.quorum, accept: config.accept_quorum });
        (config.quorum, config.flaws.names().iter().map(|n| n.to_string()).collect(), quorums)
    }
    fn told(Learned { value, .. }: Learned) -> Told {
        Told::Learned(value)
    }
    fn acceptor(&self) -> Option<&Acceptor> {
        Some(Node::acceptor(self))
    }
    fn new_round(disk: &paxos::Durable, write: &paxos::Durable) -> bool {
        write.last_round > disk.last_round
    }
    fn view(host: &Host, namer: &Namer, _: &Checker) -> NodeView {
        crate::snapshot::own_view(host, namer)
    }
}

/// Basic Paxos's rules: its checker and what it found.
#[derive(Clone, Debug)]
pub struct Basic<P = Node> {
    checker: Checker,
    chosen: Option<Chosen>,
    violations: Vec<Violation>,
    findings: Vec<Finding>,
    nodes: std::marker::PhantomData<P>,
}

impl<P: Senator> Rules for Basic<P> {
    type P = P;
    type Host = Counts;
    type Wire = WireMsg;
    type Value = String;

    fn config(plan: &Plan) -> P::Config {
        P::config(plan)
    }
    fn new(plan: &Plan) -> Basic<P> {
        Basic {
            checker: Checker::new(plan.names.clone(), P::chosen_at(plan)),
            chosen: None,
            violations: Vec::new(),
            findings: Vec::new(),
            nodes: std::marker::PhantomData,
        }
    }
    fn host() -> Counts {
        Counts::default()
    }
    fn header(config: &P::Config) -> (u16, Vec<String>, Option<WireQuorums>) {
        P::header(config)
    }
    fn wire(names: &[String], msg: &Message) -> WireMsg {
        Namer(names).msg(msg)
    }
    fn facts(msg: &Message) -> MsgFacts {
        MsgFacts { kind: MsgKind::of(msg), ballot: MsgKind::ballot_of(msg), slot: None }
    }
    /// A host's proposer holds a promise per node; the checker holds every vote.
    fn approx_bytes(&self, nodes: usize) -> usize {
        nodes * 64 * nodes
            + self.checker.approx_bytes()
            + self.violations.len() * 128
            + self.findings.len() * 64
    }

    /// Every node's effects of its start are carried out (a student's node answers `start`;
    /// the project's own node has none, and its build leaves this out).
    fn started(w: &mut World<Basic<P>>) {
        if P::STARTS_WITH_EFFECTS {
            for i in 0..w.hosts.len() {
                w.after_input(NodeId(i as u16));
            }
        }
    }

    fn apply(w: &mut World<Basic<P>>, action: Action) -> Result<(), ActionError> {
        match action {
            Action::Propose { node, value } => {
                if !w.hosts[node.index()].up {
                    return Err(ActionError::Down(w.name(node)));
                }
                w.record(TraceEvent::Propose { node: w.name(node), value: value.to_string() });
                w.rules.checker.proposed(&value);
                w.request(node, value);
            }
            Action::Crash(node) => w.stop_node(node)?,
            // 5. A restarted node has only what it persisted: the acceptor's promise and
            //    vote, its last round and what it learned.
            Action::Restart(node) => w.start_node(node)?,
            #[cfg(feature = "multi")]
            Action::Client { .. } => return Err(ActionError::NeedsMulti),
            Action::SetNetwork(network) => w.change_network(network)?,
            Action::Fire(node) => w.fire(node)?,
            #[cfg(feature = "lab")]
            Action::Partition(groups) => w.split(groups),
            #[cfg(feature = "lab")]
            Action::Heal => w.mend(),
            #[cfg(feature = "lab")]
            Action::Deliver(pick) => {
                let id = w.resolve(pick)?;
                w.deliver_now(id)?;
            }
            #[cfg(feature = "lab")]
            Action::Drop(pick) => {
                let id = w.resolve(pick)?;
                w.drop_now(id);
            }
            #[cfg(feature = "lab")]
            Action::Duplicate(pick) => {
                let id = w.resolve(pick)?;
                w.copy_flight(id);
            }
            #[cfg(feature = "lab")]
            Action::SetLink { a, b, link } => w.set_link(a, b, link)?,
            #[cfg(not(feature = "lab"))]
            _ => return Err(ActionError::Later),
        }
        Ok(())
    }

    fn persist(w: &mut World<Basic<P>>, id: NodeId, write: &P::Write) {
        let host = &mut w.hosts[id.index()];
        if P::new_round(&host.disk, write) {
            host.extra.rounds += 1;
        }
    }

    fn event(w: &mut World<Basic<P>>, id: NodeId, event: P::Event) {
        let mut findings = std::mem::take(&mut w.rules.findings);
        // The project's own node tells only what it learned: the rest is left out of its build.
        match P::told(event) {
            Told::Learned(value) => {
                w.hosts[id.index()].extra.learned_at = Some(w.now);
                w.record(TraceEvent::Learn { node: w.name(id), slot: 0, value: value.to_string() });
                w.rules.checker.observe_learn(id, &value, &mut findings);
            }
            told => w.rules.checker.observe_told(id, &told, &mut findings),
        }
        report(w, &mut findings);
        w.rules.findings = findings;
    }

    fn settled(w: &mut World<Basic<P>>, id: NodeId) {
        let Some(acceptor) = w.hosts[id.index()].node.acceptor() else { return };
        let mut findings = std::mem::take(&mut w.rules.findings);
        w.rules.checker.observe_acceptor(id, acceptor, &mut findings);
        report(w, &mut findings);
        w.rules.findings = findings;
    }
}

fn report<P: Senator>(w: &mut World<Basic<P>>, findings: &mut Vec<Finding>) {
    for f in findings.drain(..) {
        match f {
            Finding::Chosen { ballot, value } => {
                let ballot_w = Namer(&w.plan.names).ballot(ballot);
                w.record(TraceEvent::Chosen { slot: 0, value: value.to_string(), ballot: ballot_w });
                w.rules.chosen = Some(Chosen { ballot, value, time: w.now, step: w.step_number() });
            }
            Finding::Violation { property, detail } => {
                w.record(TraceEvent::Violation { property: property.name().into(), detail: detail.clone() });
                w.rules.violations.push(Violation { property, detail, time: w.now, step: w.step_number() });
            }
        }
    }
}

impl<P: Senator> World<Basic<P>> {
    /// The safety checker, with every vote cast so far.
    pub fn checker(&self) -> &Checker {
        &self.rules.checker
    }
    pub fn chosen(&self) -> Option<&Chosen> {
        self.rules.chosen.as_ref()
    }
    pub fn violations(&self) -> &[Violation] {
        &self.rules.violations
    }

    /// Runs until a value is chosen, nothing is left to happen, or the clock would pass
    /// `limit`. Returns whether a value is chosen.
    pub fn run_until_chosen(&mut self, limit: Time) -> bool {
        while self.rules.chosen.is_none() && self.next_time().is_some_and(|t| t <= limit) {
            self.step();
        }
        self.rules.chosen.is_some()
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
}
