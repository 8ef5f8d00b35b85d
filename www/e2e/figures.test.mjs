// Figures, printed not asserted tightly: frame intervals while 7 nodes exchange 100+
// messages, time from navigation to the first interactive frame, the time to go back in a
// history of 10,000+ events, the space-time diagram's redraw time with 5,000+ messages, the
// page's JS heap per trace line after 100,000 events, and the built files' sizes (raw and
// gzipped). Run: node --test www/e2e/  (look for the
// [figures] lines).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, MOUNT, ROOT, sharedBrowser } from './harness.mjs';

const open = sharedBrowser();

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const p95 = s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
  return { mean: mean.toFixed(1), p95: p95.toFixed(1), max: s[s.length - 1].toFixed(1), count: s.length };
};

test('e. frame time with 7 nodes and 100+ messages; time to interactive', async () => {
  const { page, context, problems } = await open({ query: '?nodes=7' });
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

// Counts what crosses between the page and its worker: each request posted, and each
// reply's size as JSON text. Installed before the page's script runs.
const WIRE_TAP = () => {
  const tap = (window.__wire = { posted: [], replies: [] });
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (e) => {
        if (e.data?.kind === 'reply') tap.replies.push({ type: e.data.response.type, bytes: JSON.stringify(e.data.response).length, at: performance.now() });
      });
    }
    postMessage(m, ...rest) {
      if (m?.request) tap.posted.push(m.request.type);
      return super.postMessage(m, ...rest);
    }
  };
};

test('i. round trips and bytes per action during a 7-node race', async () => {
  const { page, context, problems } = await open({ query: '?nodes=7', beforeGoto: (p) => p.addInitScript(WIRE_TAP) });
  const r = await page.evaluate(async () => {
    const pg = window.paxosPlayground;
    const tap = window.__wire;
    const frame = () => new Promise((res) => requestAnimationFrame(res));
    // Until the worker answers (the page's own build answers the first requests).
    while (!tap.replies.length) {
      await pg.setNetwork({ delay: [40, 200], drop: 0.05, duplicate: 0.2 });
      await frame();
    }
    const actions = [];
    // Each action: the requests posted and the reply bytes from its call to its answer.
    const timed = async (name, f) => {
      const p0 = tap.posted.length;
      const r0 = tap.replies.length;
      const t0 = performance.now();
      await f();
      actions.push({ name, posted: tap.posted.slice(p0), bytes: tap.replies.slice(r0).reduce((a, x) => a + x.bytes, 0), ms: performance.now() - t0 });
    };
    pg.setSpeed(2);
    pg.play();
    for (const [i, n] of ['S1', 'S2', 'S4', 'S6'].entries()) await timed('propose', () => pg.propose(n, `${i + 1}元/度`));
    const idle = () => new Promise((res) => setTimeout(res, 150));
    for (let i = 0; i < 6; i++) {
      await idle();
      await timed('crash', () => pg.crash('S3'));
      await idle();
      await timed('restart', () => pg.restart('S3'));
      await idle();
      await timed('setNetwork', () => pg.setNetwork({ drop: i % 2 ? 0.05 : 0.1 }));
    }
    const r0 = tap.replies.length;
    await new Promise((res) => setTimeout(res, 3000));
    const ticks = tap.replies.slice(r0);
    return { actions, ticks, inFlight: pg.state().inFlight.length };
  });
  const per = r.actions.map((a) => a.posted.length);
  const mean = (xs) => (xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)).toFixed(2);
  console.log(
    `[figures] 7-node race, ${r.actions.length} actions (propose, crash, restart, setNetwork) while the clock runs: ` +
      `requests per action mean ${mean(per)}, max ${Math.max(...per)} (${[...new Set(r.actions.map((a) => a.posted.join('+')))].join(', ')}); ` +
      `answer bytes per action mean ${mean(r.actions.map((a) => a.bytes))}; time per action mean ${mean(r.actions.map((a) => a.ms))} ms`,
  );
  console.log(
    `[figures] 7-node race, clock ticks over 3 s: ${r.ticks.length} answers, bytes per answer mean ${mean(r.ticks.map((x) => x.bytes))}, ` +
      `max ${Math.max(0, ...r.ticks.map((x) => x.bytes))}; ${r.inFlight} messages in flight at the end`,
  );
  assert.ok(per.every((n) => n >= 1), 'every action reached the worker');
  assert.deepEqual(problems, []);
  await context.close();
});

test('g. rewind across 10,000+ events; the diagram with 5,000+ messages', async () => {
  const { page, context, problems } = await open();
  // Duelling proposers that never stop: 5 nodes, equal delays, no backoff.
  const duel = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'scenarios', 'duel-livelock.json'), 'utf8'));
  Object.assign(duel, { nodes: 5, until: 86_400_000 });
  const r = await page.evaluate(async (text) => {
    const pg = window.paxosPlayground;
    const frame = () => new Promise((res) => requestAnimationFrame(() => res(performance.now())));
    pg.pause();
    await pg.load(text);
    // The diagram comes with the panels fetched after the first interactive frame.
    while (!document.querySelector('.pg-diagram')) await frame();
    const dia = document.querySelector('.pg-diagram');
    const scroll = dia.querySelector('.pg-dia-scroll');
    dia.scrollIntoView({ block: 'center' });
    while (Number(dia.dataset.messages) < 5000) await pg.step(500);
    await frame();
    await frame();
    const messages = Number(dia.dataset.messages);
    const arrows = Number(dia.dataset.arrows);
    // Scrolling through the diagram: one redraw per frame, timed by the diagram itself.
    const draws = [];
    const frames = [];
    let last = await frame();
    scroll.scrollTop = 0;
    const height = scroll.scrollHeight - scroll.clientHeight;
    for (let i = 1; i <= 120; i++) {
      scroll.scrollTop = (height * i) / 120;
      const t = await frame();
      await frame();
      frames.push(t - last);
      last = performance.now();
      draws.push(Number(dia.dataset.drawMs));
    }
    const drawnScrolling = Number(dia.dataset.drawn);
    // Everything in view at once (Fit): the worst case.
    dia.querySelector('button[aria-pressed]').click();
    const fit = [];
    for (let i = 0; i < 30; i++) {
      scroll.dispatchEvent(new Event('scroll'));
      await frame();
      fit.push(Number(dia.dataset.drawMs));
    }
    const drawnFit = Number(dia.dataset.drawn);
    dia.querySelector('button[aria-pressed]').click();

    // Grow the history to 10,000+ events, then go back to random moments.
    while (pg.history().length < 10_000) await pg.step(2000);
    const length = pg.history().length;
    const lines = pg.state().step;
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const idle = () => new Promise((res) => setTimeout(res, 400));
    const back = [];
    const backFrame = [];
    const forward = [];
    for (let i = 0; i < 20; i++) {
      // From the end of the history, the page settled: a person pressing ← or clicking the log.
      const target = Math.floor(rand() * length * 0.95);
      await idle();
      let t0 = performance.now();
      await pg.seek(target);
      back.push(performance.now() - t0);
      backFrame.push((await frame()) - t0);
      await idle();
      t0 = performance.now();
      await pg.seek(length);
      forward.push(performance.now() - t0);
    }
    // Dragging the scrubber backwards: 50 seeks in a row, each as soon as the last is shown.
    await idle();
    const drag = [];
    for (let i = 1; i <= 50; i++) {
      const t0 = performance.now();
      await pg.seek(Math.floor(length * (1 - i / 51)));
      drag.push(performance.now() - t0);
    }
    return { messages, arrows, draws, frames, fit, drawnScrolling, drawnFit, length, lines, back, backFrame, forward, drag };
  }, JSON.stringify(duel));
  const d = stats(r.draws);
  const f = stats(r.frames);
  const fit = stats(r.fit);
  console.log(
    `[figures] space-time diagram with ${r.messages} messages (${r.arrows} delivered): redraw while scrolling mean ${d.mean} ms, ` +
      `p95 ${d.p95} ms, max ${d.max} ms (${r.drawnScrolling} arrows in view); frame interval mean ${f.mean} ms, p95 ${f.p95} ms`,
  );
  console.log(`[figures] space-time diagram, all ${r.drawnFit} arrows in view (Fit): redraw mean ${fit.mean} ms, p95 ${fit.p95} ms, max ${fit.max} ms`);
  const b = stats(r.back);
  const bf = stats(r.backFrame);
  const fw = stats(r.forward);
  console.log(
    `[figures] rewind (seek back to a random moment, from the end) in a history of ${r.length} events / ${r.lines} trace lines, from the page: ` +
      `answered and drawn (island, diagram, timeline; the log follows within 0.1 s) in mean ${b.mean} ms, p95 ${b.p95} ms, max ${b.max} ms; ` +
      `next frame painted after mean ${bf.mean} ms, max ${bf.max} ms`,
  );
  const dr = stats(r.drag);
  console.log(`[figures] dragging the timeline back, 50 seeks in a row: mean ${dr.mean} ms, p95 ${dr.p95} ms, max ${dr.max} ms each`);
  console.log(`[figures] seek forward to the end again (thousands of lines sent to the page): mean ${fw.mean} ms, max ${fw.max} ms`);
  assert.ok(r.messages >= 5000 && r.length >= 10_000);
  assert.deepEqual(problems, []);
  await context.close();
});

test('h. the page keeps about 300 bytes of JS heap per trace line of a long run', async () => {
  const { page, context, problems } = await open();
  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const duel = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'scenarios', 'duel-livelock.json'), 'utf8'));
  duel.until = 86_400_000;
  // Every part that holds something per line is here: the log, the diagram, the inspector.
  await page.evaluate(async (text) => {
    const pg = window.paxosPlayground;
    pg.pause();
    await pg.load(text);
    await pg.step(5);
    while (!document.querySelector('.pg-diagram')) await new Promise((r) => requestAnimationFrame(r));
  }, JSON.stringify(duel));
  await page.waitForTimeout(500);
  const before = await heap();
  const lines0 = await page.evaluate(() => window.paxosPlayground.state().step);
  await page.evaluate(async () => {
    const pg = window.paxosPlayground;
    while (pg.history().length < 100_000) await pg.step(20_000);
  });
  await page.waitForTimeout(1500); // the log and the inspector draw what came
  const after = await heap();
  const { events, lines } = await page.evaluate(() => ({ events: window.paxosPlayground.history().length, lines: window.paxosPlayground.state().step }));
  const perLine = (after - before) / (lines - lines0);
  console.log(
    `[figures] page JS heap after ${events} events / ${lines} trace lines (duelling proposers): ${(before / 1e6).toFixed(1)} → ${(after / 1e6).toFixed(1)} MB, ` +
      `${perLine.toFixed(0)} B per trace line, ${((after - before) / events).toFixed(0)} B per event`,
  );
  assert.ok(perLine < 450, `${perLine.toFixed(0)} B per trace line`);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Every built file's size, raw and gzipped (level 9), by its path under www/dist, in order. */
function builtFiles() {
  const sizes = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const raw = readFileSync(p);
        sizes.set(path.relative(DIST, p), { raw: raw.length, gz: gzipSync(raw, { level: 9 }).length });
      }
    }
  };
  walk(DIST);
  return sizes;
}

// Guards against a regression; the total is the budget (README). The playground's first load
// was 336 KB (72 KB code + 264 KB wasm) before its later features were fetched on first use
// or after its first frame, and its first wasm left out the classroom, serde, B-trees, the
// standard library's Debug and Unicode tables, the laboratory (time travel, the manual
// network, partitions and links, scripted scenarios, writing the trace again) and the panic
// hook: 41.0 KB + 58.9 KB now, in 5 files. The Multi-Paxos view's first frame has the island
// and its timeline, run by the playground's controller (the Basic page's own views and
// controller, with their styles and texts: 37.8 KB of code, 25.2 KB without them); its
// space-time diagram and inspector come as they come near (multi/views.ts, 14.3 KB).
const LIMITS = {
  playground: { code: 44_000, wasm: 62_000, total: 100_000 },
  embed: { code: 44_000, wasm: 62_000, total: 100_000 },
  multi: { code: 41_000 },
};

test('first load, as Chromium fetches it until the first interactive frame', async () => {
  const built = builtFiles();
  for (const [name, query] of [['playground', ''], ['multi', 'multi.html'], ['embed', 'embed.html']]) {
    // Path -> when the browser first asked for it (ms since the epoch, the browser's own
    // stamp: Playwright's request timing), and the paths asked for at all.
    const fetched = new Map();
    const asked = new Set();
    const { page, context, problems } = await open({
      query,
      beforeGoto: (p) => {
        p.on('request', (r) => asked.add(decodeURIComponent(new URL(r.url()).pathname)));
        p.on('requestfinished', (r) => {
          const path = decodeURIComponent(new URL(r.url()).pathname);
          if (!fetched.has(path)) fetched.set(path, r.timing().startTime);
        });
      },
    });
    await page.waitForLoadState('networkidle');
    // What was asked for by the frame's time (the page's clock: the same epoch).
    const interactiveAt = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('paxos:interactive')[0].startTime);
    const sum = (paths) => {
      let code = 0;
      let wasm = 0;
      const files = [];
      for (const p of paths) {
        const rel = p.slice(p.indexOf(MOUNT) + MOUNT.length) || 'index.html';
        if (!built.has(rel)) continue; // data: URLs, the example scenarios beside the site
        files.push(rel);
        if (rel.endsWith('.wasm')) wasm += built.get(rel).gz;
        else code += built.get(rel).gz;
      }
      return { code, wasm, files };
    };
    const first = new Set([...fetched].filter(([, at]) => at <= interactiveAt).map(([p]) => p));
    const { code, wasm, files } = sum(first);
    console.log(
      `[figures] first load of ${name} as fetched before its first interactive frame: HTML+JS+CSS ${code} B + wasm ${wasm} B = ${code + wasm} B gzipped, ${files.length} files (${files.join(', ')})`,
    );
    // What comes next without any input (a part near the viewport, say), at 1280x800.
    await page.waitForTimeout(1500);
    const later = sum([...asked].filter((p) => !first.has(p)));
    console.log(`[figures]   then, within 1.5 s and without input: ${later.code + later.wasm} B gzipped (${later.files.join(', ') || 'nothing'})`);
    assert.ok(wasm > 0, `${name}: the wasm is among the files fetched`);
    assert.ok(!files.some((f) => f.includes('classroom_bg')), `${name}: the classroom build waits for a check or an exercise`);
    assert.ok(!files.some((f) => f.includes('lab_bg')), `${name}: the laboratory's build waits for a request that needs it`);
    const limit = LIMITS[name] ?? {};
    assert.ok(code < (limit.code ?? Infinity), `${name}: the page's code stays small (${code} B)`);
    assert.ok(wasm < (limit.wasm ?? Infinity), `${name}: its first wasm stays small (${wasm} B)`);
    assert.ok(code + wasm <= (limit.total ?? Infinity), `${name}: the first load is at most 100 KB gzipped (${code + wasm} B)`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('built file sizes', () => {
  for (const [name, { raw, gz }] of builtFiles()) {
    console.log(`[figures] ${name.padEnd(36)} ${String(raw).padStart(8)} B raw ${String(gz).padStart(8)} B gzip`);
  }
});
