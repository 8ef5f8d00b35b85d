// The Basic Paxos page's Web Worker. It starts with the lighter simulator build (no
// Multi-Paxos view, no classroom) and fetches the classroom build (exercises and the model
// checker) the first time one of those is asked for; see serve.ts. The Multi-Paxos view has
// its own worker, multi-worker.ts.

import init, { Playground } from './wasm/pkg/paxos.js';
import { serve } from './serve';
import type { Request } from './protocol';

const CLASSROOM: ReadonlySet<Request['type']> = new Set([
  'loadExercise',
  'checkStart',
  'checkRun',
  'checkStop',
  'checkLoad',
  'checkSpec',
] satisfies Request['type'][]);

serve(
  { init, Playground },
  {
    wanted: (request) => CLASSROOM.has(request.type),
    load: async () => {
      const build = await import('./wasm/pkg-classroom/paxos_classroom.js');
      return { init: build.default, Playground: build.Playground };
    },
  },
);
