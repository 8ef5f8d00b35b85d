//! ZooKeeper's client sessions in the world: a client connects to one server and gets a
//! session; the server answers the session's requests in the order they were sent (a read
//! waits behind the session's write, sync or close); watches are one-shot and fire at the
//! session's server when it applies the change; the leader expires a session it has not
//! heard of for its timeout, through a `closeSession` in the log, which deletes the
//! session's ephemeral znodes.
//!
//! The server holds one of a session's requests at a time in the log (ZooKeeper pipelines
//! them; one at a time keeps the same order with less to show). A client moving to another
//! server takes its last seen zxid along and is refused by a server behind it, as
//! ZooKeeper's is, so it never reads older data than it has seen.

use paxos::sorted::SortedSet;

use paxos::multi::MultiRequest;
use paxos::{NodeId, Slot};

use crate::multi::checker::{self, MultiFinding, MultiProperty};
use crate::multi::sim::Multi;
use crate::multi::wire::WireResult;
use crate::multi::zk::{ClientOp, Command, Ended, Happened, ReadOp, WriteOp, Zxid};
use crate::trace::TraceEvent;
use crate::world::{ActionError, World};

/// What a watch was left by: `getData` or `exists` on a znode that is there (`Data`),
/// `exists` on one that is not (`Exist`), `getChildren` (`Child`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WatchKind {
    Data,
    Exist,
    Child,
}

impl WatchKind {
    /// `data`, `exist`, `child`: the `kind` of a trace's `watch`.
    pub fn name(self) -> &'static str {
        match self {
            WatchKind::Data => "data",
            WatchKind::Exist => "exist",
            WatchKind::Child => "child",
        }
    }
    /// Whether this watch fires for `happened` to its znode (ZooKeeper's triggers).
    fn fires(self, happened: Happened) -> bool {
        match happened {
            Happened::Created | Happened::DataChanged => matches!(self, WatchKind::Data | WatchKind::Exist),
            Happened::Deleted => true,
            Happened::ChildrenChanged => self == WatchKind::Child,
        }
    }
}

/// A sync sent in a session: the server it went to, and the highest slot acknowledged when
/// it was sent (see [`ClientRequest::required`]).
///
/// [`ClientRequest::required`]: crate::multi::ClientRequest::required
pub type SyncMark = (NodeId, Option<Slot>);

/// A request waiting for the session's server.
#[derive(Clone, Debug)]
pub struct Waiting {
    pub id: u64,
    pub op: ClientOp,
    /// For a read: the session's last sync sent before it (`sync-then-read-is-fresh`
    /// judges the read against it at that server).
    pub after_sync: Option<SyncMark>,
}

/// One client's session as the world keeps it.
#[derive(Clone, Debug)]
pub struct Session {
    pub id: u64,
    pub timeout: u64,
    /// The server the client is connected to; `None` while it is not (it went silent, its
    /// server crashed, it was refused, or the session ended).
    pub server: Option<NodeId>,
    pub ended: Option<Ended>,
    /// The highest zxid the client has seen in an answer.
    pub seen: Zxid,
    /// The zxid of its last write that succeeded.
    pub written: Zxid,
    /// Its last sync sent to its present server, if any.
    pub synced: Option<SyncMark>,
    /// The request the server is working on, and those waiting behind it, in order. `Vec`s,
    /// not `VecDeque`s: a session has a few requests waiting, and a `VecDeque`'s code costs
    /// 1.8 KB gzipped of the Multi-Paxos view's wasm. (Its watches and the trees' session
    /// tables are paxos::sorted's for the same reason: `BTree`s cost 3.8 KB more.)
    pub running: Option<u64>,
    pub waiting: Vec<Waiting>,
    /// Requests sent and not answered yet, in the order sent (what `session-fifo` judges).
    pub unanswered: Vec<u64>,
    /// Watches left, each fires once.
    pub watches: SortedSet<(String, WatchKind)>,
    /// Whether its connect was answered, and how many watch notifications it was sent.
    pub opened: bool,
    pub notified: u64,
}

impl World<Multi> {
    pub fn sessions(&self) -> &[Session] {
        &self.rules.sessions
    }

    /// Checks that `op` can be sent in `session` to `server` now.
    pub(super) fn check_session(
        &self,
        server: NodeId,
        op: &ClientOp,
        session: Option<u64>,
    ) -> Result<(), ActionError> {
        let Some(sid) = session else {
            return match op {
                ClientOp::Close | ClientOp::Disconnect => {
                    Err(ActionError::Session(format!("{} needs a session", op.name())))
                }
                _ => Ok(()),
            };
        };
        let s = self.session(sid).ok_or_else(|| {
            let n = self.rules.sessions.len();
            ActionError::Session(match n {
                0 => format!("there is no session {sid}: no client has connected yet"),
                _ => format!(
                    "there is no session {sid}; the sessions are 1 to {n}, numbered as clients connect"
                ),
            })
        })?;
        if let Some(how) = s.ended {
            return Err(ActionError::Session(format!("{}: connect for a new session", ended_text(sid, how))));
        }
        match (op, s.server) {
            (ClientOp::Connect { .. }, _) if !s.opened => Err(ActionError::Session(format!(
                "session {sid} was never opened: its connect was not answered; connect for a new session"
            ))),
            (ClientOp::Connect { .. }, _) => Ok(()),
            (ClientOp::Disconnect, None) => {
                Err(ActionError::Session(format!("session {sid} is not connected")))
            }
            (_, Some(at)) if at == server => Ok(()),
            (_, Some(at)) => Err(ActionError::Session(format!(
                "session {sid} is connected to {}, not {}: connect it to {} first",
                self.name(at),
                self.name(server),
                self.name(server)
            ))),
            (_, None) => Err(ActionError::Session(format!(
                "session {sid} is not connected: connect it to a server first (with its session)"
            ))),
        }
    }

    fn session(&self, id: u64) -> Option<&Session> {
        self.rules.sessions.get(usize::try_from(id).ok()?.checked_sub(1)?)
    }
    fn session_mut(&mut self, id: u64) -> &mut Session {
        &mut self.rules.sessions[id as usize - 1]
    }

    /// Request `id`, `op`, was sent in session `sid` (checked) to `server`; `new`: it opens
    /// that session.
    pub(super) fn in_session(&mut self, server: NodeId, id: u64, op: ClientOp, sid: u64, new: bool) {
        if let (true, ClientOp::Connect { timeout }) = (new, &op) {
            let timeout = &timeout.unwrap_or(crate::multi::DEFAULT_SESSION_TIMEOUT);
            self.rules.sessions.push(Session {
                id: sid,
                timeout: *timeout,
                server: Some(server),
                ended: None,
                seen: Zxid::default(),
                written: Zxid::default(),
                synced: None,
                running: None,
                waiting: Vec::new(),
                unanswered: Vec::new(),
                watches: SortedSet::new(),
                opened: false,
                notified: 0,
            });
        }
        self.session_mut(sid).unanswered.push(id);
        match op {
            ClientOp::Connect { .. } if !new => self.move_session(sid, server, id),
            ClientOp::Disconnect => {
                // The client is gone: nobody waits for an answer.
                self.leave(sid, None);
                self.session_mut(sid).unanswered.retain(|&r| r != id);
            }
            op => {
                let required = self.rules.requests[&id].required;
                let s = self.session_mut(sid);
                let after_sync = if matches!(op, ClientOp::Read { .. }) { s.synced } else { None };
                s.waiting.push(Waiting { id, op: op.clone(), after_sync });
                if let (ClientOp::Sync, Some(at)) = (op, s.server) {
                    s.synced = Some((at, required));
                }
                self.next_in_session(sid);
            }
        }
    }

    /// Starts the session's requests in order until one has to wait for the log.
    pub(super) fn next_in_session(&mut self, sid: u64) {
        loop {
            let s = self.session_mut(sid);
            let Some(server) = s.server.filter(|_| s.running.is_none()) else { return };
            if s.waiting.is_empty() {
                return;
            }
            let Waiting { id, op, after_sync } = s.waiting.remove(0);
            let propose = |session, op| MultiRequest::Propose(Command { id, session, op });
            let request = match op {
                ClientOp::Read { read, watch } => {
                    self.session_read(sid, server, id, &read, watch, after_sync);
                    continue;
                }
                ClientOp::Sync => MultiRequest::Sync(id),
                ClientOp::Connect { .. } => {
                    let timeout = self.session(sid).expect("open").timeout;
                    propose(None, WriteOp::CreateSession { session: sid, timeout })
                }
                ClientOp::Close => propose(Some(sid), WriteOp::CloseSession { session: sid }),
                ClientOp::Write(op) => propose(Some(sid), op),
                ClientOp::Disconnect => unreachable!("not queued"),
            };
            self.session_mut(sid).running = Some(id);
            self.rules.ledger.open(server, id);
            self.request(server, request);
            return;
        }
    }

    fn session_read(
        &mut self,
        sid: u64,
        server: NodeId,
        id: u64,
        read: &ReadOp,
        watch: bool,
        after_sync: Option<SyncMark>,
    ) {
        let tree = std::sync::Arc::clone(&self.rules.ledger.trees[server.index()]);
        let (name, at, applied) =
            (self.name(server), tree.last_zxid(), self.hosts[server.index()].node.applied());
        let s = self.session(sid).expect("open");
        let mut findings = Vec::new();
        let judged = [
            (MultiProperty::ReadYourWrites, checker::session::read_your_writes(sid, &name, at, s.written)),
            (
                MultiProperty::SyncThenReadIsFresh,
                match after_sync {
                    Some((at, required)) if at == server => {
                        checker::session::sync_then_read(sid, &name, applied, required)
                    }
                    _ => Ok(()),
                },
            ),
        ];
        for (property, verdict) in judged {
            if let Err(detail) = verdict {
                findings.push(MultiFinding::Violation { property, detail });
            }
        }
        self.report(&mut findings);
        let result = self.read(server, read);
        if watch {
            let kind = match read {
                ReadOp::GetData { path } if result.ok => Some((path, WatchKind::Data)),
                ReadOp::Exists { path } => {
                    Some((path, if result.exists == Some(true) { WatchKind::Data } else { WatchKind::Exist }))
                }
                ReadOp::GetChildren { path } if result.ok => Some((path, WatchKind::Child)),
                _ => None,
            };
            if let Some((path, kind)) = kind {
                self.session_mut(sid).watches.insert((path.clone(), kind));
                let event = TraceEvent::Watch {
                    node: name,
                    session: sid,
                    path: path.clone(),
                    kind: kind.name().into(),
                };
                self.record(event);
            }
        }
        let s = self.session_mut(sid);
        s.seen = s.seen.max(at);
        self.reply(id, result);
    }

    /// The answer to the session's running request came (`zxid`: a write's, if it
    /// succeeded); the next request starts.
    pub(super) fn session_answered(&mut self, sid: u64, request: u64, zxid: Option<Zxid>, server: NodeId) {
        let at = self.rules.ledger.trees[server.index()].last_zxid();
        let s = self.session_mut(sid);
        if s.running == Some(request) {
            s.running = None;
        }
        s.seen = s.seen.max(at);
        if let Some(z) = zxid {
            // The first answer with a zxid is its connect's.
            s.written = s.written.max(z);
            s.opened = true;
        }
    }

    /// The client moves session `sid` to `server` (request `id`): it leaves its server, and
    /// `server` takes it unless it has ended there or `server` is behind what it has seen.
    fn move_session(&mut self, sid: u64, server: NodeId, id: u64) {
        let name = self.name(server);
        let lost = match self.session(sid).expect("open").server {
            Some(at) if at == server => format!("connection lost: the client connected to {name} again"),
            _ => format!("connection lost: the client moved to {name}"),
        };
        // The client leaves its server first, as ZooKeeper's does: refused, it is connected
        // nowhere.
        self.leave(sid, Some(&lost));
        let tree = std::sync::Arc::clone(&self.rules.ledger.trees[server.index()]);
        let s = self.session(sid).expect("open");
        let refused = if let Some(how) = tree.ended(sid) {
            self.session_mut(sid).ended = Some(how);
            Some(ended_text(sid, how))
        } else if tree.last_zxid() < s.seen {
            Some(format!(
                "{} has seen zxid {} only, and this client has seen {}: it would go back in time; connect to another server",
                self.name(server),
                tree.last_zxid(),
                s.seen
            ))
        } else {
            None
        };
        if let Some(error) = refused {
            self.reply(id, WireResult::failed(error));
            return;
        }
        self.session_mut(sid).server = Some(server);
        // The client sets its watches again with its last seen zxid; what changed since
        // fires at once (ZooKeeper's setWatches).
        let seen = self.session(sid).expect("open").seen;
        let watches = std::mem::take(&mut self.session_mut(sid).watches);
        let mut fired = Vec::new();
        for (path, kind) in watches {
            let z = tree.get(&path);
            let happened = match (kind, z) {
                (WatchKind::Data | WatchKind::Child, None) => Some(Happened::Deleted),
                (WatchKind::Data, Some(z)) if z.mzxid > seen => Some(Happened::DataChanged),
                (WatchKind::Exist, Some(_)) => Some(Happened::Created),
                (WatchKind::Child, Some(z)) if z.pzxid > seen => Some(Happened::ChildrenChanged),
                _ => None,
            };
            match happened {
                Some(h) => fired.push((path, h)),
                None => {
                    let event = TraceEvent::Watch {
                        node: name.clone(),
                        session: sid,
                        path: path.clone(),
                        kind: kind.name().into(),
                    };
                    self.record(event);
                    self.session_mut(sid).watches.insert((path, kind));
                }
            }
        }
        self.notify(sid, server, fired);
        let result = WireResult {
            ok: true,
            session: Some(sid),
            zxid: Some(tree.last_zxid().to_string()),
            ..WireResult::default()
        };
        self.reply(id, result);
        let s = self.session_mut(sid);
        s.seen = s.seen.max(tree.last_zxid());
        self.next_in_session(sid);
    }

    /// The session's client leaves its server: with `error`, the requests it was waiting
    /// for fail (connection lost); without, they are forgotten (the client is gone).
    pub(super) fn leave(&mut self, sid: u64, error: Option<&str>) {
        let s = self.session_mut(sid);
        let Some(server) = s.server.take() else { return };
        let running = s.running.take();
        let waiting: Vec<u64> = s.waiting.drain(..).map(|w| w.id).collect();
        // A sync not answered fails with the rest; one answered has raised `seen`, which
        // the next server must have reached.
        s.synced = None;
        if let Some(r) = running {
            self.rules.ledger.forget(server, r);
        }
        for r in running.into_iter().chain(waiting) {
            match error {
                Some(e) => self.reply(r, WireResult::failed(e)),
                None => {
                    self.session_mut(sid).unanswered.retain(|&x| x != r);
                    if let Some(q) = self.rules.requests.get_mut(&r) {
                        q.dropped = true;
                    }
                }
            }
        }
    }

    /// Server `id` applied a command that made `changes`: the watches of the sessions
    /// connected to it fire.
    pub(super) fn fire_watches(&mut self, id: NodeId, changes: &[(String, Happened)]) {
        let here: Vec<u64> =
            self.rules.sessions.iter().filter(|s| s.server == Some(id)).map(|s| s.id).collect();
        for sid in here {
            let s = self.session_mut(sid);
            let mut fired = Vec::new();
            for (path, happened) in changes {
                let hit: Vec<_> =
                    s.watches.iter().filter(|(p, k)| p == path && k.fires(*happened)).cloned().collect();
                for w in &hit {
                    s.watches.remove(w);
                }
                if !hit.is_empty() {
                    fired.push((path.clone(), *happened));
                }
            }
            self.notify(sid, id, fired);
        }
    }

    /// Server `id` applied the `closeSession` of session `sid`: if the client is connected
    /// there, the session is over for it, and what it still waits for fails; a client
    /// connected nowhere is over too (it hears so when it connects again). A client
    /// connected to another server waits until that one applies it.
    pub(super) fn end_session(&mut self, id: NodeId, sid: u64, how: Ended) {
        match self.session(sid) {
            Some(s) if s.ended.is_none() && s.server.is_none_or(|at| at == id) => {}
            _ => return,
        }
        self.session_mut(sid).ended = Some(how);
        self.leave(sid, Some(&ended_text(sid, how)));
    }

    fn notify(&mut self, sid: u64, server: NodeId, fired: Vec<(String, Happened)>) {
        for (path, happened) in fired {
            self.session_mut(sid).notified += 1;
            let event = TraceEvent::Notify {
                node: self.name(server),
                session: sid,
                path,
                kind: happened.name().into(),
            };
            self.record(event);
        }
    }

    /// Leader `id`'s session tracker, run after each of its steps (its heartbeat timer
    /// at least): a session is heard of now while its client is connected to a server that
    /// is up and not cut off from the leader (ZooKeeper's clients ping their server and
    /// the followers pass the pings on with every tick; the pings are not drawn as
    /// messages). A session not heard of for its timeout is expired with a `closeSession`
    /// in the log. A leader that cannot reach a quorum expires nothing (ZooKeeper's stops
    /// leading): it cannot know what the others heard, and its `closeSession` would be
    /// forwarded to the next leader after a heal.
    pub(super) fn track_sessions(&mut self, id: NodeId) {
        let tree = std::sync::Arc::clone(&self.rules.ledger.trees[id.index()]);
        if tree.sessions().is_empty() {
            return;
        }
        let now = self.now;
        let reaches = |w: &Self, at: NodeId| at == id || (w.hosts[at.index()].up && !w.is_cut(at, id));
        let reached = self.config.all().filter(|&at| reaches(self, at)).count();
        let heard: Vec<u64> = if reached < usize::from(self.config.quorum) {
            tree.sessions().keys().copied().collect()
        } else {
            self.rules
                .sessions
                .iter()
                .filter(|s| s.server.is_some_and(|at| reaches(self, at)))
                .map(|s| s.id)
                .collect()
        };
        let side = &mut self.hosts[id.index()].extra;
        for sid in heard {
            side.touched.insert(sid, now);
        }
        let mut expire = Vec::new();
        for (&sid, &timeout) in tree.sessions().iter() {
            // A new leader gives every session a fresh timeout, as ZooKeeper's does.
            let heard = *side.touched.get(&sid).unwrap_or(&now);
            side.touched.insert(sid, heard);
            if now >= heard.plus(timeout) && side.expiring.insert(sid) {
                expire.push(sid);
            }
        }
        for sid in expire {
            self.record(TraceEvent::Expire { node: self.name(id), session: sid });
            let request = self.rules.next_request;
            self.rules.next_request += 1;
            let command = Command { id: request, session: None, op: WriteOp::CloseSession { session: sid } };
            self.request(id, MultiRequest::Propose(command));
        }
    }
}

/// `session 2 was closed` (by its client) or `session 2 has expired`.
fn ended_text(sid: u64, how: Ended) -> String {
    match how {
        Ended::Closed => format!("session {sid} was closed"),
        Ended::Expired => format!("session {sid} has expired"),
    }
}
