//! Implementation mode: every interleaving of this project's own Paxos nodes (the same
//! `paxos::Node` state machines the simulator runs), explored breadth-first.
//!
//! A state is every node, every node's disk, which nodes are up, the multiset of messages in
//! flight, which client proposals were made, and every vote ever cast (to judge what is
//! chosen). A move is one thing that can happen next: a proposal, a message delivered,
//! dropped or duplicated, a timer firing, a crash or a restart. There is no clock: any
//! message may arrive at any time and a timer may fire whenever it is set. Rounds are
//! bounded: a proposer may not start a ballot above `max_round`.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use paxos::{Backoff, Ballot, Config, Durable, Message, Node, NodeId, Output, Time, Value};

/// A message copy in flight.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Packet {
    pub from: NodeId,
    pub to: NodeId,
    pub msg: MsgKey,
}

/// A message, ordered so that the multiset of packets has one canonical order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MsgKey(pub Message);

impl PartialOrd for MsgKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MsgKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        key(&self.0).cmp(&key(&other.0))
    }
}

/// A total order on messages: kind, ballots, values.
fn key(m: &Message) -> (u8, Option<Ballot>, Option<Ballot>, Option<&str>) {
    match m {
        Message::Prepare { ballot } => (0, Some(*ballot), None, None),
        Message::Promise { ballot, accepted } => (
            1,
            Some(*ballot),
            accepted.as_ref().map(|v| v.ballot),
            accepted.as_ref().map(|v| v.value.as_str()),
        ),
        Message::Accept { ballot, value } => (2, Some(*ballot), None, Some(value.as_str())),
        Message::Accepted { ballot, value } => (3, Some(*ballot), None, Some(value.as_str())),
        Message::Nack { ballot, promised } => (4, Some(*ballot), Some(*promised), None),
        Message::Decide { value } => (5, None, None, Some(value.as_str())),
    }
}

/// One thing that can happen next.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Move {
    /// Client proposal number `k` of the model is handed to its node.
    Propose(usize),
    /// The message reaches its receiver. It leaves the network, unless the network may
    /// duplicate: then every message sent can be delivered again, any number of times.
    Deliver(Packet),
    /// The message is lost.
    Drop(Packet),
    /// The node's timer fires.
    Timeout(NodeId),
    Crash(NodeId),
    Restart(NodeId),
}

/// A state of the model. Its fingerprint ([`State::canonical_hash`]) leaves out what does
/// not change behaviour: counters kept for display and when exactly a timer is due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub nodes: Vec<Node>,
    pub up: Vec<bool>,
    pub disks: Vec<Durable>,
    /// Sorted: a multiset, or a set when the network may duplicate.
    pub net: Vec<Packet>,
    /// Bit k: proposal k was made.
    pub proposed: u64,
    pub crashes: u8,
    /// Every vote ever cast, sorted: (ballot, value, voter).
    pub votes: Vec<(Ballot, Value, NodeId)>,
}

impl Hash for State {
    fn hash<H: Hasher>(&self, h: &mut H) {
        for n in &self.nodes {
            n.acceptor().hash(h);
            n.learner().hash(h);
            let p = n.proposer();
            (p.phase(), p.ballot(), p.own_value(), p.proposal(), p.promises(), p.accepteds()).hash(h);
            (p.max_round(), p.last_round(), n.poll_timeout().is_some()).hash(h);
        }
        (&self.up, &self.disks, &self.net, self.proposed, self.crashes, &self.votes).hash(h);
    }
}

/// What to look for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Goal {
    /// A state breaking a safety property (agreement, validity, promise-monotonic,
    /// accepted-within-promise, learned-is-chosen).
    Violation,
    /// A state breaking this one property (others are not looked for).
    Breaks(String),
    /// A state where `value` is chosen.
    Chosen(Value),
    /// A state where `node` has accepted (voted in) `ballot`.
    Accepts { node: NodeId, ballot: Ballot },
    /// A state where `node` has learned `value`.
    Learns { node: NodeId, value: Value },
}

/// The configuration to explore.
#[derive(Clone, Debug)]
pub struct Model {
    pub names: Vec<String>,
    /// Quorum and flaws matter; the backoff is always random here (a failed attempt waits
    /// for a timer, which is a move).
    pub config: Config,
    /// Client proposals: each is made once, at any moment, if its node is up.
    pub proposals: Vec<(NodeId, Value)>,
    /// No ballot above this round is started.
    pub max_round: u64,
    /// The network may lose messages. (For safety a lost message is one never delivered,
    /// so this adds states but no behaviour; with `duplicate` on it adds nothing at all.)
    pub drop: bool,
    /// The network may duplicate messages: any message sent may be delivered again, any
    /// number of times. The network is then the set of every message sent (as `msgs` in
    /// Paxos.tla), which keeps the state space finite.
    pub duplicate: bool,
    /// How many crashes may happen (each node may restart after one).
    pub crashes: u8,
    /// Stop after this many distinct states (0: no limit).
    pub max_states: u64,
    /// Values proposed before the search starts (checking from a running simulation):
    /// choosing one of them is valid.
    pub proposed_before: Vec<Value>,
    /// Symmetry reduction: nodes that never own a ballot (no proposal, no ballot started
    /// before the search) are interchangeable, so states that differ only by renaming them
    /// count once. Sound for every safety property and the chosen-value goal, which do not
    /// single out such a node; it is not applied to goals about one node.
    pub symmetry: bool,
}

/// The property that a violating state breaks (only `only`, if given).
fn violation(model: &Model, s: &State, only: Option<&str>) -> Option<(&'static str, String)> {
    let wanted = |p: &str| only.is_none_or(|o| o == p);
    let majority = model.names.len() / 2 + 1;
    let chosen = chosen(s, majority);
    if wanted("agreement") && chosen.len() > 1 {
        let list: Vec<String> = chosen.iter().map(|v| format!("{:?}", v.as_str())).collect();
        return Some(("agreement", format!("{} are all chosen", list.join(" and "))));
    }
    let proposed: BTreeSet<&Value> =
        model.proposals.iter().map(|(_, v)| v).chain(&model.proposed_before).collect();
    if let Some(v) = chosen.iter().find(|v| wanted("validity") && !proposed.contains(v)) {
        return Some(("validity", format!("{:?} was chosen but no client proposed it", v.as_str())));
    }
    for (i, n) in s.nodes.iter().enumerate() {
        if let Some(v) = n.learner().learned() {
            if wanted("learned-is-chosen") && !chosen.contains(v) {
                return Some((
                    "learned-is-chosen",
                    format!("{} learned {:?}, which is not chosen", model.names[i], v.as_str()),
                ));
            }
        }
        let (p, a) = (n.acceptor().promised(), n.acceptor().accepted().map(|v| v.ballot));
        if wanted("accepted-within-promise") && a > p {
            return Some((
                "accepted-within-promise",
                format!("{} accepted above its promise", model.names[i]),
            ));
        }
    }
    None
}

/// Values voted for by a majority in one ballot.
pub fn chosen(s: &State, majority: usize) -> BTreeSet<Value> {
    let mut out = BTreeSet::new();
    let mut i = 0;
    while i < s.votes.len() {
        let (b, v) = (&s.votes[i].0, &s.votes[i].1);
        let j = i + s.votes[i..].iter().take_while(|x| &x.0 == b && &x.1 == v).count();
        if j - i >= majority {
            out.insert(v.clone());
        }
        i = j;
    }
    out
}

impl Model {
    /// The island's race: S1, S2, S3 with `flaws`; S1 proposes "1元/度" and S2 "2元/度";
    /// ballots up to round `max_round`; no faults (set the fields to add some).
    pub fn island_race(flaws: paxos::Flaws, max_round: u64) -> Model {
        let mut config = Config::new(3).expect("3 nodes is a valid cluster");
        config.flaws = flaws;
        let value = |s: &str| Value::new(s).expect("a short value");
        Model {
            names: vec!["S1".into(), "S2".into(), "S3".into()],
            config,
            proposals: vec![(NodeId(0), value("1元/度")), (NodeId(1), value("2元/度"))],
            max_round,
            drop: false,
            duplicate: false,
            crashes: 0,
            max_states: 0,
            proposed_before: Vec::new(),
            symmetry: false,
        }
    }

    /// The state before anything happened.
    pub fn initial(&self) -> State {
        let config = self.config();
        let n = self.names.len();
        State {
            nodes: (0..n).map(|i| Node::new(NodeId(i as u16), config)).collect(),
            up: vec![true; n],
            disks: vec![Durable::default(); n],
            net: Vec::new(),
            proposed: 0,
            crashes: 0,
            votes: Vec::new(),
        }
    }

    /// The protocol configuration the nodes run.
    pub fn config(&self) -> Config {
        Config { backoff: Backoff::Random, ..self.config }
    }

    /// Whether `s` is what `goal` looks for; for a violation, which property and why.
    pub fn reached(&self, goal: &Goal, s: &State) -> Option<(String, String)> {
        match goal {
            Goal::Violation => violation(self, s, None).map(|(p, d)| (p.to_string(), d)),
            Goal::Breaks(only) => violation(self, s, Some(only)).map(|(p, d)| (p.to_string(), d)),
            Goal::Chosen(v) => chosen(s, self.names.len() / 2 + 1)
                .contains(v)
                .then(|| ("goal".into(), format!("{:?} is chosen", v.as_str()))),
            Goal::Accepts { node, ballot } => {
                s.votes.iter().any(|(b, _, a)| b == ballot && a == node).then(|| {
                    (
                        "goal".into(),
                        format!(
                            "{} accepted ballot {}.{}",
                            self.names[node.index()],
                            ballot.round,
                            self.names[ballot.node.index()]
                        ),
                    )
                })
            }
            Goal::Learns { node, value } => {
                (s.nodes[node.index()].learner().learned() == Some(value)).then(|| {
                    ("goal".into(), format!("{} learned {:?}", self.names[node.index()], value.as_str()))
                })
            }
        }
    }

    /// Every move possible in `s`, in a fixed order.
    pub fn moves(&self, s: &State, out: &mut Vec<Move>) {
        for (k, (node, _)) in self.proposals.iter().enumerate() {
            let n = &s.nodes[node.index()];
            if s.proposed & (1 << k) == 0 && s.up[node.index()] && n.proposer().max_round() < self.max_round {
                out.push(Move::Propose(k));
            }
        }
        let mut last: Option<&Packet> = None;
        for p in &s.net {
            if last == Some(p) {
                continue; // the same copy twice: one move suffices
            }
            last = Some(p);
            if s.up[p.to.index()] {
                out.push(Move::Deliver(p.clone()));
            }
            // With duplication on, a loss adds no behaviour: a message never delivered again
            // is a lost one (as in Paxos.tla). Drops are explored only without duplication.
            if self.drop && !self.duplicate {
                out.push(Move::Drop(p.clone()));
            }
        }
        for (i, n) in s.nodes.iter().enumerate() {
            let id = NodeId(i as u16);
            if !s.up[i] {
                out.push(Move::Restart(id));
                continue;
            }
            if n.poll_timeout().is_some() {
                let starts_a_ballot = n.proposer().phase() == paxos::Phase::BackingOff;
                if !starts_a_ballot || n.proposer().max_round() < self.max_round {
                    out.push(Move::Timeout(id));
                }
            }
            if s.crashes < self.crashes {
                out.push(Move::Crash(id));
            }
        }
    }

    /// The state after `m`.
    pub fn apply(&self, s: &State, m: &Move) -> State {
        let mut t = s.clone();
        match m {
            Move::Propose(k) => {
                let (node, value) = &self.proposals[*k];
                t.proposed |= 1 << k;
                t.nodes[node.index()].propose(Time(0), value.clone());
                self.settle(&mut t, *node);
            }
            Move::Deliver(p) => {
                if !self.duplicate {
                    remove_one(&mut t.net, p);
                }
                t.nodes[p.to.index()].handle_message(Time(0), p.from, p.msg.0.clone());
                self.settle(&mut t, p.to);
            }
            Move::Drop(p) => remove_one(&mut t.net, p),
            Move::Timeout(id) => {
                let at = t.nodes[id.index()].poll_timeout().map_or(Time(0), |timer| timer.at);
                t.nodes[id.index()].handle_timeout(at);
                self.settle(&mut t, *id);
            }
            Move::Crash(id) => {
                t.up[id.index()] = false;
                t.crashes += 1;
            }
            Move::Restart(id) => {
                t.up[id.index()] = true;
                t.nodes[id.index()] = Node::restore(*id, self.config(), t.disks[id.index()].clone());
            }
        }
        t
    }

    /// Carries out what node `id` asked for: sends, persists, records its vote. Messages to
    /// itself do not cross the network: they are handled at once, first sent first, as
    /// the simulator does with its zero-delay local messages.
    fn settle(&self, t: &mut State, id: NodeId) {
        let mut local = std::collections::VecDeque::new();
        loop {
            while let Some(out) = t.nodes[id.index()].poll_output() {
                match out {
                    Output::Send { to, msg } if to == id => local.push_back(msg),
                    Output::Send { to, msg } => {
                        let p = Packet { from: id, to, msg: MsgKey(msg) };
                        // With duplication the network is a set: a second copy adds nothing.
                        if !(self.duplicate && t.net.binary_search(&p).is_ok()) {
                            insert(&mut t.net, p);
                        }
                    }
                    Output::Persist(d) => t.disks[id.index()] = d,
                    Output::Learned { .. } => {}
                }
            }
            if let Some(v) = t.nodes[id.index()].acceptor().accepted() {
                let vote = (v.ballot, v.value.clone(), id);
                if let Err(i) = t.votes.binary_search(&vote) {
                    t.votes.insert(i, vote);
                }
            }
            let Some(msg) = local.pop_front() else { break };
            t.nodes[id.index()].handle_message(Time(0), id, msg);
        }
    }

    /// Whether the move from `s` to `t` broke a property that is about steps, not states:
    /// a promise that went down.
    fn step_violation(&self, s: &State, t: &State) -> Option<(String, String)> {
        for i in 0..s.nodes.len() {
            if t.nodes[i].acceptor().promised() < s.nodes[i].acceptor().promised() {
                return Some(("promise-monotonic".into(), format!("{}'s promise went down", self.names[i])));
            }
        }
        None
    }
}

fn insert(net: &mut Vec<Packet>, p: Packet) {
    let i = net.partition_point(|q| *q <= p);
    net.insert(i, p);
}

fn remove_one(net: &mut Vec<Packet>, p: &Packet) {
    if let Ok(i) = net.binary_search(p) {
        net.remove(i);
    }
}

/// A 64-bit fingerprint of a state, the same on every platform for the same build.
pub fn fingerprint<T: Hash>(x: &T) -> u64 {
    let mut h = Fingerprinter(0x243f_6a88_85a3_08d3);
    x.hash(&mut h);
    h.finish()
}

/// A fast multiply-rotate hasher with a splitmix64 finish.
struct Fingerprinter(u64);

impl Hasher for Fingerprinter {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u8(&mut self, x: u8) {
        self.write_u64(u64::from(x));
    }
    fn write_u16(&mut self, x: u16) {
        self.write_u64(u64::from(x));
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    fn finish(&self) -> u64 {
        let mut z = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Progress and result of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// States taken from the queue and expanded.
    pub explored: u64,
    pub distinct: u64,
    /// Successors generated, duplicates included.
    pub generated: u64,
    /// Moves on the longest shortest path explored so far.
    pub depth: u64,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The search is not over.
    Running,
    /// Every reachable state was explored and none is what the goal looks for.
    Exhausted,
    /// `max_states` was reached first.
    Bounded,
    /// The shortest path to a state the goal looks for.
    Found { property: String, detail: String, path: Vec<Move> },
}

/// A breadth-first search that can run in slices (for progress and cancel in a page).
pub struct Search {
    model: Model,
    goal: Goal,
    start: State,
    /// fingerprint → parent's fingerprint (the start is its own parent). Paths are rebuilt
    /// by replaying from the start and matching fingerprints, so a state costs 16 bytes.
    parents: HashMap<u64, u64>,
    frontier: Vec<State>,
    next: Vec<State>,
    cursor: usize,
    report: Report,
    moves: Vec<Move>,
    /// With symmetry reduction: every renaming of the interchangeable nodes (index → new
    /// index), the identity first. Empty without.
    perms: Vec<Vec<u16>>,
}

impl Search {
    /// A search from `start` (the initial state, or a state of a running simulation).
    pub fn new(model: Model, goal: Goal, start: State) -> Search {
        let perms = renamings(&model, &goal, &start);
        let mut parents = HashMap::new();
        let root = canonical(&perms, &start);
        parents.insert(root, root);
        let mut report =
            Report { explored: 0, distinct: 1, generated: 1, depth: 0, outcome: Outcome::Running };
        if let Some((property, detail)) = model.reached(&goal, &start) {
            report.outcome = Outcome::Found { property, detail, path: Vec::new() };
        }
        Search {
            model,
            goal,
            frontier: vec![start.clone()],
            start,
            parents,
            next: Vec::new(),
            cursor: 0,
            report,
            moves: Vec::new(),
            perms,
        }
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
                if self.next.is_empty() {
                    self.report.outcome = Outcome::Exhausted;
                    break;
                }
                self.frontier = std::mem::take(&mut self.next);
                self.cursor = 0;
                self.report.depth += 1;
            }
            let s = std::mem::replace(&mut self.frontier[self.cursor], self.model.initial_placeholder());
            self.cursor += 1;
            left -= 1;
            self.expand(s);
        }
        &self.report
    }

    fn expand(&mut self, s: State) {
        self.report.explored += 1;
        let here = canonical(&self.perms, &s);
        self.moves.clear();
        self.model.moves(&s, &mut self.moves);
        let moves = std::mem::take(&mut self.moves);
        for m in &moves {
            let t = self.model.apply(&s, m);
            self.report.generated += 1;
            let fp = canonical(&self.perms, &t);
            let Entry::Vacant(slot) = self.parents.entry(fp) else { continue };
            slot.insert(here);
            self.report.distinct += 1;
            let steps = match &self.goal {
                Goal::Violation => true,
                Goal::Breaks(p) => p == "promise-monotonic",
                _ => false,
            };
            let found = if steps { self.model.step_violation(&s, &t) } else { None };
            let found = found.or_else(|| self.model.reached(&self.goal, &t));
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
            self.next.push(t);
        }
        self.moves = moves;
    }

    /// The moves from the start to the state with fingerprint `fp`: the chain of
    /// fingerprints back to the start, then forward again, finding at each state the move
    /// that leads to the next fingerprint.
    fn path_to(&self, mut fp: u64) -> Vec<Move> {
        let mut chain = vec![fp];
        while let Some(&parent) = self.parents.get(&fp) {
            if parent == fp {
                break;
            }
            chain.push(parent);
            fp = parent;
        }
        chain.reverse();
        let mut state = self.start.clone();
        let mut path = Vec::new();
        let mut moves = Vec::new();
        for next in &chain[1..] {
            moves.clear();
            self.model.moves(&state, &mut moves);
            let (m, t) = moves
                .iter()
                .map(|m| (m, self.model.apply(&state, m)))
                .find(|(_, t)| canonical(&self.perms, t) == *next)
                .expect("a recorded state is a successor of its parent");
            path.push(m.clone());
            state = t;
        }
        path
    }
}

impl Model {
    /// A cheap state to leave behind in the frontier once a state was taken out.
    fn initial_placeholder(&self) -> State {
        State {
            nodes: Vec::new(),
            up: Vec::new(),
            disks: Vec::new(),
            net: Vec::new(),
            proposed: 0,
            crashes: 0,
            votes: Vec::new(),
        }
    }
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

/// Calls `f` with every ordering of `items` (Heap's algorithm would do; this is clearer).
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

/// The fingerprint of `s` with node `i` renamed `map[i]` everywhere (in the proposers'
/// counts, the disks, the network and the votes), computed without building that state.
fn renamed_fingerprint(s: &State, map: &[u16]) -> u64 {
    let to = |id: NodeId| NodeId(map[id.index()]);
    let n = s.nodes.len();
    let mut inv = vec![0usize; n];
    for (i, &j) in map.iter().enumerate() {
        inv[j as usize] = i;
    }
    let mut h = Fingerprinter(0x243f_6a88_85a3_08d3);
    for &i in &inv {
        let node = &s.nodes[i];
        node.acceptor().hash(&mut h);
        node.learner().hash(&mut h);
        let p = node.proposer();
        (p.phase(), p.ballot(), p.own_value(), p.proposal()).hash(&mut h);
        let mut promises: Vec<_> = p.promises().iter().map(|(&a, v)| (to(a), v)).collect();
        promises.sort_unstable_by_key(|(a, _)| *a);
        promises.hash(&mut h);
        let mut accepteds: Vec<NodeId> = p.accepteds().iter().map(|&a| to(a)).collect();
        accepteds.sort_unstable();
        accepteds.hash(&mut h);
        (p.max_round(), p.last_round(), node.poll_timeout().is_some()).hash(&mut h);
        (s.up[i], &s.disks[i]).hash(&mut h);
    }
    let mut net: Vec<(NodeId, NodeId, &MsgKey)> =
        s.net.iter().map(|p| (to(p.from), to(p.to), &p.msg)).collect();
    net.sort_unstable();
    net.hash(&mut h);
    let mut votes: Vec<(Ballot, &Value, NodeId)> = s.votes.iter().map(|(b, v, a)| (*b, v, to(*a))).collect();
    votes.sort_unstable();
    (votes, s.proposed, s.crashes).hash(&mut h);
    h.finish()
}

/// The fingerprint of a state's class under the renamings: the least over all of them (the
/// plain fingerprint without symmetry reduction).
fn canonical(perms: &[Vec<u16>], s: &State) -> u64 {
    if perms.is_empty() {
        return fingerprint(s);
    }
    perms.iter().map(|m| renamed_fingerprint(s, m)).min().expect("the identity is a renaming")
}

/// Runs a search to its end.
pub fn check(model: Model, goal: Goal) -> Report {
    let start = model.initial();
    let mut search = Search::new(model, goal, start);
    while search.run(u64::MAX).outcome == Outcome::Running {}
    search.report().clone()
}

#[cfg(test)]
mod tests;
