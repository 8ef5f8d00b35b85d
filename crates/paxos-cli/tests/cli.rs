//! The `paxos-sim` command as a user runs it: exit statuses, messages, outputs.

use std::path::PathBuf;
use std::process::{Command, Output};

fn paxos_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paxos-sim")).args(args).output().unwrap()
}

fn example(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios").join(name);
    p.to_str().unwrap().to_string()
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

#[test]
fn run_prints_a_summary_and_exits_0_without_violation() {
    let out = paxos_sim(&["run", &example("island-race.json")]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.contains("chosen:     \"2元/度\" at 164 ms, ballot 1.S2"), "{s}");
    assert!(s.contains("messages:   26 sent, 26 delivered, 0 dropped, 0 duplicated"), "{s}");
    assert!(s.contains("rounds:     S1 2, S2 1"), "{s}");
    assert!(s.contains("safety:     no violation"), "{s}");
}

#[test]
fn trace_to_stdout_keeps_the_summary_on_stderr() {
    let out = paxos_sim(&["run", &example("island-race.json"), "--trace", "-"]);
    assert_eq!(out.status.code(), Some(0));
    let trace = text(&out.stdout);
    let (header, lines) = paxos_sim::trace::parse(&trace).unwrap();
    assert_eq!(header.seed, 42);
    assert_eq!(lines.len(), 59);
    assert!(text(&out.stderr).contains("chosen:"));
}

#[test]
fn seed_flag_overrides_the_scenario_and_json_is_machine_readable() {
    let out = paxos_sim(&["run", &example("lossy-network.json"), "--seed", "7", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["seed"], 7);
    assert!(v["messages"]["sent"].as_u64().unwrap() > 0);
    assert_eq!(v["violations"].as_array().unwrap().len(), 0);
}

#[test]
fn bad_scenarios_and_arguments_exit_2_with_a_clear_message() {
    let dir = std::env::temp_dir().join(format!("paxos-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"format":"paxos-scenario","version":1,"nodes":3,"network":{"delay":[50,10]}}"#)
        .unwrap();
    let out = paxos_sim(&["run", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("network.delay: the minimum 50 is above the maximum 10"),
        "{}",
        text(&out.stderr)
    );

    let out = paxos_sim(&["run", &example("island-race.json"), "--seed"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--seed needs a value"));

    let out = paxos_sim(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown command \"frobnicate\""));

    let out = paxos_sim(&["fuzz", "--runs", "3", "--nodes", "9..3"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn fuzz_reports_runs_and_zero_violations() {
    let out = paxos_sim(&["fuzz", "--runs", "200", "--seed", "1000"]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.contains("runs:       200"), "{s}");
    assert!(s.contains("violations: 0"), "{s}");
    assert!(s.contains("events/s"), "{s}");
}

#[test]
fn check_spec_gives_tlc_counts_for_mc_paxos_tiny() {
    let out = paxos_sim(&["check", "--spec"]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.contains("distinct:   3921 states"), "{s}");
    assert!(s.contains("generated:  23563 states"), "{s}");
    assert!(s.contains("depth:      17"), "{s}");
}

#[test]
fn check_finds_no_violation_in_correct_paxos_and_a_counterexample_in_a_broken_one() {
    let out = paxos_sim(&["check", &example("island-race.json"), "--max-round", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("result:     no violation"));

    let out =
        paxos_sim(&["check", &example("broken-1-ignore-promised-values.json"), "--property", "agreement"]);
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert!(s.contains("result:     always(\"agreement\") broken after 8 moves"), "{s}");
    let trace = &s[s.find("{\"format\":\"paxos-trace\"").expect("the counterexample trace follows")..];
    let (_, lines) = paxos_sim::trace::parse(trace).unwrap();
    assert!(lines.iter().any(|l| matches!(&l.event, paxos_sim::trace::TraceEvent::Violation { property, .. } if property == "agreement")));

    let out = paxos_sim(&["check", &example("island-race.json"), "--max-round", "1", "--chosen", "2元/度"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("result:     reached after"), "{}", text(&out.stdout));
}

#[test]
fn run_and_fuzz_handle_multi_paxos() {
    let out = paxos_sim(&["run", &example("multi-two-leaders.json"), "--trace", "-"]);
    assert_eq!(out.status.code(), Some(0));
    let summary = text(&out.stderr);
    assert!(summary.contains("multi Paxos, 5 nodes"), "{summary}");
    assert!(summary.contains("leaders:    S1 (1.S1)"), "{summary}");
    assert!(
        summary.contains("no violation (agreement, learned-is-chosen, state-machine-safety"),
        "{summary}"
    );
    let (header, _) = paxos_sim::trace::parse_multi(&text(&out.stdout)).unwrap();
    assert_eq!(header.protocol, "multi");
    let out = paxos_sim(&["fuzz", "--protocol", "multi", "--runs", "50"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("violations: 0"));
    let out = paxos_sim(&["fuzz", "--protocol", "raft", "--runs", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--protocol is basic or multi"));
}

#[test]
fn run_streams_the_same_trace_and_summary_as_a_whole_run() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let json = std::fs::read_to_string(&path).unwrap();
        let out = paxos_sim(&["run", path.to_str().unwrap(), "--trace", "-"]);
        let (whole, summary) = match paxos_sim::run_any(&json, None, true).unwrap() {
            paxos_sim::Run::Basic(sim) => (sim.trace_text(), sim.summary().to_string()),
            paxos_sim::Run::Multi(sim) => (sim.trace_text(), sim.summary().to_string()),
        };
        assert!(text(&out.stdout) == whole, "{}: the streamed trace differs", path.display());
        assert_eq!(text(&out.stderr), summary, "{}", path.display());
    }
}

#[test]
fn a_multi_paxos_check_stops_at_its_memory_budget_with_a_message() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/check/multi-failover.json");
    let out = paxos_sim(&["check", file.to_str().unwrap(), "--max-round", "2", "--max-memory", "40"]);
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains("result:     stopped at --max-memory (40 MiB) before the end; nothing found so far"),
        "{said}"
    );
}
