// The ES module entry of Paxos Playground: createPlayground() and the protocol types.
// See docs/api.md.

export { createPlayground, DEFAULT_SCENARIO, REAL_MS_PER_VIRTUAL_MS } from './playground';
export type { Playground, PlaygroundEvents, PlaygroundOptions, Chosen, Violation } from './playground';
export type { Snapshot, NodeView, FlightView, TraceLine, TraceEvent, Msg, Ballot, Vote, Network } from './protocol';
