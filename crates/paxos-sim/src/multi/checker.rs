//! The safety checker of the replicated log, run after every step: what a quorum voted for
//! in one ballot is chosen, and nothing else may ever be chosen, learned or applied there.

use std::collections::{BTreeMap, BTreeSet};

use paxos::multi::Entry;
use paxos::{Ballot, NodeId, Slot};

use crate::multi::zk::{Command, Tree, Zxid};

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
    /// always("session-fifo"): a server answers a session's requests in the order the client
    /// sent them.
    SessionFifo,
    /// always("read-your-writes"): a read in a session is answered from a copy that holds
    /// every write the session was told succeeded.
    ReadYourWrites,
    /// always("sync-then-read-is-fresh"): a read sent in a session after a sync (without
    /// waiting for its answer) sees every write acknowledged before the sync was sent.
    SyncThenReadIsFresh,
    /// always("ephemeral-dies-with-session"): no server's copy holds an ephemeral znode of a
    /// session that has ended there.
    EphemeralDiesWithSession,
}

impl MultiProperty {
    pub fn name(self) -> &'static str {
        match self {
            MultiProperty::Agreement => "agreement",
            MultiProperty::LearnedIsChosen => "learned-is-chosen",
            MultiProperty::StateMachineSafety => "state-machine-safety",
            MultiProperty::AckedWritesSurvive => "acknowledged-writes-survive",
            MultiProperty::SyncSeesAckedWrites => "sync-sees-acknowledged-writes",
            MultiProperty::SessionFifo => "session-fifo",
            MultiProperty::ReadYourWrites => "read-your-writes",
            MultiProperty::SyncThenReadIsFresh => "sync-then-read-is-fresh",
            MultiProperty::EphemeralDiesWithSession => "ephemeral-dies-with-session",
        }
    }
    pub const ALL: [MultiProperty; 9] = [
        MultiProperty::Agreement,
        MultiProperty::LearnedIsChosen,
        MultiProperty::StateMachineSafety,
        MultiProperty::AckedWritesSurvive,
        MultiProperty::SyncSeesAckedWrites,
        MultiProperty::SessionFifo,
        MultiProperty::ReadYourWrites,
        MultiProperty::SyncThenReadIsFresh,
        MultiProperty::EphemeralDiesWithSession,
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

    /// `node`'s copy after a session ended or an ephemeral znode was created there: every ephemeral znode's owner is
    /// an open session.
    pub fn observe_ephemerals(&mut self, node: &str, tree: &Tree, out: &mut Vec<MultiFinding>) {
        for (path, z) in tree.nodes() {
            if let Some(owner) = z.owner.filter(|o| !tree.sessions().contains_key(o)) {
                out.push(MultiFinding::Violation {
                    property: MultiProperty::EphemeralDiesWithSession,
                    detail: format!(
                        "{node} still holds {path}, an ephemeral znode of session {owner}, which has ended"
                    ),
                });
            }
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

/// The client-side guarantees of a session, judged where the world answers a session's
/// requests. Each returns the violation's detail.
pub mod session {
    use super::*;

    /// A server answered `request` while `oldest` (sent before it) was unanswered.
    pub fn fifo(session: u64, request: u64, oldest: Option<u64>) -> Result<(), String> {
        match oldest {
            Some(first) if first != request => Err(format!(
                "session {session}: request #{request} was answered before #{first}, which the client sent first"
            )),
            _ => Ok(()),
        }
    }

    /// A read in `session` at `node`, whose copy is at `at`, after the session's write at
    /// `written` succeeded.
    pub fn read_your_writes(session: u64, node: &str, at: Zxid, written: Zxid) -> Result<(), String> {
        if at < written {
            return Err(format!(
                "session {session} read at {node}, whose copy is at zxid {at}, after its own write at zxid {written}"
            ));
        }
        Ok(())
    }

    /// A read in `session` at `node` (which has applied every slot below `applied`) sent
    /// after a sync, when slot `required` had been acknowledged before the sync was sent.
    pub fn sync_then_read(
        session: u64,
        node: &str,
        applied: Slot,
        required: Option<Slot>,
    ) -> Result<(), String> {
        match required {
            Some(slot) if slot >= applied => Err(format!(
                "session {session} read at {node} after a sync, with slots 0 to {} applied, but slot {} was acknowledged before the sync was sent",
                applied.0 as i64 - 1,
                slot.0
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multi::zk::WriteOp;

    fn set(id: u64, data: &str) -> Entry<Command> {
        let data = paxos::Value::new(data).unwrap();
        Entry::new(
            1,
            Command { id, session: None, op: WriteOp::SetData { path: "/x".into(), data, version: None } },
        )
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

    #[test]
    fn session_fifo_holds_only_when_the_oldest_request_is_answered_first() {
        assert!(session::fifo(1, 4, Some(4)).is_ok());
        assert!(session::fifo(1, 4, None).is_ok());
        assert_eq!(
            session::fifo(1, 5, Some(4)).unwrap_err(),
            "session 1: request #5 was answered before #4, which the client sent first"
        );
    }

    #[test]
    fn read_your_writes_fails_for_a_copy_older_than_the_sessions_write() {
        let z = |counter| Zxid { epoch: 1, counter };
        assert!(session::read_your_writes(2, "S3", z(4), z(4)).is_ok());
        assert!(session::read_your_writes(2, "S3", z(3), z(4)).unwrap_err().contains("zxid 1:3"));
    }

    #[test]
    fn sync_then_read_is_fresh_fails_when_an_acknowledged_slot_is_not_applied() {
        assert!(session::sync_then_read(2, "S3", Slot(4), Some(Slot(3))).is_ok());
        assert!(session::sync_then_read(2, "S3", Slot(4), None).is_ok());
        let e = session::sync_then_read(2, "S3", Slot(3), Some(Slot(3))).unwrap_err();
        assert!(e.contains("slots 0 to 2 applied, but slot 3"), "{e}");
    }

    #[test]
    fn ephemeral_dies_with_session_is_violated_by_an_ephemeral_of_an_ended_session() {
        use crate::multi::zk::Tree;
        let v = |s: &str| paxos::Value::new(s).unwrap();
        let mut t = Tree::default();
        let cmd = |id, session, op| Entry::new(1, Command { id, session, op });
        t.apply(&cmd(1, None, WriteOp::CreateSession { session: 1, timeout: 500 }));
        let create = WriteOp::Create { path: "/e".into(), data: v("x"), ephemeral: true, sequential: false };
        t.apply(&cmd(2, Some(1), create));
        let (mut c, mut out) = (MultiChecker::new(2), Vec::new());
        c.observe_ephemerals("S1", &t, &mut out);
        assert!(out.is_empty());
        // A copy that ended the session but kept the znode, as a broken tree would.
        let mut kept = t.clone();
        kept.apply(&cmd(3, None, WriteOp::CloseSession { session: 1 }));
        assert!(kept.get("/e").is_none(), "the real tree deletes it");
        let mut broken = t.clone();
        broken.end_session_keeping_ephemerals(1);
        c.observe_ephemerals("S1", &broken, &mut out);
        assert!(matches!(
            &out[..],
            [MultiFinding::Violation { property: MultiProperty::EphemeralDiesWithSession, .. }]
        ));
    }
}
