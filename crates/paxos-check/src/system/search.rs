//! The breadth-first search over packed states (`packed`): a level at a time, each
//! state's moves taken, each successor kept if its fingerprint is new. The first broken
//! property found is on a shortest path, rebuilt from the trail.
//!
//! Memory per state: about 15 bytes in the table of fingerprints and 6 in the trail (as in
//! the packed search of Basic Paxos, `store`), and its packed words while it waits in the
//! frontier, compressed with LZ4 a batch at a time; natively, past half the memory budget,
//! the waiting batches go to a file. The pools hold each node's parts, disk, message and
//! judge once. How much the process holds is its caller's to measure
//! ([`Search::max_memory`]): the search knows no platform.

use paxos::Protocol;

pub use crate::model::Bound;
#[cfg(not(target_arch = "wasm32"))]
use crate::store::level::Spill;
use crate::store::level::{Part, Unpacked};
use crate::store::table::Table;
use crate::store::trail::Trail;

use super::packed::{self, Next, Pools, Step};
use super::state::State;
use super::{Move, Spec};

/// States packed into one compressed part of a level.
const BATCH: usize = 4096;

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
    /// States per compressed part of a level.
    batch: usize,
    /// Where it starts: every node as it starts, unless given.
    start: Option<State<S>>,
    /// The exploration so far: `None` before the first slice.
    progress: Option<Progress<S>>,
    report: Report<<S::P as Protocol>::Message>,
}

/// Where a search stands between two slices.
struct Progress<S: Spec> {
    pools: Pools<S>,
    table: Table,
    trail: Trail,
    /// The start, packed: paths are replayed from it.
    root: Vec<u32>,
    /// The level being expanded (its depth), in parts; the part being expanded, unpacked,
    /// and the next state's index in it and in the level.
    depth: usize,
    level: Vec<Part>,
    part: usize,
    unpacked: Unpacked,
    cursor: usize,
    index: u32,
    /// The next level: its parts, and the states not yet in a part.
    next: Vec<Part>,
    batch: Vec<u8>,
    batched: usize,
    /// Natively, the file where parts wait when the process holds more than half its
    /// memory budget (`None` until then, or if it could not be made).
    #[cfg(not(target_arch = "wasm32"))]
    spill: Option<Spill>,
    #[cfg(not(target_arch = "wasm32"))]
    no_spill: bool,
    /// States expanded so far, in every slice.
    expanded: u64,
    done: bool,
}

impl<S: Spec> Search<S> {
    pub fn new(spec: S, max_states: u64) -> Search<S> {
        let report = Report { states: 1, generated: 0, depth: 0, verdict: Verdict::Exhausted };
        Search { spec, max_states, memory: None, batch: BATCH, start: None, progress: None, report }
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
            None => match Progress::first(&self.spec, self.start.as_ref()) {
                Ok(p) => p,
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
        let (mut state, mut next, mut moves) = (Vec::new(), Vec::new(), Vec::new());
        let mut bytes = Vec::new();
        let slice_from = p.expanded;
        let report = &mut self.report;
        while p.part < p.level.len() {
            if p.cursor == 0 {
                #[cfg(not(target_arch = "wasm32"))]
                if let Some(spill) = p.spill.as_mut() {
                    p.level[p.part].load(spill);
                }
                p.unpacked.fill(&p.level[p.part], packed::written_len);
            }
            while p.cursor < p.level[p.part].len() {
                if p.expanded - slice_from >= budget {
                    self.progress = Some(p);
                    return false;
                }
                packed::read(p.unpacked.get(p.cursor), &mut state);
                let here = p.index;
                p.cursor += 1;
                p.index += 1;
                p.expanded += 1;
                moves.clear();
                p.pools.moves(&self.spec, &state, &mut moves);
                for (k, &step) in moves.iter().enumerate() {
                    report.generated += 1;
                    match p.pools.after(&self.spec, &state, step, &mut next) {
                        Next::None => {}
                        Next::Broken { property, detail } => {
                            let numbers = p.trail.moves_to(p.depth, here, k as u16);
                            let path = p.path(&self.spec, &numbers);
                            report.depth = path.len() as u64;
                            report.verdict = Verdict::Found { property, detail, path };
                            self.progress = Some(Progress::over());
                            return true;
                        }
                        Next::State => {
                            bytes.clear();
                            packed::write(&next, &mut bytes);
                            if !p.table.insert(packed::fingerprint(&bytes)) {
                                continue;
                            }
                            assert!(k <= usize::from(u16::MAX), "a state with more than 65,536 moves");
                            p.trail.extend(p.depth + 1, &[here], &[k as u16]);
                            p.batch.extend_from_slice(&bytes);
                            p.batched += 1;
                            if p.batched == self.batch {
                                p.seal();
                            }
                            report.states += 1;
                        }
                    }
                }
                let bound = if self.max_states > 0 && report.states >= self.max_states {
                    Some(Bound::States)
                } else if p.expanded % 1024 == 0 {
                    self.memory.and_then(|(most, meter)| p.budget(most, meter()))
                } else {
                    None
                };
                if let Some(bound) = bound {
                    report.verdict = Verdict::Bounded(bound);
                    self.progress = Some(Progress::over());
                    return true;
                }
            }
            p.level[p.part].release();
            p.part += 1;
            p.cursor = 0;
            if p.part == p.level.len() {
                // The level is done: the next one.
                p.seal();
                p.trail.seal(p.depth + 1);
                if !p.next.is_empty() {
                    report.depth += 1;
                }
                p.level = std::mem::take(&mut p.next);
                p.part = 0;
                p.index = 0;
                p.depth += 1;
            }
        }
        p.done = true;
        self.progress = Some(p);
        true
    }
}

impl<S: Spec> Progress<S> {
    /// A search with a verdict: nothing kept.
    fn over() -> Progress<S> {
        Progress {
            pools: Pools::default(),
            table: Table::default(),
            trail: Trail::new(),
            root: Vec::new(),
            depth: 0,
            level: Vec::new(),
            part: 0,
            unpacked: Unpacked::default(),
            cursor: 0,
            index: 0,
            next: Vec::new(),
            batch: Vec::new(),
            batched: 0,
            #[cfg(not(target_arch = "wasm32"))]
            spill: None,
            #[cfg(not(target_arch = "wasm32"))]
            no_spill: false,
            expanded: 0,
            done: true,
        }
    }

    /// The search at its start: `start` if given, else every node as it starts; or the
    /// property the start breaks.
    fn first(spec: &S, start: Option<&State<S>>) -> Result<Progress<S>, (String, String)> {
        let mut p = Progress::over();
        p.done = false;
        let mut root = Vec::new();
        match start {
            Some(s) => p.pools.pack(spec, s, &mut root),
            None => p.pools.start(spec, &mut root)?,
        }
        let mut bytes = Vec::new();
        packed::write(&root, &mut bytes);
        p.table.insert(packed::fingerprint(&bytes));
        p.level.push(Part::new(&bytes, 1));
        p.root = root;
        Ok(p)
    }

    /// The states of the next level found since the last part, as a part of their own.
    fn seal(&mut self) {
        if self.batched > 0 {
            self.next.push(Part::new(&self.batch, self.batched));
            self.batch.clear();
            self.batched = 0;
        }
    }

    /// Whether the process, holding `held` bytes, is over the budget `most`; natively, past
    /// half of it, the parts waiting to be expanded move to a file.
    fn budget(&mut self, most: u64, held: u64) -> Option<Bound> {
        if held > most {
            return Some(Bound::Memory);
        }
        #[cfg(not(target_arch = "wasm32"))]
        if held > most / 2 && !self.no_spill {
            if self.spill.is_none() {
                self.spill = Spill::new().ok();
                self.no_spill = self.spill.is_none();
            }
            if let Some(spill) = self.spill.as_mut() {
                for part in self.level[self.part + 1..].iter_mut().chain(&mut self.next) {
                    part.spill(spill);
                }
            }
        }
        None
    }

    /// The moves numbered `numbers` (each by its index among its state's moves), replayed
    /// from the start.
    fn path(&mut self, spec: &S, numbers: &[u16]) -> Vec<Move<<S::P as Protocol>::Message>> {
        let (mut state, mut next, mut moves) = (self.root.clone(), Vec::new(), Vec::new());
        let mut path = Vec::new();
        for &k in numbers {
            moves.clear();
            self.pools.moves(spec, &state, &mut moves);
            let step: Step = moves[usize::from(k)];
            path.push(self.pools.unpack_move(step));
            // A move on a remembered path leads to the state remembered, unless a node's
            // program answers otherwise the second time: its spec reports that fault, and
            // the path stops where it went another way.
            if !matches!(self.pools.after(spec, &state, step, &mut next), Next::State) {
                break;
            }
            std::mem::swap(&mut state, &mut next);
        }
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::system::multi::MultiSpec;

    /// The process as a meter sees it: past half of a 1,000-byte budget, within it.
    fn past_half() -> u64 {
        600
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn levels_waiting_in_a_file_past_half_the_memory_budget_change_no_count() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/check/multi-failover.json");
        let plan = paxos_sim::Scenario::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let spec = MultiSpec::from_plan(&plan, 1, 0).unwrap();
        let (start, _, _) = spec.before_first_request(&plan).unwrap();
        let kept = Search::new(spec.clone(), 0).from(start.clone()).run();
        let mut spilled = Search::new(spec, 0).from(start).max_memory(1_000, past_half);
        spilled.batch = 16;
        while !spilled.explore(u64::MAX) {}
        let written = spilled.progress.as_ref().and_then(|p| p.spill.as_ref()).map_or(0, |s| s.len());
        assert!(written > 10_000, "{written} bytes spilled");
        let r = spilled.report;
        assert_eq!(
            (r.states, r.generated, r.depth, r.verdict),
            (kept.states, kept.generated, kept.depth, kept.verdict)
        );
    }
}
