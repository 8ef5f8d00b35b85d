//! The breadth-first search over packed states (`packed`): a level at a time, a batch of
//! it at a time, each state's moves taken, each successor kept if its fingerprint is new.
//! Natively a batch may be shared among threads ([`Search::threads`]), each expanding an
//! equal run of it with the pools and memo they share; the table takes what they found in
//! the order one thread would have found it, so the verdict, counts and path are the same
//! on any number of threads. The first broken property found is on a shortest path,
//! rebuilt from the trail.
//!
//! A fingerprint is 64 bits of the packed state (its pool numbers, which threads assign in
//! the order they meet items): two of 30 million states share one with a chance of about
//! 2.4e-5, and the second would be taken for the first, as in any search that keeps
//! fingerprints only.
//!
//! Memory per state: about 15 bytes in the table of fingerprints and 6 in the trail (as in
//! the packed search of Basic Paxos, `store`), and its packed words while it waits in the
//! frontier, compressed with LZ4 a part at a time; natively, past half the memory budget,
//! the waiting parts go to a file. The pools hold each node's parts, disk, message and
//! judge once, and the memo up to 2^20 steps. How much the process holds is its caller's
//! to measure ([`Search::max_memory`]): the search knows no platform.

use std::ops::Range;

use paxos::Protocol;

pub use crate::model::Bound;
use crate::store::level::{Part, Unpacked, Waiting};
use crate::store::table::Table;
use crate::store::trail::Trail;

use super::packed::{self, Memo, Next, Pools, Step};
use super::state::State;
use super::{Move, Spec};

/// States packed into one compressed part of a level.
const BATCH: usize = 4096;
/// States a thread expands per batch: enough that threads meet rarely, few enough that a
/// page's slice of work stays short.
const SHARE: usize = 1024;

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
    /// How a batch is expanded: on this thread, or on several ([`Search::threads`]).
    expand: Expand<S>,
    threads: usize,
    /// Where it starts: every node as it starts, unless given.
    start: Option<State<S>>,
    /// The exploration so far: `None` before the first slice.
    progress: Option<Progress<S>>,
    report: Report<<S::P as Protocol>::Message>,
}

/// How a batch of the level is expanded (see [`serial`] and [`parallel`]): the states of
/// `range` of the batch's part, each thread's share into `shares`, in order.
type Expand<S> = fn(&Batch<S>, Range<usize>, &mut [Shared<S>]);

/// What the threads read while they expand a batch: the spec, the pools and memo they
/// share, the part the batch is in (unpacked), the table as it was before the batch, and
/// the index in the level of the part's first state.
struct Batch<'a, S: Spec> {
    spec: &'a S,
    pools: &'a Pools<S>,
    memo: &'a Memo,
    unpacked: &'a Unpacked,
    table: &'a Table,
    first: u32,
}
/// A share of a batch, for a spec's messages.
type Shared<S> = Share<<<S as Spec>::P as Protocol>::Message>;

/// What one thread found in its share of a batch: the successors the table did not hold
/// when it looked (bytes one after another, where each ends, fingerprint, parent's index in
/// the level, move number), for each state expanded the number of successors found up to
/// its end and the moves it generated, and the first move that broke a property (the
/// share ends with its state).
struct Share<M> {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    fingerprints: Vec<u64>,
    parents: Vec<u32>,
    moves: Vec<u16>,
    states: Vec<(usize, u64)>,
    broken: Option<Broken<M>>,
}

impl<M> Default for Share<M> {
    fn default() -> Share<M> {
        Share {
            bytes: Vec::new(),
            ends: Vec::new(),
            fingerprints: Vec::new(),
            parents: Vec::new(),
            moves: Vec::new(),
            states: Vec::new(),
            broken: None,
        }
    }
}

/// The first move of a share that broke a property: the state it was taken in (its index
/// in the level), the move, and what broke.
struct Broken<M> {
    parent: u32,
    mv: Move<M>,
    property: String,
    detail: String,
}

impl<M> Share<M> {
    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
        self.fingerprints.clear();
        self.parents.clear();
        self.moves.clear();
        self.states.clear();
        self.broken = None;
    }
}

/// Expands the states of `range` of the batch's part into `out`.
fn expand_share<S: Spec>(b: &Batch<S>, range: Range<usize>, out: &mut Shared<S>) {
    let Batch { spec, pools, memo, unpacked, table, first } = *b;
    out.clear();
    let (mut state, mut next, mut moves) = (Vec::new(), Vec::new(), Vec::new());
    for c in range {
        packed::read(unpacked.get(c), &mut state);
        let here = first + c as u32;
        moves.clear();
        pools.moves(spec, &state, &mut moves);
        assert!(moves.len() <= usize::from(u16::MAX) + 1, "a state with more than 65,536 moves");
        let mut generated = 0;
        for (k, &step) in moves.iter().enumerate() {
            generated += 1;
            match packed::after(spec, pools, memo, &state, step, &mut next) {
                Next::None => {}
                Next::Broken { property, detail } => {
                    out.states.push((out.fingerprints.len(), generated));
                    let mv = pools.unpack_move(step);
                    out.broken = Some(Broken { parent: here, mv, property, detail });
                    return;
                }
                Next::State => {
                    let at = out.bytes.len();
                    packed::write(&next, &mut out.bytes);
                    let fp = packed::fingerprint(&out.bytes[at..]);
                    if table.contains(fp) {
                        out.bytes.truncate(at);
                        continue;
                    }
                    out.ends.push(out.bytes.len());
                    out.fingerprints.push(fp);
                    out.parents.push(here);
                    out.moves.push(k as u16);
                }
            }
        }
        out.states.push((out.fingerprints.len(), generated));
    }
}

/// A batch on this thread.
fn serial<S: Spec>(b: &Batch<S>, range: Range<usize>, shares: &mut [Shared<S>]) {
    expand_share(b, range, &mut shares[0]);
}

/// A batch on one thread per share, each taking an equal run of it.
fn parallel<S: Spec + Sync>(b: &Batch<S>, range: Range<usize>, shares: &mut [Shared<S>])
where
    <S::P as Protocol>::Parts: Send + Sync,
    <S::P as Protocol>::Disk: Send + Sync,
    <S::P as Protocol>::Message: Send + Sync,
    S::Judge: Send + Sync,
{
    let each = range.len().div_ceil(shares.len());
    std::thread::scope(|scope| {
        for (t, share) in shares.iter_mut().enumerate() {
            let from = (range.start + t * each).min(range.end);
            let to = (from + each).min(range.end);
            scope.spawn(move || expand_share(b, from..to, share));
        }
    });
}

impl<S: Spec + Sync> Search<S>
where
    <S::P as Protocol>::Parts: Send + Sync,
    <S::P as Protocol>::Disk: Send + Sync,
    <S::P as Protocol>::Message: Send + Sync,
    S::Judge: Send + Sync,
{
    /// Expands each batch of the frontier on `threads` threads (natively; 1 by default).
    /// The result, counts and paths are the same with any number of threads. Call before
    /// exploring.
    pub fn threads(mut self, threads: usize) -> Search<S> {
        // A browser's worker has one thread (a page's search would ask for workers).
        self.threads = if cfg!(target_arch = "wasm32") { 1 } else { threads.max(1) };
        self.expand = if self.threads > 1 { parallel::<S> } else { serial::<S> };
        self
    }
}

/// Where a search stands between two slices.
struct Progress<S: Spec> {
    /// Shared by the threads.
    pools: Pools<S>,
    /// Steps met before, shared by the threads.
    memo: Memo,
    /// What each thread found in a batch.
    shares: Vec<Shared<S>>,
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
    /// Where parts wait when the process holds more than half its memory budget
    /// (natively, a file).
    waiting: Waiting,
    /// States expanded so far, in every slice.
    expanded: u64,
    done: bool,
}

impl<S: Spec> Search<S> {
    pub fn new(spec: S, max_states: u64) -> Search<S> {
        let report = Report { states: 1, generated: 0, depth: 0, verdict: Verdict::Exhausted };
        Search {
            spec,
            max_states,
            memory: None,
            batch: BATCH,
            expand: serial::<S>,
            threads: 1,
            start: None,
            progress: None,
            report,
        }
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
        let slice_from = p.expanded;
        let report = &mut self.report;
        while p.part < p.level.len() {
            if p.cursor == 0 {
                p.waiting.load(&mut p.level[p.part]);
                p.unpacked.fill(&p.level[p.part], packed::written_len);
            }
            let len = p.level[p.part].len();
            while p.cursor < len {
                let left = budget - (p.expanded - slice_from);
                if left == 0 {
                    self.progress = Some(p);
                    return false;
                }
                let take =
                    (len - p.cursor).min(left.min(usize::MAX as u64) as usize).min(SHARE * self.threads);
                let range = p.cursor..p.cursor + take;
                let mut shares = std::mem::take(&mut p.shares);
                shares.resize_with(self.threads, Share::default);
                // The level's index of the part's first state.
                let first = p.index - p.cursor as u32;
                let (pools, memo, unpacked, table) = (&p.pools, &p.memo, &p.unpacked, &p.table);
                let batch = Batch { spec: &self.spec, pools, memo, unpacked, table, first };
                (self.expand)(&batch, range, &mut shares);
                let over = p.admit(&self.spec, &shares, report, self.max_states, self.memory, self.batch);
                p.shares = shares;
                if over {
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
            memo: Memo::default(),
            shares: Vec::new(),
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
            waiting: Waiting::default(),
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
        let pools = &p.pools;
        match start {
            Some(s) => pools.pack(spec, s, &mut root),
            None => pools.start(spec, &mut root)?,
        }
        let mut bytes = Vec::new();
        packed::write(&root, &mut bytes);
        p.table.insert(packed::fingerprint(&bytes));
        p.level.push(Part::new(&bytes, 1));
        p.root = root;
        Ok(p)
    }

    /// Takes in what the threads found in a batch, share by share and each in its order,
    /// as one thread finding it all would: new states go to the next level and the trail.
    /// Returns whether the search is over (a broken property, or a bound), with its verdict
    /// in `report`.
    fn admit(
        &mut self,
        spec: &S,
        shares: &[Shared<S>],
        report: &mut Report<<S::P as Protocol>::Message>,
        max_states: u64,
        memory: Option<(u64, fn() -> u64)>,
        batch: usize,
    ) -> bool {
        for share in shares {
            let mut from = 0;
            for (j, &(end, generated)) in share.states.iter().enumerate() {
                for c in from..end {
                    if !self.table.insert(share.fingerprints[c]) {
                        continue;
                    }
                    self.trail.extend(self.depth + 1, &[share.parents[c]], &[share.moves[c]]);
                    let start = if c == 0 { 0 } else { share.ends[c - 1] };
                    self.batch.extend_from_slice(&share.bytes[start..share.ends[c]]);
                    self.batched += 1;
                    if self.batched == batch {
                        self.seal();
                    }
                    report.states += 1;
                }
                from = end;
                report.generated += generated;
                self.expanded += 1;
                self.cursor += 1;
                self.index += 1;
                if let (true, Some(b)) = (j + 1 == share.states.len(), &share.broken) {
                    let mut path = self.path(spec, b.parent);
                    path.push(b.mv.clone());
                    report.depth = path.len() as u64;
                    let (property, detail) = (b.property.clone(), b.detail.clone());
                    report.verdict = Verdict::Found { property, detail, path };
                    return true;
                }
                let bound = if max_states > 0 && report.states >= max_states {
                    Some(Bound::States)
                } else if self.expanded % 1024 == 0 {
                    memory.and_then(|(most, meter)| self.budget(most, meter()))
                } else {
                    None
                };
                if let Some(bound) = bound {
                    report.verdict = Verdict::Bounded(bound);
                    return true;
                }
            }
        }
        false
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
        if held > most / 2 {
            self.waiting.spill(self.level[self.part + 1..].iter_mut().chain(&mut self.next));
        }
        None
    }

    /// The moves from the start to state `parent` of the level being expanded, replayed
    /// from the start (the trail numbers each move among its state's moves). Each step is
    /// taken again, not spliced from the memo: a move on a remembered path leads to the
    /// state remembered, unless a node's program answers otherwise the second time; its spec
    /// reports that fault, and the path stops where it went another way.
    fn path(&self, spec: &S, parent: u32) -> Vec<Move<<S::P as Protocol>::Message>> {
        let numbers = self.trail.moves_to(self.depth, parent, 0);
        let (mut state, mut next, mut moves) = (self.root.clone(), Vec::new(), Vec::new());
        let memo = Memo::default();
        let mut path = Vec::new();
        for &k in &numbers[..numbers.len() - 1] {
            moves.clear();
            self.pools.moves(spec, &state, &mut moves);
            let step: Step = moves[usize::from(k)];
            if !matches!(packed::after(spec, &self.pools, &memo, &state, step, &mut next), Next::State) {
                break;
            }
            path.push(self.pools.unpack_move(step));
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
        let written = spilled.progress.as_ref().map_or(0, |p| p.waiting.written());
        assert!(written > 10_000, "{written} bytes spilled");
        let r = spilled.report;
        assert_eq!(
            (r.states, r.generated, r.depth, r.verdict),
            (kept.states, kept.generated, kept.depth, kept.verdict)
        );
    }
}
