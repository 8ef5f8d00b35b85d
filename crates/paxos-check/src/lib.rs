//! Exhaustive model checking of Paxos, breadth-first so that a counterexample is a shortest
//! one.
//!
//! - [`tla`]: spec mode, Lamport's Paxos.tla exactly as written (the abstract view).

pub mod tla;
