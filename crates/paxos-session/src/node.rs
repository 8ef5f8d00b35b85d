//! A student's own node on the island (docs/node-protocol.md): the Basic Paxos page's
//! requests on a timeline whose nodes are all answered by the student's program, and the
//! Check panel through the checker of any protocol. A request during which the program
//! broke the node protocol is refused with the request that showed it, and changes nothing.

use paxos_check::system::external::{self, ExternalSpec};
use paxos_check::system::{Search, Verdict};
use paxos_sim::external::{External, ExternalConfig, Runner};
use paxos_sim::scenario::Scenario;
use paxos_sim::world::World;
use paxos_sim::Basic;

use super::searched::check_view;
use super::timeline::Loaded;
use super::*;

/// The most states a check of a student's node explores unless asked for fewer: each new
/// (state, input) of a node is one call of the student's code.
pub const NODE_CHECK_STATES: u64 = 2_000_000;

/// The Basic Paxos session, with a student's nodes.
pub struct NodeSession {
    budgets: Budgets,
    runner: Runner,
    loaded: Option<Loaded<Basic<External>>>,
    seen: u64,
    check: Option<Search<ExternalSpec>>,
}

impl NodeSession {
    /// A session whose nodes `runner` asks.
    pub fn new(runner: Runner) -> NodeSession {
        NodeSession { budgets: Budgets::default(), runner, loaded: None, seen: 0, check: None }
    }

    pub fn handle(&mut self, request: Request) -> Result<Response, SessionError> {
        self.runner.begin_run();
        let checking = matches!(request, Request::CheckStart { .. } | Request::CheckRun { .. });
        let response = self.answer(request);
        match self.runner.take_fault() {
            // The refusal says what broke; the next request starts clean. A search that met
            // the fault went on without the node's answers: it is let go.
            Some(fault) => {
                if checking {
                    self.check = None;
                }
                Err(SessionError::Node(fault.to_string()))
            }
            None => response,
        }
    }

    fn answer(&mut self, request: Request) -> Result<Response, SessionError> {
        match request {
            Request::Load { scenario } => {
                let plan = Scenario::parse(&scenario)?;
                paxos_sim::basic_only(&plan)?;
                self.budgets.check_nodes(&plan)?;
                let loaded = Loaded::new(self.world(plan), self.budgets);
                if self.runner.fault().is_none() {
                    (self.loaded, self.seen, self.check) = (Some(loaded), 0, None);
                }
            }
            Request::Trace => {
                let l = self.loaded.as_mut().ok_or(SessionError::NotLoaded)?;
                return Ok(Response::Trace { text: l.trace_text()? });
            }
            Request::CheckStart { spec } => {
                let l = self.loaded.as_ref().ok_or(SessionError::NotLoaded)?;
                let search = start(&l.sim, &self.runner, &spec)?;
                let report = check_view(&search, None);
                self.check = Some(search);
                return Ok(Response::Check { report });
            }
            Request::CheckRun { budget } => {
                let budget = budget.unwrap_or(10_000);
                if budget > super::classroom::MAX_CHECK_RUN {
                    return Err(SessionError::Check(format!(
                        "checkRun explores at most {} states at a time: ask again for more",
                        Thousands(super::classroom::MAX_CHECK_RUN)
                    )));
                }
                let search = self.check.as_mut().ok_or(SessionError::NoCheck)?;
                self.runner.begin_search();
                search.explore(budget);
                return Ok(Response::Check { report: check_view(search, None) });
            }
            Request::CheckStop => {
                self.check = None;
                if self.loaded.is_none() {
                    return Ok(Response::Check { report: super::classroom::view_empty() });
                }
            }
            Request::CheckLoad => self.load_path()?,
            Request::LoadExercise { .. } | Request::CheckSpec { .. } => {
                return Err(SessionError::Check(
                    "exercises and spec mode use the playground's own node: stop your node first".into(),
                ))
            }
            request => {
                let l = self.loaded.as_mut().ok_or(SessionError::NotLoaded)?;
                let mark = l.mark();
                let done = l.handle(request, &mut self.seen);
                if done.is_err() || self.runner.fault().is_some() {
                    // Undone with the node answering again: the inputs replayed from the last
                    // checkpoint were answered before (and are remembered).
                    let fault = self.runner.take_fault();
                    l.rollback(mark);
                    if let Some(fault) = fault {
                        return Err(SessionError::Node(fault.to_string()));
                    }
                    done?;
                }
            }
        }
        let l = self.loaded.as_mut().ok_or(SessionError::NotLoaded)?;
        Ok(update(l, &mut self.seen, None))
    }

    /// A world of `plan` whose nodes the runner asks.
    fn world(&self, plan: paxos_sim::Plan) -> World<Basic<External>> {
        let config = ExternalConfig { names: plan.names.clone().into(), runner: self.runner.clone() };
        World::with_config(plan, config, true)
    }

    /// Puts the path found on a fresh timeline at its start: the scenario that replays it
    /// (a manual network, every move a scripted event), so stepping forward replays it.
    fn load_path(&mut self) -> Result<(), SessionError> {
        let search = self.check.as_ref().ok_or(SessionError::NoCheck)?;
        let Verdict::Found { property, detail, path } = &search.report().verdict else {
            return Err(SessionError::NothingFound);
        };
        let l = self.loaded.as_ref().ok_or(SessionError::NotLoaded)?;
        let title = format!("Counterexample: always(\"{property}\") broken");
        let (scenario, _) = external::scenario(search.spec(), l.sim.plan(), path, &title, detail)
            .map_err(SessionError::Check)?;
        let mut plan = scenario.plan()?;
        plan.title = l.sim.plan().title.clone();
        let until = paxos::Time(plan.until);
        let mut fresh = Loaded::new(self.world(plan), self.budgets);
        // Played through once, so that the path is the timeline ahead, then back to its start.
        fresh.run(until, |_| false, false)?;
        fresh.seek(0);
        if self.runner.fault().is_none() {
            (self.loaded, self.seen) = (Some(fresh), 0);
        }
        Ok(())
    }
}

/// A search of every interleaving of the loaded scenario's proposals on the student's nodes,
/// from its start.
fn start(
    sim: &World<Basic<External>>,
    runner: &Runner,
    spec: &CheckSpec,
) -> Result<Search<ExternalSpec>, SessionError> {
    if spec.from == CheckFrom::Here {
        return Err(SessionError::Check(
            "a check of your own node explores from the scenario's start".into(),
        ));
    }
    if !matches!(spec.goal, GoalSpec::Violation) {
        return Err(SessionError::Check("a check of your own node looks for any safety violation".into()));
    }
    let mut plan = sim.plan().clone();
    for p in &spec.proposals {
        let node = sim.node_id(&p.node)?;
        let value = paxos::Value::new(&p.value).map_err(|e| SessionError::Check(e.to_string()))?;
        plan.script.push((0, paxos_sim::Action::Propose { node, value }));
    }
    let crashes = u8::from(spec.crash);
    let max_round = spec.max_round.unwrap_or(1);
    let checked =
        ExternalSpec::from_plan(&plan, runner.clone(), max_round, crashes).map_err(SessionError::Check)?;
    Ok(Search::new(checked, spec.max_states.unwrap_or(NODE_CHECK_STATES)))
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

    use paxos_sim::external::Program;

    use super::*;

    const ISLAND: &str = include_str!("../../../examples/scenarios/island-race.json");

    /// A JavaScript node of examples/nodes under Node.js (the page runs the same file).
    struct Js(Child, ChildStdin, BufReader<ChildStdout>);

    impl Js {
        fn start(file: &str, export: &str) -> Runner {
            let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
            let mut child = Command::new("node")
                .args(["examples/nodes/run.mjs", file, export])
                .current_dir(root)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .expect("node runs the JavaScript nodes");
            let (stdin, stdout) = (child.stdin.take().unwrap(), child.stdout.take().unwrap());
            Runner::new(Js(child, stdin, BufReader::new(stdout)))
        }
    }

    impl Program for Js {
        fn ask(&mut self, request: &str) -> Result<String, String> {
            writeln!(self.1, "{request}").map_err(|e| e.to_string())?;
            let mut line = String::new();
            self.2.read_line(&mut line).map_err(|e| e.to_string())?;
            Ok(line)
        }
    }

    impl Drop for Js {
        fn drop(&mut self) {
            let _ = self.0.kill();
        }
    }

    fn snapshot(r: Response) -> Box<paxos_sim::snapshot::Snapshot> {
        match r {
            Response::Update { snapshot, .. } => snapshot,
            other => panic!("expected an update, got {other:?}"),
        }
    }

    fn check(s: &mut NodeSession, crash: bool) -> CheckView {
        let spec = CheckSpec {
            from: CheckFrom::Start,
            proposals: Vec::new(),
            max_round: Some(1),
            drop: false,
            duplicate: false,
            crash,
            goal: GoalSpec::Violation,
            max_states: None,
        };
        let Response::Check { report } = s.handle(Request::CheckStart { spec }).unwrap() else {
            panic!("a check report")
        };
        assert_eq!(
            report.outcome, "running",
            "a search that has not begun is running: the page asks it to go on"
        );
        loop {
            let Response::Check { report } = s.handle(Request::CheckRun { budget: Some(100_000) }).unwrap()
            else {
                panic!("a check report")
            };
            if report.outcome != "running" {
                return report;
            }
        }
    }

    #[test]
    fn a_students_node_runs_on_the_island_with_its_state_shown_and_its_check_exhausted() {
        let mut s = NodeSession::new(Js::start("examples/nodes/reference.js", "handle"));
        s.handle(Request::Load { scenario: ISLAND.into() }).unwrap();
        let snap = snapshot(s.handle(Request::RunUntilChosen { limit: None }).unwrap());
        assert_eq!(snap.chosen.as_ref().map(|c| c.value.as_str()), Some("2元/度"), "{snap:?}");
        assert!(snap.violations.is_empty());
        let s2 = &snap.nodes[1];
        assert!(
            s2.state.as_ref().is_some_and(|st| st
                .disk
                .contains("\"accepted\":{\"ballot\":{\"round\":1,\"node\":\"S2\"},\"value\":\"2元/度\"}")),
            "{s2:?}"
        );
        assert_eq!(
            s2.accepted.as_ref().map(|v| v.value.as_str()),
            Some("2元/度"),
            "what S2 said it accepted"
        );
        let report = check(&mut s, false);
        assert_eq!((report.outcome, report.distinct), ("exhausted", 18_216), "{report:?}");
    }

    #[test]
    fn a_broken_students_node_is_caught_by_the_check_and_its_counterexample_replays_on_the_island() {
        let mut s =
            NodeSession::new(Js::start("crates/paxos-cli/tests/nodes/broken.js", "acceptKeepsPromise"));
        s.handle(Request::Load { scenario: ISLAND.into() }).unwrap();
        let report = check(&mut s, false);
        assert_eq!(report.outcome, "found", "{report:?}");
        let property = report.property.clone().unwrap();
        let Response::Update { snapshot: snap, history, .. } = s.handle(Request::CheckLoad).unwrap() else {
            panic!()
        };
        assert!(snap.violations.is_empty(), "the counterexample waits at its start");
        assert!(history.position == 0 && history.length > 0, "the path is the timeline ahead: {history:?}");
        let snap = snapshot(s.handle(Request::Seek { position: history.length }).unwrap());
        assert_eq!(snap.violations.first().map(|v| v.property.as_str()), Some(property.as_str()), "{snap:?}");
    }

    #[test]
    fn a_fault_many_inputs_in_is_refused_and_leaves_the_timeline_exactly_as_it_was() {
        const DUEL: &str = include_str!("../../../examples/scenarios/duel-livelock.json");
        let mut s = NodeSession::new(Js::start("crates/paxos-cli/tests/nodes/faulty.js", "late"));
        s.handle(Request::Load { scenario: DUEL.into() }).unwrap();
        s.handle(Request::RunUntil { time: 1_500 }).unwrap();
        // Many inputs (a proposal each), so that undoing one replays from a checkpoint.
        for _ in 0..3 * paxos_session_checkpoint() {
            s.handle(Request::Propose { node: "S1".into(), value: "3元/度".into(), at: None }).unwrap();
        }
        let Response::Update { snapshot: before, history, .. } =
            s.handle(Request::RunUntil { time: 2_500 }).unwrap()
        else {
            panic!()
        };
        assert!(history.position > 2 * paxos_session_checkpoint(), "past a checkpoint: {history:?}");
        // Asked after 2 s, the node throws.
        let e = s
            .handle(Request::Propose { node: "S2".into(), value: "3元/度".into(), at: None })
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("your node broke the node protocol"), "{e}");
        let Response::Update { snapshot: after, history: again, .. } = s.handle(Request::Snapshot).unwrap()
        else {
            panic!()
        };
        assert_eq!((after, again), (before, history), "the refused request changed nothing");
    }

    fn paxos_session_checkpoint() -> usize {
        crate::CHECKPOINT_EVERY
    }

    #[test]
    fn a_reply_that_breaks_the_protocol_is_refused_with_its_request_and_changes_nothing() {
        let mut s = NodeSession::new(Js::start("crates/paxos-cli/tests/nodes/faulty.js", "misspelled"));
        let before = snapshot(s.handle(Request::Load { scenario: ISLAND.into() }).unwrap());
        let e = s.handle(Request::RunUntilChosen { limit: None }).unwrap_err().to_string();
        assert!(e.starts_with("your node broke the node protocol: the reply is not in the node protocol: send[0].msg.type: unknown variant `promis`"), "{e}");
        assert!(e.contains("\n  request: {\"node\":\"S1\""), "{e}");
        let after = snapshot(s.handle(Request::Snapshot).unwrap());
        assert_eq!((after.step, after.now), (before.step, before.now), "the refused request changed nothing");
    }
}
