//! The example scenarios: each runs, keeps the trace format's rules, is deterministic, and
//! matches its snapshot in tests/snapshots/ (regenerate with UPDATE_SNAPSHOTS=1 after a
//! deliberate change, and read the diff).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use paxos_sim::trace::{self, TraceEvent};
use paxos_sim::{run_scenario, Simulation};

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| !p.file_name().unwrap().to_str().unwrap().starts_with("multi-")) // tests/multi.rs
        .collect();
    files.sort();
    assert!(files.len() >= 15, "the examples of the issues are there");
    files
}

fn run(path: &Path) -> Simulation {
    let json = std::fs::read_to_string(path).unwrap();
    run_scenario(&json, None, true).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn same_seed_gives_a_byte_identical_trace() {
    for path in examples() {
        assert_eq!(run(&path).trace_text(), run(&path).trace_text(), "{}", path.display());
    }
}

#[test]
fn another_seed_gives_another_trace() {
    let json = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios/lossy-network.json"),
    )
    .unwrap();
    let a = run_scenario(&json, Some(1), true).unwrap().trace_text();
    let b = run_scenario(&json, Some(2), true).unwrap().trace_text();
    assert_ne!(a, b);
}

#[test]
fn traces_keep_the_rules_of_the_format() {
    for path in examples() {
        let sim = run(&path);
        let text = sim.trace_text();
        let (header, lines) = trace::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(trace::render(&header, &lines), text, "parse/render round trip");
        // Every copy sent is delivered or dropped at most once; a duplicate names a sent id.
        let mut fate: BTreeMap<u64, u32> = BTreeMap::new();
        let mut sent = std::collections::BTreeSet::new();
        for line in &lines {
            match &line.event {
                TraceEvent::Send { id, from, to, .. } => {
                    assert!(sent.insert(*id), "id {id} sent twice");
                    assert!(header.nodes.contains(from) && header.nodes.contains(to));
                }
                TraceEvent::Duplicate { id, copy } => {
                    assert!(sent.contains(id));
                    assert!(sent.insert(*copy), "copy {copy} reuses an id");
                }
                TraceEvent::Deliver { id } | TraceEvent::Drop { id } => {
                    assert!(sent.contains(id), "{id} delivered before it was sent");
                    *fate.entry(*id).or_default() += 1;
                }
                _ => {}
            }
        }
        assert!(fate.values().all(|&n| n == 1), "{}: a copy delivered or dropped twice", path.display());
        let broken = path.file_name().unwrap().to_str().unwrap().starts_with("broken-");
        assert_eq!(broken, !sim.violations().is_empty(), "{}: {:?}", path.display(), sim.violations());
        assert_eq!(
            broken,
            !header.broken.is_empty() || header.quorum < 2,
            "{}: the header says it is broken",
            path.display()
        );
    }
}

/// The page's scenarios menu tells which example is loaded by its title, read at build time
/// (www/src/page/scenariomenu.ts): a file without one would fail the site's build.
#[test]
fn every_example_has_a_title_of_its_own() {
    let mut seen = std::collections::BTreeSet::new();
    for path in examples() {
        let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let title = json["title"].as_str().unwrap_or_else(|| panic!("{}: no \"title\"", path.display()));
        assert!(
            seen.insert(title.to_string()),
            "{}: another example has the title {title:?}",
            path.display()
        );
    }
}

#[test]
fn examples_end_as_their_titles_say() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios");
    let chosen = |name: &str| run(&dir.join(name)).chosen().map(|c| c.value.to_string());
    assert!(chosen("island-race.json").is_some());
    assert_eq!(chosen("duel-livelock.json"), None, "no backoff, equal delays: livelock");
    assert_eq!(chosen("five-nodes-two-crashed.json").as_deref(), Some("1元/度"));
    assert_eq!(chosen("five-nodes-three-crashed.json"), None);
    assert_eq!(chosen("minority-partition.json").as_deref(), Some("4元/度"));
    assert_eq!(chosen("crash-between-promise-and-accept.json").as_deref(), Some("1元/度"));
    assert_eq!(chosen("island-story-manual.json").as_deref(), Some("1元/度"), "S2's proposal loses");
    let lossy = run(&dir.join("lossy-network.json"));
    assert!(lossy.chosen().is_some() && lossy.stats().dropped > 0 && lossy.stats().duplicated > 0);
    // Everyone up learns, even S3 which crashed between its promise and the accept.
    let crash = run(&dir.join("crash-between-promise-and-accept.json"));
    assert!(crash.hosts().iter().all(|h| h.node.learner().learned().is_some()));
}

#[test]
fn every_broken_variant_is_caught_by_the_live_checker() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios");
    let caught = |name: &str| -> Vec<String> {
        run(&dir.join(name)).violations().iter().map(|v| v.property.name().to_string()).collect()
    };
    for (name, property) in [
        ("broken-1-ignore-promised-values.json", "agreement"),
        ("broken-2-acceptor-amnesia.json", "agreement"),
        ("broken-3-accept-without-promise-check.json", "agreement"),
        ("broken-4-round-only-ballots.json", "agreement"),
        ("broken-5-small-quorum.json", "agreement"),
        ("broken-6-learn-from-first-accepted.json", "learned-is-chosen"),
        ("broken-7-accept-keeps-promise.json", "agreement"),
    ] {
        assert!(caught(name).iter().any(|p| p == property), "{name}: {:?}", caught(name));
    }
}

#[test]
fn island_trace_starts_with_the_documented_header() {
    let sim = run(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios/island-race.json"));
    let text = sim.trace_text();
    assert_eq!(
        text.lines().next().unwrap(),
        r#"{"format":"paxos-trace","version":1,"protocol":"basic","nodes":["S1","S2","S3"],"quorum":2,"seed":42}"#
    );
    assert_eq!(
        text.lines().nth(1).unwrap(),
        r#"{"step":1,"time":0,"event":"propose","node":"S1","value":"1元/度"}"#
    );
    assert_eq!(
        text.lines().nth(2).unwrap(),
        r#"{"step":2,"time":0,"event":"send","id":1,"from":"S1","to":"S1","msg":{"type":"prepare","ballot":{"round":1,"node":"S1"}}}"#
    );
}

#[test]
fn traces_match_their_snapshots() {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for path in examples() {
        let file = snapshots.join(path.file_stem().unwrap()).with_extension("jsonl");
        let text = run(&path).trace_text();
        if update {
            std::fs::write(&file, &text).unwrap();
        } else if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
            stale.push(file.display().to_string());
        }
    }
    assert!(stale.is_empty(), "traces differ from their snapshots (UPDATE_SNAPSHOTS=1 to accept): {stale:?}");
}
