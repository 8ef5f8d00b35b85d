//! The messages of Basic Paxos, in the paper's vocabulary.

use crate::types::{Ballot, Value};

/// A value an acceptor has voted for (accepted), with the ballot of the vote.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Vote {
    pub ballot: Ballot,
    pub value: Value,
}

/// What nodes send each other. Proposer → acceptors: `Prepare`, `Accept`; acceptor →
/// proposer: `Promise`, `Accepted`, `Nack`; proposer → learners: `Decide`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Message {
    /// Phase 1a: "promise me not to accept any ballot below `ballot`".
    Prepare { ballot: Ballot },
    /// Phase 1b: the promise, with the acceptor's highest vote so far.
    Promise { ballot: Ballot, accepted: Option<Vote> },
    /// Phase 2a: "accept `value` in `ballot`".
    Accept { ballot: Ballot, value: Value },
    /// Phase 2b: the acceptor voted for `value` in `ballot`.
    Accepted { ballot: Ballot, value: Value },
    /// A rejection of `ballot`: the acceptor has promised the higher `promised`.
    Nack { ballot: Ballot, promised: Ballot },
    /// `value` is chosen.
    Decide { value: Value },
}

impl Message {
    /// The highest round this message tells its receiver about, if any. A proposer's next
    /// attempt goes above every round it has seen.
    pub fn highest_round(&self) -> Option<u64> {
        match self {
            Message::Prepare { ballot }
            | Message::Accept { ballot, .. }
            | Message::Accepted { ballot, .. } => Some(ballot.round),
            Message::Promise { ballot, accepted } => {
                Some(ballot.round.max(accepted.as_ref().map_or(0, |v| v.ballot.round)))
            }
            Message::Nack { ballot, promised } => Some(ballot.round.max(promised.round)),
            Message::Decide { .. } => None,
        }
    }
}
