//! Multi-Paxos behind the common interface: a client's request is a command or a sync, the
//! disk is written in small [`Write`]s, and the events are learned, apply and synced.

use crate::multi::config::MultiConfig;
use crate::multi::disk::{Disk, Write};
use crate::multi::message::{Entry, MultiMessage};
use crate::multi::replica::{MultiOutput, Replica};
use crate::node::Timer;
use crate::protocol::Protocol;
use crate::types::{NodeId, Slot, Time};

/// What a client hands a replica.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MultiRequest<C> {
    /// A command for the log ([`Replica::propose`]).
    Propose(C),
    /// A read barrier ([`Replica::sync`]) answered with [`MultiEvent::Synced`] and `token`.
    Sync(u64),
}

/// What a replica tells the world (see [`MultiOutput`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MultiEvent<C> {
    Learned { slot: Slot, entry: Entry<C> },
    Apply { slot: Slot, entry: Entry<C> },
    Synced { token: u64 },
}

impl<C: Clone + Ord + std::hash::Hash + std::fmt::Debug> Protocol for Replica<C> {
    type Config = MultiConfig;
    type Message = MultiMessage<C>;
    type Request = MultiRequest<C>;
    type Write = Write<C>;
    type Disk = Disk<C>;
    type Event = MultiEvent<C>;
    /// A replica's fields are its parts (it has no effect waiting when they are taken).
    type Parts = Replica<C>;

    fn restart(id: NodeId, config: &MultiConfig, disk: &Disk<C>, now: Time) -> Replica<C> {
        Replica::restore(id, *config, disk.clone(), now)
    }
    fn write(disk: &mut Disk<C>, write: Write<C>) {
        disk.apply(&write);
    }
    fn request(&mut self, now: Time, request: MultiRequest<C>) {
        match request {
            MultiRequest::Propose(command) => self.propose(now, command),
            MultiRequest::Sync(token) => self.sync(now, token),
        }
    }
    fn receive(&mut self, now: Time, from: NodeId, msg: MultiMessage<C>) {
        self.handle_message(now, from, msg);
    }
    fn timeout(&mut self, now: Time) {
        self.handle_timeout(now);
    }
    fn poll_output(&mut self) -> Option<MultiOutput<C>> {
        Replica::poll_output(self)
    }
    fn poll_timeout(&self) -> Option<Timer> {
        Replica::poll_timeout(self)
    }
    fn parts(&self) -> Replica<C> {
        self.clone()
    }
    fn from_parts(_id: NodeId, _config: &MultiConfig, parts: Replica<C>) -> Replica<C> {
        parts
    }
    fn timeless(parts: &mut Replica<C>) {
        parts.clear_timer_moment();
    }
    fn last_round(&self) -> u64 {
        Replica::last_round(self)
    }
}
