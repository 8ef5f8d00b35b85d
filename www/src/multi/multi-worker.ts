// The Multi-Paxos view's Web Worker: the simulator built with the Multi-Paxos view, and the
// same with its model checker, fetched on the first check request (serve.ts switches).

import init, { Playground } from '../wasm/pkg-multi/paxos_multi.js';
import { serve } from '../core/serve';
import { wantsMultiCheck } from '../core/builds';

serve({ init, Playground }, [
  {
    wanted: wantsMultiCheck,
    load: async () => {
      const build = await import('../wasm/pkg-multi-check/paxos_multi_check.js');
      return { init: build.default, Playground: build.Playground };
    },
  },
]);
