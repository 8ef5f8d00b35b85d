//! A senator: proposer, acceptor and learner behind one sans-IO interface.
//!
//! Call order: feed one input (`propose`, `handle_message`, `handle_timeout`), then drain
//! `poll_output` until it returns `None`, carrying out each output in order (persist before
//! you send: a reply may depend on what was just written), then read `poll_timeout`.

use std::collections::VecDeque;

use crate::acceptor::Acceptor;
use crate::config::Config;
use crate::learner::Learner;
use crate::message::{Message, Vote};
use crate::proposer::{Proposer, ProposerParts, BASIC_SLOT};
use crate::protocol::{Effect, Protocol};
use crate::types::{Ballot, NodeId, Slot, Time, Value};

/// Something the node wants its driver to do: send, persist its whole [`Durable`] state
/// before the outputs after it, or tell that it [`Learned`] a value.
pub type Output = Effect<Message, Durable, Learned>;

/// When the node wants `handle_timeout`: at a moment the driver picks in
/// `[at, at + jitter]` (uniformly at random, for randomized backoff). A wake-up before
/// `at` is ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Timer {
    pub at: Time,
    pub jitter: u64,
}

/// Everything a node keeps across a crash: the acceptor's notebook, the proposer's last
/// round and what the learner learned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Durable {
    pub promised: Option<Ballot>,
    pub accepted: Option<Vote>,
    pub last_round: u64,
    pub learned: Option<Value>,
}

/// A node's whole state between inputs (no outputs waiting), field by field. A model
/// checker that keeps states compactly takes a node apart with [`Node::parts`] and builds it
/// again with [`Node::from_parts`]; the rebuilt node behaves exactly as the original.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NodeParts {
    pub promised: Option<Ballot>,
    pub accepted: Option<Vote>,
    pub learned: Option<Value>,
    pub proposer: ProposerParts,
}

/// One node of the cluster.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Node {
    id: NodeId,
    config: Config,
    acceptor: Acceptor,
    proposer: Proposer,
    learner: Learner,
    outputs: VecDeque<Output>,
}

impl Node {
    /// A node that has never run.
    pub fn new(id: NodeId, config: Config) -> Node {
        Node::restore(id, config, Durable::default())
    }

    /// A node restarting from what it persisted. Its proposer starts idle, with no memory of
    /// its client's value, but above every round it used before.
    pub fn restore(id: NodeId, config: Config, durable: Durable) -> Node {
        let mut proposer = Proposer::new(id, config, durable.last_round);
        proposer.observe_round(durable.promised.map_or(0, |b| b.round));
        let decided = durable.learned.is_some();
        let acceptor = if config.flaws.acceptor_amnesia {
            Acceptor::default() // the flaw: the notebook is lost with the crash
        } else {
            Acceptor::restore(durable.promised, durable.accepted)
        };
        let mut node = Node {
            id,
            config,
            acceptor,
            proposer,
            learner: Learner::restore(durable.learned),
            outputs: VecDeque::new(),
        };
        if decided {
            node.proposer.decided();
        }
        node
    }

    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn config(&self) -> &Config {
        &self.config
    }
    pub fn acceptor(&self) -> &Acceptor {
        &self.acceptor
    }
    pub fn proposer(&self) -> &Proposer {
        &self.proposer
    }
    pub fn learner(&self) -> &Learner {
        &self.learner
    }

    /// Runs the node under another configuration from now on, its state kept. For model
    /// checkers, which bound rounds by making every failed attempt wait for a timer.
    pub fn reconfigure(&mut self, config: Config) {
        self.config = config;
        self.proposer.reconfigure(config);
    }

    /// Its state, field by field. Call only with no output waiting (after draining
    /// [`Node::poll_output`]): outputs are not part of it.
    pub fn parts(&self) -> NodeParts {
        debug_assert!(self.outputs.is_empty(), "parts() with outputs waiting");
        NodeParts {
            promised: self.acceptor.promised(),
            accepted: self.acceptor.accepted().cloned(),
            learned: self.learner.learned().cloned(),
            proposer: self.proposer.parts(),
        }
    }

    /// Node `id` under `config`, in the state `parts` describe, with no output waiting.
    pub fn from_parts(id: NodeId, config: Config, parts: NodeParts) -> Node {
        Node {
            id,
            config,
            acceptor: Acceptor::restore(parts.promised, parts.accepted),
            proposer: Proposer::from_parts(id, config, parts.proposer),
            learner: Learner::restore(parts.learned),
            outputs: VecDeque::new(),
        }
    }

    /// What this node must keep across a crash.
    pub fn durable(&self) -> Durable {
        Durable {
            promised: self.acceptor.promised(),
            accepted: self.acceptor.accepted().cloned(),
            last_round: self.proposer.last_round(),
            learned: self.learner.learned().cloned(),
        }
    }

    /// A client hands `value` to this node, which proposes it (phase 1a).
    pub fn propose(&mut self, now: Time, value: Value) {
        self.input(|node, out| node.proposer.propose(now, value, out));
    }

    /// A message arrived from `from`.
    pub fn handle_message(&mut self, now: Time, from: NodeId, msg: Message) {
        self.input(|node, out| {
            if let Some(round) = msg.highest_round() {
                node.proposer.observe_round(round);
            }
            match msg {
                Message::Prepare { ballot } => {
                    let (reply, _) = node.acceptor.on_prepare(ballot, node.config.flaws);
                    out.push(Output::Send { to: from, msg: reply });
                }
                Message::Accept { ballot, value } => {
                    let (reply, _) = node.acceptor.on_accept(ballot, value, node.config.flaws);
                    out.push(Output::Send { to: from, msg: reply });
                }
                Message::Promise { ballot, accepted } => {
                    node.proposer.on_promise(now, from, ballot, accepted, out)
                }
                Message::Accepted { ballot, .. } => {
                    if let Some(value) = node.proposer.on_accepted(from, ballot) {
                        node.learn(value, true, out);
                    }
                }
                Message::Nack { ballot, promised } => node.proposer.on_nack(now, ballot, promised, out),
                Message::Decide { value } => node.learn(value, false, out),
            }
        });
    }

    /// The time asked for by [`Node::poll_timeout`] has come.
    pub fn handle_timeout(&mut self, now: Time) {
        self.input(|node, out| node.proposer.on_timeout(now, out));
    }

    /// The next thing to do, in order; `None` when there is nothing left.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// When the node next wants [`Node::handle_timeout`], if ever.
    pub fn poll_timeout(&self) -> Option<Timer> {
        self.proposer.timer()
    }

    fn learn(&mut self, value: Value, announce: bool, out: &mut Vec<Output>) {
        self.proposer.decided();
        if self.learner.learn(&value) {
            out.push(Output::Event(Learned { slot: BASIC_SLOT, value: value.clone() }));
        }
        if announce {
            for to in self.config.all().filter(|&to| to != self.id) {
                out.push(Output::Send { to, msg: Message::Decide { value: value.clone() } });
            }
        }
    }

    /// Runs one input and queues its outputs. If the durable state changed, `Persist` is
    /// queued first, ahead of every send and learn the input caused.
    fn input(&mut self, f: impl FnOnce(&mut Node, &mut Vec<Output>)) {
        let before = self.durable();
        let mut out = Vec::new();
        f(self, &mut out);
        let after = self.durable();
        // 4. Persist before anything leaves the node: a promise or an accepted that is sent
        //    and then forgotten in a crash would let two values be chosen.
        if after != before {
            self.outputs.push_back(Output::Persist(after));
        }
        self.outputs.extend(out);
    }
}

/// What a Basic Paxos node tells the world: it learned that `value` is chosen in `slot`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Learned {
    pub slot: Slot,
    pub value: Value,
}

/// Basic Paxos behind the common interface: its disk is the whole [`Durable`] state, written
/// at once.
impl Protocol for Node {
    type Config = Config;
    type Message = Message;
    type Request = Value;
    type Write = Durable;
    type Disk = Durable;
    type Event = Learned;
    type Parts = NodeParts;

    fn restart(id: NodeId, config: &Config, disk: &Durable, _now: Time) -> Node {
        Node::restore(id, *config, disk.clone())
    }
    fn write(disk: &mut Durable, write: Durable) {
        *disk = write;
    }
    fn request(&mut self, now: Time, value: Value) {
        self.propose(now, value);
    }
    fn receive(&mut self, now: Time, from: NodeId, msg: Message) {
        self.handle_message(now, from, msg);
    }
    fn timeout(&mut self, now: Time) {
        self.handle_timeout(now);
    }
    fn poll_output(&mut self) -> Option<Output> {
        Node::poll_output(self)
    }
    fn poll_timeout(&self) -> Option<Timer> {
        Node::poll_timeout(self)
    }
    fn parts(&self) -> NodeParts {
        Node::parts(self)
    }
    fn from_parts(id: NodeId, config: &Config, parts: NodeParts) -> Node {
        Node::from_parts(id, *config, parts)
    }
    fn timeless(parts: &mut NodeParts) {
        if let Some(timer) = &mut parts.proposer.timer {
            timer.at = Time(0);
        }
    }
    fn last_round(&self) -> u64 {
        self.proposer.last_round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Value {
        Value::new(s).unwrap()
    }
    fn drain(node: &mut Node) -> Vec<Output> {
        std::iter::from_fn(|| node.poll_output()).collect()
    }

    #[test]
    fn persist_comes_before_the_promise_it_guards() {
        let mut n = Node::new(NodeId(2), Config::new(3).unwrap());
        n.handle_message(Time(0), NodeId(0), Message::Prepare { ballot: Ballot::new(1, NodeId(0)) });
        let out = drain(&mut n);
        assert!(matches!(out[0], Output::Persist(Durable { promised: Some(_), .. })));
        assert!(matches!(out[1], Output::Send { to: NodeId(0), msg: Message::Promise { .. } }));
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn a_node_rebuilt_from_its_parts_is_the_same_node() {
        let mut n = Node::new(NodeId(0), Config::new(3).unwrap());
        n.propose(Time(0), v("x"));
        n.handle_message(
            Time(1),
            NodeId(1),
            Message::Promise { ballot: Ballot::new(1, NodeId(0)), accepted: None },
        );
        drain(&mut n);
        let again = Node::from_parts(NodeId(0), *n.config(), n.parts());
        assert_eq!(again, n);
        assert_eq!(again.proposer().promises().len(), 1);
    }

    #[test]
    fn restart_keeps_the_acceptor_and_the_last_round() {
        let mut n = Node::new(NodeId(0), Config::new(3).unwrap());
        n.propose(Time(0), v("x"));
        n.handle_message(Time(1), NodeId(1), Message::Prepare { ballot: Ballot::new(5, NodeId(1)) });
        let d = n.durable();
        let mut r = Node::restore(NodeId(0), Config::new(3).unwrap(), d.clone());
        assert_eq!(r.durable(), d);
        assert_eq!(r.proposer().phase(), crate::Phase::Idle, "volatile proposer state is gone");
        r.propose(Time(10), v("y"));
        assert_eq!(r.proposer().ballot(), Some(Ballot::new(6, NodeId(0))));
    }

    #[test]
    fn flaw_acceptor_amnesia_forgets_the_notebook_on_restart() {
        let mut config = Config::new(3).unwrap();
        config.flaws.acceptor_amnesia = true;
        let mut n = Node::new(NodeId(2), config);
        n.handle_message(Time(0), NodeId(0), Message::Prepare { ballot: Ballot::new(4, NodeId(0)) });
        let r = Node::restore(NodeId(2), config, n.durable());
        assert_eq!(r.acceptor().promised(), None);
        let kept = Node::restore(NodeId(2), Config::new(3).unwrap(), n.durable());
        assert_eq!(kept.acceptor().promised(), Some(Ballot::new(4, NodeId(0))));
    }

    #[test]
    fn decide_teaches_the_learner_and_stops_the_proposer() {
        let mut n = Node::new(NodeId(0), Config::new(3).unwrap());
        n.propose(Time(0), v("x"));
        drain(&mut n);
        n.handle_message(Time(3), NodeId(1), Message::Decide { value: v("y") });
        let out = drain(&mut n);
        assert!(matches!(&out[0], Output::Persist(d) if d.learned == Some(v("y"))));
        assert_eq!(out[1], Output::Event(Learned { slot: Slot(0), value: v("y") }));
        assert_eq!(n.poll_timeout(), None);
        assert_eq!(n.proposer().phase(), crate::Phase::Decided);
    }

    #[test]
    fn chosen_value_is_announced_to_every_other_node() {
        let cfg = Config::new(3).unwrap();
        let mut n = Node::new(NodeId(0), cfg);
        n.propose(Time(0), v("x"));
        drain(&mut n);
        let ballot = n.proposer().ballot().unwrap();
        for from in [0, 1] {
            n.handle_message(Time(1), NodeId(from), Message::Promise { ballot, accepted: None });
        }
        drain(&mut n);
        for from in [0, 2] {
            n.handle_message(Time(2), NodeId(from), Message::Accepted { ballot, value: v("x") });
        }
        let out = drain(&mut n);
        let decides: Vec<_> = out
            .iter()
            .filter_map(|o| match o {
                Output::Send { to, msg: Message::Decide { .. } } => Some(*to),
                _ => None,
            })
            .collect();
        assert_eq!(decides, vec![NodeId(1), NodeId(2)]);
        assert_eq!(n.learner().learned(), Some(&v("x")));
    }
}
