//! Expanding states: a worker takes a run of the frontier, takes every move of each state on
//! the one node it concerns (see [`super::super::local`]), splices the successor's bytes and
//! keeps those whose fingerprint the table does not hold yet, judged, in the order found.
//! Workers share nothing they write: each has its own node steps and scratch space.

use paxos::NodeId;

use super::super::judge;
use super::super::local::{Event, Steps};
use super::super::packed::{self, Reader, Seg, Tables};
use super::super::{Goal, Model, Move, MsgKey, Packet};
use crate::store::level::{Part, Unpacked};
use crate::store::table::{Table, SHARDS};

/// A state taken out of the frontier: its bytes, where each node is in them, and its
/// network and votes read out.
pub(in crate::model) struct Work {
    pub(super) bytes: Vec<u8>,
    spans: Vec<(usize, usize)>,
    /// Packed messages, sorted: a multiset, or a set when the network may duplicate.
    net: Vec<u64>,
    /// Packed votes, sorted; every vote ever cast.
    votes: Vec<u64>,
    proposed: u64,
    crashes: u8,
}

impl Work {
    fn seg(&self, i: usize) -> Seg<'_> {
        let (a, b) = self.spans[i];
        Seg(&self.bytes[a..b])
    }
}

/// What a move changed: at most one node (its new packed bytes), the network, the votes,
/// the proposals made and the crashes.
pub(in crate::model) struct Next {
    /// The node the move changed.
    pub(in crate::model) node: Option<usize>,
    seg: Vec<u8>,
    pub(in crate::model) net: Vec<u64>,
    pub(in crate::model) votes: Vec<u64>,
    proposed: u64,
    crashes: u8,
    pub(in crate::model) promise_down: bool,
}

impl Next {
    pub(super) fn new() -> Next {
        Next {
            node: None,
            seg: Vec::new(),
            net: Vec::new(),
            votes: Vec::new(),
            proposed: 0,
            crashes: 0,
            promise_down: false,
        }
    }

    /// `w` unchanged, reusing this one's memory.
    pub(super) fn reset(&mut self, w: &Work) {
        self.node = None;
        self.net.clear();
        self.net.extend_from_slice(&w.net);
        self.votes.clear();
        self.votes.extend_from_slice(&w.votes);
        self.proposed = w.proposed;
        self.crashes = w.crashes;
        self.promise_down = false;
    }

    /// Node `i` replaced by `seg`.
    fn set_node(&mut self, i: usize, seg: &[u8]) {
        self.node = Some(i);
        self.seg.clear();
        self.seg.extend_from_slice(seg);
    }
}

/// A successor as the properties see it: the parent, with what the move changed.
pub(in crate::model) struct View<'a> {
    pub(in crate::model) base: &'a Work,
    pub(in crate::model) next: &'a Next,
}

impl View<'_> {
    pub(in crate::model) fn len(&self) -> usize {
        self.base.spans.len()
    }
    pub(in crate::model) fn seg(&self, i: usize) -> Seg<'_> {
        match self.next.node {
            Some(j) if j == i => Seg(&self.next.seg),
            _ => self.base.seg(i),
        }
    }
}

/// One thing that can happen next, with messages packed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Step {
    Propose(usize),
    Deliver(u64),
    Drop(u64),
    Timeout(usize),
    Crash(usize),
    Restart(usize),
}

/// Packed states one after another, each with its fingerprint.
#[derive(Default)]
pub(super) struct Arena {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    pub(super) fingerprints: Vec<u64>,
}

impl Arena {
    pub(super) fn push(&mut self, state: &[u8], fingerprint: u64) {
        self.bytes.extend_from_slice(state);
        self.ends.push(self.bytes.len());
        self.fingerprints.push(fingerprint);
    }
    pub(super) fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }
    pub(super) fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
        self.fingerprints.clear();
    }
    /// Bytes held, from capacities.
    pub(super) fn memory(&self) -> u64 {
        (self.bytes.capacity() + self.ends.capacity() * 8 + self.fingerprints.capacity() * 8) as u64
    }
}

/// A run of a frontier's part: the part, which of its states, and the index in the level
/// of the part's first state.
pub(super) type Piece<'a> = (&'a Part, std::ops::Range<usize>, usize);

/// What every worker reads and none writes: the model, the goal, and how the search
/// reduces states.
pub(super) struct Ctx {
    pub(super) model: Model,
    pub(super) goal: Goal,
    /// Values whose choice is valid: proposed by a client of the model, or before it.
    pub(super) valid: std::collections::BTreeSet<u16>,
    /// With symmetry reduction: every renaming of the interchangeable nodes (index → new
    /// index), the identity first. Empty without.
    pub(super) perms: Vec<Vec<u16>>,
    /// With correct Paxos and no crash: the highest round any message can carry, and
    /// messages that can change nothing any more are left out of states (see
    /// [`judge::dead`]).
    pub(super) prune: Option<u64>,
    /// Whether a loss is a move. It never is outside tests: every property and goal is
    /// about nodes and votes, and a lost message is one never delivered, so a path with a
    /// loss leads to the same nodes and votes as the path without it, which is shorter.
    /// Leaving losses out keeps every verdict and every shortest counterexample (a test
    /// checks that the same node states are reachable either way).
    pub(super) drops: bool,
}

impl Ctx {
    /// Whether the move that gave `view` broke a property about steps (a promise that went
    /// down) that the goal looks for. Judged on every move, whether or not the state it
    /// leads to was seen before.
    pub(super) fn step_goal(&self, view: &View) -> Option<(String, String)> {
        let steps_too = match &self.goal {
            Goal::Violation => true,
            Goal::Breaks(p) => p == paxos_sim::checker::Property::PromiseMonotonic.name(),
            _ => false,
        };
        if steps_too {
            judge::step_violation(&self.model, view)
        } else {
            None
        }
    }

    /// Whether `view` is a state the goal looks for. Judged once per state, when it is new.
    pub(super) fn state_goal(&self, t: &Tables, view: &View) -> Option<(String, String)> {
        judge::reached(t, &self.model, &self.goal, &self.valid, view)
    }
}

/// A move that broke a property about steps: where it was taken and what it broke.
pub(super) struct StepGoal {
    /// Successors generated in the run up to this one, itself included.
    pub(super) generated: u64,
    /// Which state of the run it was taken from, its index in the level, and which move.
    pub(super) origin: u32,
    pub(super) parent: u32,
    pub(super) mv: u16,
    pub(super) property: String,
    pub(super) detail: String,
}

/// The successors a worker found in its run of the frontier that the table did not hold
/// when it looked, in the order found (duplicates among them included: the table decides),
/// and the moves that broke a property about steps (their successors are not kept: the
/// search stops there, or earlier, and counts the states reached before such a move).
#[derive(Default)]
pub(super) struct Found {
    pub(super) states: Arena,
    /// How each was reached: its parent's index in the level, and which of the parent's
    /// moves (see [`super::Trail`]).
    pub(super) parents: Vec<u32>,
    pub(super) moves: Vec<u16>,
    /// Which state of the run the successor came from (0 for the first).
    pub(super) origins: Vec<u32>,
    /// Successors generated in the run up to this one, itself included.
    pub(super) generated_at: Vec<u64>,
    /// Successors that are states the goal looks for, by their index here, in order.
    pub(super) goals: Vec<(u32, String, String)>,
    /// Moves that broke a property about steps, in order (whether or not their state was
    /// new).
    pub(super) steps: Vec<StepGoal>,
    /// Successors generated in the whole run.
    pub(super) generated: u64,
    /// Indices of the successors, by the table's shard their fingerprint falls in.
    pub(super) by_shard: [Vec<u32>; SHARDS],
    /// The successors the table took as new, in order, compressed, and how each was
    /// reached (see [`Found::keep`]).
    pub(super) fresh: Part,
    pub(super) fresh_parents: Vec<u32>,
    pub(super) fresh_moves: Vec<u16>,
}

impl Found {
    fn clear(&mut self) {
        self.states.clear();
        self.parents.clear();
        self.moves.clear();
        self.origins.clear();
        self.generated_at.clear();
        self.goals.clear();
        self.steps.clear();
        self.generated = 0;
        self.by_shard.iter_mut().for_each(Vec::clear);
        self.fresh = Part::default();
        self.fresh_parents.clear();
        self.fresh_moves.clear();
    }
    pub(super) fn memory(&self) -> u64 {
        let shards: usize = self.by_shard.iter().map(Vec::capacity).sum();
        self.states.memory()
            + self.fresh.memory()
            + ((self.parents.capacity() + self.origins.capacity() + shards) * 4) as u64
            + ((self.moves.capacity() + self.fresh_moves.capacity()) * 2 + self.fresh_parents.capacity() * 4)
                as u64
            + (self.generated_at.capacity() * 8) as u64
    }
    /// Packs the states at `new` (indices into `states`, in order) into `fresh`, gathering
    /// them in `scratch` first.
    pub(super) fn keep(&mut self, new: &[u32], scratch: &mut Vec<u8>) {
        scratch.clear();
        for &j in new {
            let j = j as usize;
            scratch.extend_from_slice(self.states.get(j));
            self.fresh_parents.push(self.parents[j]);
            self.fresh_moves.push(self.moves[j]);
        }
        self.fresh = Part::new(scratch, new.len());
    }
}

/// One thread's share of a search: its own numbering (a copy: every number is given before
/// the search starts), its own remembered node steps, scratch space, and what it found.
pub(super) struct Worker {
    pub(super) tables: Tables,
    pub(super) local: Steps,
    pub(super) found: Found,
    /// The part being expanded, unpacked.
    unpacked: Unpacked,
    /// Room to gather new states before they are compressed.
    pub(super) gather: Vec<u8>,
    /// The packing of the last successor [`Worker::canonical`] saw.
    pub(super) buf: Vec<u8>,
    renamed: Vec<u8>,
    steps: Vec<Step>,
    next: Next,
}

impl Worker {
    pub(super) fn new(tables: Tables) -> Worker {
        Worker {
            tables,
            local: Steps::default(),
            found: Found::default(),
            unpacked: Unpacked::default(),
            gather: Vec::new(),
            buf: Vec::new(),
            renamed: Vec::new(),
            steps: Vec::new(),
            next: Next::new(),
        }
    }

    pub(super) fn memory(&self) -> u64 {
        self.local.memory() + self.found.memory() + self.unpacked.memory() + self.gather.capacity() as u64
    }

    /// Expands `run` (pieces of the frontier's parts, in order, each with the index in the
    /// level of its part's first state) into `self.found`: every move that breaks a property
    /// about steps, and every other successor whose fingerprint `table` does not hold,
    /// judged.
    pub(super) fn expand(&mut self, ctx: &Ctx, run: &[Piece], table: &Table) {
        self.found.clear();
        let n = ctx.model.names.len();
        let mut steps = std::mem::take(&mut self.steps);
        let mut next = std::mem::replace(&mut self.next, Next::new());
        let mut unpacked = std::mem::take(&mut self.unpacked);
        let mut k = 0u32;
        for (part, range, base) in run {
            unpacked.fill(part, |bytes| packed::state_len(bytes, n));
            for i in range.clone() {
                let work = unpack(unpacked.get(i), n);
                steps.clear();
                ctx.model.steps(&work, ctx.drops, &mut steps);
                let here = u32::try_from(base + i).expect("a level holds fewer than 2^32 states");
                for (m, &step) in steps.iter().enumerate() {
                    let m = u16::try_from(m).expect("a state has fewer than 65,536 moves");
                    self.apply(ctx, &work, step, &mut next);
                    self.found.generated += 1;
                    if let Some((property, detail)) = ctx.step_goal(&View { base: &work, next: &next }) {
                        let generated = self.found.generated;
                        let goal = StepGoal { generated, origin: k, parent: here, mv: m, property, detail };
                        self.found.steps.push(goal);
                        continue; // the search stops here, or earlier
                    }
                    let fp = self.canonical(ctx, &work, &next);
                    if table.contains(fp) {
                        continue;
                    }
                    let at = self.found.parents.len() as u32;
                    if let Some((property, detail)) =
                        ctx.state_goal(&self.tables, &View { base: &work, next: &next })
                    {
                        self.found.goals.push((at, property, detail));
                    }
                    self.found.by_shard[table.shard(fp)].push(at);
                    self.found.states.push(&self.buf, fp);
                    self.found.parents.push(here);
                    self.found.moves.push(m);
                    self.found.origins.push(k);
                    self.found.generated_at.push(self.found.generated);
                }
                k += 1;
            }
        }
        self.unpacked = unpacked;
        self.steps = steps;
        self.next = next;
    }

    /// Packs `view` into `out`, every node renamed by `map` if given.
    fn pack(view: &View, map: Option<&[u16]>, out: &mut Vec<u8>) {
        out.clear();
        out.extend_from_slice(&view.next.proposed.to_le_bytes());
        out.push(view.next.crashes);
        let n = view.len();
        match map {
            None => {
                for i in 0..n {
                    out.extend_from_slice(view.seg(i).0);
                }
                put_list(out, view.next.net.iter().copied());
                put_list(out, view.next.votes.iter().copied());
            }
            Some(map) => {
                let mut inv = vec![0usize; n];
                for (i, &j) in map.iter().enumerate() {
                    inv[usize::from(j)] = i;
                }
                for &i in &inv {
                    view.seg(i).put_renamed(map, out);
                }
                let mut net: Vec<u64> =
                    view.next.net.iter().map(|&c| packed::renamed_packet(c, map)).collect();
                packed::sort_short(&mut net);
                put_list(out, net.into_iter());
                let mut votes: Vec<u64> =
                    view.next.votes.iter().map(|&c| packed::renamed_vote(c, map)).collect();
                packed::sort_short(&mut votes);
                put_list(out, votes.into_iter());
            }
        }
    }

    /// The fingerprint of the successor's class under the renamings: the least over all of
    /// them (the plain fingerprint without symmetry reduction). Leaves the successor's own
    /// packing in `buf`.
    pub(super) fn canonical(&mut self, ctx: &Ctx, base: &Work, next: &Next) -> u64 {
        let view = View { base, next };
        Worker::pack(&view, None, &mut self.buf);
        let mut least = packed::fingerprint(&self.buf);
        for map in ctx.perms.iter().skip(1) {
            Worker::pack(&view, Some(map), &mut self.renamed);
            least = least.min(packed::fingerprint(&self.renamed));
        }
        least
    }

    /// The state after `step`, in `next`.
    pub(super) fn apply(&mut self, ctx: &Ctx, w: &Work, step: Step, next: &mut Next) {
        next.reset(w);
        let model = &ctx.model;
        let (i, event) = match step {
            Step::Propose(k) => {
                next.proposed |= 1 << k;
                (model.proposals[k].0.index(), Event::Propose(k))
            }
            Step::Deliver(code) => {
                if !model.duplicate {
                    remove_one(&mut next.net, code);
                }
                (packed::packet_to(code).index(), Event::Deliver(code))
            }
            Step::Drop(code) => {
                remove_one(&mut next.net, code);
                return;
            }
            Step::Timeout(i) => (i, Event::Timeout),
            Step::Restart(i) => (i, Event::Restart),
            Step::Crash(i) => {
                next.set_node(i, w.seg(i).0);
                next.seg[2] &= !packed::UP;
                next.crashes += 1;
                return;
            }
        };
        let out = self.local.step(&mut self.tables, model, i, w.seg(i).0, event);
        next.set_node(i, &out.node);
        next.promise_down = out.promise_down;
        for &code in &out.sends {
            match next.net.binary_search(&code) {
                // With duplication the network is a set: a second copy adds nothing.
                Ok(_) if model.duplicate => {}
                Ok(at) | Err(at) => next.net.insert(at, code),
            }
        }
        for &vote in &out.votes {
            if let Err(at) = next.votes.binary_search(&vote) {
                next.votes.insert(at, vote);
            }
        }
        if let Some(highest) = ctx.prune {
            let view = View { base: w, next };
            let dead: Vec<usize> = (0..next.net.len())
                .filter(|&k| judge::dead(&self.tables, &view, next.net[k], highest))
                .collect();
            for k in dead.into_iter().rev() {
                next.net.remove(k);
            }
        }
    }

    /// A step as the rest of the program names it.
    pub(super) fn public(&self, step: Step) -> Move {
        let packet = |code| Packet {
            from: packed::packet_from(code),
            to: packed::packet_to(code),
            msg: MsgKey(packed::unpack(&self.tables, code)),
        };
        match step {
            Step::Propose(k) => Move::Propose(k),
            Step::Deliver(c) => Move::Deliver(packet(c)),
            Step::Drop(c) => Move::Drop(packet(c)),
            Step::Timeout(i) => Move::Timeout(NodeId(i as u16)),
            Step::Crash(i) => Move::Crash(NodeId(i as u16)),
            Step::Restart(i) => Move::Restart(NodeId(i as u16)),
        }
    }
}

impl Model {
    /// Every move possible in `w`, in a fixed order; losses only if `drops` (see
    /// [`Ctx::drops`]).
    pub(super) fn steps(&self, w: &Work, drops: bool, out: &mut Vec<Step>) {
        for (k, (node, _)) in self.proposals.iter().enumerate() {
            let n = w.seg(node.index());
            if w.proposed & (1 << k) == 0 && n.up() && n.max_round() < self.max_round {
                out.push(Step::Propose(k));
            }
        }
        let mut last = None;
        for &code in &w.net {
            if last == Some(code) {
                continue; // the same copy twice: one move suffices
            }
            last = Some(code);
            if w.seg(packed::packet_to(code).index()).up() {
                out.push(Step::Deliver(code));
            }
            if drops {
                out.push(Step::Drop(code));
            }
        }
        for i in 0..w.spans.len() {
            let n = w.seg(i);
            if !n.up() {
                out.push(Step::Restart(i));
                continue;
            }
            if n.timer() {
                let starts_a_ballot = n.phase() == paxos::Phase::BackingOff;
                if !starts_a_ballot || n.max_round() < self.max_round {
                    out.push(Step::Timeout(i));
                }
            }
            if w.crashes < self.crashes {
                out.push(Step::Crash(i));
            }
        }
    }
}

/// A packed state without its network: what the nodes, disks and votes are.
#[cfg(test)]
pub(super) fn without_network(bytes: &[u8], n: usize) -> Vec<u8> {
    let w = unpack(bytes, n);
    let nodes_end = w.spans.last().map_or(9, |s| s.1);
    let mut out = bytes[..nodes_end].to_vec();
    out.extend_from_slice(&bytes[nodes_end + 4 + 8 * w.net.len()..]);
    out
}

pub(super) fn put_list(out: &mut Vec<u8>, items: impl ExactSizeIterator<Item = u64>) {
    out.extend_from_slice(&(items.len() as u32).to_le_bytes());
    for x in items {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

fn remove_one(net: &mut Vec<u64>, code: u64) {
    if let Ok(i) = net.binary_search(&code) {
        net.remove(i);
    }
}

/// A packed state of `n` nodes, read: where its nodes are, its network and votes.
pub(super) fn unpack(bytes: &[u8], n: usize) -> Work {
    let mut r = Reader { bytes, at: 0 };
    let proposed = r.u64();
    let crashes = r.u8();
    let mut spans = Vec::with_capacity(n);
    for _ in 0..n {
        let from = r.at;
        let len = usize::from(r.u16());
        r.at += len;
        spans.push((from, r.at));
    }
    let count = r.u32();
    let net = (0..count).map(|_| r.u64()).collect();
    let count = r.u32();
    let votes = (0..count).map(|_| r.u64()).collect();
    Work { bytes: bytes.to_vec(), spans, net, votes, proposed, crashes }
}
