//! Exhaustive model checking of Paxos, breadth-first so that a counterexample is a shortest
//! one.
//!
//! - [`model`]: implementation mode, every interleaving of this project's own nodes, with
//!   message loss, duplication and crashes if asked; counterexamples replay as traces
//!   ([`replay`]).
//! - [`tla`]: spec mode, Lamport's Paxos.tla exactly as written (the abstract view).

pub mod model;
pub mod replay;
pub mod tla;
