//! A state of the explored system, its canonical network and its fingerprint.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use paxos::{Effect, NodeId, Protocol, Time};

use paxos_sim::world::{Rules, World};

use super::{Move, Spec};

/// The most messages a node may send itself within one move: a node that answers each of
/// its own messages with another would otherwise keep the search in one move forever.
pub const MAX_LOCAL: usize = 10_000;
/// The property reported when a node passes [`MAX_LOCAL`].
pub const SELF_MESSAGES: &str = "settles";

/// A message sent, as the network's set holds it.
pub type Sent<M> = Arc<(NodeId, NodeId, M)>;

/// A state, as the search keeps it. A move changes one node, so a state shares every other
/// node, disk and message with the state it came from (and what the properties remember,
/// until they change): a successor costs its changed parts and a few pointers.
#[derive(Debug)]
pub struct State<S: Spec> {
    /// Each node's parts, its timer's moment left out (kept for a node that is down too: a
    /// restart rebuilds it from its disk).
    pub nodes: Vec<Arc<<S::P as Protocol>::Parts>>,
    pub disks: Vec<Arc<<S::P as Protocol>::Disk>>,
    pub up: Vec<bool>,
    /// Every message sent: a set, in a canonical order (see [`State::send`]).
    pub net: Vec<Sent<<S::P as Protocol>::Message>>,
    /// Bit k: client request k was made.
    pub requested: u64,
    pub crashes: u8,
    pub judge: Arc<S::Judge>,
}

// By hand: a derive would ask the spec itself to be `Clone`, `Eq` and `Hash`.
impl<S: Spec> Clone for State<S> {
    fn clone(&self) -> Self {
        State {
            nodes: self.nodes.clone(),
            disks: self.disks.clone(),
            up: self.up.clone(),
            net: self.net.clone(),
            requested: self.requested,
            crashes: self.crashes,
            judge: self.judge.clone(),
        }
    }
}

// A node that is down counts by its disk alone: a restart rebuilds it from there, so the
// memory it lost does not tell two states apart.
impl<S: Spec> State<S> {
    fn running(&self) -> impl Iterator<Item = Option<&<S::P as Protocol>::Parts>> {
        self.nodes.iter().zip(&self.up).map(|(n, up)| up.then_some(&**n))
    }
}

impl<S: Spec> PartialEq for State<S> {
    fn eq(&self, o: &Self) -> bool {
        (&self.disks, &self.up, &self.net, self.requested, self.crashes, &self.judge)
            == (&o.disks, &o.up, &o.net, o.requested, o.crashes, &o.judge)
            && self.running().eq(o.running())
    }
}

impl<S: Spec> Eq for State<S> {}

impl<S: Spec> Hash for State<S> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (&self.disks, &self.up, &self.net, self.requested, self.crashes, &self.judge).hash(h);
        self.running().for_each(|n| n.hash(h));
    }
}

/// What taking a move gave: the next state, or a broken property (with the state it broke
/// in), or nothing (the move is not possible, or starts a ballot above the bound).
pub(super) enum Next<S: Spec> {
    State(State<S>),
    Broken { property: String, detail: String },
    None,
}

impl<S: Spec> State<S> {
    /// Every node up, as it starts, nothing sent.
    pub fn start(spec: &S) -> Result<State<S>, (String, String)> {
        let n = spec.names().len();
        let mut state = State {
            nodes: Vec::with_capacity(n),
            disks: vec![Arc::default(); n],
            up: vec![true; n],
            net: Vec::new(),
            requested: 0,
            crashes: 0,
            judge: Arc::new(spec.judge()),
        };
        for i in 0..n {
            let id = NodeId(i as u16);
            let node = S::P::start(id, spec.config(), Time(0));
            state.nodes.push(Arc::new(node.parts()));
            state.settle(spec, id, node)?;
        }
        Ok(state)
    }

    /// The state of a running world between two of its events and before any of the spec's
    /// requests was made (none counts as made, and no crash), with `judge` as what the
    /// properties remember of it: a search from here. Messages already delivered are not in
    /// the set: the search delivers only what is in flight now, and what is sent from now on.
    pub fn resume<R: Rules<P = S::P>>(world: &World<R>, judge: S::Judge) -> State<S> {
        let mut state = State {
            nodes: Vec::new(),
            disks: Vec::new(),
            up: Vec::new(),
            net: Vec::new(),
            requested: 0,
            crashes: 0,
            judge: Arc::new(judge),
        };
        for host in world.hosts() {
            let mut parts = host.node.parts();
            S::P::timeless(&mut parts);
            state.nodes.push(Arc::new(parts));
            state.disks.push(Arc::new(host.disk.clone()));
            state.up.push(host.up);
        }
        for f in world.flights() {
            state.send(f.from, f.to, f.msg.clone());
        }
        state
    }

    /// 128 bits that tell states apart (two SipHash runs with different prefixes).
    pub fn fingerprint(&self) -> u128 {
        let half = |salt: u8| {
            let mut h = DefaultHasher::new();
            salt.hash(&mut h);
            self.hash(&mut h);
            h.finish()
        };
        (u128::from(half(0)) << 64) | u128::from(half(1))
    }

    /// Every move possible here (some may turn out to start a ballot above the bound).
    pub(super) fn moves(&self, spec: &S, out: &mut Vec<Move<<S::P as Protocol>::Message>>) {
        for (k, (node, _)) in spec.requests().iter().enumerate() {
            if self.requested & (1 << k) == 0 && self.up[node.index()] {
                out.push(Move::Request(k));
            }
        }
        for sent in &self.net {
            let (from, to, msg) = &**sent;
            if self.up[to.index()] {
                out.push(Move::Deliver { from: *from, to: *to, msg: msg.clone() });
            }
        }
        for i in 0..self.nodes.len() {
            let id = NodeId(i as u16);
            if self.up[i] && self.node(spec, id).poll_timeout().is_some() {
                out.push(Move::Timeout(id));
            }
            if self.up[i] && self.crashes < spec.crashes() {
                out.push(Move::Crash(id));
            }
            if !self.up[i] {
                out.push(Move::Restart(id));
            }
        }
    }

    /// The state after `mv`.
    pub(super) fn after(&self, spec: &S, mv: &Move<<S::P as Protocol>::Message>) -> Next<S> {
        let mut next = self.clone();
        // The node, its highest round before the move (the bound applies to a move that
        // starts a ballot above it, not to a node resumed above it), and after the input.
        let run = |id: NodeId, input: &dyn Fn(&mut S::P)| {
            let mut node = self.node(spec, id);
            let before = node.last_round();
            input(&mut node);
            (id, node, before)
        };
        let (id, node, before) = match mv {
            Move::Request(k) => {
                let (id, request) = &spec.requests()[*k];
                next.requested |= 1 << k;
                spec.requested(Arc::make_mut(&mut next.judge), *k);
                run(*id, &|node| node.request(Time(0), request.clone()))
            }
            Move::Deliver { from, to, msg } => run(*to, &|node| node.receive(Time(0), *from, msg.clone())),
            Move::Timeout(id) => run(*id, &|node| node.timeout(Time(0))),
            Move::Crash(id) => {
                next.up[id.index()] = false;
                next.crashes += 1;
                spec.crashed(Arc::make_mut(&mut next.judge), *id);
                return Next::State(next);
            }
            Move::Restart(id) => {
                next.up[id.index()] = true;
                spec.restarted(Arc::make_mut(&mut next.judge), *id);
                let node = S::P::restart(*id, spec.config(), &self.disks[id.index()], Time(0));
                let before = node.last_round();
                (*id, node, before)
            }
        };
        match next.settle(spec, id, node) {
            Err((property, detail)) => Next::Broken { property, detail },
            Ok(round) if round > spec.max_round() && round > before => Next::None,
            Ok(_) if next == *self => Next::None,
            Ok(_) => Next::State(next),
        }
    }

    /// Node `id` rebuilt from its parts.
    pub(super) fn node(&self, spec: &S, id: NodeId) -> S::P {
        S::P::from_parts(id, spec.config(), (*self.nodes[id.index()]).clone())
    }

    /// Carries out every effect of `node`'s last input (its messages to itself handled at
    /// once, first sent first) and keeps its parts. Returns the highest round it started.
    fn settle(&mut self, spec: &S, id: NodeId, mut node: S::P) -> Result<u64, (String, String)> {
        let mut local = std::collections::VecDeque::new();
        let mut handled = 0;
        loop {
            while let Some(effect) = node.poll_output() {
                match effect {
                    Effect::Send { to, msg } if to == id => local.push_back(msg),
                    Effect::Send { to, msg } => self.send(id, to, msg),
                    Effect::Persist(write) => {
                        let judge = Arc::make_mut(&mut self.judge);
                        let broken = spec.effect(judge, id, &node, &Effect::Persist(write.clone()));
                        S::P::write(Arc::make_mut(&mut self.disks[id.index()]), write);
                        if let Some(broken) = broken {
                            return Err(broken);
                        }
                    }
                    event @ Effect::Event(_) => {
                        if let Some(broken) = spec.effect(Arc::make_mut(&mut self.judge), id, &node, &event) {
                            return Err(broken);
                        }
                    }
                }
            }
            if let Some(broken) = spec.settled(Arc::make_mut(&mut self.judge), id, &node) {
                return Err(broken);
            }
            let Some(msg) = local.pop_front() else { break };
            handled += 1;
            if handled > MAX_LOCAL {
                let name = &spec.names()[id.index()];
                let detail = format!(
                    "{name} handled {MAX_LOCAL} messages to itself in one move and is still sending itself more"
                );
                return Err((SELF_MESSAGES.to_string(), detail));
            }
            node.receive(Time(0), id, msg);
        }
        let mut parts = node.parts();
        S::P::timeless(&mut parts);
        self.nodes[id.index()] = Arc::new(parts);
        Ok(node.last_round())
    }

    /// Adds a message to the set, kept sorted by sender, receiver and the message's hash so
    /// that one set has one order.
    fn send(&mut self, from: NodeId, to: NodeId, msg: <S::P as Protocol>::Message) {
        let key = |m: &<S::P as Protocol>::Message| {
            let mut h = DefaultHasher::new();
            m.hash(&mut h);
            h.finish()
        };
        let k = (from, to, key(&msg));
        let at = self.net.partition_point(|s| (s.0, s.1, key(&s.2)) < k);
        let same = self.net[at..].iter().take_while(|s| (s.0, s.1, key(&s.2)) == k).any(|s| s.2 == msg);
        if !same {
            self.net.insert(at, Arc::new((from, to, msg)));
        }
    }
}
