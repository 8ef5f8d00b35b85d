//! Exhaustive model checking of Paxos, breadth-first so that a counterexample is a shortest
//! one.
//!
//! - [`model`]: implementation mode, every interleaving of this project's own nodes, with
//!   message loss, duplication and crashes if asked.
//! - [`system`]: any protocol through `paxos::Protocol`, judged by the world's own live
//!   checker (Multi-Paxos today).
//! - [`counterexample`]: a path found, replayed in the simulator's world as a trace or
//!   written as a scenario.
//! - [`tla`]: spec mode, Lamport's Paxos.tla exactly as written (the abstract view).

pub mod counterexample;
pub mod model;
pub mod system;
pub mod tla;
