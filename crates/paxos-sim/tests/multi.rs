//! The Multi-Paxos example scenarios: each is deterministic, keeps the trace format's rules,
//! matches its snapshot, and ends as its title says. And random runs with faults never break
//! a safety property.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use paxos_sim::fuzz::{random_multi_scenario, run_multi_quiet};
use paxos_sim::multi::MultiSimulation;
use paxos_sim::trace::{self, TraceEvent};
use paxos_sim::Scenario;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios")
}

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with("multi-"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 6, "four stories of the log and two ZooKeeper recipes");
    files
}

fn load(name: &str) -> MultiSimulation {
    let json = std::fs::read_to_string(dir().join(name)).unwrap();
    MultiSimulation::new(Scenario::parse(&json).unwrap_or_else(|e| panic!("{name}: {e}")), true)
}

fn run(name: &str) -> MultiSimulation {
    let mut sim = load(name);
    sim.run();
    sim
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_str().unwrap().to_string()
}

#[test]
fn same_seed_same_trace_and_the_format_rules_hold() {
    for path in examples() {
        let text = run(&name(&path)).trace_text();
        assert_eq!(text, run(&name(&path)).trace_text(), "{}", path.display());
        let (header, lines) = trace::parse_multi(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(header.protocol, "multi");
        assert_eq!(trace::render(&header, &lines), text, "parse/render round trip");
        let mut fate: BTreeMap<u64, u32> = BTreeMap::new();
        let mut sent = BTreeSet::new();
        for line in &lines {
            match &line.event {
                TraceEvent::Send { id, .. } => assert!(sent.insert(*id)),
                TraceEvent::Duplicate { id, copy } => assert!(sent.contains(id) && sent.insert(*copy)),
                TraceEvent::Deliver { id } | TraceEvent::Drop { id } => {
                    assert!(sent.contains(id));
                    *fate.entry(*id).or_default() += 1;
                }
                TraceEvent::Violation { .. } => panic!("{}: {line:?}", path.display()),
                _ => {}
            }
        }
        assert!(fate.values().all(|&n| n == 1));
    }
}

#[test]
fn multi_trace_lines_have_the_documented_shape() {
    let text = run("multi-new-leader-finishes-slot.json").trace_text();
    let line = |needle: &str| text.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}"));
    assert_eq!(
        text.lines().next().unwrap(),
        r#"{"format":"paxos-trace","version":1,"protocol":"multi","nodes":["S1","S2","S3","S4","S5"],"quorum":3,"seed":11}"#
    );
    assert!(line(r#""type":"prepare""#).contains(r#""from_slot":0"#));
    assert!(line(r#""type":"accept""#).contains(r#""slot":0,"value":"#));
    // S2's promise to itself reports its vote for slot 0 as a list of {slot, ballot, value}.
    assert!(text.contains(
        r##""msg":{"type":"promise","ballot":{"round":2,"node":"S2"},"from_slot":0,"accepted":[{"slot":0,"ballot":{"round":1,"node":"S1"},"value":"#1 setData /laws/electricity 2元/度"}]}"##
    ));
    assert!(line(r#""event":"chosen""#).contains(r#""slot":0"#));
    assert!(line(r#""event":"leader""#).starts_with(r#"{"step":"#));
}

#[test]
fn traces_match_their_snapshots() {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for path in examples() {
        let file = snapshots.join(path.file_stem().unwrap()).with_extension("jsonl");
        let text = run(&name(&path)).trace_text();
        if update {
            std::fs::write(&file, &text).unwrap();
        } else if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
            stale.push(file.display().to_string());
        }
    }
    assert!(stale.is_empty(), "traces differ from their snapshots (UPDATE_SNAPSHOTS=1 to accept): {stale:?}");
}

#[test]
fn leader_failover_keeps_every_acknowledged_write() {
    let sim = run("multi-leader-failover.json");
    assert!(sim.violations().is_empty());
    let leaders: Vec<_> = sim.leaders().iter().map(|(_, n, _)| n.0).collect();
    assert!(leaders.len() >= 2 && leaders[0] == 0, "S1 led, then another: {leaders:?}");
    let requests = sim.requests();
    assert!(
        requests.values().all(|q| q.reply.as_ref().is_some_and(|(_, r)| r.ok)),
        "every request answered ok"
    );
    let applied: BTreeSet<u64> = sim.servers().iter().map(|s| s.node.applied().0).collect();
    assert_eq!(applied.len(), 1, "every server (S1 restarted too) applied the whole log");
    let last = requests.values().last().unwrap();
    let data = last.reply.as_ref().unwrap().1.data.clone();
    assert_eq!(data.as_deref(), Some("11元/度"), "the restarted S1 reads the last write");
}

#[test]
fn a_partitioned_follower_reads_stale_until_sync() {
    let sim = run("multi-stale-read-then-sync.json");
    let reply = |id: u64| sim.requests()[&id].reply.clone().unwrap().1;
    assert_eq!(reply(2).data.as_deref(), Some("1元/度"));
    assert!(reply(2).stale.is_some(), "the page is told the read was stale");
    assert!(reply(3).stale.is_some(), "just after the heal S3 is still behind");
    assert!(reply(4).ok, "sync returns");
    assert_eq!(reply(5).data.as_deref(), Some("2元/度"));
    assert_eq!(reply(5).stale, None);
}

#[test]
fn new_leader_finishes_the_half_accepted_slot() {
    let sim = run("multi-new-leader-finishes-slot.json");
    let (entry, ballot) = &sim.chosen()[&paxos::Slot(0)];
    let data = match &entry.command().unwrap().op {
        paxos_sim::multi::WriteOp::SetData { data, .. } => data.to_string(),
        other => panic!("{other:?}"),
    };
    assert_eq!(data, "2元/度", "S1's half-accepted write is chosen, not lost");
    assert_eq!(ballot.node, paxos::NodeId(1), "by S2's ballot");
    assert!(sim.violations().is_empty());
}

#[test]
fn two_leaders_at_once_and_no_violation() {
    let mut sim = load("multi-two-leaders.json");
    let mut both = false;
    while sim.next_time().is_some_and(|t| t.0 <= sim.plan().until) {
        sim.step();
        both |= sim.servers().iter().filter(|s| s.node.leading().is_some()).count() == 2;
    }
    assert!(both, "S1 and S2 believed they led at the same moment");
    assert!(sim.violations().is_empty());
    assert!(sim.requests().values().all(|q| q.reply.as_ref().is_some_and(|(_, r)| r.ok)));
    let last = sim.requests().values().last().unwrap();
    assert!(last.reply.as_ref().unwrap().1.data.is_some());
}

/// The trace's events of one kind, written short: `"notify S3 s2 deleted /lock/n-0000000000"`.
fn told(sim: &MultiSimulation) -> Vec<String> {
    let (_, lines) = trace::parse_multi(&sim.trace_text()).unwrap();
    lines
        .into_iter()
        .filter_map(|l| match l.event {
            TraceEvent::Notify { node, session, path, kind } => {
                Some(format!("notify {node} s{session} {kind} {path}"))
            }
            TraceEvent::Expire { node, session } => Some(format!("expire {node} s{session}")),
            _ => None,
        })
        .collect()
}

fn children(sim: &MultiSimulation, id: u64) -> Vec<String> {
    sim.requests()[&id].reply.clone().unwrap().1.children.unwrap()
}

#[test]
fn lock_recipe_wakes_one_waiter_at_a_time_and_a_dead_client_releases_through_expiry() {
    let sim = run("multi-lock-recipe.json");
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
    assert_eq!(
        children(&sim, 8),
        ["n-0000000000", "n-0000000001", "n-0000000002"],
        "alice's is lowest: she holds it"
    );
    assert_eq!(
        told(&sim),
        [
            "expire S1 s1",
            "notify S3 s2 deleted /lock/n-0000000000",
            "notify S1 s3 deleted /lock/n-0000000001",
        ],
        "alice's session expires, bob alone is woken; bob's release wakes carol alone (no herd)"
    );
    assert_eq!(children(&sim, 15), ["n-0000000001", "n-0000000002"], "bob's is lowest now");
    assert_eq!(children(&sim, 18), ["n-0000000002"], "then carol's");
    assert_eq!(
        sim.trees()[2].get("/laws/electricity").unwrap().data,
        "2元/度",
        "bob's change under the lock"
    );
}

#[test]
fn election_recipe_survives_a_reconnect_and_hands_over_when_the_leaders_session_expires() {
    let sim = run("multi-leader-election-recipe.json");
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
    assert!(
        sim.requests()[&14].reply.as_ref().unwrap().1.ok,
        "chen's session moved from the crashed S2 to S1"
    );
    assert_eq!(
        told(&sim),
        ["expire S1 s1", "notify S3 s2 deleted /election/c-0000000000"],
        "only anna's session expires"
    );
    assert_eq!(children(&sim, 16), ["c-0000000001", "c-0000000002"], "ben's child is lowest: he leads");
    assert_eq!(sim.trees()[0].get("/laws/electricity").unwrap().data, "3元/度");
    assert_eq!(sim.sessions()[2].watches.len(), 1, "chen's watch on ben's child moved with his session");
    assert!(
        sim.trace_text().contains(
            r#""event":"watch","node":"S1","session":3,"path":"/election/c-0000000001","kind":"data""#
        ),
        "S1 writes the watch it keeps for chen's session"
    );
}

#[test]
fn random_multi_runs_with_faults_break_no_property() {
    for seed in 1..=300 {
        let outcome = run_multi_quiet(&random_multi_scenario(seed, 3, 7));
        assert_eq!(outcome.violations, 0, "replay: paxos-sim fuzz --protocol multi --runs 1 --seed {seed}");
    }
}
