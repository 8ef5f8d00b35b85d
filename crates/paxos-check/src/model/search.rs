//! The breadth-first search over packed states: expand a state, run each move on the real
//! `paxos::Node` it concerns, pack the successor, and keep it if its fingerprint is new.
//!
//! Memory per state: 16 bytes in the table of fingerprints (fingerprint → parent's
//! fingerprint), plus the packed bytes while the state waits in the frontier. A successor
//! copies only the node the move concerns; the other nodes are shared with the parent and
//! their packed bytes copied as they are.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

use paxos::{Ballot, Durable, Node, NodeId, Output, Time, Value};

use super::packed::{self, Reader, Tables};
use super::{Goal, Model, Move, MsgKey, Outcome, Packet, Report, State};

/// A state taken out of the frontier and unpacked, with where each node's bytes are.
struct Work {
    nodes: Vec<Node>,
    disks: Vec<Durable>,
    up: Vec<bool>,
    /// Packed messages, sorted: a multiset, or a set when the network may duplicate.
    net: Vec<u64>,
    /// Packed votes, sorted; every vote ever cast.
    votes: Vec<u64>,
    proposed: u64,
    crashes: u8,
    /// The packed state it came from (empty for a state replayed on a path), and the
    /// byte range of node `i` in it.
    bytes: Vec<u8>,
    spans: Vec<(usize, usize)>,
}

/// What a move changed: at most one node (with its disk and whether it is up), the
/// network, the votes, the proposals made and the crashes.
struct Next {
    node: Option<(usize, Node, Durable, bool)>,
    net: Vec<u64>,
    votes: Vec<u64>,
    proposed: u64,
    crashes: u8,
}

/// A successor as the properties see it: the parent, with what the move changed.
struct View<'a> {
    base: &'a Work,
    next: &'a Next,
}

impl View<'_> {
    fn len(&self) -> usize {
        self.base.nodes.len()
    }
    fn node(&self, i: usize) -> &Node {
        match &self.next.node {
            Some((j, n, _, _)) if *j == i => n,
            _ => &self.base.nodes[i],
        }
    }
    fn disk(&self, i: usize) -> &Durable {
        match &self.next.node {
            Some((j, _, d, _)) if *j == i => d,
            _ => &self.base.disks[i],
        }
    }
    fn up(&self, i: usize) -> bool {
        match &self.next.node {
            Some((j, _, _, up)) if *j == i => *up,
            _ => self.base.up[i],
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

/// A fingerprint is already well mixed: the table uses it as its own hash.
#[derive(Default)]
struct Unmixed(u64);

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
    /// With the network a set of every message sent (duplication on), correct Paxos and no
    /// crash: the highest round any message can carry, and messages that can change nothing
    /// any more are left out of states (see [`dead`]).
    prune: Option<u64>,
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
    pub fn new(model: Model, goal: Goal, start: State) -> Search {
        let perms = renamings(&model, &goal, &start);
        let tables = numbering(&model, &goal, &start);
        let prune = (model.duplicate
            && model.crashes == 0
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
        let root = search.canonical(&work, &Next::unchanged(&work));
        search.frontier.push(&search.buf.clone(), root);
        search.parents.insert(root, root);
        let view = View { base: &work, next: &Next::unchanged(&work) };
        if let Some((property, detail)) = search.reached(&view) {
            search.report.outcome = Outcome::Found { property, detail, path: Vec::new() };
        }
        search
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
            let work = self.unpack(self.cursor);
            let here = self.frontier.fingerprints[self.cursor];
            self.cursor += 1;
            left -= 1;
            self.expand(work, here);
        }
        if self.report.outcome != Outcome::Running {
            // The search is over: give the memory back.
            self.frontier = Arena::default();
            self.next = Arena::default();
        }
        &self.report
    }

    /// Generates the successors of `work`, whose fingerprint is `here`.
    fn expand(&mut self, work: Work, here: u64) {
        self.report.explored += 1;
        let mut steps = std::mem::take(&mut self.steps);
        steps.clear();
        self.model.steps(&work, &mut steps);
        let mut next = Next::unchanged_head(&work);
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
                Goal::Breaks(p) => p == "promise-monotonic",
                _ => false,
            };
            let found = if steps_too { self.model.step_violation(&view) } else { None };
            let found = found.or_else(|| self.reached(&view));
            if let Some((property, detail)) = found {
                let path = self.path_to(fp);
                self.report.depth = path.len() as u64;
                self.report.outcome = Outcome::Found { property, detail, path };
                break;
            }
            if self.model.max_states > 0 && self.report.distinct >= self.model.max_states {
                self.report.outcome = Outcome::Bounded;
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

    /// Packs the start state into `buf` and unpacks it again, as every state is.
    fn pack_start(&mut self) -> Work {
        let s = &self.start;
        let t = &mut self.tables;
        let mut net: Vec<u64> = s.net.iter().map(|p| packed::pack(t, p.from, p.to, &p.msg.0)).collect();
        net.sort_unstable();
        let mut votes: Vec<u64> = s
            .votes
            .iter()
            .map(|(b, v, a)| packed::pack_vote(t.ballot(Some(*b)), t.value(Some(v)), *a))
            .collect();
        votes.sort_unstable();
        let work = Work {
            nodes: s.nodes.clone(),
            disks: s.disks.clone(),
            up: s.up.clone(),
            net,
            votes,
            proposed: s.proposed,
            crashes: s.crashes,
            bytes: Vec::new(),
            spans: Vec::new(),
        };
        let mut buf = std::mem::take(&mut self.buf);
        self.pack(&View { base: &work, next: &Next::unchanged(&work) }, None, &mut buf);
        let work = unpack(&self.tables, &self.model, &buf);
        self.buf = buf;
        work
    }

    fn unpack(&self, i: usize) -> Work {
        unpack(&self.tables, &self.model, self.frontier.get(i))
    }

    /// Packs `view` into `out`, every node renamed by `map` if given.
    fn pack(&mut self, view: &View, map: Option<&[u16]>, out: &mut Vec<u8>) {
        out.clear();
        out.extend_from_slice(&view.next.proposed.to_le_bytes());
        out.push(view.next.crashes);
        let n = view.len();
        match map {
            None => {
                for i in 0..n {
                    match &view.next.node {
                        Some((j, node, disk, up)) if *j == i => {
                            packed::put_node(&mut self.tables, out, node, disk, *up, None)
                        }
                        _ if !view.base.spans.is_empty() => {
                            let (a, b) = view.base.spans[i];
                            out.extend_from_slice(&view.base.bytes[a..b]);
                        }
                        _ => packed::put_node(
                            &mut self.tables,
                            out,
                            view.node(i),
                            view.disk(i),
                            view.up(i),
                            None,
                        ),
                    }
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
                    packed::put_node(
                        &mut self.tables,
                        out,
                        view.node(i),
                        view.disk(i),
                        view.up(i),
                        Some(map),
                    );
                }
                let mut net: Vec<u64> =
                    view.next.net.iter().map(|&c| packed::renamed_packet(c, map)).collect();
                net.sort_unstable();
                put_list(out, net.into_iter());
                let mut votes: Vec<u64> =
                    view.next.votes.iter().map(|&c| packed::renamed_vote(c, map)).collect();
                votes.sort_unstable();
                put_list(out, votes.into_iter());
            }
        }
    }

    /// The fingerprint of the successor's class under the renamings: the least over all of
    /// them (the plain fingerprint without symmetry reduction). Leaves the successor's own
    /// packing in `buf`.
    fn canonical(&mut self, base: &Work, next: &Next) -> u64 {
        let view = View { base, next };
        let mut buf = std::mem::take(&mut self.buf);
        self.pack(&view, None, &mut buf);
        let mut least = packed::fingerprint(&buf);
        self.buf = buf;
        let perms = std::mem::take(&mut self.perms);
        let mut renamed = std::mem::take(&mut self.renamed);
        for map in perms.iter().skip(1) {
            self.pack(&view, Some(map), &mut renamed);
            least = least.min(packed::fingerprint(&renamed));
        }
        self.renamed = renamed;
        self.perms = perms;
        least
    }

    /// The state after `step`.
    fn apply(&mut self, w: &Work, step: Step, next: &mut Next) {
        next.reset(w);
        let model = &self.model;
        let take = |i: usize| (i, w.nodes[i].clone(), w.disks[i].clone(), w.up[i]);
        match step {
            Step::Propose(k) => {
                let (node, value) = &model.proposals[k];
                next.proposed |= 1 << k;
                let mut n = take(node.index());
                n.1.propose(Time(0), value.clone());
                next.node = Some(n);
                self.settle(next);
            }
            Step::Deliver(code) => {
                if !model.duplicate {
                    remove_one(&mut next.net, code);
                }
                let to = packed::packet_to(code);
                let mut n = take(to.index());
                n.1.handle_message(Time(0), packed::packet_from(code), packed::unpack(&self.tables, code));
                next.node = Some(n);
                self.settle(next);
            }
            Step::Drop(code) => remove_one(&mut next.net, code),
            Step::Timeout(i) => {
                let mut n = take(i);
                let at = n.1.poll_timeout().map_or(Time(0), |timer| timer.at);
                n.1.handle_timeout(at);
                next.node = Some(n);
                self.settle(next);
            }
            Step::Crash(i) => {
                let mut n = take(i);
                n.3 = false;
                next.node = Some(n);
                next.crashes += 1;
            }
            Step::Restart(i) => {
                let id = NodeId(i as u16);
                let disk = w.disks[i].clone();
                let node = Node::restore(id, model.config(), disk.clone());
                next.node = Some((i, node, disk, true));
            }
        }
        if let Some(highest) = self.prune {
            let view = View { base: w, next };
            let dead: Vec<usize> =
                (0..next.net.len()).filter(|&k| dead(&self.tables, &view, next.net[k], highest)).collect();
            for k in dead.into_iter().rev() {
                next.net.remove(k);
            }
        }
    }

    /// Carries out what the changed node asked for: sends, persists, records its vote.
    /// Messages to itself do not cross the network: they are handled at once, first sent
    /// first, as the simulator does with its zero-delay local messages.
    fn settle(&mut self, next: &mut Next) {
        let Some((i, node, disk, _)) = &mut next.node else { return };
        let id = NodeId(*i as u16);
        let mut local = VecDeque::new();
        loop {
            while let Some(out) = node.poll_output() {
                match out {
                    Output::Send { to, msg } if to == id => local.push_back(msg),
                    Output::Send { to, msg } => {
                        let code = packed::pack(&mut self.tables, id, to, &msg);
                        match next.net.binary_search(&code) {
                            // With duplication the network is a set: a second copy adds nothing.
                            Ok(_) if self.model.duplicate => {}
                            Ok(at) | Err(at) => next.net.insert(at, code),
                        }
                    }
                    Output::Persist(d) => *disk = d,
                    Output::Learned { .. } => {}
                }
            }
            if let Some(v) = node.acceptor().accepted() {
                let t = &mut self.tables;
                let vote = packed::pack_vote(t.ballot(Some(v.ballot)), t.value(Some(&v.value)), id);
                if let Err(at) = next.votes.binary_search(&vote) {
                    next.votes.insert(at, vote);
                }
            }
            let Some(msg) = local.pop_front() else { break };
            node.handle_message(Time(0), id, msg);
        }
    }

    /// Whether `view` is what the goal looks for; for a violation, which property and why.
    fn reached(&self, view: &View) -> Option<(String, String)> {
        let t = &self.tables;
        let names = &self.model.names;
        match &self.goal {
            Goal::Violation => self.violation(view, None).map(|(p, d)| (p.to_string(), d)),
            Goal::Breaks(only) => self.violation(view, Some(only)).map(|(p, d)| (p.to_string(), d)),
            Goal::Chosen(v) => t
                .value_code(v)
                .filter(|c| self.chosen(view).contains(c))
                .map(|_| ("goal".into(), format!("{:?} is chosen", v.as_str()))),
            Goal::Accepts { node, ballot } => {
                let code = t.ballot_code(*ballot)?;
                view.next
                    .votes
                    .iter()
                    .any(|&c| packed::vote_ballot(c) == code && packed::vote_voter(c) == *node)
                    .then(|| {
                        let (who, owner) = (&names[node.index()], &names[ballot.node.index()]);
                        ("goal".into(), format!("{who} accepted ballot {}.{owner}", ballot.round))
                    })
            }
            Goal::Learns { node, value } => (view.node(node.index()).learner().learned() == Some(value))
                .then(|| ("goal".into(), format!("{} learned {:?}", names[node.index()], value.as_str()))),
        }
    }

    /// Values voted for by a majority in one ballot (by number).
    fn chosen(&self, view: &View) -> Vec<u16> {
        let majority = self.model.names.len() / 2 + 1;
        let votes = &view.next.votes;
        let mut out = Vec::new();
        let mut i = 0;
        while i < votes.len() {
            let proposal = packed::vote_proposal(votes[i]);
            let j = i + votes[i..].iter().take_while(|&&c| packed::vote_proposal(c) == proposal).count();
            let value = packed::vote_value(votes[i]);
            if j - i >= majority && !out.contains(&value) {
                out.push(value);
            }
            i = j;
        }
        out.sort_unstable_by(|a, b| self.tables.value_of(*a).cmp(&self.tables.value_of(*b)));
        out
    }

    /// The property that a violating state breaks (only `only`, if given).
    fn violation(&self, view: &View, only: Option<&str>) -> Option<(&'static str, String)> {
        let wanted = |p: &str| only.is_none_or(|o| o == p);
        let value = |c: u16| self.tables.value_of(c).expect("a numbered value");
        let chosen = self.chosen(view);
        if wanted("agreement") && chosen.len() > 1 {
            let list: Vec<String> = chosen.iter().map(|&c| format!("{:?}", value(c).as_str())).collect();
            return Some(("agreement", format!("{} are all chosen", list.join(" and "))));
        }
        if let Some(&c) = chosen.iter().find(|c| wanted("validity") && !self.valid.contains(c)) {
            return Some((
                "validity",
                format!("{:?} was chosen but no client proposed it", value(c).as_str()),
            ));
        }
        for i in 0..view.len() {
            let n = view.node(i);
            if let Some(v) = n.learner().learned() {
                let known = self.tables.value_code(v).is_some_and(|c| chosen.contains(&c));
                if wanted("learned-is-chosen") && !known {
                    return Some((
                        "learned-is-chosen",
                        format!("{} learned {:?}, which is not chosen", self.model.names[i], v.as_str()),
                    ));
                }
            }
            let (p, a) = (n.acceptor().promised(), n.acceptor().accepted().map(|v| v.ballot));
            if wanted("accepted-within-promise") && a > p {
                return Some((
                    "accepted-within-promise",
                    format!("{} accepted above its promise", self.model.names[i]),
                ));
            }
        }
        None
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
        for &want in &chain[1..] {
            steps.clear();
            self.model.steps(&work, &mut steps);
            let mut found = None;
            for &step in &steps {
                let mut next = Next::unchanged_head(&work);
                self.apply(&work, step, &mut next);
                if self.canonical(&work, &next) == want {
                    found = Some((step, next));
                    break;
                }
            }
            let (step, next) = found.expect("a recorded state is a successor of its parent");
            path.push(self.public(step));
            work = advance(work, next);
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

impl Next {
    /// `w` unchanged, reusing this one's memory.
    fn reset(&mut self, w: &Work) {
        self.node = None;
        self.net.clear();
        self.net.extend_from_slice(&w.net);
        self.votes.clear();
        self.votes.extend_from_slice(&w.votes);
        self.proposed = w.proposed;
        self.crashes = w.crashes;
    }

    /// No change (the start, or the parent itself).
    fn unchanged(w: &Work) -> Next {
        Next { node: None, net: w.net.clone(), votes: w.votes.clone(), ..Next::unchanged_head(w) }
    }
    fn unchanged_head(w: &Work) -> Next {
        Next { node: None, net: Vec::new(), votes: Vec::new(), proposed: w.proposed, crashes: w.crashes }
    }
}

/// The state after a move, unpacked (for replaying a path; it has no packed bytes).
fn advance(mut w: Work, next: Next) -> Work {
    if let Some((i, node, disk, up)) = next.node {
        w.nodes[i] = node;
        w.disks[i] = disk;
        w.up[i] = up;
    }
    Work {
        net: next.net,
        votes: next.votes,
        proposed: next.proposed,
        crashes: next.crashes,
        bytes: Vec::new(),
        spans: Vec::new(),
        ..w
    }
}

impl Model {
    /// Every move possible in `w`, in a fixed order.
    fn steps(&self, w: &Work, out: &mut Vec<Step>) {
        for (k, (node, _)) in self.proposals.iter().enumerate() {
            let n = &w.nodes[node.index()];
            if w.proposed & (1 << k) == 0 && w.up[node.index()] && n.proposer().max_round() < self.max_round {
                out.push(Step::Propose(k));
            }
        }
        let mut last = None;
        for &code in &w.net {
            if last == Some(code) {
                continue; // the same copy twice: one move suffices
            }
            last = Some(code);
            if w.up[packed::packet_to(code).index()] {
                out.push(Step::Deliver(code));
            }
            // With duplication on, a loss adds no behaviour: a message never delivered again
            // is a lost one (as in Paxos.tla). Drops are explored only without duplication.
            if self.drop && !self.duplicate {
                out.push(Step::Drop(code));
            }
        }
        for (i, n) in w.nodes.iter().enumerate() {
            if !w.up[i] {
                out.push(Step::Restart(i));
                continue;
            }
            if n.poll_timeout().is_some() {
                let starts_a_ballot = n.proposer().phase() == paxos::Phase::BackingOff;
                if !starts_a_ballot || n.proposer().max_round() < self.max_round {
                    out.push(Step::Timeout(i));
                }
            }
            if w.crashes < self.crashes {
                out.push(Step::Crash(i));
            }
        }
    }

    /// Whether the move broke a property that is about steps, not states: a promise that
    /// went down.
    fn step_violation(&self, view: &View) -> Option<(String, String)> {
        let (i, node, _, _) = view.next.node.as_ref()?;
        if node.acceptor().promised() < view.base.nodes[*i].acceptor().promised() {
            return Some(("promise-monotonic".into(), format!("{}'s promise went down", self.names[*i])));
        }
        None
    }
}

/// Whether the message `code` can change nothing, now or ever, when the network keeps every
/// message sent (so it can be delivered again and again), Paxos is correct and no node
/// crashes; `highest` is the highest round any message can carry. Leaving such a message
/// out of a state merges states that behave the same: delivering it would give the same
/// state back. Each rule rests on something that only grows: a promise, a proposer's
/// rounds, the sets a proposer counts, what a learner learned.
fn dead(t: &Tables, view: &View, code: u64, highest: u64) -> bool {
    let to = view.node(packed::packet_to(code).index());
    let (b1, b2) = packed::packet_ballots(code);
    let (ballot, second) = (t.ballot_of(b1), t.ballot_of(b2));
    let round = ballot.map_or(0, |b| b.round).max(second.map_or(0, |b| b.round));
    // 1. A receiver that has seen every round the message tells of, so that its
    //    `observe_round` can change nothing.
    let seen = |n: &Node| n.proposer().max_round() >= round;
    // 2. A proposer that will never again count anything for ballot `b`: it knows the value
    //    chosen, backs off from `b` (its next attempt is a new ballot), or has gone past it.
    let done_with = |n: &Node, b: Ballot| {
        let p = n.proposer();
        p.phase() == paxos::Phase::Decided
            || (p.ballot() == Some(b) && p.phase() == paxos::Phase::BackingOff)
            || (p.ballot() != Some(b) && p.last_round() >= b.round)
    };
    let from = packed::packet_from(code);
    match (packed::packet_kind(code), ballot) {
        // 3. A decide to a node that has learned: learning is done once.
        (5, _) => to.learner().learned().is_some(),
        // 4. A reply to the proposer of `b`: dead if it is done with `b`, or if it already
        //    counted this sender (a promise reports the same vote each time in correct
        //    Paxos without crashes; a set of accepteds only grows).
        (kind @ (1 | 3 | 4), Some(b)) => {
            let p = to.proposer();
            let counted = p.ballot() == Some(b)
                && match kind {
                    1 => p.phase() == paxos::Phase::Preparing && p.promises().contains_key(&from),
                    3 => p.phase() == paxos::Phase::Accepting && p.accepteds().contains(&from),
                    _ => false,
                };
            seen(to) && (done_with(to, b) || counted)
        }
        // 5. A prepare or accept for `b` to an acceptor that promised more: it will only
        //    ever answer with a nack, which its proposer, done with `b` and aware of every
        //    round, ignores.
        (0 | 2, Some(b)) => {
            let owner = view.node(b.node.index());
            to.acceptor().promised().is_some_and(|p| p > b)
                && seen(to)
                && done_with(owner, b)
                && owner.proposer().max_round() >= highest
        }
        _ => false,
    }
}

/// A packed state without its network: what the nodes, disks and votes are.
#[cfg(test)]
fn without_network(bytes: &[u8], n: usize) -> Vec<u8> {
    let mut r = Reader { bytes, at: 9 };
    for _ in 0..n {
        let len = usize::from(r.u16());
        r.at += len;
    }
    let nodes_end = r.at;
    let count = r.u32() as usize;
    let mut out = bytes[..nodes_end].to_vec();
    out.extend_from_slice(&bytes[nodes_end + 4 + 8 * count..]);
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

/// A packed state, unpacked.
fn unpack(t: &Tables, model: &Model, bytes: &[u8]) -> Work {
    let mut r = Reader { bytes, at: 0 };
    let proposed = r.u64();
    let crashes = r.u8();
    let n = model.names.len();
    let config = model.config();
    let mut w = Work {
        nodes: Vec::with_capacity(n),
        disks: Vec::with_capacity(n),
        up: Vec::with_capacity(n),
        net: Vec::new(),
        votes: Vec::new(),
        proposed,
        crashes,
        bytes: bytes.to_vec(),
        spans: Vec::with_capacity(n),
    };
    for i in 0..n {
        let from = r.at;
        let (node, disk, up) = r.node(t, NodeId(i as u16), config);
        w.nodes.push(node);
        w.disks.push(disk);
        w.up.push(up);
        w.spans.push((from, r.at));
    }
    let count = r.u32();
    w.net = (0..count).map(|_| r.u64()).collect();
    let count = r.u32();
    w.votes = (0..count).map(|_| r.u64()).collect();
    w
}

/// The numbering of ballots and values for a search from `start`: every ballot and value in
/// it, every value the model proposes, and every ballot its proposers may start, in order.
fn numbering(model: &Model, goal: &Goal, start: &State) -> Tables {
    let mut seen = Tables::default();
    let mut scratch = Vec::new();
    for (i, node) in start.nodes.iter().enumerate() {
        packed::put_node(&mut seen, &mut scratch, node, &start.disks[i], start.up[i], None);
    }
    for p in &start.net {
        packed::pack(&mut seen, p.from, p.to, &p.msg.0);
    }
    let (mut ballots, mut values): (BTreeSet<Ballot>, BTreeSet<Value>) = seen.known();
    ballots.extend(start.votes.iter().map(|(b, _, _)| *b));
    values.extend(start.votes.iter().map(|(_, v, _)| v.clone()));
    values
        .extend(model.proposals.iter().map(|(_, v)| v.clone()).chain(model.proposed_before.iter().cloned()));
    let proposers: BTreeSet<NodeId> = (model.proposals.iter().map(|(n, _)| *n))
        .chain(start.nodes.iter().filter(|n| n.proposer().own_value().is_some()).map(|n| n.id()))
        .collect();
    let most = packed::MAX_BALLOTS.saturating_sub(ballots.len()) as u64;
    if (proposers.len() as u64).saturating_mul(model.max_round) <= most {
        for round in 1..=model.max_round {
            ballots.extend(proposers.iter().map(|&n| Ballot::new(round, n)));
        }
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
    Tables::new(ballots, values)
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
