//! The safety checker, run after every step: the invariants of Basic Paxos as properties
//! named in the style of stateright (`always("agreement")`).

use std::fmt;

use paxos::{Acceptor, Ballot, NodeId, Value, Vote};

use crate::sorted::{SortedMap, SortedSet};

/// A safety property: it must hold in every state of every run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Property {
    /// At most one value is chosen.
    Agreement,
    /// A chosen value was proposed by a client.
    Validity,
    /// An acceptor's promise never goes down.
    PromiseMonotonic,
    /// An acceptor's accepted ballot is never above its promise.
    AcceptedWithinPromise,
    /// Every value a learner learns is the chosen value.
    LearnedIsChosen,
}

impl Property {
    pub fn name(self) -> &'static str {
        match self {
            Property::Agreement => "agreement",
            Property::Validity => "validity",
            Property::PromiseMonotonic => "promise-monotonic",
            Property::AcceptedWithinPromise => "accepted-within-promise",
            Property::LearnedIsChosen => "learned-is-chosen",
        }
    }
}

impl fmt::Display for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "always(\"{}\")", self.name())
    }
}

/// What the checker noticed in one observation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// Enough acceptors voted for `value` in `ballot` (see [`Checker::new`]): it is chosen.
    Chosen {
        ballot: Ballot,
        value: Value,
    },
    Violation {
        property: Property,
        detail: String,
    },
}

/// What a node said that the checker judges, when its acceptor cannot be looked at (a
/// student's node, [`crate::external`]): read from the messages it sends.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Told {
    /// Its learner learned `value`.
    Learned(Value),
    /// It sent a promise for this ballot: its promise is now at least this high.
    Promised(Ballot),
    /// It sent an accepted: it voted for this value in this ballot.
    Voted(Vote),
}

/// Watches acceptors and learners. "Chosen" is judged by a true majority of the cluster,
/// whatever quorum the proposers use, or under Flexible Paxos by its phase 2 quorum.
/// An acceptor is judged by its notebook ([`Checker::observe_acceptor`]) or, for a node whose
/// notebook cannot be read, by what it says ([`Checker::observe_told`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Checker {
    chosen_at: usize,
    names: Vec<String>,
    votes: SortedMap<(Ballot, Value), SortedSet<NodeId>>,
    last: Vec<(Option<Ballot>, Option<Ballot>)>,
    /// The highest ballot each node has said it promised or voted in, and its last vote said
    /// (empty until a node says something: the project's own node never does).
    said: Vec<(Option<Ballot>, Option<Vote>)>,
    chosen: Option<(Ballot, Value)>,
    proposed: SortedSet<Value>,
}

impl Checker {
    /// The checker of a cluster of `names` where `chosen_at` votes in one ballot choose a
    /// value ([`paxos::Config::chosen_at`]).
    pub fn new(names: Vec<String>, chosen_at: u16) -> Checker {
        let n = names.len();
        Checker {
            chosen_at: chosen_at.into(),
            names,
            votes: SortedMap::new(),
            last: vec![(None, None); n],
            said: Vec::new(),
            chosen: None,
            proposed: SortedSet::new(),
        }
    }

    pub fn chosen(&self) -> Option<&(Ballot, Value)> {
        self.chosen.as_ref()
    }

    /// Every vote cast so far: who voted for which value in which ballot.
    pub fn votes(&self) -> &SortedMap<(Ballot, Value), SortedSet<NodeId>> {
        &self.votes
    }

    /// About how many bytes it holds (see [`crate::Simulation::approx_bytes`]).
    pub fn approx_bytes(&self) -> usize {
        // A vote's key and its set of a few nodes; a node's last ballots; a value.
        self.votes.len() * 80 + (self.last.len() + self.proposed.len()) * 40
    }

    /// What node `id` said: the highest ballot it promised or voted in, and its last vote
    /// (see [`Checker::observe_told`]).
    pub fn said(&self, id: NodeId) -> (Option<Ballot>, Option<&Vote>) {
        match self.said.get(id.index()) {
            Some((promised, vote)) => (*promised, vote.as_ref()),
            None => (None, None),
        }
    }

    /// Every value a client proposed so far.
    pub fn proposals(&self) -> &SortedSet<Value> {
        &self.proposed
    }

    /// A client proposed `value`.
    pub fn proposed(&mut self, value: &Value) {
        self.proposed.insert(value.clone());
    }

    fn ballot(&self, b: Ballot) -> String {
        format!("{}.{}", b.round, self.names[b.node.index()])
    }

    /// Looks at acceptor `id` after it handled an input.
    pub fn observe_acceptor(&mut self, id: NodeId, acceptor: &Acceptor, out: &mut Vec<Finding>) {
        let promised = acceptor.promised();
        let vote = acceptor.accepted();
        let (old_promised, old_accepted) = self.last[id.index()];
        let accepted = vote.map(|v| v.ballot);
        if (promised, accepted) == (old_promised, old_accepted) {
            return;
        }
        self.last[id.index()] = (promised, accepted);
        let name = &self.names[id.index()];
        if promised < old_promised {
            let detail = format!(
                "{name}'s promise went down from {} to {}",
                old_promised.map_or("none".into(), |b| self.ballot(b)),
                promised.map_or("none".into(), |b| self.ballot(b))
            );
            out.push(Finding::Violation { property: Property::PromiseMonotonic, detail });
        }
        if accepted > promised {
            let detail = format!(
                "{name} accepted {} above its promise {}",
                accepted.map_or("none".into(), |b| self.ballot(b)),
                promised.map_or("none".into(), |b| self.ballot(b))
            );
            out.push(Finding::Violation { property: Property::AcceptedWithinPromise, detail });
        }
        let Some(vote) = vote else { return };
        if accepted == old_accepted {
            return;
        }
        self.count_vote(id, vote, out);
    }

    /// Looks at what node `id` said. Its promise may not go down and it may not vote below
    /// it: the promise is the highest ballot it promised or voted in so far, over its whole
    /// life (a crash does not excuse forgetting it).
    pub fn observe_told(&mut self, id: NodeId, told: &Told, out: &mut Vec<Finding>) {
        let name = &self.names[id.index()];
        let before = self.said(id).0;
        let said = |b: Option<Ballot>| b.map_or("none".into(), |b| self.ballot(b));
        match told {
            Told::Learned(value) => return self.observe_learn(id, value, out),
            Told::Promised(b) if Some(*b) < before => {
                let detail = format!("{name} promised {} after promising {}", said(Some(*b)), said(before));
                out.push(Finding::Violation { property: Property::PromiseMonotonic, detail });
            }
            Told::Voted(v) if Some(v.ballot) < before => {
                let detail =
                    format!("{name} accepted {} below its promise {}", said(Some(v.ballot)), said(before));
                out.push(Finding::Violation { property: Property::AcceptedWithinPromise, detail });
            }
            _ => {}
        }
        let (Told::Promised(b) | Told::Voted(Vote { ballot: b, .. })) = told else { return };
        if self.said.len() < self.names.len() {
            self.said.resize(self.names.len(), (None, None));
        }
        self.said[id.index()].0 = before.max(Some(*b));
        // A vote said again (an accepted sent to every node) is counted once.
        if let Told::Voted(vote) = told {
            self.said[id.index()].1 = Some(vote.clone());
            let key = (vote.ballot, vote.value.clone());
            if !self.votes.get(&key).is_some_and(|voters| voters.contains(&id)) {
                self.count_vote(id, vote, out);
            }
        }
    }

    /// Counts `id`'s vote; a value with enough votes in one ballot is chosen.
    fn count_vote(&mut self, id: NodeId, vote: &Vote, out: &mut Vec<Finding>) {
        let voters = self.votes.get_or_default((vote.ballot, vote.value.clone()));
        voters.insert(id);
        if voters.len() != self.chosen_at {
            return;
        }
        // Enough acceptors voted for one value in one ballot: that value is chosen.
        match &self.chosen {
            None => {
                self.chosen = Some((vote.ballot, vote.value.clone()));
                out.push(Finding::Chosen { ballot: vote.ballot, value: vote.value.clone() });
                if !self.proposed.contains(&vote.value) {
                    let detail = format!(
                        "{} was chosen but no client proposed it",
                        crate::Quoted(vote.value.as_str())
                    );
                    out.push(Finding::Violation { property: Property::Validity, detail });
                }
            }
            Some((b0, v0)) if *v0 != vote.value => {
                let detail = format!(
                    "{} was chosen in ballot {}, then {} in ballot {}",
                    crate::Quoted(v0.as_str()),
                    self.ballot(*b0),
                    crate::Quoted(vote.value.as_str()),
                    self.ballot(vote.ballot)
                );
                out.push(Finding::Violation { property: Property::Agreement, detail });
            }
            Some(_) => {}
        }
    }

    /// Node `id` learned `value`.
    pub fn observe_learn(&mut self, id: NodeId, value: &Value, out: &mut Vec<Finding>) {
        let name = &self.names[id.index()];
        match &self.chosen {
            Some((_, v)) if v == value => {}
            Some((_, v)) => out.push(Finding::Violation {
                property: Property::LearnedIsChosen,
                detail: format!(
                    "{name} learned {} but {} is chosen",
                    crate::Quoted(value.as_str()),
                    crate::Quoted(v.as_str())
                ),
            }),
            None => out.push(Finding::Violation {
                property: Property::LearnedIsChosen,
                detail: format!(
                    "{name} learned {} before any value was chosen",
                    crate::Quoted(value.as_str())
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paxos::Vote;

    fn names() -> Vec<String> {
        vec!["S1".into(), "S2".into(), "S3".into()]
    }
    fn v(s: &str) -> Value {
        Value::new(s).unwrap()
    }
    fn b(r: u64, n: u16) -> Ballot {
        Ballot::new(r, NodeId(n))
    }
    /// The properties broken among `out`, in order.
    fn broken(out: &[Finding]) -> Vec<Property> {
        out.iter()
            .filter_map(|f| match f {
                Finding::Violation { property, .. } => Some(*property),
                _ => None,
            })
            .collect()
    }
    fn acc(promised: Ballot, vote: Option<(Ballot, &str)>) -> Acceptor {
        Acceptor::restore(Some(promised), vote.map(|(ballot, s)| Vote { ballot, value: v(s) }))
    }

    #[test]
    fn chosen_when_a_majority_votes_in_one_ballot() {
        let mut c = Checker::new(names(), 2);
        c.proposed(&v("x"));
        let mut out = Vec::new();
        c.observe_acceptor(NodeId(0), &acc(b(1, 0), Some((b(1, 0), "x"))), &mut out);
        assert!(out.is_empty());
        c.observe_acceptor(NodeId(1), &acc(b(1, 0), Some((b(1, 0), "x"))), &mut out);
        assert_eq!(out, vec![Finding::Chosen { ballot: b(1, 0), value: v("x") }]);
    }

    #[test]
    fn agreement_violation_when_a_second_value_gets_a_majority() {
        let mut c = Checker::new(names(), 2);
        c.proposed(&v("x"));
        c.proposed(&v("y"));
        let mut out = Vec::new();
        for n in [0, 1] {
            c.observe_acceptor(NodeId(n), &acc(b(1, 0), Some((b(1, 0), "x"))), &mut out);
        }
        out.clear();
        for n in [1, 2] {
            c.observe_acceptor(NodeId(n), &acc(b(2, 1), Some((b(2, 1), "y"))), &mut out);
        }
        assert_eq!(
            out,
            vec![Finding::Violation {
                property: Property::Agreement,
                detail: "\"x\" was chosen in ballot 1.S1, then \"y\" in ballot 2.S2".into()
            }]
        );
    }

    #[test]
    fn validity_monotonicity_and_learners_are_checked() {
        let mut c = Checker::new(names(), 2);
        let mut out = Vec::new();
        c.observe_learn(NodeId(2), &v("z"), &mut out);
        assert!(matches!(&out[0], Finding::Violation { property: Property::LearnedIsChosen, .. }));
        out.clear();
        c.observe_acceptor(NodeId(0), &acc(b(3, 0), None), &mut out);
        c.observe_acceptor(NodeId(0), &acc(b(2, 0), None), &mut out);
        assert!(matches!(&out[0], Finding::Violation { property: Property::PromiseMonotonic, .. }));
        out.clear();
        c.observe_acceptor(NodeId(1), &acc(b(1, 0), Some((b(2, 0), "never proposed"))), &mut out);
        c.observe_acceptor(NodeId(2), &acc(b(2, 0), Some((b(2, 0), "never proposed"))), &mut out);
        assert_eq!(broken(&out), vec![Property::AcceptedWithinPromise, Property::Validity]);
    }

    #[test]
    fn a_node_judged_by_what_it_says_may_not_promise_or_vote_below_an_earlier_promise() {
        let mut c = Checker::new(names(), 2);
        c.proposed(&v("x"));
        let mut out = Vec::new();
        c.observe_told(NodeId(1), &Told::Promised(b(2, 1)), &mut out);
        c.observe_told(NodeId(1), &Told::Promised(b(2, 1)), &mut out);
        assert!(out.is_empty(), "the same promise said twice is one promise");
        c.observe_told(NodeId(1), &Told::Promised(b(1, 0)), &mut out);
        c.observe_told(NodeId(1), &Told::Voted(Vote { ballot: b(1, 0), value: v("x") }), &mut out);
        assert_eq!(broken(&out), vec![Property::PromiseMonotonic, Property::AcceptedWithinPromise]);
        out.clear();
        // A majority of votes chooses; a vote said again counts once.
        c.observe_told(NodeId(2), &Told::Voted(Vote { ballot: b(1, 0), value: v("x") }), &mut out);
        assert_eq!(out, vec![Finding::Chosen { ballot: b(1, 0), value: v("x") }]);
        out.clear();
        c.observe_told(NodeId(2), &Told::Voted(Vote { ballot: b(1, 0), value: v("x") }), &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
