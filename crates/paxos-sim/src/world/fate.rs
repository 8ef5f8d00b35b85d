//! The network's rules for every protocol: link keys, cuts, and
//! the draws that decide a message copy's delay and loss.

use paxos::NodeId;

use crate::rng::SimRng;
use crate::scenario::{Link, NetworkSpec};
use crate::sorted::SortedMap;

/// The undirected link between two nodes, as the key of the link faults.
pub fn link_key(a: NodeId, b: NodeId) -> (NodeId, NodeId) {
    (a.min(b), a.max(b))
}

/// A partition separates them, or their link is cut.
pub fn is_cut(
    groups: Option<&[usize]>,
    links: &SortedMap<(NodeId, NodeId), Link>,
    from: NodeId,
    to: NodeId,
) -> bool {
    groups.is_some_and(|g| g[from.index()] != g[to.index()])
        || links.get(&link_key(from, to)).is_some_and(|l| l.cut)
}

/// A copy's delay (uniform in the network's range, plus the link's extra) and whether it
/// is lost, drawn in this order (docs/scenario.md).
pub fn draw_fate(
    rng: &mut SimRng,
    network: &NetworkSpec,
    links: &SortedMap<(NodeId, NodeId), Link>,
    from: NodeId,
    to: NodeId,
) -> (u64, bool) {
    let [lo, hi] = network.delay;
    let extra = links.get(&link_key(from, to)).map_or(0, |l| l.extra);
    let delay = rng.between(lo, hi) + extra;
    let lost = network.drop > 0.0 && rng.chance(network.drop);
    (delay, lost)
}
