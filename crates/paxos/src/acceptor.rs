//! Phase 1b and phase 2b: the acceptor, the senator's durable notebook.

use std::cmp::Ordering;

use crate::config::Flaws;
use crate::message::{Message, Vote};
use crate::types::{Ballot, Value};

/// How an acceptor compares ballots: (round, node), or the round alone with the
/// round-only-ballots flaw.
fn compare(a: Ballot, b: Ballot, flaws: Flaws) -> Ordering {
    if flaws.round_only_ballots {
        a.round.cmp(&b.round)
    } else {
        a.cmp(&b)
    }
}

/// The acceptor's state. Both fields are durable: the driver must persist them (see
/// [`crate::Output::Persist`]) before the reply that depends on them leaves the node.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Acceptor {
    promised: Option<Ballot>,
    accepted: Option<Vote>,
}

impl Acceptor {
    /// An acceptor as it was written down: after a restart it continues from here.
    pub fn restore(promised: Option<Ballot>, accepted: Option<Vote>) -> Acceptor {
        Acceptor { promised, accepted }
    }

    /// The highest ballot promised (or accepted) so far.
    pub fn promised(&self) -> Option<Ballot> {
        self.promised
    }

    /// The last vote cast: the highest ballot accepted and its value.
    pub fn accepted(&self) -> Option<&Vote> {
        self.accepted.as_ref()
    }

    /// Phase 1b. Returns the reply and whether the durable state changed.
    pub fn on_prepare(&mut self, ballot: Ballot, flaws: Flaws) -> (Message, bool) {
        match self.promised.map(|p| (p, compare(ballot, p, flaws))) {
            // 1. Promise only a ballot above every ballot promised before, so that no
            //    proposal below it can be accepted from now on ("Paxos Made Simple" P1a).
            None | Some((_, Ordering::Greater)) => self.promise(ballot, true),
            // 2. A duplicated prepare for the ballot already promised is answered again:
            //    the answer is the same, nothing changes.
            Some((p, Ordering::Equal)) => self.promise(ballot, p != ballot),
            Some((p, Ordering::Less)) => (Message::Nack { ballot, promised: p }, false),
        }
    }

    fn promise(&mut self, ballot: Ballot, changed: bool) -> (Message, bool) {
        self.promised = Some(ballot);
        (Message::Promise { ballot, accepted: self.accepted.clone() }, changed)
    }

    /// Phase 2b. Returns the reply and whether the durable state changed.
    pub fn on_accept(&mut self, ballot: Ballot, value: Value, flaws: Flaws) -> (Message, bool) {
        match self.promised {
            // 3. Accept a ballot at least as high as the promise (P1a); accepting also
            //    raises the promise to it, so a later, lower accept is refused.
            Some(p) if compare(ballot, p, flaws) == Ordering::Less && !flaws.accept_without_promise_check => {
                (Message::Nack { ballot, promised: p }, false)
            }
            _ => {
                let vote = Vote { ballot, value: value.clone() };
                let promised = if flaws.accept_keeps_promise {
                    self.promised
                } else {
                    Some(self.promised.map_or(ballot, |p| p.max(ballot)))
                };
                let changed = self.promised != promised || self.accepted.as_ref() != Some(&vote);
                self.promised = promised;
                self.accepted = Some(vote);
                (Message::Accepted { ballot, value }, changed)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NodeId;

    fn b(round: u64, node: u16) -> Ballot {
        Ballot::new(round, NodeId(node))
    }
    fn v(s: &str) -> Value {
        Value::new(s).unwrap()
    }
    const F: Flaws = Flaws {
        ignore_promised_values: false,
        acceptor_amnesia: false,
        accept_without_promise_check: false,
        round_only_ballots: false,
        learn_from_first_accepted: false,
        accept_keeps_promise: false,
    };

    #[test]
    fn flaw_round_only_ballots_promises_an_equal_round_of_another_node() {
        let flaws = Flaws { round_only_ballots: true, ..F };
        let mut a = Acceptor::default();
        a.on_prepare(b(1, 0), flaws);
        let (reply, _) = a.on_prepare(b(1, 1), flaws);
        assert!(matches!(reply, Message::Promise { .. }), "1.S2 counts as the same ballot as 1.S1");
        let mut correct = Acceptor::default();
        correct.on_prepare(b(1, 1), F);
        assert!(matches!(correct.on_prepare(b(1, 0), F).0, Message::Nack { .. }));
    }

    #[test]
    fn flaw_accept_without_promise_check_takes_a_lower_ballot() {
        let flaws = Flaws { accept_without_promise_check: true, ..F };
        let mut a = Acceptor::default();
        a.on_prepare(b(5, 1), flaws);
        assert!(matches!(a.on_accept(b(1, 0), v("x"), flaws).0, Message::Accepted { .. }));
        assert_eq!(a.promised(), Some(b(5, 1)));
    }

    #[test]
    fn flaw_accept_keeps_promise_leaves_the_promise_below_the_vote() {
        let flaws = Flaws { accept_keeps_promise: true, ..F };
        let mut a = Acceptor::default();
        a.on_prepare(b(1, 0), flaws);
        a.on_accept(b(3, 1), v("y"), flaws);
        assert_eq!(a.promised(), Some(b(1, 0)));
        // A late accept for ballot 2 is still taken and overwrites the vote of ballot 3.
        assert!(matches!(a.on_accept(b(2, 0), v("z"), flaws).0, Message::Accepted { .. }));
        assert_eq!(a.accepted().unwrap().ballot, b(2, 0));
    }

    #[test]
    fn paxos_made_simple_p1a_promise_only_higher_ballots() {
        let mut a = Acceptor::default();
        assert_eq!(a.on_prepare(b(1, 1), F), (Message::Promise { ballot: b(1, 1), accepted: None }, true));
        // A lower ballot is refused with the ballot it lost to.
        assert_eq!(a.on_prepare(b(1, 0), F), (Message::Nack { ballot: b(1, 0), promised: b(1, 1) }, false));
        assert!(a.on_prepare(b(2, 0), F).1);
        assert_eq!(a.promised(), Some(b(2, 0)));
    }

    #[test]
    fn duplicated_prepare_is_answered_again_without_change() {
        let mut a = Acceptor::default();
        a.on_prepare(b(1, 0), F);
        assert_eq!(a.on_prepare(b(1, 0), F), (Message::Promise { ballot: b(1, 0), accepted: None }, false));
    }

    #[test]
    fn paxos_made_simple_2_2_promise_reports_highest_accepted_vote() {
        let mut a = Acceptor::default();
        a.on_prepare(b(1, 1), F);
        a.on_accept(b(1, 1), v("2元/度"), F);
        let (reply, _) = a.on_prepare(b(2, 0), F);
        assert_eq!(
            reply,
            Message::Promise {
                ballot: b(2, 0),
                accepted: Some(Vote { ballot: b(1, 1), value: v("2元/度") })
            }
        );
    }

    #[test]
    fn accept_below_promise_is_nacked() {
        let mut a = Acceptor::default();
        a.on_prepare(b(2, 1), F);
        assert_eq!(
            a.on_accept(b(1, 0), v("x"), F),
            (Message::Nack { ballot: b(1, 0), promised: b(2, 1) }, false)
        );
        assert_eq!(a.accepted(), None);
    }

    #[test]
    fn accept_at_or_above_promise_is_taken_and_raises_the_promise() {
        let mut a = Acceptor::default();
        a.on_prepare(b(1, 0), F);
        assert_eq!(
            a.on_accept(b(1, 0), v("x"), F),
            (Message::Accepted { ballot: b(1, 0), value: v("x") }, true)
        );
        // An accept for a ballot never prepared here but above the promise is taken too.
        assert!(a.on_accept(b(3, 1), v("y"), F).1);
        assert_eq!(a.promised(), Some(b(3, 1)));
        // ... and the lower one is now refused.
        assert!(matches!(a.on_accept(b(2, 0), v("z"), F).0, Message::Nack { .. }));
        assert_eq!(a.accepted().unwrap().value, v("y"));
    }
}
