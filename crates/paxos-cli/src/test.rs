//! `paxos-sim test --node COMMAND`: a student's node, tested as a grader would. The node is
//! one long-running process speaking the node protocol (docs/node-protocol.md). It runs the
//! example scenarios and `--runs` fuzzed ones with faults, each followed by a stable network
//! (liveness), and with `--check` every interleaving of a small cluster; every run is judged
//! by the live safety checker, and the shortest counterexample of each broken property is
//! written as a trace and as a scenario that `paxos-sim run --node` replays.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use paxos::Time;
use paxos_check::system::external::ExternalSpec;
use paxos_check::system::{self, Verdict};
use paxos_sim::external::{ExternalConfig, ExternalSimulation, NodeFault, Runner};
use paxos_sim::fuzz::random_scenario;
use paxos_sim::scenario::{EventSpec, LinkSpec, NetworkMode, NetworkSpec, Protocol};
use paxos_sim::Scenario;

use crate::args::{Args, CliError, UsageError};
use crate::process::Process;

/// The example scenarios every node is tested on (the Basic Paxos ones of examples/).
const EXAMPLES: [(&str, &str); 15] = [
    ("island-race", include_str!("../../../examples/scenarios/island-race.json")),
    ("island-story-manual", include_str!("../../../examples/scenarios/island-story-manual.json")),
    ("lossy-network", include_str!("../../../examples/scenarios/lossy-network.json")),
    ("minority-partition", include_str!("../../../examples/scenarios/minority-partition.json")),
    ("duel-livelock", include_str!("../../../examples/scenarios/duel-livelock.json")),
    (
        "crash-between-promise-and-accept",
        include_str!("../../../examples/scenarios/crash-between-promise-and-accept.json"),
    ),
    ("five-nodes-two-crashed", include_str!("../../../examples/scenarios/five-nodes-two-crashed.json")),
    ("five-nodes-three-crashed", include_str!("../../../examples/scenarios/five-nodes-three-crashed.json")),
    (
        "broken-1-ignore-promised-values",
        include_str!("../../../examples/scenarios/broken-1-ignore-promised-values.json"),
    ),
    ("broken-2-acceptor-amnesia", include_str!("../../../examples/scenarios/broken-2-acceptor-amnesia.json")),
    (
        "broken-3-accept-without-promise-check",
        include_str!("../../../examples/scenarios/broken-3-accept-without-promise-check.json"),
    ),
    (
        "broken-4-round-only-ballots",
        include_str!("../../../examples/scenarios/broken-4-round-only-ballots.json"),
    ),
    ("broken-5-small-quorum", include_str!("../../../examples/scenarios/broken-5-small-quorum.json")),
    (
        "broken-6-learn-from-first-accepted",
        include_str!("../../../examples/scenarios/broken-6-learn-from-first-accepted.json"),
    ),
    (
        "broken-7-accept-keeps-promise",
        include_str!("../../../examples/scenarios/broken-7-accept-keeps-promise.json"),
    ),
];

/// How long the network stays stable after a run's faults: a value must be chosen by then.
pub const STABLE_MS: u64 = 60_000;
/// The liveness property's name.
const LIVENESS: &str = "chosen-when-stable";
/// The properties reported, in order.
const PROPERTIES: [&str; 6] =
    ["agreement", "validity", "learned-is-chosen", "promise-monotonic", "accepted-within-promise", LIVENESS];

/// The shortest way found to break one property.
struct Counterexample {
    /// Where it was found: "scenario island-race", "fuzz run 17", "check".
    origin: String,
    detail: String,
    /// Trace lines up to the violation (the length compared).
    steps: u64,
    scenario: Scenario,
    trace: String,
}

pub fn main(argv: &[String]) -> Result<ExitCode, CliError> {
    let args = Args::parse(
        argv,
        &["node", "runs", "seed", "max-round", "crashes", "max-states", "max-memory", "out"],
        &["check"],
    )?;
    let command =
        args.value("node").ok_or_else(|| UsageError("test needs --node \"COMMAND ARGS\"".into()))?;
    let runs = args.number("runs")?.unwrap_or(100);
    let first_seed = args.number("seed")?.unwrap_or(1);
    let out = args.value("out").unwrap_or(".");
    let runner = Runner::new(Process::start(command).map_err(UsageError)?);
    let mut scenarios = Vec::new();
    if args.positional.is_empty() {
        for (name, json) in EXAMPLES {
            scenarios.push((
                format!("scenario {name}"),
                Scenario::from_json(json).expect("the examples are valid"),
            ));
        }
    }
    for path in &args.positional {
        let json =
            std::fs::read_to_string(path).map_err(|error| CliError::File { path: path.clone(), error })?;
        let scenario =
            Scenario::from_json(&json).map_err(|error| CliError::Scenario { path: path.clone(), error })?;
        scenario.plan().map_err(|error| CliError::Scenario { path: path.clone(), error })?;
        if scenario.protocol != Protocol::Basic {
            return Err(UsageError(format!("{path}: a student's node runs Basic Paxos scenarios")).into());
        }
        scenarios.push((format!("scenario {path}"), scenario));
    }

    println!("node:       {command}");
    let started = Instant::now();
    let mut found: BTreeMap<&'static str, Counterexample> = BTreeMap::new();
    let mut tally = |origin: String, scenario: &Scenario| -> Result<Tallied, CliError> {
        let run = run_stable(&runner, scenario, &origin)?;
        if let Err(fault) = run {
            return Ok(Tallied::Fault(fault));
        }
        let run = run.expect("checked");
        for (property, c) in run.broken {
            let shorter = found.get(property).is_none_or(|old| c.steps < old.steps);
            if shorter {
                found.insert(property, c);
            }
        }
        Ok(Tallied::Ran { chosen: run.chosen })
    };

    let (mut ran, mut chosen) = (0u64, 0u64);
    for (origin, scenario) in &scenarios {
        match tally(origin.clone(), scenario)? {
            Tallied::Fault(f) => return Ok(fault(f)),
            Tallied::Ran { chosen: c } => (ran, chosen) = (ran + 1, chosen + u64::from(c)),
        }
    }
    println!(
        "scenarios:  {ran} run, each then {} s of a stable network; {chosen} chose a value",
        STABLE_MS / 1000
    );
    let fuzz_started = Instant::now();
    let (mut fuzzed, mut fuzz_chosen) = (0u64, 0u64);
    for k in 0..runs {
        let seed = first_seed.wrapping_add(k) & paxos_sim::scenario::MAX_SEED;
        match tally(format!("fuzz run {seed}"), &random_scenario(seed, 3, 5))? {
            Tallied::Fault(f) => return Ok(fault(f)),
            Tallied::Ran { chosen: c } => (fuzzed, fuzz_chosen) = (fuzzed + 1, fuzz_chosen + u64::from(c)),
        }
    }
    if runs > 0 {
        println!(
            "fuzz:       {fuzzed} runs (seeds {first_seed}..{}, 3 to 5 nodes, loss, duplication, crashes, partitions), {fuzz_chosen} chose a value, {:.1} s",
            first_seed + runs - 1,
            fuzz_started.elapsed().as_secs_f64()
        );
    }
    if args.switch("check") {
        let island = Scenario::from_json(EXAMPLES[0].1).expect("valid");
        let base = match scenarios.iter().find(|(o, _)| o != "scenario island-race") {
            Some((origin, s)) if !args.positional.is_empty() => (origin.clone(), s.clone()),
            _ => ("scenario island-race".to_string(), island),
        };
        match check(&runner, &base.1, &base.0, &args)? {
            Err(f) => return Ok(fault(f)),
            Ok(Some((property, c))) => {
                if found.get(property).is_none_or(|old| c.steps < old.steps) {
                    found.insert(property, c);
                }
            }
            Ok(None) => {}
        }
    }
    let asked = runner.asked();
    println!(
        "requests:   {} ({} answered by the node, the rest remembered; {} asked again to check it is pure)",
        asked.requests, asked.answered, asked.rechecked
    );
    println!("time:       {:.1} s\n", started.elapsed().as_secs_f64());
    for property in PROPERTIES {
        let name = if property == LIVENESS {
            "eventually(\"chosen\") once the network is stable".to_string()
        } else {
            format!("always(\"{property}\")")
        };
        match found.get(property) {
            None => println!("  holds   {name}"),
            Some(c) => {
                println!("  BROKEN  {name}: {} ({}, {} steps)", c.detail, c.origin, c.steps);
                let scenario = format!("{out}/{property}.scenario.json");
                let trace = format!("{out}/{property}.trace.jsonl");
                let json = serde_json::to_string_pretty(&c.scenario).expect("a scenario serializes") + "\n";
                std::fs::write(&scenario, json)
                    .map_err(|error| CliError::File { path: scenario.clone(), error })?;
                std::fs::write(&trace, &c.trace)
                    .map_err(|error| CliError::File { path: trace.clone(), error })?;
                println!("          trace {trace}; replay: paxos-sim run {scenario} --node {command:?}");
            }
        }
    }
    Ok(if found.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// A property broken, and how.
type Broken = (&'static str, Counterexample);

enum Tallied {
    Ran { chosen: bool },
    Fault(NodeFault),
}

/// The node broke the protocol: exit status 2, with the request that showed it.
fn fault(f: NodeFault) -> ExitCode {
    eprintln!("paxos-sim: the node broke the node protocol: {f}");
    ExitCode::from(2)
}

struct Ran {
    chosen: bool,
    broken: Vec<(&'static str, Counterexample)>,
}

/// `scenario`, then a stable network for [`STABLE_MS`]: partitions healed, links mended,
/// every node restarted, no loss or duplication, and the first proposal made again (a
/// client retries; a proposer that crashed forgot its value).
pub fn stabilized(scenario: &Scenario, names: &[String]) -> Scenario {
    let mut s = scenario.clone();
    let at = s.until;
    let ev = |f: &dyn Fn(&mut EventSpec)| {
        let mut e = EventSpec { at, ..Default::default() };
        f(&mut e);
        e
    };
    s.events.push(ev(&|e| e.heal = Some(true)));
    let network = NetworkSpec { mode: NetworkMode::Auto, drop: 0.0, duplicate: 0.0, ..s.network.clone() };
    s.events.push(ev(&|e| e.network = Some(network.clone())));
    let links: Vec<[String; 2]> =
        scenario.events.iter().filter_map(|e| Some(e.link.as_ref()?.between.clone())).collect();
    for between in links {
        s.events.push(ev(&|e| e.link = Some(LinkSpec { between: between.clone(), cut: false, extra: 0 })));
    }
    for name in names {
        s.events.push(ev(&|e| e.restart = Some(name.clone())));
    }
    if let Some(propose) = scenario.events.iter().find_map(|e| e.propose.clone()) {
        s.events.push(EventSpec { at: at + 1, propose: Some(propose), ..Default::default() });
    }
    s.until = at + STABLE_MS;
    s.title = Some(format!("{}, then a stable network", s.title.as_deref().unwrap_or("a run")));
    s
}

/// Runs `scenario` and its stable network through the node; the properties it broke.
fn run_stable(
    runner: &Runner,
    scenario: &Scenario,
    origin: &str,
) -> Result<Result<Ran, NodeFault>, CliError> {
    let names = scenario.plan().map_err(|error| CliError::Scenario { path: origin.into(), error })?.names;
    let stable = stabilized(scenario, &names);
    let plan = stable.plan().map_err(|error| CliError::Scenario { path: origin.into(), error })?;
    let proposes = plan.script.iter().any(|(_, a)| matches!(a, paxos_sim::Action::Propose { .. }));
    let (sim, fault) = run(runner, plan);
    if let Some(f) = fault {
        return Ok(Err(f));
    }
    let trace = sim.trace_text();
    let mut broken: Vec<(&'static str, Counterexample)> = Vec::new();
    for v in sim.violations() {
        let property = v.property.name();
        if broken.iter().all(|(p, _)| *p != property) {
            let c = Counterexample {
                origin: origin.into(),
                detail: v.detail.clone(),
                steps: v.step,
                scenario: stable.clone(),
                trace: trace.clone(),
            };
            broken.push((property, c));
        }
    }
    let chosen = sim.chosen().is_some();
    if proposes && !chosen {
        let detail = format!("no value chosen {} s after the network became stable", STABLE_MS / 1000);
        let c = Counterexample {
            origin: origin.into(),
            detail,
            steps: sim.step_number(),
            scenario: stable,
            trace,
        };
        broken.push((LIVENESS, c));
    }
    Ok(Ok(Ran { chosen, broken }))
}

/// A world of the node's program running `plan` to its end, or to the first fault.
pub fn run(runner: &Runner, plan: paxos_sim::Plan) -> (ExternalSimulation, Option<NodeFault>) {
    runner.begin_run();
    let until = Time(plan.until);
    let config = ExternalConfig { names: plan.names.clone().into(), runner: runner.clone() };
    let mut sim = ExternalSimulation::with_config(plan, config, true);
    while runner.fault().is_none() && sim.next_time().is_some_and(|t| t <= until) {
        sim.step();
    }
    let fault = runner.fault();
    (sim, fault)
}

/// Every interleaving of `scenario`'s proposals on its nodes, within the bounds.
fn check(
    runner: &Runner,
    scenario: &Scenario,
    origin: &str,
    args: &Args,
) -> Result<Result<Option<Broken>, NodeFault>, CliError> {
    let plan = scenario.plan().map_err(|error| CliError::Scenario { path: origin.into(), error })?;
    let max_round = args.number("max-round")?.unwrap_or(1);
    let crashes = match args.number("crashes")?.unwrap_or(1) {
        n @ 0..=3 => n as u8,
        n => return Err(UsageError(format!("--crashes is 0 to 3, not {n}")).into()),
    };
    let spec = ExternalSpec::from_plan(&plan, runner.clone(), max_round, crashes)
        .map_err(|e| UsageError(format!("{origin}: {e}")))?;
    let started = Instant::now();
    runner.begin_search();
    let max_memory =
        args.number("max-memory")?.unwrap_or(crate::check::DEFAULT_MEMORY_MIB).saturating_mul(1 << 20);
    let report = system::Search::new(spec.clone(), args.number("max-states")?.unwrap_or(2_000_000))
        .max_memory(max_memory, crate::check::resident_bytes)
        .run();
    let bound = match &report.verdict {
        Verdict::Exhausted => "every reachable state explored".to_string(),
        Verdict::Bounded(system::Bound::States) => "stopped at --max-states before the end".to_string(),
        Verdict::Bounded(system::Bound::Memory) => "stopped at --max-memory before the end".to_string(),
        Verdict::Found { property, .. } => format!("always(\"{property}\") broken"),
    };
    println!(
        "check:      {origin}: {} nodes, {} proposals, rounds up to {max_round}, crashes {crashes}: {} states, depth {}, {:.1} s, {bound}",
        spec.names.len(),
        spec.requests.len(),
        report.states,
        report.depth,
        started.elapsed().as_secs_f64()
    );
    let Verdict::Found { property, detail, path } = report.verdict else { return Ok(Ok(None)) };
    if let Some(f) = runner.fault() {
        return Ok(Err(f));
    }
    let Some(property) = PROPERTIES.into_iter().find(|p| *p == property) else {
        // A node that keeps sending itself messages within one move (SELF_MESSAGES).
        let moves: Vec<String> = path.iter().map(|m| m.describe(&spec)).collect();
        let request = format!("(the search, after: {})", moves.join("; "));
        return Ok(Err(NodeFault { problem: detail, request, reply: None, earlier: None }));
    };
    let title = format!("Counterexample: always(\"{property}\") broken");
    let (scenario, world) = system::external::scenario(&spec, &plan, &path, &title, &detail)
        .map_err(|e| UsageError(format!("the counterexample: {e}")))?;
    if let Some(f) = runner.fault() {
        return Ok(Err(f));
    }
    let steps = world.step_number();
    let c = Counterexample {
        origin: format!("check, {} moves", path.len()),
        detail,
        steps,
        scenario,
        trace: world.trace_text(),
    };
    Ok(Ok(Some((property, c))))
}
