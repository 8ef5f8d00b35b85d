//! The classroom's side of the worker protocol: exercises and the model checker (search,
//! spec mode, putting a counterexample on the timeline). Only in builds with the
//! `classroom` feature: the lighter wasm the Basic Paxos page loads first refuses these
//! requests, and the page's worker then switches to the build that has them.

use paxos::{Ballot, Time, Value};
use paxos_check::model::{Bound, Goal, Model, Outcome, Search};

use super::*;
use paxos_check::counterexample::{self, Stage};
use paxos_sim::scenario::{Action, NetworkMode, NetworkSpec};
use paxos_sim::ActionError;

/// The most states one `checkRun` explores: about a second in the browser's worker.
pub const MAX_CHECK_RUN: u64 = 1_000_000;

/// The memory a search from the page may hold (its table of fingerprints and frontier).
pub const CHECK_MEMORY: u64 = 1 << 30;

/// The most distinct states a search from the page explores unless asked for fewer. The
/// memory budget is what bounds it: a state seen costs about 21 bytes, one waiting about
/// 25 more, so 50 million fit in [`CHECK_MEMORY`] (island-race with rounds up to 3 has
/// 21,389,961 and is exhausted in about two minutes).
pub const CHECK_STATES: u64 = 50_000_000;

/// The most distinct states `checkSpec` explores (Paxos.tla with 3 acceptors, 2 values and
/// ballots 0 and 1 has 3,921, as TLC counts them).
pub const MAX_SPEC_STATES: u64 = 2_000_000;

/// A search started from the page.
pub(super) struct CheckJob {
    search: Search,
    from: CheckFrom,
}

impl Session {
    /// The classroom's requests; `None` for the others.
    pub(super) fn handle_classroom(&mut self, request: &Request) -> Result<Option<Response>, SessionError> {
        match request {
            Request::LoadExercise { exercise } => {
                let ex = paxos_sim::exercise::Exercise::parse(exercise)?;
                let plan = ex.scenario.plan()?;
                self.budgets.check_nodes(&plan)?;
                self.load(Simulation::new(plan, true));
                self.goal = Some(ex.goal);
                Ok(Some(self.update()))
            }
            Request::CheckSpec { acceptors, values, max_ballot } => {
                if !(1..=5).contains(acceptors) || !(1..=3).contains(values) || *max_ballot > 3 {
                    return Err(SessionError::Check(
                        "spec mode takes 1 to 5 acceptors, 1 to 3 values and ballots up to 3".into(),
                    ));
                }
                let model = paxos_check::tla::SpecModel {
                    acceptors: *acceptors,
                    values: *values,
                    max_ballot: *max_ballot,
                };
                let r = paxos_check::tla::explore(&model, MAX_SPEC_STATES).ok_or_else(|| {
                    SessionError::Check(format!(
                        "spec mode explores at most {} states in the page, and this spec has more: take fewer acceptors, values or ballots (paxos-sim check --spec has no such bound)",
                        Thousands(MAX_SPEC_STATES)
                    ))
                })?;
                Ok(Some(Response::Spec {
                    distinct: r.distinct,
                    generated: r.generated,
                    depth: r.depth,
                    safe: r.safe,
                }))
            }
            Request::CheckRun { budget } => {
                let budget = budget.unwrap_or(10_000);
                if budget > MAX_CHECK_RUN {
                    return Err(SessionError::Check(format!(
                        "checkRun explores at most {} states at a time: ask again for more",
                        Thousands(MAX_CHECK_RUN)
                    )));
                }
                let job = self.check.as_mut().ok_or(SessionError::NoCheck)?;
                job.search.run(budget);
                Ok(Some(Response::Check { report: view(job.search.report()) }))
            }
            Request::CheckStop => {
                self.check = None;
                Ok(Some(self.update_or_nothing()))
            }
            Request::CheckStart { spec } => {
                let l = self.loaded.as_ref().ok_or(SessionError::NotLoaded)?;
                let search = start_search(&l.sim, spec)?;
                let report = view(search.report());
                self.check = Some(CheckJob { search, from: spec.from });
                Ok(Some(Response::Check { report }))
            }
            Request::CheckLoad => self.load_path().map(Some),
            _ => Ok(None),
        }
    }

    fn update_or_nothing(&mut self) -> Response {
        match self.loaded {
            Some(_) => self.update(),
            None => Response::Check { report: view_empty() },
        }
    }

    /// Puts the path found on the timeline and goes to its start: from the start, a fresh
    /// simulation of the same cluster with a manual network; from here, a new branch at
    /// the current moment, which first makes the network manual. Refused, it changes nothing.
    fn load_path(&mut self) -> Result<Response, SessionError> {
        let job = self.check.as_ref().ok_or(SessionError::NoCheck)?;
        let Outcome::Found { path, .. } = &job.search.report().outcome else {
            return Err(SessionError::NothingFound);
        };
        let (model, path, from) = (job.search.model().clone(), path.clone(), job.from);
        let l = self.loaded.as_mut().ok_or(SessionError::NotLoaded)?;
        // A search belongs to the simulation it started from ([`Session::load`] ends it).
        if model.names != l.sim.plan().names {
            return Err(SessionError::NoCheck);
        }
        match from {
            CheckFrom::Start => {
                let mut plan = counterexample::plan(&model);
                plan.title = l.sim.plan().title.clone();
                let mut fresh = Loaded::new(Simulation::new(plan, true), l.budgets);
                counterexample::play(&mut fresh, &model, &path)?;
                fresh.seek(0);
                *l = fresh;
                self.seen = 0;
            }
            CheckFrom::Here => {
                let mark = l.mark();
                let manual = NetworkSpec { mode: NetworkMode::Manual, ..l.sim.network().clone() };
                let played = l
                    .act(Action::SetNetwork(manual))
                    .map_err(SessionError::from)
                    .and_then(|()| counterexample::play(l, &model, &path).map_err(SessionError::from))
                    .and_then(|()| l.room());
                if let Err(e) = played {
                    l.rollback(mark);
                    return Err(e);
                }
                l.seek(mark.position);
            }
        }
        Ok(self.update())
    }
}

impl Stage for Loaded {
    fn sim(&self) -> &Simulation {
        &self.sim
    }
    fn act(&mut self, at: Time, action: Action) -> Result<(), ActionError> {
        self.act_at(at, action)
    }
}

/// Builds the model and the search a check request asks for.
fn start_search(sim: &Simulation, spec: &CheckSpec) -> Result<Search, SessionError> {
    let plan = sim.plan();
    let node = |name: &str| sim.node_id(name).map_err(SessionError::from);
    let value = |v: &str| Value::new(v).map_err(|e| SessionError::Check(e.to_string()));
    let mut proposals = Vec::new();
    if spec.from == CheckFrom::Start {
        proposals.extend(plan.script.iter().filter_map(|(_, a)| match a {
            Action::Propose { node, value } => Some((*node, value.clone())),
            _ => None,
        }));
    }
    for p in &spec.proposals {
        proposals.push((node(&p.node)?, value(&p.value)?));
    }
    if proposals.len() > 64 {
        return Err(SessionError::Check("a check explores at most 64 proposals".into()));
    }
    let seen = sim.hosts().iter().map(|h| h.node.proposer().max_round()).max().unwrap_or(0);
    let max_round = spec.max_round.unwrap_or(if spec.from == CheckFrom::Start { 2 } else { seen + 1 });
    let model = Model {
        names: plan.names.clone(),
        config: plan.config,
        proposals,
        max_round,
        drop: spec.drop,
        duplicate: spec.duplicate,
        crashes: u8::from(spec.crash),
        max_states: spec.max_states.unwrap_or(CHECK_STATES),
        max_memory: CHECK_MEMORY,
        proposed_before: match spec.from {
            CheckFrom::Start => Vec::new(),
            CheckFrom::Here => sim.checker().proposals().iter().cloned().collect(),
        },
        symmetry: true,
    };
    let goal = match &spec.goal {
        GoalSpec::Violation => Goal::Violation,
        GoalSpec::Breaks { property } => Goal::Breaks(property.clone()),
        GoalSpec::Chosen { value: v } => Goal::Chosen(value(v)?),
        GoalSpec::Accepts { node: n, ballot } => {
            Goal::Accepts { node: node(n)?, ballot: Ballot::new(ballot.round, node(&ballot.node)?) }
        }
        GoalSpec::Learns { node: n, value: v } => Goal::Learns { node: node(n)?, value: value(v)? },
    };
    let start = match spec.from {
        CheckFrom::Start => model.initial(),
        CheckFrom::Here => counterexample::state_of(sim, &model),
    };
    Search::new(model, goal, start).map_err(|e| SessionError::Check(e.to_string()))
}

fn view(r: &paxos_check::model::Report) -> CheckView {
    let (outcome, property, detail, moves) = match &r.outcome {
        Outcome::Running => ("running", None, None, None),
        Outcome::Exhausted => ("exhausted", None, None, None),
        Outcome::Bounded(Bound::States) => ("bounded", None, None, None),
        Outcome::Bounded(Bound::Memory) => {
            ("bounded", None, Some(CheckView::memory_detail(CHECK_MEMORY)), None)
        }
        Outcome::Found { property, detail, path } => {
            ("found", Some(property.clone()), Some(detail.clone()), Some(path.len()))
        }
    };
    CheckView {
        explored: r.explored,
        distinct: r.distinct,
        generated: r.generated,
        depth: r.depth,
        outcome,
        property,
        detail,
        moves,
    }
}

/// The view of no search at all.
pub(super) fn view_empty() -> CheckView {
    CheckView {
        explored: 0,
        distinct: 0,
        generated: 0,
        depth: 0,
        outcome: "exhausted",
        property: None,
        detail: None,
        moves: None,
    }
}
