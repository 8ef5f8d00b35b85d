// A correct Basic Paxos node in the node protocol paxos-node v1 (docs/node-protocol.md):
// proposer, acceptor and learner in one pure function of (state, input).
//
// disk (survives a crash): the acceptor's promise and vote, the proposer's last round, the
// value learned. memory (lost in a crash): the proposer's attempt.
//
// `paxos(flaws)` builds the node; each flaw is one of the classic mistakes (the playground's
// seven broken variants), for tests that check a grader catches them.

const TIMEOUT = 300; // ms a proposer waits for a quorum before it tries again

export function paxos(flaws = {}) {
  return function handle({ node, nodes, state, input }) {
    const disk = state.disk ?? { promised: null, accepted: null, round: 0, learned: null };
    let memory = state.memory ?? { value: null, ballot: null, phase: 'idle', votes: [], highest: null, failures: 0 };
    if (flaws.acceptorAmnesia) {
      // The mistake: the acceptor's notebook kept in memory, lost in a crash.
      memory = { promised: null, accepted: null, ...memory };
    }
    const acc = flaws.acceptorAmnesia ? memory : disk;
    const majority = flaws.smallQuorum ? 1 : Math.floor(nodes.length / 2) + 1;
    const send = [];
    let timer = null;
    const rank = (b) => (b === null ? -1 : b.round * 1000 + (flaws.roundOnlyBallots ? 0 : nodes.indexOf(b.node)));
    const toAll = (msg) => nodes.forEach((to) => send.push({ to, msg }));
    const retryLater = () => {
      const wait = TIMEOUT * 2 ** Math.min(memory.failures, 3);
      return { after: TIMEOUT, jitter: wait };
    };
    const startBallot = () => {
      disk.round += 1;
      memory = { ...memory, ballot: { round: disk.round, node }, phase: 'prepare', votes: [], highest: null };
      toAll({ type: 'prepare', ballot: memory.ballot });
      timer = retryLater();
    };
    const seen = (b) => {
      if (b && b.round > disk.round) disk.round = b.round;
    };
    const mine = (b) => memory.ballot !== null && rank(b) === rank(memory.ballot) && b.node === memory.ballot.node;

    switch (input.type) {
      case 'start':
        break;
      case 'propose':
        if (disk.learned === null) {
          memory = { ...memory, value: input.value, failures: 0 };
          startBallot();
        }
        break;
      case 'timeout':
        if (disk.learned === null && memory.value !== null) {
          memory = { ...memory, failures: memory.failures + 1 };
          startBallot();
        }
        break;
      case 'receive': {
        const { from, msg } = input;
        seen(msg.ballot);
        if (msg.type === 'prepare') {
          if (rank(msg.ballot) >= rank(acc.promised)) {
            acc.promised = msg.ballot;
            send.push({ to: from, msg: { type: 'promise', ballot: msg.ballot, accepted: acc.accepted } });
          } else {
            send.push({ to: from, msg: { type: 'nack', ballot: msg.ballot, promised: acc.promised } });
          }
        } else if (msg.type === 'accept') {
          if (flaws.acceptWithoutPromiseCheck || rank(msg.ballot) >= rank(acc.promised)) {
            if (!flaws.acceptKeepsPromise) acc.promised = msg.ballot;
            acc.accepted = { ballot: msg.ballot, value: msg.value };
            send.push({ to: from, msg: { type: 'accepted', ballot: msg.ballot, value: msg.value } });
          } else {
            send.push({ to: from, msg: { type: 'nack', ballot: msg.ballot, promised: acc.promised } });
          }
        } else if (msg.type === 'promise' && memory.phase === 'prepare' && mine(msg.ballot)) {
          if (!memory.votes.includes(from)) {
            const votes = [...memory.votes, from];
            let highest = memory.highest;
            if (msg.accepted && (highest === null || rank(msg.accepted.ballot) > rank(highest.ballot))) {
              highest = msg.accepted;
            }
            memory = { ...memory, votes, highest };
            if (votes.length >= majority) {
              const value = highest && !flaws.ignorePromisedValues ? highest.value : memory.value;
              memory = { ...memory, phase: 'accept', votes: [], proposal: value };
              toAll({ type: 'accept', ballot: memory.ballot, value });
            }
          }
          timer = retryLater();
        } else if (msg.type === 'accepted' && memory.phase === 'accept' && mine(msg.ballot)) {
          if (!memory.votes.includes(from)) {
            const votes = [...memory.votes, from];
            memory = { ...memory, votes };
            if (votes.length >= majority || flaws.learnFromFirstAccepted) {
              disk.learned = msg.value;
              memory = { ...memory, phase: 'done' };
              toAll({ type: 'decide', value: msg.value });
            }
          }
          timer = disk.learned === null ? retryLater() : null;
        } else if (msg.type === 'nack' && mine(msg.ballot) && (memory.phase === 'prepare' || memory.phase === 'accept')) {
          seen(msg.promised);
          memory = { ...memory, phase: 'backoff', failures: memory.failures + 1 };
          timer = retryLater();
        } else if (msg.type === 'decide') {
          disk.learned = msg.value;
          memory = { ...memory, phase: 'done' };
        } else if (disk.learned === null && memory.value !== null) {
          timer = retryLater();
        }
        break;
      }
    }
    if (disk.learned !== null) timer = null;
    return { state: { disk, memory }, send, learned: disk.learned, timer };
  };
}

export const handle = paxos();
