//! What a Multi-Paxos cluster's clients and its checker make of the replicas' effects: each
//! server's copy of the znode tree, the writes and syncs it has not answered, and the log's
//! safety checker. The live world and the model checker both keep one, so the properties
//! are judged by the same code over the same effects.

use std::sync::Arc;

use paxos::multi::{MultiEvent, Write};
use paxos::{NodeId, Slot};

use crate::multi::checker::{MultiChecker, MultiFinding};

use crate::multi::wire::WireResult;
use crate::multi::zk::{Changes, Command, Ended, Tree, WriteOp, Zxid};

/// The clients' and the checker's view of a cluster. Its parts are shared between copies
/// and copied when changed: the model checker keeps a ledger in every state, and a move
/// changes one tree or the checker at most (9.5 KB a state at round 2 when each copy was
/// whole, `paxos-sim check examples/check/multi-failover.json --max-round 2`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ledger {
    pub checker: Arc<MultiChecker>,
    /// Each server's copy of the tree (volatile: empty again after a restart).
    pub trees: Vec<Arc<Tree>>,
    /// Each server's writes and syncs not answered yet: request id and, for a sync, the
    /// highest slot acknowledged when it was sent.
    open: Vec<Vec<(u64, Option<Slot>)>>,
}

/// An answer to a client's write or sync.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub request: u64,
    /// The slot a write was applied in.
    pub slot: Option<Slot>,
    /// A write's zxid, if it succeeded.
    pub zxid: Option<Zxid>,
    pub result: WireResult,
}

/// What a replica's event did that clients see: the answer it completes, the znodes a
/// command changed (for watches), and the session a command ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Seen {
    pub answer: Option<Answer>,
    pub changes: Changes,
    /// The session a `closeSession` ended, and whether its client closed it or it expired.
    pub ended: Option<(u64, Ended)>,
}

impl Ledger {
    pub fn new(servers: usize, quorum: u16) -> Ledger {
        Ledger {
            checker: Arc::new(MultiChecker::new(quorum)),
            trees: vec![Arc::default(); servers],
            open: vec![Vec::new(); servers],
        }
    }

    /// A client sends write or sync `request` to `server`. Returns the highest slot
    /// acknowledged so far (what a sync must see).
    pub fn open(&mut self, server: NodeId, request: u64) -> Option<Slot> {
        let required = self.checker.last_acked();
        self.open[server.index()].push((request, required));
        required
    }

    /// Replica `id` asks for `write` (before it reaches its disk).
    pub fn persist(&mut self, id: NodeId, write: &Write<Command>, out: &mut Vec<MultiFinding>) {
        if let Write::Voted { slot, ballot, entry } = write {
            Arc::make_mut(&mut self.checker).observe_vote(id, *slot, *ballot, entry, out);
        }
    }

    /// Replica `id` (named `name`, which has applied every slot below `applied`) tells
    /// `event`.
    pub fn event(
        &mut self,
        id: NodeId,
        name: &str,
        applied: Slot,
        event: MultiEvent<Command>,
        out: &mut Vec<MultiFinding>,
    ) -> Seen {
        let mut seen = Seen::default();
        match event {
            MultiEvent::Learned { slot, entry } => {
                Arc::make_mut(&mut self.checker).observe_learn(name, slot, &entry, out);
            }
            MultiEvent::Apply { slot, entry } => {
                let checker = Arc::make_mut(&mut self.checker);
                checker.observe_apply(name, slot, &entry, out);
                let Some(done) = Arc::make_mut(&mut self.trees[id.index()]).apply(&entry) else {
                    return seen;
                };
                let op = &entry.command().expect("a command was applied").op;
                if let (Ok(_), WriteOp::CloseSession { session }) = (&done.outcome, op) {
                    let how = self.trees[id.index()].ended(*session).expect("just ended");
                    seen.ended = Some((*session, how));
                }
                if done.outcome.is_ok()
                    && matches!(op, WriteOp::CloseSession { .. } | WriteOp::Create { ephemeral: true, .. })
                {
                    checker.observe_ephemerals(name, &self.trees[id.index()], out);
                }
                seen.changes = done.changes;
                if self.close(id, done.request).is_none() {
                    return seen;
                }
                Arc::make_mut(&mut self.checker).observe_ack(slot, done.request, out);
                let (zxid, result) = match done.outcome {
                    Ok(d) => {
                        let session = match op {
                            WriteOp::CreateSession { session, .. } => Some(*session),
                            _ => None,
                        };
                        let result = WireResult {
                            ok: true,
                            zxid: Some(d.zxid.to_string()),
                            session,
                            path: d.created,
                            ..Default::default()
                        };
                        (Some(d.zxid), result)
                    }
                    Err(e) => (None, WireResult::failed(e.to_string())),
                };
                seen.answer = Some(Answer { request: done.request, slot: Some(slot), zxid, result });
            }
            MultiEvent::Synced { token } => {
                let Some(required) = self.close(id, token) else { return seen };
                let zxid = self.trees[id.index()].last_zxid().to_string();
                Arc::make_mut(&mut self.checker).observe_sync(name, applied, required, out);
                let result = WireResult { ok: true, zxid: Some(zxid), ..Default::default() };
                seen.answer = Some(Answer { request: token, slot: None, zxid: None, result });
            }
        }
        seen
    }

    /// A client stopped waiting for `request` at server `id` (it moved or went silent): no
    /// answer is given when it completes.
    pub fn forget(&mut self, id: NodeId, request: u64) {
        self.close(id, request);
    }

    /// Server `id` crashed: the requests it had not answered lose their connection.
    pub fn crashed(&mut self, id: NodeId) -> Vec<u64> {
        std::mem::take(&mut self.open[id.index()]).into_iter().map(|(r, _)| r).collect()
    }

    /// Server `id` restarts: its tree is rebuilt from the chosen log it applies again.
    pub fn restarted(&mut self, id: NodeId) {
        self.trees[id.index()] = Arc::default();
    }

    /// Takes `request` off server `id`'s open requests; `None` if it was not open there.
    fn close(&mut self, id: NodeId, request: u64) -> Option<Option<Slot>> {
        let open = &mut self.open[id.index()];
        let k = open.iter().position(|&(r, _)| r == request)?;
        Some(open.remove(k).1)
    }
}
