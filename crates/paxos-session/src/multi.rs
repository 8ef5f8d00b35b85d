//! The Multi-Paxos view's side of the worker protocol: its actions, and its simulation on
//! the timeline every protocol uses.

use paxos::Time;

use crate::timeline::Loaded;
use crate::{Budget, Budgets, SessionError};
use paxos_sim::json::{Fault, FromJson, Json};
use paxos_sim::multi::{client_op, Multi, MultiLine, MultiSimulation, MultiView, WireOp};
use paxos_sim::scenario::{
    partition_action, wire_op, Action, LinkSpec, NetworkSpec, Pick, Protocol, Scenario, ScenarioError,
    CLIENT_FIELDS,
};

/// A person's action in the Multi-Paxos view: `{"action": "crash", "node": "S2"}`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(tag = "action", rename_all = "camelCase"))]
pub enum MultiAction {
    /// A client sends an operation to `server`: `{"action":"client","server":"S2","op":"getData","path":"/laws"}`.
    Client {
        server: String,
        #[cfg_attr(feature = "ts", ts(flatten))]
        op: WireOp,
    },
    Crash {
        node: String,
    },
    Restart {
        node: String,
    },
    Partition {
        groups: Vec<Vec<String>>,
    },
    Heal,
    SetNetwork {
        network: NetworkSpec,
    },
    SetLink {
        link: LinkSpec,
    },
    /// The server's timer runs out at the action's moment, whenever it was set for: a
    /// leader sends its heartbeats, anyone else starts an election.
    Timeout {
        node: String,
    },
    /// A message copy in flight reaches its receiver now (a manual network holds them).
    Deliver {
        id: u64,
    },
    /// A message copy in flight is lost.
    Drop {
        id: u64,
    },
    /// A message copy in flight is copied; the copy has its own id.
    Duplicate {
        id: u64,
    },
}

impl FromJson for MultiAction {
    fn read(json: &Json) -> Result<MultiAction, Fault> {
        const WHAT: &str = "an action";
        const ACTIONS: &[&str] = &[
            "client",
            "crash",
            "restart",
            "partition",
            "heal",
            "setNetwork",
            "setLink",
            "timeout",
            "deliver",
            "drop",
            "duplicate",
        ];
        let f = |names: &'static [&'static str]| json.fields(WHAT, "action", names);
        Ok(match json.tag_name("action", WHAT, ACTIONS)? {
            "client" => {
                let f = f(CLIENT_FIELDS)?;
                MultiAction::Client { server: f.req("server")?, op: wire_op(&f)? }
            }
            "crash" => MultiAction::Crash { node: f(&["node"])?.req("node")? },
            "restart" => MultiAction::Restart { node: f(&["node"])?.req("node")? },
            "partition" => MultiAction::Partition { groups: f(&["groups"])?.req("groups")? },
            "heal" => f(&[]).map(|_| MultiAction::Heal)?,
            "setNetwork" => MultiAction::SetNetwork { network: f(&["network"])?.req("network")? },
            "setLink" => MultiAction::SetLink { link: f(&["link"])?.req("link")? },
            "timeout" => MultiAction::Timeout { node: f(&["node"])?.req("node")? },
            "deliver" => MultiAction::Deliver { id: f(&["id"])?.req("id")? },
            "drop" => MultiAction::Drop { id: f(&["id"])?.req("id")? },
            "duplicate" => MultiAction::Duplicate { id: f(&["id"])?.req("id")? },
            _ => unreachable!("tag_name answers one of ACTIONS"),
        })
    }
}

/// A loaded Multi-Paxos simulation, on the timeline every protocol uses ([`Loaded`]):
/// every event and action an input, branches when the past is changed, checkpoints.
pub(crate) struct MultiLoaded {
    loaded: Loaded<Multi>,
    /// The scenario as loaded, for a model-checking search of it.
    #[cfg(feature = "multi-check")]
    pub(crate) scenario: String,
}

impl MultiLoaded {
    pub(crate) fn load(json: &str, budgets: Budgets) -> Result<MultiLoaded, SessionError> {
        let plan = Scenario::parse(json)?;
        if plan.protocol != Protocol::Multi {
            return Err(ScenarioError::Invalid {
                path: "protocol".into(),
                message: "this view runs \"multi\" scenarios; open a basic one in the Basic Paxos view"
                    .into(),
            }
            .into());
        }
        budgets.check_nodes(&plan)?;
        let loaded = Loaded::new(MultiSimulation::new(plan, true), budgets);
        Ok(MultiLoaded {
            loaded,
            #[cfg(feature = "multi-check")]
            scenario: json.to_string(),
        })
    }

    pub(crate) fn sim(&self) -> &MultiSimulation {
        &self.loaded.sim
    }

    /// The timeline's shape: where we are, on which branch, and the branches.
    pub(crate) fn history(&self) -> crate::wire::History {
        self.loaded.history()
    }

    /// The trace lines after step `since`; the timeline keeps none after (a replay writes
    /// them again).
    pub(crate) fn take_lines_since(&mut self, since: u64) -> Vec<MultiLine> {
        let lines = self.loaded.lines_since(since);
        self.loaded.sim.take_lines();
        lines
    }

    /// The whole trace up to now, written again by a replay.
    pub(crate) fn trace_text(&mut self) -> Result<String, SessionError> {
        self.loaded.trace_text()
    }

    pub(crate) fn view(&self) -> MultiView {
        self.loaded.sim.view()
    }

    /// Processes `count` events (fewer if the queue runs dry), within the budgets; refused,
    /// it changes nothing.
    pub(crate) fn step(&mut self, count: u32) -> Result<(), SessionError> {
        let Budgets { events, multi_events, .. } = self.loaded.budgets;
        if u64::from(count) > events {
            return Err(SessionError::Budget(Budget::Events(events)));
        }
        if self.loaded.sim.stats().events + u64::from(count) > multi_events {
            return Err(SessionError::Budget(Budget::MultiEvents(multi_events)));
        }
        self.within(|l| {
            for _ in 0..count {
                if !l.forward()? {
                    break;
                }
            }
            Ok(())
        })
    }

    /// Every event up to `time`, then the clock to `time`, within the budgets; refused, it
    /// changes nothing.
    pub(crate) fn run_until(&mut self, time: u64) -> Result<(), SessionError> {
        self.within(|l| {
            l.run_until(Time(time))?;
            events_within(l)
        })
    }

    /// A person's action at their moment `at` (the simulator catches up first: one request
    /// for what would otherwise be two); refused, it changes nothing.
    pub(crate) fn act(&mut self, action: MultiAction, at: Option<u64>) -> Result<(), SessionError> {
        let action = self.resolve(action)?;
        self.within(|l| {
            l.at_moment(at, |l| l.act_within(action))?;
            events_within(l)
        })
    }

    /// Goes to the moment after `position` inputs of the branch.
    pub(crate) fn seek(&mut self, position: usize) -> Result<(), SessionError> {
        self.within(|l| l.seek_to(position))
    }

    /// Continues at the end of branch `branch`; returns the trace step where the branches part.
    pub(crate) fn switch_branch(&mut self, branch: usize) -> Result<u64, SessionError> {
        let mut parted = 0;
        self.within(|l| l.switch_to(branch).map(|p| parted = p))?;
        Ok(parted)
    }

    /// Goes to the moment right after trace step `step` was written.
    pub(crate) fn seek_step(&mut self, step: u64) -> Result<(), SessionError> {
        self.within(|l| l.seek_step(step))
    }

    /// Runs `f` on the timeline; refused, the timeline is as it was.
    fn within(
        &mut self,
        f: impl FnOnce(&mut Loaded<Multi>) -> Result<(), SessionError>,
    ) -> Result<(), SessionError> {
        let mark = self.loaded.mark();
        let done = f(&mut self.loaded);
        if done.is_err() {
            self.loaded.rollback(mark);
        }
        done
    }

    fn resolve(&self, action: MultiAction) -> Result<Action, SessionError> {
        let sim = &self.loaded.sim;
        let names = sim.names();
        let id = |n: &str| sim.node_id(n);
        Ok(match action {
            MultiAction::Client { server, op } => {
                let server = id(&server)?;
                let op_session = op.session;
                let op = client_op(&op)
                    .map_err(|(field, message)| ScenarioError::Invalid { path: field.into(), message })?;
                Action::Client { server, op, session: op_session }
            }
            MultiAction::Crash { node } => Action::Crash(id(&node)?),
            MultiAction::Restart { node } => Action::Restart(id(&node)?),
            MultiAction::Partition { groups } => partition_action(&groups, names, "groups")?,
            MultiAction::Heal => Action::Heal,
            MultiAction::SetNetwork { network } => Action::SetNetwork(network),
            MultiAction::SetLink { link } => link.action(names, "link")?,
            MultiAction::Timeout { node } => Action::Fire(id(&node)?),
            MultiAction::Deliver { id } => Action::Deliver(Pick::Id(id)),
            MultiAction::Drop { id } => Action::Drop(Pick::Id(id)),
            MultiAction::Duplicate { id } => Action::Duplicate(Pick::Id(id)),
        })
    }
}

/// Refuses a timeline whose simulation has processed more events than the budget allows.
fn events_within(l: &Loaded<Multi>) -> Result<(), SessionError> {
    let cap = l.budgets.multi_events;
    match l.sim.stats().events > cap {
        true => Err(SessionError::Budget(Budget::MultiEvents(cap))),
        false => Ok(()),
    }
}

#[cfg(all(test, feature = "multi"))]
mod tests {
    use crate::{Request, Response, Session};

    fn example(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../../examples/scenarios/{name}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
    }

    fn update(r: Response) -> (u64, usize, Box<paxos_sim::multi::MultiView>, usize, usize) {
        match r {
            Response::MultiUpdate { since, lines, view, history } => {
                (since, lines.len(), view, history.position, history.length)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_page_runs_acts_and_steps_back_in_the_multi_view() {
        let mut s = Session::new();
        let load = Request::MultiLoad { scenario: example("multi-stale-read-then-sync.json") };
        let (_, _, view, position, _) = update(s.handle(load).unwrap());
        assert_eq!((view.time, position), (0, 0));
        let (_, lines, view, ..) = update(s.handle(Request::MultiRunUntil { time: 1_000 }).unwrap());
        assert!(lines > 0);
        assert_eq!(view.leader.as_deref(), Some("S1"));
        assert_eq!(view.requests.len(), 5);
        let act =
            |json: &str| Request::MultiAct { action: paxos_sim::json::from_str(json).unwrap(), at: None };
        let (.., view, position, length) = update(
            s.handle(act(r#"{"action":"client","server":"S2","op":"getData","path":"/laws/electricity"}"#))
                .unwrap(),
        );
        // Every event up to 1,000 ms is an input of the timeline, and so is the action.
        assert_eq!((position, length), (79, 79));
        assert_eq!(view.requests.last().unwrap().result.as_ref().unwrap().data.as_deref(), Some("2元/度"));
        if std::env::var_os("DUMP_MULTI_UPDATE").is_some() {
            let r = s.handle(Request::MultiStep { count: Some(3) }).unwrap();
            std::fs::write("/tmp/multi-update.json", serde_json::to_string_pretty(&r).unwrap()).unwrap();
        }
        // Back to the start, then a new action: the old future is gone.
        let (since, _, view, position, length) =
            update(s.handle(Request::MultiSeek { position: 0 }).unwrap());
        assert_eq!((since, view.time, position, length), (0, 0, 0, length));
        let (.., position, length) = update(s.handle(act(r#"{"action":"crash","node":"S2"}"#)).unwrap());
        assert_eq!((position, length), (1, 1));
        // A refused action changes nothing and says why.
        let err = s.handle(act(r#"{"action":"crash","node":"S2"}"#)).unwrap_err();
        assert_eq!(err.to_string(), "S2 is already down");
        let err =
            s.handle(act(r#"{"action":"client","server":"S1","op":"create","path":"laws"}"#)).unwrap_err();
        assert!(err.to_string().contains("path"), "{err}");
    }

    #[test]
    #[cfg(feature = "multi-check")]
    fn the_view_checks_its_scenario_in_slices_and_opens_the_counterexample_the_cli_writes() {
        let file = |p: &str| {
            std::fs::read_to_string(format!("{}/../../examples/check/{p}", env!("CARGO_MANIFEST_DIR")))
                .unwrap()
        };
        let mut s = Session::new();
        let load = Request::MultiLoad { scenario: file("multi-broken-sync-without-quorum.json") };
        s.handle_multi_view(load).unwrap();
        let report = |r: Response| match r {
            Response::MultiCheck { report, start, path } => (report, start, path),
            other => panic!("{other:?}"),
        };
        let err = s.handle_multi_view(Request::MultiCheckStart {
            max_round: Some(9),
            crash: false,
            max_states: None,
        });
        assert!(err.unwrap_err().to_string().contains("rounds up to 3"), "the bounds are the page's");
        let start = Request::MultiCheckStart { max_round: Some(2), crash: false, max_states: None };
        let (first, from, _) = report(s.handle_multi_view(start).unwrap());
        assert_eq!(first.outcome, "running");
        assert_eq!((from.at, from.leader.as_deref()), (Some(149), Some("S1")));
        let err = s.handle_multi_view(Request::MultiCheckScenario).unwrap_err();
        assert_eq!(err.to_string(), "the check found nothing to load");
        let mut runs = 0;
        let (last, _, path) = loop {
            runs += 1;
            let r = report(s.handle_multi_view(Request::MultiCheckRun { budget: Some(200) }).unwrap());
            if r.0.outcome != "running" {
                break r;
            }
        };
        assert!(runs > 2, "{runs} slices");
        assert_eq!(
            (last.outcome, last.property.as_deref(), last.moves),
            ("found", Some("sync-sees-acknowledged-writes"), Some(7))
        );
        assert_eq!(
            paxos_sim::json::write::to_string(&path[6]),
            r#"{"move":"request","node":"S1","id":2,"op":"sync"}"#
        );
        let Response::MultiScenario { text } = s.handle_multi_view(Request::MultiCheckScenario).unwrap()
        else {
            panic!()
        };
        assert_eq!(
            text,
            file("counterexamples/multi-sync-without-quorum.json"),
            "the same file paxos-sim check writes"
        );
        // Opening it ends the search.
        update(s.handle_multi_view(Request::MultiLoad { scenario: text }).unwrap());
        assert!(s.handle_multi_view(Request::MultiCheckRun { budget: None }).is_err());
    }

    #[test]
    #[cfg(feature = "multi-check")]
    fn a_check_in_the_page_stops_at_its_memory_budget_with_a_message() {
        let file = format!("{}/../../examples/check/multi-failover.json", env!("CARGO_MANIFEST_DIR"));
        let mut s = Session::new();
        // A meter that says the budget is spent.
        s.set_memory_meter(|| crate::multicheck::MULTI_CHECK_MEMORY + 1);
        s.handle_multi_view(Request::MultiLoad { scenario: std::fs::read_to_string(file).unwrap() }).unwrap();
        s.handle_multi_view(Request::MultiCheckStart { max_round: None, crash: false, max_states: None })
            .unwrap();
        let Response::MultiCheck { report, .. } =
            s.handle_multi_view(Request::MultiCheckRun { budget: Some(2_000) }).unwrap()
        else {
            panic!()
        };
        assert_eq!(report.outcome, "bounded");
        assert_eq!(report.detail.as_deref(), Some("stopped at the checker's memory budget of 1024 MiB"));
        assert!(report.distinct < 10_712, "it stopped early: {}", report.distinct);
    }

    #[test]
    fn each_view_refuses_the_other_protocols_scenarios() {
        let mut s = Session::new();
        let err = s.handle(Request::MultiLoad { scenario: example("island-race.json") }).unwrap_err();
        assert!(err.to_string().contains("runs \"multi\" scenarios"), "{err}");
        let err = s.handle(Request::Load { scenario: example("multi-two-leaders.json") }).unwrap_err();
        assert!(err.to_string().contains("this is a multi scenario"), "{err}");
        assert!(s.handle(Request::MultiStep { count: None }).is_err(), "nothing loaded");
    }

    #[test]
    fn the_multi_view_build_answers_its_requests_and_refuses_basic_ones() {
        let mut s = Session::new();
        let load = Request::MultiLoad { scenario: example("multi-leader-failover.json") };
        update(s.handle_multi_view(load).unwrap());
        update(s.handle_multi_view(Request::MultiStep { count: Some(5) }).unwrap());
        let Response::Trace { text: before } = s.handle_multi_view(Request::MultiTrace).unwrap() else {
            panic!()
        };
        let err = s.handle_multi_view(Request::Load { scenario: example("island-race.json") }).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the Multi-Paxos view's simulator answers only the view's requests (multiLoad, multiStep, …)"
        );
        assert!(s.handle_multi_view(Request::Step { count: None }).is_err());
        let Response::Trace { text: after } = s.handle_multi_view(Request::MultiTrace).unwrap() else {
            panic!()
        };
        assert_eq!(before, after, "a refused request changes nothing");
    }

    #[test]
    fn seeking_replays_to_the_same_state() {
        let mut s = Session::new();
        s.handle(Request::MultiLoad { scenario: example("multi-leader-failover.json") }).unwrap();
        for _ in 0..150 {
            s.handle(Request::MultiStep { count: Some(3) }).unwrap();
        }
        let Response::Trace { text: whole } = s.handle(Request::MultiTrace).unwrap() else { panic!() };
        s.handle(Request::MultiSeek { position: 70 }).unwrap();
        let (.., view, _, _) = update(s.handle(Request::MultiSeek { position: 450 }).unwrap());
        let Response::Trace { text } = s.handle(Request::MultiTrace).unwrap() else { panic!() };
        let differ = text.lines().zip(whole.lines()).position(|(a, b)| a != b);
        assert_eq!(
            (differ, text.lines().count()),
            (None, whole.lines().count()),
            "back and forth: the same trace"
        );
        assert!(view.step > 0);
    }

    #[test]
    fn seek_step_lands_right_after_that_line() {
        let mut s = Session::new();
        s.handle(Request::MultiLoad { scenario: example("multi-leader-failover.json") }).unwrap();
        for _ in 0..100 {
            s.handle(Request::MultiStep { count: Some(3) }).unwrap();
        }
        let (_, _, view, position, length) = update(s.handle(Request::MultiSeekStep { step: 120 }).unwrap());
        assert!(view.step >= 120 && position < length, "at step {} of {length} inputs", view.step);
        // One input can write several lines: the moment is the first that has step 120.
        let before = view.step;
        let (.., view, at, _) = update(s.handle(Request::MultiSeek { position: position - 1 }).unwrap());
        assert!(view.step < 120, "one input earlier, step {} (then {before}), position {at}", view.step);
        let err = s.handle(Request::MultiSeekStep { step: 1_000_000 }).unwrap_err();
        let (.., again, _, _) = update(s.handle(Request::MultiSeek { position: at }).unwrap());
        assert_eq!(again.step, view.step, "a refused seek changes nothing ({err})");
    }

    #[test]
    fn acting_in_the_past_starts_a_branch_and_switching_back_resends_the_other_lines() {
        let mut s = Session::new();
        s.handle(Request::MultiLoad { scenario: example("multi-leader-failover.json") }).unwrap();
        for _ in 0..60 {
            s.handle(Request::MultiStep { count: Some(3) }).unwrap();
        }
        let Response::Trace { text: first } = s.handle(Request::MultiTrace).unwrap() else { panic!() };
        s.handle(Request::MultiSeek { position: 40 }).unwrap();
        let crash = super::MultiAction::Crash { node: "S3".into() };
        let Response::MultiUpdate { history, .. } =
            s.handle(Request::MultiAct { action: crash, at: None }).unwrap()
        else {
            panic!()
        };
        assert_eq!((history.branch, history.branches.len(), history.position), (1, 2, 41));
        assert_eq!((history.branches[1].fork_at, history.branches[1].parent), (40, Some(0)));
        let Response::MultiUpdate { since, lines, history, .. } =
            s.handle(Request::MultiSwitchBranch { branch: 0 }).unwrap()
        else {
            panic!()
        };
        assert_eq!((history.branch, history.position, history.length), (0, 180, 180));
        let Response::Trace { text } = s.handle(Request::MultiTrace).unwrap() else { panic!() };
        assert_eq!(text, first, "the first branch, as it was");
        let kept =
            first.lines().skip(1).take_while(|l| !l.contains(&format!("\"step\":{},", since + 1))).count();
        assert_eq!(
            kept as u64,
            since,
            "the lines from where the branches part are sent again ({} of them)",
            lines.len()
        );
        assert!(s.handle(Request::MultiSwitchBranch { branch: 2 }).is_err());
    }

    #[test]
    fn an_action_at_the_pages_moment_catches_up_first_in_one_request() {
        let mut s = Session::new();
        s.handle(Request::MultiLoad { scenario: example("multi-leader-failover.json") }).unwrap();
        let crash =
            |at| Request::MultiAct { action: super::MultiAction::Crash { node: "S3".into() }, at: Some(at) };
        let (_, lines, view, position, _) = update(s.handle(crash(250)).unwrap());
        assert_eq!(view.time, 250);
        assert!(
            !view.servers[2].up && position > 1,
            "every event up to 250 ms, then the crash ({lines} lines)"
        );
        let Response::Trace { text } = s.handle(Request::MultiTrace).unwrap() else { panic!() };
        let crashed = text.lines().find(|l| l.contains("\"event\":\"crash\"")).expect("a crash line");
        assert!(crashed.contains("\"time\":250"), "{crashed}");
        // Refused (S3 is down already): nothing changes, the clock neither.
        assert!(s.handle(crash(400)).is_err());
        let Response::Trace { text: after } = s.handle(Request::MultiTrace).unwrap() else { panic!() };
        assert_eq!(after, text, "a refused action changes nothing");
        let (_, _, view, _, _) = update(s.handle(Request::MultiStep { count: Some(0) }).unwrap());
        assert_eq!(view.time, 250);
    }
}
