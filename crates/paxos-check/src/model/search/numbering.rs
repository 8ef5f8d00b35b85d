//! Before a search: numbering every ballot and value it may meet, and the renamings of
//! interchangeable nodes for symmetry reduction.

use std::collections::BTreeSet;

use paxos::{Ballot, NodeId, Value};

use super::super::packed::{self, Tables};
use super::super::{Goal, Model, State, TooLarge};

/// The numbering of ballots and values for a search from `start`: every ballot and value in
/// it, every value the model proposes, and every ballot its proposers may start, in order.
pub(super) fn numbering(model: &Model, goal: &Goal, start: &State) -> Result<Tables, TooLarge> {
    let mut seen = Tables::default();
    let mut scratch = Vec::new();
    for (i, node) in start.nodes.iter().enumerate() {
        packed::put_node(&mut seen, &mut scratch, node, &start.disks[i], start.up[i], None);
    }
    for p in &start.net {
        packed::pack(&mut seen, p.from, p.to, &p.msg.0);
    }
    if seen.overflowed() {
        return Err(too_many_ballots(packed::MAX_BALLOTS + 1, 0));
    }
    let (mut ballots, mut values): (BTreeSet<Ballot>, BTreeSet<Value>) = seen.known();
    ballots.extend(start.votes.iter().map(|(b, _, _)| *b));
    values.extend(start.votes.iter().map(|(_, v, _)| v.clone()));
    values
        .extend(model.proposals.iter().map(|(_, v)| v.clone()).chain(model.proposed_before.iter().cloned()));
    let proposers: BTreeSet<NodeId> = (model.proposals.iter().map(|(n, _)| *n))
        .chain(start.nodes.iter().filter(|n| n.proposer().own_value().is_some()).map(|n| n.id()))
        .collect();
    // Every ballot the search may meet is numbered now: no search runs out of numbers.
    if model.max_round > packed::MAX_BALLOTS as u64 {
        return Err(too_many_ballots(ballots.len(), model.max_round));
    }
    let planned = (proposers.len() as u64).saturating_mul(model.max_round);
    fits(ballots.len(), values.len(), planned)?;
    for round in 1..=model.max_round {
        ballots.extend(proposers.iter().map(|&n| Ballot::new(round, n)));
    }
    match goal {
        Goal::Chosen(v) | Goal::Learns { value: v, .. } => {
            values.insert(v.clone());
        }
        Goal::Accepts { ballot, .. } => {
            ballots.insert(*ballot);
        }
        Goal::Violation | Goal::Breaks(_) => {}
    }
    fits(ballots.len(), values.len(), 0)?;
    Ok(Tables::new(ballots, values))
}

fn too_many_ballots(held: usize, planned: u64) -> TooLarge {
    let held = if held > packed::MAX_BALLOTS {
        format!("more than {}", packed::MAX_BALLOTS)
    } else {
        held.to_string()
    };
    TooLarge(format!(
        "the model checker numbers at most {} distinct ballots in one search; this one starts with {held} and its proposers may start {planned} more: lower the highest round, or check from an earlier moment",
        packed::MAX_BALLOTS
    ))
}

/// Refuses a search whose ballots (`held` now, `planned` more for its proposers' rounds) or
/// values would not fit their numbers.
fn fits(held: usize, values: usize, planned: u64) -> Result<(), TooLarge> {
    let room = packed::MAX_BALLOTS.saturating_sub(held) as u64;
    if held > packed::MAX_BALLOTS || planned > room {
        return Err(too_many_ballots(held, planned));
    }
    if values > packed::MAX_VALUES {
        return Err(TooLarge(format!(
            "the model checker numbers at most {} distinct values in one search; this one has {values}",
            packed::MAX_VALUES
        )));
    }
    Ok(())
}

/// The renamings of the nodes that never own a ballot, when the model asks for symmetry
/// reduction, the goal does not single out a node, and there are 2 to 5 such nodes.
pub(super) fn renamings(model: &Model, goal: &Goal, start: &State) -> Vec<Vec<u16>> {
    let singles_out = matches!(goal, Goal::Accepts { .. } | Goal::Learns { .. });
    if !model.symmetry || singles_out {
        return Vec::new();
    }
    let n = start.nodes.len();
    let free: Vec<usize> = (0..n)
        .filter(|&i| {
            !model.proposals.iter().any(|(p, _)| p.index() == i)
                && start.nodes[i].proposer().last_round() == 0
        })
        .collect();
    if !(2..=5).contains(&free.len()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    permute(&mut free.clone(), 0, &mut |order| {
        let mut map: Vec<u16> = (0..n as u16).collect();
        for (k, &i) in free.iter().enumerate() {
            map[i] = order[k] as u16;
        }
        out.push(map);
    });
    out
}

/// Calls `f` with every ordering of `items`, the given order first.
fn permute(items: &mut Vec<usize>, k: usize, f: &mut dyn FnMut(&[usize])) {
    if k == items.len() {
        f(items);
        return;
    }
    for i in k..items.len() {
        items.swap(k, i);
        permute(items, k + 1, f);
        items.swap(k, i);
    }
}
