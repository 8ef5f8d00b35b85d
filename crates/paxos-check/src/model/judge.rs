//! Judging a state: the safety properties (the live checker's, [`Property`]) and goals,
//! read from packed states, and which messages can change nothing any more.

use std::collections::BTreeSet;

use paxos::{Ballot, Phase, Quoted};
use paxos_sim::checker::Property;

use super::packed::{self, Seg, Tables};
use super::search::View;
use super::{Goal, Model};

/// Whether `view` is what `goal` looks for; for a violation, which property and why.
pub(super) fn reached(
    t: &Tables,
    model: &Model,
    goal: &Goal,
    valid: &BTreeSet<u16>,
    view: &View,
) -> Option<(String, String)> {
    let names = &model.names;
    match goal {
        Goal::Violation => violation(t, model, valid, view, None).map(|(p, d)| (p.to_string(), d)),
        Goal::Breaks(only) => violation(t, model, valid, view, Some(only)).map(|(p, d)| (p.to_string(), d)),
        Goal::Chosen(v) => t
            .value_code(v)
            .filter(|c| chosen(t, model, view).contains(c))
            .map(|_| ("goal".into(), format!("{} is chosen", Quoted(v.as_str())))),
        Goal::Accepts { node, ballot } => {
            let code = t.ballot_code(*ballot)?;
            view.next
                .votes
                .iter()
                .any(|&c| packed::vote_ballot(c) == code && packed::vote_voter(c) == *node)
                .then(|| {
                    let (who, owner) = (&names[node.index()], &names[ballot.node.index()]);
                    ("goal".into(), format!("{who} accepted ballot {}.{owner}", ballot.round))
                })
        }
        Goal::Learns { node, value } => {
            let learned = view.seg(node.index()).learned();
            (learned != 0 && t.value_of(learned) == Some(value)).then(|| {
                ("goal".into(), format!("{} learned {}", names[node.index()], Quoted(value.as_str())))
            })
        }
    }
}

/// Values voted for in one ballot by as many acceptors as choose a value (a majority, or
/// Flexible Paxos's phase 2 quorum), by number, in the values' order.
fn chosen(t: &Tables, model: &Model, view: &View) -> Vec<u16> {
    let chosen_at = usize::from(model.config.chosen_at());
    let votes = &view.next.votes;
    let mut out = Vec::new();
    let mut i = 0;
    while i < votes.len() {
        let proposal = packed::vote_proposal(votes[i]);
        let j = i + votes[i..].iter().take_while(|&&c| packed::vote_proposal(c) == proposal).count();
        let value = packed::vote_value(votes[i]);
        if j - i >= chosen_at && !out.contains(&value) {
            out.push(value);
        }
        i = j;
    }
    let mut named: Vec<(&paxos::Value, u16)> =
        out.iter().map(|&c| (t.value_of(c).expect("a numbered value"), c)).collect();
    packed::sort_short(&mut named);
    named.into_iter().map(|(_, c)| c).collect()
}

/// The property that a violating state breaks (only `only`, if given).
fn violation(
    t: &Tables,
    model: &Model,
    valid: &BTreeSet<u16>,
    view: &View,
    only: Option<&str>,
) -> Option<(&'static str, String)> {
    let wanted = |p: Property| only.is_none_or(|o| o == p.name());
    let value = |c: u16| t.value_of(c).expect("a numbered value").as_str();
    let chosen = chosen(t, model, view);
    if wanted(Property::Agreement) && chosen.len() > 1 {
        let list: Vec<String> = chosen.iter().map(|&c| Quoted(value(c)).to_string()).collect();
        return Some((Property::Agreement.name(), format!("{} are all chosen", list.join(" and "))));
    }
    if let Some(&c) = chosen.iter().find(|c| wanted(Property::Validity) && !valid.contains(c)) {
        return Some((
            Property::Validity.name(),
            format!("{} was chosen but no client proposed it", Quoted(value(c))),
        ));
    }
    for i in 0..view.len() {
        let n = view.seg(i);
        let learned = n.learned();
        if learned != 0 && wanted(Property::LearnedIsChosen) && !chosen.contains(&learned) {
            let what = format!("{} learned {}, which is not chosen", model.names[i], Quoted(value(learned)));
            return Some((Property::LearnedIsChosen.name(), what));
        }
        let (p, a) = (t.ballot_of(n.promised()), t.ballot_of(n.accepted_ballot()));
        if wanted(Property::AcceptedWithinPromise) && a > p {
            return Some((
                Property::AcceptedWithinPromise.name(),
                format!("{} accepted above its promise", model.names[i]),
            ));
        }
    }
    None
}

/// Whether the move broke a property that is about steps, not states: a promise that went
/// down.
pub(super) fn step_violation(model: &Model, view: &View) -> Option<(String, String)> {
    let i = view.next.node.filter(|_| view.next.promise_down)?;
    Some((Property::PromiseMonotonic.name().into(), format!("{}'s promise went down", model.names[i])))
}

/// Whether the message `code` can change nothing, now or ever, when Paxos is correct and no
/// node crashes; `highest` is the highest round any message can carry. Leaving such a
/// message out of a state merges states that behave the same: delivering it would give the
/// same nodes back (a prepare or accept below a promise gives a nack that is dead too), so
/// leaving it out is delivering it at once, whether the network keeps every message sent
/// (duplication) or each copy once. Each rule rests on something that only grows: a
/// promise, a proposer's rounds, the sets a proposer counts, what a learner learned.
pub(super) fn dead(t: &Tables, view: &View, code: u64, highest: u64) -> bool {
    let to = view.seg(packed::packet_to(code).index());
    let (b1, b2) = packed::packet_ballots(code);
    let (ballot, second) = (t.ballot_of(b1), t.ballot_of(b2));
    let round = ballot.map_or(0, |b| b.round).max(second.map_or(0, |b| b.round));
    // 1. A receiver that has seen every round the message tells of, so that its
    //    `observe_round` can change nothing.
    let seen = |n: Seg| n.max_round() >= round;
    // 2. A proposer that will never again count anything for ballot `b`: it knows the value
    //    chosen, backs off from `b` (its next attempt is a new ballot), or has gone past it.
    let done_with = |n: Seg, b: Ballot| {
        let mine = t.ballot_of(n.ballot()) == Some(b);
        n.phase() == Phase::Decided
            || (mine && n.phase() == Phase::BackingOff)
            || (!mine && n.last_round() >= b.round)
    };
    let from = packed::packet_from(code);
    match (packed::packet_kind(code), ballot) {
        // 3. A decide to a node that has learned: learning is done once.
        (5, _) => to.learned() != 0,
        // 4. A reply to the proposer of `b`: dead if it is done with `b`, or if it already
        //    counted this sender (a promise reports the same vote each time in correct
        //    Paxos without crashes; a set of accepteds only grows).
        (kind @ (1 | 3 | 4), Some(b)) => {
            let counted = t.ballot_of(to.ballot()) == Some(b)
                && match kind {
                    1 => to.phase() == Phase::Preparing && to.promised_by(from),
                    3 => to.phase() == Phase::Accepting && to.accepted_by(from),
                    _ => false,
                };
            seen(to) && (done_with(to, b) || counted)
        }
        // 5. A prepare or accept for `b` to an acceptor that promised more: it will only
        //    ever answer with a nack, which its proposer, done with `b` and aware of every
        //    round, ignores.
        (0 | 2, Some(b)) => {
            let owner = view.seg(b.node.index());
            t.ballot_of(to.promised()).is_some_and(|p| p > b)
                && seen(to)
                && done_with(owner, b)
                && owner.max_round() >= highest
        }
        _ => false,
    }
}
