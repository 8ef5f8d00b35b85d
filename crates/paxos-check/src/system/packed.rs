//! The search's states as numbers. Each node's parts, each disk, each message and each
//! thing the properties remember is kept once, in a pool, numbered in the order it first
//! came; a state is the list of those numbers (a few words per node and one per message
//! sent, where a whole three-server Multi-Paxos state holds about 4 KB). Two states are the
//! same exactly when their lists are, so a fingerprint hashes the list.
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

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

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

/// Items kept once each, numbered in the order they first came, each with a note `X` that
/// does not tell items apart (a parts' timer, a message's key). Read by number from any
/// thread without a lock (boxcar's vector only grows); looked up and added to under the
/// index's lock.
pub(super) struct Pool<T, X = ()> {
    items: boxcar::Vec<(T, X)>,
    index: Mutex<Index>,
}

/// An item's hash → its number; an item whose hash an earlier item has is in `more`.
#[derive(Default)]
struct Index {
    first: HashMap<u64, u32, BuildHasherDefault<Unmixed>>,
    more: Vec<u32>,
}

impl<T, X> Default for Pool<T, X> {
    fn default() -> Pool<T, X> {
        Pool { items: boxcar::Vec::new(), index: Mutex::default() }
    }
}

fn hash64<T: Hash + ?Sized>(item: &T) -> u64 {
    let mut h = DefaultHasher::new();
    item.hash(&mut h);
    h.finish()
}

impl<T: Hash + Eq, X> Pool<T, X> {
    /// The number of `item`; a new item is kept with `note()`. The item is hashed, and
    /// compared with the one its hash names, outside the lock.
    fn intern(&self, item: T, note: impl FnOnce() -> X) -> u32 {
        let hash = hash64(&item);
        let same = |k: u32| self.items[k as usize].0 == item;
        let first =
            self.index.lock().expect("no thread panics holding a pool's index").first.get(&hash).copied();
        if let Some(k) = first.filter(|&k| same(k)) {
            return k;
        }
        let mut index = self.index.lock().expect("no thread panics holding a pool's index");
        let found = match index.first.get(&hash) {
            None => None,
            Some(&k) if same(k) => return k,
            Some(_) => index.more.iter().copied().find(|&k| same(k)),
        };
        if let Some(k) = found {
            return k;
        }
        let k = self.items.push((item, note()));
        let k = u32::try_from(k).ok().filter(|&k| k != DOWN).expect("a pool holds fewer than 2^32 - 1 items");
        match index.first.entry(hash) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(k);
            }
            std::collections::hash_map::Entry::Occupied(_) => index.more.push(k),
        }
        k
    }

    pub(super) fn get(&self, id: u32) -> &T {
        &self.items[id as usize].0
    }

    fn note(&self, id: u32) -> &X {
        &self.items[id as usize].1
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
/// A message's place in the set: sender, receiver, and the message's hash.
type Order = (NodeId, NodeId, u64);

/// The pools of one search: read and added to by every thread.
pub(super) struct Pools<S: Spec> {
    /// A node's parts, by node (what the parts mean may depend on whose they are), each
    /// with whether the node's timer is set.
    parts: Pool<(NodeId, <S::P as Protocol>::Parts), bool>,
    disks: Pool<<S::P as Protocol>::Disk>,
    /// Each with its key, the order of the set: sender, receiver and the message's hash.
    messages: Pool<Sent<<S::P as Protocol>::Message>, Order>,
    judges: Pool<S::Judge>,
}

impl<S: Spec> Default for Pools<S> {
    fn default() -> Pools<S> {
        Pools {
            parts: Pool::default(),
            disks: Pool::default(),
            messages: Pool::default(),
            judges: Pool::default(),
        }
    }
}

/// Where the messages of a packed state of `n` nodes start.
fn net(n: usize) -> usize {
    NODES + 2 * n
}

impl<S: Spec> Pools<S> {
    /// `state`, packed into `out`.
    pub(super) fn pack(&self, spec: &S, state: &State<S>, out: &mut Vec<u32>) {
        let n = state.nodes.len();
        out.clear();
        out.push(u32::from(state.crashes));
        out.push(state.requested as u32);
        out.push((state.requested >> 32) as u32);
        out.push(self.judges.intern((*state.judge).clone(), || ()));
        for (i, parts) in state.nodes.iter().enumerate() {
            let id = NodeId(i as u16);
            let timer = || S::P::from_parts(id, spec.config(), (**parts).clone()).poll_timeout().is_some();
            out.push(if state.up[i] { self.parts.intern((id, (**parts).clone()), timer) } else { DOWN });
        }
        for disk in &state.disks {
            out.push(self.disks.intern((**disk).clone(), || ()));
        }
        for sent in &state.net {
            let (from, to, msg) = &**sent;
            let m = self.messages.intern((*from, *to, msg.clone()), || (*from, *to, hash64(msg)));
            self.insert(out, n, m);
        }
    }

    /// Adds message `m` to the set of `state` (of `n` nodes), in the order of keys (then
    /// numbers, for two messages whose keys are the same).
    fn insert(&self, state: &mut Vec<u32>, n: usize, m: u32) {
        let order = |k: u32| (*self.messages.note(k), k);
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
            if up(self.messages.note(m).1.index()) {
                out.push(Step::Deliver(m));
            }
        }
        for i in 0..n {
            if up(i) && *self.parts.note(state[NODES + i]) {
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

    /// Every node up, as it starts, nothing sent, packed into `out`; or the property its
    /// start breaks.
    pub(super) fn start(&self, spec: &S, out: &mut Vec<u32>) -> Result<(), (String, String)> {
        let n = spec.names().len();
        let disk = self.disks.intern(Default::default(), || ());
        let judge = self.judges.intern(spec.judge(), || ());
        out.clear();
        out.extend([0, 0, 0, judge]);
        out.extend(std::iter::repeat_n(DOWN, n));
        out.extend(std::iter::repeat_n(disk, n));
        for i in 0..n {
            let mut node = S::P::start(NodeId(i as u16), spec.config(), Time(0));
            let mut judge = Judge { base: self.judges.get(out[JUDGE]), changed: None };
            let disk = self.disks.get(out[NODES + n + i]);
            let taken = settle(spec, i, &mut node, disk, &mut judge)?;
            self.keep(spec, out, i, taken, judge.changed());
        }
        Ok(())
    }

    /// Keeps what node `i`'s step left: its parts, disk, what the properties remember (if
    /// `judge` changed) and the messages it sent, each numbered in its pool, spliced into
    /// `next`. Returns those numbers (with `before` still to be filled in).
    fn keep(
        &self,
        spec: &S,
        next: &mut Vec<u32>,
        i: usize,
        taken: Taken<S>,
        judge: Option<S::Judge>,
    ) -> Done {
        let n = spec.names().len();
        let id = NodeId(i as u16);
        let (parts, timer) = (taken.parts, taken.timer);
        let parts = self.parts.intern((id, parts), || timer);
        let disk = taken.disk.map_or(next[NODES + n + i], |d| self.disks.intern(d, || ()));
        let judge = judge.map_or(next[JUDGE], |j| self.judges.intern(j, || ()));
        let sent = (taken.sent.into_iter())
            .map(|(to, msg)| {
                let key = hash64(&msg);
                self.messages.intern((id, to, msg), || (id, to, key))
            })
            .collect();
        let done = Done { parts, disk, judge, before: 0, round: taken.round, sent };
        self.splice(next, n, i, &done);
        done
    }

    /// Puts node `i`'s step `done` into `next` (of `n` nodes).
    fn splice(&self, next: &mut Vec<u32>, n: usize, i: usize, done: &Done) {
        (next[NODES + i], next[NODES + n + i], next[JUDGE]) = (done.parts, done.disk, done.judge);
        for &m in &done.sent {
            self.insert(next, n, m);
        }
    }
}

/// The state after `step` from `state`, into `next`, with the memo and the pools every
/// thread shares: a step met before is spliced in from its numbers; a new
/// one is taken, and what it left is numbered in the pools.
pub(super) fn after<S: Spec>(
    spec: &S,
    pools: &Pools<S>,
    memo: &Memo,
    state: &[u32],
    step: Step,
    next: &mut Vec<u32>,
) -> Next {
    next.clear();
    next.extend_from_slice(state);
    let n = spec.names().len();
    if let Step::Request(k) = step {
        next[REQUESTED] |= (1u64 << k) as u32;
        next[REQUESTED + 1] |= ((1u64 << k) >> 32) as u32;
    }
    let i = match step {
        Step::Request(k) => spec.requests()[k].0.index(),
        Step::Deliver(m) => pools.messages.note(m).1.index(),
        Step::Timeout(i) | Step::Restart(i) => i,
        Step::Crash(i) => {
            let mut judge = Judge { base: pools.judges.get(state[JUDGE]), changed: None };
            spec.crashed(judge.get(), NodeId(i as u16));
            next[NODES + i] = DOWN;
            next[CRASHES] += 1;
            if let Some(j) = judge.changed() {
                next[JUDGE] = pools.judges.intern(j, || ());
            }
            return Next::State;
        }
    };
    let key = Key {
        node: i as u32,
        parts: state[NODES + i],
        disk: state[NODES + n + i],
        judge: state[JUDGE],
        step,
    };
    let known = memo.with(&key, |done| {
        pools.splice(next, n, i, done);
        (done.before, done.round)
    });
    if let Some((before, round)) = known {
        return outcome(spec, before, round, state, next);
    }
    let id = NodeId(i as u16);
    let mut judge = Judge { base: pools.judges.get(state[JUDGE]), changed: None };
    let disk = pools.disks.get(state[NODES + n + i]);
    // The node as it is, its highest round before the move, and after the input.
    let run = |input: &dyn Fn(&mut S::P)| {
        let mut node = S::P::from_parts(id, spec.config(), pools.parts.get(state[NODES + i]).1.clone());
        let before = node.last_round();
        input(&mut node);
        (node, before)
    };
    let (mut node, before) = match step {
        Step::Request(k) => {
            spec.requested(judge.get(), k);
            run(&|node| node.request(Time(0), spec.requests()[k].1.clone()))
        }
        Step::Deliver(m) => {
            let (from, _, msg) = pools.messages.get(m);
            run(&|node| node.receive(Time(0), *from, msg.clone()))
        }
        Step::Timeout(_) => run(&|node| node.timeout(Time(0))),
        Step::Restart(_) => {
            spec.restarted(judge.get(), id);
            let node = S::P::restart(id, spec.config(), disk, Time(0));
            let before = node.last_round();
            (node, before)
        }
        Step::Crash(_) => unreachable!("a crash is taken above"),
    };
    let taken = match settle(spec, i, &mut node, disk, &mut judge) {
        Ok(taken) => taken,
        Err((property, detail)) => return Next::Broken { property, detail },
    };
    let mut done = pools.keep(spec, next, i, taken, judge.changed());
    done.before = before;
    let next_state = outcome(spec, done.before, done.round, state, next);
    memo.put(key, done);
    next_state
}

/// What a node's step left, before it is numbered in the pools: its parts (and whether its
/// timer is set), its disk if written, the messages it sent others (with their receivers),
/// and its highest round.
pub(super) struct Taken<S: Spec> {
    parts: <S::P as Protocol>::Parts,
    timer: bool,
    disk: Option<<S::P as Protocol>::Disk>,
    sent: Vec<(NodeId, <S::P as Protocol>::Message)>,
    round: u64,
}

/// Carries out every effect of node `i`'s last input (its messages to itself handled at
/// once, first sent first), `disk` being its disk before; returns what it left, and what
/// the properties remember is in `judge`.
fn settle<S: Spec>(
    spec: &S,
    i: usize,
    node: &mut S::P,
    disk: &<S::P as Protocol>::Disk,
    judge: &mut Judge<'_, S::Judge>,
) -> Result<Taken<S>, (String, String)> {
    let id = NodeId(i as u16);
    let mut local = VecDeque::new();
    let mut written: Option<<S::P as Protocol>::Disk> = None;
    let mut sent = Vec::new();
    let mut handled = 0;
    loop {
        while let Some(effect) = node.poll_output() {
            match effect {
                Effect::Send { to, msg } if to == id => local.push_back(msg),
                Effect::Send { to, msg } => sent.push((to, msg)),
                Effect::Persist(write) => {
                    let broken = spec.effect(judge.get(), id, node, &Effect::Persist(write.clone()));
                    S::P::write(written.get_or_insert_with(|| disk.clone()), write);
                    if let Some(broken) = broken {
                        return Err(broken);
                    }
                }
                event @ Effect::Event(_) => {
                    if let Some(broken) = spec.effect(judge.get(), id, node, &event) {
                        return Err(broken);
                    }
                }
            }
        }
        if let Some(broken) = spec.settled(judge.get(), id, node) {
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
    let timer = S::P::from_parts(id, spec.config(), parts.clone()).poll_timeout().is_some();
    Ok(Taken { parts, timer, disk: written, sent, round: node.last_round() })
}

/// A node's step, by what it depends on: the node's parts and disk, what the properties
/// remember, and the move.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) struct Key {
    node: u32,
    parts: u32,
    disk: u32,
    judge: u32,
    step: Step,
}

/// What the step gave: the node's parts and disk, what the properties remember, its highest
/// round before and after, and the messages it sent to others.
pub(super) struct Done {
    parts: u32,
    disk: u32,
    judge: u32,
    before: u64,
    round: u64,
    sent: Box<[u32]>,
}

/// Steps met before, in a cache where a step takes the place its key hashes to: the same
/// node, in the same parts, with the same disk and judge, meets the same move in many
/// states (the others' parts and the messages in flight differ), and nodes are
/// deterministic, so the step is taken once and its numbers spliced in after. A step that
/// breaks a property is not kept (the search stops there). Shared by the threads, in
/// shards that each lock alone and double, up to their share of [`MEMO_SLOTS`], as steps
/// come. (One memo per thread instead missed 10.7% of steps on two threads where one
/// thread missed 7.5%, a miss costing ten hits: two threads were 1.24 times as fast.)
pub(super) struct Memo {
    shards: Vec<Mutex<Slots>>,
}

#[derive(Default)]
struct Slots {
    slots: Vec<Option<(Key, Done)>>,
    /// Steps kept since the shard last doubled.
    puts: usize,
}

/// Slots in the memo: natively 2^20 (about 80 MiB), in a page 2^16.
#[cfg(not(target_arch = "wasm32"))]
const MEMO_SLOTS: usize = 1 << 20;
#[cfg(target_arch = "wasm32")]
const MEMO_SLOTS: usize = 1 << 16;
const MEMO_SHARDS: usize = 64;

impl Default for Memo {
    fn default() -> Memo {
        Memo { shards: (0..MEMO_SHARDS).map(|_| Mutex::default()).collect() }
    }
}

impl Memo {
    /// The shard and the hash that places `key` in it.
    fn place(&self, key: &Key) -> (&Mutex<Slots>, usize) {
        let h = hash64(key) as usize;
        (&self.shards[h % MEMO_SHARDS], h / MEMO_SHARDS)
    }

    /// `f` of the step `key`, if it was met before and is still kept.
    fn with<R>(&self, key: &Key, f: impl FnOnce(&Done) -> R) -> Option<R> {
        let (shard, h) = self.place(key);
        let shard = shard.lock().expect("no thread panics holding the memo");
        if shard.slots.is_empty() {
            return None;
        }
        match &shard.slots[h & (shard.slots.len() - 1)] {
            Some((k, done)) if k == key => Some(f(done)),
            _ => None,
        }
    }

    fn put(&self, key: Key, done: Done) {
        let (shard, h) = self.place(&key);
        let mut shard = shard.lock().expect("no thread panics holding the memo");
        shard.puts += 1;
        let most = MEMO_SLOTS / MEMO_SHARDS;
        if shard.slots.is_empty() || (shard.puts > shard.slots.len() && shard.slots.len() < most) {
            let old = std::mem::take(&mut shard.slots);
            shard.slots.resize_with((old.len() * 2).max(16), || None);
            shard.puts = 0;
            let mask = shard.slots.len() - 1;
            for (k, d) in old.into_iter().flatten() {
                let (_, h) = self.place(&k);
                shard.slots[h & mask] = Some((k, d));
            }
        }
        let at = h & (shard.slots.len() - 1);
        shard.slots[at] = Some((key, done));
    }
}

/// What the properties remember during a move: a copy made when the spec first asks to
/// change it, kept under a number of its own only if it did change.
struct Judge<'a, J> {
    base: &'a J,
    changed: Option<J>,
}

impl<J: Clone + Eq> Judge<'_, J> {
    fn get(&mut self) -> &mut J {
        self.changed.get_or_insert_with(|| self.base.clone())
    }

    /// The copy, if it differs from what the properties remembered before.
    fn changed(self) -> Option<J> {
        self.changed.filter(|j| j != self.base)
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
