// Students' nodes that break the node protocol itself: `paxos-sim test` exits 2 and names
// the request that showed it.
import { handle as reference } from '../../../../examples/nodes/reference.js';

// The classic: the promise held in a global, outside `state`. A crash should wipe memory
// and asking an earlier request again should give the earlier answer; neither does.
let promised = -1;
export function globalPromise(request) {
  const reply = reference(request);
  const msg = request.input.msg;
  if (msg?.type === 'prepare') {
    if (msg.ballot.round <= promised) {
      reply.send = [{ to: request.input.from, msg: { type: 'nack', ballot: msg.ballot, promised: msg.ballot } }];
    }
    promised = Math.max(promised, msg.ballot.round);
  }
  return reply;
}

// A message type misspelled.
export function misspelled(request) {
  const reply = reference(request);
  reply.send = reply.send.map(({ to, msg }) => ({ to, msg: { ...msg, type: msg.type === 'promise' ? 'promis' : msg.type } }));
  return reply;
}

// A message to a node that does not exist.
export function strangers(request) {
  const reply = reference(request);
  if (reply.send.length > 0) reply.send.push({ to: 'S9', msg: reply.send[0].msg });
  return reply;
}

// Never answers a proposal.
export function stuck(request) {
  if (request.input.type === 'propose') {
    const until = Date.now() + 3000;
    while (Date.now() < until);
  }
  return reference(request);
}

// Throws on a timeout: the process dies.
export function throws(request) {
  if (request.input.type === 'receive' && request.input.msg.type === 'promise') throw new Error('TODO: handle promise');
  return reference(request);
}

// Prints its debugging on stdout, where the replies go.
export function chatty(request) {
  if (request.input.type === 'propose') console.log('proposing', request.input.value);
  return reference(request);
}

// Answers a decide from itself with another decide to itself: a run that never ends.
export function selfish(request) {
  const reply = reference(request);
  const { input } = request;
  if (input.type === 'receive' && input.msg.type === 'decide' && input.from === request.node) {
    reply.send.push({ to: request.node, msg: input.msg });
  }
  return reply;
}

// Correct until 2 s of virtual time have passed, then it throws.
export function late(request) {
  if (request.now > 2000) throw new Error('late');
  return reference(request);
}
