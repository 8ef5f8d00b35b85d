//! Implementation mode: every interleaving of this project's own Paxos nodes (the same
//! `paxos::Node` state machines the simulator runs), explored breadth-first.
//!
//! A state is every node, every node's disk, which nodes are up, the messages in flight (a
//! multiset, or with duplication the set of every message sent), which client proposals
//! were made, and every vote ever cast (to judge what is chosen). A move is one thing that
//! can happen next: a proposal, a message delivered, a timer firing, a crash or a restart.
//! There is no clock: any message may arrive at any time and a timer may fire whenever it
//! is set. Rounds are bounded: a proposer may not start a ballot above `max_round`. Two
//! reductions keep every verdict and shortest counterexample: a loss is not a move (a lost
//! message is one never delivered), and in correct Paxos without crashes a message that
//! can change nothing any more is left out of states.
//!
//! The pieces: `packed` (a state in bytes), `local` (one node's step, the only place a
//! node runs, remembered), `search` (breadth-first over packed states), `judge`
//! (properties, goals, and messages that can change nothing any more).

mod judge;
mod local;
pub(crate) mod packed;
mod search;

use paxos::{Backoff, Ballot, Config, Durable, Message, Node, NodeId, Value};

pub use packed::{MAX_BALLOTS, MAX_VALUES};
pub use search::Search;

/// A message copy in flight.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Packet {
    pub from: NodeId,
    pub to: NodeId,
    pub msg: MsgKey,
}

/// A message, ordered so that the multiset of packets has one canonical order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MsgKey(pub Message);

impl PartialOrd for MsgKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MsgKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        key(&self.0).cmp(&key(&other.0))
    }
}

/// A total order on messages: kind, ballots, values.
fn key(m: &Message) -> (u8, Option<Ballot>, Option<Ballot>, Option<&str>) {
    match m {
        Message::Prepare { ballot } => (0, Some(*ballot), None, None),
        Message::Promise { ballot, accepted } => (
            1,
            Some(*ballot),
            accepted.as_ref().map(|v| v.ballot),
            accepted.as_ref().map(|v| v.value.as_str()),
        ),
        Message::Accept { ballot, value } => (2, Some(*ballot), None, Some(value.as_str())),
        Message::Accepted { ballot, value } => (3, Some(*ballot), None, Some(value.as_str())),
        Message::Nack { ballot, promised } => (4, Some(*ballot), Some(*promised), None),
        Message::Decide { value } => (5, None, None, Some(value.as_str())),
    }
}

/// One thing that can happen next.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Move {
    /// Client proposal number `k` of the model is handed to its node.
    Propose(usize),
    /// The message reaches its receiver. It leaves the network, unless the network may
    /// duplicate: then every message sent can be delivered again, any number of times.
    Deliver(Packet),
    /// The message is lost.
    Drop(Packet),
    /// The node's timer fires.
    Timeout(NodeId),
    Crash(NodeId),
    Restart(NodeId),
}

/// A state of the model, as a person reads it. The search keeps states packed (see
/// `packed`), leaving out what does not change behaviour: counters kept for display and
/// when exactly a timer is due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub nodes: Vec<Node>,
    pub up: Vec<bool>,
    pub disks: Vec<Durable>,
    /// Sorted: a multiset, or a set when the network may duplicate.
    pub net: Vec<Packet>,
    /// Bit k: proposal k was made.
    pub proposed: u64,
    pub crashes: u8,
    /// Every vote ever cast, sorted: (ballot, value, voter).
    pub votes: Vec<(Ballot, Value, NodeId)>,
}

/// What to look for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Goal {
    /// A state breaking a safety property (agreement, validity, promise-monotonic,
    /// accepted-within-promise, learned-is-chosen).
    Violation,
    /// A state breaking this one property (others are not looked for).
    Breaks(String),
    /// A state where `value` is chosen.
    Chosen(Value),
    /// A state where `node` has accepted (voted in) `ballot`.
    Accepts { node: NodeId, ballot: Ballot },
    /// A state where `node` has learned `value`.
    Learns { node: NodeId, value: Value },
}

/// The configuration to explore.
#[derive(Clone, Debug)]
pub struct Model {
    pub names: Vec<String>,
    /// Quorum and flaws matter; the backoff is always random here (a failed attempt waits
    /// for a timer, which is a move).
    pub config: Config,
    /// Client proposals: each is made once, at any moment, if its node is up.
    pub proposals: Vec<(NodeId, Value)>,
    /// No ballot above this round is started.
    pub max_round: u64,
    /// The network may lose messages. Every property and goal is about nodes and votes, and
    /// a lost message is one never delivered: the search takes no losses as moves, since
    /// they reach no other nodes or votes (see `search::expand::Ctx::drops`).
    pub drop: bool,
    /// The network may duplicate messages: any message sent may be delivered again, any
    /// number of times. The network is then the set of every message sent (as `msgs` in
    /// Paxos.tla), which keeps the state space finite.
    pub duplicate: bool,
    /// How many crashes may happen (each node may restart after one).
    pub crashes: u8,
    /// Stop after this many distinct states (0: no limit).
    pub max_states: u64,
    /// Stop when the search's tables would hold more than this many bytes (0: no limit).
    pub max_memory: u64,
    /// Values proposed before the search starts (checking from a running simulation):
    /// choosing one of them is valid.
    pub proposed_before: Vec<Value>,
    /// Symmetry reduction: nodes that never own a ballot (no proposal, no ballot started
    /// before the search) are interchangeable, so states that differ only by renaming them
    /// count once. Sound for every safety property and the chosen-value goal, which do not
    /// single out such a node; it is not applied to goals about one node.
    pub symmetry: bool,
}

impl Model {
    /// The island's race: S1, S2, S3 with `flaws`; S1 proposes "1元/度" and S2 "2元/度";
    /// ballots up to round `max_round`; no faults (set the fields to add some).
    pub fn island_race(flaws: paxos::Flaws, max_round: u64) -> Model {
        let mut config = Config::new(3).expect("3 nodes is a valid cluster");
        config.flaws = flaws;
        let value = |s: &str| Value::new(s).expect("a short value");
        Model {
            names: vec!["S1".into(), "S2".into(), "S3".into()],
            config,
            proposals: vec![(NodeId(0), value("1元/度")), (NodeId(1), value("2元/度"))],
            max_round,
            drop: false,
            duplicate: false,
            crashes: 0,
            max_states: 0,
            max_memory: 0,
            proposed_before: Vec::new(),
            symmetry: false,
        }
    }

    /// The island race with each of the 7 broken variants, at the fewest rounds and crashes
    /// that break it: the 6 flaws in [`paxos::Flaws::ALL`]'s order, then correct Paxos with
    /// quorums of 1.
    pub fn island_broken() -> Vec<Model> {
        let f = paxos::Flaws::default;
        let mut out: Vec<Model> = [
            (paxos::Flaws { ignore_promised_values: true, ..f() }, 2, 0),
            (paxos::Flaws { acceptor_amnesia: true, ..f() }, 2, 1),
            (paxos::Flaws { accept_without_promise_check: true, ..f() }, 1, 0),
            (paxos::Flaws { round_only_ballots: true, ..f() }, 1, 0),
            (paxos::Flaws { learn_from_first_accepted: true, ..f() }, 1, 0),
            (paxos::Flaws { accept_keeps_promise: true, ..f() }, 2, 0),
        ]
        .into_iter()
        .map(|(flaws, max_round, crashes)| Model { crashes, ..Model::island_race(flaws, max_round) })
        .collect();
        let mut small = Model::island_race(f(), 1);
        (small.config.quorum, small.config.accept_quorum) = (1, 1);
        out.push(small);
        out
    }

    /// The state before anything happened.
    pub fn initial(&self) -> State {
        let config = self.config();
        let n = self.names.len();
        State {
            nodes: (0..n).map(|i| Node::new(NodeId(i as u16), config)).collect(),
            up: vec![true; n],
            disks: vec![Durable::default(); n],
            net: Vec::new(),
            proposed: 0,
            crashes: 0,
            votes: Vec::new(),
        }
    }

    /// The protocol configuration the nodes run.
    pub fn config(&self) -> Config {
        Config { backoff: Backoff::Random, ..self.config }
    }
}

/// Progress and result of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// States taken from the queue and expanded.
    pub explored: u64,
    pub distinct: u64,
    /// Successors generated, duplicates included.
    pub generated: u64,
    /// Moves on the longest shortest path explored so far.
    pub depth: u64,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The search is not over.
    Running,
    /// Every reachable state was explored and none is what the goal looks for.
    Exhausted,
    /// A bound of the model was reached first: nothing found so far.
    Bounded(Bound),
    /// The shortest path to a state the goal looks for.
    Found { property: String, detail: String, path: Vec<Move> },
}

/// Which bound stopped a search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// [`Model::max_states`] distinct states.
    States,
    /// [`Model::max_memory`] bytes.
    Memory,
}

/// Why a search cannot start: it would number more ballots or values than a packed state
/// holds. The message says which and how to stay within.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge(pub String);

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TooLarge {}

/// Runs a search to its end (for tests and small models: it panics on a model too large to
/// number, which [`Search::new`] refuses with a message).
pub fn check(model: Model, goal: Goal) -> Report {
    let start = model.initial();
    let mut search = Search::new(model, goal, start).expect("a model within the checker's numbers");
    while search.run(u64::MAX).outcome == Outcome::Running {}
    search.report().clone()
}

#[cfg(test)]
mod tests;
