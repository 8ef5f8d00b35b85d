//! Multi-Paxos and the ZooKeeper view in the simulator: the znode tree replicated by
//! [`paxos::multi::Replica`]s, clients, the checker of the log, and the trace extension.
//!
//! The world's parts (the simulation, sessions, the ledger, the checker, the view) are built
//! with the feature `multi`; without it (the Basic Paxos page's builds) only the wire types
//! and the znode tree's commands are, which the scenario reader names.

#[cfg(feature = "multi")]
mod checker;
#[cfg(feature = "multi")]
mod ledger;
#[cfg(feature = "multi")]
pub mod session;
#[cfg(feature = "multi")]
mod sim;
#[cfg(feature = "multi")]
mod view;
mod wire;
pub mod zk;

#[cfg(feature = "multi")]
pub use checker::{MultiChecker, MultiFinding, MultiProperty};
#[cfg(feature = "multi")]
pub use ledger::{Answer, Ledger, Seen};
#[cfg(feature = "multi")]
pub use session::{Session, WatchKind};
#[cfg(feature = "multi")]
pub use sim::{
    law, role_name, ClientRequest, Multi, MultiFlight, MultiLine, MultiSimulation, MultiViolation, Server,
    ServerSide,
};
#[cfg(feature = "multi")]
pub use view::{MultiSummary, MultiView, ServerView, LOG_TAIL};
pub use wire::{command_text, entry_text, op as wire_of_op, WireMultiMsg, WireOp, WireResult, WireSlotVote};
pub use zk::{check_path, ClientOp, Command, Ended, Happened, ReadOp, Tree, WriteOp, ZkError, Zxid};

use paxos::Value;

/// The shortest and longest session timeouts a client may ask for (ms). ZooKeeper's
/// defaults are 2 and 20 ticks; here a session must outlive a few heartbeats.
pub const SESSION_TIMEOUT: (u64, u64) = (300, 60_000);

/// Checks a client operation as written in a scenario or sent by the page. On error: the
/// field at fault and why.
pub fn client_op(w: &WireOp) -> Result<ClientOp, (&'static str, String)> {
    let path = || -> Result<String, (&'static str, String)> {
        let p = w.path.clone().ok_or(("path", format!("{} needs a path", w.op)))?;
        check_path(&p).map_err(|e| ("path", e.to_string()))?;
        Ok(p)
    };
    let data = || -> Result<Value, (&'static str, String)> {
        let d = w.data.as_deref().ok_or(("data", format!("{} needs data", w.op)))?;
        Value::new(d).map_err(|e| ("data", e.to_string()))
    };
    let changes = |p: &str| if p == "/" { Err(("path", zk::PathError::Root.to_string())) } else { Ok(()) };
    let op = w.op.as_str();
    // Each field an operation does not take is refused by name.
    let takes = |fields: &[&'static str]| -> Result<(), (&'static str, String)> {
        let given = [
            ("path", w.path.is_some()),
            ("data", w.data.is_some()),
            ("version", w.version.is_some()),
            ("ephemeral", w.ephemeral.is_some()),
            ("sequential", w.sequential.is_some()),
            ("watch", w.watch.is_some()),
            ("timeout", w.timeout.is_some()),
        ];
        match given.iter().find(|(name, there)| *there && !fields.contains(name)) {
            Some((name, _)) => Err((name, format!("{op} takes no {name}"))),
            None => Ok(()),
        }
    };
    let session = |what: &str| match w.session {
        Some(_) => Ok(()),
        None => {
            Err(("session", format!("{what} needs a session: connect first, then send it with its session")))
        }
    };
    let read = |read: ReadOp| -> Result<ClientOp, (&'static str, String)> {
        let watch = w.watch == Some(true);
        if watch {
            session("a watch")?;
        }
        Ok(ClientOp::Read { read, watch })
    };
    Ok(match op {
        "create" => {
            takes(&["path", "data", "ephemeral", "sequential"])?;
            let p = path()?;
            changes(&p)?;
            let (ephemeral, sequential) = (w.ephemeral == Some(true), w.sequential == Some(true));
            if ephemeral {
                session("an ephemeral znode")?;
            }
            ClientOp::Write(WriteOp::Create { path: p, data: data()?, ephemeral, sequential })
        }
        "delete" => {
            takes(&["path", "version"])?;
            let p = path()?;
            changes(&p)?;
            ClientOp::Write(WriteOp::Delete { path: p, version: w.version })
        }
        "setData" => {
            takes(&["path", "data", "version"])?;
            let p = path()?;
            changes(&p)?;
            ClientOp::Write(WriteOp::SetData { path: p, data: data()?, version: w.version })
        }
        "getData" => {
            takes(&["path", "watch"])?;
            read(ReadOp::GetData { path: path()? })?
        }
        "exists" => {
            takes(&["path", "watch"])?;
            read(ReadOp::Exists { path: path()? })?
        }
        "getChildren" => {
            takes(&["path", "watch"])?;
            read(ReadOp::GetChildren { path: path()? })?
        }
        "sync" => {
            takes(&[])?;
            ClientOp::Sync
        }
        "connect" => {
            takes(&["timeout"])?;
            if w.session.is_some() && w.timeout.is_some() {
                return Err(("timeout", "a session that moves to another server keeps its timeout".into()));
            }
            let (low, high) = SESSION_TIMEOUT;
            if let Some(t) = w.timeout.filter(|t| !(low..=high).contains(t)) {
                return Err(("timeout", format!("a session's timeout is {low} to {high} ms, not {t}")));
            }
            let timeout = w.timeout.or(w.session.is_none().then_some(DEFAULT_SESSION_TIMEOUT));
            ClientOp::Connect { timeout }
        }
        "close" | "disconnect" => {
            takes(&[])?;
            session(op)?;
            if op == "close" {
                ClientOp::Close
            } else {
                ClientOp::Disconnect
            }
        }
        other => {
            return Err((
                "op",
                format!(
                    "{} is not an operation; the operations are create, delete, setData, getData, exists, getChildren, sync, connect, close, disconnect",
                    crate::Quoted(other)
                ),
            ))
        }
    })
}

/// A session's timeout when `connect` names none (ms).
pub const DEFAULT_SESSION_TIMEOUT: u64 = 1_000;
