//! The search's states as numbers. Each node's parts, each disk, each message and each
//! thing the properties remember is kept once, in a pool, numbered in the order it first
//! came; a state is the list of those numbers (a few hundred bytes for a three-server
//! Multi-Paxos cluster, where the whole state it names is tens of kilobytes). Two states
//! are the same exactly when their lists are, so a fingerprint hashes the list.
//!
//! A packed state is `u32` words:
//!
//! | words | what |
//! |---|---|
//! | 0 | crashes so far |
//! | 1, 2 | which client requests were made (bit k: request k), low and high half |
//! | 3 | what the properties remember (its number among judges) |
//! | 4 .. 4+n | each node's parts, [`DOWN`] for a node that is down |
//! | 4+n .. 4+2n | each node's disk |
//! | 4+2n .. | the messages sent, a set, in the order of the messages' keys |
//!
//! A node that is down counts by its disk alone: a restart rebuilds it from there, so what
//! it held in memory does not tell two states apart.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};

use paxos::{Effect, NodeId, Protocol, Time};

use super::state::{MAX_LOCAL, SELF_MESSAGES};
use super::{Move, Spec, State};
use crate::store::table::Unmixed;

/// The parts of a node that is down.
pub(super) const DOWN: u32 = u32::MAX;
const CRASHES: usize = 0;
const REQUESTED: usize = 1;
const JUDGE: usize = 3;
const NODES: usize = 4;

/// Items kept once each, numbered in the order they first came.
pub(super) struct Pool<T> {
    items: Vec<T>,
    /// An item's hash → its number; an item whose hash an earlier item has is in `more`.
    index: HashMap<u64, u32, BuildHasherDefault<Unmixed>>,
    more: Vec<u32>,
}

impl<T> Default for Pool<T> {
    fn default() -> Pool<T> {
        Pool { items: Vec::new(), index: HashMap::default(), more: Vec::new() }
    }
}

fn hash64<T: Hash + ?Sized>(item: &T) -> u64 {
    let mut h = DefaultHasher::new();
    item.hash(&mut h);
    h.finish()
}

impl<T: Hash + Eq> Pool<T> {
    /// The item's number, and whether it is new.
    pub(super) fn intern(&mut self, item: T) -> (u32, bool) {
        let fresh = self.items.len() as u32;
        match self.index.entry(hash64(&item)) {
            Entry::Vacant(e) => {
                e.insert(fresh);
            }
            Entry::Occupied(e) => {
                let first = *e.get();
                if self.items[first as usize] == item {
                    return (first, false);
                }
                if let Some(&same) = self.more.iter().find(|&&k| self.items[k as usize] == item) {
                    return (same, false);
                }
                self.more.push(fresh);
            }
        }
        self.items.push(item);
        (fresh, true)
    }

    pub(super) fn get(&self, id: u32) -> &T {
        &self.items[id as usize]
    }
}

/// A move, with its message by number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Step {
    Request(usize),
    Deliver(u32),
    Timeout(usize),
    Crash(usize),
    Restart(usize),
}

/// What taking a move gave: the next state (in the caller's buffer), a broken property, or
/// nothing (the move is not possible, changes nothing, or starts a ballot above the bound).
pub(super) enum Next {
    State,
    Broken { property: String, detail: String },
    None,
}

type Sent<M> = (NodeId, NodeId, M);

/// The pools of one search, and the protocol's spec they serve.
pub(super) struct Pools<S: Spec> {
    parts: Pool<<S::P as Protocol>::Parts>,
    /// For each parts: whether the node's timer is set.
    timers: Vec<bool>,
    disks: Pool<<S::P as Protocol>::Disk>,
    messages: Pool<Sent<<S::P as Protocol>::Message>>,
    /// For each message: sender, receiver and the message's hash, the order of the set.
    keys: Vec<(NodeId, NodeId, u64)>,
    judges: Pool<S::Judge>,
    /// Steps met before, most of them (see [`Memo`]).
    memo: Memo,
}

impl<S: Spec> Default for Pools<S> {
    fn default() -> Pools<S> {
        Pools {
            parts: Pool::default(),
            timers: Vec::new(),
            disks: Pool::default(),
            messages: Pool::default(),
            keys: Vec::new(),
            judges: Pool::default(),
            memo: Memo::default(),
        }
    }
}

/// Where the messages of a packed state of `n` nodes start.
fn net(n: usize) -> usize {
    NODES + 2 * n
}

impl<S: Spec> Pools<S> {
    /// `state`, packed into `out`.
    pub(super) fn pack(&mut self, spec: &S, state: &State<S>, out: &mut Vec<u32>) {
        let n = state.nodes.len();
        out.clear();
        out.push(u32::from(state.crashes));
        out.push(state.requested as u32);
        out.push((state.requested >> 32) as u32);
        out.push(self.judges.intern((*state.judge).clone()).0);
        for (i, parts) in state.nodes.iter().enumerate() {
            let id =
                if state.up[i] { self.intern_parts(spec, NodeId(i as u16), (**parts).clone()) } else { DOWN };
            out.push(id);
        }
        for disk in &state.disks {
            out.push(self.disks.intern((**disk).clone()).0);
        }
        for sent in &state.net {
            let (from, to, msg) = &**sent;
            let m = self.intern_message(*from, *to, msg.clone());
            self.insert(out, n, m);
        }
    }

    fn intern_parts(&mut self, spec: &S, id: NodeId, parts: <S::P as Protocol>::Parts) -> u32 {
        let (k, new) = self.parts.intern(parts);
        if new {
            let node = S::P::from_parts(id, spec.config(), self.parts.get(k).clone());
            self.timers.push(node.poll_timeout().is_some());
        }
        k
    }

    fn intern_message(&mut self, from: NodeId, to: NodeId, msg: <S::P as Protocol>::Message) -> u32 {
        let key = (from, to, hash64(&msg));
        let (k, new) = self.messages.intern((from, to, msg));
        if new {
            self.keys.push(key);
        }
        k
    }

    /// Adds message `m` to the set of `state` (of `n` nodes), in the order of keys (then
    /// numbers, for two messages whose keys are the same).
    fn insert(&self, state: &mut Vec<u32>, n: usize, m: u32) {
        let order = |k: u32| (self.keys[k as usize], k);
        let set = &state[net(n)..];
        if let Err(at) = set.binary_search_by(|&k| order(k).cmp(&order(m))) {
            state.insert(net(n) + at, m);
        }
    }

    /// Every move possible in `state` (some may turn out to change nothing, or to start a
    /// ballot above the bound), in the order the trail numbers them.
    pub(super) fn moves(&self, spec: &S, state: &[u32], out: &mut Vec<Step>) {
        let n = spec.names().len();
        let up = |i: usize| state[NODES + i] != DOWN;
        let requested = u64::from(state[REQUESTED]) | (u64::from(state[REQUESTED + 1]) << 32);
        for (k, (node, _)) in spec.requests().iter().enumerate() {
            if requested & (1 << k) == 0 && up(node.index()) {
                out.push(Step::Request(k));
            }
        }
        for &m in &state[net(n)..] {
            if up(self.messages.get(m).1.index()) {
                out.push(Step::Deliver(m));
            }
        }
        for i in 0..n {
            if up(i) && self.timers[state[NODES + i] as usize] {
                out.push(Step::Timeout(i));
            }
            if up(i) && state[CRASHES] < u32::from(spec.crashes()) {
                out.push(Step::Crash(i));
            }
            if !up(i) {
                out.push(Step::Restart(i));
            }
        }
    }

    /// The move, with its message written out.
    pub(super) fn unpack_move(&self, step: Step) -> Move<<S::P as Protocol>::Message> {
        match step {
            Step::Request(k) => Move::Request(k),
            Step::Deliver(m) => {
                let (from, to, msg) = self.messages.get(m);
                Move::Deliver { from: *from, to: *to, msg: msg.clone() }
            }
            Step::Timeout(i) => Move::Timeout(NodeId(i as u16)),
            Step::Crash(i) => Move::Crash(NodeId(i as u16)),
            Step::Restart(i) => Move::Restart(NodeId(i as u16)),
        }
    }

    /// The state after `step` from `state`, into `next`.
    pub(super) fn after(&mut self, spec: &S, state: &[u32], step: Step, next: &mut Vec<u32>) -> Next {
        next.clear();
        next.extend_from_slice(state);
        let n = spec.names().len();
        let key = match step {
            Step::Request(k) => Some(spec.requests()[k].0.index()),
            Step::Deliver(m) => Some(self.messages.get(m).1.index()),
            Step::Timeout(i) | Step::Restart(i) => Some(i),
            Step::Crash(_) => None,
        }
        .map(|i| Key {
            node: i as u32,
            parts: state[NODES + i],
            disk: state[NODES + n + i],
            judge: state[JUDGE],
            step,
        });
        if let Some(key) = &key {
            if let Some(done) = self.memo.get(key) {
                let i = key.node as usize;
                if let Step::Request(k) = step {
                    next[REQUESTED] |= (1u64 << k) as u32;
                    next[REQUESTED + 1] |= ((1u64 << k) >> 32) as u32;
                }
                (next[NODES + i], next[NODES + n + i], next[JUDGE]) = (done.parts, done.disk, done.judge);
                for &m in &done.sent {
                    self.insert(next, n, m);
                }
                return outcome(spec, done.before, done.round, state, next);
            }
        }
        let mut judge = Judge { id: state[JUDGE], changed: None };
        let node = |i: usize| {
            S::P::from_parts(NodeId(i as u16), spec.config(), self.parts.get(state[NODES + i]).clone())
        };
        let (i, mut node, before) = match step {
            Step::Request(k) => {
                let (id, request) = &spec.requests()[k];
                let bit = 1u64 << k;
                next[REQUESTED] |= bit as u32;
                next[REQUESTED + 1] |= (bit >> 32) as u32;
                spec.requested(judge.get(&self.judges), k);
                let mut node = node(id.index());
                let before = node.last_round();
                node.request(Time(0), request.clone());
                (id.index(), node, before)
            }
            Step::Deliver(m) => {
                let (from, to, msg) = self.messages.get(m);
                let mut node = node(to.index());
                let before = node.last_round();
                node.receive(Time(0), *from, msg.clone());
                (to.index(), node, before)
            }
            Step::Timeout(i) => {
                let mut node = node(i);
                let before = node.last_round();
                node.timeout(Time(0));
                (i, node, before)
            }
            Step::Crash(i) => {
                next[NODES + i] = DOWN;
                next[CRASHES] += 1;
                spec.crashed(judge.get(&self.judges), NodeId(i as u16));
                next[JUDGE] = judge.intern(&mut self.judges);
                return Next::State;
            }
            Step::Restart(i) => {
                spec.restarted(judge.get(&self.judges), NodeId(i as u16));
                let disk = self.disks.get(state[NODES + n + i]);
                let node = S::P::restart(NodeId(i as u16), spec.config(), disk, Time(0));
                let before = node.last_round();
                (i, node, before)
            }
        };
        let mut sent = Vec::new();
        match self.settle(spec, state, next, i, &mut node, &mut judge, &mut sent) {
            Err((property, detail)) => Next::Broken { property, detail },
            Ok(round) => {
                if let Some(key) = key {
                    let (parts, disk, judge) = (next[NODES + i], next[NODES + n + i], next[JUDGE]);
                    self.memo.put(key, Done { parts, disk, judge, before, round, sent: sent.into() });
                }
                outcome(spec, before, round, state, next)
            }
        }
    }

    /// Every node up, as it starts, nothing sent, packed into `out`; or the property its
    /// start breaks.
    pub(super) fn start(&mut self, spec: &S, out: &mut Vec<u32>) -> Result<(), (String, String)> {
        let n = spec.names().len();
        let disk = self.disks.intern(Default::default()).0;
        let judge = self.judges.intern(spec.judge()).0;
        out.clear();
        out.extend([0, 0, 0, judge]);
        out.extend(std::iter::repeat_n(DOWN, n));
        out.extend(std::iter::repeat_n(disk, n));
        for i in 0..n {
            let mut node = S::P::start(NodeId(i as u16), spec.config(), Time(0));
            let before = out.clone();
            let mut judge = Judge { id: before[JUDGE], changed: None };
            self.settle(spec, &before, out, i, &mut node, &mut judge, &mut Vec::new())?;
        }
        Ok(())
    }

    /// Carries out every effect of node `i`'s last input (its messages to itself handled at
    /// once, first sent first) and keeps its parts, its disk and what the properties
    /// remember in `next`. Returns the highest round the node started.
    fn settle(
        &mut self,
        spec: &S,
        state: &[u32],
        next: &mut Vec<u32>,
        i: usize,
        node: &mut S::P,
        judge: &mut Judge<S::Judge>,
        sent: &mut Vec<u32>,
    ) -> Result<u64, (String, String)> {
        let n = spec.names().len();
        let id = NodeId(i as u16);
        let mut local = VecDeque::new();
        let mut disk: Option<<S::P as Protocol>::Disk> = None;
        let mut handled = 0;
        loop {
            while let Some(effect) = node.poll_output() {
                match effect {
                    Effect::Send { to, msg } if to == id => local.push_back(msg),
                    Effect::Send { to, msg } => {
                        let m = self.intern_message(id, to, msg);
                        self.insert(next, n, m);
                        sent.push(m);
                    }
                    Effect::Persist(write) => {
                        let broken =
                            spec.effect(judge.get(&self.judges), id, node, &Effect::Persist(write.clone()));
                        let disk = disk.get_or_insert_with(|| self.disks.get(state[NODES + n + i]).clone());
                        S::P::write(disk, write);
                        if let Some(broken) = broken {
                            return Err(broken);
                        }
                    }
                    event @ Effect::Event(_) => {
                        if let Some(broken) = spec.effect(judge.get(&self.judges), id, node, &event) {
                            return Err(broken);
                        }
                    }
                }
            }
            if let Some(broken) = spec.settled(judge.get(&self.judges), id, node) {
                return Err(broken);
            }
            let Some(msg) = local.pop_front() else { break };
            handled += 1;
            if handled > MAX_LOCAL {
                let name = &spec.names()[i];
                let detail = format!(
                    "{name} handled {MAX_LOCAL} messages to itself in one move and is still sending itself more"
                );
                return Err((SELF_MESSAGES.to_string(), detail));
            }
            node.receive(Time(0), id, msg);
        }
        let mut parts = node.parts();
        S::P::timeless(&mut parts);
        next[NODES + i] = self.intern_parts(spec, id, parts);
        if let Some(disk) = disk {
            next[NODES + n + i] = self.disks.intern(disk).0;
        }
        next[JUDGE] = judge.intern(&mut self.judges);
        Ok(node.last_round())
    }
}

/// A node's step, by what it depends on: the node's parts and disk, what the properties
/// remember, and the move.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    node: u32,
    parts: u32,
    disk: u32,
    judge: u32,
    step: Step,
}

/// What the step gave: the node's parts and disk, what the properties remember, its highest
/// round before and after, and the messages it sent to others.
struct Done {
    parts: u32,
    disk: u32,
    judge: u32,
    before: u64,
    round: u64,
    sent: Box<[u32]>,
}

/// Steps met before, in a cache where a step takes the place its key hashes to (doubling,
/// up to [`MEMO_SLOTS`], as steps come): the same node, in the same parts, with the same disk and judge, meets the same move
/// in many states (the others' parts and the messages in flight differ), and the nodes are
/// deterministic, so the step is taken once and its numbers spliced in after. A step that
/// breaks a property is not kept (the search stops there).
struct Memo {
    slots: Vec<Option<(Key, Done)>>,
    /// Steps kept since the cache last doubled.
    puts: usize,
}

/// Slots in the memo: natively 2^20 (about 80 MiB), in a page 2^16.
#[cfg(not(target_arch = "wasm32"))]
const MEMO_SLOTS: usize = 1 << 20;
#[cfg(target_arch = "wasm32")]
const MEMO_SLOTS: usize = 1 << 16;

impl Default for Memo {
    fn default() -> Memo {
        Memo { slots: Vec::new(), puts: 0 }
    }
}

impl Memo {
    fn slot(&self, key: &Key) -> usize {
        hash64(key) as usize & (self.slots.len() - 1)
    }

    fn get(&self, key: &Key) -> Option<&Done> {
        if self.slots.is_empty() {
            return None;
        }
        match &self.slots[self.slot(key)] {
            Some((k, done)) if k == key => Some(done),
            _ => None,
        }
    }

    fn put(&mut self, key: Key, done: Done) {
        self.puts += 1;
        if self.slots.is_empty() || (self.puts > self.slots.len() && self.slots.len() < MEMO_SLOTS) {
            let old = std::mem::take(&mut self.slots);
            self.slots.resize_with((old.len() * 2).max(1 << 10), || None);
            self.puts = 0;
            for (k, d) in old.into_iter().flatten() {
                let at = self.slot(&k);
                self.slots[at] = Some((k, d));
            }
        }
        let at = self.slot(&key);
        self.slots[at] = Some((key, done));
    }
}

/// What the properties remember during a move: a copy made when the spec first asks to
/// change it, kept under a number of its own only if it did change.
struct Judge<J> {
    id: u32,
    changed: Option<J>,
}

impl<J: Clone + Hash + Eq> Judge<J> {
    fn get(&mut self, pool: &Pool<J>) -> &mut J {
        self.changed.get_or_insert_with(|| pool.get(self.id).clone())
    }

    fn intern(&mut self, pool: &mut Pool<J>) -> u32 {
        match self.changed.take() {
            Some(j) if j != *pool.get(self.id) => pool.intern(j).0,
            _ => self.id,
        }
    }
}

/// What a step of a node whose highest round was `before` and is `round` gave: nothing if
/// it started a ballot above the bound (the bound applies to a move that starts one, not to
/// a node resumed above it) or changed nothing, else the state in `next`.
fn outcome<S: Spec>(spec: &S, before: u64, round: u64, state: &[u32], next: &[u32]) -> Next {
    if (round > spec.max_round() && round > before) || next == state {
        Next::None
    } else {
        Next::State
    }
}

/// The bytes a level keeps of a packed state: its length in words, then its words.
pub(super) fn write(state: &[u32], out: &mut Vec<u8>) {
    out.extend_from_slice(&(state.len() as u32).to_le_bytes());
    for w in state {
        out.extend_from_slice(&w.to_le_bytes());
    }
}

/// The length in bytes of the state whose bytes `bytes` start with (see [`write`]).
pub(super) fn written_len(bytes: &[u8]) -> usize {
    4 + 4 * u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize
}

/// A state's words from its bytes (see [`write`]).
pub(super) fn read(bytes: &[u8], out: &mut Vec<u32>) {
    out.clear();
    out.extend(bytes[4..].chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])));
}

/// 64 bits that tell packed states apart (the bytes a level keeps of them, hashed).
pub(super) fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}
