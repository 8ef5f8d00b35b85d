//! Exhaustive model checking of Paxos, breadth-first so that a counterexample is a shortest
//! one.
//!
//! - [`model`]: implementation mode, every interleaving of this project's own nodes, with
//!   message loss, duplication and crashes if asked; the simulator replays counterexamples
//!   as traces (`paxos_sim::counterexample`).
//! - [`tla`]: spec mode, Lamport's Paxos.tla exactly as written (the abstract view).

pub mod model;
pub mod tla;
