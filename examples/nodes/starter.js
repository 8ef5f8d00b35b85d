// Your own Basic Paxos node, in the node protocol paxos-node v1 (docs/node-protocol.md).
//
// The playground asks your node one question at a time: here is your state, here is what
// happened; what is your new state, what do you send, what have you learned, when should I
// wake you? Your node is a pure function: everything it remembers is in `state`.
//   - state.disk survives a crash (write your acceptor's promise and vote here);
//   - state.memory is lost in a crash (null after every start).
//
// Test it:   paxos-sim test --node "node examples/nodes/run.mjs examples/nodes/starter.js"
// or paste it into the playground's "Your node" editor and watch it on the island.
//
// A ballot is {round, node}; ballots are ordered by round, then by the node's place in
// `nodes`. Messages are {type: 'prepare'|'promise'|'accept'|'accepted'|'nack'|'decide', ...}
// exactly as in a paxos-trace (docs/trace.md).

export function handle({ node, nodes, now, state, input }) {
  const disk = state.disk ?? { promised: null, accepted: null, round: 0, learned: null };
  const memory = state.memory ?? { value: null, ballot: null, promises: [], accepteds: [] };
  const send = [];
  let timer = null; // {after: ms, jitter: ms} to be woken with {type: 'timeout'}
  const majority = Math.floor(nodes.length / 2) + 1;
  const toAll = (msg) => nodes.forEach((to) => send.push({ to, msg }));

  switch (input.type) {
    case 'start':
      // You just (re)started: memory is empty, disk is what you wrote before.
      break;
    case 'propose':
      // A client asks you to propose input.value.
      // TODO: remember the value, pick a ballot above every round you have seen (and write
      // that round to disk before you send), send a prepare to every node, and set a timer
      // in case no quorum answers.
      break;
    case 'receive': {
      const { from, msg } = input;
      switch (msg.type) {
        case 'prepare':
          // TODO (acceptor): promise if msg.ballot is at least your promise, else nack.
          // Reply {type: 'promise', ballot, accepted: your vote or null}.
          break;
        case 'promise':
          // TODO (proposer): count promises for your current ballot from distinct nodes.
          // With a majority, send accept with the value of the highest-ballot vote among
          // the promises, or your own value if there is none.
          break;
        case 'accept':
          // TODO (acceptor): accept if msg.ballot is at least your promise: raise your
          // promise, record your vote on disk, reply {type: 'accepted', ballot, value}.
          break;
        case 'accepted':
          // TODO (proposer/learner): with a majority of accepteds for your ballot, the value
          // is chosen: learn it and tell everyone with {type: 'decide', value}.
          break;
        case 'nack':
          // TODO (proposer): someone promised a higher ballot; give up this attempt and try
          // again later, above msg.promised.round.
          break;
        case 'decide':
          disk.learned = msg.value;
          break;
      }
      break;
    }
    case 'timeout':
      // TODO (proposer): no quorum in time; if you still have a value to propose, start a
      // new ballot. A random jitter ({after: 300, jitter: 300}) keeps two proposers from
      // preempting each other forever.
      break;
  }
  return { state: { disk, memory }, send, learned: disk.learned, timer };
}
