//! Multi-Paxos and the ZooKeeper view in the simulator: the znode tree replicated by
//! [`paxos::multi::Replica`]s, clients, the checker of the log, and the trace extension.

mod checker;
mod ledger;
mod sim;
mod view;
mod wire;
pub mod zk;

pub use checker::{MultiChecker, MultiFinding, MultiProperty};
pub use ledger::{Answer, Ledger};
pub use sim::{
    law, role_name, ClientRequest, Multi, MultiFlight, MultiLine, MultiSimulation, MultiViolation, Server,
    ServerSide,
};
pub use view::{MultiSummary, MultiView, ServerView, LOG_TAIL};
pub use wire::{command_text, entry_text, op as wire_of_op, WireMultiMsg, WireOp, WireResult, WireSlotVote};
pub use zk::{check_path, ClientOp, Command, ReadOp, Tree, WriteOp, ZkError, Zxid};

use paxos::Value;

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
    let no_data = |op: &str| match (&w.data, w.version) {
        (Some(_), _) => Err(("data", format!("{op} takes no data"))),
        (_, Some(_)) => Err(("version", format!("{op} takes no version"))),
        _ => Ok(()),
    };
    Ok(match w.op.as_str() {
        "create" => {
            let p = path()?;
            changes(&p)?;
            if w.version.is_some() {
                return Err(("version", "create takes no version".into()));
            }
            ClientOp::Write(WriteOp::Create { path: p, data: data()? })
        }
        "delete" => {
            let p = path()?;
            changes(&p)?;
            if w.data.is_some() {
                return Err(("data", "delete takes no data".into()));
            }
            ClientOp::Write(WriteOp::Delete { path: p, version: w.version })
        }
        "setData" => {
            let p = path()?;
            changes(&p)?;
            ClientOp::Write(WriteOp::SetData { path: p, data: data()?, version: w.version })
        }
        "getData" => {
            no_data("getData")?;
            ClientOp::Read(ReadOp::GetData { path: path()? })
        }
        "exists" => {
            no_data("exists")?;
            ClientOp::Read(ReadOp::Exists { path: path()? })
        }
        "getChildren" => {
            no_data("getChildren")?;
            ClientOp::Read(ReadOp::GetChildren { path: path()? })
        }
        "sync" => {
            no_data("sync")?;
            if w.path.is_some() {
                return Err(("path", "sync takes no path".into()));
            }
            ClientOp::Sync
        }
        other => {
            return Err((
                "op",
                format!(
                    "{} is not an operation; the operations are create, delete, setData, getData, exists, getChildren, sync",
                    crate::Quoted(other)
                ),
            ))
        }
    })
}
