//! ZooKeeper's client guarantees in the Multi-Paxos world, one test per guarantee: sessions
//! answered in FIFO order, read-your-writes, sync then read, moving without going back in
//! time, expiry, ephemeral and sequential znodes, and one-shot watches.

use paxos_sim::multi::{ClientRequest, MultiSimulation, WireResult};
use paxos_sim::trace::{self, TraceEvent};
use paxos_sim::Scenario;
use serde_json::{json, Value};

/// A 3-server cluster (S1 leads from time 0) running `events` until `until`.
fn world(events: Value, until: u64) -> MultiSimulation {
    let mut all = vec![json!({"at": 0, "timeout": "S1"})];
    all.extend(events.as_array().unwrap().iter().cloned());
    let scenario = json!({
        "format": "paxos-scenario", "version": 1, "protocol": "multi", "nodes": 3, "seed": 5,
        "network": {"delay": [10, 30], "drop": 0.0, "duplicate": 0.0},
        "leader": {"heartbeat": 100, "election": 400},
        "events": all, "until": until,
    });
    let mut sim = MultiSimulation::new(Scenario::parse(&scenario.to_string()).unwrap(), true);
    sim.run();
    sim
}

/// A client event: `{"at": at, "client": {"server": server, ...op}}`.
fn c(at: u64, server: &str, op: Value) -> Value {
    let mut client = op;
    client["server"] = json!(server);
    json!({"at": at, "client": client})
}

fn lines(sim: &MultiSimulation) -> Vec<TraceEvent<paxos_sim::multi::WireMultiMsg, Option<String>>> {
    let (_, lines) = trace::parse_multi(&sim.trace_text()).unwrap();
    lines.into_iter().map(|l| l.event).collect()
}

fn request(sim: &MultiSimulation, id: u64) -> &ClientRequest {
    &sim.requests()[&id]
}

fn reply(sim: &MultiSimulation, id: u64) -> &WireResult {
    &request(sim, id).reply.as_ref().unwrap_or_else(|| panic!("request {id} has no reply")).1
}

fn no_violations(sim: &MultiSimulation) {
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

/// The ids of the replies in the order the trace writes them.
fn reply_order(sim: &MultiSimulation) -> Vec<u64> {
    lines(sim)
        .into_iter()
        .filter_map(|e| if let TraceEvent::Reply { id, .. } = e { Some(id) } else { None })
        .collect()
}

#[test]
fn connect_gives_a_session_id_through_the_log() {
    let sim = world(json!([c(300, "S2", json!({"op": "connect", "timeout": 900}))]), 1000);
    let r = reply(&sim, 1);
    assert!(r.ok && r.session == Some(1), "{r:?}");
    assert!(sim.chosen().values().any(|(e, _)| e
        .command()
        .is_some_and(|c| c.op == paxos_sim::multi::WriteOp::CreateSession { session: 1, timeout: 900 })));
    assert_eq!(sim.trees()[2].sessions().get(&1), Some(&900), "every server learns of the session");
    no_violations(&sim);
}

#[test]
fn session_fifo_a_read_waits_behind_the_sessions_write() {
    let sim = world(
        json!([
            c(300, "S3", json!({"op": "connect"})),
            c(
                600,
                "S3",
                json!({"op": "setData", "path": "/laws/electricity", "data": "2元/度", "session": 1})
            ),
            c(600, "S3", json!({"op": "getData", "path": "/laws/electricity", "session": 1})),
        ]),
        1500,
    );
    assert_eq!(reply_order(&sim), [1, 2, 3], "the read is answered after the write sent before it");
    assert_eq!(reply(&sim, 3).data.as_deref(), Some("2元/度"));
    let (write, read) =
        (request(&sim, 2).reply.as_ref().unwrap().0, request(&sim, 3).reply.as_ref().unwrap().0);
    assert!(read >= write && write.0 > 600, "the write took the log's round trips; the read waited for it");
    no_violations(&sim);
}

#[test]
fn read_your_writes_holds_at_a_follower_that_lags() {
    // S3 is slow to hear from the leader (300 ms more a message); its session's read after
    // its own write still sees the write.
    let mut events = json!([
        c(300, "S3", json!({"op": "connect"})),
        c(900, "S3", json!({"op": "create", "path": "/laws/water", "data": "3元/吨", "session": 1})),
        c(905, "S3", json!({"op": "getChildren", "path": "/laws", "session": 1})),
    ]);
    events
        .as_array_mut()
        .unwrap()
        .insert(0, json!({"at": 600, "link": {"between": ["S1", "S3"], "extra": 300}}));
    let sim = world(events, 3000);
    assert_eq!(
        reply(&sim, 3).children.as_deref(),
        Some(&["electricity".to_string(), "water".to_string()][..])
    );
    no_violations(&sim);
}

#[test]
fn sync_then_read_is_fresh_without_waiting_for_the_sync() {
    // S3 is cut off while S1 changes the price; right after the heal a client at S3 sends
    // sync and getData at once, in a session and without one.
    let sim = world(
        json!([
            c(100, "S3", json!({"op": "connect", "timeout": 2000})),
            {"at": 200, "partition": [["S1", "S2"], ["S3"]]},
            c(250, "S1", json!({"op": "setData", "path": "/laws/electricity", "data": "2元/度"})),
            {"at": 500, "heal": true},
            c(505, "S3", json!({"op": "sync", "session": 1})),
            c(505, "S3", json!({"op": "getData", "path": "/laws/electricity", "session": 1})),
            c(505, "S3", json!({"op": "sync"})),
            c(505, "S3", json!({"op": "getData", "path": "/laws/electricity"})),
        ]),
        1500,
    );
    assert!(reply(&sim, 2).ok, "the write was acknowledged before the syncs were sent");
    assert_eq!(reply(&sim, 4).data.as_deref(), Some("2元/度"), "in the session the read waits for the sync");
    let without = reply(&sim, 6);
    assert_eq!(without.data.as_deref(), Some("1元/度"), "without a session the read is answered at once");
    assert!(without.stale.is_some());
    no_violations(&sim);
}

#[test]
fn a_client_moving_to_a_server_behind_it_is_refused_and_never_reads_back_in_time() {
    let sim = world(
        json!([
            c(100, "S1", json!({"op": "connect"})),
            {"at": 200, "partition": [["S1", "S2"], ["S3"]]},
            c(250, "S1", json!({"op": "setData", "path": "/laws/electricity", "data": "2元/度", "session": 1})),
            c(450, "S3", json!({"op": "connect", "session": 1})),
            c(460, "S2", json!({"op": "connect", "session": 1})),
            c(470, "S2", json!({"op": "getData", "path": "/laws/electricity", "session": 1})),
        ]),
        700,
    );
    let refused = reply(&sim, 3);
    assert!(!refused.ok && refused.error.as_deref().unwrap().contains("back in time"), "{refused:?}");
    assert!(reply(&sim, 4).ok, "S2 has applied the write: it takes the session");
    assert_eq!(reply(&sim, 5).data.as_deref(), Some("2元/度"));
    assert_eq!(sim.sessions()[0].server, Some(paxos::NodeId(1)));
    no_violations(&sim);
}

#[test]
fn a_request_in_a_session_goes_to_its_server_or_is_refused_and_changes_nothing() {
    let mut sim = world(json!([c(100, "S1", json!({"op": "connect"}))]), 600);
    let before = sim.trace_text();
    let read = paxos_sim::multi::ClientOp::Read {
        read: paxos_sim::multi::ReadOp::GetData { path: "/laws".into() },
        watch: false,
    };
    let e = sim.client_in(paxos::NodeId(1), read.clone(), Some(1)).unwrap_err().to_string();
    assert_eq!(e, "session 1 is connected to S1, not S2: connect it to S2 first");
    let e = sim.client_in(paxos::NodeId(0), read, Some(7)).unwrap_err().to_string();
    assert_eq!(e, "there is no session 7; the sessions are 1 to 1, numbered as clients connect");
    assert_eq!(sim.trace_text(), before);
}

/// Session 1 at S2 holds the ephemeral `/laws/lock`; session 2 at S3 watches it.
fn holder_and_watcher() -> Vec<Value> {
    vec![
        c(100, "S2", json!({"op": "connect", "timeout": 600})),
        c(100, "S3", json!({"op": "connect", "timeout": 5000})),
        c(
            300,
            "S2",
            json!({"op": "create", "path": "/laws/lock", "data": "held", "ephemeral": true, "session": 1}),
        ),
        c(600, "S3", json!({"op": "exists", "path": "/laws/lock", "watch": true, "session": 2})),
    ]
}

fn expired(sim: &MultiSimulation) -> Vec<(u64, String)> {
    let (_, lines) = trace::parse_multi(&sim.trace_text()).unwrap();
    lines
        .into_iter()
        .filter_map(|l| match l.event {
            TraceEvent::Expire { session, node } => Some((l.time, format!("{session} by {node}"))),
            _ => None,
        })
        .collect()
}

fn notified(sim: &MultiSimulation) -> Vec<(u64, String)> {
    lines(sim)
        .into_iter()
        .filter_map(|e| match e {
            TraceEvent::Notify { session, path, kind, .. } => Some((session, format!("{kind} {path}"))),
            _ => None,
        })
        .collect()
}

#[test]
fn ephemeral_dies_with_session_when_its_client_goes_silent() {
    let mut events = holder_and_watcher();
    events.push(c(1000, "S2", json!({"op": "disconnect", "session": 1})));
    let sim = world(Value::Array(events), 3000);
    let when = expired(&sim);
    assert_eq!(when.len(), 1, "{when:?}");
    let (at, who) = &when[0];
    assert_eq!(who, "1 by S1");
    // The leader last heard of it at one of its steps (a heartbeat at least every 100 ms)
    // before 1000, and checks at each step after 1600.
    assert!((1500..=1700).contains(at), "expired one timeout (600 ms) after the client went silent: {at}");
    for tree in sim.trees() {
        assert!(tree.get("/laws/lock").is_none() && tree.ended(1).is_some());
    }
    assert_eq!(notified(&sim), [(2, "deleted /laws/lock".to_string())]);
    no_violations(&sim);
}

#[test]
fn a_session_expires_when_its_server_is_cut_off_from_the_leader() {
    let mut events = holder_and_watcher();
    events.push(json!({"at": 1000, "partition": [["S1", "S3"], ["S2"]]}));
    let sim = world(Value::Array(events), 3000);
    assert_eq!(expired(&sim).len(), 1);
    assert!(sim.trees()[0].get("/laws/lock").is_none(), "the leader's side deleted the lock");
    assert!(sim.trees()[1].get("/laws/lock").is_some(), "S2, cut off, has not heard yet");
    assert_eq!(notified(&sim), [(2, "deleted /laws/lock".to_string())]);
    no_violations(&sim);
}

#[test]
fn a_crashed_server_loses_its_clients_connections_not_their_sessions() {
    let mut events = holder_and_watcher();
    events.push(json!({"at": 1000, "crash": "S2"}));
    events.push(c(1200, "S1", json!({"op": "connect", "session": 1})));
    let sim = world(Value::Array(events), 4000);
    assert!(reply(&sim, 5).ok, "the session moved to S1 within its timeout");
    assert!(expired(&sim).is_empty());
    assert!(sim.trees()[0].get("/laws/lock").is_some(), "the lock is still held");
    assert!(notified(&sim).is_empty());
    no_violations(&sim);
}

#[test]
fn closing_a_session_deletes_its_ephemerals_and_fails_what_waits_behind_it() {
    let mut events = holder_and_watcher();
    events.push(c(1000, "S2", json!({"op": "close", "session": 1})));
    events.push(c(1000, "S2", json!({"op": "getData", "path": "/laws", "session": 1})));
    let sim = world(Value::Array(events), 2000);
    assert!(reply(&sim, 5).ok);
    assert_eq!(reply(&sim, 6).error.as_deref(), Some("session 1 was closed"));
    assert_eq!(reply_order(&sim)[4..], [5, 6]);
    assert!(expired(&sim).is_empty());
    assert_eq!(notified(&sim), [(2, "deleted /laws/lock".to_string())]);
    no_violations(&sim);
}

#[test]
fn a_watch_fires_once_before_the_reply_that_shows_the_change() {
    let sim = world(
        json!([
            c(100, "S2", json!({"op": "connect"})),
            c(300, "S2", json!({"op": "getData", "path": "/laws/electricity", "watch": true, "session": 1})),
            c(
                400,
                "S2",
                json!({"op": "setData", "path": "/laws/electricity", "data": "2元/度", "session": 1})
            ),
            c(800, "S3", json!({"op": "setData", "path": "/laws/electricity", "data": "3元/度"})),
        ]),
        1500,
    );
    assert_eq!(
        notified(&sim),
        [(1, "changed /laws/electricity".to_string())],
        "one-shot: the second change is not told"
    );
    let order: Vec<String> = lines(&sim)
        .into_iter()
        .filter_map(|e| match e {
            TraceEvent::Notify { .. } => Some("notify".into()),
            TraceEvent::Reply { id: 3, .. } => Some("reply to the write".into()),
            TraceEvent::Watch { kind, .. } => Some(format!("watch {kind}")),
            _ => None,
        })
        .collect();
    assert_eq!(order, ["watch data", "notify", "reply to the write"]);
    no_violations(&sim);
}

#[test]
fn watches_move_with_the_session_and_fire_for_what_changed_meanwhile() {
    let sim = world(
        json!([
            c(100, "S3", json!({"op": "connect", "timeout": 3000})),
            c(300, "S3", json!({"op": "getChildren", "path": "/laws", "watch": true, "session": 1})),
            {"at": 400, "crash": "S3"},
            c(500, "S1", json!({"op": "create", "path": "/laws/water", "data": "3元/吨"})),
            c(900, "S2", json!({"op": "connect", "session": 1})),
        ]),
        1500,
    );
    assert!(reply(&sim, 4).ok);
    assert_eq!(notified(&sim), [(1, "children /laws".to_string())]);
    no_violations(&sim);
}

#[test]
fn sequential_children_of_three_sessions_get_increasing_names() {
    let sim = world(
        json!([
            c(100, "S1", json!({"op": "connect"})),
            c(100, "S2", json!({"op": "connect"})),
            c(300, "S1", json!({"op": "create", "path": "/lock", "data": "-", "session": 1})),
            c(
                500,
                "S1",
                json!({"op": "create", "path": "/lock/n-", "data": "a", "ephemeral": true, "sequential": true, "session": 1})
            ),
            c(
                600,
                "S2",
                json!({"op": "create", "path": "/lock/n-", "data": "b", "ephemeral": true, "sequential": true, "session": 2})
            ),
        ]),
        1200,
    );
    assert_eq!(reply(&sim, 4).path.as_deref(), Some("/lock/n-0000000000"));
    assert_eq!(reply(&sim, 5).path.as_deref(), Some("/lock/n-0000000001"));
    assert_eq!(sim.trees()[2].get("/lock/n-0000000001").unwrap().owner, Some(2));
    no_violations(&sim);
}

#[test]
fn a_leader_cut_off_from_a_quorum_expires_no_session() {
    // S1 leads and is cut off alone; S2 and S3 elect a new leader that hears session 1 all
    // along. S1 must not expire it, then or after the heal.
    let mut events = holder_and_watcher();
    events.push(json!({"at": 1000, "partition": [["S1"], ["S2", "S3"]]}));
    events.push(json!({"at": 3000, "heal": true}));
    let sim = world(Value::Array(events), 5000);
    assert!(expired(&sim).is_empty(), "{:?}", expired(&sim));
    assert!(sim.trees().iter().all(|t| t.get("/laws/lock").is_some()), "the lock is still held");
    assert!(sim.trees().iter().all(|t| t.sessions().contains_key(&1)));
    no_violations(&sim);
}

#[test]
fn a_session_whose_connect_was_not_answered_cannot_move() {
    let mut sim = world(json!([c(100, "S2", json!({"op": "connect"})), {"at": 101, "crash": "S2"}]), 300);
    assert_eq!(reply(&sim, 1).error.as_deref(), Some("connection lost: S2 crashed before it answered"));
    let e = sim.client_in(paxos::NodeId(2), paxos_sim::multi::ClientOp::Connect { timeout: None }, Some(1));
    assert_eq!(
        e.unwrap_err().to_string(),
        "session 1 was never opened: its connect was not answered; connect for a new session"
    );
}

#[test]
fn a_client_moving_after_its_close_applied_elsewhere_hears_closed_not_expired() {
    // S2 hears from S1 300 ms late: S1 applies the close well before S2 does, and the client,
    // not waiting for its answer, moves to S1 in between.
    let sim = world(
        json!([
            c(100, "S2", json!({"op": "connect"})),
            {"at": 300, "link": {"between": ["S1", "S2"], "extra": 300}},
            c(500, "S2", json!({"op": "close", "session": 1})),
            c(1000, "S1", json!({"op": "connect", "session": 1})),
        ]),
        1500,
    );
    assert_eq!(reply(&sim, 2).error.as_deref(), Some("connection lost: the client moved to S1"));
    assert_eq!(reply(&sim, 3).error.as_deref(), Some("session 1 was closed"));
    assert_eq!(sim.sessions()[0].ended, Some(paxos_sim::multi::Ended::Closed));
}

#[test]
fn requests_waiting_when_the_client_goes_silent_are_dropped_unanswered() {
    let sim = world(
        json!([
            c(100, "S3", json!({"op": "connect"})),
            c(
                500,
                "S3",
                json!({"op": "setData", "path": "/laws/electricity", "data": "2元/度", "session": 1})
            ),
            c(500, "S3", json!({"op": "getData", "path": "/laws/electricity", "session": 1})),
            c(501, "S3", json!({"op": "disconnect", "session": 1})),
        ]),
        900,
    );
    for id in [2, 3] {
        let q = request(&sim, id);
        assert!(q.reply.is_none() && q.dropped, "request {id}: {q:?}");
    }
    assert!(
        sim.trees()[0].get("/laws/electricity").unwrap().data == "2元/度",
        "the write still went through"
    );
    no_violations(&sim);
}
