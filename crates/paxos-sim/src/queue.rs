//! The event queue both simulators run on, ordered by (virtual time, sequence number): two
//! events due at the same moment happen in the order they were scheduled.

use std::collections::BTreeMap;

use paxos::Time;

/// Where an event sits in the queue: its time and its sequence number.
pub type Key = (Time, u64);

#[derive(Clone, Debug)]
pub struct EventQueue<P> {
    events: BTreeMap<Key, P>,
    seq: u64,
}

impl<P> Default for EventQueue<P> {
    fn default() -> Self {
        EventQueue { events: BTreeMap::new(), seq: 0 }
    }
}

impl<P> EventQueue<P> {
    /// Queues `event` at `at`, after everything already queued for that moment.
    pub fn schedule(&mut self, at: Time, event: P) -> Key {
        let key = (at, self.seq);
        self.seq += 1;
        self.events.insert(key, event);
        key
    }

    /// The next event, taken out of the queue.
    pub fn pop(&mut self) -> Option<(Key, P)> {
        self.events.pop_first()
    }

    pub fn remove(&mut self, key: &Key) -> Option<P> {
        self.events.remove(key)
    }

    /// When the next event is due.
    pub fn next_time(&self) -> Option<Time> {
        self.events.keys().next().map(|(t, _)| *t)
    }
}
