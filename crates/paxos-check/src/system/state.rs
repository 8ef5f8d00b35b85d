//! A whole state of the explored system, as a search starts from it (a running world's,
//! [`State::resume`]); the search itself keeps states packed (`packed`).

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
    /// Every message sent, in any order: a set (one sent twice counts once).
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
            state.net.push(Arc::new((f.from, f.to, f.msg.clone())));
        }
        state
    }
}
