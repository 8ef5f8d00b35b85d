//! Exhaustive model checking of Paxos, breadth-first so that a counterexample is a shortest
//! one.
//!
//! - [`model`]: implementation mode, every interleaving of this project's own nodes, with
//!   message loss, duplication and crashes if asked.
//! - [`system`]: any protocol through `paxos::Protocol`, judged by the world's own live
//!   checker (Multi-Paxos today).
//! - [`counterexample`]: a path found, replayed in the simulator's world as a trace or
//!   written as a scenario.
//! - `store`: what a breadth-first search keeps, for both searches: the table of
//!   fingerprints, the trail that rebuilds a path, the compressed levels of the frontier.
//! - [`tla`]: spec mode, Lamport's Paxos.tla exactly as written (the abstract view).

pub mod counterexample;
pub mod model;
mod store;
pub mod system;
pub mod tla;
