// The first wasm build, fetched and compiled by the page while its worker script is still on
// its way, then handed to the worker (a WebAssembly.Module crosses postMessage without a
// copy of its code). The page's HTML names the file in a <link rel="preload"> (vite.config.ts
// writes it), so the download starts with the page's script instead of three round trips
// later (HTML, page script, worker script, wasm); compileStreaming compiles as it arrives.
// Null when the page cannot compile it (a host that serves .wasm with another MIME type, a
// CSP without 'wasm-unsafe-eval'): the worker then fetches its build itself, as it always can.

export function compileWasm(url: URL): Promise<WebAssembly.Module | null> {
  // The same request as the preload's (mode cors, credentials same-origin): it is matched.
  return WebAssembly.compileStreaming(fetch(url)).catch(() => null);
}
