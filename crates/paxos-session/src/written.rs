//! Every response is written by the simulator's own JSON code exactly as serde would write
//! it (the page reads either).

use std::path::Path;

use paxos_sim::json::write::{to_string, ToJson};
use serde::Serialize;

use crate::{Request, Session};

#[track_caller]
fn same<T: ToJson + Serialize + ?Sized>(v: &T) {
    assert_eq!(to_string(&v), serde_json::to_string(v).unwrap());
}

#[test]
fn responses_are_written_as_serde_writes_them() {
    let island = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios/island-race.json"),
    )
    .unwrap();
    let mut s = Session::new();
    for request in [
        Request::Load { scenario: island },
        Request::Step { count: Some(5) },
        Request::Back { count: Some(2) },
        Request::Crash { node: "S3".into(), at: None },
        Request::RunUntilChosen { limit: None },
        Request::Seek { position: 1 },
        Request::Trace,
    ] {
        same(&s.handle(request).unwrap());
    }
}

/// The classroom build's responses: an exercise's goal (unmet, then met), a search's
/// progress and result, and spec mode's counts.
#[cfg(feature = "classroom")]
#[test]
fn the_classroom_responses_are_written_as_serde_writes_them() {
    use crate::{CheckFrom, CheckSpec, GoalSpec, Response};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let exercise = std::fs::read_to_string(dir.join("exercises/five-survive-two.json")).unwrap();
    let mut s = Session::new();
    for request in [
        Request::LoadExercise { exercise },
        Request::Crash { node: "S4".into(), at: None },
        Request::Crash { node: "S5".into(), at: None },
        Request::RunUntilIdle { limit: Some(5_000) },
    ] {
        same(&s.handle(request).unwrap());
    }
    let broken = std::fs::read_to_string(dir.join("scenarios/broken-1-ignore-promised-values.json")).unwrap();
    s.handle(Request::Load { scenario: broken }).unwrap();
    let spec = CheckSpec {
        from: CheckFrom::Start,
        goal: GoalSpec::Breaks { property: "agreement".into() },
        max_round: Some(2),
        drop: false,
        duplicate: false,
        crash: false,
        max_states: None,
        proposals: Vec::new(),
    };
    let mut r = s.handle(Request::CheckStart { spec }).unwrap();
    let mut outcomes = Vec::new();
    while let Response::Check { report } = &r {
        same(&r);
        outcomes.push(report.outcome);
        if report.outcome != "running" {
            break;
        }
        r = s.handle(Request::CheckRun { budget: Some(2_000) }).unwrap();
    }
    assert_eq!(outcomes.last(), Some(&"found"), "{outcomes:?}");
    same(&s.handle(Request::CheckLoad).unwrap());
    same(&s.handle(Request::CheckSpec { acceptors: 3, values: 2, max_ballot: 1 }).unwrap());
}

/// The Multi-Paxos view's responses at every step of every Multi-Paxos example (its views,
/// flights, requests and replies), a seek, an action, and its trace file.
#[cfg(feature = "multi")]
#[test]
fn every_multi_paxos_example_is_written_as_serde_writes_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios");
    let mut multi = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.file_name().unwrap().to_string_lossy().starts_with("multi-") {
            continue;
        }
        multi += 1;
        let mut s = Session::new();
        same(
            &s.handle_multi_view(Request::MultiLoad { scenario: std::fs::read_to_string(&path).unwrap() })
                .unwrap(),
        );
        for _ in 0..400 {
            same(&s.handle_multi_view(Request::MultiStep { count: Some(1) }).unwrap());
        }
        same(&s.handle_multi_view(Request::MultiSeek { position: 7 }).unwrap());
        let act = paxos_sim::json::from_str(
            r#"{"action":"client","server":"S2","op":"getData","path":"/laws/electricity"}"#,
        )
        .unwrap();
        same(&s.handle_multi_view(Request::MultiAct { action: act, at: None }).unwrap());
        same(&s.handle_multi_view(Request::MultiTrace).unwrap());
    }
    assert!(multi >= 4, "{multi} Multi-Paxos examples");
}

/// The Multi-Paxos checker's responses: progress, counterexamples with three kinds of move
/// (requests, deliveries, timers), and its scenario.
#[cfg(feature = "multi-check")]
#[test]
fn the_multi_check_responses_are_written_as_serde_writes_them() {
    use crate::Response;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/check");
    let mut kinds = std::collections::BTreeSet::new();
    for (file, crash) in
        [("multi-broken-ignore-promised-votes.json", true), ("multi-broken-sync-without-quorum.json", false)]
    {
        let mut s = Session::new();
        let scenario = std::fs::read_to_string(dir.join(file)).unwrap();
        s.handle_multi_view(Request::MultiLoad { scenario }).unwrap();
        let start = Request::MultiCheckStart { max_round: Some(2), crash, max_states: None };
        let mut r = s.handle_multi_view(start).unwrap();
        while let Response::MultiCheck { report, path, .. } = &r {
            same(&r);
            for m in path {
                kinds.insert(to_string(m).split('"').nth(3).unwrap().to_string());
            }
            if report.outcome != "running" {
                break;
            }
            r = s.handle_multi_view(Request::MultiCheckRun { budget: Some(5_000) }).unwrap();
        }
        same(&s.handle_multi_view(Request::MultiCheckScenario).unwrap());
    }
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["deliver", "request", "timeout"]);
}
