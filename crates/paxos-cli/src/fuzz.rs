//! `paxos-sim fuzz`: many random scenarios with random faults; zero violations expected.

use std::process::ExitCode;
use std::time::Instant;

use paxos_sim::fuzz::{random_multi_scenario, random_scenario, run_multi_quiet, run_quiet};

use crate::args::{Args, CliError, UsageError};

pub fn main(argv: &[String]) -> Result<ExitCode, CliError> {
    let args = Args::parse(argv, &["runs", "seed", "nodes", "protocol"], &[])?;
    let multi = match args.value("protocol").unwrap_or("basic") {
        "basic" => false,
        "multi" => true,
        other => return Err(UsageError(format!("--protocol is basic or multi, not {other:?}")).into()),
    };
    if !args.positional.is_empty() {
        return Err(UsageError(format!("fuzz takes no file, got {:?}", args.positional[0])).into());
    }
    let runs = args.number("runs")?.ok_or_else(|| UsageError("fuzz needs --runs N".into()))?;
    let first = args.number("seed")?.unwrap_or(1);
    let (lo, hi) = nodes_range(args.value("nodes").unwrap_or("3..9"))?;
    let started = Instant::now();
    let (mut chosen, mut violations, mut events) = (0u64, 0u64, 0u64);
    let mut sessions = paxos_sim::fuzz::SessionCounts::default();
    let mut failing = Vec::new();
    for k in 0..runs {
        let seed = first.wrapping_add(k) & paxos_sim::scenario::MAX_SEED;
        let (scenario, outcome) = if multi {
            let s = random_multi_scenario(seed, lo, hi);
            let o = run_multi_quiet(&s);
            (s, o)
        } else {
            let s = random_scenario(seed, lo, hi);
            let o = run_quiet(&s);
            (s, o)
        };
        events += outcome.events;
        let s = outcome.sessions;
        sessions.opened += s.opened;
        sessions.expired += s.expired;
        sessions.closed += s.closed;
        sessions.notified += s.notified;
        chosen += u64::from(outcome.chosen);
        if outcome.violations > 0 {
            violations += outcome.violations as u64;
            let file = format!("fuzz-failure-{seed}.json");
            let json = serde_json::to_string_pretty(&scenario).expect("a scenario always serializes");
            std::fs::write(&file, json + "\n")
                .map_err(|error| CliError::File { path: file.clone(), error })?;
            println!("VIOLATION with seed {seed}: replay with `paxos-sim run {file} --trace -`");
            failing.push(seed);
        }
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let protocol = if multi { "multi" } else { "basic" };
    println!(
        "runs:       {runs} {protocol} (seeds {first}..{}, {lo} to {hi} nodes)",
        first + runs.saturating_sub(1)
    );
    let what = if multi { "chose at least one slot" } else { "chose a value" };
    println!("chosen:     {chosen} runs {what} ({:.1}%)", 100.0 * chosen as f64 / runs.max(1) as f64);
    if multi {
        let s = sessions;
        println!(
            "sessions:   {} opened, {} expired, {} closed by their client; {} watch notifications",
            s.opened, s.expired, s.closed, s.notified
        );
    }
    println!("violations: {violations}");
    println!("events:     {events} simulated in {secs:.2} s, {:.0} events/s", events as f64 / secs);
    Ok(if failing.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn nodes_range(s: &str) -> Result<(u16, u16), UsageError> {
    let bad = || UsageError(format!("--nodes takes a range like 3..9 (1 to 999), not {s:?}"));
    let (a, b) = s.split_once("..").ok_or_else(bad)?;
    let (lo, hi): (u16, u16) = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
    if lo == 0 || lo > hi || hi > paxos::MAX_NODES {
        return Err(bad());
    }
    Ok((lo, hi))
}
