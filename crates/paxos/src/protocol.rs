//! The one interface every protocol's node offers its driver: the simulator, the model
//! checker and, later, a student's own node all drive a node through it.
//!
//! Call order, for every protocol: one input ([`Protocol::request`], [`Protocol::receive`],
//! [`Protocol::timeout`]), then drain [`Protocol::poll_output`] until it returns `None`,
//! carrying out each [`Effect`] in order (a `Persist` comes before every send that depends
//! on it), then read [`Protocol::poll_timeout`]. A node is built by [`Protocol::start`] or,
//! after a crash, by [`Protocol::restart`] from what it persisted: everything else it held
//! is volatile and lost.

use std::fmt::Debug;

use crate::node::Timer;
use crate::types::{NodeId, Time};

/// Something a node wants its driver to do, with the protocol's message `M`, write `W`
/// and event `E` (see [`EffectOf`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Effect<M, W, E> {
    /// Send `msg` to `to` (possibly the node itself).
    Send { to: NodeId, msg: M },
    /// Write this to stable storage (see [`Protocol::write`]) before carrying out the
    /// effects after it.
    Persist(W),
    /// Tell the world: learned, applied, synced.
    Event(E),
}

/// The effects of protocol `P`.
pub type EffectOf<P> = Effect<<P as Protocol>::Message, <P as Protocol>::Write, <P as Protocol>::Event>;

/// A sans-IO consensus node: inputs in, [`Effect`]s and a timer pulled, time a number.
/// Broken variants are flags of a protocol's configuration, not other protocols.
pub trait Protocol: Clone + Debug + Sized {
    /// Settings every node of a cluster shares (size, quorums, timeouts, flaws).
    type Config: Clone + Debug;
    /// What one node sends another.
    type Message: Clone + Debug + PartialEq + Eq + std::hash::Hash;
    /// What a client hands a node.
    type Request: Clone + Debug;
    /// One write to stable storage.
    type Write: Clone + Debug + PartialEq + Eq + std::hash::Hash;
    /// Everything written so far: what a restarting node reads back.
    type Disk: Clone + Debug + Default + Eq + std::hash::Hash;
    /// What the node tells the world besides sends and writes.
    type Event: Clone + Debug + PartialEq + Eq + std::hash::Hash;
    /// A node's whole state between inputs (no effect waiting), exactly: a model checker
    /// keeps states as parts and builds the node again from them.
    type Parts: Clone + Debug + Eq + std::hash::Hash;

    /// A node that has never run, started at `now`.
    fn start(id: NodeId, config: &Self::Config, now: Time) -> Self {
        Self::restart(id, config, &Self::Disk::default(), now)
    }
    /// A node restarting at `now` with only what `disk` holds.
    fn restart(id: NodeId, config: &Self::Config, disk: &Self::Disk, now: Time) -> Self;
    /// Carries out one write on a disk.
    fn write(disk: &mut Self::Disk, write: Self::Write);

    /// A client hands the node `request`.
    fn request(&mut self, now: Time, request: Self::Request);
    /// A message from `from` arrived.
    fn receive(&mut self, now: Time, from: NodeId, msg: Self::Message);
    /// The time asked for by [`Protocol::poll_timeout`] has come.
    fn timeout(&mut self, now: Time);

    /// The next effect, in order; `None` when there is nothing left.
    fn poll_output(&mut self) -> Option<EffectOf<Self>>;
    /// When the node next wants [`Protocol::timeout`], if ever.
    fn poll_timeout(&self) -> Option<Timer>;

    /// Its state. Call only with no effect waiting.
    fn parts(&self) -> Self::Parts;
    /// Node `id` under `config` in the state `parts` describe, with no effect waiting; it
    /// behaves exactly as the node the parts were taken from.
    fn from_parts(id: NodeId, config: &Self::Config, parts: Self::Parts) -> Self;
    /// `parts` with the moment its timer is due set to 0. A model checker has no clock: it
    /// runs every input at time 0 and lets a timer fire whenever it is set, so states that
    /// differ only in when a timer is due are one state.
    fn timeless(parts: &mut Self::Parts);
    /// The highest round of a ballot this node has started (0: none); a model checker
    /// bounds it.
    fn last_round(&self) -> u64;
}
