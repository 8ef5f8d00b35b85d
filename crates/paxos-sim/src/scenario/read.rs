//! Reading a scenario file's JSON into [`Scenario`] (field by field, see [`crate::json`]).
//! Defaults are the ones docs/scenario.md lists; ranges and names are checked later, by
//! [`Scenario::plan`].

use crate::json::{Fault, Fields, FromJson, Json, Value};
use crate::multi::WireOp;
use crate::trace::WireBallot;

use super::*;

impl FromJson for Scenario {
    fn read(json: &Json) -> Result<Scenario, Fault> {
        const FIELDS: &[&str] = &[
            "format",
            "version",
            "title",
            "description",
            "protocol",
            "nodes",
            "seed",
            "network",
            "proposer",
            "leader",
            "quorum",
            "quorums",
            "broken",
            "events",
            "until",
        ];
        let f = json.fields("struct Scenario", "", FIELDS)?;
        Ok(Scenario {
            format: f.req("format")?,
            version: f.req("version")?,
            title: f.opt("title")?,
            description: f.opt("description")?,
            protocol: f.or("protocol", Protocol::default())?,
            nodes: f.req("nodes")?,
            seed: f.or("seed", 0)?,
            network: f.or("network", NetworkSpec::default())?,
            proposer: f.or("proposer", ProposerSpec::default())?,
            leader: f.opt("leader")?,
            quorum: f.opt("quorum")?,
            quorums: f.opt("quorums")?,
            broken: f.or("broken", Vec::new())?,
            events: read_events(&f)?,
            until: f.or("until", default_until())?,
        })
    }
}

/// The scripted events, read.
#[cfg(feature = "lab")]
fn read_events(f: &Fields) -> Result<Vec<EventSpec>, Fault> {
    f.or("events", Vec::new())
}

/// Whether there are scripted events: the Basic Paxos page's first build (without the
/// laboratory) never runs them, so it keeps one blank event for any number of them and its
/// plan answers `later` (the build that has the laboratory reads them). Their reader stays
/// out of that build (3.0 KB of its gzipped wasm when this was measured).
#[cfg(not(feature = "lab"))]
fn read_events(f: &Fields) -> Result<Vec<EventSpec>, Fault> {
    let Some(events) = f.raw("events") else { return Ok(Vec::new()) };
    let any = !events.array().map_err(|e| e.in_field("events"))?.is_empty();
    Ok(if any { vec![EventSpec::default()] } else { Vec::new() })
}

impl FromJson for QuorumsSpec {
    fn read(json: &Json) -> Result<QuorumsSpec, Fault> {
        let f = json.fields("struct QuorumsSpec", "", &["prepare", "accept"])?;
        Ok(QuorumsSpec { prepare: f.req("prepare")?, accept: f.req("accept")? })
    }
}

impl FromJson for Protocol {
    fn read(json: &Json) -> Result<Protocol, Fault> {
        Ok([Protocol::Basic, Protocol::Multi][json.variant(&["basic", "multi"])?])
    }
}

impl FromJson for LeaderSpec {
    fn read(json: &Json) -> Result<LeaderSpec, Fault> {
        let f = json.fields("struct LeaderSpec", "", &["heartbeat", "election"])?;
        let d = LeaderSpec::default();
        Ok(LeaderSpec { heartbeat: f.or("heartbeat", d.heartbeat)?, election: f.or("election", d.election)? })
    }
}

impl FromJson for ClientSpec {
    fn read(json: &Json) -> Result<ClientSpec, Fault> {
        let f = json.fields("struct ClientSpec", "", CLIENT_FIELDS)?;
        Ok(ClientSpec { server: f.req("server")?, op: wire_op(&f)? })
    }
}

/// A client's request, in a scenario and in the Multi-Paxos view's `client` action.
pub const CLIENT_FIELDS: &[&str] =
    &["server", "op", "path", "data", "version", "ephemeral", "sequential", "watch", "timeout", "session"];

/// The operation of a client's request, listed flat beside its `server`.
pub fn wire_op(f: &Fields) -> Result<WireOp, Fault> {
    Ok(WireOp {
        op: f.req("op")?,
        path: f.opt("path")?,
        data: f.opt("data")?,
        version: f.opt("version")?,
        ephemeral: f.opt("ephemeral")?,
        sequential: f.opt("sequential")?,
        watch: f.opt("watch")?,
        timeout: f.opt("timeout")?,
        session: f.opt("session")?,
    })
}

impl FromJson for NodesSpec {
    fn read(json: &Json) -> Result<NodesSpec, Fault> {
        match json.value {
            Value::Array(_) => Vec::read(json).map(NodesSpec::Names),
            Value::Number(_) => u64::read(json).map(NodesSpec::Count),
            _ => {
                Err(json
                    .invalid_type(&format!("a number of nodes (1 to {MAX_NODES}) or a list of node names")))
            }
        }
    }
}

impl FromJson for NetworkSpec {
    fn read(json: &Json) -> Result<NetworkSpec, Fault> {
        let f = json.fields("struct NetworkSpec", "", &["mode", "delay", "drop", "duplicate"])?;
        let d = NetworkSpec::default();
        Ok(NetworkSpec {
            mode: f.or("mode", d.mode)?,
            delay: f.or("delay", d.delay)?,
            drop: f.or("drop", d.drop)?,
            duplicate: f.or("duplicate", d.duplicate)?,
        })
    }
}

impl FromJson for NetworkMode {
    fn read(json: &Json) -> Result<NetworkMode, Fault> {
        Ok([NetworkMode::Auto, NetworkMode::Manual][json.variant(&["auto", "manual"])?])
    }
}

impl FromJson for ProposerSpec {
    fn read(json: &Json) -> Result<ProposerSpec, Fault> {
        let f = json.fields("struct ProposerSpec", "", &["timeout", "backoff"])?;
        let d = ProposerSpec::default();
        Ok(ProposerSpec { timeout: f.or("timeout", d.timeout)?, backoff: f.or("backoff", d.backoff)? })
    }
}

impl FromJson for BackoffSpec {
    fn read(json: &Json) -> Result<BackoffSpec, Fault> {
        Ok([BackoffSpec::Random, BackoffSpec::None][json.variant(&["random", "none"])?])
    }
}

impl FromJson for EventSpec {
    fn read(json: &Json) -> Result<EventSpec, Fault> {
        const FIELDS: &[&str] = &[
            "at",
            "propose",
            "crash",
            "restart",
            "partition",
            "heal",
            "deliver",
            "drop",
            "duplicate",
            "link",
            "timeout",
            "client",
            "network",
        ];
        let f = json.fields("struct EventSpec", "", FIELDS)?;
        Ok(EventSpec {
            at: f.req("at")?,
            propose: f.opt("propose")?,
            crash: f.opt("crash")?,
            restart: f.opt("restart")?,
            partition: f.opt("partition")?,
            heal: f.opt("heal")?,
            deliver: f.opt("deliver")?,
            drop: f.opt("drop")?,
            duplicate: f.opt("duplicate")?,
            link: f.opt("link")?,
            timeout: f.opt("timeout")?,
            client: f.opt("client")?,
            network: f.opt("network")?,
        })
    }
}

impl FromJson for SelectorSpec {
    fn read(json: &Json) -> Result<SelectorSpec, Fault> {
        let f = json.fields("struct SelectorSpec", "", &["from", "to", "type", "ballot", "slot", "id"])?;
        Ok(SelectorSpec {
            from: f.req("from")?,
            to: f.req("to")?,
            kind: f.opt("type")?,
            ballot: f.opt("ballot")?,
            slot: f.opt("slot")?,
            id: f.opt("id")?,
        })
    }
}

impl FromJson for MsgKind {
    fn read(json: &Json) -> Result<MsgKind, Fault> {
        Ok(MsgKind::ALL[json.variant(&MsgKind::ALL.map(MsgKind::name))?])
    }
}

impl FromJson for ProposeSpec {
    fn read(json: &Json) -> Result<ProposeSpec, Fault> {
        let f = json.fields("struct ProposeSpec", "", &["node", "value"])?;
        Ok(ProposeSpec { node: f.req("node")?, value: f.req("value")? })
    }
}

impl FromJson for LinkSpec {
    fn read(json: &Json) -> Result<LinkSpec, Fault> {
        let f = json.fields("struct LinkSpec", "", &["between", "cut", "extra"])?;
        Ok(LinkSpec { between: f.req("between")?, cut: f.or("cut", false)?, extra: f.or("extra", 0)? })
    }
}

impl FromJson for WireBallot {
    fn read(json: &Json) -> Result<WireBallot, Fault> {
        let f = json.fields("struct WireBallot", "", &["round", "node"])?;
        Ok(WireBallot { round: f.req("round")?, node: f.req("node")? })
    }
}
