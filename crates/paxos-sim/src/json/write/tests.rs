//! The hand-written JSON is serde_json's, byte for byte: strings, numbers, every example
//! scenario's snapshots and trace, fuzzed runs, and the worker's responses. (The examples
//! and fuzzed runs have scripted events: without the laboratory, only the rest runs.)
#![cfg_attr(not(feature = "lab"), allow(unused_imports, dead_code))]

use std::path::Path;

use proptest::prelude::*;
use serde::Serialize;

use super::*;
use crate::multi::{WireOp, WireResult};
use crate::scenario::Protocol;
use crate::session::{Request, Session};
use crate::trace::{self, TraceEvent, TraceLine, WireBallot};
use crate::{fuzz, Scenario, Simulation};

#[track_caller]
fn same<T: ToJson + Serialize + ?Sized>(v: &T) {
    assert_eq!(to_string(&v), serde_json::to_string(v).unwrap());
}

/// Steps `sim` to its scenario's `until` (as `run` does), comparing its snapshot every
/// `every` steps and its trace at the end.
#[track_caller]
fn same_all_along(mut sim: Simulation, every: u64) {
    let until = paxos::Time(sim.plan().until);
    let mut n = 0;
    while sim.next_time().is_some_and(|t| t <= until) {
        if n % every == 0 {
            same(&sim.snapshot());
        }
        n += 1;
        sim.step();
    }
    same(&sim.snapshot());
    assert_eq!(sim.trace_text(), trace::render(&sim.header(), sim.trace()));
}

#[test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    for b in 0u8..128 {
        same(&char::from(b).to_string());
    }
    for s in ["", "1元/度", "say \"hi\"\\", "a\u{7f}b\u{1f}c\u{0}", "\u{2028}\u{fffd}😀", "tab\tend\n"] {
        same(s);
        same(&format!("{s}{s}x{s}"));
    }
}

#[test]
fn numbers_are_written_as_serde_json_writes_them() {
    for n in [0u64, 7, 10, 99, 1_000_000, u64::MAX] {
        same(&n);
    }
    same(&u16::MAX);
    same(&u32::MAX);
    same(&usize::MAX);
    for x in [0.0, -0.0, 1.0, 0.1, 0.25, 1.0 / 3.0, 1e-7, 1e21, 123_456_789.125, f64::NAN, f64::INFINITY] {
        same(&x);
    }
}

proptest! {
    #[test]
    fn every_f64_is_written_as_serde_json_writes_it(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        prop_assert_eq!(to_string(&x), serde_json::to_string(&x).unwrap());
    }

    /// Fuzzed clusters (1 to 7 nodes, loss, duplication, partitions, crashes): every 7th
    /// snapshot, the last one and the whole trace. A failure prints the seed to replay.
    #[test]
    #[cfg(feature = "lab")]
    fn fuzzed_runs_are_written_as_serde_writes_them(seed in 0u64..1 << 53) {
        let plan = fuzz::random_scenario(seed, 1, 7).plan().unwrap();
        same_all_along(Simulation::new(plan, true), 7);
    }
}

#[test]
#[cfg(feature = "lab")]
fn every_example_scenario_is_written_as_serde_writes_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios");
    let mut basic = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // The Multi-Paxos examples (written with serde) are not planned without "multi".
        if path.file_name().unwrap().to_string_lossy().starts_with("multi-") {
            continue;
        }
        let plan = Scenario::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(plan.protocol, Protocol::Basic, "{}", path.display());
        basic += 1;
        same_all_along(Simulation::new(plan, true), 1);
    }
    assert!(basic >= 10, "{basic} Basic Paxos examples");
}

#[test]
#[cfg(feature = "lab")]
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
        Request::Crash { node: "S3".into() },
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
    use crate::session::{CheckFrom, CheckSpec, GoalSpec, Response};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let exercise = std::fs::read_to_string(dir.join("exercises/five-survive-two.json")).unwrap();
    let mut s = Session::new();
    for request in [
        Request::LoadExercise { exercise },
        Request::Crash { node: "S4".into() },
        Request::Crash { node: "S5".into() },
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

#[test]
fn the_multi_paxos_events_of_a_trace_line_are_written_as_serde_writes_them() {
    let line = |event| TraceLine::<crate::trace::WireMsg, String> { step: 3, time: 40, event };
    let op = WireOp {
        op: "setData".into(),
        path: Some("/laws".into()),
        data: Some("2元/度".into()),
        version: None,
    };
    same(&line(TraceEvent::Request { id: 1, node: "S1".into(), op: op.clone() }));
    same(&line(TraceEvent::Request {
        id: 2,
        node: "S2".into(),
        op: WireOp { op: "sync".into(), path: None, data: None, version: Some(3) },
    }));
    same(&line(TraceEvent::Reply { id: 1, node: "S1".into(), result: WireResult::default() }));
    let full = WireResult {
        ok: true,
        zxid: Some("1:2".into()),
        data: Some("x".into()),
        version: Some(0),
        children: Some(vec!["a".into()]),
        exists: Some(true),
        error: Some("no".into()),
        stale: Some("y".into()),
    };
    same(&line(TraceEvent::Reply { id: 1, node: "S1".into(), result: full }));
    same(&line(TraceEvent::Leader { node: "S1".into(), ballot: WireBallot { round: 2, node: "S1".into() } }));
    same(&line(TraceEvent::Heal {}));
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
        let act = crate::json::from_str(
            r#"{"action":"client","server":"S2","op":"getData","path":"/laws/electricity"}"#,
        )
        .unwrap();
        same(&s.handle_multi_view(Request::MultiAct { action: act }).unwrap());
        same(&s.handle_multi_view(Request::MultiTrace).unwrap());
    }
    assert!(multi >= 4, "{multi} Multi-Paxos examples");
}
