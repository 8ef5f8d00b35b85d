//! The session as the page drives it: updates, errors, manual network, time travel.
//! (Most of them need the laboratory, feature "lab"; the first build's own are at the end.)
#![cfg_attr(not(feature = "lab"), allow(dead_code))]

use super::*;
use paxos_sim::scenario::NetworkSpec;
use paxos_sim::snapshot::Snapshot;
use paxos_sim::trace::TraceLine;

const ISLAND: &str = include_str!("../../../examples/scenarios/island-race.json");
const DUEL: &str = include_str!("../../../examples/scenarios/duel-livelock.json");
const STORY: &str = include_str!("../../../examples/scenarios/island-story-manual.json");

fn update(r: Response) -> (u64, Vec<TraceLine>, Snapshot, History) {
    match r {
        Response::Update { since, lines, snapshot, history, .. } => (since, lines, *snapshot, history),
        other => panic!("expected an update, got {other:?}"),
    }
}

fn send(s: &mut Session, r: Request) -> (u64, Vec<TraceLine>, Snapshot, History) {
    update(s.handle(r).unwrap())
}

fn loaded(json: &str) -> Session {
    let mut s = Session::new();
    s.handle(Request::Load { scenario: json.into() }).unwrap();
    s
}

/// The whole trace up to now, as the page exports it.
fn trace_text(s: &mut Session) -> String {
    match s.handle(Request::Trace).unwrap() {
        Response::Trace { text } => text,
        other => panic!("expected a trace, got {other:?}"),
    }
}

/// The whole trace's lines up to now.
fn whole(s: &mut Session) -> Vec<TraceLine> {
    paxos_sim::trace::parse(&trace_text(s)).unwrap().1
}

/// What the page would show after applying updates to its copy of the trace.
#[derive(Default)]
struct Page(Vec<TraceLine>);

impl Page {
    fn apply(&mut self, (since, lines, ..): &(u64, Vec<TraceLine>, Snapshot, History)) {
        self.0.truncate(*since as usize);
        self.0.extend(lines.iter().cloned());
    }
}

#[test]
#[cfg(feature = "lab")]
fn every_trace_line_reaches_the_page_exactly_once() {
    let mut s = Session::new();
    let mut page = Page::default();
    page.apply(&send(&mut s, Request::Load { scenario: ISLAND.into() }));
    for _ in 0..5 {
        page.apply(&send(&mut s, Request::Step { count: None }));
    }
    page.apply(&send(&mut s, Request::RunUntilIdle { limit: None }));
    assert_eq!(page.0, whole(&mut s));
    assert!(!page.0.is_empty());
}

#[test]
#[cfg(feature = "lab")]
fn errors_are_the_command_lines_messages() {
    let mut s = Session::new();
    assert_eq!(s.handle(Request::Heal { at: None }).unwrap_err().to_string(), "no scenario is loaded");
    let e = s.handle(Request::Load { scenario: "{".into() }).unwrap_err();
    assert_eq!(e.to_string(), "malformed JSON at line 1, column 1: EOF while parsing an object");
    s.handle(Request::Load { scenario: ISLAND.into() }).unwrap();
    let e = s.handle(Request::Propose { node: "S4".into(), value: "x".into(), at: None }).unwrap_err();
    assert_eq!(e.to_string(), "there is no node named \"S4\"; the nodes are S1, S2, S3");
    s.handle(Request::Crash { node: "S3".into(), at: None }).unwrap();
    let e = s.handle(Request::Propose { node: "S3".into(), value: "x".into(), at: None }).unwrap_err();
    assert_eq!(e.to_string(), "S3 is down: restart it before it can take a proposal");
    let e = s.handle(Request::Deliver { id: 999, at: None }).unwrap_err();
    assert_eq!(e.to_string(), "message 999 is not in flight: it was delivered or dropped already");
}

#[test]
fn requests_use_the_documented_json_shape() {
    let r = Request::from_json(r#"{"type":"runUntilChosen","limit":500}"#).unwrap();
    assert_eq!(r, Request::RunUntilChosen { limit: Some(500) });
    let r = Request::from_json(r#"{"type":"propose","node":"S1","value":"1元/度"}"#).unwrap();
    assert_eq!(r, Request::Propose { node: "S1".into(), value: "1元/度".into(), at: None });
    let r = Request::from_json(r#"{"type":"seekStep","step":12}"#).unwrap();
    assert_eq!(r, Request::SeekStep { step: 12 });
    assert!(Request::from_json(r#"{"type":"explode"}"#).is_err());
}

#[test]
#[cfg(feature = "lab")]
fn runs_like_the_command_line() {
    let mut s = loaded(ISLAND);
    s.handle(Request::RunUntilIdle { limit: Some(10_000) }).unwrap();
    let native = paxos_sim::run_scenario(ISLAND, None, true).unwrap();
    assert_eq!(trace_text(&mut s), native.trace_text());
}

#[test]
#[cfg(feature = "lab")]
fn manual_network_holds_every_message_until_a_person_acts() {
    let mut s = loaded(ISLAND);
    let manual = NetworkSpec { mode: paxos_sim::scenario::NetworkMode::Manual, ..NetworkSpec::default() };
    send(&mut s, Request::SetNetwork { network: manual, at: None });
    let (_, _, snap, _) = send(&mut s, Request::Step { count: Some(4) });
    let waiting: Vec<_> = snap.in_flight.iter().filter(|f| f.from != f.to).collect();
    assert!(!waiting.is_empty());
    assert!(waiting.iter().all(|f| f.arrives_at.is_none()), "nothing between nodes is scheduled");
    // Nothing happens by itself but the nodes' own messages and timers.
    let (_, _, snap, _) = send(&mut s, Request::RunUntil { time: 300 });
    assert!(snap.nodes.iter().all(|n| n.accepted.is_none()));
    let id = snap.in_flight.iter().find(|f| f.from == "S1" && f.to == "S3").unwrap().id;
    let (_, lines, _, _) = send(&mut s, Request::Deliver { id, at: None });
    assert!(matches!(lines[0].event, paxos_sim::trace::TraceEvent::Deliver { id: d } if d == id));
    let e = s.handle(Request::Drop { id, at: None }).unwrap_err();
    assert_eq!(e.to_string(), format!("message {id} is not in flight: it was delivered or dropped already"));
    send(&mut s, Request::Crash { node: "S2".into(), at: None });
    let (_, _, snap, _) = send(&mut s, Request::Snapshot);
    let to_s2 = snap.in_flight.iter().find(|f| f.to == "S2" && f.from != "S2").unwrap().id;
    assert_eq!(
        s.handle(Request::Deliver { id: to_s2, at: None }).unwrap_err().to_string(),
        "S2 is down: a message to it can only be dropped"
    );
    let (_, lines, _, _) = send(&mut s, Request::Duplicate { id: to_s2, at: None });
    assert!(matches!(lines[0].event, paxos_sim::trace::TraceEvent::Duplicate { id: d, .. } if d == to_s2));
}

#[test]
#[cfg(feature = "lab")]
fn the_island_story_plays_the_same_every_time() {
    let run = || {
        let mut s = loaded(STORY);
        s.handle(Request::RunUntilIdle { limit: Some(1_000) }).unwrap();
        trace_text(&mut s)
    };
    let text = run();
    assert_eq!(text, run());
    let sim = paxos_sim::run_scenario(STORY, None, true).unwrap();
    let chosen = sim.chosen().unwrap();
    assert_eq!((chosen.value.as_str(), chosen.ballot.to_string().as_str()), ("1元/度", "1.S1"));
    // S2's proposal loses: it learns S1's value and proposed it itself in phase 2.
    let s2 = &sim.hosts()[1].node;
    assert_eq!(s2.proposer().proposal().map(|v| v.as_str()), Some("1元/度"));
    assert_eq!(s2.learner().learned().map(|v| v.as_str()), Some("1元/度"));
    assert!(sim.violations().is_empty());
}

/// The snapshot after every position, by stepping forward once at a time.
fn states(json: &str, limit: u64) -> (Session, Vec<Snapshot>) {
    let mut s = loaded(json);
    let mut all = vec![send(&mut s, Request::Snapshot).2];
    loop {
        let before = s.loaded.as_ref().unwrap().position;
        let (_, _, snap, h) = send(&mut s, Request::Step { count: None });
        if h.position == before || snap.now > limit {
            break;
        }
        all.push(snap);
    }
    (s, all)
}

#[test]
#[cfg(feature = "lab")]
fn seeking_anywhere_gives_the_state_that_was_there() {
    let (mut s, all) = states(DUEL, 3_000);
    assert!(all.len() > 3 * CHECKPOINT_EVERY, "the history crosses several checkpoints");
    let mut page = Page::default();
    page.apply(&send(&mut s, Request::Seek { position: 0 }));
    for &p in &[all.len() - 1, 0, 5, 200, 64, 63, 65, 129, 128, 1, all.len() - 2, 77] {
        let u = send(&mut s, Request::Seek { position: p });
        assert_eq!(u.2, all[p], "position {p}");
        assert_eq!(u.3.position, p);
        assert_eq!(u.3.branches.len(), 1, "seeking never branches");
        page.apply(&u);
        assert_eq!(page.0, whole(&mut s), "the page's trace follows, position {p}");
    }
}

#[test]
#[cfg(feature = "lab")]
fn back_undoes_the_last_moment_and_step_redoes_it() {
    let (mut s, all) = states(ISLAND, 10_000);
    let end = all.len() - 1;
    let (_, _, snap, h) = send(&mut s, Request::Back { count: Some(3) });
    assert!(h.position < end && snap.step < all[end].step);
    let (_, _, snap, h) = send(&mut s, Request::Step { count: Some(3) });
    assert_eq!((snap, h.position), (all[end].clone(), end));
}

#[test]
#[cfg(feature = "lab")]
fn seek_step_lands_right_after_that_line() {
    let (mut s, _) = states(ISLAND, 10_000);
    let (_, _, snap, _) = send(&mut s, Request::SeekStep { step: 35 });
    assert!(snap.step >= 35);
    assert_eq!(snap.chosen.map(|c| c.step), Some(35), "step 35 of the island is the chosen line");
    // Steps 33 to 35 (S3 gets the accept, answers, the value is chosen) are one moment.
    let (_, _, snap, _) = send(&mut s, Request::SeekStep { step: 34 });
    assert_eq!(snap.step, 35);
    let (_, _, snap, _) = send(&mut s, Request::SeekStep { step: 32 });
    assert!(snap.chosen.is_none());
    assert!(s.handle(Request::SeekStep { step: 10_000 }).is_err());
}

#[test]
#[cfg(feature = "lab")]
fn doing_something_else_in_the_past_branches_and_the_old_branch_returns() {
    let (mut s, all) = states(ISLAND, 10_000);
    let end = all.len() - 1;
    let original = trace_text(&mut s);
    send(&mut s, Request::Seek { position: 10 });
    // Going back and doing the same as before does not branch...
    let (_, _, _, h) = send(&mut s, Request::Step { count: None });
    assert_eq!((h.branches.len(), h.position), (1, 11));
    // ...doing something else does.
    let (_, _, snap, h) = send(&mut s, Request::Crash { node: "S3".into(), at: None });
    assert_eq!(h.branches.len(), 2);
    assert_eq!((h.branch, h.position, h.length), (1, 12, 12));
    assert_eq!(h.branches[1], BranchView { length: 12, fork_at: 11, parent: Some(0) });
    assert!(!snap.nodes[2].up);
    send(&mut s, Request::RunUntilIdle { limit: Some(10_000) });
    let other = trace_text(&mut s);
    assert_ne!(other, original);
    // A rejected action in the past neither branches nor changes anything.
    send(&mut s, Request::Seek { position: 3 });
    assert!(s.handle(Request::Restart { node: "S3".into(), at: None }).is_err());
    let (_, _, _, h) = send(&mut s, Request::Snapshot);
    assert_eq!((h.branches.len(), h.position), (2, 3));
    // Back to the first branch, at its end, from the end of the second; the page's copy of
    // the trace follows.
    let length = send(&mut s, Request::Snapshot).3.length;
    send(&mut s, Request::Seek { position: length });
    let mut page = Page(whole(&mut s));
    let u = send(&mut s, Request::SwitchBranch { branch: 0 });
    page.apply(&u);
    assert_eq!(page.0, whole(&mut s), "switching resends the lines after the fork");
    let (_, _, snap, h) = u;
    assert_eq!((h.branch, h.position), (0, end));
    assert_eq!(snap, all[end]);
    assert_eq!(trace_text(&mut s), original);
    send(&mut s, Request::SwitchBranch { branch: 1 });
    assert_eq!(trace_text(&mut s), other);
}

#[test]
#[cfg(feature = "lab")]
fn a_cut_link_drops_and_a_slow_link_delays_only_its_messages() {
    use paxos_sim::scenario::LinkSpec;
    use paxos_sim::trace::TraceEvent;
    let mut s = loaded(ISLAND);
    let link = |cut, extra| LinkSpec { between: ["S3".into(), "S1".into()], cut, extra };
    send(&mut s, Request::SetLink { link: link(false, 1_000), at: None });
    let (_, _, snap, _) = send(&mut s, Request::Step { count: Some(2) });
    assert_eq!(
        snap.links,
        vec![paxos_sim::snapshot::LinkView { between: ["S1".into(), "S3".into()], cut: false, extra: 1_000 }]
    );
    let slow = snap.in_flight.iter().find(|f| f.from == "S1" && f.to == "S3").unwrap();
    assert!(slow.arrives_at.unwrap() >= 1_000);
    let fast = snap.in_flight.iter().find(|f| f.from == "S1" && f.to == "S2").unwrap();
    assert!(fast.arrives_at.unwrap() <= 100);
    send(&mut s, Request::SetLink { link: link(true, 0), at: None });
    let (_, lines, snap, _) = send(&mut s, Request::RunUntilIdle { limit: Some(10_000) });
    let dropped: Vec<u64> = lines
        .iter()
        .filter_map(|l| if let TraceEvent::Drop { id } = l.event { Some(id) } else { None })
        .collect();
    assert!(dropped.contains(&slow.id), "the cut link drops what was on it");
    assert!(snap.chosen.is_some(), "S1 and S2 still make a quorum");
    let e = s.handle(Request::SetLink {
        link: LinkSpec { between: ["S2".into(), "S2".into()], cut: true, extra: 0 },
        at: None,
    });
    assert_eq!(e.unwrap_err().to_string(), "link.between: a link joins two different nodes");
    // Mending restores the healthy default and lists nothing.
    let (_, _, snap, _) = send(&mut s, Request::SetLink { link: link(false, 0), at: None });
    assert!(snap.links.is_empty());
}

/// Exercises and the model checker: only in builds with the `classroom` feature.
#[cfg(feature = "classroom")]
mod classroom {
    use super::*;

    fn check(s: &mut Session, spec: CheckSpec) -> CheckView {
        let Response::Check { mut report } = s.handle(Request::CheckStart { spec }).unwrap() else {
            panic!()
        };
        while report.outcome == "running" {
            let Response::Check { report: r } = s.handle(Request::CheckRun { budget: Some(5_000) }).unwrap()
            else {
                panic!()
            };
            report = r;
        }
        report
    }

    fn spec(from: CheckFrom, goal: GoalSpec, max_round: u64) -> CheckSpec {
        CheckSpec {
            from,
            goal,
            max_round: Some(max_round),
            drop: false,
            duplicate: false,
            crash: false,
            max_states: None,
            proposals: Vec::new(),
        }
    }

    #[test]
    fn a_counterexample_from_the_start_loads_as_a_timeline_to_step_through() {
        let broken = include_str!("../../../examples/scenarios/broken-1-ignore-promised-values.json");
        let mut s = loaded(broken);
        let r = check(&mut s, spec(CheckFrom::Start, GoalSpec::Breaks { property: "agreement".into() }, 2));
        assert_eq!((r.outcome, r.moves), ("found", Some(8)), "{r:?}");
        let (_, _, snap, h) = send(&mut s, Request::CheckLoad);
        assert_eq!(h.position, 0, "at the start of the path");
        assert!(snap.violations.is_empty());
        assert_eq!(snap.network.mode, paxos_sim::scenario::NetworkMode::Manual);
        let (_, _, snap, h) = send(&mut s, Request::RunUntilIdle { limit: Some(1_000_000) });
        assert_eq!(h.position, h.length);
        assert_eq!(snap.violations[0].property, "agreement", "stepping through ends in the violation");
    }

    #[test]
    fn checking_from_here_finds_the_shortest_way_to_a_goal_and_branches_there() {
        let mut s = loaded(ISLAND);
        send(&mut s, Request::Step { count: Some(6) });
        let here = send(&mut s, Request::Snapshot).3.position;
        // Can S1's 1元/度 still be chosen from here? S2 has a head start.
        let r = check(&mut s, spec(CheckFrom::Here, GoalSpec::Chosen { value: "1元/度".into() }, 3));
        assert_eq!(r.outcome, "found", "{r:?}");
        let (_, _, _, h) = send(&mut s, Request::CheckLoad);
        assert_eq!(h.position, here, "at the start of the path");
        assert!(h.length > here);
        let (_, _, snap, _) = send(&mut s, Request::Seek { position: h.length });
        assert_eq!(snap.chosen.map(|c| c.value).as_deref(), Some("1元/度"));
        // A value nobody proposed cannot be chosen: unreachable within the bounds.
        let r = check(&mut s, spec(CheckFrom::Here, GoalSpec::Chosen { value: "3元/度".into() }, 1));
        assert_eq!(r.outcome, "exhausted", "{r:?}");
        // Checking from a moment in the past and loading the path branches there.
        send(&mut s, Request::Seek { position: 3 });
        check(&mut s, spec(CheckFrom::Here, GoalSpec::Chosen { value: "1元/度".into() }, 3));

        let (_, _, _, h) = send(&mut s, Request::CheckLoad);
        assert_eq!((h.position, h.branches.len()), (3, 2));
    }

    #[test]
    fn spec_mode_in_the_page_gives_tlcs_counts() {
        let mut s = Session::new();
        let r = s.handle(Request::CheckSpec { acceptors: 3, values: 2, max_ballot: 1 }).unwrap();
        assert_eq!(r, Response::Spec { distinct: 3_921, generated: 23_563, depth: 17, safe: true });
    }

    #[test]
    fn an_exercise_reports_when_its_goal_is_met() {
        let text = include_str!("../../../examples/exercises/five-survive-two.json");
        let mut s = Session::new();
        let goal = |r: Response| match r {
            Response::Update { goal_met, .. } => goal_met,
            other => panic!("{other:?}"),
        };
        assert_eq!(goal(s.handle(Request::LoadExercise { exercise: text.into() }).unwrap()), Some(false));
        s.handle(Request::Crash { node: "S4".into(), at: None }).unwrap();
        s.handle(Request::Crash { node: "S5".into(), at: None }).unwrap();
        assert_eq!(goal(s.handle(Request::RunUntilIdle { limit: Some(5_000) }).unwrap()), Some(true));
        // A plain scenario has no goal.
        assert_eq!(goal(s.handle(Request::Load { scenario: ISLAND.into() }).unwrap()), None);
    }
}

/// The lighter build (no classroom, no Multi-Paxos view) does not even read their requests.
#[cfg(not(any(feature = "classroom", feature = "multi")))]
#[test]
fn the_lighter_build_does_not_know_classroom_or_multi_requests() {
    for t in ["checkRun", "checkStop", "loadExercise", "multiStep", "multiTrace"] {
        let e = Request::from_json(&format!(r#"{{"type":"{t}"}}"#)).unwrap_err().to_string();
        assert!(e.starts_with(&format!("unknown variant `{t}`, expected one of `load`")), "{e}");
    }
    // The page's own requests are still read.
    let mut s = loaded(r#"{"format":"paxos-scenario","version":1,"nodes":3}"#);
    send(&mut s, Request::from_json(r#"{"type":"step","count":3}"#).unwrap());
}

/// The first build of the Basic Paxos page leaves the laboratory out (feature "lab"): it
/// answers every request that needs it `later`, changes nothing, and goes on as before.
#[test]
#[cfg(not(feature = "lab"))]
fn the_first_build_answers_later_for_the_laboratory_and_changes_nothing() {
    let later = |s: &mut Session, r: Request| match s.handle(r) {
        Ok(Response::Later { needs }) => needs,
        other => panic!("expected later, got {other:?}"),
    };
    let mut s = Session::new();
    assert_eq!(later(&mut s, Request::Load { scenario: ISLAND.into() }), "scripted events");
    assert_eq!(later(&mut s, Request::Load { scenario: STORY.into() }), "scripted events");
    assert!(
        matches!(s.handle(Request::Heal { at: None }), Err(SessionError::NotLoaded)),
        "nothing was loaded"
    );
    let plain = r#"{"format":"paxos-scenario","version":1,"nodes":3,"seed":42}"#;
    send(&mut s, Request::Load { scenario: plain.into() });
    send(&mut s, Request::Propose { node: "S1".into(), value: "1元/度".into(), at: None });
    send(&mut s, Request::Step { count: Some(4) });
    let before = send(&mut s, Request::Snapshot);
    let manual = NetworkSpec { mode: paxos_sim::scenario::NetworkMode::Manual, ..NetworkSpec::default() };
    for (r, needs) in [
        (Request::Back { count: None }, "time travel"),
        (Request::Seek { position: 0 }, "time travel"),
        (Request::SeekStep { step: 1 }, "time travel"),
        (Request::SwitchBranch { branch: 0 }, "time travel"),
        (Request::SetNetwork { network: manual, at: None }, "the manual network"),
        (Request::Deliver { id: 1, at: None }, "the manual network"),
        (Request::Drop { id: 1, at: None }, "the manual network"),
        (Request::Duplicate { id: 1, at: None }, "the manual network"),
        (Request::Partition { groups: vec![vec!["S1".into()]], at: None }, "partitions and links"),
        (Request::Heal { at: None }, "partitions and links"),
        (Request::Trace, "the trace file"),
    ] {
        assert_eq!(later(&mut s, r), needs);
    }
    // Nothing moved, and nothing is sent twice.
    let after = send(&mut s, Request::Snapshot);
    assert_eq!((after.2, after.3), (before.2, before.3));
    assert!(after.1.is_empty());
    assert_eq!(
        paxos_sim::json::write::to_string(&Response::Later { needs: "time travel" }),
        r#"{"type":"later","needs":"time travel"}"#
    );
    // The rest of the page's requests still work: the network's sliders, say.
    let auto = NetworkSpec { drop: 0.5, ..NetworkSpec::default() };
    send(&mut s, Request::SetNetwork { network: auto, at: None });
    assert_eq!(s.simulation().unwrap().network().drop, 0.5);
}

#[test]
#[cfg(feature = "lab")]
fn multi_word_fields_are_camel_case_both_ways() {
    let r = Request::from_json(r#"{"type":"switchBranch","branch":1}"#).unwrap();
    assert_eq!(r, Request::SwitchBranch { branch: 1 });
    // The tag may come anywhere.
    let r = Request::from_json(r#"{"node":"S1","value":"x","type":"propose"}"#).unwrap();
    assert_eq!(r, Request::Propose { node: "S1".into(), value: "x".into(), at: None });
    let e = Request::from_json(r#"{"type":"propose","node":"S1","vaule":"x"}"#).unwrap_err().to_string();
    assert_eq!(e, "vaule: unknown field `vaule`, expected one of `node`, `value`, `at` (line 1, column 37)");
    let e = Request::from_json(r#"{"type":"setNetwork","network":{"drop":"x"}}"#).unwrap_err().to_string();
    assert_eq!(e, "network.drop: invalid type: string \"x\", expected f64 (line 1, column 42)");
    #[cfg(feature = "classroom")]
    {
        let r = Request::from_json(r#"{"type":"checkSpec","acceptors":3,"values":2,"maxBallot":1}"#).unwrap();
        assert_eq!(r, Request::CheckSpec { acceptors: 3, values: 2, max_ballot: 1 });
    }
    let mut s = loaded(ISLAND);
    let json = serde_json::to_value(s.handle(Request::Snapshot).unwrap()).unwrap();
    assert!(json.get("goalMet").is_some() && json.get("goal_met").is_none(), "{json}");
}

/// A quiet island (no proposals scheduled): three nodes, seed 42.
const QUIET: &str = r#"{"format":"paxos-scenario","version":1,"nodes":3,"seed":42,"network":{"delay":[10,100],"drop":0,"duplicate":0}}"#;

#[test]
fn an_action_at_a_moment_is_the_run_to_it_the_action_and_what_is_due_then_in_one_request() {
    // Three requests, as the page sent them before `at`…
    let mut three = loaded(QUIET);
    send(&mut three, Request::Propose { node: "S1".into(), value: "x".into(), at: None });
    send(&mut three, Request::RunUntil { time: 150 });
    send(&mut three, Request::Propose { node: "S2".into(), value: "y".into(), at: None });
    let (_, _, due, _) = send(&mut three, Request::Snapshot);
    assert!(
        due.next_time.is_some_and(|t| t <= due.now),
        "a proposal's prepare to its own node is due at once"
    );
    send(&mut three, Request::RunUntil { time: due.now });
    // …and one.
    let mut one = loaded(QUIET);
    send(&mut one, Request::Propose { node: "S1".into(), value: "x".into(), at: None });
    let (_, _, snap, history) =
        send(&mut one, Request::Propose { node: "S2".into(), value: "y".into(), at: Some(150) });
    assert_eq!(snap.now, 150);
    assert!(snap.next_time.is_none_or(|t| t > snap.now), "what was due at that moment happened");
    let (_, _, expected, expected_history) = send(&mut three, Request::Snapshot);
    assert_eq!((snap, history.position), (expected, expected_history.position));
    // Writing the trace again is the laboratory's.
    #[cfg(feature = "lab")]
    assert_eq!(trace_text(&mut one), trace_text(&mut three));
}

#[test]
fn a_refused_action_at_a_later_moment_changes_nothing_not_even_the_clock() {
    let mut s = loaded(QUIET);
    send(&mut s, Request::Propose { node: "S1".into(), value: "x".into(), at: None });
    let (_, _, before, history) = send(&mut s, Request::Snapshot);
    let e = s.handle(Request::Crash { node: "S9".into(), at: Some(500) }).unwrap_err();
    assert!(e.to_string().contains("S9"), "{e}");
    let (_, _, after, again) = send(&mut s, Request::Snapshot);
    assert_eq!((before, history), (after, again));
}

#[test]
#[cfg(feature = "lab")]
fn an_action_at_a_moment_after_going_back_runs_along_the_timeline_and_forks_it_there() {
    let mut s = loaded(QUIET);
    send(&mut s, Request::Propose { node: "S1".into(), value: "x".into(), at: None });
    send(&mut s, Request::RunUntil { time: 400 });
    let (_, _, _, h) = send(&mut s, Request::Back { count: Some(1_000) });
    assert_eq!(h.position, 0);
    let (_, _, snap, h) = send(&mut s, Request::Crash { node: "S2".into(), at: Some(120) });
    assert_eq!(snap.now, 120);
    assert_eq!(h.branches.len(), 2, "the crash forks the timeline where the clock stood");
    assert!(!snap.nodes[1].up);
}

#[test]
fn at_is_read_only_on_a_persons_actions() {
    let r = Request::from_json(r#"{"type":"heal","at":7}"#).unwrap();
    assert_eq!(r.at(), Some(7));
    let e = Request::from_json(r#"{"type":"step","at":7}"#).unwrap_err().to_string();
    assert!(e.contains("at"), "{e}");
}
