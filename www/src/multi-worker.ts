// The Multi-Paxos view's Web Worker: the simulator built with the Multi-Paxos view.

import init, { Playground } from './wasm/pkg-multi/paxos_multi.js';
import { serve } from './serve';

serve({ init, Playground });
