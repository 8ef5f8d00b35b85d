//! Every interleaving of any protocol's nodes, explored breadth-first through the one
//! interface they all offer ([`paxos::Protocol`]): the same state machines the world runs,
//! judged by the same properties the world checks live ([`Spec::effect`] hands each effect
//! to them).
//!
//! A state is every node (its parts, with when its timer is due left out), every disk,
//! which nodes are up, the set of messages ever sent, which client requests were made, how
//! many crashes happened, and what the properties remember. A move is one thing that can
//! happen next: a client request, a message delivered, a timer firing, a crash or a restart.
//! There is no clock: every input runs at time 0 and a timer may fire whenever it is set.
//! The network is a set, as `msgs` is in Paxos.tla: a message sent can be delivered any
//! number of times, or never (so loss and duplication need no moves of their own), and a
//! message a node sends itself is handled at once. Rounds are bounded: a move that would
//! start a ballot above the highest round is not taken.
//!
//! - [`Spec`]: what a protocol adds (its configuration, clients and properties);
//!   [`multi`]: Multi-Paxos and its ledger; [`basic`]: Basic Paxos and its live checker.
//! - `state`: a whole state, as a search starts from it.
//! - `packed`: the search's states as numbers into pools of parts, disks, messages and judges.
//! - `search`: the breadth-first search and its report.

pub mod basic;
pub mod external;
pub mod multi;
mod packed;
mod search;
mod state;

use std::fmt::Debug;
use std::hash::Hash;

use paxos::{EffectOf, NodeId, Protocol};

pub use search::{Bound, Report, Search, Verdict};
pub use state::{State, MAX_LOCAL, SELF_MESSAGES};

/// A protocol as the checker explores it. Its callbacks, like its nodes, are functions of
/// their arguments: a node's step met before (the same parts, disk, judge and move) is not
/// taken again but spliced in from a memo.
pub trait Spec {
    type P: Protocol;
    /// What the properties remember between moves (history variables).
    type Judge: Clone + Debug + Eq + Hash;

    fn config(&self) -> &<Self::P as Protocol>::Config;
    /// The nodes' names, S1 first.
    fn names(&self) -> &[String];
    /// The client requests: each is made once, at any moment, if its node is up.
    fn requests(&self) -> &[(NodeId, <Self::P as Protocol>::Request)];
    /// No ballot above this round is started.
    fn max_round(&self) -> u64;
    /// How many crashes may happen (a crashed node may restart).
    fn crashes(&self) -> u8;

    /// What the properties remember before anything happens.
    fn judge(&self) -> Self::Judge;
    /// Client request `k` is made.
    fn requested(&self, judge: &mut Self::Judge, k: usize);
    /// Node `id` (as it is after the input) asks for `effect`, a write or an event; a
    /// broken property comes back as its name and what happened.
    fn effect(
        &self,
        judge: &mut Self::Judge,
        id: NodeId,
        node: &Self::P,
        effect: &EffectOf<Self::P>,
    ) -> Option<(String, String)>;
    /// Node `id` has carried out every effect of one input (as the world's
    /// `Rules::settled`); a broken property comes back as its name and what happened.
    fn settled(&self, _judge: &mut Self::Judge, _id: NodeId, _node: &Self::P) -> Option<(String, String)> {
        None
    }
    /// Node `id` crashed.
    fn crashed(&self, judge: &mut Self::Judge, id: NodeId);
    /// Node `id` restarts from its disk.
    fn restarted(&self, judge: &mut Self::Judge, id: NodeId);
    /// A message, in words, for a counterexample.
    fn describe(&self, msg: &<Self::P as Protocol>::Message) -> String;
    /// A client's request, in words.
    fn describe_request(&self, request: &<Self::P as Protocol>::Request) -> String;
}

/// One thing that can happen next.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Move<M> {
    /// Client request `k` of the spec is made.
    Request(usize),
    /// The message reaches its receiver (and stays in the network's set).
    Deliver {
        from: NodeId,
        to: NodeId,
        msg: M,
    },
    /// The node's timer fires.
    Timeout(NodeId),
    Crash(NodeId),
    Restart(NodeId),
}

impl<M> Move<M> {
    /// The move in words.
    pub fn describe<S: Spec<P: Protocol<Message = M>>>(&self, spec: &S) -> String {
        let name = |id: &NodeId| spec.names()[id.index()].clone();
        match self {
            Move::Request(k) => {
                let (node, request) = &spec.requests()[*k];
                format!("a client sends {} to {}", spec.describe_request(request), name(node))
            }
            Move::Deliver { from, to, msg } => {
                format!("{} → {}: {} delivered", name(from), name(to), spec.describe(msg))
            }
            Move::Timeout(id) => format!("{}'s timer fires", name(id)),
            Move::Crash(id) => format!("{} crashes", name(id)),
            Move::Restart(id) => format!("{} restarts", name(id)),
        }
    }
}
