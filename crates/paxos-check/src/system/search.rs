//! The breadth-first search over whole states: a level at a time, each state's moves taken,
//! each successor kept if its fingerprint is new. The first broken property found is on a
//! shortest path, rebuilt from the parents the table remembers.
//!
//! Memory: the table holds 48 bytes per state (fingerprint, parent, move number, in a hash
//! map), the frontier whole states (one BFS level at a time).

use std::collections::HashMap;
use std::time::Instant;

use paxos::Protocol;

use super::state::{Next, State};
use super::{Move, Spec};

/// How a search ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict<M> {
    /// Every reachable state was explored: no property is broken.
    Exhausted,
    /// The state limit was reached first: nothing found so far.
    Bounded,
    /// The shortest path to a state that breaks `property`.
    Found { property: String, detail: String, path: Vec<Move<M>> },
}

/// What a search did.
#[derive(Clone, Debug)]
pub struct Report<M> {
    /// Distinct states reached.
    pub states: u64,
    /// Successors generated, duplicates included.
    pub generated: u64,
    /// Moves on the longest shortest path.
    pub depth: u64,
    pub seconds: f64,
    /// The most bytes the table and the frontier held (estimated).
    pub peak_memory: u64,
    pub verdict: Verdict<M>,
}

/// A breadth-first search of `spec`'s states.
pub struct Search<'a, S: Spec> {
    spec: &'a S,
    /// Stop after this many distinct states (0: no limit).
    max_states: u64,
    /// Where it starts: every node as it starts, unless given.
    start: Option<State<S>>,
}

/// A state reached: its parent's fingerprint and the move from it (by number among the
/// parent's moves).
struct Seen {
    parent: u128,
    mv: u32,
}

impl<'a, S: Spec> Search<'a, S> {
    pub fn new(spec: &'a S, max_states: u64) -> Search<'a, S> {
        Search { spec, max_states, start: None }
    }

    /// The search from `start` (for example a running world's state, see
    /// [`State::resume`]) instead of every node as it starts.
    pub fn from(mut self, start: State<S>) -> Search<'a, S> {
        self.start = Some(start);
        self
    }

    fn first(&self) -> Result<State<S>, (String, String)> {
        match &self.start {
            Some(s) => Ok(s.clone()),
            None => State::start(self.spec),
        }
    }

    /// Runs the search to its verdict.
    pub fn run(&self) -> Report<<S::P as Protocol>::Message> {
        let started = Instant::now();
        let mut report = Report {
            states: 1,
            generated: 0,
            depth: 0,
            seconds: 0.0,
            peak_memory: 0,
            verdict: Verdict::Exhausted,
        };
        let start = match self.first() {
            Ok(s) => s,
            Err((property, detail)) => {
                report.verdict = Verdict::Found { property, detail, path: Vec::new() };
                return report;
            }
        };
        let root = start.fingerprint();
        let mut seen: HashMap<u128, Seen> = HashMap::new();
        seen.insert(root, Seen { parent: root, mv: u32::MAX });
        let mut level = vec![start];
        let mut moves = Vec::new();
        let state_bytes = std::mem::size_of::<State<S>>() as u64 + 512;
        while !level.is_empty() {
            let mut next_level = Vec::new();
            for state in &level {
                let here = state.fingerprint();
                moves.clear();
                state.moves(self.spec, &mut moves);
                for (k, mv) in moves.iter().enumerate() {
                    report.generated += 1;
                    match state.after(self.spec, mv) {
                        Next::None => {}
                        Next::Broken { property, detail } => {
                            let mut path = self.path_to(&seen, here);
                            path.push(mv.clone());
                            report.depth = path.len() as u64;
                            report.verdict = Verdict::Found { property, detail, path };
                            report.seconds = started.elapsed().as_secs_f64();
                            return report;
                        }
                        Next::State(s) => {
                            let fp = s.fingerprint();
                            if seen.contains_key(&fp) {
                                continue;
                            }
                            seen.insert(fp, Seen { parent: here, mv: k as u32 });
                            next_level.push(s);
                            report.states += 1;
                        }
                    }
                }
                if self.max_states > 0 && report.states >= self.max_states {
                    report.verdict = Verdict::Bounded;
                    report.seconds = started.elapsed().as_secs_f64();
                    return report;
                }
            }
            let memory = seen.capacity() as u64 * 48 + (level.len() + next_level.len()) as u64 * state_bytes;
            report.peak_memory = report.peak_memory.max(memory);
            if !next_level.is_empty() {
                report.depth += 1;
            }
            level = next_level;
        }
        report.seconds = started.elapsed().as_secs_f64();
        report
    }

    /// The moves from the start to the state with fingerprint `fp`, replayed from the start
    /// (the table keeps each state's parent and the number of the move from it).
    fn path_to(&self, seen: &HashMap<u128, Seen>, fp: u128) -> Vec<Move<<S::P as Protocol>::Message>> {
        let mut numbers = Vec::new();
        let mut at = fp;
        while let Some(s) = seen.get(&at).filter(|s| s.mv != u32::MAX) {
            numbers.push(s.mv);
            at = s.parent;
        }
        numbers.reverse();
        let Ok(mut state) = self.first() else { return Vec::new() };
        let mut path = Vec::new();
        let mut moves = Vec::new();
        for k in numbers {
            moves.clear();
            state.moves(self.spec, &mut moves);
            let mv = moves[k as usize].clone();
            let Next::State(next) = state.after(self.spec, &mv) else {
                unreachable!("a move on a remembered path leads to the state remembered")
            };
            state = next;
            path.push(mv);
        }
        path
    }
}
