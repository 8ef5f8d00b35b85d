//! Random scenarios with random faults, for `paxos-sim fuzz` and the property tests.

use crate::multi::WireOp;
use crate::rng::SimRng;
use crate::scenario::{
    BackoffSpec, ClientSpec, EventSpec, LeaderSpec, NetworkMode, NetworkSpec, NodesSpec, ProposeSpec,
    ProposerSpec, Protocol, Scenario, SCENARIO_FORMAT, SCENARIO_VERSION,
};
use crate::Simulation;

/// The faults and shape of one random scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Knobs {
    pub nodes: u16,
    /// Percent of messages lost, 0 to 30.
    pub drop_percent: u8,
    /// Percent of messages duplicated, 0 to 20.
    pub duplicate_percent: u8,
    /// Distinct proposers' values, 1 to 3.
    pub proposals: u8,
    /// Crashes, each restarted later with probability 0.8.
    pub crashes: u8,
    /// Partitions, each healed later with probability 0.8.
    pub partitions: u8,
    /// Retry at once instead of randomized backoff.
    pub no_backoff: bool,
}

impl Knobs {
    /// Knobs drawn from `seed`: drop up to 30%, duplicate up to 20%, up to 3 proposers,
    /// up to 3 crashes, up to 2 partitions, no backoff one time in five.
    pub fn random(seed: u64, min_nodes: u16, max_nodes: u16) -> Knobs {
        let mut r = SimRng::new(seed ^ 0x6b6e_6f62);
        Knobs {
            nodes: r.between(u64::from(min_nodes), u64::from(max_nodes)) as u16,
            drop_percent: r.below(31) as u8,
            duplicate_percent: r.below(21) as u8,
            proposals: r.between(1, 3) as u8,
            crashes: r.between(0, 3) as u8,
            partitions: r.between(0, 2) as u8,
            no_backoff: r.chance(0.2),
        }
    }
}

/// A random scenario with random faults for `seed`.
pub fn random_scenario(seed: u64, min_nodes: u16, max_nodes: u16) -> Scenario {
    build_scenario(seed, &Knobs::random(seed, min_nodes, max_nodes))
}

/// The scenario for `seed` with the given knobs: times, nodes and groups drawn from `seed`.
pub fn build_scenario(seed: u64, k: &Knobs) -> Scenario {
    let mut r = SimRng::new(seed);
    let n = usize::from(k.nodes.max(1));
    let name = |i: u64| format!("S{}", i + 1);
    let until = 4_000;
    let lo = r.between(0, 40);
    let hi = lo + r.between(0, 150);
    let network = NetworkSpec {
        mode: NetworkMode::Auto,
        delay: [lo, hi],
        drop: f64::from(k.drop_percent) / 100.0,
        duplicate: f64::from(k.duplicate_percent) / 100.0,
    };
    let proposer = ProposerSpec {
        timeout: r.between(100, 600),
        backoff: if k.no_backoff { BackoffSpec::None } else { BackoffSpec::Random },
    };
    let mut events = Vec::new();
    for p in 0..k.proposals {
        let node = name(r.below(n as u64));
        let at = r.between(0, 300);
        events.push(EventSpec {
            at,
            propose: Some(ProposeSpec { node, value: format!("v{p}") }),
            ..Default::default()
        });
    }
    for _ in 0..k.crashes {
        let node = name(r.below(n as u64));
        let at = r.between(0, 2_000);
        events.push(EventSpec { at, crash: Some(node.clone()), ..Default::default() });
        if r.chance(0.8) {
            events.push(EventSpec {
                at: at + r.between(1, 1_500),
                restart: Some(node),
                ..Default::default()
            });
        }
    }
    for _ in 0..k.partitions {
        let at = r.between(0, 2_000);
        let mut groups = vec![Vec::new(), Vec::new()];
        for i in 0..n {
            groups[r.below(2) as usize].push(name(i as u64));
        }
        groups.retain(|g: &Vec<String>| !g.is_empty());
        if groups.len() == 2 {
            events.push(EventSpec { at, partition: Some(groups), ..Default::default() });
            if r.chance(0.8) {
                events.push(EventSpec {
                    at: at + r.between(1, 1_500),
                    heal: Some(true),
                    ..Default::default()
                });
            }
        }
    }
    events.sort_by_key(|e| e.at);
    Scenario {
        format: SCENARIO_FORMAT.into(),
        version: SCENARIO_VERSION,
        title: Some(format!("fuzz run {seed}")),
        description: Some(format!("{k:?}")),
        protocol: Protocol::Basic,
        nodes: NodesSpec::Count(n as u64),
        seed,
        network,
        proposer,
        leader: None,
        quorum: None,
        quorums: None,
        broken: Vec::new(),
        events,
        until,
    }
}

/// A random Multi-Paxos scenario for `seed`: the faults of [`random_scenario`], random
/// heartbeat and election timeouts, 5 to 30 client requests (writes, reads, syncs) to
/// random servers with no session, and either up to 3 random sessions ([`sessions`]) or
/// ZooKeeper's lock recipe ([`lock_recipe`]).
pub fn random_multi_scenario(seed: u64, min_nodes: u16, max_nodes: u16) -> Scenario {
    let mut s = random_scenario(seed, min_nodes, max_nodes);
    let mut r = SimRng::new(seed ^ 0x6d75_6c74);
    let n = match s.nodes {
        NodesSpec::Count(n) => n,
        NodesSpec::Names(ref names) => names.len() as u64,
    };
    s.protocol = Protocol::Multi;
    let heartbeat = r.between(20, 120);
    s.leader = Some(LeaderSpec { heartbeat, election: heartbeat + r.between(50, 500) });
    s.events.retain(|e| e.propose.is_none());
    for i in 0..r.between(5, 30) {
        let server = format!("S{}", r.below(n) + 1);
        let key = format!("/laws/k{}", r.below(4));
        let (op, path, data, version) = match r.below(8) {
            0 | 1 => ("setData", Some(LAW.to_string()), Some(format!("{i}元/度")), None),
            2 => ("create", Some(key), Some(format!("v{i}")), None),
            3 => ("setData", Some(key), Some(format!("w{i}")), Some(r.below(2) as u32)),
            4 => ("delete", Some(key), None, None),
            5 => ("getData", Some(LAW.to_string()), None, None),
            6 => ("getChildren", Some("/laws".to_string()), None, None),
            _ => ("sync", None, None, None),
        };
        let op = WireOp { op: op.into(), path, data: data.clone(), version, ..WireOp::default() };
        s.events.push(EventSpec {
            at: r.between(0, 3_000),
            client: Some(ClientSpec { server, op }),
            ..Default::default()
        });
    }
    // A third of the runs play ZooKeeper's lock recipe, the others random sessions.
    if r.below(3) == 0 {
        lock_recipe(&mut s, &mut r, n);
    } else {
        sessions(&mut s, &mut r, n);
    }
    // Stable: events at one moment keep their order (sessions are numbered as they connect).
    s.events.sort_by_key(|e| e.at);
    s
}

/// Pushes client request `op` to `server` (0-based) at `at`, unless it is past the end.
fn push_client(s: &mut Scenario, at: u64, server: u64, op: WireOp) {
    if at <= s.until {
        let server = format!("S{}", server + 1);
        s.events.push(EventSpec { at, client: Some(ClientSpec { server, op }), ..Default::default() });
    }
}

/// ZooKeeper's lock recipe as 2 to 4 scripted clients (sessions 1, 2, ...), among the
/// random faults: `/lock` is created; each client connects to a random server, creates an
/// ephemeral sequential child of `/lock`, lists the children, and watches the child just
/// before its own (named as if the creates applied in order: when faults reorder or refuse
/// them, the watch waits for a creation instead). The holder then releases the lock
/// (deletes its child) or goes silent (its session expires); the next lists the children
/// again and, holding the lock, writes and releases it in turn.
fn lock_recipe(s: &mut Scenario, r: &mut SimRng, n: u64) {
    let t0 = r.between(0, 800);
    let op = |op: &str, path: Option<&str>, session: Option<u64>| WireOp {
        op: op.into(),
        path: path.map(str::to_string),
        session,
        ..WireOp::default()
    };
    let lock = WireOp { data: Some("lock".into()), ..op("create", Some("/lock"), None) };
    push_client(s, t0, r.below(n), lock);
    let clients = r.between(2, 4);
    let timeout = r.between(300, 1_500);
    let servers: Vec<u64> = (0..clients).map(|_| r.below(n)).collect();
    for &server in &servers {
        push_client(s, t0, server, WireOp { timeout: Some(timeout), ..op("connect", None, None) });
    }
    let child = |k: u64| format!("/lock/n-{k:010}");
    for (k, &server) in (0..).zip(&servers) {
        let sid = Some(k + 1);
        let mine = WireOp {
            data: Some(format!("c{k}")),
            ephemeral: Some(true),
            sequential: Some(true),
            ..op("create", Some("/lock/n-"), sid)
        };
        push_client(s, t0 + 300 + 100 * k, server, mine);
        push_client(s, t0 + 800, server, op("getChildren", Some("/lock"), sid));
        if k > 0 {
            let before = WireOp { watch: Some(true), ..op("exists", Some(&child(k - 1)), sid) };
            push_client(s, t0 + 900, server, before);
        }
    }
    // The holder lets go: it releases, or its client dies.
    let mut at = t0 + 1_200;
    if r.below(2) == 0 {
        push_client(s, at, servers[0], op("delete", Some(&child(0)), Some(1)));
        at += 300;
    } else {
        push_client(s, at, servers[0], op("disconnect", None, Some(1)));
        at += timeout + 600;
    }
    // The next holder looks, works and releases.
    push_client(s, at, servers[1], op("getChildren", Some("/lock"), Some(2)));
    let work = WireOp { data: Some("c1".into()), ..op("setData", Some(LAW), Some(2)) };
    push_client(s, at + 100, servers[1], work);
    push_client(s, at + 400, servers[1], op("delete", Some(&child(1)), Some(2)));
}

/// 0 to 3 client sessions: each connects to a random server with a random timeout, sends
/// 2 to 12 requests there (writes, ephemeral and sequential creates, reads with watches,
/// syncs), and may move to another server, go silent and come back, or close.
fn sessions(s: &mut Scenario, r: &mut SimRng, n: u64) {
    let mut client = |at: u64, server: u64, op: WireOp| push_client(s, at, server, op);
    for sid in 1..=r.below(4) {
        let (mut at, mut server) = (r.between(0, 1_500), r.below(n));
        let timeout = r.between(300, 2_000);
        client(at, server, WireOp { op: "connect".into(), timeout: Some(timeout), ..WireOp::default() });
        for i in 0..r.between(2, 12) {
            at += r.between(0, 400);
            let key = format!("/laws/k{}", r.below(4));
            let mut op = WireOp { session: Some(sid), ..WireOp::default() };
            match r.below(12) {
                0 => {
                    (op.op, op.path, op.data) =
                        ("setData".into(), Some(LAW.into()), Some(format!("s{sid}.{i}")))
                }
                1 => (op.op, op.path, op.data) = ("create".into(), Some(key), Some(format!("s{sid}"))),
                2 | 3 => {
                    (op.op, op.path, op.data) =
                        ("create".into(), Some("/laws/n-".into()), Some(format!("s{sid}")));
                    (op.ephemeral, op.sequential) = (Some(true), Some(r.below(3) > 0));
                }
                4 => (op.op, op.path) = ("delete".into(), Some(key)),
                5 => (op.op, op.path, op.watch) = ("getData".into(), Some(LAW.into()), Some(true)),
                6 => (op.op, op.path, op.watch) = ("exists".into(), Some(key), Some(true)),
                7 => (op.op, op.path, op.watch) = ("getChildren".into(), Some("/laws".into()), Some(true)),
                8 => op.op = "sync".into(),
                9 => {
                    server = r.below(n);
                    op.op = "connect".into();
                }
                10 => {
                    client(
                        at,
                        server,
                        WireOp { op: "disconnect".into(), session: Some(sid), ..WireOp::default() },
                    );
                    at += r.between(0, timeout + 500);
                    server = r.below(n);
                    op.op = "connect".into();
                }
                _ => (op.op, op.path) = ("getData".into(), Some(key)),
            }
            client(at, server, op);
        }
        if r.below(3) == 0 {
            at += r.between(0, 400);
            client(at, server, WireOp { op: "close".into(), session: Some(sid), ..WireOp::default() });
        }
    }
}

const LAW: &str = crate::multi::zk::LAW_PATH;

/// Runs a Multi-Paxos scenario to its end without recording a trace. `chosen`: at least
/// one slot was chosen.
#[cfg(feature = "multi")]
pub fn run_multi_quiet(scenario: &Scenario) -> FuzzOutcome {
    let plan = scenario.plan().expect("generated scenarios are valid");
    let mut sim = crate::multi::MultiSimulation::new(plan, false);
    sim.run();
    let sessions = sim.sessions();
    let count = |f: &dyn Fn(&crate::multi::Session) -> bool| sessions.iter().filter(|s| f(s)).count() as u64;
    FuzzOutcome {
        chosen: !sim.chosen().is_empty(),
        violations: sim.violations().len(),
        events: sim.stats().events,
        sessions: SessionCounts {
            opened: count(&|s| s.opened),
            expired: count(&|s| s.ended == Some(crate::multi::Ended::Expired)),
            closed: count(&|s| s.ended == Some(crate::multi::Ended::Closed)),
            notified: sessions.iter().map(|s| s.notified).sum(),
        },
    }
}

/// What the sessions of a Multi-Paxos run did: how many were opened (their connect
/// answered), ended by expiry or by their client, and the watch notifications sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SessionCounts {
    pub opened: u64,
    pub expired: u64,
    pub closed: u64,
    pub notified: u64,
}

/// What one fuzz run found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuzzOutcome {
    pub chosen: bool,
    pub violations: usize,
    pub events: u64,
    /// Multi-Paxos only.
    pub sessions: SessionCounts,
}

/// Runs a scenario to its end without recording a trace.
pub fn run_quiet(scenario: &Scenario) -> FuzzOutcome {
    let plan = scenario.plan().expect("generated scenarios are valid");
    let mut sim = Simulation::new(plan, false);
    sim.run();
    FuzzOutcome {
        chosen: sim.chosen().is_some(),
        violations: sim.violations().len(),
        events: sim.stats().events,
        sessions: SessionCounts::default(),
    }
}
