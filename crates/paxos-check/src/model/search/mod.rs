//! The breadth-first search over packed states, a batch of the frontier at a time: workers
//! expand their share of the batch side by side and judge what they find (`expand`); the
//! table of states seen takes it in the order one thread would have found it (`table`);
//! the search stops at the first goal in that order, or queues the new states in it. Its
//! result, counts and paths are the same with any number of threads and in any slices,
//! unless a memory budget stops it (each worker's buffers count).
//!
//! A level of the frontier waits compressed (`level`); how each state was first reached
//! is kept in a trail (`trail`) to rebuild the path to what a search finds.
//!
//! Memory per state: about 15 bytes in the table of fingerprints (`table`), 6 in the trail
//! that rebuilds paths (`trail`), and its packed bytes, compressed (about a tenth), while
//! it waits in the frontier; natively, past half the memory budget, in a file instead.

mod expand;
mod numbering;

use super::packed::{self, Tables};
use super::{Bound, Goal, Model, Move, Outcome, Report, State, TooLarge};
use crate::store::level::{Part, Waiting};
use crate::store::table::{self, Table};
use crate::store::trail::Trail;
use expand::{put_list, unpack, Ctx, Next, Piece, Work, Worker};
use numbering::{numbering, renamings};

pub(super) use expand::View;

/// States a worker expands per batch: large enough that threads meet rarely, small enough
/// that a page's slice of work stays short.
const BATCH: usize = 4096;

/// A breadth-first search that can run in slices (for progress and cancel in a page).
pub struct Search {
    /// The model, the goal and the reductions: what every worker reads.
    ctx: Ctx,
    start: State,
    /// Every state seen, by fingerprint.
    table: Table,
    /// How each state was first reached.
    trail: Trail,
    /// The level being expanded, in parts (the new states of one batch, a part per worker),
    /// and where in it: part, then state.
    frontier: Vec<Part>,
    part: usize,
    cursor: usize,
    /// Where each part of the level starts in it (its first state's index).
    bases: Vec<usize>,
    /// Parts of the level before this one have been expanded and let go.
    released: usize,
    /// Where parts not yet expanded wait when the search holds more than half its memory
    /// budget (natively, a file), and the bytes written there.
    waiting: Waiting,
    spilled: u64,
    /// The next level, in parts, in the order one thread would have found its states.
    next: Vec<Part>,
    report: Report,
    /// One per thread; the first also packs the start and rebuilds paths.
    workers: Vec<Worker>,
    /// How many ballots and values were numbered before the search: no worker numbers more.
    numbered: (usize, usize),
    /// For tests: every distinct state without its network (see `without_network`).
    #[cfg(test)]
    pub(super) projections: Option<std::collections::BTreeSet<Vec<u8>>>,
}

impl Search {
    /// A search from `start` (the initial state, or a state of a running simulation), on
    /// one thread (see [`Search::threads`]). Refused when its ballots or values would not
    /// fit a packed state.
    pub fn new(model: Model, goal: Goal, start: State) -> Result<Search, TooLarge> {
        let perms = renamings(&model, &goal, &start);
        let mut tables = numbering(&model, &goal, &start)?;
        let prune = (model.crashes == 0
            && start.up.iter().all(|&up| up)
            && model.config.flaws == paxos::Flaws::default())
        .then(|| tables.highest_round().max(model.max_round));
        let numbered = tables.counts();
        let valid = (model.proposals.iter().map(|(_, v)| v))
            .chain(&model.proposed_before)
            .map(|v| tables.value(Some(v)))
            .collect();
        let work = pack_start(&start, &mut tables);
        let mut search = Search {
            ctx: Ctx { model, goal, valid, perms, prune, drops: false },
            start,
            table: Table::default(),
            trail: Trail::new(),
            frontier: Vec::new(),
            part: 0,
            cursor: 0,
            bases: vec![0],
            released: 0,
            waiting: Waiting::default(),
            spilled: 0,
            next: Vec::new(),
            report: Report { explored: 0, distinct: 1, generated: 1, depth: 0, outcome: Outcome::Running },
            workers: vec![Worker::new(tables)],
            numbered,
            #[cfg(test)]
            projections: None,
        };
        let mut same = Next::new();
        same.reset(&work);
        let (ctx, worker) = (&search.ctx, &mut search.workers[0]);
        let root = worker.canonical(ctx, &work, &same);
        let found = ctx.state_goal(&worker.tables, &View { base: &work, next: &same });
        search.frontier.push(Part::new(&work.bytes, 1));
        search.table.insert(root);
        if let Some((property, detail)) = found {
            search.report.outcome = Outcome::Found { property, detail, path: Vec::new() };
        }
        Ok(search)
    }

    /// Expands each batch on `n` threads (at least one). The result is the same (unless a
    /// memory budget stops the search); natively, two threads on two cores take 0.58 to
    /// 0.67 of one thread's time. A browser's wasm cannot start threads: it stays one there.
    /// Call before running.
    pub fn threads(mut self, n: usize) -> Search {
        let tables = self.workers[0].tables.clone();
        self.workers.resize_with(n.max(1), || Worker::new(tables.clone()));
        self
    }

    /// What the search may hold before the next check of its budget, in bytes (from
    /// capacities): its table of fingerprints (with room to grow by one batch's successors),
    /// both levels of the frontier, and each worker's remembered steps and findings.
    pub fn memory(&self) -> u64 {
        let more = BATCH * self.workers.len() * 64;
        self.table.memory(more)
            + self.trail.memory()
            + self.frontier.iter().chain(&self.next).map(Part::memory).sum::<u64>()
            + self.workers.iter().map(Worker::memory).sum::<u64>()
    }

    /// How many renamings the symmetry reduction tries per state (0: off).
    pub fn symmetries(&self) -> usize {
        self.ctx.perms.len()
    }

    pub fn report(&self) -> &Report {
        &self.report
    }

    pub fn model(&self) -> &Model {
        &self.ctx.model
    }

    pub fn start(&self) -> &State {
        &self.start
    }

    /// Explores up to `budget` states; returns the report (outcome `Running` if not over).
    pub fn run(&mut self, budget: u64) -> &Report {
        let mut left = budget;
        while self.report.outcome == Outcome::Running && left > 0 {
            if self.part == self.frontier.len() {
                if self.next.is_empty() {
                    self.report.outcome = Outcome::Exhausted;
                    break;
                }
                self.frontier = std::mem::take(&mut self.next);
                (self.part, self.cursor, self.released) = (0, 0, 0);
                self.bases = (self.frontier.iter())
                    .scan(0, |upto, part| {
                        let base = *upto;
                        *upto += part.len();
                        Some(base)
                    })
                    .collect();
                self.report.depth += 1;
                self.trail.seal(self.report.depth as usize);
            }
            // The batch: up to `BATCH` states per worker from here on, across parts.
            let mut want = usize::try_from(left).unwrap_or(usize::MAX).min(BATCH * self.workers.len());
            let mut pieces = Vec::new();
            while want > 0 && self.part < self.frontier.len() {
                let here = self.frontier[self.part].len();
                let take = (here - self.cursor).min(want);
                if take > 0 {
                    pieces.push((self.part, self.cursor..self.cursor + take));
                }
                want -= take;
                left -= take as u64;
                self.cursor += take;
                if self.cursor == here {
                    (self.part, self.cursor) = (self.part + 1, 0);
                }
            }
            if !pieces.is_empty() {
                self.batch(&pieces);
            }
            for part in &mut self.frontier[self.released..self.part] {
                part.release();
            }
            self.released = self.part;
            // Natively, parts wait in a file past half the budget; a search stops at its
            // memory budget instead of failing.
            let budget = self.ctx.model.max_memory;
            if budget > 0 && self.report.outcome == Outcome::Running {
                if self.memory() > budget / 2 {
                    self.spill_waiting();
                }
                if self.memory() > budget {
                    self.report.outcome = Outcome::Bounded(Bound::Memory);
                }
            }
        }
        if self.report.outcome != Outcome::Running {
            // The search is over (a path found is in the report): give the memory back.
            self.frontier = Vec::new();
            self.next = Vec::new();
            self.table = Table::default();
            self.trail = Trail::new();
            self.waiting = Waiting::default();
            let tables = self.workers[0].tables.clone();
            self.workers = vec![Worker::new(tables)];
        }
        &self.report
    }

    /// Moves every part not yet expanded (of this level and the next) to the spill file.
    fn spill_waiting(&mut self) {
        self.waiting.spill(self.frontier[self.part..].iter_mut().chain(&mut self.next));
        self.spilled = self.waiting.written();
    }

    /// Bytes of waiting states written to a file so far (natively; 0 in wasm). Each part of
    /// a level is written once.
    pub fn spilled(&self) -> u64 {
        self.spilled
    }

    /// Expands `pieces` of the frontier (part, range of states, in order): each worker a
    /// run of them, side by side; then the new states are counted, judged and queued in
    /// frontier order, as one thread would.
    fn batch(&mut self, pieces: &[(usize, std::ops::Range<usize>)]) {
        for (p, _) in pieces {
            self.waiting.load(&mut self.frontier[*p]);
        }
        let threads = self.workers.len();
        let size: usize = pieces.iter().map(|(_, r)| r.len()).sum();
        let share = size.div_ceil(threads);
        // Worker k's run: the states numbered k * share up to (k + 1) * share in the batch.
        let mut runs: Vec<Vec<Piece>> = vec![Vec::new(); threads];
        let mut offset = 0;
        for (p, range) in pieces {
            let mut i = range.start;
            while i < range.end {
                let k = offset / share;
                let end = range.end.min(i + (k + 1) * share - offset);
                runs[k].push((&self.frontier[*p], i..end, self.bases[*p]));
                offset += end - i;
                i = end;
            }
        }
        let starts: Vec<usize> = (0..threads).map(|k| (k * share).min(size)).collect();
        let (ctx, table) = (&self.ctx, &self.table);
        if threads == 1 {
            self.workers[0].expand(ctx, &runs[0], table);
        } else {
            std::thread::scope(|scope| {
                let (first, rest) = self.workers.split_first_mut().expect("a search has a worker");
                for (w, run) in rest.iter_mut().zip(&runs[1..]) {
                    scope.spawn(move || w.expand(ctx, run, table));
                }
                first.expand(ctx, &runs[0], table);
            });
        }
        drop(runs);
        for w in &self.workers {
            assert_eq!(
                w.tables.counts(),
                self.numbered,
                "every ballot and value is numbered before a search"
            );
        }
        let found: Vec<_> = (self.workers.iter())
            .map(|w| table::Found { fingerprints: &w.found.states.fingerprints, by_shard: &w.found.by_shard })
            .collect();
        let admitted = self.table.admit(&found, threads);
        let (explored, generated) = (self.report.explored, self.report.generated);
        let total: u64 = admitted.iter().map(|new| new.len() as u64).sum();
        let goal = self.workers.iter().zip(&admitted).any(|(w, new)| {
            !w.found.steps.is_empty() || w.found.goals.iter().any(|g| new.binary_search(&g.0).is_ok())
        });
        let bound =
            self.ctx.model.max_states > 0 && self.report.distinct + total >= self.ctx.model.max_states;
        #[cfg(test)]
        let watched = self.projections.is_some();
        #[cfg(not(test))]
        let watched = false;
        if !goal && !bound && !watched {
            // The usual batch: nothing found, no bound reached. Each worker copies its new
            // states side by side; they join the next level in order.
            if threads == 1 {
                let w = &mut self.workers[0];
                w.found.keep(&admitted[0], &mut w.gather);
            } else {
                std::thread::scope(|scope| {
                    for (w, new) in self.workers.iter_mut().zip(&admitted) {
                        scope.spawn(move || w.found.keep(new, &mut w.gather));
                    }
                });
            }
            let depth = self.report.depth as usize + 1;
            for w in &mut self.workers {
                if w.found.fresh.len() > 0 {
                    self.next.push(std::mem::take(&mut w.found.fresh));
                    self.trail.extend(depth, &w.found.fresh_parents, &w.found.fresh_moves);
                }
            }
            self.report.distinct += total;
            self.report.explored = explored + size as u64;
            self.report.generated = generated + self.workers.iter().map(|w| w.found.generated).sum::<u64>();
            return;
        }
        let mut generated_before = 0;
        let mut stop = None;
        let (mut part, mut count) = (Vec::new(), 0);
        'workers: for (k, new) in admitted.iter().enumerate() {
            let f = &self.workers[k].found;
            let mut goals = f.goals.iter().peekable();
            let mut steps = f.steps.iter().peekable();
            // Where the search stands after the successor generated `g`-th in the run, taken
            // from the `origin`-th state of the run.
            let at = |report: &mut Report, origin: u32, g: u64| {
                report.explored = explored + starts[k] as u64 + u64::from(origin) + 1;
                report.generated = generated + generated_before + g;
            };
            for &j in new.iter().chain([&u32::MAX]) {
                // A broken step generated before this state stops the search there.
                let g = f.generated_at.get(j as usize).copied().unwrap_or(u64::MAX);
                if let Some(s) = steps.next_if(|s| s.generated < g) {
                    at(&mut self.report, s.origin, s.generated);
                    stop = Some((s.parent, s.mv, s.property.clone(), s.detail.clone()));
                    break 'workers;
                }
                if j == u32::MAX {
                    break;
                }
                self.report.distinct += 1;
                while goals.next_if(|g| g.0 < j).is_some() {}
                if let Some((_, property, detail)) = goals.next_if(|g| g.0 == j) {
                    at(&mut self.report, f.origins[j as usize], g);
                    stop =
                        Some((f.parents[j as usize], f.moves[j as usize], property.clone(), detail.clone()));
                    break 'workers;
                }
                if self.ctx.model.max_states > 0 && self.report.distinct >= self.ctx.model.max_states {
                    at(&mut self.report, f.origins[j as usize], g);
                    self.report.outcome = Outcome::Bounded(Bound::States);
                    return;
                }
                let bytes = f.states.get(j as usize);
                part.extend_from_slice(bytes);
                count += 1;
                let (parent, mv) = (f.parents[j as usize], f.moves[j as usize]);
                self.trail.extend(self.report.depth as usize + 1, &[parent], &[mv]);
                #[cfg(test)]
                if let Some(set) = &mut self.projections {
                    set.insert(expand::without_network(bytes, self.ctx.model.names.len()));
                }
            }
            generated_before += f.generated;
        }
        if count > 0 {
            self.next.push(Part::new(&part, count));
        }
        if let Some((parent, mv, property, detail)) = stop {
            let path = self.path_to(parent, mv);
            self.report.depth = path.len() as u64;
            self.report.outcome = Outcome::Found { property, detail, path };
            return;
        }
        self.report.explored = explored + size as u64;
        self.report.generated = generated + generated_before;
    }

    /// The moves from the start to the state reached by move `mv` from state `parent` of
    /// the level being expanded, read from the trail and replayed from the start.
    fn path_to(&mut self, parent: u32, mv: u16) -> Vec<Move> {
        let moves = self.trail.moves_to(self.report.depth as usize, parent, mv);
        let n = self.ctx.model.names.len();
        let mut work = pack_start(&self.start, &mut self.workers[0].tables);
        let (ctx, worker) = (&self.ctx, &mut self.workers[0]);
        let mut path = Vec::new();
        let mut steps = Vec::new();
        let mut next = Next::new();
        for m in moves {
            steps.clear();
            ctx.model.steps(&work, ctx.drops, &mut steps);
            let step = steps[usize::from(m)];
            worker.apply(ctx, &work, step, &mut next);
            worker.canonical(ctx, &work, &next);
            path.push(worker.public(step));
            // `canonical` left the successor's packing in `buf`.
            work = unpack(&worker.buf, n);
        }
        path
    }
}

/// Packs the start state and reads it back, as every state is.
fn pack_start(s: &State, t: &mut Tables) -> Work {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(&s.proposed.to_le_bytes());
    bytes.push(s.crashes);
    for (i, node) in s.nodes.iter().enumerate() {
        packed::put_node(t, &mut bytes, node, &s.disks[i], s.up[i], None);
    }
    let mut net: Vec<u64> = s.net.iter().map(|p| packed::pack(t, p.from, p.to, &p.msg.0)).collect();
    packed::sort_short(&mut net);
    put_list(&mut bytes, net.into_iter());
    let mut votes: Vec<u64> =
        s.votes.iter().map(|(b, v, a)| packed::pack_vote(t.ballot(Some(*b)), t.value(Some(v)), *a)).collect();
    packed::sort_short(&mut votes);
    put_list(&mut bytes, votes.into_iter());
    unpack(&bytes, s.nodes.len())
}

#[cfg(test)]
impl Search {
    /// The start, packed.
    pub(crate) fn start_bytes(&mut self) -> Vec<u8> {
        pack_start(&self.start, &mut self.workers[0].tables).bytes
    }
    /// Turns the pruning of dead messages off.
    pub(super) fn keep_dead_messages(&mut self) {
        self.ctx.prune = None;
    }
    pub(super) fn prunes(&self) -> bool {
        self.ctx.prune.is_some()
    }
    /// Takes losses as moves.
    pub(super) fn explore_drops(&mut self) {
        self.ctx.drops = self.ctx.model.drop;
    }
}
