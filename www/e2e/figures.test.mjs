// Figures, printed not asserted tightly: frame intervals while 7 nodes exchange 100+
// messages, time from navigation to the first interactive frame, and the built files'
// sizes (raw and gzipped). Run: node --test www/e2e/  (look for the [figures] lines).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, launch, openPlayground, startServer } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const p95 = s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
  return { mean: mean.toFixed(1), p95: p95.toFixed(1), max: s[s.length - 1].toFixed(1), count: s.length };
};

test('e. frame time with 7 nodes and 100+ messages; time to interactive', async () => {
  const { page, context, problems } = await openPlayground(browser, server.url, { query: '?nodes=7' });
  const tti = await page.evaluate(() => performance.getEntriesByName('paxos:interactive')[0].startTime);
  // Main-thread time by kind (Chrome DevTools Protocol), around the busy 6 s below.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  let before = null;
  await page.exposeFunction('__figuresMark', async () => {
    before = await metrics();
  });
  const result = await page.evaluate(async () => {
    const pg = window.paxosPlayground;
    const measure = (ms) =>
      new Promise((resolve) => {
        const frames = [];
        let last = performance.now();
        const end = last + ms;
        const tick = (t) => {
          frames.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(tick);
          else resolve(frames.slice(1));
        };
        requestAnimationFrame(tick);
      });
    const idle = await measure(2000);
    let sent = 0;
    let peak = 0;
    pg.on('update', (s, lines) => {
      sent += lines.filter((l) => l.event === 'send').length;
      peak = Math.max(peak, s.inFlight.length);
    });
    pg.setSpeed(2);
    await pg.setNetwork({ delay: [40, 200], drop: 0.05, duplicate: 0.2 });
    await Promise.all(['S1', 'S2', 'S4', 'S6'].map((n, i) => pg.propose(n, `${i + 1}元/度`)));
    await window.__figuresMark();
    const frames = await measure(6000);
    return { idle, frames, sent, peak };
  });
  const afterM = await metrics();
  const ms = (k) => ((afterM[k] - before[k]) * 1000).toFixed(0);
  console.log(
    `[figures] main thread during those 6 s: script ${ms('ScriptDuration')} ms, style ${ms('RecalcStyleDuration')} ms, ` +
      `layout ${ms('LayoutDuration')} ms, all tasks ${ms('TaskDuration')} ms`,
  );
  const f = stats(result.frames);
  const i = stats(result.idle);
  console.log(`[figures] baseline, same page idle for 2 s: mean ${i.mean} ms, p95 ${i.p95} ms, max ${i.max} ms, ${i.count} frames`);
  console.log(
    `[figures] frame interval over 6 s, 7 nodes, ${result.sent} messages sent (peak ${result.peak} in flight): ` +
      `mean ${f.mean} ms, p95 ${f.p95} ms, max ${f.max} ms, ${f.count} frames`,
  );
  console.log(`[figures] navigation to first interactive frame (performance.mark paxos:interactive): ${tti.toFixed(0)} ms`);
  assert.ok(result.sent >= 100, `only ${result.sent} messages were sent`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('built file sizes', () => {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(DIST);
  let jsCss = 0;
  for (const p of files.sort()) {
    const raw = readFileSync(p);
    const gz = gzipSync(raw, { level: 9 }).length;
    if (/\.(js|css|html)$/.test(p)) jsCss += gz;
    console.log(`[figures] ${path.relative(DIST, p).padEnd(36)} ${String(raw.length).padStart(8)} B raw ${String(gz).padStart(8)} B gzip`);
  }
  console.log(`[figures] HTML+JS+CSS gzipped, worker included: ${jsCss} B`);
  assert.ok(jsCss < 40_000, 'the front end stays small');
});
