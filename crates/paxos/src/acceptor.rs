//! Phase 1b and phase 2b: the acceptor, the senator's durable notebook.

use crate::message::{Message, Vote};
use crate::types::{Ballot, Value};

/// The acceptor's state. Both fields are durable: the driver must persist them (see
/// [`crate::Output::Persist`]) before the reply that depends on them leaves the node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    pub fn on_prepare(&mut self, ballot: Ballot) -> (Message, bool) {
        match self.promised {
            // 1. Promise only a ballot above every ballot promised before, so that no
            //    proposal below it can be accepted from now on ("Paxos Made Simple" P1a).
            None => self.promise(ballot, true),
            Some(p) if ballot > p => self.promise(ballot, true),
            // 2. A duplicated prepare for the ballot already promised is answered again:
            //    the answer is the same, nothing changes.
            Some(p) if ballot == p => self.promise(ballot, false),
            Some(p) => (Message::Nack { ballot, promised: p }, false),
        }
    }

    fn promise(&mut self, ballot: Ballot, changed: bool) -> (Message, bool) {
        self.promised = Some(ballot);
        (Message::Promise { ballot, accepted: self.accepted.clone() }, changed)
    }

    /// Phase 2b. Returns the reply and whether the durable state changed.
    pub fn on_accept(&mut self, ballot: Ballot, value: Value) -> (Message, bool) {
        match self.promised {
            // 3. Accept a ballot at least as high as the promise (P1a); accepting also
            //    raises the promise to it, so a later, lower accept is refused.
            Some(p) if ballot < p => (Message::Nack { ballot, promised: p }, false),
            _ => {
                let vote = Vote { ballot, value: value.clone() };
                let changed = self.promised != Some(ballot) || self.accepted.as_ref() != Some(&vote);
                self.promised = Some(ballot);
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

    #[test]
    fn paxos_made_simple_p1a_promise_only_higher_ballots() {
        let mut a = Acceptor::default();
        assert_eq!(a.on_prepare(b(1, 1)), (Message::Promise { ballot: b(1, 1), accepted: None }, true));
        // A lower ballot is refused with the ballot it lost to.
        assert_eq!(a.on_prepare(b(1, 0)), (Message::Nack { ballot: b(1, 0), promised: b(1, 1) }, false));
        assert!(a.on_prepare(b(2, 0)).1);
        assert_eq!(a.promised(), Some(b(2, 0)));
    }

    #[test]
    fn duplicated_prepare_is_answered_again_without_change() {
        let mut a = Acceptor::default();
        a.on_prepare(b(1, 0));
        assert_eq!(a.on_prepare(b(1, 0)), (Message::Promise { ballot: b(1, 0), accepted: None }, false));
    }

    #[test]
    fn paxos_made_simple_2_2_promise_reports_highest_accepted_vote() {
        let mut a = Acceptor::default();
        a.on_prepare(b(1, 1));
        a.on_accept(b(1, 1), v("2元/度"));
        let (reply, _) = a.on_prepare(b(2, 0));
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
        a.on_prepare(b(2, 1));
        assert_eq!(
            a.on_accept(b(1, 0), v("x")),
            (Message::Nack { ballot: b(1, 0), promised: b(2, 1) }, false)
        );
        assert_eq!(a.accepted(), None);
    }

    #[test]
    fn accept_at_or_above_promise_is_taken_and_raises_the_promise() {
        let mut a = Acceptor::default();
        a.on_prepare(b(1, 0));
        assert_eq!(
            a.on_accept(b(1, 0), v("x")),
            (Message::Accepted { ballot: b(1, 0), value: v("x") }, true)
        );
        // An accept for a ballot never prepared here but above the promise is taken too.
        assert!(a.on_accept(b(3, 1), v("y")).1);
        assert_eq!(a.promised(), Some(b(3, 1)));
        // ... and the lower one is now refused.
        assert!(matches!(a.on_accept(b(2, 0), v("z")).0, Message::Nack { .. }));
        assert_eq!(a.accepted().unwrap().value, v("y"));
    }
}
