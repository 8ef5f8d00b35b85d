//! Basic Paxos as pure state machines ("The Part-Time Parliament", "Paxos Made Simple").
//!
//! Every [`Node`] plays the three roles of a senator of the island of Paxos:
//! [`Proposer`] (phase 1a/2a), [`Acceptor`] (phase 1b/2b) and [`Learner`]. The crate is
//! sans-IO in the style of quinn-proto and raft-rs: it has no clock, no network, no
//! randomness and no serialization. The driver feeds inputs
//! ([`Node::propose`], [`Node::handle_message`], [`Node::handle_timeout`]) with the current
//! [`Time`], then pulls what the node wants done with [`Node::poll_output`] (send, persist,
//! learned) and [`Node::poll_timeout`].
//!
//! ```
//! use paxos::{Config, Learned, Node, NodeId, Output, Time, Value};
//! let config = Config::new(1).unwrap();
//! let mut node = Node::new(NodeId(0), config);
//! node.propose(Time(0), Value::new("1元/度").unwrap());
//! // With one node, the node talks to itself until its value is chosen.
//! let mut learned = None;
//! let mut pending = Vec::new();
//! loop {
//!     while let Some(out) = node.poll_output() {
//!         match out {
//!             Output::Send { to, msg } => pending.push((to, msg)),
//!             Output::Persist(_) => {}
//!             Output::Event(Learned { value, .. }) => learned = Some(value),
//!         }
//!     }
//!     let Some((_to, msg)) = pending.pop() else { break };
//!     node.handle_message(Time(0), NodeId(0), msg);
//! }
//! assert_eq!(learned.unwrap().as_str(), "1元/度");
//! ```

mod acceptor;
mod config;
mod learner;
mod message;
pub mod multi;
mod node;
mod proposer;
mod protocol;
mod quoted;
pub mod sorted;
mod types;

pub use acceptor::Acceptor;
pub use config::{Backoff, Config, ConfigError, Flaws, MAX_NODES};
pub use learner::Learner;
pub use message::{Message, Vote};
pub use node::{Durable, Learned, Node, NodeParts, Output, Timer};
pub use proposer::{Phase, Proposer, ProposerParts};
pub use protocol::{Effect, EffectOf, Protocol};
pub use quoted::Quoted;
pub use types::{Ballot, NodeId, Slot, Time, Value, ValueError, MAX_VALUE_BYTES};
