//! What a breadth-first search keeps, for the packed search of Basic Paxos (`model`) and
//! the search of any protocol (`system`) alike.
//!
//! - `table`: every state seen, by a 64-bit fingerprint, about 15 bytes per state;
//! - `trail`: how each state was first reached (parent and move), 6 bytes per state;
//! - `level`: the states waiting to be expanded, compressed, natively in a file past a
//!   budget.

pub(crate) mod level;
pub(crate) mod table;
pub(crate) mod trail;
