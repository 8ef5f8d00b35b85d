// The Basic Paxos page's Web Worker. It starts with the lighter simulator build: no
// laboratory (time travel, the manual network, partitions and links, scripted scenarios), no
// classroom, no Multi-Paxos view. It fetches the laboratory's build the first time the
// lighter one answers `later`, and the classroom build (exercises and the model checker, and
// the laboratory) the first time one of those is asked for; see serve.ts. The Multi-Paxos
// view has its own worker, multi-worker.ts.

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

/**
 * A hint that a `load` needs the laboratory (scripted events or a manual network): an embed
 * of a scripted scenario then fetches that build at once, not the first build and then it.
 * The rule is the first build's own (it answers `later`: crates/paxos-sim, scenario.rs,
 * step 2 of `plan`); a wrong hint costs a download, never an answer.
 */
function scripted(request: Request): boolean {
  if (request.type !== 'load') return false;
  try {
    const s = JSON.parse(request.scenario) as { events?: unknown; network?: { mode?: unknown } };
    return (Array.isArray(s.events) && s.events.length > 0) || s.network?.mode === 'manual';
  } catch {
    return false;
  }
}

serve({ init, Playground }, [
  {
    wanted: scripted,
    load: async () => {
      const build = await import('./wasm/pkg-lab/paxos_lab.js');
      return { init: build.default, Playground: build.Playground };
    },
  },
  {
    wanted: (request) => CLASSROOM.has(request.type),
    load: async () => {
      const build = await import('./wasm/pkg-classroom/paxos_classroom.js');
      return { init: build.default, Playground: build.Playground };
    },
  },
]);
