//! The timeline's memory, kept compact so that a long history fits a browser tab (measured by
//! `paxos-sim bench --history`): a branch's inputs are a count of queued events with the
//! person's actions kept at their positions; the trace step after each input takes a byte;
//! checkpoints are spaced by their size. The trace lines themselves are not kept: the page
//! has them, and a replay writes any of them again (the simulation is deterministic).

use paxos::Time;

use paxos_sim::scenario::Action;
use paxos_sim::world::{Rules, World};

/// One thing that changed the simulation.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Input {
    /// The next queued event was processed.
    Event,
    /// A person's action at virtual time `at`.
    Act { at: Time, action: Action },
}

/// A branch's inputs: every one is [`Input::Event`] but the actions, kept with their position
/// (an event costs nothing; a branch copies only the actions of the one it leaves).
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Inputs {
    len: usize,
    /// `(position, at, action)`, by position.
    acts: Vec<(usize, Time, Action)>,
}

impl Inputs {
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The input at position `i` (0 is the first after loading).
    pub(super) fn get(&self, i: usize) -> Option<Input> {
        if i >= self.len {
            return None;
        }
        Some(match self.acts.binary_search_by_key(&i, |(p, _, _)| *p) {
            Ok(k) => Input::Act { at: self.acts[k].1, action: self.acts[k].2.clone() },
            Err(_) => Input::Event,
        })
    }

    pub(super) fn push(&mut self, input: Input) {
        if let Input::Act { at, action } = input {
            self.acts.push((self.len, at, action));
        }
        self.len += 1;
    }

    pub(super) fn truncate(&mut self, len: usize) {
        if len < self.len {
            self.len = len;
            let keep = self.acts.partition_point(|(p, _, _)| *p < len);
            self.acts.truncate(keep);
        }
    }

    /// The first `len` inputs.
    pub(super) fn prefix(&self, len: usize) -> Inputs {
        let keep = self.acts.partition_point(|(p, _, _)| *p < len);
        Inputs { len: len.min(self.len), acts: self.acts[..keep].to_vec() }
    }

    /// How many first inputs two branches share.
    #[cfg(feature = "lab")]
    pub(super) fn common(&self, other: &Inputs) -> usize {
        let shorter = self.len.min(other.len);
        let same = self.acts.iter().zip(&other.acts).take_while(|(a, b)| a == b).count();
        // The first action only one of them has, at its position, ends what they share.
        let first_differing =
            [self.acts.get(same), other.acts.get(same)].into_iter().flatten().map(|(p, _, _)| *p).min();
        first_differing.map_or(shorter, |p| p.min(shorter))
    }
}

/// Positions between two absolute step numbers in [`Steps`].
#[cfg(feature = "lab")]
const MARK_EVERY: usize = 64;

/// The trace step number after each input of the current branch (`get(0)`: right after
/// loading): steps only grow, so each is kept as its growth in a byte, with the whole number
/// every [`MARK_EVERY`] positions.
#[cfg(feature = "lab")]
#[derive(Clone, Debug)]
pub(super) struct Steps {
    marks: Vec<u64>,
    /// Lines written by each input; 255: see `big`.
    growth: Vec<u8>,
    /// `(position, growth)` of the inputs that wrote 255 lines or more, by position.
    big: Vec<(usize, u64)>,
    last: u64,
}

#[cfg(feature = "lab")]
impl Steps {
    pub(super) fn new(first: u64) -> Steps {
        Steps { marks: vec![first], growth: vec![0], big: Vec::new(), last: first }
    }

    /// Positions known (at least 1).
    pub(super) fn len(&self) -> usize {
        self.growth.len()
    }

    #[cfg(feature = "lab")]
    pub(super) fn last(&self) -> u64 {
        self.last
    }

    pub(super) fn get(&self, i: usize) -> u64 {
        let mark = i / MARK_EVERY;
        let mut step = self.marks[mark];
        for p in mark * MARK_EVERY + 1..=i {
            step += match self.growth[p] {
                255 => self.big[self.big.partition_point(|(q, _)| *q < p)].1,
                g => u64::from(g),
            };
        }
        step
    }

    pub(super) fn push(&mut self, step: u64) {
        let p = self.growth.len();
        let growth = step - self.last;
        if growth >= 255 {
            self.big.push((p, growth));
        }
        self.growth.push(growth.min(255) as u8);
        if p % MARK_EVERY == 0 {
            self.marks.push(step);
        }
        self.last = step;
    }

    /// Keeps the first `len` positions (at least 1).
    pub(super) fn truncate(&mut self, len: usize) {
        let len = len.max(1);
        if len < self.growth.len() {
            self.growth.truncate(len);
            self.marks.truncate(len.div_ceil(MARK_EVERY));
            self.big.truncate(self.big.partition_point(|(q, _)| *q < len));
            self.last = self.get(len - 1);
        }
    }

    /// The first position whose step is not below `step` (steps only grow).
    #[cfg(feature = "lab")]
    pub(super) fn first_reaching(&self, step: u64) -> usize {
        // Whole numbers first, then the positions after the mark.
        let mark = self.marks.partition_point(|&s| s < step);
        let from = mark.saturating_sub(1) * MARK_EVERY;
        (from..self.len()).find(|&p| self.get(p) >= step).unwrap_or(self.len())
    }
}

/// Inputs between two checkpoints at least; more when a checkpoint is large (see
/// [`Checkpoints::due`]).
pub const CHECKPOINT_EVERY: usize = 64;

/// Inputs between two checkpoints at most: a rewind replays fewer.
const CHECKPOINT_AT_MOST: usize = 4096;

/// What checkpoints may cost per input, in bytes: a checkpoint of `b` bytes comes `b / 16`
/// inputs after the one before (between [`CHECKPOINT_EVERY`] and 4,096).
#[cfg(feature = "lab")]
const CHECKPOINT_BYTES_PER_INPUT: usize = 16;

/// States of the current branch to rewind from, by position.
pub(super) struct Checkpoints<R: Rules> {
    at: Vec<usize>,
    sims: Vec<World<R>>,
}

impl<R: Rules> Checkpoints<R> {
    pub(super) fn new(first: World<R>) -> Checkpoints<R> {
        Checkpoints { at: vec![0], sims: vec![first] }
    }

    /// The last checkpoint at or before `position`.
    pub(super) fn before(&self, position: usize) -> (usize, &World<R>) {
        let k = self.at.partition_point(|&p| p <= position) - 1;
        (self.at[k], &self.sims[k])
    }

    /// Whether `sim`, after `position` inputs, should be kept: far enough from the last
    /// checkpoint for its size. (Without the laboratory a checkpoint only serves to undo a
    /// refused request: one every [`CHECKPOINT_AT_MOST`] inputs.)
    pub(super) fn due(&self, position: usize, sim: &World<R>) -> bool {
        let last = *self.at.last().expect("the first checkpoint stays");
        #[cfg(feature = "lab")]
        let spacing =
            (sim.approx_bytes() / CHECKPOINT_BYTES_PER_INPUT).clamp(CHECKPOINT_EVERY, CHECKPOINT_AT_MOST);
        #[cfg(not(feature = "lab"))]
        let spacing = {
            let _ = sim;
            CHECKPOINT_AT_MOST
        };
        position >= last + spacing
    }

    pub(super) fn push(&mut self, position: usize, sim: World<R>) {
        self.at.push(position);
        self.sims.push(sim);
    }

    /// Forgets the checkpoints after `position`.
    pub(super) fn truncate_after(&mut self, position: usize) {
        let keep = self.at.partition_point(|&p| p <= position).max(1);
        self.at.truncate(keep);
        self.sims.truncate(keep);
    }
}

#[cfg(all(test, feature = "lab"))]
mod tests {
    use super::*;
    use paxos::NodeId;

    fn act(n: u16) -> Input {
        Input::Act { at: Time(u64::from(n)), action: Action::Crash(NodeId(n)) }
    }

    #[test]
    fn inputs_read_back_as_pushed() {
        let mut i = Inputs::default();
        let all = [Input::Event, act(1), Input::Event, Input::Event, act(2), Input::Event];
        for x in all.iter().cloned() {
            i.push(x);
        }
        let back: Vec<_> = (0..i.len()).map(|p| i.get(p).unwrap()).collect();
        assert_eq!(back, all);
        assert_eq!(i.get(6), None);
        assert_eq!(i.prefix(4).len(), 4);
        assert_eq!(i.prefix(4).get(1), Some(act(1)));
        let mut j = i.prefix(3);
        j.push(act(3));
        assert_eq!(i.common(&j), 3, "they part where j's own action is");
        assert_eq!(i.common(&i.prefix(2)), 2);
        assert_eq!(i.common(&i.clone()), 6);
        let mut k = i.prefix(4);
        k.push(Input::Event);
        assert_eq!(i.common(&k), 4, "i's action at 4 against k's event");
    }

    #[test]
    fn steps_read_back_as_pushed_with_any_growth() {
        let mut s = Steps::new(3);
        let mut all = vec![3u64];
        let mut step = 3;
        for p in 1..1_000u64 {
            step += [0, 1, 2, 254, 255, 1_000][(p * 7 % 6) as usize];
            s.push(step);
            all.push(step);
        }
        assert!((0..all.len()).all(|p| s.get(p) == all[p]));
        for target in [0, 3, 4, 5, 300, all[500], all[999], all[999] + 1] {
            assert_eq!(s.first_reaching(target), all.partition_point(|&x| x < target), "{target}");
        }
        s.truncate(130);
        assert_eq!((s.len(), s.last()), (130, all[129]));
        s.push(all[129] + 300);
        assert_eq!(s.get(130), all[129] + 300);
        assert_eq!(s.get(129), all[129]);
    }
}
