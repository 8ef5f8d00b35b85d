//! The safety checker of the replicated log, run after every step: what a quorum voted for
//! in one ballot is chosen, and nothing else may ever be chosen, learned or applied there.

use std::collections::{BTreeMap, BTreeSet};

use paxos::multi::Entry;
use paxos::{Ballot, NodeId, Slot};

use crate::multi::zk::Command;

/// A property that must hold in every state (stateright's `always`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MultiProperty {
    /// always("agreement"): at most one entry is chosen in each slot.
    Agreement,
    /// always("learned-is-chosen"): a replica learns only the entry chosen in that slot.
    LearnedIsChosen,
    /// always("state-machine-safety"): every server applies the same command in every slot.
    StateMachineSafety,
    /// always("acknowledged-writes-survive"): a write a client was told succeeded stays in
    /// its slot through every leader change.
    AckedWritesSurvive,
    /// always("sync-sees-acknowledged-writes"): when a sync returns, its server has applied
    /// every write acknowledged (anywhere) before the sync was sent, so a read after it is
    /// not stale.
    SyncSeesAckedWrites,
}

impl MultiProperty {
    pub fn name(self) -> &'static str {
        match self {
            MultiProperty::Agreement => "agreement",
            MultiProperty::LearnedIsChosen => "learned-is-chosen",
            MultiProperty::StateMachineSafety => "state-machine-safety",
            MultiProperty::AckedWritesSurvive => "acknowledged-writes-survive",
            MultiProperty::SyncSeesAckedWrites => "sync-sees-acknowledged-writes",
        }
    }
    pub const ALL: [MultiProperty; 5] = [
        MultiProperty::Agreement,
        MultiProperty::LearnedIsChosen,
        MultiProperty::StateMachineSafety,
        MultiProperty::AckedWritesSurvive,
        MultiProperty::SyncSeesAckedWrites,
    ];
}

/// What the checker noticed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MultiFinding {
    Chosen { slot: Slot, entry: Entry<Command>, ballot: Ballot },
    Violation { property: MultiProperty, detail: String },
}

type Voters = (Entry<Command>, BTreeSet<NodeId>);

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct MultiChecker {
    quorum: usize,
    votes: BTreeMap<(Slot, Ballot), Voters>,
    chosen: BTreeMap<Slot, (Entry<Command>, Ballot)>,
    applied: BTreeMap<Slot, Entry<Command>>,
    acked: BTreeMap<Slot, u64>,
}

fn text(e: &Entry<Command>) -> String {
    crate::multi::wire::entry_text(e).unwrap_or_else(|| "a no-op".into())
}

impl MultiChecker {
    pub fn new(quorum: u16) -> MultiChecker {
        MultiChecker { quorum: quorum.into(), ..MultiChecker::default() }
    }

    pub fn chosen(&self) -> &BTreeMap<Slot, (Entry<Command>, Ballot)> {
        &self.chosen
    }

    /// Acceptor `node` voted for `entry` in `slot` and `ballot` (and persisted it).
    pub fn observe_vote(
        &mut self,
        node: NodeId,
        slot: Slot,
        ballot: Ballot,
        entry: &Entry<Command>,
        out: &mut Vec<MultiFinding>,
    ) {
        let (first, voters) =
            self.votes.entry((slot, ballot)).or_insert_with(|| (entry.clone(), BTreeSet::new()));
        if first != entry {
            out.push(MultiFinding::Violation {
                property: MultiProperty::Agreement,
                detail: format!(
                    "ballot {ballot} proposed two entries for slot {}: {} and {}",
                    slot.0,
                    text(first),
                    text(entry)
                ),
            });
            return;
        }
        voters.insert(node);
        if voters.len() < self.quorum {
            return;
        }
        match self.chosen.get(&slot) {
            None => {
                self.chosen.insert(slot, (entry.clone(), ballot));
                out.push(MultiFinding::Chosen { slot, entry: entry.clone(), ballot });
            }
            Some((e, b)) if e != entry => out.push(MultiFinding::Violation {
                property: MultiProperty::Agreement,
                detail: format!(
                    "slot {}: {} was chosen in ballot {b}, then {} in ballot {ballot}",
                    slot.0,
                    text(e),
                    text(entry)
                ),
            }),
            Some(_) => {}
        }
    }

    pub fn observe_learn(
        &mut self,
        node: &str,
        slot: Slot,
        entry: &Entry<Command>,
        out: &mut Vec<MultiFinding>,
    ) {
        if self.chosen.get(&slot).map(|(e, _)| e) != Some(entry) {
            out.push(MultiFinding::Violation {
                property: MultiProperty::LearnedIsChosen,
                detail: format!(
                    "{node} learned {} in slot {}, which is not what is chosen there",
                    text(entry),
                    slot.0
                ),
            });
        }
    }

    pub fn observe_apply(
        &mut self,
        node: &str,
        slot: Slot,
        entry: &Entry<Command>,
        out: &mut Vec<MultiFinding>,
    ) {
        let first = self.applied.entry(slot).or_insert_with(|| entry.clone());
        if first != entry {
            out.push(MultiFinding::Violation {
                property: MultiProperty::StateMachineSafety,
                detail: format!(
                    "{node} applied {} in slot {}, another server applied {}",
                    text(entry),
                    slot.0,
                    text(first)
                ),
            });
        }
        if let Some(&id) = self.acked.get(&slot) {
            if entry.command().map(|c| c.id) != Some(id) {
                out.push(MultiFinding::Violation {
                    property: MultiProperty::AckedWritesSurvive,
                    detail: format!(
                        "write #{id} was acknowledged in slot {}, but {node} applied {} there",
                        slot.0,
                        text(entry)
                    ),
                });
            }
        }
    }

    /// The highest slot of a write acknowledged so far.
    pub fn last_acked(&self) -> Option<Slot> {
        self.acked.keys().next_back().copied()
    }

    /// A sync returned at `node`, which has applied every slot below `applied`; `required`
    /// is the highest slot acknowledged when the sync was sent.
    pub fn observe_sync(
        &mut self,
        node: &str,
        applied: Slot,
        required: Option<Slot>,
        out: &mut Vec<MultiFinding>,
    ) {
        if let Some(slot) = required.filter(|s| *s >= applied) {
            out.push(MultiFinding::Violation {
                property: MultiProperty::SyncSeesAckedWrites,
                detail: format!(
                    "a sync at {node} returned with slots 0 to {} applied, but slot {} was acknowledged before the sync was sent",
                    applied.0.saturating_sub(1),
                    slot.0
                ),
            });
        }
    }

    /// A client was told its write `id` succeeded (or failed) at `slot`.
    pub fn observe_ack(&mut self, slot: Slot, id: u64, out: &mut Vec<MultiFinding>) {
        self.acked.insert(slot, id);
        if let Some(e) = self.applied.get(&slot) {
            if e.command().map(|c| c.id) != Some(id) {
                out.push(MultiFinding::Violation {
                    property: MultiProperty::AckedWritesSurvive,
                    detail: format!(
                        "write #{id} was acknowledged in slot {}, which holds {}",
                        slot.0,
                        text(e)
                    ),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multi::zk::WriteOp;

    fn set(id: u64, data: &str) -> Entry<Command> {
        let data = paxos::Value::new(data).unwrap();
        Entry::new(1, Command { id, op: WriteOp::SetData { path: "/x".into(), data, version: None } })
    }

    #[test]
    fn a_quorum_of_votes_in_one_ballot_chooses_and_a_second_value_is_a_violation() {
        let mut c = MultiChecker::new(2);
        let mut out = Vec::new();
        let (b1, b2) = (Ballot::new(1, NodeId(0)), Ballot::new(2, NodeId(1)));
        c.observe_vote(NodeId(0), Slot(0), b1, &set(1, "a"), &mut out);
        assert!(out.is_empty());
        c.observe_vote(NodeId(1), Slot(0), b1, &set(1, "a"), &mut out);
        assert!(matches!(out.pop(), Some(MultiFinding::Chosen { slot: Slot(0), .. })));
        c.observe_vote(NodeId(1), Slot(0), b2, &set(2, "b"), &mut out);
        c.observe_vote(NodeId(2), Slot(0), b2, &set(2, "b"), &mut out);
        assert!(matches!(
            out.pop(),
            Some(MultiFinding::Violation { property: MultiProperty::Agreement, .. })
        ));
    }

    #[test]
    fn servers_applying_different_commands_in_a_slot_break_state_machine_safety() {
        let mut c = MultiChecker::new(2);
        let mut out = Vec::new();
        c.observe_apply("S1", Slot(3), &set(1, "a"), &mut out);
        c.observe_ack(Slot(3), 1, &mut out);
        assert!(out.is_empty());
        c.observe_apply("S2", Slot(3), &set(2, "b"), &mut out);
        let props: Vec<_> = out
            .iter()
            .map(|f| match f {
                MultiFinding::Violation { property, .. } => *property,
                _ => panic!(),
            })
            .collect();
        assert_eq!(props, [MultiProperty::StateMachineSafety, MultiProperty::AckedWritesSurvive]);
    }

    #[test]
    fn a_sync_that_returns_before_an_acknowledged_write_is_applied_is_a_violation() {
        let mut c = MultiChecker::new(2);
        let mut out = Vec::new();
        c.observe_ack(Slot(3), 1, &mut out);
        assert_eq!(c.last_acked(), Some(Slot(3)));
        c.observe_sync("S3", Slot(4), c.last_acked(), &mut out);
        assert!(out.is_empty(), "slots 0 to 3 applied: the read after the sync sees the write");
        c.observe_sync("S3", Slot(3), c.last_acked(), &mut out);
        assert!(matches!(
            &out[..],
            [MultiFinding::Violation { property: MultiProperty::SyncSeesAckedWrites, .. }]
        ));
    }
}
