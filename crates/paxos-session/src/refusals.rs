//! Requests a careless or hostile page may send: each is refused with a message and changes
//! nothing, or does its work within the session's budgets; none panics.
#![cfg(all(feature = "classroom", feature = "multi"))]

use super::*;

const ISLAND: &str = include_str!("../../../examples/scenarios/island-race.json");
const DUEL: &str = include_str!("../../../examples/scenarios/duel-livelock.json");
const FAILOVER: &str = include_str!("../../../examples/scenarios/multi-leader-failover.json");
const EXERCISE: &str = include_str!("../../../examples/exercises/amnesia.json");

fn request(json: &str) -> Request {
    Request::from_json(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn load(json: &str) -> String {
    serde_json::json!({ "type": "load", "scenario": json }).to_string()
}

fn multi_load(json: &str) -> String {
    serde_json::json!({ "type": "multiLoad", "scenario": json }).to_string()
}

/// Sends each request, one JSON text a line; panics on a refusal.
fn drive(s: &mut Session, lines: &[&str]) {
    for line in lines {
        if let Err(e) = s.handle(request(line)) {
            panic!("{line}: refused: {e}");
        }
    }
}

/// Everything a page can read of a session: the state, the timeline, the whole trace (and
/// the Multi-Paxos view's, when one is loaded).
fn everything(s: &mut Session) -> String {
    let mut out = String::new();
    if s.loaded.is_some() {
        let Ok(Response::Update { snapshot, history, goal_met, .. }) = s.handle(Request::Snapshot) else {
            panic!("a snapshot answers with an update")
        };
        let Ok(Response::Trace { text }) = s.handle(Request::Trace) else { panic!("a trace") };
        out += &format!(
            "{}\n{}\n{goal_met:?}\n{text}",
            paxos_sim::json::write::to_string(&*snapshot),
            paxos_sim::json::write::to_string(&history)
        );
        out += &format!("\nsince {}", s.seen);
    }
    if let Some(m) = &mut s.multi {
        let text = m.trace_text().expect("a trace within its budget");
        out += &format!("\n{text}\n{}", paxos_sim::json::write::to_string(&m.history()));
    }
    out
}

/// Asserts that `refused` is refused with a message containing `says`, and that the
/// session is the same before and after.
fn refused_unchanged(s: &mut Session, refused: &str, says: &str) {
    let before = everything(s);
    let refused_text = refused;
    let refused =
        &refused_text[..refused_text.char_indices().nth(200).map_or(refused_text.len(), |(i, _)| i)];
    let e = s.handle(request(refused_text)).expect_err(refused).to_string();
    assert!(e.contains(says), "{refused}: the message says {e:?}, expected {says:?}");
    assert!(e.len() < 400, "{refused}: a message short enough to read ({} bytes)", e.len());
    assert_eq!(everything(s), before, "{refused}: a refused request changes nothing");
}

/// The `type` of each request, by an exhaustive match: a new request type must be added here
/// and, if it can be refused, to [`every_kind_of_refusal_changes_nothing`].
fn kind(r: &Request) -> &'static str {
    match r {
        Request::Load { .. } => "load",
        Request::Step { .. } => "step",
        Request::RunUntil { .. } => "runUntil",
        Request::RunUntilChosen { .. } => "runUntilChosen",
        Request::RunUntilIdle { .. } => "runUntilIdle",
        Request::Propose { .. } => "propose",
        Request::Crash { .. } => "crash",
        Request::Restart { .. } => "restart",
        Request::Partition { .. } => "partition",
        Request::Heal { .. } => "heal",
        Request::SetNetwork { .. } => "setNetwork",
        Request::SetLink { .. } => "setLink",
        Request::Deliver { .. } => "deliver",
        Request::Drop { .. } => "drop",
        Request::Duplicate { .. } => "duplicate",
        Request::Back { .. } => "back",
        Request::Seek { .. } => "seek",
        Request::SeekStep { .. } => "seekStep",
        Request::SwitchBranch { .. } => "switchBranch",
        Request::Snapshot => "snapshot",
        Request::Trace => "trace",
        Request::LoadExercise { .. } => "loadExercise",
        Request::CheckStart { .. } => "checkStart",
        Request::CheckRun { .. } => "checkRun",
        Request::CheckStop => "checkStop",
        Request::CheckLoad => "checkLoad",
        Request::CheckSpec { .. } => "checkSpec",
        Request::MultiLoad { .. } => "multiLoad",
        Request::MultiStep { .. } => "multiStep",
        Request::MultiRunUntil { .. } => "multiRunUntil",
        Request::MultiAct { .. } => "multiAct",
        Request::MultiSeek { .. } => "multiSeek",
        Request::MultiSeekStep { .. } => "multiSeekStep",
        Request::MultiSwitchBranch { .. } => "multiSwitchBranch",
        Request::MultiTrace => "multiTrace",
        Request::MultiCheckStart { .. } => "multiCheckStart",
        Request::MultiCheckRun { .. } => "multiCheckRun",
        Request::MultiCheckStop => "multiCheckStop",
        Request::MultiCheckScenario => "multiCheckScenario",
    }
}

/// Requests no state of a loaded session refuses.
/// (`trace` is refused over its budget of lines: see the test of that budget.)
const NEVER_REFUSED: &[&str] = &["snapshot", "trace", "checkStop", "back", "heal", "multiTrace"];

#[test]
fn every_kind_of_refusal_changes_nothing() {
    // A session with a history, a branch, a manual network and a search that found nothing.
    let mut s = Session::new();
    drive(
        &mut s,
        &[
            &load(ISLAND),
            r#"{"type":"runUntil","time":400}"#,
            r#"{"type":"back","count":3}"#,
            r#"{"type":"crash","node":"S3"}"#,
            r#"{"type":"setNetwork","network":{"mode":"manual"}}"#,
            r#"{"type":"propose","node":"S2","value":"3元/度"}"#,
            r#"{"type":"checkStart","spec":{"from":"here","goal":{"type":"chosen","value":"never"},"maxRound":1}}"#,
            &multi_load(FAILOVER),
            r#"{"type":"multiRunUntil","time":300}"#,
        ],
    );
    let cases: &[(&str, &str)] = &[
        (
            r#"{"type":"load","scenario":"{\"format\":\"paxos-scenario\",\"version\":1,\"nodes\":4000}"}"#,
            "nodes",
        ),
        (
            r#"{"type":"load","scenario":"{\"format\":\"paxos-scenario\",\"version\":1,\"nodes\":999}"}"#,
            "allowed 1 to 16 in the playground",
        ),
        (r#"{"type":"step","count":4294967295}"#, "at most 200,000 events"),
        (r#"{"type":"propose","node":"S9","value":"v"}"#, "no node named"),
        (r#"{"type":"crash","node":"S3"}"#, "already down"),
        (r#"{"type":"restart","node":"S1"}"#, "already up"),
        (r#"{"type":"partition","groups":[["S1"],["S7"]]}"#, "S7"),
        (r#"{"type":"setNetwork","network":{"drop":2}}"#, "drop"),
        (r#"{"type":"setLink","link":{"between":["S1","S1"],"cut":true}}"#, "two different nodes"),
        (r#"{"type":"deliver","id":999999}"#, "not in flight"),
        (r#"{"type":"drop","id":999999}"#, "not in flight"),
        (r#"{"type":"duplicate","id":999999}"#, "not in flight"),
        (r#"{"type":"seek","position":999999}"#, "beyond the end"),
        (r#"{"type":"seekStep","step":999999}"#, "no step"),
        (r#"{"type":"switchBranch","branch":99}"#, "no branch"),
        (r#"{"type":"loadExercise","exercise":"{}"}"#, "format"),
        (
            r#"{"type":"checkStart","spec":{"from":"here","goal":{"type":"violation"},"proposals":[{"node":"S8","value":"v"}]}}"#,
            "S8",
        ),
        (
            r#"{"type":"checkStart","spec":{"from":"here","goal":{"type":"violation"},"maxRound":1000000000}}"#,
            "at most 4095 distinct ballots",
        ),
        (r#"{"type":"checkRun","budget":18446744073709551615}"#, "at most 1,000,000 states"),
        (r#"{"type":"checkLoad"}"#, "found nothing"),
        (r#"{"type":"checkSpec","acceptors":9,"values":1,"maxBallot":1}"#, "1 to 5 acceptors"),
        (r#"{"type":"multiLoad","scenario":"{"}"#, "malformed"),
        (r#"{"type":"multiStep","count":4294967295}"#, "at most 200,000 events"),
        (r#"{"type":"multiRunUntil","time":18446744073709551615}"#, "at most 200,000 events"),
        (r#"{"type":"multiAct","action":{"action":"restart","node":"S1"}}"#, "already up"),
        (r#"{"type":"multiSeek","position":999999}"#, "beyond the end"),
        (r#"{"type":"multiCheckStart","maxRound":9}"#, "rounds up to 3"),
        (r#"{"type":"multiCheckStart","maxStates":0}"#, "1 to 20,000,000 states"),
        (r#"{"type":"multiCheckRun","budget":18446744073709551615}"#, "1 to 20,000 states at a time"),
        (r#"{"type":"multiCheckStop"}"#, "no check is running"),
        (r#"{"type":"multiCheckScenario"}"#, "no check is running"),
    ];
    let mut covered: Vec<&str> = NEVER_REFUSED.to_vec();
    for (refused, says) in cases {
        refused_unchanged(&mut s, refused, says);
        covered.push(kind(&request(refused)));
    }
    // The live clock's requests, refused over their budget on a livelock that never ends.
    let mut duel = Session::new();
    drive(&mut duel, &[&load(DUEL), r#"{"type":"runUntil","time":1000}"#]);
    for refused in [
        r#"{"type":"runUntil","time":18446744073709551615}"#,
        r#"{"type":"runUntilChosen","limit":18446744073709551615}"#,
        r#"{"type":"runUntilIdle","limit":18446744073709551615}"#,
    ] {
        refused_unchanged(&mut duel, refused, "at most 200,000 events");
        covered.push(kind(&request(refused)));
    }
    let all = [
        "load",
        "step",
        "runUntil",
        "runUntilChosen",
        "runUntilIdle",
        "propose",
        "crash",
        "restart",
        "partition",
        "heal",
        "setNetwork",
        "setLink",
        "deliver",
        "drop",
        "duplicate",
        "back",
        "seek",
        "seekStep",
        "switchBranch",
        "snapshot",
        "trace",
        "loadExercise",
        "checkStart",
        "checkRun",
        "checkStop",
        "checkLoad",
        "checkSpec",
        "multiLoad",
        "multiStep",
        "multiRunUntil",
        "multiAct",
        "multiSeek",
        "multiTrace",
        "multiCheckStart",
        "multiCheckRun",
        "multiCheckStop",
        "multiCheckScenario",
    ];
    for k in all {
        assert!(covered.contains(&k), "no refusal of {k} is tried");
    }
}

#[test]
fn a_check_ends_with_the_simulation_it_started_from() {
    // P1: a search of a 5-node cluster is not played on the 3-node one loaded after it.
    let mut s = Session::new();
    drive(
        &mut s,
        &[
            r#"{"type":"load","scenario":"{\"format\":\"paxos-scenario\",\"version\":1,\"nodes\":5}"}"#,
            r#"{"type":"checkStart","spec":{"from":"here","goal":{"type":"chosen","value":"v"},"proposals":[{"node":"S5","value":"v"}]}}"#,
            r#"{"type":"checkRun"}"#,
            r#"{"type":"load","scenario":"{\"format\":\"paxos-scenario\",\"version\":1,\"nodes\":3}"}"#,
        ],
    );
    refused_unchanged(&mut s, r#"{"type":"checkLoad"}"#, "no check is running");
    refused_unchanged(&mut s, r#"{"type":"checkRun"}"#, "no check is running");
}

#[test]
fn a_refused_check_load_leaves_the_network_clock_and_timeline_as_they_were() {
    // The path found from here needs S3 up; S3 crashed since.
    let mut s = Session::new();
    drive(
        &mut s,
        &[
            &load(ISLAND),
            r#"{"type":"checkStart","spec":{"from":"here","goal":{"type":"chosen","value":"v"},"proposals":[{"node":"S3","value":"v"}],"maxRound":1}}"#,
            r#"{"type":"checkRun","budget":100000}"#,
            r#"{"type":"crash","node":"S3"}"#,
        ],
    );
    refused_unchanged(&mut s, r#"{"type":"checkLoad"}"#, "S3 is down");
}

#[test]
fn a_search_refuses_more_ballots_than_it_can_number() {
    // P2: 5 s of a proposer timing out every 1 ms on a manual network: thousands of ballots.
    let mut s = Session::new();
    let busy = r#"{"type":"load","scenario":"{\"format\":\"paxos-scenario\",\"version\":1,\"nodes\":3,\"network\":{\"mode\":\"manual\"},\"proposer\":{\"timeout\":1,\"backoff\":\"none\"},\"events\":[{\"at\":0,\"propose\":{\"node\":\"S1\",\"value\":\"a\"}}]}"}"#;
    drive(&mut s, &[busy, r#"{"type":"runUntil","time":5000}"#]);
    refused_unchanged(
        &mut s,
        r#"{"type":"checkStart","spec":{"from":"here","goal":{"type":"violation"}}}"#,
        "at most 4095 distinct ballots",
    );
}

#[test]
fn a_limit_of_the_largest_time_does_not_overflow() {
    // P3: at the largest time, a given limit stands; now + 60 s would overflow.
    let mut s = Session::new();
    drive(
        &mut s,
        &[
            &load(ISLAND),
            r#"{"type":"runUntil","time":18446744073709551615}"#,
            r#"{"type":"propose","node":"S1","value":"v"}"#,
            r#"{"type":"runUntilChosen"}"#,
            r#"{"type":"runUntilIdle"}"#,
        ],
    );
}

#[test]
fn going_back_four_billion_moments_stops_at_the_start() {
    let mut s = Session::new();
    drive(&mut s, &[&load(ISLAND), r#"{"type":"runUntil","time":300}"#]);
    let started = std::time::Instant::now();
    let Ok(Response::Update { history, .. }) = s.handle(request(r#"{"type":"back","count":4294967295}"#))
    else {
        panic!("back answers with an update")
    };
    assert_eq!(history.position, 0);
    assert!(started.elapsed().as_millis() < 1_000, "no loop over the count");
}

#[test]
fn a_load_ends_the_search_of_the_old_simulation() {
    let mut s = Session::new();
    drive(
        &mut s,
        &[
            &load(ISLAND),
            r#"{"type":"checkStart","spec":{"from":"start","goal":{"type":"violation"},"maxRound":1}}"#,
            &serde_json::json!({ "type": "loadExercise", "exercise": EXERCISE }).to_string(),
        ],
    );
    assert!(s.check.is_none(), "the exercise's load ended the search");
}

#[test]
fn the_history_budget_refuses_a_longer_branch() {
    let mut s = Session::with_budgets(Budgets { events: 30, history: 50, ..Budgets::default() });
    drive(&mut s, &[&load(DUEL)]);
    refused_unchanged(&mut s, r#"{"type":"runUntil","time":100000}"#, "at most 30 events");
    drive(&mut s, &[r#"{"type":"step","count":20}"#, r#"{"type":"step","count":20}"#]);
    refused_unchanged(&mut s, r#"{"type":"step","count":20}"#, "at most 50 moments on one branch");
    drive(&mut s, &[r#"{"type":"step","count":10}"#, r#"{"type":"back","count":5}"#]);
    // Going back and on anew: a new branch, whose moments before the fork count too.
    drive(&mut s, &[r#"{"type":"crash","node":"S1"}"#]);
    refused_unchanged(&mut s, r#"{"type":"step","count":10}"#, "at most 50 moments");
}

#[test]
fn a_trace_longer_than_its_budget_is_refused_and_a_shorter_one_written_whole() {
    let mut s = Session::with_budgets(Budgets { trace_lines: 100, ..Budgets::default() });
    drive(&mut s, &[&load(DUEL), r#"{"type":"step","count":40}"#]);
    let Ok(Response::Trace { text }) = s.handle(Request::Trace) else { panic!("a trace") };
    let (_, lines) = paxos_sim::trace::parse(&text).unwrap();
    assert_eq!(lines.len() as u64, s.loaded.as_ref().unwrap().sim.step_number(), "every line, written again");
    drive(&mut s, &[r#"{"type":"step","count":100}"#]);
    let e = s.handle(Request::Trace).unwrap_err().to_string();
    assert!(e.contains("at most 100 lines"), "{e}");
}

#[test]
fn spec_mode_refuses_a_spec_over_its_budget() {
    let r = paxos_check::tla::explore(
        &paxos_check::tla::SpecModel { acceptors: 3, values: 2, max_ballot: 1 },
        1_000,
    );
    assert!(r.is_none(), "3,921 states are over a budget of 1,000");
    let r = paxos_check::tla::explore(
        &paxos_check::tla::SpecModel { acceptors: 3, values: 2, max_ballot: 1 },
        3_921,
    );
    assert_eq!(r.map(|r| r.distinct), Some(3_921), "exactly the budget is within it");
}

#[test]
fn a_huge_name_or_title_is_refused_without_echoing_it_whole() {
    let mut s = Session::new();
    drive(&mut s, &[&load(ISLAND)]);
    let name = "N".repeat(10_000_000);
    let propose = serde_json::json!({ "type": "propose", "node": name, "value": "v" }).to_string();
    refused_unchanged(&mut s, &propose, "(9999800 more characters)");
    let titled = serde_json::json!({ "format": "paxos-scenario", "version": 1, "nodes": 3, "title": "t".repeat(10_000_000) });
    refused_unchanged(&mut s, &load(&titled.to_string()), "allowed up to 200");
}

#[test]
fn an_empty_network_setting_is_refused_rather_than_reset_to_defaults() {
    let mut s = Session::new();
    drive(&mut s, &[&load(ISLAND), r#"{"type":"setNetwork","network":{"drop":0.5}}"#]);
    let e = Request::from_json(r#"{"type":"setNetwork","network":{}}"#).unwrap_err().to_string();
    assert!(e.contains("names no setting"), "{e}");
}

mod sequences {
    //! Random request sequences through one session, as a careless page or an edited share
    //! link sends them: no request panics, and every refused one changes nothing.
    //! `DOOR_CASES=N` runs more cases; a failure prints the sequence (proptest shrinks it).

    use proptest::prelude::*;

    use super::*;

    const NODES: &[&str] = &["S1", "S2", "S3", "S5", "S9", "", "s1"];
    const COUNTS: &[u64] = &[0, 1, 3, 64, 999, 4_294_967_295, 9_007_199_254_740_993, u64::MAX];
    const SCENARIOS: &[&str] = &[ISLAND, DUEL];

    fn request() -> impl Strategy<Value = String> {
        let node = || prop::sample::select(NODES);
        let count = || prop::sample::select(COUNTS);
        let small = || 0u64..2_000;
        prop_oneof![
            prop::sample::select(SCENARIOS).prop_map(load),
            Just(r#"{"type":"load","scenario":"{\"format\":\"paxos-scenario\",\"version\":1,\"nodes\":3,\"network\":{\"mode\":\"manual\"},\"events\":[{\"at\":0,\"propose\":{\"node\":\"S1\",\"value\":\"a\"}}]}"}"#.to_string()),
            count().prop_map(|c| format!(r#"{{"type":"step","count":{}}}"#, c.min(u64::from(u32::MAX)))),
            (small(), any::<bool>()).prop_map(|(t, huge)| format!(r#"{{"type":"runUntil","time":{}}}"#, if huge { u64::MAX } else { t })),
            count().prop_map(|c| format!(r#"{{"type":"runUntilChosen","limit":{c}}}"#)),
            Just(r#"{"type":"runUntilIdle"}"#.to_string()),
            node().prop_map(|n| format!(r#"{{"type":"propose","node":"{n}","value":"v"}}"#)),
            node().prop_map(|n| format!(r#"{{"type":"crash","node":"{n}"}}"#)),
            node().prop_map(|n| format!(r#"{{"type":"restart","node":"{n}"}}"#)),
            (node(), node()).prop_map(|(a, b)| format!(r#"{{"type":"partition","groups":[["{a}"],["{b}"]]}}"#)),
            Just(r#"{"type":"heal"}"#.to_string()),
            prop::sample::select(&["manual", "auto"][..]).prop_map(|m| format!(r#"{{"type":"setNetwork","network":{{"mode":"{m}"}}}}"#)),
            (node(), node(), any::<bool>()).prop_map(|(a, b, cut)| format!(r#"{{"type":"setLink","link":{{"between":["{a}","{b}"],"cut":{cut}}}}}"#)),
            (prop::sample::select(&["deliver", "drop", "duplicate"][..]), 0u64..40).prop_map(|(k, id)| format!(r#"{{"type":"{k}","id":{id}}}"#)),
            count().prop_map(|c| format!(r#"{{"type":"back","count":{}}}"#, c.min(u64::from(u32::MAX)))),
            (0usize..300).prop_map(|p| format!(r#"{{"type":"seek","position":{p}}}"#)),
            (0u64..600).prop_map(|s| format!(r#"{{"type":"seekStep","step":{s}}}"#)),
            (0usize..4).prop_map(|b| format!(r#"{{"type":"switchBranch","branch":{b}}}"#)),
            Just(r#"{"type":"snapshot"}"#.to_string()),
            Just(r#"{"type":"trace"}"#.to_string()),
            (node(), 0u64..4).prop_map(|(n, r)| format!(r#"{{"type":"checkStart","spec":{{"from":"here","goal":{{"type":"violation"}},"maxRound":{r},"maxStates":3000,"proposals":[{{"node":"{n}","value":"w"}}]}}}}"#)),
            Just(r#"{"type":"checkStart","spec":{"from":"start","goal":{"type":"chosen","value":"2元/度"},"maxRound":1,"maxStates":3000}}"#.to_string()),
            prop::sample::select(&[1u64, 500, 5_000, u64::MAX][..]).prop_map(|b| format!(r#"{{"type":"checkRun","budget":{b}}}"#)),
            Just(r#"{"type":"checkLoad"}"#.to_string()),
            Just(r#"{"type":"checkStop"}"#.to_string()),
            // Spec mode within a test's time (its budget is tested on its own).
            (0u8..4, 0u8..3, 0u8..3).prop_map(|(a, v, b)| format!(r#"{{"type":"checkSpec","acceptors":{a},"values":{v},"maxBallot":{b}}}"#)),
            Just(multi_load(FAILOVER)),
            count().prop_map(|c| format!(r#"{{"type":"multiStep","count":{}}}"#, c.min(u64::from(u32::MAX)))),
            (small(), any::<bool>()).prop_map(|(t, huge)| format!(r#"{{"type":"multiRunUntil","time":{}}}"#, if huge { u64::MAX } else { t })),
            node().prop_map(|n| format!(r#"{{"type":"multiAct","action":{{"action":"crash","node":"{n}"}}}}"#)),
            (0usize..200).prop_map(|p| format!(r#"{{"type":"multiSeek","position":{p}}}"#)),
        ]
    }

    fn cases() -> u32 {
        std::env::var("DOOR_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(40)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn no_request_sequence_panics_and_every_refusal_changes_nothing(
            requests in prop::collection::vec(request(), 1..24)
        ) {
            // Small budgets: the same rules, in a test's time.
            let mut s = Session::with_budgets(Budgets { events: 3_000, history: 20_000, trace_lines: 50_000, ..Budgets::default() });
            for r in &requests {
                let Ok(parsed) = Request::from_json(r) else { continue };
                let before = everything(&mut s);
                let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| s.handle(parsed)));
                let Ok(answer) = answer else {
                    return Err(TestCaseError::fail(format!("{r} panicked after {requests:#?}")));
                };
                if let Err(e) = answer {
                    prop_assert_eq!(everything(&mut s), before, "{} was refused ({}) and changed the session", r, e);
                }
            }
        }
    }
}

#[test]
fn a_move_forward_longer_than_the_budget_of_events_is_refused() {
    let mut s = Session::with_budgets(Budgets { events: 30, ..Budgets::default() });
    drive(&mut s, &[&load(DUEL), r#"{"type":"step","count":25}"#, r#"{"type":"step","count":25}"#]);
    drive(&mut s, &[r#"{"type":"seek","position":0}"#]);
    refused_unchanged(&mut s, r#"{"type":"seek","position":50}"#, "at most 30 events");
    refused_unchanged(&mut s, r#"{"type":"seekStep","step":100000}"#, "no step");
    drive(&mut s, &[r#"{"type":"seek","position":25}"#, r#"{"type":"seek","position":50}"#]);
}

#[test]
fn a_search_without_proposers_refuses_an_endless_highest_round() {
    // No proposal yet, no ballot: a highest round beyond the numbers is refused at once.
    let mut s = Session::new();
    drive(&mut s, &[&load(ISLAND)]);
    let started = std::time::Instant::now();
    refused_unchanged(
        &mut s,
        r#"{"type":"checkStart","spec":{"from":"here","goal":{"type":"violation"},"maxRound":9007199254740991}}"#,
        "at most 4095 distinct ballots",
    );
    assert!(started.elapsed().as_secs() < 5, "refused at once");
}

#[test]
fn the_multi_paxos_view_keeps_at_most_its_budget_of_events() {
    let mut s = Session::with_budgets(Budgets { multi_events: 500, ..Budgets::default() });
    drive(&mut s, &[&multi_load(FAILOVER), r#"{"type":"multiStep","count":400}"#]);
    refused_unchanged(&mut s, r#"{"type":"multiStep","count":200}"#, "at most 500 events on its timeline");
    refused_unchanged(
        &mut s,
        r#"{"type":"multiRunUntil","time":100000}"#,
        "at most 500 events on its timeline",
    );
}
