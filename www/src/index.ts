// The ES module entry of Paxos Playground: createPlayground() and the protocol types.
// See docs/api.md.

// The playground's styles, for a page that shows it in its own document (the standalone
// page; an app built with a bundler). The <paxos-playground> element adopts the same styles
// in its shadow root instead (element.ts): on embed.html these in the document would only
// be downloaded twice.
import './style.css';
import './embed.css';
import './share.css';

import { lockPlayground } from './lock';
import { takeLocks } from './playground';

takeLocks(lockPlayground);

export { createPlayground, DEFAULT_SCENARIO, REAL_MS_PER_VIRTUAL_MS } from './playground';
export type { Playground, PlaygroundEvents, PlaygroundOptions, Chosen, Violation } from './playground';
export type { Snapshot, NodeView, FlightView, TraceLine, TraceEvent, Msg, Ballot, Vote, Network } from './protocol';
