// The Basic Paxos page's Web Worker: the simulator without the Multi-Paxos view (a lighter
// first load). The Multi-Paxos view has its own, multi-worker.ts.

import init, { Playground } from './wasm/pkg/paxos.js';
import { serve } from './serve';

serve(init, Playground);
