// Exercise: find the bug in this node.
//
// It looks right, and most runs choose one value. Run
//   paxos-sim test --node "node examples/nodes/run.mjs examples/nodes/exercises/find-the-bug.js"
// (or run it on the island from the playground's Your node panel, with a lossy, duplicating
// network), replay the shortest counterexample, and find the line that lets two values be
// chosen. Done when the command above says every property holds (exit status 0).
// (Hint: networks deliver some messages twice.)

const PATIENCE = 350;

class Senator {
  constructor({ node, nodes, state }) {
    this.me = node;
    this.cluster = nodes;
    this.disk = state.disk ?? { promise: null, vote: null, counter: 0, learned: null };
    this.mem = state.memory ?? { value: null, ballot: null, step: 'idle', oks: 0, prior: null, misses: 0 };
    this.out = [];
    this.wake = null;
  }

  order(b) {
    return b === null ? [-1, -1] : [b.round, this.cluster.indexOf(b.node)];
  }
  atLeast(a, b) {
    const [x, y] = [this.order(a), this.order(b)];
    return x[0] > y[0] || (x[0] === y[0] && x[1] >= y[1]);
  }
  same(a, b) {
    return a !== null && b !== null && a.round === b.round && a.node === b.node;
  }
  broadcast(msg) {
    for (const to of this.cluster) this.out.push({ to, msg });
  }
  again() {
    this.wake = { after: PATIENCE, jitter: PATIENCE * (1 + Math.min(this.mem.misses, 4)) };
  }
  begin() {
    this.disk.counter += 1;
    Object.assign(this.mem, { ballot: { round: this.disk.counter, node: this.me }, step: 'preparing', oks: 0, prior: null });
    this.broadcast({ type: 'prepare', ballot: this.mem.ballot });
    this.again();
  }

  prepare(from, m) {
    if (this.atLeast(m.ballot, this.disk.promise)) {
      this.disk.promise = m.ballot;
      this.out.push({ to: from, msg: { type: 'promise', ballot: m.ballot, accepted: this.disk.vote } });
    } else {
      this.out.push({ to: from, msg: { type: 'nack', ballot: m.ballot, promised: this.disk.promise } });
    }
  }
  accept(from, m) {
    if (this.atLeast(m.ballot, this.disk.promise)) {
      this.disk.promise = m.ballot;
      this.disk.vote = { ballot: m.ballot, value: m.value };
      this.out.push({ to: from, msg: { type: 'accepted', ballot: m.ballot, value: m.value } });
    } else {
      this.out.push({ to: from, msg: { type: 'nack', ballot: m.ballot, promised: this.disk.promise } });
    }
  }
  promise(from, m) {
    if (this.mem.step !== 'preparing' || !this.same(m.ballot, this.mem.ballot)) return;
    this.mem.oks += 1;
    const prior = this.mem.prior;
    if (m.accepted && (prior === null || !this.atLeast(prior.ballot, m.accepted.ballot))) this.mem.prior = m.accepted;
    if (this.mem.oks === Math.floor(this.cluster.length / 2) + 1) {
      const value = this.mem.prior ? this.mem.prior.value : this.mem.value;
      Object.assign(this.mem, { step: 'accepting', oks: 0 });
      this.broadcast({ type: 'accept', ballot: this.mem.ballot, value });
    }
    this.again();
  }
  accepted(from, m) {
    if (this.mem.step !== 'accepting' || !this.same(m.ballot, this.mem.ballot)) return;
    this.mem.oks += 1;
    if (this.mem.oks === Math.floor(this.cluster.length / 2) + 1) {
      this.decide(m.value);
      this.broadcast({ type: 'decide', value: m.value });
    }
    this.again();
  }
  nack(from, m) {
    if (!this.same(m.ballot, this.mem.ballot) || (this.mem.step !== 'preparing' && this.mem.step !== 'accepting')) return;
    this.disk.counter = Math.max(this.disk.counter, m.promised.round);
    Object.assign(this.mem, { step: 'resting', misses: this.mem.misses + 1 });
    this.again();
  }
  decide(value) {
    this.disk.learned = value;
    this.mem.step = 'done';
  }

  handle(input) {
    if (input.type === 'receive') {
      const m = input.msg;
      if (m.ballot) this.disk.counter = Math.max(this.disk.counter, m.ballot.round);
      if (m.type === 'decide') this.decide(m.value);
      else this[m.type](input.from, m);
    } else if (this.disk.learned === null && input.type === 'propose') {
      Object.assign(this.mem, { value: input.value, misses: 0 });
      this.begin();
    } else if (this.disk.learned === null && input.type === 'timeout' && this.mem.value !== null) {
      this.mem.misses += 1;
      this.begin();
    }
    if (this.disk.learned !== null) this.wake = null;
    else if (this.wake === null && this.mem.value !== null && this.mem.step !== 'done') this.again();
    return { state: { disk: this.disk, memory: this.mem }, send: this.out, learned: this.disk.learned, timer: this.wake };
  }
}

export function handle(request) {
  return new Senator(request).handle(request.input);
}
