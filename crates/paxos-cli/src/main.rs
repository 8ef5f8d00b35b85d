//! `paxos-sim`: run a scenario, fuzz random ones, or benchmark the simulator.

mod args;
mod bench;
mod check;
mod fuzz;
mod process;
mod run;
mod test;

use std::process::ExitCode;

const USAGE: &str = "\
paxos-sim — deterministic Paxos simulator

usage:
  paxos-sim run SCENARIO.json [--seed N] [--trace FILE|-] [--json] [--node \"COMMAND\"]
  paxos-sim test --node \"COMMAND ARGS\" [SCENARIO.json…] [--runs N] [--seed S] [--check]
                 [--max-round R] [--crashes C] [--max-states N] [--out DIR]
  paxos-sim fuzz --runs N [--seed S] [--nodes MIN..MAX] [--protocol basic|multi]
  paxos-sim check SCENARIO.json [--max-round R] [--drop] [--duplicate] [--crash] [--symmetry]
                 [--property NAME | --chosen VALUE] [--max-states N] [--max-memory MIB] [--threads N]
                 [--trace FILE|-] [--scenario-out FILE]
  paxos-sim check --spec [--acceptors 3] [--values 2] [--max-ballot 1]
  paxos-sim bench [--seconds S] [--multi] [--history EVENTS]

exit status: 0 no safety property violated (or a goal reached), 1 a violation or
counterexample, 2 a bad scenario or bad arguments (test: or a node that breaks the node
protocol, docs/node-protocol.md)";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let result = match argv.first().map(String::as_str) {
        Some("run") => run::main(&argv[1..]),
        Some("fuzz") => fuzz::main(&argv[1..]),
        Some("bench") => bench::main(&argv[1..]),
        Some("check") => check::main(&argv[1..]),
        Some("test") => test::main(&argv[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(args::UsageError(format!("unknown command {other:?}")).into()),
        None => Err(args::UsageError("no command given".into()).into()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("paxos-sim: {e}");
            if matches!(e, args::CliError::Usage(_)) {
                eprintln!("\n{USAGE}");
            }
            ExitCode::from(2)
        }
    }
}
