//! A loaded simulation and its timeline: every input that changed it, on branches, with
//! checkpoints to go back in time (see [`history`](super::history) for how they are kept).
//! Going back restores the last checkpoint before the moment and replays the inputs after
//! it, which gives the same state because the simulation is deterministic. Doing something
//! new in the past starts a new branch; the old one is kept and can be returned to.

use paxos::Time;

#[cfg(feature = "lab")]
use super::history::Steps;
use super::history::{Checkpoints, Input, Inputs};
use super::{Budget, Budgets, SessionError};
#[cfg(feature = "lab")]
use paxos_sim::json::write::ToJson;
use paxos_sim::scenario::Action;
use paxos_sim::trace::TraceLine;
use paxos_sim::world::{Rules, World};
use paxos_sim::{ActionError, Basic};

/// A moment of the timeline: see [`Loaded::mark`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Mark {
    branch: usize,
    branches: usize,
    length: usize,
    pub(super) position: usize,
    now: Time,
}

#[derive(Clone, Debug)]
pub(super) struct Branch {
    pub(super) inputs: Inputs,
    pub(super) fork_at: usize,
    pub(super) parent: Option<usize>,
}

/// A loaded simulation of any protocol with its timeline.
pub(super) struct Loaded<R: Rules = Basic> {
    pub(super) budgets: Budgets,
    pub(super) sim: World<R>,
    pub(super) branches: Vec<Branch>,
    pub(super) branch: usize,
    /// Inputs of the current branch applied so far.
    pub(super) position: usize,
    /// States of the current branch to rewind from.
    checkpoints: Checkpoints<R>,
    /// The trace step number after each input of the current branch applied so far (for
    /// going back: the laboratory's).
    #[cfg(feature = "lab")]
    steps: Steps,
}

impl<R: Rules> Loaded<R> {
    /// `sim` at the start of its timeline.
    pub(super) fn new(mut sim: World<R>, budgets: Budgets) -> Loaded<R> {
        let first = sim.checkpoint();
        Loaded {
            budgets,
            #[cfg(feature = "lab")]
            steps: Steps::new(sim.step_number()),
            sim,
            branches: vec![Branch { inputs: Inputs::default(), fork_at: 0, parent: None }],
            branch: 0,
            position: 0,
            checkpoints: Checkpoints::new(first),
        }
    }

    /// Carries out `act`, a person's action at the page's clock `at` (absent: now): the
    /// simulator first catches up with that moment, then `act`, then what is due at that very
    /// moment happens (a node's messages to itself); that last only at the timeline's end:
    /// after going back, running would redo the old future. On an error the caller undoes
    /// what it did ([`Loaded::rollback`]).
    pub(super) fn at_moment(
        &mut self,
        at: Option<u64>,
        act: impl FnOnce(&mut Self) -> Result<(), SessionError>,
    ) -> Result<(), SessionError> {
        if let Some(at) = at.filter(|&at| Time(at) > self.sim.now()) {
            self.run_until(Time(at))?;
        }
        act(self)?;
        let now = self.sim.now();
        if at.is_some()
            && self.position == self.inputs().len()
            && self.sim.next_time().is_some_and(|t| t <= now)
        {
            self.run_until(now)?;
        }
        Ok(())
    }

    /// Every event up to `time`, then the clock there, within the budget.
    pub(super) fn run_until(&mut self, time: Time) -> Result<(), SessionError> {
        self.run(time, |_| false, true)
    }

    /// The timeline's shape, as the page shows it: where we are, on which branch, and the branches.
    pub(super) fn history(&self) -> crate::wire::History {
        crate::wire::History {
            position: self.position,
            length: self.inputs().len(),
            branch: self.branch,
            branches: self
                .branches
                .iter()
                .map(|b| crate::wire::BranchView {
                    length: b.inputs.len(),
                    fork_at: b.fork_at,
                    parent: b.parent,
                })
                .collect(),
        }
    }

    pub(super) fn inputs(&self) -> &Inputs {
        &self.branches[self.branch].inputs
    }

    /// The trace lines after step `since` up to now: those the simulation kept, or else
    /// written again by a replay from a checkpoint on a copy. (Without the laboratory the
    /// timeline never goes back past the lines the page has: they are always kept.)
    pub(super) fn lines_since(&mut self, since: u64) -> Vec<TraceLine<R::Wire, R::Value>> {
        match self.sim.lines_after(since) {
            Some(kept) => kept.to_vec(),
            #[cfg(feature = "lab")]
            None => {
                let mut lines = Vec::new();
                self.replay_copy(since, |line| lines.push(line.clone()));
                lines
            }
            #[cfg(not(feature = "lab"))]
            None => Vec::new(),
        }
    }

    /// The whole trace up to now, paxos-trace v1 text, written again by a replay from the
    /// start; refused over the budget of lines.
    #[cfg(feature = "lab")]
    pub(super) fn trace_text(&mut self) -> Result<String, SessionError> {
        let lines = self.sim.step_number();
        if lines > self.budgets.trace_lines {
            return Err(SessionError::Budget(Budget::TraceLines(self.budgets.trace_lines)));
        }
        let mut out = String::new();
        self.sim.header().write(&mut out);
        out.push('\n');
        self.replay_copy(0, |line| {
            line.write(&mut out);
            out.push('\n');
        });
        Ok(out)
    }

    /// Replays the current branch on a copy, from the last checkpoint whose trace ends at or
    /// before step `since`, up to the current position; hands each line after `since` to
    /// `each` as it is written.
    #[cfg(feature = "lab")]
    fn replay_copy(&mut self, since: u64, mut each: impl FnMut(&TraceLine<R::Wire, R::Value>)) {
        let from = self.steps.first_reaching(since + 1).saturating_sub(1);
        let (at, cp) = self.checkpoints.before(from);
        let mut copy = World::resumed(cp);
        let mut hand = |copy: &mut World<R>| {
            for line in copy.take_lines() {
                if line.step > since {
                    each(&line);
                }
            }
        };
        for p in at..self.position {
            let input = self.inputs().get(p).expect("a position applied is recorded");
            paxos_sim::sure(replay(&mut copy, &input), "a recorded input applies again");
            hand(&mut copy);
        }
        debug_assert_eq!(copy.step_number(), self.sim.step_number(), "replay is deterministic");
    }

    /// Applies one input to the simulation and books it: step count, checkpoint.
    fn apply(&mut self, input: &Input) -> Result<bool, ActionError> {
        let moved = replay(&mut self.sim, input)?;
        if moved {
            self.position += 1;
            #[cfg(feature = "lab")]
            {
                let step = self.sim.step_number();
                if self.steps.len() > self.position {
                    debug_assert_eq!(self.steps.get(self.position), step, "replay is deterministic");
                } else {
                    self.steps.push(step);
                }
            }
            if self.checkpoints.due(self.position, &self.sim) {
                let cp = self.sim.checkpoint();
                self.checkpoints.push(self.position, cp);
            }
        }
        Ok(moved)
    }

    /// Records a new input at the current position: the end of the branch, or a new
    /// branch when the person went back first.
    fn record(&mut self, input: Input) {
        let at = self.position - 1;
        if at < self.inputs().len() {
            if self.inputs().get(at).as_ref() == Some(&input) {
                return; // the same thing again: the timeline goes on as it was
            }
            let mut inputs = self.inputs().prefix(at);
            inputs.push(input);
            self.branches.push(Branch { inputs, fork_at: at, parent: Some(self.branch) });
            self.branch = self.branches.len() - 1;
        } else {
            self.branches[self.branch].inputs.push(input);
        }
    }

    /// Goes back `count` moments, passing over moments that wrote nothing (a timer of a
    /// crashed node, say).
    #[cfg(feature = "lab")]
    pub(super) fn back(&mut self, count: u32) {
        let mut target = self.position;
        for _ in 0..count {
            if target == 0 {
                break;
            }
            let here = self.steps.get(target);
            while target > 0 && self.steps.get(target - 1) == here {
                target -= 1;
            }
            target = target.saturating_sub(1);
        }
        self.seek(target);
    }

    /// Goes to the moment after `position` inputs of the branch, within the budget.
    #[cfg(feature = "lab")]
    pub(super) fn seek_to(&mut self, position: usize) -> Result<(), SessionError> {
        let length = self.inputs().len();
        if position > length {
            return Err(SessionError::Position(position, length));
        }
        self.reach(self.position, position)?;
        self.seek(position);
        Ok(())
    }

    /// Goes to the moment right after trace step `step` was written.
    #[cfg(feature = "lab")]
    pub(super) fn seek_step(&mut self, step: u64) -> Result<(), SessionError> {
        if self.steps.len() <= self.inputs().len() {
            self.reach(self.position, self.inputs().len())?;
        }
        self.replay_to_end_of_known();
        if step > self.steps.last() {
            return Err(SessionError::Step(step));
        }
        let position = self.steps.first_reaching(step);
        self.reach(self.position, position)?;
        self.seek(position);
        Ok(())
    }

    /// Continues at the end of branch `branch`, within the budget. Returns the trace step
    /// where the branches part.
    #[cfg(feature = "lab")]
    pub(super) fn switch_to(&mut self, branch: usize) -> Result<u64, SessionError> {
        if branch >= self.branches.len() {
            return Err(SessionError::Branch(branch));
        }
        let common = self.inputs().common(&self.branches[branch].inputs);
        self.reach(self.position.min(common), self.branches[branch].inputs.len())?;
        Ok(self.switch(branch))
    }

    /// Drops knowledge about the current branch beyond `position` inputs.
    pub(super) fn forget_after(&mut self, position: usize) {
        debug_assert_eq!(position, self.position);
        self.checkpoints.truncate_after(position);
        #[cfg(feature = "lab")]
        self.steps.truncate(position + 1);
    }

    /// A person's action now, on a branch with room for it (see [`Loaded::act`]).
    pub(super) fn act_within(&mut self, action: Action) -> Result<(), SessionError> {
        // Without the laboratory a branch grows by events long before a person's actions
        // could fill it (`forward` refuses those).
        #[cfg(feature = "lab")]
        self.room()?;
        Ok(self.act(action)?)
    }

    /// A person's action now: applied, then recorded (a rejected action changes nothing).
    pub(super) fn act(&mut self, action: Action) -> Result<(), ActionError> {
        let at = self.sim.now();
        self.act_at(at, action)
    }

    /// An action at virtual time `at` (not before now).
    pub(super) fn act_at(&mut self, at: Time, action: Action) -> Result<(), ActionError> {
        let input = Input::Act { at: at.max(self.sim.now()), action };
        let forks =
            self.position < self.inputs().len() && self.inputs().get(self.position).as_ref() != Some(&input);
        if forks {
            // Test it on a copy first: a rejected action must not fork the timeline.
            let mut trial = self.sim.checkpoint();
            if let Input::Act { action, .. } = &input {
                trial.apply(action.clone())?;
            }
            self.forget_after(self.position);
        }
        self.apply(&input)?;
        self.record(input);
        Ok(())
    }

    /// One step forward: the next input of the branch (skipping nothing), or live, the
    /// next queued event. Returns false when nothing is left to happen; refuses to make the
    /// branch longer than its budget.
    pub(super) fn forward(&mut self) -> Result<bool, SessionError> {
        if let Some(input) = self.inputs().get(self.position) {
            return Ok(paxos_sim::sure(self.apply(&input), "a recorded input applies again"));
        }
        // Live: the position is the branch's end.
        self.budgets.room(self.position)?;
        if paxos_sim::sure(self.apply(&Input::Event), "events do not fail") {
            self.record(Input::Event);
            return Ok(true);
        }
        Ok(false)
    }

    /// Redoes the branch while its inputs happen by `limit`, then goes on live; stops early
    /// when `done`. Live and with `advance`, the clock then moves to `limit`. Refuses to
    /// process more inputs than its budget (the caller undoes the rest).
    pub(super) fn run(
        &mut self,
        limit: Time,
        done: impl Fn(&World<R>) -> bool,
        advance: bool,
    ) -> Result<(), SessionError> {
        let mut left = self.budgets.events;
        while !done(&self.sim) {
            let due = match self.inputs().get(self.position) {
                Some(Input::Event) => self.sim.next_time().is_some_and(|t| t <= limit),
                Some(Input::Act { at, .. }) => at <= limit,
                None => self.sim.next_time().is_some_and(|t| t <= limit),
            };
            if !due {
                break;
            }
            if left == 0 {
                return Err(SessionError::Budget(Budget::Events(self.budgets.events)));
            }
            left -= 1;
            if !self.forward()? {
                break;
            }
        }
        if advance && self.position == self.inputs().len() && !done(&self.sim) {
            self.sim.advance_clock(limit);
        }
        Ok(())
    }

    /// Where the timeline is, to undo a refused request with [`Loaded::rollback`].
    pub(super) fn mark(&self) -> Mark {
        Mark {
            branch: self.branch,
            branches: self.branches.len(),
            length: self.inputs().len(),
            position: self.position,
            now: self.sim.now(),
        }
    }

    /// Back to `mark`: the same branch, inputs, position and state (the simulation is
    /// deterministic, so replaying to the marked position gives the same state).
    pub(super) fn rollback(&mut self, mark: Mark) {
        if mark == self.mark() {
            return; // nothing moved
        }
        // The inputs before the marked position are the same on every branch made since.
        self.replay_to(mark.position, true);
        self.forget_after(mark.position);
        self.branches.truncate(mark.branches);
        self.branch = mark.branch;
        self.branches[self.branch].inputs.truncate(mark.length);
        // A clock moved without an input (runUntil's end) is in no checkpoint.
        self.sim.advance_clock(mark.now);
    }

    /// Goes to the state after `position` inputs of the current branch.
    #[cfg(feature = "lab")]
    pub(super) fn seek(&mut self, position: usize) {
        if position != self.position {
            self.replay_to(position, false);
        }
    }

    /// Goes to the state after `position` inputs: back (or `fresh`), from the last
    /// checkpoint before it; forward, from here, which writes the lines the page is sent.
    fn replay_to(&mut self, position: usize, fresh: bool) {
        if fresh || position < self.position {
            let (at, cp) = self.checkpoints.before(position);
            self.sim.restore(cp);
            self.position = at;
        }
        while self.position < position {
            let input = self.inputs().get(self.position).expect("a position within the branch");
            paxos_sim::sure(self.apply(&input), "a recorded input applies again");
        }
    }

    /// Refuses to move forward from `from` to `to` inputs over more than the budget of events
    /// a request processes: going forward replays every input, and the page is sent every
    /// line in between.
    #[cfg(feature = "lab")]
    pub(super) fn reach(&self, from: usize, to: usize) -> Result<(), SessionError> {
        match to.saturating_sub(from) as u64 <= self.budgets.events {
            true => Ok(()),
            false => Err(SessionError::Budget(Budget::Events(self.budgets.events))),
        }
    }

    /// Refuses one more input on a full branch.
    #[cfg(feature = "lab")]
    pub(super) fn room(&self) -> Result<(), SessionError> {
        self.budgets.room(self.position)
    }

    /// Makes `steps` cover the whole branch (it may not, after switching branches).
    #[cfg(feature = "lab")]
    pub(super) fn replay_to_end_of_known(&mut self) {
        let here = self.position;
        if self.steps.len() <= self.inputs().len() {
            let end = self.inputs().len();
            self.seek(end);
            self.seek(here);
        }
    }

    /// Continues on `branch`, at its end. Returns the trace step where the branches part.
    #[cfg(feature = "lab")]
    pub(super) fn switch(&mut self, branch: usize) -> u64 {
        let common = self.branches[self.branch].inputs.common(&self.branches[branch].inputs);
        let back = self.position.min(common);
        self.seek(back);
        self.forget_after(back);
        let parted = self.sim.step_number();
        self.branch = branch;
        let end = self.inputs().len();
        self.seek(end);
        parted
    }
}

/// Applies one recorded input to `sim`; false for an event when none is queued.
fn replay<R: Rules>(sim: &mut World<R>, input: &Input) -> Result<bool, ActionError> {
    Ok(match input {
        Input::Event => sim.step(),
        Input::Act { at, action } => {
            sim.advance_clock(*at);
            sim.apply(action.clone())?;
            true
        }
    })
}
