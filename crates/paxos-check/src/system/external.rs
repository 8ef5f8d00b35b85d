//! A student's Basic Paxos node ([`paxos_sim::external`]) as the checker of any protocol
//! explores it: every request is asked of the node's program (answers remembered, so a
//! state's node is asked once per input), and the world's live checker judges what the
//! nodes say. A node that breaks the node protocol is reported as the property
//! [`NODE_PROTOCOL`] broken, with the shortest path to the request that showed it.

use paxos::{Effect, EffectOf, Message, NodeId, Value};
use paxos_sim::checker::Checker;
use paxos_sim::external::{External, ExternalConfig, ExternalSimulation, Runner};
use paxos_sim::scenario::{
    Action, EventSpec, NetworkMode, NetworkSpec, Pick, Plan, ProposeSpec, Scenario, SelectorSpec,
};
use paxos_sim::trace::Namer;

use super::{Move, Spec};

/// The name a broken node protocol is reported under.
pub const NODE_PROTOCOL: &str = "node-protocol";

/// A cluster of a student's nodes to explore: the scenario's nodes and proposals.
#[derive(Clone, Debug)]
pub struct ExternalSpec {
    pub names: Vec<String>,
    pub config: ExternalConfig,
    pub requests: Vec<(NodeId, Value)>,
    pub max_round: u64,
    pub crashes: u8,
}

impl ExternalSpec {
    /// The proposals of `plan`, explored with the nodes `runner` asks.
    pub fn from_plan(
        plan: &Plan,
        runner: Runner,
        max_round: u64,
        crashes: u8,
    ) -> Result<ExternalSpec, String> {
        let requests = plan.proposals();
        if requests.is_empty() || requests.len() > 64 {
            return Err("the scenario needs 1 to 64 propose events to check".into());
        }
        let config = ExternalConfig { names: plan.names.clone().into(), runner };
        Ok(ExternalSpec { names: plan.names.clone(), config, requests, max_round, crashes })
    }

    fn fault(&self) -> Option<(String, String)> {
        self.config.runner.fault().map(|f| (NODE_PROTOCOL.to_string(), f.to_string()))
    }
}

impl Spec for ExternalSpec {
    type P = External;
    type Judge = Checker;

    fn config(&self) -> &ExternalConfig {
        &self.config
    }
    fn names(&self) -> &[String] {
        &self.names
    }
    fn requests(&self) -> &[(NodeId, Value)] {
        &self.requests
    }
    fn max_round(&self) -> u64 {
        self.max_round
    }
    fn crashes(&self) -> u8 {
        self.crashes
    }
    fn judge(&self) -> Checker {
        Checker::new(self.names.clone(), paxos::Config::majority(self.names.len() as u16))
    }
    fn requested(&self, checker: &mut Checker, k: usize) {
        checker.proposed(&self.requests[k].1);
    }
    fn effect(
        &self,
        checker: &mut Checker,
        id: NodeId,
        _: &External,
        effect: &EffectOf<External>,
    ) -> Option<(String, String)> {
        let Effect::Event(told) = effect else { return None };
        let mut findings = Vec::new();
        checker.observe_told(id, told, &mut findings);
        super::basic::broken(findings)
    }
    /// A reply that broke the protocol left the node as it was: the search stops there.
    fn settled(&self, _: &mut Checker, _: NodeId, _: &External) -> Option<(String, String)> {
        self.fault()
    }
    fn crashed(&self, _: &mut Checker, _: NodeId) {}
    fn restarted(&self, _: &mut Checker, _: NodeId) {}
    fn describe(&self, msg: &Message) -> String {
        paxos_sim::json::write::to_string(&Namer(&self.names).msg(msg))
    }
    fn describe_request(&self, value: &Value) -> String {
        format!("{}", paxos::Quoted(value.as_str()))
    }
}

/// A path the search found, as a scenario that replays it (`paxos-sim run --node`, or the
/// page with the same node): a manual network and every move a scripted event at time 0,
/// each message named by its copy's id, a node's messages to itself delivered at once, first
/// sent first (as the search handles them), a message delivered again duplicated first.
/// Returns it with the world that played it (its trace shows the violation).
pub fn scenario(
    spec: &ExternalSpec,
    plan: &Plan,
    path: &[Move<Message>],
    title: &str,
    detail: &str,
) -> Result<(Scenario, ExternalSimulation), String> {
    let network = NetworkSpec { mode: NetworkMode::Manual, ..plan.network.clone() };
    let mut replay = Plan { script: Vec::new(), network: network.clone(), until: 0, ..plan.clone() };
    replay.title = Some(title.into());
    let mut world = ExternalSimulation::with_config(replay, spec.config.clone(), true);
    let name = |n: NodeId| spec.names[n.index()].clone();
    let mut events = Vec::new();
    let mut act = |world: &mut ExternalSimulation, action: Action, event: EventSpec| -> Result<(), String> {
        world
            .apply(action)
            .map_err(|e| format!("the path does not replay ({e}): does the node's reply depend on `now`?"))?;
        events.push(event);
        Ok(())
    };
    let by_id = |from: NodeId, to: NodeId, id: u64| SelectorSpec {
        from: name(from),
        to: name(to),
        kind: None,
        ballot: None,
        slot: None,
        id: Some(id),
    };
    let at0 = EventSpec::default;
    // What a node sends itself is handled at once, first sent first, as the search does: what
    // the nodes sent themselves as they started, before any move, then after each move.
    let locals = |world: &mut ExternalSimulation,
                  after: u64,
                  act: &mut dyn FnMut(&mut ExternalSimulation, Action, EventSpec) -> Result<(), String>|
     -> Result<(), String> {
        while let Some(id) = world.local_after(after) {
            let node = world.flights().find(|f| f.id == id).map(|f| f.from).expect("in flight");
            act(
                world,
                Action::Deliver(Pick::Id(id)),
                EventSpec { deliver: Some(by_id(node, node, id)), ..at0() },
            )?;
        }
        Ok(())
    };
    locals(&mut world, 0, &mut act)?;
    for (i, mv) in path.iter().enumerate() {
        let before = world.last_message_id();
        match mv {
            Move::Request(k) => {
                let (node, value) = spec.requests[*k].clone();
                let propose = ProposeSpec { node: name(node), value: value.to_string() };
                act(
                    &mut world,
                    Action::Propose { node, value },
                    EventSpec { propose: Some(propose), ..at0() },
                )?;
            }
            Move::Deliver { from, to, msg } => {
                let copy = world
                    .flights()
                    .find(|f| f.from == *from && f.to == *to && f.msg == *msg)
                    .map(|f| f.id)
                    .ok_or_else(|| {
                        format!("the path does not replay: move {} finds no such message in flight", i + 1)
                    })?;
                if path[i + 1..].contains(mv) {
                    let dup = by_id(*from, *to, copy);
                    act(
                        &mut world,
                        Action::Duplicate(Pick::Id(copy)),
                        EventSpec { duplicate: Some(dup), ..at0() },
                    )?;
                }
                let sel = by_id(*from, *to, copy);
                act(&mut world, Action::Deliver(Pick::Id(copy)), EventSpec { deliver: Some(sel), ..at0() })?;
            }
            Move::Timeout(n) => {
                act(&mut world, Action::Fire(*n), EventSpec { timeout: Some(name(*n)), ..at0() })?
            }
            Move::Crash(n) => {
                act(&mut world, Action::Crash(*n), EventSpec { crash: Some(name(*n)), ..at0() })?
            }
            Move::Restart(n) => {
                act(&mut world, Action::Restart(*n), EventSpec { restart: Some(name(*n)), ..at0() })?
            }
        }
        locals(&mut world, before, &mut act)?;
    }
    let scenario = Scenario {
        format: paxos_sim::scenario::SCENARIO_FORMAT.into(),
        version: paxos_sim::scenario::SCENARIO_VERSION,
        title: Some(title.into()),
        description: Some(detail.into()),
        protocol: paxos_sim::scenario::Protocol::Basic,
        nodes: paxos_sim::scenario::NodesSpec::Names(spec.names.clone()),
        seed: plan.seed,
        network,
        proposer: Default::default(),
        leader: None,
        quorum: None,
        quorums: None,
        broken: Vec::new(),
        events,
        until: 0,
    };
    Ok((scenario, world))
}
