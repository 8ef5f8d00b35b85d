//! The Check panel's view of a search by the checker of any protocol
//! (`paxos_check::system`): the Multi-Paxos view's and a student's node's.

use paxos_check::system::{Bound, Search, Spec, Verdict};

use super::CheckView;

/// What `search` has found so far. `memory`: its budget in bytes, if it has one (said when
/// it stops there).
pub(crate) fn check_view<S: Spec>(search: &Search<S>, memory: Option<u64>) -> CheckView {
    let r = search.report();
    let (outcome, property, detail, moves) = match &r.verdict {
        // The search says Exhausted until its end: whether it is over is asked of it.
        _ if !search.is_over() => ("running", None, None, None),
        Verdict::Exhausted => ("exhausted", None, None, None),
        Verdict::Bounded(Bound::States) => ("bounded", None, None, None),
        Verdict::Bounded(Bound::Memory) => {
            let detail = memory.map(CheckView::memory_detail);
            ("bounded", None, detail, None)
        }
        Verdict::Found { property, detail, path } => {
            ("found", Some(property.clone()), Some(detail.clone()), Some(path.len()))
        }
    };
    CheckView {
        explored: r.states,
        distinct: r.states,
        generated: r.generated,
        depth: r.depth,
        outcome,
        property,
        detail,
        moves,
    }
}
