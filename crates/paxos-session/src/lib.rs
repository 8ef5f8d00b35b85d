//! The worker protocol, version 2: requests from the page, responses from the simulator,
//! and time travel. The browser's Web Worker passes every request here through the wasm
//! crate; the TypeScript mirror is www/src/core/protocol.ts and the contract is
//! docs/worker-protocol.md.
//!
//! Time travel: a session records every input that changes the simulation — one queued
//! event processed, or one action at a time — as a timeline ([`timeline`]), kept compact
//! ([`history`]).

use paxos_sim::scenario::Scenario;
#[cfg(not(feature = "lab"))]
use paxos_sim::ScenarioError;
use paxos_sim::Simulation;

pub const PROTOCOL_VERSION: u32 = 2;

/// How far `runUntilChosen` and `runUntilIdle` look ahead when no limit is given (ms of
/// virtual time past now).
pub const DEFAULT_HORIZON: u64 = 60_000;

mod basic;
mod budget;
mod wire;

#[cfg(any(feature = "classroom", feature = "multi-check"))]
use budget::Thousands;
pub use budget::{Budget, Budgets, SessionError};
pub use history::CHECKPOINT_EVERY;
use timeline::Loaded;
pub use wire::{BranchView, CheckFrom, CheckSpec, CheckView, GoalSpec, History, Request, Response};

/// One simulation driven by requests, remembering which trace lines the page has seen.
#[derive(Default)]
pub struct Session {
    budgets: Budgets,
    loaded: Option<Loaded>,
    #[cfg(feature = "multi")]
    multi: Option<multi::MultiLoaded>,
    seen: u64,
    #[cfg(feature = "classroom")]
    check: Option<classroom::CheckJob>,
    #[cfg(feature = "multi-check")]
    multi_check: Option<multicheck::MultiCheckJob>,
    /// How many bytes the process holds, for the Multi-Paxos checker's memory budget: the
    /// wasm crate measures its allocator (natively, none).
    #[cfg(feature = "multi-check")]
    meter: Option<fn() -> u64>,
    /// The exercise's goal (exercises are the classroom's).
    #[cfg(feature = "classroom")]
    goal: Option<paxos_sim::exercise::ExerciseGoal>,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// A session with other budgets than the default ones (tests, the command line).
    pub fn with_budgets(budgets: Budgets) -> Session {
        Session { budgets, ..Session::default() }
    }

    /// Gives the Multi-Paxos checker a measure of the memory held: its searches stop,
    /// bounded, past [`multicheck::MULTI_CHECK_MEMORY`] bytes.
    #[cfg(feature = "multi-check")]
    pub fn set_memory_meter(&mut self, meter: fn() -> u64) {
        self.meter = Some(meter);
    }

    pub fn simulation(&self) -> Option<&Simulation> {
        self.loaded.as_ref().map(|l| &l.sim)
    }

    pub fn handle(&mut self, request: Request) -> Result<Response, SessionError> {
        // Requests of the Multi-Paxos view and of the classroom exist only in the builds that
        // have them: the others do not even read them (an unknown `type`).
        #[cfg(feature = "multi")]
        if let Some(response) = self.handle_multi(&request)? {
            return Ok(response);
        }
        #[cfg(feature = "classroom")]
        if let Some(response) = self.handle_classroom(&request)? {
            return Ok(response);
        }
        if let Request::Load { scenario } = &request {
            let plan = match Scenario::parse(scenario) {
                #[cfg(not(feature = "lab"))]
                Err(ScenarioError::Later(needs)) => return Ok(Response::Later { needs }),
                plan => plan?,
            };
            paxos_sim::basic_only(&plan)?;
            self.budgets.check_nodes(&plan)?;
            self.load(Simulation::new(plan, true));
            #[cfg(feature = "classroom")]
            {
                self.goal = None;
            }
            return Ok(self.update());
        }
        let l = self.loaded.as_mut().ok_or(SessionError::NotLoaded)?;
        if let Request::Trace = request {
            // Writing the trace again is the laboratory's (the first build keeps it small).
            #[cfg(not(feature = "lab"))]
            return Ok(Response::Later { needs: "the trace file" });
            #[cfg(feature = "lab")]
            return Ok(Response::Trace { text: l.trace_text()? });
        }
        // A refused request changes nothing: what it did before it was refused is undone.
        let mark = l.mark();
        if let Err(e) = l.handle(request, &mut self.seen) {
            l.rollback(mark);
            #[cfg(not(feature = "lab"))]
            if let SessionError::Later(needs) = e {
                return Ok(Response::Later { needs });
            }
            return Err(e);
        }
        Ok(self.update())
    }

    /// The Multi-Paxos view's requests alone, refusing the others: what its wasm build
    /// answers (crates/paxos-wasm, feature `multi`), so that the Basic Paxos session, which
    /// nothing then reaches, is not in it (28 KB of that page's first load, gzipped).
    #[cfg(feature = "multi")]
    pub fn handle_multi_view(&mut self, request: Request) -> Result<Response, SessionError> {
        self.handle_multi(&request)?.ok_or(SessionError::NotMultiView)
    }

    /// The Multi-Paxos requests; `None` for the others.
    #[cfg(feature = "multi")]
    fn handle_multi(&mut self, request: &Request) -> Result<Option<Response>, SessionError> {
        #[cfg(feature = "multi-check")]
        if let Some(response) = self.handle_multi_check(request)? {
            return Ok(Some(response));
        }
        if let Request::MultiLoad { scenario } = request {
            self.multi = Some(multi::MultiLoaded::load(scenario, self.budgets)?);
            self.seen = 0;
            // A search of the scenario before ends with it.
            #[cfg(feature = "multi-check")]
            {
                self.multi_check = None;
            }
        } else {
            let m = match request {
                Request::MultiStep { .. }
                | Request::MultiRunUntil { .. }
                | Request::MultiAct { .. }
                | Request::MultiSeek { .. }
                | Request::MultiSeekStep { .. }
                | Request::MultiSwitchBranch { .. }
                | Request::MultiTrace => self.multi.as_mut().ok_or(SessionError::NotLoaded)?,
                _ => return Ok(None),
            };
            match request {
                Request::MultiStep { count } => m.step(count.unwrap_or(1))?,
                Request::MultiRunUntil { time } => m.run_until(*time)?,
                Request::MultiAct { action, at } => m.act(action.clone(), *at)?,
                Request::MultiSeek { position } => m.seek(*position)?,
                Request::MultiSeekStep { step } => m.seek_step(*step)?,
                Request::MultiSwitchBranch { branch } => {
                    let parted = m.switch_branch(*branch)?;
                    // The page's lines after the branches part are the other branch's: resend them.
                    self.seen = self.seen.min(parted);
                }
                Request::MultiTrace => return Ok(Some(Response::Trace { text: m.trace_text()? })),
                _ => unreachable!("listed above"),
            }
        }
        let m = self.multi.as_mut().expect("loaded above");
        let step = m.sim().step_number();
        let since = self.seen.min(step);
        self.seen = step;
        Ok(Some(Response::MultiUpdate {
            since,
            lines: m.take_lines_since(since),
            view: Box::new(m.view()),
            history: m.history(),
        }))
    }

    /// Starts over with `sim`; a model-checking search of the old one ends.
    fn load(&mut self, sim: Simulation) {
        #[cfg(feature = "classroom")]
        {
            self.check = None;
        }
        self.loaded = Some(Loaded::new(sim, self.budgets));
        self.seen = 0;
    }

    fn update(&mut self) -> Response {
        let l = self.loaded.as_mut().expect("a loaded session");
        #[cfg(feature = "classroom")]
        let goal_met = self.goal.as_ref().map(|g| g.met(&l.sim));
        #[cfg(not(feature = "classroom"))]
        let goal_met = None;
        update(l, &mut self.seen, goal_met)
    }
}

/// The page's update of a Basic Paxos timeline: the trace lines after those it has (`seen`,
/// which becomes the last step), the snapshot, the timeline's shape.
fn update<P: paxos_sim::Senator>(
    l: &mut Loaded<paxos_sim::Basic<P>>,
    seen: &mut u64,
    goal_met: Option<bool>,
) -> Response {
    let step = l.sim.step_number();
    let since = (*seen).min(step);
    let lines = l.lines_since(since);
    // The page has them now: the session keeps none (a replay writes them again).
    l.sim.take_lines();
    *seen = step;
    let history = l.history();
    Response::Update { since, lines, snapshot: Box::new(l.sim.snapshot()), history, goal_met }
}

#[cfg(feature = "classroom")]
mod classroom;
mod history;
#[cfg(feature = "multi")]
pub mod multi;
#[cfg(feature = "multi-check")]
pub mod multicheck;
#[cfg(feature = "node")]
pub mod node;
mod read;
#[cfg(test)]
mod refusals;
#[cfg(any(feature = "node", feature = "multi-check"))]
mod searched;
#[cfg(test)]
mod tests;
mod timeline;
#[cfg(all(test, feature = "lab"))]
mod written;
