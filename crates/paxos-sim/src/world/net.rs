//! Message copies in flight: sent with a drawn fate (delay, loss, duplication), delivered
//! or dropped when their moment comes, held for a person in manual mode, and the person's
//! moves on them. Partitions and link faults.

use paxos::{NodeId, Protocol, Time};

use super::{fate, ActionError, Pending, Rules, World};
#[cfg(feature = "lab")]
use crate::scenario::Link;
use crate::scenario::{check_network, MsgKind, NetworkMode, NetworkSpec, Pick};
use crate::trace::TraceEvent;

/// A message copy on its way.
#[derive(Clone, Debug)]
pub struct Flight<M> {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub msg: M,
    pub sent_at: Time,
    /// When it reaches its receiver; `None` while it waits for a person (manual network).
    pub arrives_at: Option<Time>,
    /// Decided when it was sent: the network will lose this copy.
    pub lost: bool,
    /// The id of the copy it duplicates, for a duplicate.
    pub copy_of: Option<u64>,
    /// Its arrival in the event queue.
    key: Option<super::queue::Key>,
}

impl<R: Rules> World<R> {
    /// Every message copy in flight, by id.
    pub fn flights(&self) -> impl Iterator<Item = &Flight<<R::P as Protocol>::Message>> {
        self.flights.values()
    }

    /// The id of the message `pick` means, if it is in flight.
    pub fn resolve(&self, pick: Pick) -> Result<u64, ActionError> {
        match pick {
            Pick::Id(id) if self.flights.contains_key(&id) => Ok(id),
            Pick::Id(id) => Err(ActionError::NotInFlight(id)),
            Pick::Oldest { from, to, what } => self
                .flights()
                .find(|f| f.from == from && f.to == to && what.matches(f.id, R::facts(&f.msg)))
                .map(|f| f.id)
                .ok_or_else(|| {
                    let kind = what.kind.map_or("message", MsgKind::name);
                    let id = what.id.map_or(String::new(), |id| format!(" (copy {id})"));
                    ActionError::NoMatch(format!("{kind}{id} from {} to {}", self.name(from), self.name(to)))
                }),
        }
    }

    /// The oldest copy a node sent itself after copy `after`: the model checker handles a
    /// node's messages to itself within the move that sent them, so a replay of its path
    /// delivers these at once.
    pub fn local_after(&self, after: u64) -> Option<u64> {
        self.flights().find(|f| f.from == f.to && f.id > after).map(|f| f.id)
    }

    /// The id of the last message copy sent (0 before any).
    pub fn last_message_id(&self) -> u64 {
        self.next_id - 1
    }

    /// A partition separates them, or their link is cut.
    pub(crate) fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        fate::is_cut(self.groups.as_deref(), &self.links, from, to)
    }

    /// A scheduled arrival: the network lost it, a partition cuts it, the receiver is
    /// down, or it is delivered.
    pub(super) fn arrive(&mut self, id: u64) {
        let Some(mut f) = self.flights.remove(&id) else {
            return;
        };
        f.key = None;
        if f.lost || self.is_cut(f.from, f.to) || !self.hosts[f.to.index()].up {
            self.stats.dropped += 1;
            self.record(TraceEvent::Drop { id });
            return;
        }
        self.deliver(f);
    }

    fn deliver(&mut self, f: Flight<<R::P as Protocol>::Message>) {
        self.stats.delivered += 1;
        self.record(TraceEvent::Deliver { id: f.id });
        self.input(f.to, |node, now| node.receive(now, f.from, f.msg));
    }

    pub(super) fn send(&mut self, from: NodeId, to: NodeId, msg: <R::P as Protocol>::Message) {
        let id = self.next_id;
        self.next_id += 1;
        self.stats.sent += 1;
        if self.recording() {
            let (from_w, to_w) = (self.name(from), self.name(to));
            let msg_w = R::wire(&self.plan.names, &msg);
            self.record(TraceEvent::Send { id, from: from_w, to: to_w, msg: msg_w });
        } else {
            self.record_nothing();
        }
        let flight = Flight {
            id,
            from,
            to,
            msg,
            sent_at: self.now,
            arrives_at: None,
            lost: false,
            copy_of: None,
            key: None,
        };
        // 6. A node's messages to itself do not cross the network: no delay, never lost,
        //    never duplicated, never held in manual mode. Every other copy draws, in this
        //    order: delay, loss (when the drop rate is above 0), duplication (when the
        //    duplicate rate is above 0), and for a copy its own delay and loss.
        if from == to {
            self.launch(flight, Some((0, false)));
        } else if self.network.mode == NetworkMode::Manual {
            self.launch(flight, None);
        } else {
            let fate = self.draw_fate(from, to);
            let dup = self.network.duplicate > 0.0 && self.rng.chance(self.network.duplicate);
            self.launch(flight, Some(fate));
            if dup {
                self.copy_flight(id);
            }
        }
    }

    /// Puts a message in flight: scheduled with `(delay, lost)`, or waiting for a person.
    fn launch(&mut self, mut f: Flight<<R::P as Protocol>::Message>, fate: Option<(u64, bool)>) {
        if let Some((delay, lost)) = fate {
            let at = self.now.plus(delay);
            f.arrives_at = Some(at);
            f.lost = lost;
            f.key = Some(self.queue.schedule(at, Pending::Arrive(f.id)));
        }
        self.flights.insert(f.id, f);
    }

    /// A second copy of message `id`, with its own id and fate.
    pub(crate) fn copy_flight(&mut self, id: u64) {
        let copy = self.next_id;
        self.next_id += 1;
        self.stats.duplicated += 1;
        self.record(TraceEvent::Duplicate { id, copy });
        let original = &self.flights[&id];
        let f = Flight {
            id: copy,
            from: original.from,
            to: original.to,
            msg: original.msg.clone(),
            sent_at: self.now,
            arrives_at: None,
            lost: false,
            copy_of: Some(id),
            key: None,
        };
        let fate = (self.network.mode == NetworkMode::Auto).then(|| self.draw_fate(f.from, f.to));
        self.launch(f, fate);
    }

    fn draw_fate(&mut self, from: NodeId, to: NodeId) -> (u64, bool) {
        fate::draw_fate(&mut self.rng, &self.network, &self.links, from, to)
    }

    // ---- A person's and a script's actions on the network ---------------------------

    /// New delay range, loss and duplication rates for messages sent from now on; a new
    /// mode applies at once to the messages in flight.
    pub(crate) fn change_network(&mut self, network: NetworkSpec) -> Result<(), ActionError> {
        check_network(&network, "network")?;
        #[cfg(feature = "lab")]
        let (was, now) = (self.network.mode, network.mode);
        self.network = network;
        #[cfg(feature = "lab")]
        match (was, now) {
            (NetworkMode::Auto, NetworkMode::Manual) => self.hold_flights(),
            (NetworkMode::Manual, NetworkMode::Auto) => self.release_flights(),
            _ => {}
        }
        Ok(())
    }

    #[cfg(feature = "lab")]
    /// Splits the network into `groups` (every node in one).
    pub(crate) fn split(&mut self, groups: Vec<Vec<NodeId>>) {
        let mut of = vec![0; self.hosts.len()];
        for (g, group) in groups.iter().enumerate() {
            for id in group {
                of[id.index()] = g;
            }
        }
        self.groups = Some(of);
        let groups = groups.iter().map(|g| g.iter().map(|&id| self.name(id)).collect()).collect();
        self.record(TraceEvent::Partition { groups });
    }

    #[cfg(feature = "lab")]
    pub(crate) fn mend(&mut self) {
        self.groups = None;
        self.record(TraceEvent::Heal {});
    }

    #[cfg(feature = "lab")]
    /// The fault of the link between `a` and `b` (both ways) from now on.
    pub(crate) fn set_link(&mut self, a: NodeId, b: NodeId, link: Link) -> Result<(), ActionError> {
        if a == b {
            return Err(ActionError::SelfLink(self.name(a)));
        }
        if link == Link::default() {
            self.links.remove(&fate::link_key(a, b));
        } else {
            self.links.insert(fate::link_key(a, b), link);
        }
        Ok(())
    }

    /// A person delivers message `id` (in flight) now.
    #[cfg(feature = "lab")]
    pub(crate) fn deliver_now(&mut self, id: u64) -> Result<(), ActionError> {
        let f = &self.flights[&id];
        if !self.hosts[f.to.index()].up {
            return Err(ActionError::ReceiverDown(self.name(f.to)));
        }
        if self.is_cut(f.from, f.to) {
            return Err(ActionError::Cut(self.name(f.from), self.name(f.to)));
        }
        let f = self.take_flight(id);
        self.deliver(f);
        Ok(())
    }

    /// A person drops message `id` (in flight) now.
    #[cfg(feature = "lab")]
    pub(crate) fn drop_now(&mut self, id: u64) {
        self.take_flight(id);
        self.stats.dropped += 1;
        self.record(TraceEvent::Drop { id });
    }

    /// Removes a message from flight and its arrival from the queue.
    #[cfg(feature = "lab")]
    fn take_flight(&mut self, id: u64) -> Flight<<R::P as Protocol>::Message> {
        let f = self.flights.remove(&id).expect("resolved ids are in flight");
        if let Some(key) = f.key {
            self.queue.remove(&key);
        }
        f
    }

    /// Manual mode begins: every message between two nodes now waits for a person.
    #[cfg(feature = "lab")]
    fn hold_flights(&mut self) {
        let held: Vec<u64> =
            self.flights.values().filter(|f| f.from != f.to && f.key.is_some()).map(|f| f.id).collect();
        for id in held {
            let f = self.flights.get_mut(&id).expect("listed above");
            if let Some(key) = f.key.take() {
                self.queue.remove(&key);
            }
            f.arrives_at = None;
            f.lost = false;
        }
    }

    /// Manual mode ends: waiting messages get a delay and a fate, in order of id.
    #[cfg(feature = "lab")]
    fn release_flights(&mut self) {
        let waiting: Vec<u64> = self.flights.values().filter(|f| f.key.is_none()).map(|f| f.id).collect();
        for id in waiting {
            let f = self.flights.remove(&id).expect("listed above");
            let fate = self.draw_fate(f.from, f.to);
            self.launch(f, Some(fate));
        }
    }
}
