//! `paxos-sim run`: one scenario, a summary, and optionally the trace.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use paxos::Time;
use paxos_sim::external::{ExternalConfig, ExternalSimulation, Runner};
use paxos_sim::json::write::to_string;
use paxos_sim::multi::MultiSimulation;
use paxos_sim::scenario::Protocol;
use paxos_sim::world::{Rules, World};
use paxos_sim::{Scenario, Simulation};

use crate::args::{Args, CliError, UsageError};
use crate::process::Process;

pub fn main(argv: &[String]) -> Result<ExitCode, CliError> {
    let args = Args::parse(argv, &["seed", "trace", "node"], &["json"])?;
    let [path] = args.positional.as_slice() else {
        return Err(UsageError("run takes exactly one scenario file".into()).into());
    };
    let json = std::fs::read_to_string(path).map_err(|error| CliError::File { path: path.clone(), error })?;
    let mut plan =
        Scenario::parse(&json).map_err(|error| CliError::Scenario { path: path.clone(), error })?;
    if let Some(seed) = args.number("seed")? {
        plan.seed = paxos_sim::checked_seed(seed)
            .map_err(|error| CliError::Scenario { path: path.clone(), error })?;
    }
    let target = args.value("trace");
    let trace_to_stdout = target == Some("-");
    // The trace is written as the run goes: constant memory however long the run.
    let mut out: Option<Box<dyn Write>> = match target {
        None => None,
        Some("-") => Some(Box::new(BufWriter::new(std::io::stdout().lock()))),
        Some(file) => Some(Box::new(BufWriter::new(
            File::create(file).map_err(|error| CliError::File { path: file.into(), error })?,
        ))),
    };
    let written = |e: std::io::Error| CliError::File { path: target.unwrap_or("-").into(), error: e };
    let until = Time(plan.until);
    let (rendered, safe) = match plan.protocol {
        Protocol::Basic if args.value("node").is_some() => {
            let command = args.value("node").unwrap_or_default();
            let runner = Runner::new(Process::start(command).map_err(UsageError)?);
            let config = ExternalConfig { names: plan.names.clone().into(), runner: runner.clone() };
            let mut sim = ExternalSimulation::with_config(plan, config, out.is_some());
            stream(&mut sim, out.as_mut(), until).map_err(written)?;
            if let Some(f) = runner.fault() {
                if let Some(mut out) = out {
                    out.flush().map_err(written)?;
                }
                eprintln!("paxos-sim: the node broke the node protocol: {f}");
                return Ok(ExitCode::from(2));
            }
            (external_summary(&sim, command), sim.violations().is_empty())
        }
        Protocol::Multi if args.value("node").is_some() => {
            return Err(UsageError(
                "--node runs a student's Basic Paxos node; this is a multi scenario".into(),
            )
            .into())
        }
        Protocol::Basic => {
            let mut sim = Simulation::new(plan, out.is_some());
            stream(&mut sim, out.as_mut(), until).map_err(written)?;
            let summary = sim.summary();
            (render(&summary, args.switch("json")), summary.violations.is_empty())
        }
        Protocol::Multi => {
            let mut sim = MultiSimulation::new(plan, out.is_some());
            stream(&mut sim, out.as_mut(), until).map_err(written)?;
            // A cluster that is never idle runs to `until`, clock included.
            sim.run_until(until);
            let summary = sim.summary();
            (render(&summary, args.switch("json")), summary.violations.is_empty())
        }
    };
    if let Some(mut out) = out {
        out.flush().map_err(written)?;
    }
    // With the trace on stdout, the summary goes to stderr so the trace stays clean.
    if trace_to_stdout {
        eprint!("{rendered}");
    } else {
        print!("{rendered}");
    }
    Ok(if safe { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Runs `sim` to `until`, writing its trace to `out` line by line as it goes (the same text
/// the browser writes: one writer, `ToJson`).
fn stream<R: Rules>(
    sim: &mut World<R>,
    mut out: Option<&mut Box<dyn Write>>,
    until: Time,
) -> std::io::Result<()> {
    if let Some(out) = &mut out {
        writeln!(out, "{}", to_string(&sim.header()))?;
    }
    while sim.next_time().is_some_and(|t| t <= until) {
        sim.step();
        if let Some(out) = &mut out {
            for line in sim.take_lines() {
                writeln!(out, "{}", to_string(&line))?;
            }
        }
    }
    Ok(())
}

/// What a run of a student's node came to, for people.
fn external_summary(sim: &ExternalSimulation, command: &str) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    if let Some(t) = &sim.plan().title {
        let _ = writeln!(s, "{t}");
    }
    let _ = writeln!(
        s,
        "Basic Paxos, {} nodes ({}), seed {}, nodes by {command:?}",
        sim.names().len(),
        sim.names().join(", "),
        sim.plan().seed
    );
    match sim.chosen() {
        Some(c) => {
            let _ = writeln!(
                s,
                "chosen:     {} at {} ms (step {})",
                paxos::Quoted(c.value.as_str()),
                c.time.0,
                c.step
            );
        }
        None => s.push_str("chosen:     nothing\n"),
    }
    for host in sim.hosts() {
        if let Some(v) = &host.node.state().learned {
            let _ = writeln!(
                s,
                "learned:    {} {}",
                sim.names()[host.node.id().index()],
                paxos::Quoted(v.as_str())
            );
        }
    }
    for v in sim.violations() {
        let _ = writeln!(s, "VIOLATION:  {} at {} ms (step {}): {}", v.property, v.time.0, v.step, v.detail);
    }
    let _ = writeln!(s, "steps:      {}, {} ms", sim.step_number(), sim.now().0);
    s
}

/// A summary for people, or as JSON with `--json`.
fn render<S: serde::Serialize + std::fmt::Display>(summary: &S, json: bool) -> String {
    if json {
        serde_json::to_string_pretty(summary).expect("a summary always serializes") + "\n"
    } else {
        summary.to_string()
    }
}
