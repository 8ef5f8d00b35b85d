//! A node of the node protocol as a [`Protocol`]: every input is one request to its
//! program, every reply the node's effects, in the order the protocol promises (the disk
//! written before any send leaves).

use std::collections::VecDeque;
use std::sync::Arc;

use paxos::{Acceptor, Effect, Message, NodeId, Protocol, Time, Timer, Value, Vote};

use super::runner::Runner;
use super::wire::{self, Input};
use crate::checker::{Checker, Told};
use crate::scenario::Plan;
use crate::snapshot::{NodeStateView, NodeView, ProposerView};
use crate::trace::Namer;
use crate::trace::WireQuorums;
use crate::Senator;

/// A JSON value a node returned, as compact text (`null` before it returned any).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonText(pub String);

impl Default for JsonText {
    fn default() -> JsonText {
        JsonText("null".into())
    }
}

/// The cluster's names and the runner that asks the nodes' program.
#[derive(Clone, Debug)]
pub struct ExternalConfig {
    pub names: Arc<[String]>,
    pub runner: Runner,
}

/// A node's whole state between inputs, exactly.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExternalParts {
    /// What it last returned as `disk`: what survives a crash.
    pub disk: JsonText,
    /// What it last returned as `memory` (`null` after a start).
    pub memory: JsonText,
    /// The timer of its last reply.
    pub timer: Option<Timer>,
    /// What its replies say it learned.
    pub learned: Option<Value>,
    /// The highest round of a ballot of its own it sent a prepare or accept for, since it
    /// (re)started: what a model checker bounds.
    pub round: u64,
}

/// A node whose program answers the node protocol.
#[derive(Clone, Debug)]
pub struct External {
    id: NodeId,
    config: ExternalConfig,
    parts: ExternalParts,
    outputs: VecDeque<Effect<Message, JsonText, Told>>,
}

impl External {
    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn state(&self) -> &ExternalParts {
        &self.parts
    }

    /// Asks the program for its reply to `input` and queues what the reply asks for. A
    /// reply that breaks the protocol changes nothing but the runner's fault, and clears the
    /// timer: the driver stops at the fault.
    fn ask(&mut self, now: Time, input: Input) {
        let names = &self.config.names;
        let request = wire::request(self.id, names, now, &self.parts, &input);
        let Some(reply) = self.config.runner.ask(request, names) else {
            self.parts.timer = None;
            return;
        };
        if reply.disk != self.parts.disk {
            self.outputs.push_back(Effect::Persist(reply.disk.clone()));
            self.parts.disk = reply.disk;
        }
        self.parts.memory = reply.memory;
        for (to, msg) in reply.send {
            match &msg {
                Message::Promise { ballot, .. } => {
                    self.outputs.push_back(Effect::Event(Told::Promised(*ballot)))
                }
                Message::Accepted { ballot, value } => self
                    .outputs
                    .push_back(Effect::Event(Told::Voted(Vote { ballot: *ballot, value: value.clone() }))),
                Message::Prepare { ballot } | Message::Accept { ballot, .. } if ballot.node == self.id => {
                    self.parts.round = self.parts.round.max(ballot.round);
                }
                _ => {}
            }
            self.outputs.push_back(Effect::Send { to, msg });
        }
        if let Some(value) = &reply.learned {
            if self.parts.learned.as_ref() != Some(value) {
                self.outputs.push_back(Effect::Event(Told::Learned(value.clone())));
            }
        }
        self.parts.learned = reply.learned;
        self.parts.timer = reply.timer.map(|(after, jitter)| Timer { at: now.plus(after), jitter });
    }
}

impl Protocol for External {
    type Config = ExternalConfig;
    type Message = Message;
    type Request = Value;
    type Write = JsonText;
    type Disk = JsonText;
    type Event = Told;
    type Parts = ExternalParts;

    /// The node starts with `disk` and an empty memory, and is asked `start` at once.
    fn restart(id: NodeId, config: &ExternalConfig, disk: &JsonText, now: Time) -> External {
        let parts = ExternalParts {
            disk: disk.clone(),
            memory: JsonText::default(),
            timer: None,
            learned: None,
            round: 0,
        };
        let mut node = External { id, config: config.clone(), parts, outputs: VecDeque::new() };
        node.ask(now, Input::Start);
        node
    }
    /// A node's write is its whole disk.
    fn write(disk: &mut JsonText, write: JsonText) {
        *disk = write;
    }
    fn request(&mut self, now: Time, value: Value) {
        self.ask(now, Input::Propose(value));
    }
    fn receive(&mut self, now: Time, from: NodeId, msg: Message) {
        self.ask(now, Input::Receive { from, msg });
    }
    fn timeout(&mut self, now: Time) {
        self.ask(now, Input::Timeout);
    }
    fn poll_output(&mut self) -> Option<Effect<Message, JsonText, Told>> {
        self.outputs.pop_front()
    }
    fn poll_timeout(&self) -> Option<Timer> {
        self.parts.timer
    }
    fn parts(&self) -> ExternalParts {
        self.parts.clone()
    }
    fn from_parts(id: NodeId, config: &ExternalConfig, parts: ExternalParts) -> External {
        External { id, config: config.clone(), parts, outputs: VecDeque::new() }
    }
    fn timeless(parts: &mut ExternalParts) {
        if let Some(t) = &mut parts.timer {
            t.at = Time(0);
        }
    }
    fn last_round(&self) -> u64 {
        self.parts.round
    }
}

impl Senator for External {
    /// Its reply to `start` may send, persist and set a timer.
    const STARTS_WITH_EFFECTS: bool = true;
    /// The plan's names, and a runner with no program: a driver builds its world with
    /// [`crate::world::World::with_config`] and its own runner.
    fn config(plan: &Plan) -> ExternalConfig {
        ExternalConfig { names: plan.names.clone().into(), runner: Runner::none() }
    }
    /// A majority: what the checker judges "chosen" by (the node picks its own quorums).
    fn chosen_at(plan: &Plan) -> u16 {
        paxos::Config::majority(plan.names.len() as u16)
    }
    /// A majority, as [`Senator::chosen_at`].
    fn header(config: &ExternalConfig) -> (u16, Vec<String>, Option<WireQuorums>) {
        (paxos::Config::majority(config.names.len() as u16), Vec::new(), None)
    }
    fn told(told: Told) -> Told {
        told
    }
    /// Its notebook is its own: the checker judges what it says.
    fn acceptor(&self) -> Option<&Acceptor> {
        None
    }
    /// Its notebook as it said it (its promises and accepteds), its learned value, its
    /// highest ballot, its timer and its state; what its proposer holds is its own.
    fn view(host: &crate::world::Host<External, crate::Counts>, n: &Namer, checker: &Checker) -> NodeView {
        let node = &host.node;
        let (promised, vote) = checker.said(node.id);
        let round = node.parts.round;
        NodeView {
            name: n.node(node.id),
            up: host.up,
            promised: promised.map(|b| n.ballot(b)),
            accepted: vote.map(|v| n.vote(v)),
            learned: node.parts.learned.as_ref().map(|v| v.to_string()),
            learned_at: host.extra.learned_at.map(|t| t.0),
            proposer: ProposerView {
                phase: "idle",
                ballot: (round > 0).then(|| n.ballot(paxos::Ballot::new(round, node.id))),
                value: None,
                proposal: None,
                promises: Vec::new(),
                accepteds: Vec::new(),
                rounds: host.extra.rounds,
                last_round: round,
                timer: host.wakes_at().map(|t| t.0),
            },
            state: Some(NodeStateView {
                disk: node.parts.disk.0.clone(),
                memory: node.parts.memory.0.clone(),
            }),
        }
    }
    /// Its disk is its own to lay out: the rounds it started are not counted.
    fn new_round(_: &JsonText, _: &JsonText) -> bool {
        false
    }
}
