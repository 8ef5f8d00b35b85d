//! The nouns of the protocol: nodes, ballots, slots, values and virtual time.

use std::fmt;
use std::sync::Arc;

/// Virtual time in milliseconds. The protocol never reads a clock: the driver passes `now`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub u64);

impl Time {
    /// `self + ms`, saturating at the end of time.
    pub fn plus(self, ms: u64) -> Time {
        Time(self.0.saturating_add(ms))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ms", self.0)
    }
}

/// A node of the cluster, by its index: `NodeId(0)` is S1, `NodeId(9)` is S10.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u16);

impl NodeId {
    /// The position of the node in the cluster (0-based).
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S{}", u32::from(self.0) + 1)
    }
}

/// A position in the replicated log. Basic Paxos decides exactly one value, in slot 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot(pub u64);

/// A ballot (proposal number). Ballots are totally ordered by round, then by the index of the
/// node that owns them, so two proposers never use the same ballot (S2 < S10 in a tie of
/// rounds). Only `node` may start a ballot it owns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ballot {
    /// Compared first.
    pub round: u64,
    /// Breaks ties between rounds; the owner of the ballot.
    pub node: NodeId,
}

impl Ballot {
    pub fn new(round: u64, node: NodeId) -> Ballot {
        Ballot { round, node }
    }
}

impl fmt::Display for Ballot {
    /// `2.S1`: round 2 of S1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.round, self.node)
    }
}

/// The longest value a client may propose, in bytes of UTF-8.
pub const MAX_VALUE_BYTES: usize = 256;

/// A proposed value: a non-empty UTF-8 string of at most [`MAX_VALUE_BYTES`] bytes, such as
/// "1元/度". Cloning is cheap (shared).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Value(Arc<str>);

/// Why a string cannot be proposed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("a value must not be empty")]
    Empty,
    #[error("a value is at most {MAX_VALUE_BYTES} bytes of UTF-8; this one has {0} bytes")]
    TooLong(usize),
}

impl Value {
    pub fn new(s: &str) -> Result<Value, ValueError> {
        if s.is_empty() {
            return Err(ValueError::Empty);
        }
        if s.len() > MAX_VALUE_BYTES {
            return Err(ValueError::TooLong(s.len()));
        }
        Ok(Value(Arc::from(s)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ballots_order_by_round_then_node_index() {
        let s2 = NodeId(1);
        let s10 = NodeId(9);
        assert!(Ballot::new(1, s2) < Ballot::new(1, s10), "S2 < S10 in the same round");
        assert!(Ballot::new(1, s10) < Ballot::new(2, s2), "round is compared first");
        assert_eq!(Ballot::new(2, NodeId(0)).to_string(), "2.S1");
    }

    #[test]
    fn values_are_non_empty_and_at_most_256_bytes() {
        assert_eq!(Value::new("1元/度").unwrap().as_str(), "1元/度");
        assert_eq!(Value::new(""), Err(ValueError::Empty));
        let long = "元".repeat(86); // 258 bytes
        assert_eq!(Value::new(&long), Err(ValueError::TooLong(258)));
        assert!(Value::new(&"a".repeat(256)).is_ok());
        assert_eq!(
            ValueError::TooLong(258).to_string(),
            "a value is at most 256 bytes of UTF-8; this one has 258 bytes"
        );
    }
}
