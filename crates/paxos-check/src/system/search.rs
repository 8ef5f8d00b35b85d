//! The breadth-first search over whole states: a level at a time, each state's moves taken,
//! each successor kept if its fingerprint is new. The first broken property found is on a
//! shortest path, rebuilt from the parents the table remembers.
//!
//! Memory: the table holds 48 bytes per state (fingerprint, parent, move number, in a hash
//! map), the frontier whole states (one BFS level at a time; a Multi-Paxos state, about 4 KB
//! natively). How much the process holds is its caller's to measure ([`Search::max_memory`]):
//! the search knows no platform.

use std::collections::HashMap;

use paxos::Protocol;

pub use crate::model::Bound;

use super::state::{Next, State};
use super::{Move, Spec};

/// How a search ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict<M> {
    /// Every reachable state was explored: no property is broken.
    Exhausted,
    /// A limit was reached first (distinct states, or memory): nothing found so far.
    Bounded(Bound),
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
    pub verdict: Verdict<M>,
}

/// A breadth-first search of `spec`'s states, run to its verdict at once ([`Search::run`])
/// or a slice at a time ([`Search::explore`], for a page that shows progress).
pub struct Search<S: Spec> {
    spec: S,
    /// Stop after this many distinct states (0: no limit).
    max_states: u64,
    /// Stop when the meter says more than this many bytes are held.
    memory: Option<(u64, fn() -> u64)>,
    /// Where it starts: every node as it starts, unless given.
    start: Option<State<S>>,
    /// The exploration so far: `None` before the first slice.
    progress: Option<Progress<S>>,
    report: Report<<S::P as Protocol>::Message>,
}

/// Where a search stands between two slices.
struct Progress<S: Spec> {
    seen: HashMap<u128, Seen>,
    /// The level being expanded, the next index in it, and the level it makes.
    level: Vec<State<S>>,
    at: usize,
    next_level: Vec<State<S>>,
    /// States expanded so far, in every slice.
    expanded: u64,
    done: bool,
}

/// A state reached: its parent's fingerprint and the move from it (by number among the
/// parent's moves).
struct Seen {
    parent: u128,
    mv: u32,
}

impl<S: Spec> Search<S> {
    pub fn new(spec: S, max_states: u64) -> Search<S> {
        let report = Report { states: 1, generated: 0, depth: 0, verdict: Verdict::Exhausted };
        Search { spec, max_states, memory: None, start: None, progress: None, report }
    }

    /// The search from `start` (for example a running world's state, see
    /// [`State::resume`]) instead of every node as it starts. Call before exploring.
    pub fn from(mut self, start: State<S>) -> Search<S> {
        self.start = Some(start);
        self
    }

    /// Stops the search, bounded, when `meter` (the bytes the process holds, as its caller
    /// measures them) says more than `bytes`: checked every 1,024 states. Call before exploring.
    pub fn max_memory(mut self, bytes: u64, meter: fn() -> u64) -> Search<S> {
        self.memory = Some((bytes, meter));
        self
    }

    pub fn spec(&self) -> &S {
        &self.spec
    }

    /// Runs the search to its verdict.
    pub fn run(mut self) -> Report<<S::P as Protocol>::Message> {
        while !self.explore(u64::MAX) {}
        self.report
    }

    /// Whether the search has its verdict (explored to the end, bounded, or found).
    pub fn is_over(&self) -> bool {
        self.progress.as_ref().is_some_and(|p| p.done)
    }

    /// What the search found so far (its verdict once [`Search::explore`] says it is done).
    pub fn report(&self) -> &Report<<S::P as Protocol>::Message> {
        &self.report
    }

    /// Expands up to `budget` more states; returns whether the search is over. (The search
    /// reads no clock: its caller times it, natively or in the browser.)
    pub fn explore(&mut self, budget: u64) -> bool {
        let mut p = match self.progress.take() {
            Some(p) => p,
            None => match first(&self.spec, self.start.as_ref()) {
                Ok(start) => {
                    let root = start.fingerprint();
                    let mut seen = HashMap::new();
                    seen.insert(root, Seen { parent: root, mv: u32::MAX });
                    Progress {
                        seen,
                        level: vec![start],
                        at: 0,
                        next_level: Vec::new(),
                        expanded: 0,
                        done: false,
                    }
                }
                Err((property, detail)) => {
                    self.report.verdict = Verdict::Found { property, detail, path: Vec::new() };
                    self.progress = Some(Progress::over());
                    return true;
                }
            },
        };
        if p.done {
            self.progress = Some(p);
            return true;
        }
        let mut moves = Vec::new();
        let slice_from = p.expanded;
        let report = &mut self.report;
        'levels: while p.at < p.level.len() {
            while p.at < p.level.len() {
                if p.expanded - slice_from >= budget {
                    break 'levels;
                }
                let state = &p.level[p.at];
                p.at += 1;
                p.expanded += 1;
                let here = state.fingerprint();
                moves.clear();
                state.moves(&self.spec, &mut moves);
                for (k, mv) in moves.iter().enumerate() {
                    report.generated += 1;
                    match state.after(&self.spec, mv) {
                        Next::None => {}
                        Next::Broken { property, detail } => {
                            let seen = std::mem::take(&mut p.seen);
                            let mut path = path_to(&self.spec, self.start.as_ref(), &seen, here);
                            path.push(mv.clone());
                            report.depth = path.len() as u64;
                            report.verdict = Verdict::Found { property, detail, path };
                            self.progress = Some(Progress::over());
                            return true;
                        }
                        Next::State(s) => {
                            let fp = s.fingerprint();
                            if p.seen.contains_key(&fp) {
                                continue;
                            }
                            p.seen.insert(fp, Seen { parent: here, mv: k as u32 });
                            p.next_level.push(s);
                            report.states += 1;
                        }
                    }
                }
                let bound = if self.max_states > 0 && report.states >= self.max_states {
                    Some(Bound::States)
                } else if self.memory.is_some_and(|(most, meter)| p.expanded % 1024 == 0 && meter() > most) {
                    Some(Bound::Memory)
                } else {
                    None
                };
                if let Some(bound) = bound {
                    report.verdict = Verdict::Bounded(bound);
                    self.progress = Some(Progress::over());
                    return true;
                }
            }
            // The level is done: the next one.
            if !p.next_level.is_empty() {
                report.depth += 1;
            }
            p.level = std::mem::take(&mut p.next_level);
            p.at = 0;
        }
        p.done = p.level.is_empty();
        let done = p.done;
        self.progress = Some(p);
        done
    }
}

impl<S: Spec> Progress<S> {
    /// A search with a verdict: nothing kept.
    fn over() -> Progress<S> {
        Progress {
            seen: HashMap::new(),
            level: Vec::new(),
            at: 0,
            next_level: Vec::new(),
            expanded: 0,
            done: true,
        }
    }
}

/// Where a search starts: `start` if given, else every node as it starts.
fn first<S: Spec>(spec: &S, start: Option<&State<S>>) -> Result<State<S>, (String, String)> {
    match start {
        Some(s) => Ok(s.clone()),
        None => State::start(spec),
    }
}

/// The moves from the start to the state with fingerprint `fp`, replayed from the start
/// (the table keeps each state's parent and the number of the move from it).
fn path_to<S: Spec>(
    spec: &S,
    start: Option<&State<S>>,
    seen: &HashMap<u128, Seen>,
    fp: u128,
) -> Vec<Move<<S::P as Protocol>::Message>> {
    let mut numbers = Vec::new();
    let mut at = fp;
    while let Some(s) = seen.get(&at).filter(|s| s.mv != u32::MAX) {
        numbers.push(s.mv);
        at = s.parent;
    }
    numbers.reverse();
    let Ok(mut state) = first(spec, start) else { return Vec::new() };
    let mut path = Vec::new();
    let mut moves = Vec::new();
    for k in numbers {
        moves.clear();
        state.moves(spec, &mut moves);
        let mv = moves[k as usize].clone();
        // A move on a remembered path leads to the state remembered, unless a node's
        // program answers otherwise the second time: its spec reports that fault, and the
        // path stops where it went another way.
        let Next::State(next) = state.after(spec, &mv) else { break };
        state = next;
        path.push(mv);
    }
    path
}
