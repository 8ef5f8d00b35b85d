//! Multi-Paxos rules, each checked on a small cluster driven by hand.

use std::collections::VecDeque;

use super::*;
use crate::types::{Ballot, NodeId, Slot, Time};

type Msg = MultiMessage<String>;

/// Three (or n) replicas and a FIFO network that delivers everything unless told otherwise.
struct Net {
    replicas: Vec<Replica<String>>,
    disks: Vec<Disk<String>>,
    up: Vec<bool>,
    queue: VecDeque<(NodeId, NodeId, Msg)>,
    applied: Vec<Vec<(Slot, Entry<String>)>>,
    synced: Vec<u64>,
    now: Time,
}

impl Net {
    fn new(n: u16) -> Net {
        let config = MultiConfig::new(n).unwrap();
        let replicas: Vec<_> = config.all().map(|id| Replica::new(id, config, Time(0))).collect();
        let mut net = Net {
            replicas,
            disks: vec![Disk::default(); n.into()],
            up: vec![true; n.into()],
            queue: VecDeque::new(),
            applied: vec![Vec::new(); n.into()],
            synced: Vec::new(),
            now: Time(0),
        };
        net.drain_all();
        net
    }
    fn drain_all(&mut self) {
        for i in 0..self.replicas.len() {
            self.drain(i);
        }
    }
    fn drain(&mut self, i: usize) {
        while let Some(out) = self.replicas[i].poll_output() {
            match out {
                MultiOutput::Persist(w) => self.disks[i].apply(&w),
                MultiOutput::Send { to, msg } => self.queue.push_back((NodeId(i as u16), to, msg)),
                MultiOutput::Event(MultiEvent::Learned { .. }) => {}
                MultiOutput::Event(MultiEvent::Apply { slot, entry }) => self.applied[i].push((slot, entry)),
                MultiOutput::Event(MultiEvent::Synced { token }) => self.synced.push(token),
            }
        }
    }
    /// Delivers messages until none is left, losing those `lose` picks.
    fn run(&mut self, lose: impl Fn(NodeId, NodeId, &Msg) -> bool) {
        while let Some((from, to, msg)) = self.queue.pop_front() {
            if !self.up[to.index()] || !self.up[from.index()] || lose(from, to, &msg) {
                continue;
            }
            self.replicas[to.index()].handle_message(self.now, from, msg);
            self.drain(to.index());
        }
    }
    fn timeout(&mut self, i: usize) {
        let at = self.replicas[i].poll_timeout().expect("a timer is set").at;
        self.now = self.now.max(at);
        self.replicas[i].handle_timeout(self.now);
        self.drain(i);
    }
    fn propose(&mut self, i: usize, c: &str) {
        self.replicas[i].propose(self.now, c.to_string());
        self.drain(i);
    }
    fn crash(&mut self, i: usize) {
        self.up[i] = false;
    }
    fn restart(&mut self, i: usize) {
        let config = *self.replicas[i].config();
        self.replicas[i] = Replica::restore(NodeId(i as u16), config, self.disks[i].clone(), self.now);
        self.up[i] = true;
        self.applied[i].clear();
        self.drain(i);
    }
    fn commands(&self, i: usize) -> Vec<String> {
        self.applied[i].iter().map(|(_, e)| e.command().cloned().unwrap_or_else(|| "noop".into())).collect()
    }
}

fn all(_: NodeId, _: NodeId, _: &Msg) -> bool {
    false
}

#[test]
fn a_leader_wins_phase_1_once_then_runs_only_phase_2_per_command() {
    let mut net = Net::new(3);
    net.timeout(0);
    net.run(all);
    assert_eq!(net.replicas[0].leading(), Some(Ballot::new(1, NodeId(0))));
    net.propose(0, "a");
    net.propose(0, "b");
    let prepares_before =
        net.queue.iter().filter(|(_, _, m)| matches!(m, MultiMessage::Prepare { .. })).count();
    assert_eq!(prepares_before, 0, "no phase 1 for a new command");
    net.run(all);
    for i in 0..3 {
        assert_eq!(net.commands(i), ["a", "b"], "S{} applies the log in slot order", i + 1);
    }
}

#[test]
fn followers_forward_client_commands_to_the_leader() {
    let mut net = Net::new(3);
    net.timeout(1);
    net.run(all);
    net.timeout(1); // the heartbeat makes S1 and S3 follow S2
    net.run(all);
    assert_eq!(net.replicas[2].leader(), Some(NodeId(1)));
    net.propose(2, "x");
    assert!(matches!(net.queue.back(), Some((NodeId(2), NodeId(1), MultiMessage::Forward { .. }))));
    net.run(all);
    assert_eq!(net.commands(0), ["x"]);
    assert!(net.replicas[2].waiting().is_empty(), "a chosen command no longer waits");
}

#[test]
fn paxos_made_simple_s3_new_leader_finishes_a_half_accepted_slot_and_fills_gaps_with_noops() {
    let mut net = Net::new(3);
    net.timeout(0);
    net.run(all);
    // S1 leads; its accept for slot 0 reaches only S2, and S1 crashes. Slot 1 gets nothing;
    // its accept for slot 2 reaches only S2.
    net.propose(0, "half");
    net.run(|_, to, m| matches!(m, MultiMessage::Accept { .. }) && to != NodeId(1));
    net.replicas[0].handle_timeout(Time(0)); // no effect: heartbeat timer is later
    net.crash(0);
    // S3 becomes leader; its quorum is {S2, S3}; S2 reports the vote for slot 0.
    net.timeout(2);
    net.run(all);
    assert!(net.replicas[2].leading().is_some());
    assert_eq!(net.commands(2), ["half"], "the value a quorum may have chosen is kept");
    assert_eq!(net.commands(1), ["half"]);
    net.restart(0);
    net.timeout(2);
    net.run(all);
    assert_eq!(net.commands(0), ["half"], "the restarted S1 catches up from the heartbeat");
}

#[test]
fn gaps_in_the_promised_votes_become_noops() {
    let mut net = Net::new(3);
    net.timeout(0);
    net.run(all);
    net.propose(0, "a");
    net.propose(0, "b");
    // Only slot 1 ("b") reaches S2; slot 0's accepts are all lost.
    net.run(|_, to, m| match m {
        MultiMessage::Accept { slot, .. } => *slot == Slot(0) || to != NodeId(1),
        _ => false,
    });
    net.crash(0);
    net.timeout(1);
    net.run(all);
    assert_eq!(net.commands(1), ["noop", "b"]);
    assert_eq!(net.commands(2), ["noop", "b"]);
}

#[test]
fn a_stale_leader_is_told_by_nack_and_steps_down() {
    let mut net = Net::new(3);
    net.timeout(0);
    net.run(all);
    // S1 is cut off; S2 takes over.
    net.crash(0);
    net.timeout(1);
    net.run(all);
    assert!(net.replicas[1].leading().is_some());
    // S1 comes back (without crashing: it was only partitioned) still believing it leads.
    net.up[0] = true;
    assert!(net.replicas[0].leading().is_some(), "two leaders at once");
    net.propose(0, "from the old leader");
    net.run(all);
    assert_eq!(net.replicas[0].leading(), None, "the nacks made S1 step down");
    net.timeout(1);
    net.run(all);
    for i in 0..3 {
        assert_eq!(net.commands(i), ["from the old leader"], "the command went through S2");
    }
}

#[test]
fn restart_keeps_votes_and_chosen_and_reapplies_from_slot_0() {
    let mut net = Net::new(3);
    net.timeout(0);
    net.run(all);
    net.propose(0, "a");
    net.run(all);
    let disk = net.replicas[1].disk();
    assert_eq!(net.disks[1], disk, "the persisted writes rebuild exactly the durable state");
    net.crash(1);
    net.restart(1);
    assert_eq!(net.commands(1), ["a"], "the state machine is rebuilt from the chosen log");
    assert_eq!(net.replicas[1].promised(), Some(Ballot::new(1, NodeId(0))));
}

#[test]
fn persist_comes_before_the_accepted_it_guards() {
    let config = MultiConfig::new(3).unwrap();
    let mut r: Replica<String> = Replica::new(NodeId(1), config, Time(0));
    let b = Ballot::new(1, NodeId(0));
    r.handle_message(
        Time(1),
        NodeId(0),
        MultiMessage::Accept { ballot: b, slot: Slot(0), entry: Entry::noop(1) },
    );
    let out: Vec<_> = std::iter::from_fn(|| r.poll_output()).collect();
    assert!(matches!(out[0], MultiOutput::Persist(Write::Promised(_))));
    assert!(matches!(out[1], MultiOutput::Persist(Write::Voted { .. })));
    assert!(matches!(out[2], MultiOutput::Send { msg: MultiMessage::Accepted { .. }, .. }));
}

#[test]
fn sync_returns_after_the_follower_applied_what_the_leader_had_chosen() {
    let mut net = Net::new(3);
    net.timeout(0);
    net.run(all);
    net.timeout(0);
    net.run(all);
    // S3 misses the decide for "a".
    net.propose(0, "a");
    net.run(|_, to, m| matches!(m, MultiMessage::Decide { .. }) && to == NodeId(2));
    assert_eq!(net.commands(2), Vec::<String>::new(), "S3's copy is stale");
    net.replicas[2].sync(net.now, 7);
    net.drain(2);
    net.run(all);
    assert_eq!(net.synced, [7]);
    assert_eq!(net.commands(2), ["a"], "after sync the follower has the leader's writes");
}

#[test]
fn a_lost_forward_is_sent_again_on_the_next_heartbeat() {
    let mut net = Net::new(3);
    net.timeout(0);
    net.run(all);
    net.timeout(0);
    net.run(all);
    net.propose(1, "x");
    net.run(|_, _, m| matches!(m, MultiMessage::Forward { .. }));
    assert_eq!(net.replicas[1].waiting(), ["x"]);
    net.timeout(0);
    net.run(all);
    assert_eq!(net.commands(1), ["x"]);
}

#[test]
fn zookeeper_sync_waits_for_what_a_new_leader_is_still_re_proposing() {
    let mut net = Net::new(3);
    net.timeout(0);
    net.run(all);
    // "a" is chosen by S1 and S2; S2 never hears the decide and S3 hears nothing.
    net.propose(0, "a");
    net.run(|_, to, m| to == NodeId(2) || matches!(m, MultiMessage::Decide { .. }));
    assert_eq!(net.commands(0), ["a"], "S1 applied it: its client was told it succeeded");
    net.crash(0);
    // S2 takes over and re-proposes "a" in slot 0, but its accepts are slow.
    net.timeout(1);
    let slow = |_: NodeId, _: NodeId, m: &Msg| {
        matches!(m, MultiMessage::Accept { .. } | MultiMessage::Accepted { .. })
    };
    net.run(slow);
    assert!(net.replicas[1].leading().is_some());
    net.replicas[2].sync(net.now, 7);
    net.drain(2);
    net.run(slow);
    assert!(net.synced.is_empty(), "a sync that returned now would let S3 read without \"a\"");
    net.timeout(1); // the heartbeat re-sends the accepts
    net.run(all);
    assert_eq!(net.synced, [7]);
    assert_eq!(net.commands(2), ["a"]);
}
