//! Phase 1a and phase 2a: the proposer, which picks ballots and values and counts quorums.

use crate::sorted::{SortedMap, SortedSet};

use crate::config::{Backoff, Config};
use crate::message::{Message, Vote};
use crate::node::{Output, Timer};
use crate::types::{Ballot, NodeId, Slot, Time, Value};

/// Where a proposer is in its current attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// No client value yet.
    Idle,
    /// Phase 1: prepare sent, counting promises.
    Preparing,
    /// Phase 2: accept sent, counting accepteds.
    Accepting,
    /// The last attempt failed (nack or timeout); waiting for the backoff timer.
    BackingOff,
    /// A value is known to be chosen; the proposer has nothing left to do.
    Decided,
}

/// A proposer's volatile state, except `last_round`, which is durable so that a restarted
/// proposer never reuses a ballot.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Proposer {
    id: NodeId,
    config: Config,
    value: Option<Value>,
    ballot: Option<Ballot>,
    phase: Phase,
    promises: SortedMap<NodeId, Option<Vote>>,
    accepteds: SortedSet<NodeId>,
    proposal: Option<Value>,
    max_round: u64,
    last_round: u64,
    failures: u32,
    attempts: u32,
    timer: Option<Timer>,
}

/// A proposer's state, field by field, as [`Proposer`]'s accessors show it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProposerParts {
    pub value: Option<Value>,
    pub ballot: Option<Ballot>,
    pub phase: Phase,
    pub promises: SortedMap<NodeId, Option<Vote>>,
    pub accepteds: SortedSet<NodeId>,
    pub proposal: Option<Value>,
    pub max_round: u64,
    pub last_round: u64,
    pub failures: u32,
    pub attempts: u32,
    pub timer: Option<Timer>,
}

impl Proposer {
    /// A proposer that has used rounds up to `last_round` before (0: never).
    pub(crate) fn new(id: NodeId, config: Config, last_round: u64) -> Proposer {
        Proposer {
            id,
            config,
            value: None,
            ballot: None,
            phase: Phase::Idle,
            promises: SortedMap::new(),
            accepteds: SortedSet::new(),
            proposal: None,
            max_round: last_round,
            last_round,
            failures: 0,
            attempts: 0,
            timer: None,
        }
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }
    /// The ballot of the current (or last) attempt.
    pub fn ballot(&self) -> Option<Ballot> {
        self.ballot
    }
    /// The client's value this proposer was asked to propose.
    pub fn own_value(&self) -> Option<&Value> {
        self.value.as_ref()
    }
    /// The value sent in phase 2 of the current attempt: its own, or one adopted from a
    /// promise.
    pub fn proposal(&self) -> Option<&Value> {
        self.proposal.as_ref()
    }
    /// Who promised the current ballot, with the vote each reported.
    pub fn promises(&self) -> &SortedMap<NodeId, Option<Vote>> {
        &self.promises
    }
    /// Who accepted the current ballot.
    pub fn accepteds(&self) -> &SortedSet<NodeId> {
        &self.accepteds
    }
    /// The highest round seen in any message or used in any attempt.
    pub fn max_round(&self) -> u64 {
        self.max_round
    }
    /// The highest round this node has used for its own ballots (durable).
    pub fn last_round(&self) -> u64 {
        self.last_round
    }
    /// Attempts (ballots) started since the node last (re)started.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
    /// Consecutive failed attempts.
    pub fn failures(&self) -> u32 {
        self.failures
    }
    pub fn timer(&self) -> Option<Timer> {
        self.timer
    }

    /// Everything this proposer is, field by field (see [`crate::NodeParts`]).
    pub(crate) fn parts(&self) -> ProposerParts {
        ProposerParts {
            value: self.value.clone(),
            ballot: self.ballot,
            phase: self.phase,
            promises: self.promises.clone(),
            accepteds: self.accepteds.clone(),
            proposal: self.proposal.clone(),
            max_round: self.max_round,
            last_round: self.last_round,
            failures: self.failures,
            attempts: self.attempts,
            timer: self.timer,
        }
    }

    /// The proposer `parts` describe, as node `id` under `config`.
    pub(crate) fn from_parts(id: NodeId, config: Config, parts: ProposerParts) -> Proposer {
        let ProposerParts {
            value,
            ballot,
            phase,
            promises,
            accepteds,
            proposal,
            max_round,
            last_round,
            failures,
            attempts,
            timer,
        } = parts;
        Proposer {
            id,
            config,
            value,
            ballot,
            phase,
            promises,
            accepteds,
            proposal,
            max_round,
            last_round,
            failures,
            attempts,
            timer,
        }
    }

    pub(crate) fn reconfigure(&mut self, config: Config) {
        self.config = config;
    }

    pub(crate) fn observe_round(&mut self, round: u64) {
        self.max_round = self.max_round.max(round);
    }

    /// A client hands `value` to this node. A proposer that already knows the chosen value
    /// ignores it; one in the middle of an attempt starts a fresh one with the new value.
    pub(crate) fn propose(&mut self, now: Time, value: Value, out: &mut Vec<Output>) {
        if self.phase == Phase::Decided {
            return;
        }
        self.value = Some(value);
        self.failures = 0;
        self.start(now, out);
    }

    /// Phase 1a: a new ballot, above every round seen, sent to every acceptor.
    fn start(&mut self, now: Time, out: &mut Vec<Output>) {
        // 1. A new round above everything seen; it becomes durable (`last_round`) before
        //    the prepare leaves, so a restart never reuses the ballot.
        let round = self.max_round + 1;
        self.max_round = round;
        self.last_round = round;
        let ballot = Ballot::new(round, self.id);
        self.ballot = Some(ballot);
        self.phase = Phase::Preparing;
        self.promises.clear();
        self.accepteds.clear();
        self.proposal = None;
        self.attempts += 1;
        self.timer = Some(Timer { at: now.plus(self.config.timeout), jitter: 0 });
        for to in self.config.all() {
            out.push(Output::Send { to, msg: Message::Prepare { ballot } });
        }
    }

    pub(crate) fn on_promise(
        &mut self,
        now: Time,
        from: NodeId,
        ballot: Ballot,
        accepted: Option<Vote>,
        out: &mut Vec<Output>,
    ) {
        if self.phase != Phase::Preparing || self.ballot != Some(ballot) {
            return; // a late promise for an attempt already over
        }
        self.promises.insert(from, accepted);
        if self.promises.len() < usize::from(self.config.quorum) {
            return;
        }
        // 2. Phase 2a: with a quorum of promises, propose the value of the highest-ballot
        //    vote reported among them ("Paxos Made Simple" P2c); only if no acceptor of the
        //    quorum has voted is the proposer free to propose its own value.
        let adopted = if self.config.flaws.ignore_promised_values {
            None // the flaw: what the acceptors voted for is thrown away
        } else {
            self.promises.values().flatten().max_by_key(|vote| vote.ballot).map(|vote| vote.value.clone())
        };
        let Some(value) = adopted.or_else(|| self.value.clone()) else {
            return;
        };
        self.phase = Phase::Accepting;
        self.proposal = Some(value.clone());
        self.timer = Some(Timer { at: now.plus(self.config.timeout), jitter: 0 });
        for to in self.config.all() {
            out.push(Output::Send { to, msg: Message::Accept { ballot, value: value.clone() } });
        }
    }

    /// Counts an accepted. Returns the chosen value once a quorum accepted this ballot.
    pub(crate) fn on_accepted(&mut self, from: NodeId, ballot: Ballot) -> Option<Value> {
        if self.phase != Phase::Accepting || self.ballot != Some(ballot) {
            return None;
        }
        self.accepteds.insert(from);
        let needed = if self.config.flaws.learn_from_first_accepted { 1 } else { self.config.accept_quorum };
        if self.accepteds.len() < usize::from(needed) {
            return None;
        }
        // 3. A quorum of acceptors voted for the proposal in one ballot: it is chosen.
        self.proposal.clone()
    }

    pub(crate) fn on_nack(&mut self, now: Time, ballot: Ballot, promised: Ballot, out: &mut Vec<Output>) {
        self.observe_round(promised.round);
        let active = matches!(self.phase, Phase::Preparing | Phase::Accepting);
        if active && self.ballot == Some(ballot) {
            self.fail(now, out);
        }
    }

    pub(crate) fn on_timeout(&mut self, now: Time, out: &mut Vec<Output>) {
        match self.timer {
            Some(t) if now >= t.at => self.timer = None,
            _ => return, // not due: a stale wake-up
        }
        match self.phase {
            Phase::Preparing | Phase::Accepting => self.fail(now, out),
            Phase::BackingOff => self.start(now, out),
            Phase::Idle | Phase::Decided => {}
        }
    }

    fn fail(&mut self, now: Time, out: &mut Vec<Output>) {
        self.failures = self.failures.saturating_add(1);
        match self.config.backoff {
            Backoff::None => self.start(now, out),
            Backoff::Random => {
                let base = (self.config.timeout / 2).max(1);
                let window =
                    base.saturating_mul(1 << (self.failures - 1).min(20)).min(self.config.timeout * 8);
                self.phase = Phase::BackingOff;
                self.timer = Some(Timer { at: now, jitter: window });
            }
        }
    }

    /// A value is known to be chosen: stop trying.
    pub(crate) fn decided(&mut self) {
        self.phase = Phase::Decided;
        self.timer = None;
    }
}

/// Basic Paxos decides one value, in slot 0.
pub(crate) const BASIC_SLOT: Slot = Slot(0);

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(backoff: Backoff) -> Config {
        Config { backoff, ..Config::new(3).unwrap() }
    }
    fn v(s: &str) -> Value {
        Value::new(s).unwrap()
    }
    fn b(round: u64, node: u16) -> Ballot {
        Ballot::new(round, NodeId(node))
    }
    fn accepts(out: &[Output]) -> Vec<Value> {
        out.iter()
            .filter_map(|o| match o {
                Output::Send { msg: Message::Accept { value, .. }, .. } => Some(value.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn phase_1a_sends_prepare_to_every_acceptor_itself_included() {
        let mut p = Proposer::new(NodeId(0), cfg(Backoff::Random), 0);
        let mut out = Vec::new();
        p.propose(Time(0), v("1元/度"), &mut out);
        assert_eq!(out.len(), 3);
        assert!(out.iter().all(
            |o| matches!(o, Output::Send { msg: Message::Prepare { ballot }, .. } if *ballot == b(1, 0))
        ));
        assert_eq!(p.phase(), Phase::Preparing);
        assert_eq!(p.timer(), Some(Timer { at: Time(400), jitter: 0 }));
    }

    #[test]
    fn paxos_made_simple_p2c_adopts_the_highest_ballot_vote_among_promises() {
        let mut p = Proposer::new(NodeId(0), cfg(Backoff::Random), 4);
        let mut out = Vec::new();
        p.propose(Time(0), v("1元/度"), &mut out);
        let ballot = p.ballot().unwrap();
        out.clear();
        p.on_promise(Time(1), NodeId(1), ballot, Some(Vote { ballot: b(2, 2), value: v("old") }), &mut out);
        assert!(out.is_empty(), "one promise is not a quorum of 2");
        p.on_promise(
            Time(2),
            NodeId(2),
            ballot,
            Some(Vote { ballot: b(3, 1), value: v("2元/度") }),
            &mut out,
        );
        assert_eq!(accepts(&out), vec![v("2元/度"); 3]);
        assert_eq!(p.proposal(), Some(&v("2元/度")));
    }

    #[test]
    fn free_to_propose_own_value_when_no_promise_reports_a_vote() {
        let mut p = Proposer::new(NodeId(0), cfg(Backoff::Random), 0);
        let mut out = Vec::new();
        p.propose(Time(0), v("1元/度"), &mut out);
        let ballot = p.ballot().unwrap();
        out.clear();
        p.on_promise(Time(1), NodeId(0), ballot, None, &mut out);
        p.on_promise(Time(1), NodeId(0), ballot, None, &mut out);
        assert!(out.is_empty(), "a duplicated promise from one acceptor counts once");
        p.on_promise(Time(2), NodeId(2), ballot, None, &mut out);
        assert_eq!(accepts(&out), vec![v("1元/度"); 3]);
    }

    #[test]
    fn quorum_of_accepted_chooses_the_proposal() {
        let mut p = Proposer::new(NodeId(1), cfg(Backoff::Random), 0);
        let mut out = Vec::new();
        p.propose(Time(0), v("x"), &mut out);
        let ballot = p.ballot().unwrap();
        p.on_promise(Time(1), NodeId(0), ballot, None, &mut out);
        p.on_promise(Time(1), NodeId(1), ballot, None, &mut out);
        assert_eq!(p.on_accepted(NodeId(0), b(9, 9)), None, "accepted for another ballot");
        assert_eq!(p.on_accepted(NodeId(0), ballot), None);
        assert_eq!(p.on_accepted(NodeId(2), ballot), Some(v("x")));
    }

    #[test]
    fn new_attempt_goes_above_every_round_seen_in_nacks() {
        let mut p = Proposer::new(NodeId(0), cfg(Backoff::None), 0);
        let mut out = Vec::new();
        p.propose(Time(0), v("x"), &mut out);
        out.clear();
        p.on_nack(Time(5), b(1, 0), b(7, 2), &mut out);
        assert_eq!(p.ballot(), Some(b(8, 0)), "backoff none retries at once, above round 7");
        assert_eq!(out.len(), 3);
        // A nack for an old attempt only teaches a round.
        out.clear();
        p.on_nack(Time(6), b(1, 0), b(9, 1), &mut out);
        assert!(out.is_empty());
        assert_eq!(p.max_round(), 9);
    }

    #[test]
    fn random_backoff_waits_a_growing_window_then_retries() {
        let mut p = Proposer::new(NodeId(0), cfg(Backoff::Random), 0);
        let mut out = Vec::new();
        p.propose(Time(0), v("x"), &mut out);
        p.on_nack(Time(10), b(1, 0), b(2, 1), &mut out);
        assert_eq!(p.phase(), Phase::BackingOff);
        assert_eq!(p.timer(), Some(Timer { at: Time(10), jitter: 200 }));
        out.clear();
        p.on_timeout(Time(100), &mut out);
        assert_eq!(p.ballot(), Some(b(3, 0)));
        assert_eq!(p.phase(), Phase::Preparing);
        // Phase timeout: second failure, window doubles.
        p.on_timeout(Time(100 + 400), &mut out);
        assert_eq!(p.timer(), Some(Timer { at: Time(500), jitter: 400 }));
    }

    #[test]
    fn flaw_ignore_promised_values_proposes_its_own_value() {
        let config = Config {
            flaws: crate::Flaws { ignore_promised_values: true, ..Default::default() },
            ..cfg(Backoff::Random)
        };
        let mut p = Proposer::new(NodeId(0), config, 0);
        let mut out = Vec::new();
        p.propose(Time(0), v("mine"), &mut out);
        let ballot = p.ballot().unwrap();
        out.clear();
        p.on_promise(
            Time(1),
            NodeId(1),
            ballot,
            Some(Vote { ballot: b(0, 2), value: v("chosen before") }),
            &mut out,
        );
        p.on_promise(Time(1), NodeId(2), ballot, None, &mut out);
        assert_eq!(accepts(&out), vec![v("mine"); 3]);
    }

    #[test]
    fn flaw_learn_from_first_accepted_learns_from_one() {
        let config = Config {
            flaws: crate::Flaws { learn_from_first_accepted: true, ..Default::default() },
            ..cfg(Backoff::Random)
        };
        let mut p = Proposer::new(NodeId(0), config, 0);
        let mut out = Vec::new();
        p.propose(Time(0), v("x"), &mut out);
        let ballot = p.ballot().unwrap();
        p.on_promise(Time(1), NodeId(0), ballot, None, &mut out);
        p.on_promise(Time(1), NodeId(1), ballot, None, &mut out);
        assert_eq!(p.on_accepted(NodeId(2), ballot), Some(v("x")));
    }

    #[test]
    fn a_restarted_proposer_never_reuses_a_ballot() {
        let mut p = Proposer::new(NodeId(2), cfg(Backoff::Random), 5);
        let mut out = Vec::new();
        p.propose(Time(0), v("x"), &mut out);
        assert_eq!(p.ballot(), Some(b(6, 2)));
        assert_eq!(p.last_round(), 6);
    }

    #[test]
    fn early_timeout_wake_up_is_ignored() {
        let mut p = Proposer::new(NodeId(0), cfg(Backoff::Random), 0);
        let mut out = Vec::new();
        p.propose(Time(0), v("x"), &mut out);
        out.clear();
        p.on_timeout(Time(399), &mut out);
        assert!(out.is_empty());
        assert_eq!(p.phase(), Phase::Preparing);
    }
}
