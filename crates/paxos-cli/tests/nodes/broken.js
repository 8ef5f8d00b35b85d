// The playground's seven broken variants written as students' nodes: the reference node
// with one classic mistake each. `paxos-sim test` must catch every one.
//   node examples/nodes/run.mjs crates/paxos-cli/tests/nodes/broken.js acceptorAmnesia
import { paxos } from '../../../../examples/nodes/reference.js';

// 1. The proposer proposes its own value even when a promise reports an earlier vote.
export const ignorePromisedValues = paxos({ ignorePromisedValues: true });
// 2. The acceptor keeps its promise and vote in memory, so a crash forgets them.
export const acceptorAmnesia = paxos({ acceptorAmnesia: true });
// 3. The acceptor takes any accept, whatever it promised.
export const acceptWithoutPromiseCheck = paxos({ acceptWithoutPromiseCheck: true });
// 4. Ballots compared by round alone: two proposers both win "round 1".
export const roundOnlyBallots = paxos({ roundOnlyBallots: true });
// 5. A quorum of one.
export const smallQuorum = paxos({ smallQuorum: true });
// 6. The proposer learns from the first accepted it hears.
export const learnFromFirstAccepted = paxos({ learnFromFirstAccepted: true });
// 7. An accept does not raise the promise, so a late lower accept is still taken.
export const acceptKeepsPromise = paxos({ acceptKeepsPromise: true });
