// The model checker in WebAssembly, as the page's worker runs it (same wasm, same requests),
// timed in Node's V8 (Chromium's engine). Compare with the native command it prints.
// Usage: node scripts/bench-check-wasm.mjs SCENARIO.json [maxRound]   (after scripts/build-wasm.sh)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import init, { Playground } from '../www/src/wasm/pkg-classroom/paxos_classroom.js';

const [file, maxRound = '1'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/bench-check-wasm.mjs SCENARIO.json [maxRound]');
  process.exit(2);
}
const wasm = fileURLToPath(new URL('../www/src/wasm/pkg-classroom/paxos_classroom_bg.wasm', import.meta.url));
await init({ module_or_path: readFileSync(wasm) });
const p = new Playground();
const ask = (request) => JSON.parse(p.handle(JSON.stringify(request)));
ask({ type: 'load', scenario: readFileSync(file, 'utf8') });
const spec = { from: 'start', goal: { type: 'violation' }, maxRound: Number(maxRound), maxStates: 0 };
const t0 = performance.now();
let r = ask({ type: 'checkStart', spec }).report;
while (r.outcome === 'running') r = ask({ type: 'checkRun', budget: 100000 }).report;
const s = (performance.now() - t0) / 1000;
console.log(`wasm (V8 ${process.versions.v8}): ${r.distinct} distinct states, depth ${r.depth}, ${r.outcome}, ` +
  `${s.toFixed(2)} s, ${Math.round(r.distinct / s)} states/s`);
console.log(`native: target/release/paxos-sim check ${file} --max-round ${maxRound} --symmetry`);
