// The Basic Paxos page's Web Worker. It starts with the lighter simulator build: no
// laboratory (time travel, the manual network, partitions and links, scripted scenarios), no
// classroom, no Multi-Paxos view; or with the laboratory's, when the page compiled that one
// for a scripted scenario (build number 1: the order below is the page's too, builds.ts) or
// the first request loads one. It switches to the laboratory's build the first time the
// lighter one answers `later`, and to the classroom build (exercises and the model checker,
// and the laboratory) the first time one of those is asked for; see serve.ts. The
// Multi-Paxos view has its own worker, multi-worker.ts.

import init, { Playground } from '../wasm/pkg/paxos.js';
import { serve } from '../core/serve';
import { wantsClassroom, wantsLab } from '../core/builds';

serve({ init, Playground }, [
  {
    wanted: wantsLab,
    load: async () => {
      const build = await import('../wasm/pkg-lab/paxos_lab.js');
      return { init: build.default, Playground: build.Playground };
    },
  },
  {
    wanted: wantsClassroom,
    load: async () => {
      const build = await import('../wasm/pkg-classroom/paxos_classroom.js');
      return { init: build.default, Playground: build.Playground };
    },
  },
]);
