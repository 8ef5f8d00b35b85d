//! The state machine of the ZooKeeper view: a tree of znodes, each with data and a version,
//! and the open client sessions. Every change (create, delete, setData, and a session's
//! start and end) is one command in the Multi-Paxos log, applied in slot order; reads
//! (getData, exists, getChildren) are answered from a server's own copy.

use std::collections::{BTreeMap, BTreeSet};

use paxos::sorted::SortedMap;
use std::fmt;

use paxos::multi::Entry;
use paxos::{Value, ValueError};
use serde::{Deserialize, Serialize};

/// ZooKeeper's transaction id: the epoch (the round of the leader that proposed the change,
/// or of a later one, so zxids never go down) and a counter within the epoch. Shown `2:5`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Zxid {
    pub epoch: u64,
    pub counter: u64,
}

impl fmt::Display for Zxid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.epoch, self.counter)
    }
}

/// A change to the tree: the command replicated in the log.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WriteOp {
    /// `ephemeral`: deleted when the creating session ends. `sequential`: the name gets the
    /// parent's child counter appended, ten digits (`/lock/n-0000000003`).
    Create {
        path: String,
        data: Value,
        ephemeral: bool,
        sequential: bool,
    },
    /// `version`: only if the znode is at this version (ZooKeeper's conditional delete).
    Delete {
        path: String,
        version: Option<u32>,
    },
    SetData {
        path: String,
        data: Value,
        version: Option<u32>,
    },
    /// Session `session` starts, with `timeout` ms of silence allowed before it expires.
    CreateSession {
        session: u64,
        timeout: u64,
    },
    /// Session `session` ends (closed by its client, or expired by the leader): its
    /// ephemeral znodes are deleted.
    CloseSession {
        session: u64,
    },
}

/// A read, answered by the server the client is connected to, from its own copy.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ReadOp {
    GetData { path: String },
    Exists { path: String },
    GetChildren { path: String },
}

/// What a client asks a server.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ClientOp {
    Write(WriteOp),
    /// `watch`: leave a one-shot watch on what was read (in a session only).
    Read {
        read: ReadOp,
        watch: bool,
    },
    /// Catch up with the leader before the next read.
    Sync,
    /// Open a session with this timeout (ms; the default when `None`), or, with a session
    /// named, move it here (it keeps its timeout: `None`).
    Connect {
        timeout: Option<u64>,
    },
    /// End the session: its ephemeral znodes go.
    Close,
    /// The client goes silent without closing (its process died or its network did):
    /// the session expires after its timeout unless the client connects again.
    Disconnect,
}

impl ClientOp {
    /// `setData`, `getChildren`, ... as in ZooKeeper's API and the scenario file.
    pub fn name(&self) -> &'static str {
        match self {
            ClientOp::Write(WriteOp::Create { .. }) => "create",
            ClientOp::Write(WriteOp::Delete { .. }) => "delete",
            ClientOp::Write(WriteOp::SetData { .. }) => "setData",
            ClientOp::Write(WriteOp::CreateSession { .. }) => "createSession",
            ClientOp::Write(WriteOp::CloseSession { .. }) => "closeSession",
            ClientOp::Read { read: ReadOp::GetData { .. }, .. } => "getData",
            ClientOp::Read { read: ReadOp::Exists { .. }, .. } => "exists",
            ClientOp::Read { read: ReadOp::GetChildren { .. }, .. } => "getChildren",
            ClientOp::Sync => "sync",
            ClientOp::Connect { .. } => "connect",
            ClientOp::Close => "close",
            ClientOp::Disconnect => "disconnect",
        }
    }
    pub fn path(&self) -> Option<&str> {
        match self {
            ClientOp::Write(
                WriteOp::Create { path, .. } | WriteOp::Delete { path, .. } | WriteOp::SetData { path, .. },
            )
            | ClientOp::Read {
                read: ReadOp::GetData { path } | ReadOp::Exists { path } | ReadOp::GetChildren { path },
                ..
            } => Some(path),
            _ => None,
        }
    }
}

impl ReadOp {
    pub fn path(&self) -> &str {
        match self {
            ReadOp::GetData { path } | ReadOp::Exists { path } | ReadOp::GetChildren { path } => path,
        }
    }
}

/// A client request's command in the log: its request id makes a retried or re-forwarded
/// command apply once; `session` is the session that sent it, if any (an ephemeral znode's
/// owner).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Command {
    pub id: u64,
    pub session: Option<u64>,
    pub op: WriteOp,
}

/// Why ZooKeeper refused a change or a read. Outcomes, not bugs: every server refuses the
/// same command the same way.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "camelCase")]
pub enum ZkError {
    #[error("no znode {path}")]
    NoNode { path: String },
    #[error("{path} exists already")]
    NodeExists { path: String },
    #[error("{path} is at version {actual}, not {expected}")]
    BadVersion { path: String, expected: u32, actual: u32 },
    #[error("{path} has children: delete them first")]
    NotEmpty { path: String },
    #[error("no parent znode for {path}")]
    NoParent { path: String },
    #[error("{path} is ephemeral: an ephemeral znode has no children")]
    NoChildrenForEphemerals { path: String },
    #[error("session {session} has expired or was closed")]
    SessionExpired { session: u64 },
}

/// A bad path or data in a client request (a person's mistake, refused before it is sent).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("a path starts with \"/\" and has no empty part and no trailing \"/\": {}", crate::Quoted(.0))]
    Malformed(String),
    #[error("the root \"/\" cannot be created, deleted or changed")]
    Root,
    #[error("a path is at most 128 bytes, not {0}")]
    TooLong(usize),
    #[error(transparent)]
    Data(#[from] ValueError),
}

/// Checks a znode path: `/laws/electricity`.
pub fn check_path(path: &str) -> Result<(), PathError> {
    if path.len() > 128 {
        return Err(PathError::TooLong(path.len()));
    }
    if path == "/" {
        return Ok(());
    }
    // `strip_prefix`, not `[1..]`: no slicing panic (and its Unicode tables) in the
    // browser's build.
    match path.strip_prefix('/') {
        Some(rest) if !rest.ends_with('/') && !rest.split('/').any(str::is_empty) => Ok(()),
        _ => Err(PathError::Malformed(path.to_string())),
    }
}

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ended {
    Closed,
    Expired,
}

/// One znode.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Znode {
    pub data: String,
    pub version: u32,
    /// The change that created it, and the last change to its data.
    pub czxid: Zxid,
    pub mzxid: Zxid,
    /// The last change to its list of children, and how many children were created or
    /// deleted (ZooKeeper's `pzxid` and `cversion`; a sequential child's number).
    pub pzxid: Zxid,
    pub cversion: u32,
    /// The session that owns it, for an ephemeral znode.
    pub owner: Option<u64>,
}

impl Znode {
    fn new(data: String, zxid: Zxid, owner: Option<u64>) -> Znode {
        Znode { data, version: 0, czxid: zxid, mzxid: zxid, pzxid: zxid, cversion: 0, owner }
    }
}

/// What a change did to the tree, as a watch sees it (ZooKeeper's event types).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Happened {
    Created,
    Deleted,
    DataChanged,
    ChildrenChanged,
}

impl Happened {
    /// `created`, `deleted`, `changed`, `children`: the `type` of a trace's `notify`.
    pub fn name(self) -> &'static str {
        match self {
            Happened::Created => "created",
            Happened::Deleted => "deleted",
            Happened::DataChanged => "changed",
            Happened::ChildrenChanged => "children",
        }
    }
}

/// A command's effect: `(path, what happened to it)`, in order.
pub type Changes = Vec<(String, Happened)>;

/// A command that succeeded: its zxid and, for a sequential create, the name it created.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Done {
    pub zxid: Zxid,
    pub created: Option<String>,
}

/// A command applied: its request id, its outcome, and what it changed (empty when it
/// was refused or applied before).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub request: u64,
    pub outcome: Outcome,
    pub changes: Changes,
}

/// What applying a command did, or why it was refused.
pub type Outcome = Result<Done, ZkError>;

/// One server's copy of the tree.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tree {
    nodes: BTreeMap<String, Znode>,
    last: Zxid,
    /// Request ids applied so far, with their outcome: a command applies once.
    done: BTreeMap<u64, Outcome>,
    /// Open sessions and their timeouts (ms). A sorted `Vec`: a few sessions, and a
    /// fraction of a `BTreeMap`'s code in the browser's wasm (paxos::sorted; see
    /// `Session::running`).
    sessions: SortedMap<u64, u64>,
    /// Sessions that have ended, and how.
    ended: SortedMap<u64, Ended>,
}

/// The island's laws before anything happens: `/laws/electricity` = "1元/度".
pub const LAW_PATH: &str = "/laws/electricity";
pub const FIRST_LAW: &str = "1元/度";

impl Default for Tree {
    fn default() -> Tree {
        let node = |data: &str| Znode::new(data.into(), Zxid::default(), None);
        let mut nodes = BTreeMap::from([
            ("/".to_string(), node("")),
            ("/laws".to_string(), node("")),
            (LAW_PATH.to_string(), node(FIRST_LAW)),
        ]);
        // Each parent counts the children created under it.
        nodes.get_mut("/").expect("root").cversion = 1;
        nodes.get_mut("/laws").expect("laws").cversion = 1;
        Tree {
            nodes,
            last: Zxid::default(),
            done: BTreeMap::new(),
            sessions: SortedMap::new(),
            ended: SortedMap::new(),
        }
    }
}

fn parent(path: &str) -> &str {
    match path.rsplit_once('/') {
        Some(("", _)) | None => "/",
        Some((parent, _)) => parent,
    }
}

impl Tree {
    /// The zxid of the last change applied.
    pub fn last_zxid(&self) -> Zxid {
        self.last
    }
    pub fn nodes(&self) -> &BTreeMap<String, Znode> {
        &self.nodes
    }
    pub fn get(&self, path: &str) -> Option<&Znode> {
        self.nodes.get(path)
    }
    /// The open sessions and their timeouts (ms).
    pub fn sessions(&self) -> &SortedMap<u64, u64> {
        &self.sessions
    }
    /// How session `session` ended here, if it has: closed by its client (its own
    /// `closeSession`) or expired (the leader's).
    pub fn ended(&self, session: u64) -> Option<Ended> {
        self.ended.get(&session).copied()
    }
    /// The names of `path`'s children, in order.
    pub fn children(&self, path: &str) -> Option<Vec<String>> {
        self.nodes.get(path)?;
        let prefix = if path == "/" { "/".to_string() } else { format!("{path}/") };
        let kids = self
            .nodes
            .range(prefix.clone()..)
            .map_while(|(p, _)| p.strip_prefix(prefix.as_str()))
            .filter(|name| !name.is_empty() && !name.contains('/'))
            .map(str::to_string)
            .collect();
        Some(kids)
    }

    /// Applies the entry of the next slot; `None` for a no-op.
    pub fn apply(&mut self, entry: &Entry<Command>) -> Option<Applied> {
        let command = entry.command()?;
        if let Some(outcome) = self.done.get(&command.id) {
            // Applied once already.
            return Some(Applied { request: command.id, outcome: outcome.clone(), changes: Vec::new() });
        }
        let epoch = self.last.epoch.max(entry.epoch);
        let zxid = Zxid { epoch, counter: if epoch == self.last.epoch { self.last.counter + 1 } else { 1 } };
        let mut changes = Vec::new();
        let outcome = self.change(command, zxid, &mut changes);
        if outcome.is_ok() {
            self.last = zxid;
        }
        self.done.insert(command.id, outcome.clone());
        Some(Applied { request: command.id, outcome, changes })
    }

    fn change(&mut self, command: &Command, zxid: Zxid, changes: &mut Changes) -> Outcome {
        let mut created = None;
        match &command.op {
            WriteOp::Create { path, data, ephemeral, sequential } => {
                let owner = match (ephemeral, command.session) {
                    (false, _) => None,
                    (true, Some(s)) if self.sessions.contains_key(&s) => Some(s),
                    (true, s) => return Err(ZkError::SessionExpired { session: s.unwrap_or(0) }),
                };
                let parent_path = parent(path);
                let parent =
                    self.nodes.get(parent_path).ok_or_else(|| ZkError::NoParent { path: path.clone() })?;
                if parent.owner.is_some() {
                    return Err(ZkError::NoChildrenForEphemerals { path: parent_path.to_string() });
                }
                let name = if *sequential { format!("{path}{:010}", parent.cversion) } else { path.clone() };
                if self.nodes.contains_key(&name) {
                    return Err(ZkError::NodeExists { path: name });
                }
                self.nodes.insert(name.clone(), Znode::new(data.to_string(), zxid, owner));
                self.children_changed(parent_path, zxid);
                changes.push((name.clone(), Happened::Created));
                changes.push((parent_path.to_string(), Happened::ChildrenChanged));
                created = sequential.then_some(name);
            }
            WriteOp::Delete { path, version } => {
                self.check(path, *version)?;
                if self.children(path).is_some_and(|c| !c.is_empty()) {
                    return Err(ZkError::NotEmpty { path: path.clone() });
                }
                self.delete(path, zxid, changes);
            }
            WriteOp::SetData { path, data, version } => {
                self.check(path, *version)?;
                let node = self.nodes.get_mut(path).expect("checked");
                node.data = data.to_string();
                node.version += 1;
                node.mzxid = zxid;
                changes.push((path.clone(), Happened::DataChanged));
            }
            WriteOp::CreateSession { session, timeout } => {
                self.sessions.insert(*session, *timeout);
            }
            WriteOp::CloseSession { session } => {
                if self.sessions.remove(session).is_none() {
                    return Err(ZkError::SessionExpired { session: *session });
                }
                let how = if command.session == Some(*session) { Ended::Closed } else { Ended::Expired };
                self.ended.insert(*session, how);
                let owned: Vec<String> = self
                    .nodes
                    .iter()
                    .filter(|(_, z)| z.owner == Some(*session))
                    .map(|(p, _)| p.clone())
                    .collect();
                for path in owned {
                    self.delete(&path, zxid, changes);
                }
            }
        }
        Ok(Done { zxid, created })
    }

    fn delete(&mut self, path: &str, zxid: Zxid, changes: &mut Changes) {
        self.nodes.remove(path);
        self.children_changed(parent(path), zxid);
        changes.push((path.to_string(), Happened::Deleted));
        changes.push((parent(path).to_string(), Happened::ChildrenChanged));
    }

    fn children_changed(&mut self, parent: &str, zxid: Zxid) {
        if let Some(p) = self.nodes.get_mut(parent) {
            p.cversion += 1;
            p.pzxid = zxid;
        }
    }

    fn check(&self, path: &str, version: Option<u32>) -> Result<&Znode, ZkError> {
        let node = self.nodes.get(path).ok_or_else(|| ZkError::NoNode { path: path.to_string() })?;
        match version {
            Some(expected) if expected != node.version => {
                Err(ZkError::BadVersion { path: path.to_string(), expected, actual: node.version })
            }
            _ => Ok(node),
        }
    }

    /// Ends `session` as a broken server would: its ephemeral znodes stay (for the
    /// checker's tests).
    #[cfg(all(test, feature = "multi"))]
    pub(crate) fn end_session_keeping_ephemerals(&mut self, session: u64) {
        self.sessions.remove(&session);
        self.ended.insert(session, Ended::Expired);
    }

    /// Paths whose znode differs between two copies (data, version, or present in one only).
    pub fn differences(&self, other: &Tree) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (path, node) in &self.nodes {
            if other.nodes.get(path) != Some(node) {
                out.insert(path.clone());
            }
        }
        out.extend(other.nodes.keys().filter(|p| !self.nodes.contains_key(*p)).cloned());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(id: u64, op: WriteOp) -> Entry<Command> {
        Entry::new(2, Command { id, session: None, op })
    }
    fn in_session(id: u64, session: u64, op: WriteOp) -> Entry<Command> {
        Entry::new(2, Command { id, session: Some(session), op })
    }
    fn v(s: &str) -> Value {
        Value::new(s).unwrap()
    }
    fn zxid(t: &mut Tree, e: Entry<Command>) -> Result<Zxid, ZkError> {
        t.apply(&e).unwrap().outcome.map(|d| d.zxid)
    }
    fn create(path: &str, ephemeral: bool, sequential: bool) -> WriteOp {
        WriteOp::Create { path: path.into(), data: v("x"), ephemeral, sequential }
    }

    #[test]
    fn the_default_tree_holds_the_island_law() {
        let t = Tree::default();
        assert_eq!(t.get(LAW_PATH).unwrap().data, "1元/度");
        assert_eq!(t.children("/").unwrap(), ["laws"]);
        assert_eq!(t.children("/laws").unwrap(), ["electricity"]);
    }

    #[test]
    fn set_data_bumps_the_version_and_zxids_count_within_an_epoch() {
        let mut t = Tree::default();
        let set = |data: &str, version| WriteOp::SetData { path: LAW_PATH.into(), data: v(data), version };
        let first = t.apply(&cmd(1, set("2元/度", None))).unwrap();
        assert_eq!(
            (first.request, first.outcome),
            (1, Ok(Done { zxid: Zxid { epoch: 2, counter: 1 }, created: None }))
        );
        assert_eq!(first.changes, [(LAW_PATH.to_string(), Happened::DataChanged)]);
        assert_eq!(zxid(&mut t, cmd(2, set("3元/度", Some(1)))), Ok(Zxid { epoch: 2, counter: 2 }));
        assert_eq!(t.get(LAW_PATH).unwrap().version, 2);
        let stale = zxid(&mut t, cmd(3, set("4元/度", Some(1))));
        assert_eq!(stale, Err(ZkError::BadVersion { path: LAW_PATH.into(), expected: 1, actual: 2 }));
        assert_eq!(t.apply(&Entry::noop(5)), None);
        assert_eq!(zxid(&mut t, cmd(4, set("5元/度", None))), Ok(Zxid { epoch: 2, counter: 3 }));
    }

    #[test]
    fn a_command_applied_twice_changes_the_tree_once() {
        let mut t = Tree::default();
        let create = create("/laws/water", false, false);
        let first = t.apply(&cmd(7, create.clone())).unwrap();
        let again = t.apply(&cmd(7, create)).unwrap();
        assert_eq!(again.outcome, first.outcome, "same request id: same outcome, no NodeExists");
        assert!(again.changes.is_empty(), "and no second change for a watch to see");
        assert_eq!(t.children("/laws").unwrap(), ["electricity", "water"]);
    }

    #[test]
    fn create_needs_a_parent_and_delete_needs_no_children() {
        let mut t = Tree::default();
        assert_eq!(
            zxid(&mut t, cmd(1, create("/a/b", false, false))),
            Err(ZkError::NoParent { path: "/a/b".into() })
        );
        let del = WriteOp::Delete { path: "/laws".into(), version: None };
        assert_eq!(zxid(&mut t, cmd(2, del)), Err(ZkError::NotEmpty { path: "/laws".into() }));
    }

    #[test]
    fn sequential_names_count_the_parents_children_created_and_deleted() {
        let mut t = Tree::default();
        zxid(&mut t, cmd(1, create("/lock", false, false))).unwrap();
        let name = |t: &mut Tree, id| {
            t.apply(&cmd(id, create("/lock/n-", false, true))).unwrap().outcome.unwrap().created
        };
        assert_eq!(name(&mut t, 2).as_deref(), Some("/lock/n-0000000000"));
        assert_eq!(name(&mut t, 3).as_deref(), Some("/lock/n-0000000001"));
        zxid(&mut t, cmd(4, WriteOp::Delete { path: "/lock/n-0000000000".into(), version: None })).unwrap();
        assert_eq!(
            name(&mut t, 5).as_deref(),
            Some("/lock/n-0000000003"),
            "a deletion counts too: names never repeat"
        );
        assert_eq!(t.children("/lock").unwrap(), ["n-0000000001", "n-0000000003"]);
    }

    #[test]
    fn ephemeral_znodes_die_with_their_session() {
        let mut t = Tree::default();
        zxid(&mut t, cmd(1, WriteOp::CreateSession { session: 1, timeout: 1000 })).unwrap();
        zxid(&mut t, cmd(2, WriteOp::CreateSession { session: 2, timeout: 1000 })).unwrap();
        zxid(&mut t, cmd(3, create("/lock", false, false))).unwrap();
        zxid(&mut t, in_session(4, 1, create("/lock/n-", true, true))).unwrap();
        zxid(&mut t, in_session(5, 2, create("/lock/n-", true, true))).unwrap();
        let child = WriteOp::Create {
            path: "/lock/n-0000000000/x".into(),
            data: v("x"),
            ephemeral: false,
            sequential: false,
        };
        assert_eq!(
            zxid(&mut t, cmd(6, child)),
            Err(ZkError::NoChildrenForEphemerals { path: "/lock/n-0000000000".into() })
        );
        let closed = t.apply(&cmd(7, WriteOp::CloseSession { session: 1 })).unwrap();
        assert!(closed.outcome.is_ok());
        assert_eq!(t.children("/lock").unwrap(), ["n-0000000001"], "session 2's lock node stays");
        assert_eq!(
            closed.changes,
            [
                ("/lock/n-0000000000".to_string(), Happened::Deleted),
                ("/lock".to_string(), Happened::ChildrenChanged)
            ]
        );
        assert_eq!(t.ended(1), Some(Ended::Expired), "ended by a closeSession of no session: the leader's");
        assert!(!t.sessions().contains_key(&1));
        let late = zxid(&mut t, in_session(8, 1, create("/lock/n-", true, true)));
        assert_eq!(
            late,
            Err(ZkError::SessionExpired { session: 1 }),
            "an ended session creates no ephemeral"
        );
        assert_eq!(
            zxid(&mut t, cmd(9, WriteOp::CloseSession { session: 1 })),
            Err(ZkError::SessionExpired { session: 1 })
        );
    }

    #[test]
    fn paths_are_checked() {
        assert!(check_path("/laws/electricity").is_ok());
        assert!(check_path("laws").is_err());
        assert!(check_path("/laws/").is_err());
        assert!(check_path("/a//b").is_err());
    }
}
