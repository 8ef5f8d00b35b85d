// The wasm a page starts with, fetched and compiled by the page while its worker script is
// still on its way, run on the page until the worker is up (client.ts), then handed to the
// worker (a WebAssembly.Module crosses postMessage without a copy of its code). The page's
// HTML names the file in a <link rel="preload"> (vite.config.ts writes it), so the download
// starts with the page's script instead of three round trips later (HTML, page script,
// worker script, wasm); compileStreaming compiles as it arrives. Null when the page cannot
// compile it (a host that serves .wasm with another MIME type, a CSP without
// 'wasm-unsafe-eval'): the worker then fetches its build itself, as it always can.

import type { FirstBuild, LocalBuild } from './client';
import { simulator, type SimulatorClass } from './builds';
import type { Request } from './protocol';

export function compileWasm(url: URL): Promise<WebAssembly.Module | null> {
  // The same request as the preload's (mode cors, credentials same-origin): it is matched.
  return WebAssembly.compileStreaming(fetch(url)).catch(() => null);
}

/** What wasm-bindgen's glue of a build gives the page. */
export interface Glue {
  initSync(options: { module: WebAssembly.Module }): unknown;
  Playground: SimulatorClass;
}

/** A build run on the page by its glue; `leaves`: the requests it leaves to the worker. */
export function onPage(glue: Glue, leaves: (r: Request) => boolean): LocalBuild {
  return {
    start(module) {
      glue.initSync({ module });
      return simulator(glue.Playground);
    },
    leaves,
  };
}

/** The worker's build number `build` (client.ts, FirstBuild) from `url`, run on the page by `local`; null if either fails. */
export function firstBuild(url: URL, build: number, local: LocalBuild | Promise<LocalBuild>): Promise<FirstBuild | null> {
  return Promise.all([compileWasm(url), local]).then(
    ([module, l]) => module && { module, build, local: l },
    () => null,
  );
}
