//! `paxos-sim test --node` as a course runs it: the reference nodes pass, every broken
//! variant written as a student's node is caught with a counterexample that replays, and a
//! node that breaks the node protocol exits 2 naming the request.

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// `paxos-sim ARGS` run from the repository's root, writing counterexamples to a fresh directory.
fn paxos_sim(args: &[&str], out: &str) -> Output {
    std::fs::create_dir_all(out).unwrap();
    Command::new(env!("CARGO_BIN_EXE_paxos-sim")).args(args).current_dir(root()).output().unwrap()
}

fn tmp(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("paxos-nodes-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.to_str().unwrap().to_string()
}

fn js(file: &str, export: &str) -> String {
    format!("node examples/nodes/run.mjs {file} {export}")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The properties reported broken.
fn broken(out: &Output) -> Vec<String> {
    text(&out.stdout)
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("BROKEN  "))
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect()
}

#[test]
fn the_reference_node_holds_every_property_under_faults_and_exhaustive_search() {
    let out = tmp("reference");
    let o = paxos_sim(
        &[
            "test",
            "--node",
            &js("examples/nodes/reference.js", "handle"),
            "--runs",
            "200",
            "--check",
            "--crashes",
            "0",
            "--out",
            &out,
        ],
        &out,
    );
    let s = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{s}{}", text(&o.stderr));
    assert_eq!(s.matches("  holds   ").count(), 6, "{s}");
    assert!(s.contains("scenarios:  15 run"), "{s}");
    assert!(s.contains("fuzz:       200 runs"), "{s}");
    assert!(s.contains("every reachable state explored"), "{s}");
}

#[test]
fn the_python_reference_node_holds_every_property() {
    let out = tmp("python");
    let o = paxos_sim(
        &["test", "--node", "python3 examples/nodes/reference.py", "--runs", "100", "--out", &out],
        &out,
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
}

#[test]
fn every_broken_variant_written_as_a_student_node_is_caught_with_a_counterexample_that_replays() {
    let variants = [
        ("ignorePromisedValues", "agreement"),
        ("acceptorAmnesia", "promise-monotonic"),
        ("acceptWithoutPromiseCheck", "accepted-within-promise"),
        ("roundOnlyBallots", "promise-monotonic"),
        ("smallQuorum", "agreement"),
        ("learnFromFirstAccepted", "learned-is-chosen"),
        ("acceptKeepsPromise", "accepted-within-promise"),
    ];
    for (export, property) in variants {
        let out = tmp(export);
        let node = js("crates/paxos-cli/tests/nodes/broken.js", export);
        let o = paxos_sim(&["test", "--node", &node, "--runs", "50", "--check", "--out", &out], &out);
        let s = text(&o.stdout);
        assert_eq!(o.status.code(), Some(1), "{export}: {s}{}", text(&o.stderr));
        let name = format!("always(\"{property}\")");
        assert!(broken(&o).contains(&name), "{export} breaks {name}: {s}");
        // The counterexample replays with the same node, to the same violation.
        let scenario = format!("{out}/{property}.scenario.json");
        let trace = std::fs::read_to_string(format!("{out}/{property}.trace.jsonl")).unwrap();
        assert!(trace.contains(&format!("\"property\":\"{property}\"")), "{export}: {trace}");
        let replay = paxos_sim(&["run", &scenario, "--node", &node, "--trace", "-"], &out);
        assert_eq!(replay.status.code(), Some(1), "{export}: {}", text(&replay.stderr));
        assert_eq!(text(&replay.stdout), trace, "{export}: the replay writes the counterexample's trace");
    }
}

#[test]
fn a_node_that_breaks_the_node_protocol_exits_2_naming_the_request_that_showed_it() {
    let cases = [
        ("misspelled", "send[0].msg.type: unknown variant `promis`"),
        ("strangers", "there is no node named \"S9\"; the nodes are S1, S2, S3"),
        ("throws", "Error: TODO: handle promise"),
        ("globalPromise", "the node is not a pure function of its state and input"),
        ("stuck", "no reply within 2 s"),
        ("chatty", "malformed JSON at column 1: expected value; debugging output belongs on stderr"),
        ("selfish", "the run asked the nodes 200000 times without ending"),
    ];
    for (export, message) in cases {
        let out = tmp(export);
        let o = paxos_sim(
            &[
                "test",
                "--node",
                &js("crates/paxos-cli/tests/nodes/faulty.js", export),
                "--runs",
                "100",
                "--out",
                &out,
            ],
            &out,
        );
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{export}: {}{err}", text(&o.stdout));
        assert!(err.contains(message), "{export}: {err}");
        assert!(err.contains("\n  request: {\"node\":"), "{export} names the request: {err}");
    }
}

#[test]
fn the_starter_is_safe_but_chooses_nothing() {
    for node in ["node examples/nodes/run.mjs examples/nodes/starter.js", "python3 examples/nodes/starter.py"]
    {
        let out = tmp("starter");
        let o = paxos_sim(&["test", "--node", node, "--runs", "10", "--out", &out], &out);
        assert_eq!(o.status.code(), Some(1), "{node}");
        assert_eq!(broken(&o), ["eventually(\"chosen\") once the network is stable"], "{node}");
    }
}

#[test]
fn the_exercises_fail_until_their_bug_is_fixed() {
    let out = tmp("exercises");
    let crash = "node examples/nodes/run.mjs examples/nodes/exercises/survive-a-crash.js";
    let o = paxos_sim(&["test", "--node", crash, "--runs", "50", "--check", "--out", &out], &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(broken(&o).contains(&"always(\"promise-monotonic\")".to_string()), "{}", text(&o.stdout));
    // The fix: the acceptor's promise and vote kept on disk.
    let fixed = std::fs::read_to_string(root().join("examples/nodes/exercises/survive-a-crash.js"))
        .unwrap()
        .replace("mem.promised", "disk.promised")
        .replace("mem.vote", "disk.vote");
    let file = format!("{out}/survived.js");
    std::fs::write(&file, fixed).unwrap();
    let o = paxos_sim(
        &[
            "test",
            "--node",
            &format!("node examples/nodes/run.mjs {file}"),
            "--runs",
            "50",
            "--check",
            "--out",
            &out,
        ],
        &out,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));

    let bug = "node examples/nodes/run.mjs examples/nodes/exercises/find-the-bug.js";
    let o = paxos_sim(&["test", "--node", bug, "--runs", "100", "--out", &out], &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(broken(&o).contains(&"always(\"agreement\")".to_string()), "{}", text(&o.stdout));
    // The fix: count each acceptor once.
    let fixed = std::fs::read_to_string(root().join("examples/nodes/exercises/find-the-bug.js"))
        .unwrap()
        .replace("oks: 0", "oks: []")
        .replace("this.mem.oks += 1;", "if (!this.mem.oks.includes(from)) this.mem.oks.push(from);")
        .replace("this.mem.oks === ", "this.mem.oks.length === ");
    let file = format!("{out}/found.js");
    std::fs::write(&file, fixed).unwrap();
    let o = paxos_sim(
        &["test", "--node", &format!("node examples/nodes/run.mjs {file}"), "--runs", "100", "--out", &out],
        &out,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
}
