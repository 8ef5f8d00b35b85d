//! A Multi-Paxos counterexample as a scenario that replays it, in `paxos-sim run` and in the
//! Multi-Paxos view: the original scenario's events before its first client request (the
//! state the search started from), then, at that request's moment, the network turns manual
//! and every move of the path happens in order as scripted events of that same millisecond
//! (a script's events come first at their moment, so no timer or arrival slips in between).
//! Each message is named by its copy's id, and a node's messages to itself are delivered at
//! once, first sent first, as the search handles them.

use std::collections::BTreeMap;

use paxos::multi::{Entry, MultiMessage, SlotVote};
use paxos_sim::multi::{Command, Multi, MultiSimulation};
use paxos_sim::scenario::{Action, EventSpec, NetworkMode, Pick, Plan, Scenario, SelectorSpec};
use paxos_sim::trace::Namer;
use paxos_sim::world::Rules;

use super::MultiSpec;
use crate::system::Move;

type Msg = MultiMessage<Command>;

/// A counterexample found by [`crate::system::Search`] on `spec`, as a scenario, with the
/// simulation that ran it to its end (its trace shows the violation). `original` is the
/// scenario `spec` and `plan` come from.
pub fn scenario(
    spec: &MultiSpec,
    original: &Scenario,
    plan: &Plan,
    path: &[Move<Msg>],
    property: &str,
    detail: &str,
) -> Result<(Scenario, MultiSimulation), String> {
    // The script in time order, as the plan holds it (a stable sort keeps the listed order
    // of events at the same moment).
    let mut listed = original.events.clone();
    listed.sort_by_key(|e| e.at);
    if listed.len() != plan.script.len() {
        return Err("the scenario and its plan disagree".into());
    }
    let requests: Vec<usize> =
        (0..plan.script.len()).filter(|&i| spec.is_request(&plan.script[i].1)).collect();
    let Some(&first) = requests.first() else { return Err("the scenario has no client request".into()) };
    let at = plan.script[first].0;

    let mut events: Vec<EventSpec> = listed.iter().filter(|e| e.at < at).cloned().collect();
    let mut world = MultiSimulation::new(plan.clone(), false);
    if let Some(before) = at.checked_sub(1) {
        world.run_until(paxos::Time(before));
    }
    world.advance_clock(paxos::Time(at));
    let mut play = Play { world, events: Vec::new(), at, names: &plan.names };

    // The search's network is a set, unhindered: here every message waits for its move.
    let mut network = play.world.network().clone();
    network.mode = NetworkMode::Manual;
    play.act(Action::SetNetwork(network.clone()), |e| e.network = Some(network.clone()))?;
    if play.world.groups().is_some() {
        play.act(Action::Heal, |e| e.heal = Some(true))?;
    }

    // The search numbers its requests as the scenario lists them; here they are numbered
    // in the order the path makes them.
    let mut renumbered = BTreeMap::new();
    for (i, mv) in path.iter().enumerate() {
        let before = play.world.last_message_id();
        match mv {
            Move::Request(k) => {
                let source = requests[*k];
                let action = plan.script[source].1.clone();
                let event = listed[source].clone();
                play.act(action, |e| {
                    e.client = event.client;
                    e.propose = event.propose;
                })?;
                let made = *play.world.requests().keys().next_back().expect("a request was made");
                renumbered.insert(MultiSpec::request_id(&spec.requests[*k].1), made);
            }
            Move::Deliver { from, to, msg } => {
                let msg = renumber(msg, &renumbered);
                let alike: Vec<u64> = play
                    .world
                    .flights()
                    .filter(|f| f.from == *from && f.to == *to && f.msg == msg)
                    .map(|f| f.id)
                    .collect();
                let Some(&id) = alike.first() else {
                    return Err(format!("move {}: {} is not in flight", i + 1, mv.describe(spec)));
                };
                if alike.len() == 1 && path[i + 1..].contains(mv) {
                    play.pick(Action::Duplicate, id, |e, s| e.duplicate = Some(s))?;
                }
                play.pick(Action::Deliver, id, |e, s| e.deliver = Some(s))?;
            }
            Move::Timeout(n) => {
                play.act(Action::Fire(*n), |e| e.timeout = Some(spec.names[n.index()].clone()))?
            }
            Move::Crash(n) => {
                play.act(Action::Crash(*n), |e| e.crash = Some(spec.names[n.index()].clone()))?
            }
            Move::Restart(n) => {
                play.act(Action::Restart(*n), |e| e.restart = Some(spec.names[n.index()].clone()))?
            }
        }
        // Its messages to itself, at once, first sent first.
        loop {
            let local = play.world.local_after(before);
            let Some(id) = local else { break };
            play.pick(Action::Deliver, id, |e, s| e.deliver = Some(s))?;
        }
    }
    events.append(&mut play.events);

    let found = Scenario {
        title: Some(format!("Counterexample: always(\"{property}\") broken")),
        description: Some(format!(
            "{}{}. The model checker found it in {} moves from {}: the events before {at} ms replay that scenario up to the moment the search started from; at {at} ms the network turns manual and the moves follow, each server's messages to itself delivered within its move.",
            detail.chars().take(1).flat_map(char::to_uppercase).collect::<String>(),
            detail.chars().skip(1).collect::<String>(),
            path.len(),
            original.title.as_deref().map_or("the scenario".into(), |t| format!("\"{t}\""))
        )),
        events,
        until: at,
        ..original.clone()
    };
    // The scenario must show what the search found.
    let replayed = found.plan().map_err(|e| format!("the counterexample's scenario is refused: {e}"))?;
    let mut world = MultiSimulation::new(replayed, true);
    world.run();
    if !world.violations().iter().any(|v| v.property.name() == property) {
        return Err(format!("the counterexample's scenario does not break always(\"{property}\")"));
    }
    Ok((found, world))
}

/// The world the path is played on and the events that say what was done to it.
struct Play<'a> {
    world: MultiSimulation,
    events: Vec<EventSpec>,
    at: u64,
    names: &'a [String],
}

impl Play<'_> {
    /// Carries out `action` now and writes it as the event `write` fills in.
    fn act(&mut self, action: Action, write: impl FnOnce(&mut EventSpec)) -> Result<(), String> {
        self.world.apply(action).map_err(|e| e.to_string())?;
        let mut event = EventSpec { at: self.at, ..EventSpec::default() };
        write(&mut event);
        self.events.push(event);
        Ok(())
    }

    /// Carries out an action on copy `id` and writes it with a selector that names it.
    fn pick(
        &mut self,
        action: fn(Pick) -> Action,
        id: u64,
        write: impl FnOnce(&mut EventSpec, SelectorSpec),
    ) -> Result<(), String> {
        let f = self.world.flights().find(|f| f.id == id).ok_or(format!("copy {id} is not in flight"))?;
        let facts = Multi::facts(&f.msg);
        let namer = Namer(self.names);
        let selector = SelectorSpec {
            from: namer.node(f.from),
            to: namer.node(f.to),
            kind: Some(facts.kind),
            ballot: facts.ballot.map(|b| namer.ballot(b)),
            slot: facts.slot,
            id: Some(id),
        };
        self.act(action(Pick::Id(id)), |e| write(e, selector))
    }
}

/// `msg` with the search's request numbers changed to the world's.
fn renumber(msg: &Msg, ids: &BTreeMap<u64, u64>) -> Msg {
    let id = |n: &u64| *ids.get(n).unwrap_or(n);
    let command = |c: &Command| Command { id: id(&c.id), session: c.session, op: c.op.clone() };
    let entry = |e: &Entry<Command>| Entry { epoch: e.epoch, command: e.command.as_ref().map(command) };
    use MultiMessage as M;
    match msg {
        M::Promise { ballot, from_slot, accepted } => M::Promise {
            ballot: *ballot,
            from_slot: *from_slot,
            accepted: accepted
                .iter()
                .map(|v| SlotVote { slot: v.slot, ballot: v.ballot, entry: entry(&v.entry) })
                .collect(),
        },
        M::Accept { ballot, slot, entry: e } => M::Accept { ballot: *ballot, slot: *slot, entry: entry(e) },
        M::Accepted { ballot, slot, entry: e } => {
            M::Accepted { ballot: *ballot, slot: *slot, entry: entry(e) }
        }
        M::Decide { slot, entry: e } => M::Decide { slot: *slot, entry: entry(e) },
        M::Forward { command: c } => M::Forward { command: command(c) },
        M::Sync { token } => M::Sync { token: id(token) },
        M::SyncOk { token, commit } => M::SyncOk { token: id(token), commit: *commit },
        other => other.clone(),
    }
}
