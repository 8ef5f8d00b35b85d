//! `paxos-sim bench`: simulated events per second, two duelling proposers, 10% loss.
//! It prints figures; nothing is asserted.

use std::process::ExitCode;
use std::time::Instant;

use paxos_sim::scenario::{EventSpec, NetworkSpec, NodesSpec, ProposeSpec, Scenario};
use paxos_sim::Simulation;

use crate::args::{Args, CliError};

pub fn main(argv: &[String]) -> Result<ExitCode, CliError> {
    let args = Args::parse(argv, &["seconds", "history"], &["multi"])?;
    if args.switch("multi") {
        multi();
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(events) = args.number("history")? {
        history(events);
        return Ok(ExitCode::SUCCESS);
    }
    let budget = args.number("seconds")?.unwrap_or(3) as f64;
    println!(
        "{:>6} {:>8} {:>6} {:>14} {:>14} {:>12}",
        "nodes", "record", "runs", "events", "events/s", "msgs/s"
    );
    for nodes in [5u64, 101] {
        for record in [false, true] {
            let (runs, events, msgs, secs) = measure(nodes, record, budget / 4.0);
            println!(
                "{nodes:>6} {:>8} {runs:>6} {events:>14} {:>14.0} {:>12.0}",
                if record { "trace" } else { "off" },
                events as f64 / secs,
                msgs as f64 / secs
            );
        }
    }
    rewind();
    Ok(ExitCode::SUCCESS)
}

/// Multi-Paxos: simulated commands per second, 5 nodes, 10,000 commands (writes sent to
/// the five servers in turn, one per virtual ms), without faults and with 10% loss.
fn multi() {
    use paxos_sim::multi::MultiSimulation;
    use paxos_sim::scenario::{ClientSpec, LeaderSpec, Protocol};
    println!(
        "{:>6} {:>6} {:>9} {:>9} {:>10} {:>12} {:>14} {:>10}",
        "nodes", "loss", "commands", "answered", "slots", "events", "commands/s", "wall s"
    );
    for drop in [0.0, 0.10] {
        let mut s = scenario(5, 1);
        s.protocol = Protocol::Multi;
        s.leader = Some(LeaderSpec::default());
        s.network.drop = drop;
        s.events = (0..10_000u64)
            .map(|i| EventSpec {
                at: 500 + i,
                client: Some(ClientSpec {
                    server: format!("S{}", i % 5 + 1),
                    op: paxos_sim::multi::WireOp {
                        op: "setData".into(),
                        path: Some("/laws/electricity".into()),
                        data: Some(format!("{i}元/度")),
                        ..Default::default()
                    },
                }),
                ..Default::default()
            })
            .collect();
        s.until = 60_000;
        let plan = s.plan().expect("the benchmark scenario is valid");
        let started = Instant::now();
        let mut sim = MultiSimulation::new(plan, false);
        sim.run();
        let secs = started.elapsed().as_secs_f64();
        let answered =
            sim.requests().values().filter(|q| q.reply.as_ref().is_some_and(|(_, r)| r.ok)).count();
        assert!(sim.violations().is_empty(), "{:?}", sim.violations());
        println!(
            "{:>6} {:>5.0}% {:>9} {:>9} {:>10} {:>12} {:>14.0} {:>10.2}",
            5,
            drop * 100.0,
            10_000,
            answered,
            sim.chosen().len(),
            sim.stats().events,
            answered as f64 / secs,
            secs
        );
    }
}

/// Time travel: seconds to seek anywhere in a history of over 10,000 events.
fn rewind() {
    use paxos_session::{Request, Session};
    let mut session = Session::new();
    session.handle(Request::Load { scenario: livelock(5) }).expect("the benchmark scenario loads");
    let history = moment;
    let started = Instant::now();
    let (mut events, mut steps) = (0, 0);
    while events < 10_000 {
        (events, steps) = history(session.handle(Request::Step { count: Some(1_000) }).expect("steps"));
    }
    let built = started.elapsed().as_secs_f64();
    let mut times = Vec::new();
    for k in 0..200u64 {
        let position = ((k * 7_919) % events as u64) as usize;
        let t = Instant::now();
        session.handle(Request::Seek { position }).expect("seek");
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    println!(
        "\nrewind: history of {events} events ({steps} trace lines) built in {built:.2} s; \
         200 seeks: mean {mean:.3} ms, p95 {:.3} ms, max {:.3} ms",
        times[times.len() * 95 / 100],
        times[times.len() - 1]
    );
}

/// The memory of a session's timeline: a 7-node livelock (two proposers, no backoff, equal
/// delays: it never ends) stepped through the session as the page does, `events` inputs
/// long; then rewinds to random moments.
fn history(events: u64) {
    use paxos_session::{Budgets, Request, Session};
    let before = resident_kib();
    // The worker's own limit: the page's default budget is lower (its copy of the trace).
    let budgets = Budgets { history: events as usize, ..Budgets::default() };
    let mut session = Session::with_budgets(budgets);
    session.handle(Request::Load { scenario: livelock(7) }).expect("the benchmark scenario loads");
    let position = moment;
    let started = Instant::now();
    let (mut done, mut lines) = (0, 0);
    while (done as u64) < events {
        let count = (events - done as u64).min(100_000) as u32;
        (done, lines) = position(session.handle(Request::Step { count: Some(count) }).expect("steps"));
    }
    let built = started.elapsed().as_secs_f64();
    let kib = resident_kib().saturating_sub(before);
    println!(
        "history: {done} events ({lines} trace lines) of a 7-node livelock in {built:.1} s; \
         resident memory {:.0} MiB more, {:.0} bytes per event",
        kib as f64 / 1024.0,
        kib as f64 * 1024.0 / done as f64
    );
    // Back in time only (going forward sends the page every line in between).
    let mut to: Vec<usize> = (0..50u64).map(|k| ((k * 7_919_993 + 12_345) % done as u64) as usize).collect();
    to.sort_unstable_by(|a, b| b.cmp(a));
    let mut times = Vec::new();
    for position in to {
        let t = Instant::now();
        session.handle(Request::Seek { position }).expect("seek");
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "rewind: 50 seeks back to random earlier moments: mean {:.2} ms, max {:.2} ms",
        times.iter().sum::<f64>() / times.len() as f64,
        times[times.len() - 1]
    );
}

/// Two proposers on `nodes` nodes, no backoff, equal delays: a duel that never ends.
fn livelock(nodes: u64) -> String {
    let mut s = scenario(nodes, 1);
    s.proposer.backoff = paxos_sim::scenario::BackoffSpec::None;
    s.network.drop = 0.0;
    s.network.delay = [50, 50];
    s.events[1].at = 50;
    s.until = 86_400_000;
    serde_json::to_string(&s).expect("a scenario serializes")
}

/// Where a step's answer left the timeline: its position and trace step.
fn moment(r: paxos_session::Response) -> (usize, u64) {
    match r {
        paxos_session::Response::Update { history, snapshot, .. } => (history.position, snapshot.step),
        _ => unreachable!("a step answers with an update"),
    }
}

/// This process's resident memory now (Linux), in KiB; 0 elsewhere.
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap_or("");
    line.split_whitespace().nth(1).and_then(|k| k.parse().ok()).unwrap_or(0)
}

fn scenario(nodes: u64, seed: u64) -> Scenario {
    let propose = |at, node: &str, value: &str| EventSpec {
        at,
        propose: Some(ProposeSpec { node: node.into(), value: value.into() }),
        ..Default::default()
    };
    let mut s = Scenario::from_json(r#"{"format":"paxos-scenario","version":1,"nodes":1}"#).unwrap();
    s.nodes = NodesSpec::Count(nodes);
    s.seed = seed;
    s.network = NetworkSpec {
        mode: paxos_sim::scenario::NetworkMode::Auto,
        delay: [10, 100],
        drop: 0.10,
        duplicate: 0.0,
    };
    s.events = vec![propose(0, "S1", "1元/度"), propose(0, "S2", "2元/度")];
    s.until = 10_000;
    s
}

/// Runs scenarios with seeds 1, 2, … for about `secs`.
fn measure(nodes: u64, record: bool, secs: f64) -> (u64, u64, u64, f64) {
    let started = Instant::now();
    let (mut runs, mut events, mut msgs) = (0u64, 0u64, 0u64);
    while runs == 0 || started.elapsed().as_secs_f64() < secs {
        runs += 1;
        let plan = scenario(nodes, runs).plan().expect("the benchmark scenario is valid");
        let mut sim = Simulation::new(plan, record);
        sim.run();
        events += sim.stats().events;
        msgs += sim.stats().sent;
    }
    (runs, events, msgs, started.elapsed().as_secs_f64())
}
