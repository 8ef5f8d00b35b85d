// The ES module entry of Paxos Playground: createPlayground() and the protocol types.
// See docs/api.md.

// The playground's styles, for a page that shows it in its own document (the standalone
// page; an app built with a bundler). The <paxos-playground> element adopts the same styles
// in its shadow root instead (element.ts): on embed.html these in the document would only
// be downloaded twice.
import '../basic/style.css';
import './embed.css';
import '../share/share.css';

import { lockPlayground } from './lock';
import { takeLocks } from '../basic/playground';

takeLocks(lockPlayground);

export { createPlayground } from '../basic/playground';
export { DEFAULT_SCENARIO, REAL_MS_PER_VIRTUAL_MS } from '../core/api';
export type { Playground, PlaygroundEvents, PlaygroundOptions, Chosen, Violation, UpdateInfo } from '../core/api';
export type { Snapshot, NodeView, FlightView, TraceLine, TraceEvent, Msg, Ballot, Vote, Network } from '../core/protocol';
