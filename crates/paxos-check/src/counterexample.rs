//! Counterexamples as the simulator sees them: a path of moves replayed on a simulation with
//! a manual network, giving a paxos-trace v1 (with the live safety checker's violation at
//! the step where it happens), or written as a scenario that replays it.

use crate::model::{Model, Move, MsgKey, Packet, State};
use paxos::{NodeId, Time};

use paxos_sim::scenario::{
    Action, EventSpec, MsgKind, NetworkMode, NetworkSpec, NodesSpec, Pick, Plan, ProposeSpec, ProposerSpec,
    Protocol, QuorumsSpec, Scenario, SelectorSpec, SCENARIO_FORMAT, SCENARIO_VERSION,
};
use paxos_sim::trace::Namer;
use paxos_sim::{ActionError, Simulation};

/// The plan of a simulation that can replay moves of `model`: a manual network, no script.
pub fn plan(model: &Model) -> Plan {
    Plan {
        title: Some("counterexample".into()),
        protocol: Protocol::Basic,
        names: model.names.clone(),
        seed: 0,
        config: model.config(),
        multi: paxos::multi::MultiConfig::new(model.config().nodes)
            .expect("the model's cluster size is valid"),
        network: NetworkSpec { mode: NetworkMode::Manual, ..NetworkSpec::default() },
        until: paxos_sim::scenario::MAX_UNTIL,
        script: Vec::new(),
    }
}

/// The id of the oldest copy of `p` in flight.
fn find(sim: &Simulation, p: &Packet) -> Option<u64> {
    sim.flights().find(|f| f.from == p.from && f.to == p.to && f.msg == p.msg.0).map(|f| f.id)
}

/// Where a path is played: a bare simulation, or a session that records every action.
pub trait Stage {
    fn sim(&self) -> &Simulation;
    /// Carries out `action` at virtual time `at` (the clock never goes back).
    fn act(&mut self, at: Time, action: Action) -> Result<(), ActionError>;
}

impl Stage for Simulation {
    fn sim(&self) -> &Simulation {
        self
    }
    fn act(&mut self, at: Time, action: Action) -> Result<(), ActionError> {
        self.advance_clock(at);
        self.apply(action)
    }
}

/// Plays `path` (the network must hold every message: manual mode), one moment per move,
/// 1 ms apart. A message the path delivers again is duplicated first.
pub fn play(stage: &mut impl Stage, model: &Model, path: &[Move]) -> Result<(), ActionError> {
    for (i, m) in path.iter().enumerate() {
        let at = stage.sim().now().plus(1);
        // Messages sent before this move stay in flight until a move delivers them.
        let before = stage.sim().last_message_id();
        for action in actions(stage.sim(), model, path, i, m)? {
            stage.act(at, action)?;
        }
        // A node's messages to itself sent by this move are handled at once, first sent
        // first (as the model does).
        loop {
            let local = stage.sim().local_after(before);
            let Some(id) = local else { break };
            let at = stage.sim().now();
            stage.act(at, Action::Deliver(Pick::Id(id)))?;
        }
    }
    Ok(())
}

/// The model state of a running simulation, for checking from here: its nodes (made to
/// back off with a timer, so rounds can be bounded), disks, messages in flight and votes.
pub fn state_of(sim: &Simulation, model: &Model) -> State {
    let config = model.config();
    let mut net: Vec<Packet> =
        sim.flights().map(|f| Packet { from: f.from, to: f.to, msg: MsgKey(f.msg.clone()) }).collect();
    net.sort();
    if model.duplicate {
        net.dedup();
    }
    let mut votes: Vec<_> = sim
        .checker()
        .votes()
        .iter()
        .flat_map(|((b, v), who)| who.iter().map(move |n| (*b, v.clone(), *n)))
        .collect();
    votes.sort();
    State {
        nodes: sim
            .hosts()
            .iter()
            .map(|h| {
                let mut node = h.node.clone();
                node.reconfigure(config);
                node
            })
            .collect(),
        up: sim.hosts().iter().map(|h| h.up).collect(),
        disks: sim.hosts().iter().map(|h| h.disk.clone()).collect(),
        net,
        proposed: 0,
        crashes: 0,
        votes,
    }
}

fn actions(
    sim: &Simulation,
    model: &Model,
    path: &[Move],
    i: usize,
    m: &Move,
) -> Result<Vec<Action>, ActionError> {
    Ok(match m {
        Move::Propose(k) => {
            let (node, value) = model.proposals[*k].clone();
            vec![Action::Propose { node, value }]
        }
        Move::Deliver(p) => {
            let id = find(sim, p).ok_or(ActionError::NoMatch(describe(model, p)))?;
            let again = model.duplicate && path[i + 1..].iter().any(|later| later == m);
            if again {
                vec![Action::Duplicate(Pick::Id(id)), Action::Deliver(Pick::Id(id))]
            } else {
                vec![Action::Deliver(Pick::Id(id))]
            }
        }
        Move::Drop(p) => {
            vec![Action::Drop(Pick::Id(find(sim, p).ok_or(ActionError::NoMatch(describe(model, p)))?))]
        }
        Move::Timeout(n) => vec![Action::Fire(*n)],
        Move::Crash(n) => vec![Action::Crash(*n)],
        Move::Restart(n) => vec![Action::Restart(*n)],
    })
}

fn describe(model: &Model, p: &Packet) -> String {
    let kind = MsgKind::of(&p.msg.0).name();
    format!("{kind} from {} to {}", model.names[p.from.index()], model.names[p.to.index()])
}

/// A fresh simulation that has played `path`.
pub fn replay(model: &Model, path: &[Move]) -> Result<Simulation, ActionError> {
    let mut sim = Simulation::new(plan(model), true);
    play(&mut sim, model, path)?;
    Ok(sim)
}

/// A scenario file that plays `path` again: a manual network and one scripted event per
/// move, 1 ms apart (timers are fired by `timeout` events; the proposer timeout is set so
/// high that no timer fires by itself).
pub fn scenario(model: &Model, path: &[Move], title: &str, description: &str) -> Scenario {
    let name = |n: NodeId| model.names[n.index()].clone();
    let namer = Namer(&model.names);
    let selector = |p: &Packet| SelectorSpec {
        from: name(p.from),
        to: name(p.to),
        kind: Some(MsgKind::of(&p.msg.0)),
        ballot: MsgKind::ballot_of(&p.msg.0).map(|b| namer.ballot(b)),
        slot: None,
        id: None,
    };
    let mut events = Vec::new();
    for (i, m) in path.iter().enumerate() {
        let at = i as u64 + 1;
        let ev = |f: &dyn Fn(&mut EventSpec)| {
            let mut e = EventSpec { at, ..Default::default() };
            f(&mut e);
            e
        };
        match m {
            Move::Propose(k) => {
                let (node, value) = &model.proposals[*k];
                events.push(ev(&|e| {
                    e.propose = Some(ProposeSpec { node: name(*node), value: value.to_string() })
                }));
            }
            Move::Deliver(p) => {
                if model.duplicate && path[i + 1..].contains(m) {
                    events.push(ev(&|e| e.duplicate = Some(selector(p))));
                }
                events.push(ev(&|e| e.deliver = Some(selector(p))));
            }
            Move::Drop(p) => events.push(ev(&|e| e.drop = Some(selector(p)))),
            Move::Timeout(n) => events.push(ev(&|e| e.timeout = Some(name(*n)))),
            Move::Crash(n) => events.push(ev(&|e| e.crash = Some(name(*n)))),
            Move::Restart(n) => events.push(ev(&|e| e.restart = Some(name(*n)))),
        }
    }
    let until = path.len() as u64 + 10;
    Scenario {
        format: SCENARIO_FORMAT.into(),
        version: SCENARIO_VERSION,
        title: Some(title.into()),
        description: Some(description.into()),
        protocol: Protocol::Basic,
        nodes: NodesSpec::Names(model.names.clone()),
        seed: 0,
        network: NetworkSpec { mode: NetworkMode::Manual, ..NetworkSpec::default() },
        proposer: ProposerSpec { timeout: paxos_sim::scenario::MAX_TIMEOUT, ..ProposerSpec::default() },
        leader: None,
        quorum: (!model.config.flexible
            && model.config.quorum != paxos::Config::majority(model.names.len() as u16))
        .then_some(u64::from(model.config.quorum)),
        quorums: model.config.flexible.then(|| QuorumsSpec {
            prepare: model.config.quorum.into(),
            accept: model.config.accept_quorum.into(),
        }),
        broken: model.config.flaws.names().iter().map(|n| n.to_string()).collect(),
        events,
        until,
    }
}
