//! Compact states: how the search keeps a state of the cluster in a few dozen bytes.
//!
//! Ballots and values are numbered once per search ([`Tables`]); a message in flight is one
//! `u64` ([`pack`]), a vote another; a node, its disk and whether it is up are a short
//! byte string ([`put_node`]). A state is the concatenation:
//!
//! ```text
//! proposed (u64 LE) | crashes (u8) | node 0 | … | node n-1 | net count (u32 LE) | packets (u64 LE each) | votes count (u32 LE) | votes (u64 LE each)
//! ```
//!
//! Two states with the same bytes behave the same: what is left out (a proposer's failure
//! and attempt counters, when exactly its timer is due) only changes how long a simulated
//! backoff waits, and the model has no clock.

use std::collections::{BTreeMap, BTreeSet};

use paxos::{Ballot, Config, Durable, Message, Node, NodeId, NodeParts, Phase, ProposerParts, Time, Timer};
use paxos::{Value, Vote};

/// At most this many distinct ballots in one search (12 bits in a packed message).
pub const MAX_BALLOTS: usize = (1 << 12) - 1;
/// At most this many distinct values in one search.
pub const MAX_VALUES: usize = (1 << 16) - 1;
/// Node numbers take 10 bits ([`paxos::MAX_NODES`] is 999).
const NODE_BITS: u32 = 10;

/// The ballots and values of a search, numbered from 1 (0 stands for none) in their natural
/// order as far as they were known when the search began, so that packed messages sort as
/// the messages do. A ballot or value first met later is numbered after them.
#[derive(Clone, Debug, Default)]
pub struct Tables {
    ballots: Vec<Ballot>,
    ballot_codes: BTreeMap<Ballot, u16>,
    values: Vec<Value>,
    value_codes: BTreeMap<Value, u16>,
    /// More ballots or values were met than numbers exist: what was packed since is wrong
    /// (a search refuses to start then: see `numbering`).
    overflow: bool,
}

impl Tables {
    pub fn new(ballots: BTreeSet<Ballot>, values: BTreeSet<Value>) -> Tables {
        let mut t = Tables::default();
        for b in ballots {
            t.ballot(Some(b));
        }
        for v in values {
            t.value(Some(&v));
        }
        t
    }

    /// How many ballots and values are numbered.
    pub fn counts(&self) -> (usize, usize) {
        (self.ballots.len(), self.values.len())
    }

    /// Whether more ballots or values were met than numbers exist.
    pub fn overflowed(&self) -> bool {
        self.overflow
    }

    /// Every ballot and value numbered so far.
    pub fn known(&self) -> (BTreeSet<Ballot>, BTreeSet<Value>) {
        (self.ballots.iter().copied().collect(), self.values.iter().cloned().collect())
    }

    /// The number of `b` (0 for none), numbering it if it is new.
    pub fn ballot(&mut self, b: Option<Ballot>) -> u16 {
        let Some(b) = b else { return 0 };
        // Searches have few ballots: a scan beats the map.
        if let Some(i) = self.ballots.iter().take(16).position(|&x| x == b) {
            return i as u16 + 1;
        }
        if let Some(&c) = self.ballot_codes.get(&b) {
            return c;
        }
        if self.ballots.len() >= MAX_BALLOTS {
            self.overflow = true;
            return 0;
        }
        self.ballots.push(b);
        let c = self.ballots.len() as u16;
        self.ballot_codes.insert(b, c);
        c
    }

    /// The number of `v` (0 for none), numbering it if it is new.
    pub fn value(&mut self, v: Option<&Value>) -> u16 {
        let Some(v) = v else { return 0 };
        // Values in a search are clones of the ones numbered: the same string in memory.
        let same = |x: &Value| std::ptr::eq(x.as_str().as_ptr(), v.as_str().as_ptr());
        if let Some(i) = self.values.iter().take(16).position(same) {
            return i as u16 + 1;
        }
        if let Some(&c) = self.value_codes.get(v) {
            return c;
        }
        if self.values.len() >= MAX_VALUES {
            self.overflow = true;
            return 0;
        }
        self.values.push(v.clone());
        let c = self.values.len() as u16;
        self.value_codes.insert(v.clone(), c);
        c
    }

    /// The highest round of the ballots numbered so far.
    pub fn highest_round(&self) -> u64 {
        self.ballots.iter().map(|b| b.round).max().unwrap_or(0)
    }

    /// The number of `v` if it has one (without numbering it).
    pub fn value_code(&self, v: &Value) -> Option<u16> {
        self.value_codes.get(v).copied()
    }

    pub fn ballot_code(&self, b: Ballot) -> Option<u16> {
        self.ballot_codes.get(&b).copied()
    }

    pub fn ballot_of(&self, c: u16) -> Option<Ballot> {
        (c > 0).then(|| self.ballots[usize::from(c) - 1])
    }

    pub fn value_of(&self, c: u16) -> Option<&Value> {
        (c > 0).then(|| &self.values[usize::from(c) - 1])
    }

    fn vote(&mut self, v: Option<&Vote>) -> (u16, u16) {
        v.map_or((0, 0), |v| (self.ballot(Some(v.ballot)), self.value(Some(&v.value))))
    }

    fn vote_of(&self, b: u16, v: u16) -> Option<Vote> {
        Some(Vote { ballot: self.ballot_of(b)?, value: self.value_of(v)?.clone() })
    }
}

// A packed message, high bits first: from (10) | to (10) | kind (3) | ballot (12) |
// second ballot (12) | value (16). Packets sort by (from, to, kind, ballots, value).
const VALUE_SHIFT: u32 = 0;
const B2_SHIFT: u32 = 16;
const B1_SHIFT: u32 = 28;
const KIND_SHIFT: u32 = 40;
const TO_SHIFT: u32 = 43;
const FROM_SHIFT: u32 = 53;

/// `msg` from `from` to `to` as one number.
pub fn pack(t: &mut Tables, from: NodeId, to: NodeId, msg: &Message) -> u64 {
    let (kind, b1, b2, value) = match msg {
        Message::Prepare { ballot } => (0, t.ballot(Some(*ballot)), 0, 0),
        Message::Promise { ballot, accepted } => {
            let (b2, value) = t.vote(accepted.as_ref());
            (1, t.ballot(Some(*ballot)), b2, value)
        }
        Message::Accept { ballot, value } => (2, t.ballot(Some(*ballot)), 0, t.value(Some(value))),
        Message::Accepted { ballot, value } => (3, t.ballot(Some(*ballot)), 0, t.value(Some(value))),
        Message::Nack { ballot, promised } => (4, t.ballot(Some(*ballot)), t.ballot(Some(*promised)), 0),
        Message::Decide { value } => (5, 0, 0, t.value(Some(value))),
    };
    (u64::from(from.0) << FROM_SHIFT)
        | (u64::from(to.0) << TO_SHIFT)
        | (kind << KIND_SHIFT)
        | (u64::from(b1) << B1_SHIFT)
        | (u64::from(b2) << B2_SHIFT)
        | (u64::from(value) << VALUE_SHIFT)
}

pub fn packet_from(code: u64) -> NodeId {
    NodeId((code >> FROM_SHIFT) as u16 & ((1 << NODE_BITS) - 1))
}

pub fn packet_to(code: u64) -> NodeId {
    NodeId((code >> TO_SHIFT) as u16 & ((1 << NODE_BITS) - 1))
}

/// A packet's kind: 0 prepare, 1 promise, 2 accept, 3 accepted, 4 nack, 5 decide.
pub fn packet_kind(code: u64) -> u8 {
    ((code >> KIND_SHIFT) & 7) as u8
}

/// A packet's ballot and second ballot (the vote a promise reports, a nack's promise), by
/// number.
pub fn packet_ballots(code: u64) -> (u16, u16) {
    (((code >> B1_SHIFT) & 0xfff) as u16, ((code >> B2_SHIFT) & 0xfff) as u16)
}

/// The same packet between renamed nodes.
pub fn renamed_packet(code: u64, map: &[u16]) -> u64 {
    let ends = (1u64 << (64 - TO_SHIFT)) - 1;
    let from = u64::from(map[packet_from(code).index()]);
    let to = u64::from(map[packet_to(code).index()]);
    (code & !(ends << TO_SHIFT)) | (from << FROM_SHIFT) | (to << TO_SHIFT)
}

/// The message a packet carries.
pub fn unpack(t: &Tables, code: u64) -> Message {
    let field = |shift: u32, bits: u32| ((code >> shift) & ((1 << bits) - 1)) as u16;
    let (b1, b2, v) = (field(B1_SHIFT, 12), field(B2_SHIFT, 12), field(VALUE_SHIFT, 16));
    let ballot = || t.ballot_of(b1).expect("a packed message has its ballot");
    let value = || t.value_of(v).expect("a packed message has its value").clone();
    match field(KIND_SHIFT, 3) {
        0 => Message::Prepare { ballot: ballot() },
        1 => Message::Promise { ballot: ballot(), accepted: t.vote_of(b2, v) },
        2 => Message::Accept { ballot: ballot(), value: value() },
        3 => Message::Accepted { ballot: ballot(), value: value() },
        4 => Message::Nack {
            ballot: ballot(),
            promised: t.ballot_of(b2).expect("a packed nack has its promise"),
        },
        _ => Message::Decide { value: value() },
    }
}

// A packed vote: ballot (12) | value (16) | voter (10); votes sort by (ballot, value, voter),
// so the votes for one proposal are next to each other.
pub fn pack_vote(ballot: u16, value: u16, voter: NodeId) -> u64 {
    (u64::from(ballot) << 26) | (u64::from(value) << NODE_BITS) | u64::from(voter.0)
}

/// The proposal (ballot and value numbers) a packed vote is for.
pub fn vote_proposal(code: u64) -> u64 {
    code >> NODE_BITS
}

pub fn vote_ballot(code: u64) -> u16 {
    (code >> 26) as u16
}

pub fn vote_value(code: u64) -> u16 {
    (code >> NODE_BITS) as u16
}

pub fn vote_voter(code: u64) -> NodeId {
    NodeId(code as u16 & ((1 << NODE_BITS) - 1))
}

pub fn renamed_vote(code: u64, map: &[u16]) -> u64 {
    (code & !((1 << NODE_BITS) - 1)) | u64::from(map[vote_voter(code).index()])
}

/// Sorts a short list (a node's promises, a network): insertion sort, because the standard
/// sorts add kilobytes of code per element type to the browser build.
pub fn sort_short<T: Ord>(v: &mut [T]) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && v[j - 1] > v[j] {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

fn phase_code(p: Phase) -> u8 {
    match p {
        Phase::Idle => 0,
        Phase::Preparing => 1,
        Phase::Accepting => 2,
        Phase::BackingOff => 3,
        Phase::Decided => 4,
    }
}

fn phase_of(c: u8) -> Phase {
    match c {
        0 => Phase::Idle,
        1 => Phase::Preparing,
        2 => Phase::Accepting,
        3 => Phase::BackingOff,
        _ => Phase::Decided,
    }
}

fn put_u16(out: &mut Vec<u8>, x: u16) {
    out.extend_from_slice(&x.to_le_bytes());
}

fn put_varint(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push(x as u8 | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// Appends node `node` (its disk, whether it is up) with every node id renamed by `map`
/// (the identity if `None`): a 2-byte length, then the fields.
pub fn put_node(
    t: &mut Tables,
    out: &mut Vec<u8>,
    node: &Node,
    disk: &Durable,
    up: bool,
    map: Option<&[u16]>,
) {
    let rename = |id: NodeId| map.map_or(id.0, |m| m[id.index()]);
    let start = out.len();
    out.extend_from_slice(&[0, 0]);
    let p = node.proposer();
    out.push(phase_code(p.phase()) | (u8::from(p.timer().is_some()) << 3) | (u8::from(up) << 4));
    put_u16(out, t.ballot(node.acceptor().promised()));
    let (b, v) = t.vote(node.acceptor().accepted());
    put_u16(out, b);
    put_u16(out, v);
    put_u16(out, t.value(node.learner().learned()));
    put_u16(out, t.ballot(p.ballot()));
    put_u16(out, t.value(p.own_value()));
    put_u16(out, t.value(p.proposal()));
    put_varint(out, p.max_round());
    put_varint(out, p.last_round());
    let mut promises: Vec<(u16, (u16, u16))> =
        p.promises().iter().map(|(&a, vote)| (rename(a), t.vote(vote.as_ref()))).collect();
    if map.is_some() {
        sort_short(&mut promises);
    }
    put_u16(out, promises.len() as u16);
    for (a, (b, v)) in promises {
        put_u16(out, a);
        put_u16(out, b);
        put_u16(out, v);
    }
    let mut accepteds: Vec<u16> = p.accepteds().iter().map(|&a| rename(a)).collect();
    if map.is_some() {
        sort_short(&mut accepteds);
    }
    put_u16(out, accepteds.len() as u16);
    for a in accepteds {
        put_u16(out, a);
    }
    put_u16(out, t.ballot(disk.promised));
    let (b, v) = t.vote(disk.accepted.as_ref());
    put_u16(out, b);
    put_u16(out, v);
    put_varint(out, disk.last_round);
    put_u16(out, t.value(disk.learned.as_ref()));
    let len = u16::try_from(out.len() - start - 2).expect("a node packs into 64 KiB");
    out[start..start + 2].copy_from_slice(&len.to_le_bytes());
}

/// Reads what [`put_node`] wrote.
pub struct Reader<'a> {
    pub bytes: &'a [u8],
    pub at: usize,
}

impl Reader<'_> {
    pub fn u8(&mut self) -> u8 {
        self.at += 1;
        self.bytes[self.at - 1]
    }
    pub fn u16(&mut self) -> u16 {
        self.at += 2;
        u16::from_le_bytes([self.bytes[self.at - 2], self.bytes[self.at - 1]])
    }
    pub fn u32(&mut self) -> u32 {
        let b = &self.bytes[self.at..self.at + 4];
        self.at += 4;
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }
    pub fn u64(&mut self) -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&self.bytes[self.at..self.at + 8]);
        self.at += 8;
        u64::from_le_bytes(w)
    }
    pub fn varint(&mut self) -> u64 {
        let mut x = 0u64;
        let mut shift = 0;
        loop {
            let b = self.u8();
            x |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return x;
            }
            shift += 7;
        }
    }

    /// Node `id` as [`put_node`] wrote it: the node, its disk, whether it is up. A rebuilt
    /// proposer has no failures or attempts counted, and a timer due at time 0.
    pub fn node(&mut self, t: &Tables, id: NodeId, config: Config) -> (Node, Durable, bool) {
        let len = usize::from(self.u16());
        let end = self.at + len;
        let flags = self.u8();
        let promised = t.ballot_of(self.u16());
        let (b, v) = (self.u16(), self.u16());
        let accepted = t.vote_of(b, v);
        let learned = t.value_of(self.u16()).cloned();
        let ballot = t.ballot_of(self.u16());
        let value = t.value_of(self.u16()).cloned();
        let proposal = t.value_of(self.u16()).cloned();
        let max_round = self.varint();
        let last_round = self.varint();
        let promises = (0..self.u16())
            .map(|_| {
                let a = NodeId(self.u16());
                let (b, v) = (self.u16(), self.u16());
                (a, t.vote_of(b, v))
            })
            .collect();
        let accepteds = (0..self.u16()).map(|_| NodeId(self.u16())).collect();
        let disk_promised = t.ballot_of(self.u16());
        let (b, v) = (self.u16(), self.u16());
        let disk = Durable {
            promised: disk_promised,
            accepted: t.vote_of(b, v),
            last_round: self.varint(),
            learned: t.value_of(self.u16()).cloned(),
        };
        debug_assert_eq!(self.at, end);
        let proposer = ProposerParts {
            value,
            ballot,
            phase: phase_of(flags & 7),
            promises,
            accepteds,
            proposal,
            max_round,
            last_round,
            failures: 0,
            attempts: 0,
            timer: (flags & 8 != 0).then_some(Timer { at: Time(0), jitter: 0 }),
        };
        let node = Node::from_parts(id, config, NodeParts { promised, accepted, learned, proposer });
        (node, disk, flags & 16 != 0)
    }
}

/// A packed node read in place (as [`put_node`] wrote it, length included), without
/// building the node: what the search needs to list moves and judge properties.
#[derive(Clone, Copy, Debug)]
pub struct Seg<'a>(pub &'a [u8]);

// Where put_node's fields are: 2-byte length, flags, then u16s; the rounds are varints.
const FLAGS: usize = 2;
const PROMISED: usize = 3;
const ACCEPTED_BALLOT: usize = 5;
const LEARNED: usize = 9;
const BALLOT: usize = 11;
const ROUNDS: usize = 17;

/// The flag bit of a packed node that says it is up.
pub const UP: u8 = 16;

impl<'a> Seg<'a> {
    fn u16_at(&self, at: usize) -> u16 {
        u16::from_le_bytes([self.0[at], self.0[at + 1]])
    }
    pub fn phase(&self) -> Phase {
        phase_of(self.0[FLAGS] & 7)
    }
    pub fn timer(&self) -> bool {
        self.0[FLAGS] & 8 != 0
    }
    pub fn up(&self) -> bool {
        self.0[FLAGS] & UP != 0
    }
    /// The acceptor's promise, by number.
    pub fn promised(&self) -> u16 {
        self.u16_at(PROMISED)
    }
    /// The ballot of the acceptor's vote, by number.
    pub fn accepted_ballot(&self) -> u16 {
        self.u16_at(ACCEPTED_BALLOT)
    }
    /// What the learner learned, by number.
    pub fn learned(&self) -> u16 {
        self.u16_at(LEARNED)
    }
    /// The proposer's ballot, by number.
    pub fn ballot(&self) -> u16 {
        self.u16_at(BALLOT)
    }
    fn reader(&self, at: usize) -> Reader<'a> {
        Reader { bytes: self.0, at }
    }
    /// The proposer's highest round seen and its last round used, and where the promises
    /// start.
    fn rounds(&self) -> (u64, u64, usize) {
        let mut r = self.reader(ROUNDS);
        let (max, last) = (r.varint(), r.varint());
        (max, last, r.at)
    }
    pub fn max_round(&self) -> u64 {
        self.rounds().0
    }
    pub fn last_round(&self) -> u64 {
        self.rounds().1
    }
    /// Whether the proposer counted a promise from `node`.
    pub fn promised_by(&self, node: NodeId) -> bool {
        let mut r = self.reader(self.rounds().2);
        (0..r.u16()).any(|_| {
            let a = r.u16();
            r.at += 4;
            a == node.0
        })
    }
    /// Whether the proposer counted an accepted from `node`.
    pub fn accepted_by(&self, node: NodeId) -> bool {
        let mut r = self.reader(self.rounds().2);
        let promises = usize::from(r.u16());
        r.at += 6 * promises;
        (0..r.u16()).any(|_| r.u16() == node.0)
    }

    /// Appends this node with every node id renamed by `map`, as [`put_node`] would write
    /// the renamed node.
    pub fn put_renamed(&self, map: &[u16], out: &mut Vec<u8>) {
        let (_, _, at) = self.rounds();
        out.extend_from_slice(&self.0[..at]);
        let mut r = self.reader(at);
        let mut promises: Vec<[u16; 3]> =
            (0..r.u16()).map(|_| [map[usize::from(r.u16())], r.u16(), r.u16()]).collect();
        sort_short(&mut promises);
        put_u16(out, promises.len() as u16);
        for p in promises {
            p.iter().for_each(|&x| put_u16(out, x));
        }
        let mut accepteds: Vec<u16> = (0..r.u16()).map(|_| map[usize::from(r.u16())]).collect();
        sort_short(&mut accepteds);
        put_u16(out, accepteds.len() as u16);
        accepteds.iter().for_each(|&x| put_u16(out, x));
        out.extend_from_slice(&self.0[r.at..]);
    }
}

/// A 64-bit fingerprint of packed bytes, the same on every platform.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0x243f_6a88_85a3_08d3;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    let rest = chunks.remainder();
    let mut w = [0u8; 8];
    w[..rest.len()].copy_from_slice(rest);
    h = (h.rotate_left(5) ^ u64::from_le_bytes(w) ^ ((bytes.len() as u64) << 56))
        .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    let mut z = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The length of the packed state of `n` nodes at the start of `bytes` (see the layout
/// above).
pub(crate) fn state_len(bytes: &[u8], n: usize) -> usize {
    let mut r = Reader { bytes, at: 9 };
    for _ in 0..n {
        let len = usize::from(r.u16());
        r.at += len;
    }
    let net = r.u32() as usize;
    r.at += 8 * net;
    let votes = r.u32() as usize;
    r.at + 8 * votes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Value {
        Value::new(s).unwrap()
    }

    #[test]
    fn a_packed_message_unpacks_to_the_same_message_and_sorts_as_messages_do() {
        let b = |r, n| Ballot::new(r, NodeId(n));
        let mut t = Tables::new([b(1, 0), b(1, 1), b(2, 0)].into(), [v("A"), v("B")].into());
        let msgs = [
            Message::Prepare { ballot: b(1, 0) },
            Message::Prepare { ballot: b(2, 0) },
            Message::Promise { ballot: b(2, 0), accepted: None },
            Message::Promise { ballot: b(2, 0), accepted: Some(Vote { ballot: b(1, 1), value: v("B") }) },
            Message::Accept { ballot: b(1, 1), value: v("A") },
            Message::Accepted { ballot: b(1, 1), value: v("B") },
            Message::Nack { ballot: b(1, 0), promised: b(2, 0) },
            Message::Decide { value: v("A") },
        ];
        let codes: Vec<u64> = msgs.iter().map(|m| pack(&mut t, NodeId(998), NodeId(3), m)).collect();
        for (m, &c) in msgs.iter().zip(&codes) {
            assert_eq!(&unpack(&t, c), m);
            assert_eq!((packet_from(c), packet_to(c)), (NodeId(998), NodeId(3)));
        }
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "in the order of the messages");
        let renamed = renamed_packet(codes[3], &(0..999).rev().collect::<Vec<u16>>());
        assert_eq!((packet_from(renamed), packet_to(renamed)), (NodeId(0), NodeId(995)));
        assert_eq!(unpack(&t, renamed), msgs[3]);
    }

    #[test]
    fn a_node_packs_and_unpacks_to_a_node_that_behaves_the_same() {
        let config = Config::new(3).unwrap();
        let mut n = Node::new(NodeId(1), config);
        n.propose(Time(0), v("A"));
        let ballot = n.proposer().ballot().unwrap();
        n.handle_message(Time(0), NodeId(0), Message::Promise { ballot, accepted: None });
        n.handle_message(Time(0), NodeId(1), Message::Prepare { ballot });
        while n.poll_output().is_some() {}
        let mut t = Tables::default();
        let mut bytes = Vec::new();
        put_node(&mut t, &mut bytes, &n, &n.durable(), true, None);
        let (m, disk, up) = Reader { bytes: &bytes, at: 0 }.node(&t, NodeId(1), config);
        assert!(up);
        assert_eq!(disk, n.durable());
        assert_eq!(m.parts().proposer.promises, n.parts().proposer.promises);
        let mut again = Vec::new();
        put_node(&mut t, &mut again, &m, &disk, true, None);
        assert_eq!(again, bytes);
    }

    #[test]
    fn a_packed_node_reads_in_place_and_renames_as_the_node_would_pack() {
        let config = Config::new(3).unwrap();
        let mut n = Node::new(NodeId(1), config);
        n.propose(Time(0), v("A"));
        let ballot = n.proposer().ballot().unwrap();
        for from in [2, 1] {
            n.handle_message(Time(0), NodeId(from), Message::Promise { ballot, accepted: None });
        }
        n.handle_message(Time(0), NodeId(2), Message::Accepted { ballot, value: v("A") });
        while n.poll_output().is_some() {}
        let mut t = Tables::default();
        let mut bytes = Vec::new();
        put_node(&mut t, &mut bytes, &n, &n.durable(), true, None);
        let seg = Seg(&bytes);
        assert_eq!((seg.phase(), seg.timer(), seg.up()), (Phase::Accepting, true, true));
        assert_eq!((seg.max_round(), seg.last_round()), (1, 1));
        assert_eq!(t.ballot_of(seg.ballot()), Some(ballot));
        assert!(seg.promised_by(NodeId(2)) && seg.promised_by(NodeId(1)) && !seg.promised_by(NodeId(0)));
        assert!(seg.accepted_by(NodeId(2)) && !seg.accepted_by(NodeId(1)));
        let map = [2, 1, 0];
        let mut renamed = Vec::new();
        seg.put_renamed(&map, &mut renamed);
        let mut want = Vec::new();
        put_node(&mut t, &mut want, &n, &n.durable(), true, Some(&map));
        assert_eq!(renamed, want);
        assert!(Seg(&renamed).promised_by(NodeId(0)) && Seg(&renamed).accepted_by(NodeId(0)));
    }
}
