//! One replica of the log: acceptor for every slot, learner of every slot, and the
//! distinguished proposer (leader) when it has won phase 1.
//!
//! Call order, as for [`crate::Node`]: one input, then drain [`Replica::poll_output`] in
//! order (every `Persist` comes before the sends that depend on it), then read
//! [`Replica::poll_timeout`].

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::multi::config::MultiConfig;
use crate::multi::disk::{Disk, Write};
use crate::multi::message::{Entry, MultiMessage, SlotVote};
use crate::multi::protocol::MultiEvent;
use crate::node::Timer;
use crate::protocol::Effect;
use crate::types::{Ballot, NodeId, Slot, Time};

/// How many waiting commands a follower forwards again on each heartbeat.
const RESEND_WAITING: usize = 64;

/// Something the replica wants its driver to do: persist a [`Write`] before the outputs
/// after it, send, or tell a [`MultiEvent`] (learned, apply, synced).
pub type MultiOutput<C> = Effect<MultiMessage<C>, Write<C>, MultiEvent<C>>;

/// What part the replica plays now.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Role<C> {
    /// Follows `leader` (if it knows one) and waits for it.
    Follower,
    /// Ran phase 1 with `ballot` for every slot from `from_slot`; counting promises.
    Candidate { ballot: Ballot, from_slot: Slot, promises: BTreeMap<NodeId, Vec<SlotVote<C>>> },
    /// Won phase 1 with `ballot`: proposes each command in the next free slot.
    Leader { ballot: Ballot, next: Slot, pending: BTreeMap<Slot, Pending<C>>, syncs: Vec<PendingSync> },
}

/// A sync the leader answers once a quorum has confirmed, after the request arrived, that
/// it still leads (Raft's read index): a deposed leader that does not know it yet can
/// never answer one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PendingSync {
    pub token: u64,
    /// Who asked (the leader itself for its own clients).
    pub asker: NodeId,
    /// The end of the leader's log when the request arrived.
    pub point: Slot,
    /// The probe sent for it; a confirmation of this probe or a later one counts.
    pub probe: u64,
    pub confirmed_by: BTreeSet<NodeId>,
}

/// A slot the leader has sent accepts for and not yet seen chosen.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pending<C> {
    pub entry: Entry<C>,
    pub accepted_by: BTreeSet<NodeId>,
}

/// One replica.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Replica<C> {
    id: NodeId,
    config: MultiConfig,
    // Durable (mirrors the disk).
    promised: Option<Ballot>,
    votes: BTreeMap<Slot, (Ballot, Entry<C>)>,
    chosen: BTreeMap<Slot, Entry<C>>,
    last_round: u64,
    // Volatile.
    max_round: u64,
    /// Every slot below `commit` is chosen (and known here).
    commit: Slot,
    /// Every slot below `applied` has been handed to the state machine.
    applied: Slot,
    chosen_commands: BTreeSet<C>,
    role: Role<C>,
    leader: Option<NodeId>,
    timer: Option<Timer>,
    /// Commands clients handed to this replica that are not chosen yet, oldest first.
    waiting: Vec<C>,
    /// Syncs asked for here: `None` until the leader answers, then the slot to apply up to.
    syncs: BTreeMap<u64, Option<Slot>>,
    /// A new leader is known: forward it the waiting commands at the end of this input.
    forward_waiting: bool,
    /// The last probe sent to confirm leadership for a sync.
    probe: u64,
    outputs: VecDeque<MultiOutput<C>>,
}

impl<C: Clone + Ord> Replica<C> {
    /// A replica that has never run. Its first election timeout starts at `now`.
    pub fn new(id: NodeId, config: MultiConfig, now: Time) -> Replica<C> {
        Replica::restore(id, config, Disk::default(), now)
    }

    /// A replica restarting from its disk: it knows its promise, votes, chosen entries and
    /// last round, follows nobody, and re-applies its chosen prefix from slot 0.
    pub fn restore(id: NodeId, config: MultiConfig, disk: Disk<C>, now: Time) -> Replica<C> {
        let max_round = disk.last_round.max(disk.promised.map_or(0, |b| b.round));
        let mut r = Replica {
            id,
            config,
            promised: disk.promised,
            votes: disk.votes,
            chosen_commands: disk.chosen.values().filter_map(|e| e.command().cloned()).collect(),
            chosen: disk.chosen,
            last_round: disk.last_round,
            max_round,
            commit: Slot(0),
            applied: Slot(0),
            role: Role::Follower,
            leader: None,
            timer: None,
            waiting: Vec::new(),
            syncs: BTreeMap::new(),
            forward_waiting: false,
            probe: 0,
            outputs: VecDeque::new(),
        };
        r.input(|r, out| {
            r.advance(out);
            r.wait_for_leader(now);
        });
        r
    }

    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn config(&self) -> &MultiConfig {
        &self.config
    }
    pub fn role(&self) -> &Role<C> {
        &self.role
    }
    /// The leader this replica follows (itself when it leads).
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }
    /// The ballot this replica leads with, if it leads.
    pub fn leading(&self) -> Option<Ballot> {
        match &self.role {
            Role::Leader { ballot, .. } => Some(*ballot),
            _ => None,
        }
    }
    pub fn promised(&self) -> Option<Ballot> {
        self.promised
    }
    pub fn votes(&self) -> &BTreeMap<Slot, (Ballot, Entry<C>)> {
        &self.votes
    }
    pub fn chosen(&self) -> &BTreeMap<Slot, Entry<C>> {
        &self.chosen
    }
    /// Every slot below this one is chosen and known here.
    pub fn commit(&self) -> Slot {
        self.commit
    }
    pub fn applied(&self) -> Slot {
        self.applied
    }
    /// Commands handed to this replica that it has not seen chosen yet.
    pub fn waiting(&self) -> &[C] {
        &self.waiting
    }
    /// The durable state, as the disk should hold it.
    pub fn disk(&self) -> Disk<C> {
        Disk {
            promised: self.promised,
            votes: self.votes.clone(),
            chosen: self.chosen.clone(),
            last_round: self.last_round,
        }
    }

    /// A client hands `command` to this replica. The leader puts it in the next free slot; a
    /// follower forwards it to the leader it knows, or keeps it until it knows one.
    pub fn propose(&mut self, _now: Time, command: C) {
        self.input(|r, out| {
            if r.chosen_commands.contains(&command) || r.waiting.contains(&command) {
                return;
            }
            r.waiting.push(command.clone());
            r.dispatch(command, out);
        });
    }

    /// A client asks for a read barrier: [`MultiEvent::Synced`] with `token` comes once
    /// this replica has applied every write the leader had chosen when it got the request.
    pub fn sync(&mut self, _now: Time, token: u64) {
        self.input(|r, out| {
            r.syncs.insert(token, None);
            if r.leading().is_some() {
                r.start_sync(token, r.id, out);
            } else if let Some(leader) = r.leader {
                out.push(MultiOutput::Send { to: leader, msg: MultiMessage::Sync { token } });
            }
            r.check_syncs(out);
        });
    }

    /// A message arrived from `from`.
    pub fn handle_message(&mut self, now: Time, from: NodeId, msg: MultiMessage<C>) {
        self.input(|r, out| {
            if let Some(round) = msg.highest_round() {
                r.max_round = r.max_round.max(round);
            }
            match msg {
                MultiMessage::Prepare { ballot, from_slot } => {
                    r.on_prepare(now, from, ballot, from_slot, out)
                }
                MultiMessage::Promise { ballot, accepted, .. } => {
                    r.on_promise(now, from, ballot, accepted, out)
                }
                MultiMessage::Accept { ballot, slot, entry } => {
                    r.on_accept(now, from, ballot, slot, entry, out)
                }
                MultiMessage::Accepted { ballot, slot, .. } => r.on_accepted(from, ballot, slot, out),
                MultiMessage::Nack { ballot, promised } => r.on_nack(now, ballot, promised),
                MultiMessage::Decide { slot, entry } => r.choose(slot, entry, false, out),
                MultiMessage::Heartbeat { ballot, commit } => r.on_heartbeat(now, from, ballot, commit, out),
                MultiMessage::Forward { command } => {
                    if !r.chosen_commands.contains(&command) {
                        r.dispatch(command, out)
                    }
                }
                MultiMessage::CatchUp { from: start } => r.on_catch_up(from, start, out),
                MultiMessage::Sync { token } => {
                    // ZooKeeper's sync: only a leader answers, once a quorum confirms it
                    // still leads; its answer follows every decide it sent before.
                    if r.leading().is_some() {
                        r.start_sync(token, from, out);
                    }
                }
                MultiMessage::Probe { ballot, probe } => {
                    if let Some(promised) = r.promised.filter(|&p| ballot < p) {
                        out.push(MultiOutput::Send {
                            to: from,
                            msg: MultiMessage::Nack { ballot, promised },
                        });
                    } else {
                        out.push(MultiOutput::Send {
                            to: from,
                            msg: MultiMessage::ProbeOk { ballot, probe },
                        });
                    }
                }
                MultiMessage::ProbeOk { ballot, probe } => r.on_probe_ok(from, ballot, probe, out),
                MultiMessage::SyncOk { token, commit } => {
                    if let Some(waiting) = r.syncs.get_mut(&token) {
                        *waiting = Some(commit);
                        if commit > r.commit {
                            out.push(MultiOutput::Send {
                                to: from,
                                msg: MultiMessage::CatchUp { from: r.commit },
                            });
                        }
                    }
                }
            }
            r.check_syncs(out);
        });
    }

    /// The time asked for by [`Replica::poll_timeout`] has come: a leader sends heartbeats
    /// and re-sends accepts nobody answered; anyone else starts an election.
    pub fn handle_timeout(&mut self, now: Time) {
        self.input(|r, out| {
            if r.timer.is_some_and(|t| now < t.at) {
                return;
            }
            match &r.role {
                Role::Leader { .. } => r.heartbeat(now, out),
                Role::Follower | Role::Candidate { .. } => r.start_election(now, out),
            }
        });
    }

    /// Its timer runs out now, whenever it was due (a person or a script firing it): a
    /// leader sends its heartbeats, anyone else starts an election.
    pub fn expire(&mut self, now: Time) {
        self.input(|r, out| match &r.role {
            Role::Leader { .. } => r.heartbeat(now, out),
            Role::Follower | Role::Candidate { .. } => r.start_election(now, out),
        });
    }

    /// A sync arrived at this leader (from `asker`, or from its own client). 9. It is done
    /// at the end of the log, every slot proposed so far, not at the commit: a new leader may
    /// still be re-proposing a slot an earlier leader got chosen and acknowledged. And it is
    /// answered only after a quorum confirms this ballot, so that no higher ballot can have
    /// chosen writes this leader does not know of.
    fn start_sync(&mut self, token: u64, asker: NodeId, out: &mut Vec<MultiOutput<C>>) {
        let id = self.id;
        let commit = self.commit;
        let Role::Leader { ballot, next, syncs, .. } = &mut self.role else { return };
        self.probe += 1;
        let probe = self.probe;
        let point = (*next).max(commit);
        syncs.push(PendingSync { token, asker, point, probe, confirmed_by: BTreeSet::from([id]) });
        let ballot = *ballot;
        for to in self.config.all().filter(|&to| to != id) {
            out.push(MultiOutput::Send { to, msg: MultiMessage::Probe { ballot, probe } });
        }
        self.finish_syncs(out);
    }

    fn on_probe_ok(&mut self, from: NodeId, ballot: Ballot, probe: u64, out: &mut Vec<MultiOutput<C>>) {
        let Role::Leader { ballot: mine, syncs, .. } = &mut self.role else { return };
        if *mine != ballot {
            return;
        }
        for s in syncs.iter_mut().filter(|s| s.probe <= probe) {
            s.confirmed_by.insert(from);
        }
        self.finish_syncs(out);
    }

    /// Answers the syncs a quorum has confirmed.
    fn finish_syncs(&mut self, out: &mut Vec<MultiOutput<C>>) {
        // The flaw answers with a quorum of one: the leader alone.
        let quorum = if self.config.flaws.sync_without_quorum { 1 } else { usize::from(self.config.quorum) };
        let Role::Leader { syncs, .. } = &mut self.role else { return };
        let (done, left): (Vec<_>, Vec<_>) =
            std::mem::take(syncs).into_iter().partition(|s| s.confirmed_by.len() >= quorum);
        *syncs = left;
        for s in done {
            if s.asker == self.id {
                self.syncs.insert(s.token, Some(s.point));
            } else {
                out.push(MultiOutput::Send {
                    to: s.asker,
                    msg: MultiMessage::SyncOk { token: s.token, commit: s.point },
                });
            }
        }
    }

    /// The highest round it started an election with (0: none).
    pub fn last_round(&self) -> u64 {
        self.last_round
    }

    /// Its timer, if set, due at time 0 (see [`crate::Protocol::timeless`]).
    pub(crate) fn clear_timer_moment(&mut self) {
        if let Some(timer) = &mut self.timer {
            timer.at = Time(0);
        }
    }

    /// The next thing to do, in order; `None` when there is nothing left.
    pub fn poll_output(&mut self) -> Option<MultiOutput<C>> {
        self.outputs.pop_front()
    }

    /// When the replica next wants [`Replica::handle_timeout`].
    pub fn poll_timeout(&self) -> Option<Timer> {
        self.timer
    }

    // ---- acceptor ------------------------------------------------------------------------

    fn on_prepare(
        &mut self,
        now: Time,
        from: NodeId,
        ballot: Ballot,
        from_slot: Slot,
        out: &mut Vec<MultiOutput<C>>,
    ) {
        // 1. Phase 1b, for all slots at once: promise only a ballot at least as high as every
        //    promise made, and report every vote at or after `from_slot`.
        if let Some(promised) = self.promised.filter(|&p| ballot < p) {
            out.push(MultiOutput::Send { to: from, msg: MultiMessage::Nack { ballot, promised } });
            return;
        }
        self.promise(ballot, out);
        let accepted = self
            .votes
            .range(from_slot..)
            .map(|(&slot, (b, entry))| SlotVote { slot, ballot: *b, entry: entry.clone() })
            .collect();
        out.push(MultiOutput::Send { to: from, msg: MultiMessage::Promise { ballot, from_slot, accepted } });
        if from != self.id {
            self.step_down_below(ballot);
            // Give the candidate an election timeout to win before trying ourselves.
            self.wait_for_leader(now);
        }
    }

    fn on_accept(
        &mut self,
        now: Time,
        from: NodeId,
        ballot: Ballot,
        slot: Slot,
        entry: Entry<C>,
        out: &mut Vec<MultiOutput<C>>,
    ) {
        // 2. Phase 2b: vote only within the promise; the vote raises the promise.
        if let Some(promised) = self.promised.filter(|&p| ballot < p) {
            out.push(MultiOutput::Send { to: from, msg: MultiMessage::Nack { ballot, promised } });
            return;
        }
        self.promise(ballot, out);
        // 3. Persisted before the accepted leaves: a forgotten vote could let a later leader
        //    fill this slot with something else after it was chosen.
        self.votes.insert(slot, (ballot, entry.clone()));
        out.push(MultiOutput::Persist(Write::Voted { slot, ballot, entry: entry.clone() }));
        out.push(MultiOutput::Send { to: from, msg: MultiMessage::Accepted { ballot, slot, entry } });
        if from != self.id {
            self.step_down_below(ballot);
            self.follow(now, ballot.node);
        }
    }

    fn promise(&mut self, ballot: Ballot, out: &mut Vec<MultiOutput<C>>) {
        if self.promised != Some(ballot) {
            self.promised = Some(ballot);
            out.push(MultiOutput::Persist(Write::Promised(ballot)));
        }
    }

    // ---- leader election (phase 1) -----------------------------------------------------------

    fn start_election(&mut self, now: Time, out: &mut Vec<MultiOutput<C>>) {
        let round = self.max_round.max(self.last_round) + 1;
        self.last_round = round;
        self.max_round = round;
        out.push(MultiOutput::Persist(Write::Round(round)));
        let ballot = Ballot::new(round, self.id);
        let from_slot = self.commit;
        self.role = Role::Candidate { ballot, from_slot, promises: BTreeMap::new() };
        self.leader = None;
        self.timer =
            Some(Timer { at: now.plus(self.config.election_timeout), jitter: self.config.election_timeout });
        for to in self.config.all() {
            out.push(MultiOutput::Send { to, msg: MultiMessage::Prepare { ballot, from_slot } });
        }
    }

    fn on_promise(
        &mut self,
        now: Time,
        from: NodeId,
        ballot: Ballot,
        accepted: Vec<SlotVote<C>>,
        out: &mut Vec<MultiOutput<C>>,
    ) {
        let Role::Candidate { ballot: mine, promises, .. } = &mut self.role else { return };
        if *mine != ballot {
            return;
        }
        promises.insert(from, accepted);
        if promises.len() >= usize::from(self.config.quorum) {
            self.become_leader(now, out);
        }
    }

    fn become_leader(&mut self, now: Time, out: &mut Vec<MultiOutput<C>>) {
        let Role::Candidate { ballot, from_slot, promises } =
            std::mem::replace(&mut self.role, Role::Follower)
        else {
            return;
        };
        // 4. "Paxos Made Simple" P2c, slot by slot: in every slot some promise reports a vote
        //    for, propose the entry of the highest-ballot vote; it may already be chosen.
        let mut best: BTreeMap<Slot, (Ballot, Entry<C>)> = BTreeMap::new();
        for vote in promises.into_values().flatten() {
            if best.get(&vote.slot).is_none_or(|(b, _)| vote.ballot > *b) {
                best.insert(vote.slot, (vote.ballot, vote.entry));
            }
        }
        let end = [
            best.keys().next_back().map(|s| s.0 + 1),
            self.chosen.keys().next_back().map(|s| s.0 + 1),
            Some(from_slot.0),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
        self.role = Role::Leader { ballot, next: Slot(end), pending: BTreeMap::new(), syncs: Vec::new() };
        self.leader = Some(self.id);
        // Syncs asked here while nobody led go through this leader's confirmation.
        let waiting: Vec<u64> = self.syncs.iter().filter(|(_, w)| w.is_none()).map(|(&t, _)| t).collect();
        for token in waiting {
            self.start_sync(token, self.id, out);
        }
        // 5. Gaps nobody voted for are filled with no-ops, so the log applies without holes.
        for s in from_slot.0..end {
            if self.chosen.contains_key(&Slot(s)) {
                continue;
            }
            let voted = best.remove(&Slot(s)).filter(|_| !self.config.flaws.ignore_promised_votes);
            let entry = voted.map_or(Entry::noop(ballot.round), |(_, e)| e);
            self.send_accepts(Slot(s), entry, out);
        }
        self.heartbeat(now, out);
        for command in self.waiting.clone() {
            self.dispatch(command, out);
        }
    }

    // ---- leader (phase 2) ----------------------------------------------------------------

    /// Hands a command on toward the log: the leader proposes it, a follower forwards it.
    fn dispatch(&mut self, command: C, out: &mut Vec<MultiOutput<C>>) {
        match &mut self.role {
            Role::Leader { pending, next, ballot, .. } => {
                let proposed = pending.values().any(|p| p.entry.command() == Some(&command));
                if !proposed {
                    let (slot, epoch) = (*next, ballot.round);
                    self.send_accepts(slot, Entry::new(epoch, command), out);
                }
            }
            _ => match self.leader {
                Some(leader) if leader != self.id => {
                    out.push(MultiOutput::Send { to: leader, msg: MultiMessage::Forward { command } });
                }
                _ => {
                    if !self.waiting.contains(&command) {
                        self.waiting.push(command);
                    }
                }
            },
        }
    }

    fn send_accepts(&mut self, slot: Slot, entry: Entry<C>, out: &mut Vec<MultiOutput<C>>) {
        let Role::Leader { ballot, next, pending, .. } = &mut self.role else { return };
        let ballot = *ballot;
        *next = (*next).max(Slot(slot.0 + 1));
        pending.insert(slot, Pending { entry: entry.clone(), accepted_by: BTreeSet::new() });
        for to in self.config.all() {
            out.push(MultiOutput::Send {
                to,
                msg: MultiMessage::Accept { ballot, slot, entry: entry.clone() },
            });
        }
    }

    fn on_accepted(&mut self, from: NodeId, ballot: Ballot, slot: Slot, out: &mut Vec<MultiOutput<C>>) {
        let quorum = usize::from(self.config.quorum);
        let Role::Leader { ballot: mine, pending, .. } = &mut self.role else { return };
        if *mine != ballot {
            return;
        }
        let Some(p) = pending.get_mut(&slot) else { return };
        p.accepted_by.insert(from);
        if p.accepted_by.len() >= quorum {
            // 6. A quorum voted for the entry in one ballot: it is chosen.
            let entry = pending.remove(&slot).map(|p| p.entry).expect("just seen");
            self.choose(slot, entry, true, out);
        }
    }

    fn heartbeat(&mut self, now: Time, out: &mut Vec<MultiOutput<C>>) {
        let Role::Leader { ballot, pending, .. } = &self.role else { return };
        let (ballot, commit) = (*ballot, self.commit);
        for to in self.config.all().filter(|&to| to != self.id) {
            out.push(MultiOutput::Send { to, msg: MultiMessage::Heartbeat { ballot, commit } });
        }
        // Probes get lost too: probe again while a sync waits.
        if let Role::Leader { syncs, .. } = &self.role {
            if !syncs.is_empty() {
                let probe = self.probe;
                for to in self.config.all().filter(|&to| to != self.id) {
                    out.push(MultiOutput::Send { to, msg: MultiMessage::Probe { ballot, probe } });
                }
            }
        }
        // Accepts and accepteds get lost: ask again those that have not answered.
        for (&slot, p) in pending {
            for to in self.config.all().filter(|to| !p.accepted_by.contains(to)) {
                out.push(MultiOutput::Send {
                    to,
                    msg: MultiMessage::Accept { ballot, slot, entry: p.entry.clone() },
                });
            }
        }
        self.timer = Some(Timer { at: now.plus(self.config.heartbeat), jitter: 0 });
    }

    fn on_nack(&mut self, now: Time, ballot: Ballot, promised: Ballot) {
        let mine = match &self.role {
            Role::Leader { ballot, .. } | Role::Candidate { ballot, .. } => *ballot,
            Role::Follower => return,
        };
        if mine == ballot && promised > ballot {
            self.step_down(now);
        }
    }

    // ---- followers -------------------------------------------------------------------------

    fn on_heartbeat(
        &mut self,
        now: Time,
        from: NodeId,
        ballot: Ballot,
        commit: Slot,
        out: &mut Vec<MultiOutput<C>>,
    ) {
        if let Some(promised) = self.promised.filter(|&p| ballot < p) {
            // A leader that lost its place: tell it, so it steps down.
            out.push(MultiOutput::Send { to: from, msg: MultiMessage::Nack { ballot, promised } });
            return;
        }
        self.step_down_below(ballot);
        if self.leading().is_some() {
            return;
        }
        self.follow(now, from);
        if commit > self.commit {
            out.push(MultiOutput::Send { to: from, msg: MultiMessage::CatchUp { from: self.commit } });
        }
        // Forwards get lost too: hand the oldest waiting commands on again.
        for command in self.waiting.iter().take(RESEND_WAITING) {
            out.push(MultiOutput::Send { to: from, msg: MultiMessage::Forward { command: command.clone() } });
        }
        // Syncs not answered yet (the request or the answer may be lost): ask again.
        for (&token, _) in self.syncs.iter().filter(|(_, w)| w.is_none()) {
            out.push(MultiOutput::Send { to: from, msg: MultiMessage::Sync { token } });
        }
    }

    fn on_catch_up(&mut self, from: NodeId, start: Slot, out: &mut Vec<MultiOutput<C>>) {
        let end = Slot(start.0.saturating_add(self.config.catch_up_batch));
        for (&slot, entry) in self.chosen.range(start..end) {
            out.push(MultiOutput::Send {
                to: from,
                msg: MultiMessage::Decide { slot, entry: entry.clone() },
            });
        }
    }

    /// Follows `leader` from now on; forwards it the commands waiting here if it is new.
    fn follow(&mut self, now: Time, leader: NodeId) {
        let new = self.leader != Some(leader);
        self.leader = Some(leader);
        self.wait_for_leader(now);
        if new {
            // Commands and syncs that were waiting for a leader go to this one.
            self.forward_waiting = true;
        }
    }

    fn wait_for_leader(&mut self, now: Time) {
        if self.leading().is_none() {
            self.timer = Some(Timer {
                at: now.plus(self.config.election_timeout),
                jitter: self.config.election_timeout,
            });
        }
    }

    /// A higher ballot is about: a leader or candidate below it can no longer win.
    fn step_down_below(&mut self, ballot: Ballot) {
        let mine = match &self.role {
            Role::Leader { ballot, .. } | Role::Candidate { ballot, .. } => *ballot,
            Role::Follower => return,
        };
        if mine < ballot {
            self.role = Role::Follower;
            self.leader = None;
        }
    }

    fn step_down(&mut self, now: Time) {
        self.role = Role::Follower;
        self.leader = None;
        self.wait_for_leader(now);
    }

    // ---- learner ---------------------------------------------------------------------------

    fn choose(&mut self, slot: Slot, entry: Entry<C>, announce: bool, out: &mut Vec<MultiOutput<C>>) {
        if self.chosen.contains_key(&slot) {
            return;
        }
        if let Role::Leader { pending, .. } = &mut self.role {
            // Chosen by someone else: our proposal for this slot is moot; its command, if
            // different, goes back in line for another slot.
            if let Some(p) = pending.remove(&slot) {
                if p.entry != entry {
                    if let Some(c) = p.entry.command {
                        if !self.waiting.contains(&c) {
                            self.waiting.push(c);
                        }
                    }
                }
            }
        }
        self.chosen.insert(slot, entry.clone());
        out.push(MultiOutput::Persist(Write::Chosen { slot, entry: entry.clone() }));
        out.push(MultiOutput::Event(MultiEvent::Learned { slot, entry: entry.clone() }));
        if let Some(c) = &entry.command {
            self.chosen_commands.insert(c.clone());
            self.waiting.retain(|w| w != c);
        }
        if announce {
            for to in self.config.all().filter(|&to| to != self.id) {
                out.push(MultiOutput::Send { to, msg: MultiMessage::Decide { slot, entry: entry.clone() } });
            }
        }
        self.advance(out);
    }

    /// Moves `commit` over the chosen prefix and applies it in order.
    fn advance(&mut self, out: &mut Vec<MultiOutput<C>>) {
        while self.chosen.contains_key(&self.commit) {
            self.commit = Slot(self.commit.0 + 1);
        }
        // 7. The state machine sees slot n only after slots 0..n: every replica applies the
        //    same commands in the same order.
        while self.applied < self.commit {
            let entry = self.chosen[&self.applied].clone();
            out.push(MultiOutput::Event(MultiEvent::Apply { slot: self.applied, entry }));
            self.applied = Slot(self.applied.0 + 1);
        }
    }

    fn check_syncs(&mut self, out: &mut Vec<MultiOutput<C>>) {
        let applied = self.applied;
        let done: Vec<u64> =
            self.syncs.iter().filter(|(_, w)| w.is_some_and(|s| s <= applied)).map(|(&t, _)| t).collect();
        for token in done {
            self.syncs.remove(&token);
            out.push(MultiOutput::Event(MultiEvent::Synced { token }));
        }
    }

    /// Runs one input and queues its outputs: every write first, then the rest in order.
    fn input(&mut self, f: impl FnOnce(&mut Replica<C>, &mut Vec<MultiOutput<C>>)) {
        let mut out = Vec::new();
        f(self, &mut out);
        if std::mem::take(&mut self.forward_waiting) {
            if let Some(leader) = self.leader.filter(|&l| l != self.id) {
                for command in self.waiting.clone() {
                    out.push(MultiOutput::Send { to: leader, msg: MultiMessage::Forward { command } });
                }
                for (&token, _) in self.syncs.iter().filter(|(_, w)| w.is_none()) {
                    out.push(MultiOutput::Send { to: leader, msg: MultiMessage::Sync { token } });
                }
            }
        }
        // 8. Persist before anything leaves the replica: writes go first.
        let (writes, rest): (Vec<_>, Vec<_>) =
            out.into_iter().partition(|o| matches!(o, MultiOutput::Persist(_)));
        self.outputs.extend(writes);
        self.outputs.extend(rest);
    }
}
