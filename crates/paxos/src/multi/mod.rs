//! Multi-Paxos: a replicated log decided slot by slot ("Paxos Made Simple" §3, "Paxos Made
//! Live"). A distinguished proposer, the leader, runs phase 1 once for every slot from its
//! first unchosen slot on, then only phase 2 for each command while it stays leader.
//!
//! [`Replica`] is sans-IO like [`crate::Node`]: feed it [`Replica::propose`],
//! [`Replica::sync`], [`Replica::handle_message`] and [`Replica::handle_timeout`] with the
//! current time, then drain [`Replica::poll_output`] (persist, send, learned, apply, synced)
//! and read [`Replica::poll_timeout`]. The command type `C` is the application's (a znode
//! change, for the ZooKeeper view); the protocol only compares and copies it.

mod config;
mod disk;
mod message;
mod protocol;
mod replica;
#[cfg(test)]
mod tests;

pub use config::{MultiConfig, MultiConfigError, MultiFlaws};
pub use disk::{Disk, Write};
pub use message::{Entry, MultiMessage, SlotVote};
pub use protocol::{MultiEvent, MultiRequest};
pub use replica::{MultiOutput, PendingSync, Replica, Role};
