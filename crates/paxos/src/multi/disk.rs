//! What a replica keeps across a crash, written as a stream of small writes so a long log is
//! not rewritten on every vote.

use std::collections::BTreeMap;

use crate::multi::message::Entry;
use crate::types::{Ballot, Slot};

/// One write to stable storage. The replica asks for it (as `MultiOutput::Persist`) before
/// any message that depends on it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Write<C> {
    /// The acceptor promised `Ballot` (for every slot at or after its prepare's `from_slot`).
    Promised(Ballot),
    /// The acceptor voted for `entry` in `slot` in `ballot`.
    Voted { slot: Slot, ballot: Ballot, entry: Entry<C> },
    /// The replica learned that `entry` is chosen in `slot`.
    Chosen { slot: Slot, entry: Entry<C> },
    /// The replica started a ballot of this round.
    Round(u64),
}

/// Everything written so far: what a restarting replica reads back.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Disk<C> {
    pub promised: Option<Ballot>,
    pub votes: BTreeMap<Slot, (Ballot, Entry<C>)>,
    pub chosen: BTreeMap<Slot, Entry<C>>,
    pub last_round: u64,
}

impl<C> Default for Disk<C> {
    fn default() -> Self {
        Disk { promised: None, votes: BTreeMap::new(), chosen: BTreeMap::new(), last_round: 0 }
    }
}

impl<C: Clone> Disk<C> {
    /// Carries out one write.
    pub fn apply(&mut self, write: &Write<C>) {
        match write {
            Write::Promised(b) => self.promised = Some(*b),
            Write::Voted { slot, ballot, entry } => {
                self.votes.insert(*slot, (*ballot, entry.clone()));
            }
            Write::Chosen { slot, entry } => {
                self.chosen.insert(*slot, entry.clone());
            }
            Write::Round(r) => self.last_round = *r,
        }
    }
}
