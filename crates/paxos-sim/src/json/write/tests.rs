//! The hand-written JSON is serde_json's, byte for byte: strings, numbers, every example
//! scenario's snapshots and trace, fuzzed runs, and the worker's responses. (The examples
//! and fuzzed runs have scripted events: without the laboratory, only the rest runs.)
#![cfg_attr(not(feature = "lab"), allow(unused_imports, dead_code))]

use std::path::Path;

use proptest::prelude::*;
use serde::Serialize;

use super::*;
#[cfg(feature = "multi")]
use crate::multi::{WireOp, WireResult};
use crate::scenario::Protocol;
use crate::trace;
#[cfg(feature = "multi")]
use crate::trace::{TraceEvent, TraceLine, WireBallot};
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
#[cfg(feature = "multi")]
fn the_multi_paxos_events_of_a_trace_line_are_written_as_serde_writes_them() {
    let line = |event| TraceLine::<crate::trace::WireMsg, String> { step: 3, time: 40, event };
    let op = WireOp {
        op: "setData".into(),
        path: Some("/laws".into()),
        data: Some("2元/度".into()),
        ..WireOp::default()
    };
    same(&line(TraceEvent::Request { id: 1, node: "S1".into(), op: op.clone() }));
    same(&line(TraceEvent::Request {
        id: 2,
        node: "S2".into(),
        op: WireOp { op: "sync".into(), version: Some(3), ..WireOp::default() },
    }));
    let in_session = WireOp {
        op: "create".into(),
        path: Some("/lock/n-".into()),
        data: Some("a".into()),
        ephemeral: Some(true),
        sequential: Some(true),
        watch: Some(false),
        timeout: Some(900),
        session: Some(2),
        ..WireOp::default()
    };
    same(&line(TraceEvent::Request { id: 3, node: "S2".into(), op: in_session }));
    same(&line(TraceEvent::Reply { id: 1, node: "S1".into(), session: None, result: WireResult::default() }));
    same(&line(TraceEvent::Reply {
        id: 1,
        node: "S1".into(),
        session: Some(2),
        result: WireResult::default(),
    }));
    let (node, path) = (String::from("S1"), String::from("/lock/n-0000000001"));
    same(&line(TraceEvent::Watch {
        node: node.clone(),
        session: 2,
        path: path.clone(),
        kind: "exist".into(),
    }));
    same(&line(TraceEvent::Notify { node: node.clone(), session: 2, path, kind: "deleted".into() }));
    same(&line(TraceEvent::Expire { node, session: 4 }));
    let full = WireResult {
        ok: true,
        zxid: Some("1:2".into()),
        data: Some("x".into()),
        version: Some(0),
        children: Some(vec!["a".into()]),
        exists: Some(true),
        error: Some("no".into()),
        stale: Some("y".into()),
        session: Some(3),
        path: Some("/a0000000001".into()),
    };
    same(&line(TraceEvent::Reply { id: 1, node: "S1".into(), session: None, result: full }));
    same(&line(TraceEvent::Leader { node: "S1".into(), ballot: WireBallot { round: 2, node: "S1".into() } }));
    same(&line(TraceEvent::Heal {}));
}
