//! `paxos-sim check`: explore every interleaving of a small configuration, breadth-first,
//! and print the shortest counterexample as a trace; or (`--spec`) explore Lamport's
//! Paxos.tla as written and print TLC-comparable counts.

use std::process::ExitCode;
use std::time::Instant;

use paxos::Value;
use paxos_check::model::{Bound, Goal, Model, Outcome, Search};
use paxos_check::system::{self, multi::MultiSpec, Spec};
use paxos_check::tla::{explore, SpecModel};

use crate::args::{Args, CliError, UsageError};

/// `--max-memory`'s default, in MiB: a third of this project's 24 GiB machines.
pub const DEFAULT_MEMORY_MIB: u64 = 8192;

pub fn main(argv: &[String]) -> Result<ExitCode, CliError> {
    let args = Args::parse(
        argv,
        &[
            "max-round",
            "trace",
            "scenario-out",
            "property",
            "chosen",
            "max-states",
            "max-memory",
            "threads",
            "acceptors",
            "values",
            "max-ballot",
        ],
        &["drop", "duplicate", "crash", "spec", "symmetry"],
    )?;
    if args.switch("spec") {
        return spec(&args);
    }
    let [path] = args.positional.as_slice() else {
        return Err(UsageError("check takes exactly one scenario file (or --spec)".into()).into());
    };
    let json = std::fs::read_to_string(path).map_err(|error| CliError::File { path: path.clone(), error })?;
    let plan = paxos_sim::Scenario::parse(&json)
        .map_err(|error| CliError::Scenario { path: path.clone(), error })?;
    if plan.protocol == paxos_sim::scenario::Protocol::Multi {
        return multi(&args, path, &json, &plan);
    }
    let proposals = plan.proposals();
    if proposals.is_empty() || proposals.len() > 64 {
        return Err(UsageError(format!("{path}: the scenario needs 1 to 64 propose events to check")).into());
    }
    let model = Model {
        names: plan.names.clone(),
        config: plan.config,
        proposals,
        max_round: args.number("max-round")?.unwrap_or(2),
        drop: args.switch("drop"),
        duplicate: args.switch("duplicate"),
        crashes: u8::from(args.switch("crash")),
        max_states: args.number("max-states")?.unwrap_or(0),
        max_memory: args.number("max-memory")?.unwrap_or(DEFAULT_MEMORY_MIB).saturating_mul(1 << 20),
        proposed_before: Vec::new(),
        symmetry: args.switch("symmetry"),
    };
    let goal = match (args.value("property"), args.value("chosen")) {
        (Some(_), Some(_)) => {
            return Err(UsageError("--property and --chosen exclude each other".into()).into())
        }
        (Some(p), None) => Goal::Breaks(p.to_string()),
        (None, Some(v)) => Goal::Chosen(Value::new(v).map_err(|e| UsageError(format!("--chosen: {e}")))?),
        (None, None) => Goal::Violation,
    };
    let threads = threads(&args)?;
    println!("{}", describe(&model));
    let started = Instant::now();
    let mut search = Search::new(model.clone(), goal.clone(), model.initial())
        .map_err(|e| UsageError(format!("{path}: {e}")))?
        .threads(threads);
    if model.symmetry {
        match search.symmetries() {
            0 => println!(
                "symmetry:   none applies (fewer than 2 nodes without a proposal, or a goal about one node)"
            ),
            k => {
                println!("symmetry:   {k} renamings of the nodes without a proposal; each class counts once")
            }
        }
    }
    let mut progress = Progress::new(started);
    while search.run(50_000).outcome == Outcome::Running {
        progress.tick(search.report().distinct, search.report().depth);
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let r = search.report().clone();
    println!("explored:   {} states", r.explored);
    println!("distinct:   {} states ({} generated)", r.distinct, r.generated);
    println!("depth:      {}", r.depth);
    println!(
        "speed:      {:.0} distinct states/s, {secs:.2} s, {threads} thread{}",
        r.distinct as f64 / secs,
        if threads == 1 { "" } else { "s" }
    );
    if let Some(kib) = peak_memory_kib() {
        println!("memory:     {:.0} MiB peak", kib as f64 / 1024.0);
    }
    if search.spilled() > 0 {
        println!(
            "spilled:    {:.0} MiB of compressed states waiting to be expanded, to a temporary file (past half of --max-memory)",
            search.spilled() as f64 / (1 << 20) as f64
        );
    }
    match r.outcome {
        Outcome::Exhausted if goal == Goal::Violation => {
            println!("result:     no violation (every reachable state explored)");
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Exhausted => {
            println!("result:     unreachable within the bounds");
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Bounded(Bound::States) => {
            println!("result:     stopped at --max-states before the end; nothing found so far");
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Bounded(Bound::Memory) => {
            println!(
                "result:     stopped at --max-memory ({} MiB) before the end; nothing found so far",
                model.max_memory >> 20
            );
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Running => unreachable!("the search ran to its end"),
        Outcome::Found { property, detail, path } => {
            let what = if property == "goal" {
                "reached".to_string()
            } else {
                format!("always(\"{property}\") broken")
            };
            println!("result:     {what} after {} moves: {detail}", path.len());
            let sim = paxos_check::counterexample::replay(&model, &path)
                .map_err(|e| UsageError(format!("the counterexample does not replay: {e}")))?;
            let text = sim.trace_text();
            match args.value("trace") {
                Some("-") | None => print!("\n{text}"),
                Some(file) => {
                    std::fs::write(file, &text)
                        .map_err(|error| CliError::File { path: file.into(), error })?;
                    println!("trace:      written to {file}");
                }
            }
            if let Some(file) = args.value("scenario-out") {
                let title = format!("Counterexample: {what}");
                let scenario = paxos_check::counterexample::scenario(&model, &path, &title, &detail);
                let json = serde_json::to_string_pretty(&scenario).expect("a scenario serializes") + "\n";
                std::fs::write(file, json).map_err(|error| CliError::File { path: file.into(), error })?;
                println!("scenario:   written to {file}");
            }
            Ok(if property == "goal" { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}

/// Progress of a long search on stderr, every 10 s.
struct Progress {
    started: Instant,
    shown: Instant,
}

impl Progress {
    fn new(started: Instant) -> Progress {
        Progress { started, shown: started }
    }

    /// The search has `states` distinct states, `depth` moves deep: says so if 10 s passed.
    fn tick(&mut self, states: u64, depth: u64) {
        if self.shown.elapsed().as_secs() < 10 {
            return;
        }
        self.shown = Instant::now();
        let secs = self.started.elapsed().as_secs_f64();
        let mib = peak_memory_kib().map_or(String::new(), |k| format!(", {:.0} MiB", k as f64 / 1024.0));
        eprintln!(
            "... {states} distinct states, depth {depth}, {secs:.0} s, {:.0} states/s{mib}",
            states as f64 / secs
        );
    }
}

/// `--threads`: one thread per core by default; the result is the same with any number.
fn threads(args: &Args) -> Result<usize, CliError> {
    match args.number("threads")? {
        Some(n @ 1..=64) => Ok(n as usize),
        Some(n) => Err(UsageError(format!("--threads is 1 to 64, not {n}")).into()),
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get().min(64))),
    }
}

/// A Multi-Paxos scenario, through the checker of any protocol (paxos_check::system).
fn multi(args: &Args, path: &str, json: &str, plan: &paxos_sim::Plan) -> Result<ExitCode, CliError> {
    for (flag, why) in [
        ("drop", "its network is a set: a message may never be delivered"),
        ("duplicate", "its network is a set: a message may be delivered again"),
        ("symmetry", "it has no symmetry reduction yet"),
    ] {
        if args.switch(flag) {
            return Err(UsageError(format!("--{flag} is not for a multi scenario: {why}")).into());
        }
    }
    for option in ["property", "chosen"] {
        if args.value(option).is_some() {
            return Err(UsageError(format!("--{option} is for Basic Paxos scenarios")).into());
        }
    }
    let max_round = args.number("max-round")?.unwrap_or(1);
    let spec = MultiSpec::from_plan(plan, max_round, u8::from(args.switch("crash")))
        .map_err(|e| UsageError(format!("{path}: {e}")))?;
    let requests: Vec<String> = spec
        .requests
        .iter()
        .map(|(n, r)| format!("{} at {}", spec.describe_request(r), spec.names[n.index()]))
        .collect();
    let flaws = spec.config.flaws.names();
    println!(
        "model:      Multi-Paxos, {} servers, quorum {}, requests {}, rounds up to {}, crashes {}{}",
        spec.names.len(),
        spec.config.quorum,
        requests.join(", "),
        spec.max_round,
        spec.crashes,
        if flaws.is_empty() { String::new() } else { format!(", BROKEN: {}", flaws.join(", ")) }
    );
    let max_memory = args.number("max-memory")?.unwrap_or(DEFAULT_MEMORY_MIB).saturating_mul(1 << 20);
    let threads = threads(args)?;
    let mut search = system::Search::new(spec.clone(), args.number("max-states")?.unwrap_or(0))
        .max_memory(max_memory, resident_bytes)
        .threads(threads);
    if let Some((start, at, leader)) = spec.before_first_request(plan) {
        println!(
            "from:       the scenario's state at {at} ms, before its first request ({})",
            leader.map_or("nobody leads".into(), |l| format!("{} leads", spec.names[l.index()]))
        );
        search = search.from(start);
    }
    let started = Instant::now();
    let mut progress = Progress::new(started);
    while !search.explore(20_000) {
        progress.tick(search.report().states, search.report().depth);
    }
    let r = search.report().clone();
    let seconds = started.elapsed().as_secs_f64();
    println!("distinct:   {} states ({} generated)", r.states, r.generated);
    println!("depth:      {}", r.depth);
    println!(
        "speed:      {:.0} distinct states/s, {seconds:.2} s, {threads} thread{}",
        r.states as f64 / seconds.max(1e-9),
        if threads == 1 { "" } else { "s" }
    );
    if let Some(kib) = peak_memory_kib() {
        println!("memory:     {:.0} MiB peak", kib as f64 / 1024.0);
    }
    match r.verdict {
        system::Verdict::Exhausted => {
            println!("result:     no violation (every reachable state explored)");
            Ok(ExitCode::SUCCESS)
        }
        system::Verdict::Bounded(bound) => {
            let at = match bound {
                Bound::States => "--max-states".to_string(),
                Bound::Memory => format!("--max-memory ({} MiB)", max_memory >> 20),
            };
            println!("result:     stopped at {at} before the end; nothing found so far");
            Ok(ExitCode::SUCCESS)
        }
        system::Verdict::Found { property, detail, path: moves } => {
            println!("result:     always(\"{property}\") broken after {} moves: {detail}", moves.len());
            for (i, mv) in moves.iter().enumerate() {
                println!("  {:>3}. {}", i + 1, mv.describe(&spec));
            }
            if args.value("scenario-out").is_some() || args.value("trace").is_some() {
                let original = paxos_sim::Scenario::from_json(json)
                    .map_err(|error| CliError::Scenario { path: path.into(), error })?;
                let (scenario, world) =
                    system::multi::scenario(&spec, &original, plan, &moves, &property, &detail)
                        .map_err(|e| UsageError(format!("{path}: {e}")))?;
                if let Some(file) = args.value("scenario-out") {
                    let json = serde_json::to_string_pretty(&scenario).expect("a scenario serializes") + "\n";
                    std::fs::write(file, json)
                        .map_err(|error| CliError::File { path: file.into(), error })?;
                    println!("scenario:   written to {file} (open it in multi.html, or paxos-sim run it)");
                }
                if let Some(file) = args.value("trace") {
                    std::fs::write(file, world.trace_text())
                        .map_err(|error| CliError::File { path: file.into(), error })?;
                    println!("trace:      written to {file}");
                }
            }
            Ok(ExitCode::from(1))
        }
    }
}

fn describe(m: &Model) -> String {
    let proposals: Vec<String> =
        m.proposals.iter().map(|(n, v)| format!("{} {:?}", m.names[n.index()], v.as_str())).collect();
    let flaws = m.config.flaws.names();
    let quorum = if m.config.flexible {
        format!(
            "Flexible Paxos quorums {} (prepare) and {} (accept)",
            m.config.quorum, m.config.accept_quorum
        )
    } else {
        format!("quorum {}", m.config.quorum)
    };
    format!(
        "model:      {} nodes, {quorum}, proposals {}, rounds up to {}, loss {}, duplication {}, crashes {}{}",
        m.names.len(),
        proposals.join(", "),
        m.max_round,
        if m.drop { "yes" } else { "no" },
        if m.duplicate { "yes" } else { "no" },
        m.crashes,
        if flaws.is_empty() { String::new() } else { format!(", BROKEN: {}", flaws.join(", ")) }
    )
}

fn spec(args: &Args) -> Result<ExitCode, CliError> {
    if args.value("threads").is_some() {
        return Err(UsageError("--threads is for scenarios: --spec runs on one thread".into()).into());
    }
    let small = |name: &str, default: u64, max: u64| -> Result<u8, CliError> {
        let v = args.number(name)?.unwrap_or(default);
        if v == 0 || v > max {
            return Err(UsageError(format!("--{name} is 1 to {max}, not {v}")).into());
        }
        Ok(v as u8)
    };
    let max_ballot = args.number("max-ballot")?.unwrap_or(1);
    if max_ballot > 3 {
        return Err(UsageError(format!("--max-ballot is 0 to 3, not {max_ballot}")).into());
    }
    let model = SpecModel {
        acceptors: small("acceptors", 3, 5)?,
        values: small("values", 2, 3)?,
        max_ballot: max_ballot as u8,
    };
    println!(
        "spec:       Paxos.tla, {} acceptors, {} values, ballots 0..{} (MCPaxosTiny is 3, 2, 0..1)",
        model.acceptors, model.values, model.max_ballot
    );
    let started = Instant::now();
    let r = explore(&model, u64::MAX).expect("no bound on the command line");
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    println!("distinct:   {} states", r.distinct);
    println!("generated:  {} states", r.generated);
    println!("depth:      {}", r.depth);
    println!("speed:      {:.0} distinct states/s, {secs:.3} s", r.distinct as f64 / secs);
    println!("result:     {}", if r.safe { "Inv and Consensus hold in every state" } else { "VIOLATION" });
    Ok(if r.safe { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The process's peak resident memory, where the system tells it (Linux).
/// The bytes this process holds now, its resident set (0 where /proc is not there: no
/// budget then).
pub fn resident_bytes() -> u64 {
    status_kib("VmRSS:").unwrap_or(0) << 10
}

fn peak_memory_kib() -> Option<u64> {
    status_kib("VmHWM:")
}

/// A line of /proc/self/status, in KiB.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
