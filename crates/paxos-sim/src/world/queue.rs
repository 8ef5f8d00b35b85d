//! The world's event queue, ordered by (virtual time, sequence number): two
//! events due at the same moment happen in the order they were scheduled.
//!
//! A [`SortedMap`] keyed from the last event due to the next one, so that taking the next
//! is a `pop`: queues hold tens to hundreds of events, where shifting a few on insertion
//! costs less than a tree, and its code is a fraction of a `BTreeMap`'s in the browser's wasm.

use std::cmp::Reverse;

use paxos::Time;

use crate::sorted::SortedMap;

/// Where an event sits in the queue: its time and its sequence number.
pub type Key = (Time, u64);

#[derive(Clone, Debug)]
pub struct EventQueue<P> {
    /// Highest key first: the next event is the last entry.
    events: SortedMap<Reverse<Key>, P>,
    seq: u64,
}

impl<P> Default for EventQueue<P> {
    fn default() -> Self {
        EventQueue { events: SortedMap::new(), seq: 0 }
    }
}

impl<P> EventQueue<P> {
    /// Queues `event` at `at`, after everything already queued for that moment.
    pub fn schedule(&mut self, at: Time, event: P) -> Key {
        let key = (at, self.seq);
        self.seq += 1;
        self.events.insert(Reverse(key), event);
        key
    }

    /// The next event, taken out of the queue.
    pub fn pop(&mut self) -> Option<(Key, P)> {
        self.events.pop_last().map(|(Reverse(key), event)| (key, event))
    }

    pub fn remove(&mut self, key: &Key) -> Option<P> {
        self.events.remove(&Reverse(*key))
    }

    /// Events queued.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// When the next event is due.
    pub fn next_time(&self) -> Option<Time> {
        self.events.last_key().map(|Reverse((t, _))| *t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_come_by_time_then_in_the_order_they_were_scheduled() {
        let mut q = EventQueue::default();
        let late = q.schedule(Time(30), "late");
        q.schedule(Time(10), "first at 10");
        q.schedule(Time(20), "at 20");
        q.schedule(Time(10), "second at 10");
        let gone = q.schedule(Time(15), "removed");
        assert_eq!(q.remove(&gone), Some("removed"));
        assert_eq!(q.remove(&gone), None);
        assert_eq!(q.next_time(), Some(Time(10)));
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).map(|(_, e)| e).collect();
        assert_eq!(order, ["first at 10", "second at 10", "at 20", "late"]);
        assert_eq!(late, (Time(30), 0));
        assert_eq!(q.next_time(), None);
    }
}
