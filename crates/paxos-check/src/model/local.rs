//! One node's step: the only place the search runs a `paxos::Node`. A move changes one node,
//! and what it does depends only on that node's packed state and the event, so each
//! (node, packed state, event) is run once and remembered: most moves of a search are
//! replays of a step already taken from another global state.

use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasherDefault;

use paxos::{Node, NodeId, Output, Time};

use super::packed::{self, Reader, Tables};
use super::Model;
use crate::store::table::Unmixed;

/// What happens to a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// Client proposal `k` of the model.
    Propose(usize),
    /// A packed message arrives.
    Deliver(u64),
    Timeout,
    Restart,
}

impl Event {
    fn code(self) -> u64 {
        const TAG: u64 = 1 << 63; // packed messages use 63 bits
        match self {
            Event::Deliver(code) => code,
            Event::Propose(k) => TAG | (k as u64) << 2,
            Event::Timeout => TAG | 1,
            Event::Restart => TAG | 2,
        }
    }
}

/// A node's step: its packed state after, the messages it sent to other nodes (packed),
/// the votes it holds after each batch of work (packed), and whether its promise went down.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub node: Vec<u8>,
    pub sends: Vec<u64>,
    pub votes: Vec<u64>,
    pub promise_down: bool,
}

struct Entry {
    node: u16,
    event: u64,
    before: Box<[u8]>,
    outcome: Outcome,
}

/// Steps taken, by fingerprint of (node, packed state, event).
#[derive(Default)]
pub struct Steps {
    memo: HashMap<u64, Entry, BuildHasherDefault<Unmixed>>,
    scratch: Outcome,
    /// Heap bytes of the remembered entries (their packed states and outcomes).
    heap: usize,
}

/// Steps remembered at most; then the memory starts again empty (it is only a cache).
const MAX_REMEMBERED: usize = 1 << 18;

impl Steps {
    /// Bytes held: the memo's buckets and the heap parts of its entries.
    pub fn memory(&self) -> u64 {
        (self.memo.capacity() * (17 + std::mem::size_of::<Entry>()) + self.heap) as u64
    }

    /// Node `i`, packed as `before`, after `event`.
    pub fn step(&mut self, t: &mut Tables, model: &Model, i: usize, before: &[u8], event: Event) -> &Outcome {
        let key = key(i, before, event);
        let hit = self
            .memo
            .get(&key)
            .is_some_and(|e| e.node == i as u16 && e.event == event.code() && *e.before == *before);
        if hit {
            return &self.memo[&key].outcome;
        }
        let outcome = run(t, model, i, before, event);
        if self.memo.contains_key(&key) {
            // Two steps with one fingerprint (never seen so far): do not remember this one.
            self.scratch = outcome;
            return &self.scratch;
        }
        if self.memo.len() >= MAX_REMEMBERED {
            self.memo.clear();
            self.heap = 0;
        }
        self.heap += before.len() + outcome.node.len() + (outcome.sends.len() + outcome.votes.len()) * 8;
        let entry = Entry { node: i as u16, event: event.code(), before: before.into(), outcome };
        &self.memo.entry(key).or_insert(entry).outcome
    }
}

fn key(i: usize, before: &[u8], event: Event) -> u64 {
    let mut h = packed::fingerprint(before);
    h ^= event.code().wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^= (i as u64 + 1).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h
}

/// Runs the step on a node rebuilt from its packed state. Messages to itself do not cross
/// the network: they are handled at once, first sent first, as the simulator does with its
/// zero-delay local messages.
fn run(t: &mut Tables, model: &Model, i: usize, before: &[u8], event: Event) -> Outcome {
    let id = NodeId(i as u16);
    let config = model.config();
    let (mut node, mut disk, mut up) = Reader { bytes: before, at: 0 }.node(t, id, config);
    let promised = node.acceptor().promised();
    let mut out = Outcome::default();
    match event {
        Event::Propose(k) => node.propose(Time(0), model.proposals[k].1.clone()),
        Event::Deliver(code) => {
            node.handle_message(Time(0), packed::packet_from(code), packed::unpack(t, code))
        }
        Event::Timeout => {
            let at = node.poll_timeout().map_or(Time(0), |timer| timer.at);
            node.handle_timeout(at);
        }
        Event::Restart => {
            node = Node::restore(id, config, disk.clone());
            up = true;
        }
    }
    let mut local = VecDeque::new();
    loop {
        while let Some(output) = node.poll_output() {
            match output {
                Output::Send { to, msg } if to == id => local.push_back(msg),
                Output::Send { to, msg } => out.sends.push(packed::pack(t, id, to, &msg)),
                Output::Persist(d) => disk = d,
                Output::Event(_) => {}
            }
        }
        if let Some(v) = node.acceptor().accepted() {
            out.votes.push(packed::pack_vote(t.ballot(Some(v.ballot)), t.value(Some(&v.value)), id));
        }
        let Some(msg) = local.pop_front() else { break };
        node.handle_message(Time(0), id, msg);
    }
    out.promise_down = node.acceptor().promised() < promised;
    packed::put_node(t, &mut out.node, &node, &disk, up, None);
    out
}
