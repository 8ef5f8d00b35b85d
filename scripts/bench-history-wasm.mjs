// The timeline's memory in WebAssembly, as the page's worker holds it (the laboratory's
// build, the same requests as `paxos-sim bench --history`): a 7-node livelock stepped
// through the session, then rewinds. Compare with the native command it prints.
// Usage: node scripts/bench-history-wasm.mjs [EVENTS] [PKG-DIR] [EVENTS-PER-REQUEST]
//        (after scripts/build-wasm.sh)
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

// At most the session's budget of moments on a branch (2,000,000; crates/paxos-sim,
// session.rs, Budgets): `paxos-sim bench --history` measures further, natively.
const events = Number(process.argv[2] ?? 2_000_000);
const per = Number(process.argv[4] ?? 20_000);
const dir = resolve(process.argv[3] ?? new URL('../www/src/wasm/pkg-lab', import.meta.url).pathname);
const glue = await import(pathToFileURL(`${dir}/paxos_lab.js`).href);
const wasm = await glue.default({ module_or_path: readFileSync(`${dir}/paxos_lab_bg.wasm`) });
const p = new glue.Playground();
const ask = (request) => JSON.parse(p.handle(JSON.stringify(request)));
const scenario = {
  format: 'paxos-scenario', version: 1, nodes: 7, seed: 1,
  network: { delay: [50, 50] }, proposer: { backoff: 'none' },
  events: [
    { at: 0, propose: { node: 'S1', value: '1元/度' } },
    { at: 50, propose: { node: 'S2', value: '2元/度' } },
  ],
  until: 86_400_000,
};
ask({ type: 'load', scenario: JSON.stringify(scenario) });
const before = wasm.memory.buffer.byteLength;
const t0 = performance.now();
let history = { position: 0 };
let lines = 0;
while (history.position < events) {
  const r = ask({ type: 'step', count: Math.min(per, events - history.position) });
  history = r.history;
  lines = r.snapshot.step;
}
const built = (performance.now() - t0) / 1000;
const mib = (b) => (b / 1048576).toFixed(0);
const after = wasm.memory.buffer.byteLength;
console.log(`wasm (V8 ${process.versions.v8}): ${history.position} events (${lines} trace lines) in ${built.toFixed(1)} s; ` +
  `wasm memory ${mib(before)} -> ${mib(after)} MiB, ${((after - before) / history.position).toFixed(0)} bytes per event`);
const to = Array.from({ length: 50 }, (_, k) => (k * 7_919_993 + 12_345) % history.position).sort((a, b) => b - a);
const times = to.map((position) => {
  const t = performance.now();
  ask({ type: 'seek', position });
  return performance.now() - t;
}).sort((a, b) => a - b);
console.log(`rewind: 50 seeks back to random earlier moments: mean ${(times.reduce((a, b) => a + b) / times.length).toFixed(2)} ms, ` +
  `max ${times.at(-1).toFixed(2)} ms`);
console.log(`native: target/release/paxos-sim bench --history ${events}`);
