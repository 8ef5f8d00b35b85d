//! The learner: finds out which value was chosen.

use crate::types::Value;

/// What a node has learned. Durable, like a law written into the senator's ledger.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Learner {
    learned: Option<Value>,
}

impl Learner {
    pub fn restore(learned: Option<Value>) -> Learner {
        Learner { learned }
    }

    pub fn learned(&self) -> Option<&Value> {
        self.learned.as_ref()
    }

    /// Records `value` as chosen. Returns true when this is news. A learner keeps the first
    /// value it learns: in correct Paxos no other can be chosen.
    pub fn learn(&mut self, value: &Value) -> bool {
        if self.learned.is_some() {
            return false;
        }
        self.learned = Some(value.clone());
        true
    }
}
