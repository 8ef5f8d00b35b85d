//! Spec mode: Lamport's Paxos.tla (tlaplus/Examples, PaxosHowToWinATuringAward) explored
//! exactly as written — acceptors with `maxBal`, `maxVBal`, `maxVal`, and `msgs`, the set of
//! every message ever sent — with the actions Phase1a(b), Phase1b(a), Phase2a(b, v) and
//! Phase2b(a). Successors are generated the way TLC generates them (one per witness of each
//! `\E`), so the counts can be compared with TLC's: for MCPaxosTiny (3 acceptors, 2 values,
//! ballots 0..1) TLC reports 3,921 distinct states, 23,563 generated, depth 17.

use std::collections::HashSet;

/// The constants of a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecModel {
    /// Acceptors a1..aN.
    pub acceptors: u8,
    /// Values v1..vV.
    pub values: u8,
    /// Ballots 0..=max_ballot.
    pub max_ballot: u8,
}

impl SpecModel {
    /// MCPaxosTiny.cfg.
    pub const TINY: SpecModel = SpecModel { acceptors: 3, values: 2, max_ballot: 1 };

    fn ballots(&self) -> u8 {
        self.max_ballot + 1
    }

    /// Quorums: every majority of the acceptors ({{a1,a2},{a1,a3},{a2,a3}} for three), as
    /// bit sets.
    pub fn quorums(&self) -> Vec<u32> {
        let n = u32::from(self.acceptors);
        (0u32..1 << n).filter(|q| q.count_ones() == n / 2 + 1).collect()
    }
}

/// One message of the spec. `-1` and `None` are 0; ballot b is b + 1; value v is v + 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Msg {
    M1a { bal: u8 },
    M1b { acc: u8, bal: u8, mbal: u8, mval: u8 },
    M2a { bal: u8, val: u8 },
    M2b { acc: u8, bal: u8, val: u8 },
}

/// A state of the spec. `max_bal[a]` etc. use the encoding of [`Msg`] (0 = -1 / None);
/// `msgs` is kept sorted, a set.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SpecState {
    pub max_bal: Vec<u8>,
    pub max_vbal: Vec<u8>,
    pub max_val: Vec<u8>,
    pub msgs: Vec<Msg>,
}

impl SpecState {
    fn init(m: &SpecModel) -> SpecState {
        let n = usize::from(m.acceptors);
        SpecState { max_bal: vec![0; n], max_vbal: vec![0; n], max_val: vec![0; n], msgs: Vec::new() }
    }

    /// `Send(m)`: `msgs' = msgs \cup {m}`.
    fn send(&self, m: Msg) -> SpecState {
        let mut next = self.clone();
        if let Err(i) = next.msgs.binary_search(&m) {
            next.msgs.insert(i, m);
        }
        next
    }
}

/// What an exhaustive search of the spec found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecReport {
    pub distinct: u64,
    /// Successor states generated, duplicates and stuttering steps included, plus the
    /// initial state (TLC's "states generated").
    pub generated: u64,
    /// The number of states on the longest shortest path from the initial state, the
    /// initial state counting 1 (TLC's "depth").
    pub depth: u64,
    /// Whether every state keeps Paxos.tla's `Inv` and Consensus (at most one value chosen).
    pub safe: bool,
}

/// Every successor of `s` under `Next`, one per witness, in TLC's order.
pub fn successors(m: &SpecModel, s: &SpecState, out: &mut Vec<SpecState>) {
    let quorums = m.quorums();
    // \E b \in Ballot : Phase1a(b) \/ \E v \in Value : Phase2a(b, v)
    for b in 1..=m.ballots() {
        out.push(s.send(Msg::M1a { bal: b }));
        for v in 1..=m.values {
            if s.msgs.iter().any(|x| matches!(x, Msg::M2a { bal, .. } if *bal == b)) {
                continue;
            }
            for &q in &quorums {
                let q1b: Vec<(u8, u8, u8)> = s
                    .msgs
                    .iter()
                    .filter_map(|x| match *x {
                        Msg::M1b { acc, bal, mbal, mval } if bal == b && q & (1 << acc) != 0 => {
                            Some((acc, mbal, mval))
                        }
                        _ => None,
                    })
                    .collect();
                let all_answered =
                    (0..m.acceptors).filter(|a| q & (1 << a) != 0).all(|a| q1b.iter().any(|x| x.0 == a));
                if !all_answered {
                    continue;
                }
                // \/ Q1bv = {} \/ \E m \in Q1bv : m.mval = v /\ \A mm \in Q1bv : m.mbal >= mm.mbal
                // TLC generates one successor per true disjunct and per witness m.
                let voted: Vec<&(u8, u8, u8)> = q1b.iter().filter(|x| x.1 > 0).collect();
                let witnesses = if voted.is_empty() {
                    1
                } else {
                    voted.iter().filter(|x| x.2 == v && voted.iter().all(|y| x.1 >= y.1)).count()
                };
                for _ in 0..witnesses {
                    out.push(s.send(Msg::M2a { bal: b, val: v }));
                }
            }
        }
    }
    // \E a \in Acceptor : Phase1b(a) \/ Phase2b(a)
    for a in 0..m.acceptors {
        let ai = usize::from(a);
        for x in &s.msgs {
            if let Msg::M1a { bal } = *x {
                if bal > s.max_bal[ai] {
                    let mut next =
                        s.send(Msg::M1b { acc: a, bal, mbal: s.max_vbal[ai], mval: s.max_val[ai] });
                    next.max_bal[ai] = bal;
                    out.push(next);
                }
            }
        }
        for x in &s.msgs {
            if let Msg::M2a { bal, val } = *x {
                if bal >= s.max_bal[ai] {
                    let mut next = s.send(Msg::M2b { acc: a, bal, val });
                    next.max_bal[ai] = bal;
                    next.max_vbal[ai] = bal;
                    next.max_val[ai] = val;
                    out.push(next);
                }
            }
        }
    }
}

/// Paxos.tla's `Inv` (the parts about acceptors and messages) and Consensus's
/// `Cardinality(chosen) <= 1`, where a value is chosen when a quorum voted for it in one ballot.
pub fn invariant(m: &SpecModel, s: &SpecState) -> bool {
    let n = usize::from(m.acceptors);
    for a in 0..n {
        if s.max_bal[a] < s.max_vbal[a] || ((s.max_vbal[a] == 0) != (s.max_val[a] == 0)) {
            return false;
        }
    }
    let mut chosen = Vec::new();
    for b in 1..=m.ballots() {
        for v in 1..=m.values {
            let voters = s
                .msgs
                .iter()
                .filter(|x| matches!(x, Msg::M2b { bal, val, .. } if *bal == b && *val == v))
                .fold(0u32, |acc, x| if let Msg::M2b { acc: a, .. } = x { acc | 1 << a } else { acc });
            if m.quorums().iter().any(|q| q & voters == *q) && !chosen.contains(&v) {
                chosen.push(v);
            }
        }
    }
    chosen.len() <= 1
}

/// Explores every reachable state breadth-first; `None` when there are more than
/// `max_states` distinct states (it stops there).
pub fn explore(m: &SpecModel, max_states: u64) -> Option<SpecReport> {
    let init = SpecState::init(m);
    let mut seen: HashSet<SpecState> = HashSet::new();
    seen.insert(init.clone());
    let mut frontier = vec![init];
    let (mut generated, mut depth, mut safe) = (1u64, 0u64, true);
    let mut next = Vec::new();
    while !frontier.is_empty() {
        depth += 1;
        let mut level = Vec::new();
        for s in &frontier {
            safe &= invariant(m, s);
            next.clear();
            successors(m, s, &mut next);
            generated += next.len() as u64;
            for t in next.drain(..) {
                if !seen.contains(&t) {
                    if seen.len() as u64 >= max_states {
                        return None;
                    }
                    seen.insert(t.clone());
                    level.push(t);
                }
            }
        }
        frontier = level;
    }
    Some(SpecReport { distinct: seen.len() as u64, generated, depth, safe })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mc_paxos_tiny_has_exactly_tlcs_state_counts() {
        let r = explore(&SpecModel::TINY, u64::MAX).expect("no bound");
        assert_eq!((r.distinct, r.generated, r.depth), (3_921, 23_563, 17), "{r:?}");
        assert!(r.safe);
    }

    #[test]
    fn quorums_of_three_are_the_three_pairs() {
        assert_eq!(SpecModel::TINY.quorums(), vec![0b011, 0b101, 0b110]);
    }
}
