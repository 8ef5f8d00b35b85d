//! The breadth-first search over packed states: expand a state, take each move on the one
//! node it concerns (see [`super::local`]), splice the successor's bytes, and keep it if its
//! fingerprint is new.
//!
//! Memory per state: 16 bytes in the table of fingerprints (fingerprint → parent's
//! fingerprint), plus the packed bytes while the state waits in the frontier.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use paxos::{Ballot, NodeId, Value};

use super::judge;
use super::local::{Event, Steps};
use super::packed::{self, Reader, Seg, Tables};
use super::{Bound, Goal, Model, Move, MsgKey, Outcome, Packet, Report, State, TooLarge};

/// A state taken out of the frontier: its bytes, where each node is in them, and its
/// network and votes read out.
pub(super) struct Work {
    bytes: Vec<u8>,
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
pub(super) struct Next {
    /// The node the move changed.
    pub(super) node: Option<usize>,
    seg: Vec<u8>,
    pub(super) net: Vec<u64>,
    pub(super) votes: Vec<u64>,
    proposed: u64,
    crashes: u8,
    pub(super) promise_down: bool,
}

impl Next {
    fn new() -> Next {
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
    fn reset(&mut self, w: &Work) {
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
pub(super) struct View<'a> {
    pub(super) base: &'a Work,
    pub(super) next: &'a Next,
}

impl View<'_> {
    pub(super) fn len(&self) -> usize {
        self.base.spans.len()
    }
    pub(super) fn seg(&self, i: usize) -> Seg<'_> {
        match self.next.node {
            Some(j) if j == i => Seg(&self.next.seg),
            _ => self.base.seg(i),
        }
    }
}

/// One thing that can happen next, with messages packed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Propose(usize),
    Deliver(u64),
    Drop(u64),
    Timeout(usize),
    Crash(usize),
    Restart(usize),
}

/// A fingerprint is already well mixed: a table keyed by fingerprints uses it as its hash.
#[derive(Default)]
pub(super) struct Unmixed(u64);

impl Hasher for Unmixed {
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 fingerprints are hashed")
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Packed states one after another, each with its fingerprint.
#[derive(Default)]
struct Arena {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    fingerprints: Vec<u64>,
}

impl Arena {
    fn push(&mut self, state: &[u8], fingerprint: u64) {
        self.bytes.extend_from_slice(state);
        self.ends.push(self.bytes.len());
        self.fingerprints.push(fingerprint);
    }
    fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }
    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// A breadth-first search that can run in slices (for progress and cancel in a page).
pub struct Search {
    model: Model,
    goal: Goal,
    start: State,
    tables: Tables,
    /// Values whose choice is valid: proposed by a client of the model, or before it.
    valid: BTreeSet<u16>,
    /// fingerprint → parent's fingerprint (the start is its own parent). Paths are rebuilt
    /// by replaying from the start and matching fingerprints, so a state costs 16 bytes.
    parents: HashMap<u64, u64, BuildHasherDefault<Unmixed>>,
    frontier: Arena,
    next: Arena,
    cursor: usize,
    report: Report,
    /// With symmetry reduction: every renaming of the interchangeable nodes (index → new
    /// index), the identity first. Empty without.
    perms: Vec<Vec<u16>>,
    /// With correct Paxos and no crash: the highest round any message can carry, and
    /// messages that can change nothing any more are left out of states (see
    /// [`judge::dead`]).
    prune: Option<u64>,
    /// Whether a loss is a move. It never is outside tests: every property and goal is
    /// about nodes and votes, and a lost message is one never delivered, so a path with a
    /// loss leads to the same nodes and votes as the path without it, which is shorter.
    /// Leaving losses out keeps every verdict and every shortest counterexample (a test
    /// checks that the same node states are reachable either way).
    drops: bool,
    /// Node steps already taken.
    local: Steps,
    /// For tests: every distinct state without its network (see `without_network`).
    #[cfg(test)]
    pub(super) projections: Option<BTreeSet<Vec<u8>>>,
    /// Scratch space.
    buf: Vec<u8>,
    renamed: Vec<u8>,
    steps: Vec<Step>,
}

impl Search {
    /// A search from `start` (the initial state, or a state of a running simulation).
    /// Refused when its ballots or values would not fit a packed state.
    pub fn new(model: Model, goal: Goal, start: State) -> Result<Search, TooLarge> {
        let perms = renamings(&model, &goal, &start);
        let tables = numbering(&model, &goal, &start)?;
        let prune = (model.crashes == 0
            && start.up.iter().all(|&up| up)
            && model.config.flaws == paxos::Flaws::default())
        .then(|| tables.highest_round().max(model.max_round));
        let mut search = Search {
            prune,
            valid: BTreeSet::new(),
            model,
            goal,
            start,
            tables,
            parents: HashMap::default(),
            frontier: Arena::default(),
            next: Arena::default(),
            cursor: 0,
            report: Report { explored: 0, distinct: 1, generated: 1, depth: 0, outcome: Outcome::Running },
            perms,
            drops: false,
            local: Steps::default(),
            buf: Vec::new(),
            renamed: Vec::new(),
            steps: Vec::new(),
            #[cfg(test)]
            projections: None,
        };
        search.valid = (search.model.proposals.iter().map(|(_, v)| v))
            .chain(&search.model.proposed_before)
            .map(|v| search.tables.value(Some(v)))
            .collect();
        let work = search.pack_start();
        let mut same = Next::new();
        same.reset(&work);
        let root = search.canonical(&work, &same);
        search.frontier.push(&work.bytes, root);
        search.parents.insert(root, root);
        if let Some((property, detail)) = search.reached(&View { base: &work, next: &same }) {
            search.report.outcome = Outcome::Found { property, detail, path: Vec::new() };
        }
        Ok(search)
    }

    /// What the search may hold before the next check of its budget, in bytes (from
    /// capacities): its table of fingerprints, counted three times over when it may grow
    /// within the next 1,024 states (old and new tables side by side), and both levels of
    /// the frontier twice over (a level doubles as it grows).
    pub fn memory(&self) -> u64 {
        let cap = self.parents.capacity() as u64;
        // hashbrown: buckets of 16 bytes and one control byte, at most 7/8 full.
        let table = (cap * 8 / 7 + 1) * 17;
        // 1,024 states of at most 64 successors each.
        let grows = self.parents.len() as u64 + 1024 * 64 >= cap;
        let table = if grows { table * 3 } else { table };
        let arena =
            |a: &Arena| (a.bytes.capacity() + a.ends.capacity() * 8 + a.fingerprints.capacity() * 8) as u64;
        table + 2 * (arena(&self.frontier) + arena(&self.next)) + self.local.memory()
    }

    /// How many renamings the symmetry reduction tries per state (0: off).
    pub fn symmetries(&self) -> usize {
        self.perms.len()
    }

    pub fn report(&self) -> &Report {
        &self.report
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn start(&self) -> &State {
        &self.start
    }

    /// Explores up to `budget` states; returns the report (outcome `Running` if not over).
    pub fn run(&mut self, budget: u64) -> &Report {
        let mut left = budget;
        while self.report.outcome == Outcome::Running && left > 0 {
            if self.cursor == self.frontier.len() {
                if self.next.len() == 0 {
                    self.report.outcome = Outcome::Exhausted;
                    break;
                }
                self.frontier = std::mem::take(&mut self.next);
                self.cursor = 0;
                self.report.depth += 1;
            }
            let work = unpack(self.frontier.get(self.cursor), self.model.names.len());
            let here = self.frontier.fingerprints[self.cursor];
            self.cursor += 1;
            left -= 1;
            self.expand(work, here);
            // Every 1,024 states: a search stops at its memory budget instead of failing.
            if self.model.max_memory > 0
                && self.report.explored % 1024 == 0
                && self.report.outcome == Outcome::Running
                && self.memory() > self.model.max_memory
            {
                self.report.outcome = Outcome::Bounded(Bound::Memory);
            }
        }
        if self.report.outcome != Outcome::Running {
            // The search is over (a path found is in the report): give the memory back.
            self.frontier = Arena::default();
            self.next = Arena::default();
            self.local = Steps::default();
            self.parents = HashMap::default();
        }
        &self.report
    }

    /// Generates the successors of `work`, whose fingerprint is `here`.
    fn expand(&mut self, work: Work, here: u64) {
        self.report.explored += 1;
        let mut steps = std::mem::take(&mut self.steps);
        steps.clear();
        self.model.steps(&work, self.drops, &mut steps);
        let mut next = Next::new();
        for &step in &steps {
            self.apply(&work, step, &mut next);
            self.report.generated += 1;
            let fp = self.canonical(&work, &next);
            let Entry::Vacant(slot) = self.parents.entry(fp) else { continue };
            slot.insert(here);
            self.report.distinct += 1;
            let view = View { base: &work, next: &next };
            let steps_too = match &self.goal {
                Goal::Violation => true,
                Goal::Breaks(p) => p == paxos_sim::checker::Property::PromiseMonotonic.name(),
                _ => false,
            };
            let found = if steps_too { judge::step_violation(&self.model, &view) } else { None };
            let found = found.or_else(|| self.reached(&view));
            if let Some((property, detail)) = found {
                let path = self.path_to(fp);
                self.report.depth = path.len() as u64;
                self.report.outcome = Outcome::Found { property, detail, path };
                break;
            }
            if self.model.max_states > 0 && self.report.distinct >= self.model.max_states {
                self.report.outcome = Outcome::Bounded(Bound::States);
                break;
            }
            // `canonical` left the successor's own packing in `buf`.
            self.next.push(&self.buf, fp);
            #[cfg(test)]
            if let Some(set) = &mut self.projections {
                set.insert(without_network(&self.buf, self.model.names.len()));
            }
        }
        self.steps = steps;
    }

    fn reached(&self, view: &View) -> Option<(String, String)> {
        judge::reached(&self.tables, &self.model, &self.goal, &self.valid, view)
    }

    /// Packs the start state and reads it back, as every state is.
    fn pack_start(&mut self) -> Work {
        let s = &self.start;
        let t = &mut self.tables;
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&s.proposed.to_le_bytes());
        bytes.push(s.crashes);
        for (i, node) in s.nodes.iter().enumerate() {
            packed::put_node(t, &mut bytes, node, &s.disks[i], s.up[i], None);
        }
        let mut net: Vec<u64> = s.net.iter().map(|p| packed::pack(t, p.from, p.to, &p.msg.0)).collect();
        packed::sort_short(&mut net);
        put_list(&mut bytes, net.into_iter());
        let mut votes: Vec<u64> = s
            .votes
            .iter()
            .map(|(b, v, a)| packed::pack_vote(t.ballot(Some(*b)), t.value(Some(v)), *a))
            .collect();
        packed::sort_short(&mut votes);
        put_list(&mut bytes, votes.into_iter());
        unpack(&bytes, s.nodes.len())
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
    fn canonical(&mut self, base: &Work, next: &Next) -> u64 {
        let view = View { base, next };
        Search::pack(&view, None, &mut self.buf);
        let mut least = packed::fingerprint(&self.buf);
        for map in self.perms.iter().skip(1) {
            Search::pack(&view, Some(map), &mut self.renamed);
            least = least.min(packed::fingerprint(&self.renamed));
        }
        least
    }

    /// The state after `step`, in `next`.
    fn apply(&mut self, w: &Work, step: Step, next: &mut Next) {
        next.reset(w);
        let (i, event) = match step {
            Step::Propose(k) => {
                next.proposed |= 1 << k;
                (self.model.proposals[k].0.index(), Event::Propose(k))
            }
            Step::Deliver(code) => {
                if !self.model.duplicate {
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
        let out = self.local.step(&mut self.tables, &self.model, i, w.seg(i).0, event);
        next.set_node(i, &out.node);
        next.promise_down = out.promise_down;
        for &code in &out.sends {
            match next.net.binary_search(&code) {
                // With duplication the network is a set: a second copy adds nothing.
                Ok(_) if self.model.duplicate => {}
                Ok(at) | Err(at) => next.net.insert(at, code),
            }
        }
        for &vote in &out.votes {
            if let Err(at) = next.votes.binary_search(&vote) {
                next.votes.insert(at, vote);
            }
        }
        if let Some(highest) = self.prune {
            let view = View { base: w, next };
            let dead: Vec<usize> = (0..next.net.len())
                .filter(|&k| judge::dead(&self.tables, &view, next.net[k], highest))
                .collect();
            for k in dead.into_iter().rev() {
                next.net.remove(k);
            }
        }
    }

    /// The moves from the start to the state with fingerprint `fp`: the chain of
    /// fingerprints back to the start, then forward again, finding at each state the move
    /// that leads to the next fingerprint.
    fn path_to(&mut self, mut fp: u64) -> Vec<Move> {
        let mut chain = vec![fp];
        while let Some(&parent) = self.parents.get(&fp) {
            if parent == fp {
                break;
            }
            chain.push(parent);
            fp = parent;
        }
        chain.reverse();
        let mut work = self.pack_start();
        let mut path = Vec::new();
        let mut steps = Vec::new();
        let mut next = Next::new();
        for &want in &chain[1..] {
            steps.clear();
            self.model.steps(&work, self.drops, &mut steps);
            let step = steps
                .iter()
                .copied()
                .find(|&step| {
                    self.apply(&work, step, &mut next);
                    self.canonical(&work, &next) == want
                })
                .expect("a recorded state is a successor of its parent");
            path.push(self.public(step));
            // `canonical` left the successor's packing in `buf`.
            work = unpack(&self.buf, self.model.names.len());
        }
        path
    }

    /// A step as the rest of the program names it.
    fn public(&self, step: Step) -> Move {
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
    /// [`Search::drops`]).
    fn steps(&self, w: &Work, drops: bool, out: &mut Vec<Step>) {
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
fn without_network(bytes: &[u8], n: usize) -> Vec<u8> {
    let w = unpack(bytes, n);
    let nodes_end = w.spans.last().map_or(9, |s| s.1);
    let mut out = bytes[..nodes_end].to_vec();
    out.extend_from_slice(&bytes[nodes_end + 4 + 8 * w.net.len()..]);
    out
}

#[cfg(test)]
impl Search {
    /// Turns the pruning of dead messages off.
    pub(super) fn keep_dead_messages(&mut self) {
        self.prune = None;
    }
    pub(super) fn prunes(&self) -> bool {
        self.prune.is_some()
    }
    /// Takes losses as moves.
    pub(super) fn explore_drops(&mut self) {
        self.drops = self.model.drop;
    }
}

fn put_list(out: &mut Vec<u8>, items: impl ExactSizeIterator<Item = u64>) {
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
fn unpack(bytes: &[u8], n: usize) -> Work {
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

/// The numbering of ballots and values for a search from `start`: every ballot and value in
/// it, every value the model proposes, and every ballot its proposers may start, in order.
fn numbering(model: &Model, goal: &Goal, start: &State) -> Result<Tables, TooLarge> {
    let mut seen = Tables::default();
    let mut scratch = Vec::new();
    for (i, node) in start.nodes.iter().enumerate() {
        packed::put_node(&mut seen, &mut scratch, node, &start.disks[i], start.up[i], None);
    }
    for p in &start.net {
        packed::pack(&mut seen, p.from, p.to, &p.msg.0);
    }
    if seen.overflowed() {
        return Err(too_many_ballots(packed::MAX_BALLOTS + 1, 0));
    }
    let (mut ballots, mut values): (BTreeSet<Ballot>, BTreeSet<Value>) = seen.known();
    ballots.extend(start.votes.iter().map(|(b, _, _)| *b));
    values.extend(start.votes.iter().map(|(_, v, _)| v.clone()));
    values
        .extend(model.proposals.iter().map(|(_, v)| v.clone()).chain(model.proposed_before.iter().cloned()));
    let proposers: BTreeSet<NodeId> = (model.proposals.iter().map(|(n, _)| *n))
        .chain(start.nodes.iter().filter(|n| n.proposer().own_value().is_some()).map(|n| n.id()))
        .collect();
    // Every ballot the search may meet is numbered now: no search runs out of numbers.
    if model.max_round > packed::MAX_BALLOTS as u64 {
        return Err(too_many_ballots(ballots.len(), model.max_round));
    }
    let planned = (proposers.len() as u64).saturating_mul(model.max_round);
    fits(ballots.len(), values.len(), planned)?;
    for round in 1..=model.max_round {
        ballots.extend(proposers.iter().map(|&n| Ballot::new(round, n)));
    }
    match goal {
        Goal::Chosen(v) | Goal::Learns { value: v, .. } => {
            values.insert(v.clone());
        }
        Goal::Accepts { ballot, .. } => {
            ballots.insert(*ballot);
        }
        Goal::Violation | Goal::Breaks(_) => {}
    }
    fits(ballots.len(), values.len(), 0)?;
    Ok(Tables::new(ballots, values))
}

fn too_many_ballots(held: usize, planned: u64) -> TooLarge {
    let held = if held > packed::MAX_BALLOTS {
        format!("more than {}", packed::MAX_BALLOTS)
    } else {
        held.to_string()
    };
    TooLarge(format!(
        "the model checker numbers at most {} distinct ballots in one search; this one starts with {held} and its proposers may start {planned} more: lower the highest round, or check from an earlier moment",
        packed::MAX_BALLOTS
    ))
}

/// Refuses a search whose ballots (`held` now, `planned` more for its proposers' rounds) or
/// values would not fit their numbers.
fn fits(held: usize, values: usize, planned: u64) -> Result<(), TooLarge> {
    let room = packed::MAX_BALLOTS.saturating_sub(held) as u64;
    if held > packed::MAX_BALLOTS || planned > room {
        return Err(too_many_ballots(held, planned));
    }
    if values > packed::MAX_VALUES {
        return Err(TooLarge(format!(
            "the model checker numbers at most {} distinct values in one search; this one has {values}",
            packed::MAX_VALUES
        )));
    }
    Ok(())
}

/// The renamings of the nodes that never own a ballot, when the model asks for symmetry
/// reduction, the goal does not single out a node, and there are 2 to 5 such nodes.
fn renamings(model: &Model, goal: &Goal, start: &State) -> Vec<Vec<u16>> {
    let singles_out = matches!(goal, Goal::Accepts { .. } | Goal::Learns { .. });
    if !model.symmetry || singles_out {
        return Vec::new();
    }
    let n = start.nodes.len();
    let free: Vec<usize> = (0..n)
        .filter(|&i| {
            !model.proposals.iter().any(|(p, _)| p.index() == i)
                && start.nodes[i].proposer().last_round() == 0
        })
        .collect();
    if !(2..=5).contains(&free.len()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    permute(&mut free.clone(), 0, &mut |order| {
        let mut map: Vec<u16> = (0..n as u16).collect();
        for (k, &i) in free.iter().enumerate() {
            map[i] = order[k] as u16;
        }
        out.push(map);
    });
    out
}

/// Calls `f` with every ordering of `items`, the given order first.
fn permute(items: &mut Vec<usize>, k: usize, f: &mut dyn FnMut(&[usize])) {
    if k == items.len() {
        f(items);
        return;
    }
    for i in k..items.len() {
        items.swap(k, i);
        permute(items, k + 1, f);
        items.swap(k, i);
    }
}
