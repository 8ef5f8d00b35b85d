//! A whole state of the explored system, as a search starts from it (a running world's,
//! [`State::resume`]); the search itself keeps states packed (`packed`).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use paxos::{NodeId, Protocol};

use paxos_sim::world::{Rules, World};

use super::Spec;

/// The most messages a node may send itself within one move: a node that answers each of
/// its own messages with another would otherwise keep the search in one move forever.
pub const MAX_LOCAL: usize = 10_000;
/// The property reported when a node passes [`MAX_LOCAL`].
pub const SELF_MESSAGES: &str = "settles";

/// A message sent, as the network's set holds it.
pub type Sent<M> = Arc<(NodeId, NodeId, M)>;

/// A whole state: every node's parts, disk and whether it is up, the messages sent, the
/// client requests made, the crashes so far and what the properties remember.
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

impl<S: Spec> State<S> {
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
