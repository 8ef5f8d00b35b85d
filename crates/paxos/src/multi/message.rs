//! The messages of Multi-Paxos: Basic Paxos's, with a slot on each vote, plus what a
//! leader needs (heartbeats, forwarded commands, catch-up and sync).

use crate::types::{Ballot, Slot};

/// What a slot of the log holds: a client's command, or a no-op (`None`) a new leader uses
/// to fill a gap nobody voted for; stamped with the round of the leader that first proposed
/// it (ZooKeeper's epoch). A leader that re-proposes an entry keeps its stamp.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entry<C> {
    pub epoch: u64,
    pub command: Option<C>,
}

impl<C> Entry<C> {
    pub fn noop(epoch: u64) -> Entry<C> {
        Entry { epoch, command: None }
    }
    pub fn new(epoch: u64, command: C) -> Entry<C> {
        Entry { epoch, command: Some(command) }
    }
    pub fn command(&self) -> Option<&C> {
        self.command.as_ref()
    }
}

/// An acceptor's vote in one slot, as a promise reports it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SlotVote<C> {
    pub slot: Slot,
    pub ballot: Ballot,
    pub entry: Entry<C>,
}

/// What replicas send each other.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MultiMessage<C> {
    /// Phase 1a for every slot at or after `from_slot` at once.
    Prepare { ballot: Ballot, from_slot: Slot },
    /// Phase 1b: the acceptor's votes in the slots at or after `from_slot`.
    Promise { ballot: Ballot, from_slot: Slot, accepted: Vec<SlotVote<C>> },
    /// Phase 2a for one slot.
    Accept { ballot: Ballot, slot: Slot, entry: Entry<C> },
    /// Phase 2b for one slot.
    Accepted { ballot: Ballot, slot: Slot, entry: Entry<C> },
    /// `ballot` is rejected: the acceptor has promised the higher `promised`.
    Nack { ballot: Ballot, promised: Ballot },
    /// `entry` is chosen in `slot`.
    Decide { slot: Slot, entry: Entry<C> },
    /// The leader of `ballot` is alive; every slot below `commit` is chosen.
    Heartbeat { ballot: Ballot, commit: Slot },
    /// A client's command, handed on to the leader.
    Forward { command: C },
    /// "Send me the chosen entries from `from` on."
    CatchUp { from: Slot },
    /// A read barrier: "how far is the log chosen?" (ZooKeeper's `sync`).
    Sync { token: u64 },
    /// The answer to `Sync`: apply every slot below `commit` and the sync is done.
    SyncOk { token: u64, commit: Slot },
    /// "Do you still follow `ballot`?" — a leader confirming it leads before it answers a
    /// sync.
    Probe { ballot: Ballot, probe: u64 },
    /// "Yes": no higher ballot is promised here.
    ProbeOk { ballot: Ballot, probe: u64 },
}

impl<C> MultiMessage<C> {
    /// The highest round this message tells its receiver about, if any.
    pub fn highest_round(&self) -> Option<u64> {
        match self {
            MultiMessage::Prepare { ballot, .. }
            | MultiMessage::Accept { ballot, .. }
            | MultiMessage::Accepted { ballot, .. }
            | MultiMessage::Heartbeat { ballot, .. }
            | MultiMessage::Probe { ballot, .. }
            | MultiMessage::ProbeOk { ballot, .. } => Some(ballot.round),
            MultiMessage::Promise { ballot, accepted, .. } => {
                Some(accepted.iter().map(|v| v.ballot.round).fold(ballot.round, u64::max))
            }
            MultiMessage::Nack { ballot, promised } => Some(ballot.round.max(promised.round)),
            _ => None,
        }
    }

    /// The message's name in traces: `prepare`, `promise`, ...
    pub fn kind(&self) -> &'static str {
        match self {
            MultiMessage::Prepare { .. } => "prepare",
            MultiMessage::Promise { .. } => "promise",
            MultiMessage::Accept { .. } => "accept",
            MultiMessage::Accepted { .. } => "accepted",
            MultiMessage::Nack { .. } => "nack",
            MultiMessage::Decide { .. } => "decide",
            MultiMessage::Heartbeat { .. } => "heartbeat",
            MultiMessage::Forward { .. } => "forward",
            MultiMessage::CatchUp { .. } => "catchup",
            MultiMessage::Sync { .. } => "sync",
            MultiMessage::SyncOk { .. } => "syncok",
            MultiMessage::Probe { .. } => "probe",
            MultiMessage::ProbeOk { .. } => "probeok",
        }
    }
}
