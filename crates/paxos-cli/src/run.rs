//! `paxos-sim run`: one scenario, a summary, and optionally the trace.

use std::process::ExitCode;

use crate::args::{Args, CliError, UsageError};

pub fn main(argv: &[String]) -> Result<ExitCode, CliError> {
    let args = Args::parse(argv, &["seed", "trace"], &["json"])?;
    let [path] = args.positional.as_slice() else {
        return Err(UsageError("run takes exactly one scenario file".into()).into());
    };
    let json = std::fs::read_to_string(path).map_err(|error| CliError::File { path: path.clone(), error })?;
    let seed = args.number("seed")?;
    let record = args.value("trace").is_some();
    let run = paxos_sim::run_any(&json, seed, record)
        .map_err(|error| CliError::Scenario { path: path.clone(), error })?;
    let json = args.switch("json");
    let (text, rendered, safe) = match &run {
        paxos_sim::Run::Basic(sim) => {
            let summary = sim.summary();
            (sim.trace_text(), render(&summary, json), summary.violations.is_empty())
        }
        paxos_sim::Run::Multi(sim) => {
            let summary = sim.summary();
            (sim.trace_text(), render(&summary, json), summary.violations.is_empty())
        }
    };
    let trace_to_stdout = args.value("trace") == Some("-");
    if let Some(target) = args.value("trace") {
        if trace_to_stdout {
            print!("{text}");
        } else {
            std::fs::write(target, text).map_err(|error| CliError::File { path: target.into(), error })?;
        }
    }
    // With the trace on stdout, the summary goes to stderr so the trace stays clean.
    if trace_to_stdout {
        eprint!("{rendered}");
    } else {
        print!("{rendered}");
    }
    Ok(if safe { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// A summary for people, or as JSON with `--json`.
fn render<S: serde::Serialize + std::fmt::Display>(summary: &S, json: bool) -> String {
    if json {
        serde_json::to_string_pretty(summary).expect("a summary always serializes") + "\n"
    } else {
        summary.to_string()
    }
}
