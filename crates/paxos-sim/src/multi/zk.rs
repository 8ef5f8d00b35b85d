//! The state machine of the ZooKeeper view: a tree of znodes, each with data and a version.
//! Every change (create, delete, setData) is one command in the Multi-Paxos log, applied in
//! slot order; reads (getData, exists, getChildren) are answered from a server's own copy.

use std::collections::{BTreeMap, BTreeSet};
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
    Create {
        path: String,
        data: Value,
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
    Read(ReadOp),
    /// Catch up with the leader before the next read.
    Sync,
}

impl ClientOp {
    /// `setData`, `getChildren`, ... as in ZooKeeper's API and the scenario file.
    pub fn name(&self) -> &'static str {
        match self {
            ClientOp::Write(WriteOp::Create { .. }) => "create",
            ClientOp::Write(WriteOp::Delete { .. }) => "delete",
            ClientOp::Write(WriteOp::SetData { .. }) => "setData",
            ClientOp::Read(ReadOp::GetData { .. }) => "getData",
            ClientOp::Read(ReadOp::Exists { .. }) => "exists",
            ClientOp::Read(ReadOp::GetChildren { .. }) => "getChildren",
            ClientOp::Sync => "sync",
        }
    }
    pub fn path(&self) -> Option<&str> {
        match self {
            ClientOp::Write(
                WriteOp::Create { path, .. } | WriteOp::Delete { path, .. } | WriteOp::SetData { path, .. },
            )
            | ClientOp::Read(
                ReadOp::GetData { path } | ReadOp::Exists { path } | ReadOp::GetChildren { path },
            ) => Some(path),
            ClientOp::Sync => None,
        }
    }
}

/// A client request's command in the log: its request id makes a retried or re-forwarded
/// command apply once.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Command {
    pub id: u64,
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

/// One znode.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Znode {
    pub data: String,
    pub version: u32,
    /// The change that created it, and the last change to its data.
    pub czxid: Zxid,
    pub mzxid: Zxid,
}

/// What applying a command did: the zxid it got, or why it was refused.
pub type Outcome = Result<Zxid, ZkError>;

/// One server's copy of the tree.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tree {
    nodes: BTreeMap<String, Znode>,
    last: Zxid,
    /// Request ids applied so far, with their outcome: a command applies once.
    done: BTreeMap<u64, Outcome>,
}

/// The island's laws before anything happens: `/laws/electricity` = "1元/度".
pub const LAW_PATH: &str = "/laws/electricity";
pub const FIRST_LAW: &str = "1元/度";

impl Default for Tree {
    fn default() -> Tree {
        let node = |data: &str| Znode {
            data: data.into(),
            version: 0,
            czxid: Zxid::default(),
            mzxid: Zxid::default(),
        };
        let nodes = BTreeMap::from([
            ("/".to_string(), node("")),
            ("/laws".to_string(), node("")),
            (LAW_PATH.to_string(), node(FIRST_LAW)),
        ]);
        Tree { nodes, last: Zxid::default(), done: BTreeMap::new() }
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

    /// Applies the entry of the next slot; `Some((request id, outcome))` for a command.
    pub fn apply(&mut self, entry: &Entry<Command>) -> Option<(u64, Outcome)> {
        let command = entry.command()?;
        if let Some(outcome) = self.done.get(&command.id) {
            return Some((command.id, outcome.clone())); // applied once already
        }
        let epoch = self.last.epoch.max(entry.epoch);
        let zxid = Zxid { epoch, counter: if epoch == self.last.epoch { self.last.counter + 1 } else { 1 } };
        let outcome = self.change(&command.op, zxid);
        if outcome.is_ok() {
            self.last = zxid;
        }
        self.done.insert(command.id, outcome.clone());
        Some((command.id, outcome))
    }

    fn change(&mut self, op: &WriteOp, zxid: Zxid) -> Outcome {
        match op {
            WriteOp::Create { path, data } => {
                if self.nodes.contains_key(path) {
                    return Err(ZkError::NodeExists { path: path.clone() });
                }
                if !self.nodes.contains_key(parent(path)) {
                    return Err(ZkError::NoParent { path: path.clone() });
                }
                let node = Znode { data: data.to_string(), version: 0, czxid: zxid, mzxid: zxid };
                self.nodes.insert(path.clone(), node);
            }
            WriteOp::Delete { path, version } => {
                let node = self.check(path, *version)?;
                let _ = node;
                if self.children(path).is_some_and(|c| !c.is_empty()) {
                    return Err(ZkError::NotEmpty { path: path.clone() });
                }
                self.nodes.remove(path);
            }
            WriteOp::SetData { path, data, version } => {
                self.check(path, *version)?;
                let node = self.nodes.get_mut(path).expect("checked");
                node.data = data.to_string();
                node.version += 1;
                node.mzxid = zxid;
            }
        }
        Ok(zxid)
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
        Entry::new(2, Command { id, op })
    }
    fn v(s: &str) -> Value {
        Value::new(s).unwrap()
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
        let set = |_id: u64, data: &str, version| WriteOp::SetData {
            path: LAW_PATH.into(),
            data: v(data),
            version,
        };
        assert_eq!(t.apply(&cmd(1, set(1, "2元/度", None))), Some((1, Ok(Zxid { epoch: 2, counter: 1 }))));
        assert_eq!(t.apply(&cmd(2, set(2, "3元/度", Some(1)))).unwrap().1, Ok(Zxid { epoch: 2, counter: 2 }));
        assert_eq!(t.get(LAW_PATH).unwrap().version, 2);
        let stale = t.apply(&cmd(3, set(3, "4元/度", Some(1)))).unwrap().1;
        assert_eq!(stale, Err(ZkError::BadVersion { path: LAW_PATH.into(), expected: 1, actual: 2 }));
        assert_eq!(t.apply(&Entry::noop(5)), None);
        assert_eq!(t.apply(&cmd(4, set(4, "5元/度", None))).unwrap().1, Ok(Zxid { epoch: 2, counter: 3 }));
    }

    #[test]
    fn a_command_applied_twice_changes_the_tree_once() {
        let mut t = Tree::default();
        let create = WriteOp::Create { path: "/laws/water".into(), data: v("3元/吨") };
        let first = t.apply(&cmd(7, create.clone()));
        assert_eq!(t.apply(&cmd(7, create)), first, "same request id: same outcome, no NodeExists");
        assert_eq!(t.children("/laws").unwrap(), ["electricity", "water"]);
    }

    #[test]
    fn create_needs_a_parent_and_delete_needs_no_children() {
        let mut t = Tree::default();
        let create = WriteOp::Create { path: "/a/b".into(), data: v("x") };
        assert_eq!(t.apply(&cmd(1, create)).unwrap().1, Err(ZkError::NoParent { path: "/a/b".into() }));
        let del = WriteOp::Delete { path: "/laws".into(), version: None };
        assert_eq!(t.apply(&cmd(2, del)).unwrap().1, Err(ZkError::NotEmpty { path: "/laws".into() }));
    }

    #[test]
    fn paths_are_checked() {
        assert!(check_path("/laws/electricity").is_ok());
        assert!(check_path("laws").is_err());
        assert!(check_path("/laws/").is_err());
        assert!(check_path("/a//b").is_err());
    }
}
