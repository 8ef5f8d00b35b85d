// Exercise: make your node survive a crash.
//
// This node passes every test while nothing crashes. Run
//   paxos-sim test --node "node examples/nodes/run.mjs examples/nodes/exercises/survive-a-crash.js" --check
// (or run it on the island from the playground's Your node panel, crash a node between its
// promise and the accept, and restart it) and read the counterexample: after a crash it
// promises again what it refused before.
// Done when the command above says every property holds (exit status 0).
// (Hint: what must an acceptor remember across a crash, and where does this one keep it?)

const WAIT = 250;

const ordered = (nodes) => (b) => (b ? [b.round, nodes.indexOf(b.node)] : [-1, -1]);
const above = (key, a, b) => {
  const [x, y] = [key(a), key(b)];
  return x[0] > y[0] || (x[0] === y[0] && x[1] >= y[1]);
};

export function handle({ node, nodes, state, input }) {
  const disk = state.disk ?? { round: 0, learned: null };
  const mem = state.memory ?? { promised: null, vote: null, want: null, ballot: null, stage: null, heard: [], best: null, tries: 0 };
  const key = ordered(nodes);
  const out = [];
  const everyone = (msg) => nodes.forEach((to) => out.push({ to, msg }));
  const later = () => ({ after: WAIT, jitter: WAIT * (1 + Math.min(mem.tries, 4)) });
  let timer = null;

  const attempt = () => {
    disk.round += 1;
    Object.assign(mem, { ballot: { round: disk.round, node }, stage: 'phase1', heard: [], best: null });
    everyone({ type: 'prepare', ballot: mem.ballot });
    timer = later();
  };
  const current = (b) => mem.ballot && b.round === mem.ballot.round && b.node === mem.ballot.node;
  const quorum = Math.floor(nodes.length / 2) + 1;

  const on = {
    start() {},
    propose({ value }) {
      if (disk.learned !== null) return;
      Object.assign(mem, { want: value, tries: 0 });
      attempt();
    },
    timeout() {
      if (disk.learned !== null || mem.want === null) return;
      mem.tries += 1;
      attempt();
    },
    receive({ from, msg }) {
      if (msg.ballot && msg.ballot.round > disk.round) disk.round = msg.ballot.round;
      const reply = (m) => out.push({ to: from, msg: m });
      switch (msg.type) {
        case 'prepare':
          if (above(key, msg.ballot, mem.promised)) {
            mem.promised = msg.ballot;
            reply({ type: 'promise', ballot: msg.ballot, accepted: mem.vote });
          } else reply({ type: 'nack', ballot: msg.ballot, promised: mem.promised });
          return;
        case 'accept':
          if (above(key, msg.ballot, mem.promised)) {
            mem.promised = msg.ballot;
            mem.vote = { ballot: msg.ballot, value: msg.value };
            reply({ type: 'accepted', ballot: msg.ballot, value: msg.value });
          } else reply({ type: 'nack', ballot: msg.ballot, promised: mem.promised });
          return;
        case 'promise':
          if (mem.stage !== 'phase1' || !current(msg.ballot) || mem.heard.includes(from)) return;
          mem.heard.push(from);
          if (msg.accepted && (!mem.best || !above(key, mem.best.ballot, msg.accepted.ballot))) mem.best = msg.accepted;
          if (mem.heard.length === quorum) {
            Object.assign(mem, { stage: 'phase2', heard: [] });
            everyone({ type: 'accept', ballot: mem.ballot, value: mem.best ? mem.best.value : mem.want });
          }
          timer = later();
          return;
        case 'accepted':
          if (mem.stage !== 'phase2' || !current(msg.ballot) || mem.heard.includes(from)) return;
          mem.heard.push(from);
          if (mem.heard.length === quorum) {
            disk.learned = msg.value;
            mem.stage = 'done';
            everyone({ type: 'decide', value: msg.value });
          }
          timer = later();
          return;
        case 'nack':
          if (!current(msg.ballot) || (mem.stage !== 'phase1' && mem.stage !== 'phase2')) return;
          if (msg.promised.round > disk.round) disk.round = msg.promised.round;
          Object.assign(mem, { stage: 'waiting', tries: mem.tries + 1 });
          timer = later();
          return;
        case 'decide':
          disk.learned = msg.value;
          mem.stage = 'done';
      }
    },
  };
  on[input.type](input);
  if (disk.learned !== null) timer = null;
  else if (timer === null && mem.want !== null && mem.stage !== 'done') timer = later();
  return { state: { disk, memory: mem }, send: out, learned: disk.learned, timer };
}
