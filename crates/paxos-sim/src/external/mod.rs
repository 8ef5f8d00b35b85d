//! A node written by someone else — a student's proposer, acceptor and learner — run in the
//! world and in the checker through the node protocol, `paxos-node` version 1
//! (docs/node-protocol.md). The node is a pure function of its state and one input: the
//! driver keeps its state (`disk`, which survives a crash, and `memory`, which does not) and
//! hands it back with every input, one JSON line per request and one per reply.
//!
//! - `wire`: a request line written, a reply line read and checked.
//! - `node`: [`External`], such a node as a [`paxos::Protocol`] (and a [`crate::Senator`]):
//!   each input is one request, each reply the node's effects.
//! - `runner`: the [`Runner`] that asks a [`Program`]: it remembers answers (a pure node
//!   answers the same request the same way), asks an earlier request again now and then to
//!   check that the node is pure, and keeps the first fault.
//!
//! What answers is the driver's: a process on the command line (paxos-cli), a JavaScript
//! function in the browser.

mod node;
mod runner;
mod wire;

pub use node::{External, ExternalConfig, ExternalParts, JsonText};
pub use runner::{Asked, NodeFault, Program, Runner, MAX_ASKS_PER_RUN, MAX_SENDS_PER_RUN};
pub use wire::{Input, Reply, MAX_SENDS, MAX_STATE_BYTES, MAX_TIMER_MS};

/// The name of the node protocol.
pub const NODE_PROTOCOL: &str = "paxos-node";
/// Its version.
pub const NODE_PROTOCOL_VERSION: u32 = 1;

/// A simulation of Basic Paxos whose nodes are external.
pub type ExternalSimulation = crate::world::World<crate::Basic<External>>;
