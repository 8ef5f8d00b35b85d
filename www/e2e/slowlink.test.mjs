// Figures, printed not asserted: how soon a reader on a phone's link has a working page,
// ours beside RaftScope's (../shared/bench/raftscope/, or RAFTSCOPE_DIR), measured in one
// run: both sites served gzipped by one server, the same headless Chromium, the network
// emulated through CDP (Network.emulateNetworkConditions, on the page and on its workers),
// cache off, median of 3 (PAXOS_SLOWLINK_RUNS) in alternating order.
// "Working": ours, performance.mark('paxos:interactive') (the simulator answered and the
// controls are on); RaftScope, its servers drawn (#servers .server).
// Also printed, Lighthouse's figures as far as one page load shows them: first contentful
// paint, when nodes are first drawn, time to interactive (working, and the last long task
// over), total blocking time (long tasks beyond 50 ms between the first paint and working)
// and the layout shift (its sum). And embed.html with a scripted story, which wants another
// build than the one its HTML preloads, with and without that preload: what the preload costs.
// Without RaftScope (RAFTSCOPE_DIR), ours alone.
// Run: node --test www/e2e/slowlink.test.mjs  (look for the [slowlink] lines).

import { test, before, after } from 'node:test';
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, ROOT, launch } from './harness.mjs';

const RAFTSCOPE = process.env.RAFTSCOPE_DIR ?? path.join(ROOT, '..', 'shared', 'bench', 'raftscope');
const RUNS = Number(process.env.PAXOS_SLOWLINK_RUNS ?? 3);
// A phone's slower processor too, as Lighthouse's mobile runs (4): PAXOS_SLOWLINK_CPU=4.
const CPU = Number(process.env.PAXOS_SLOWLINK_CPU ?? 1);

/** Chrome DevTools' presets (throughput in bytes per second). */
const NETWORKS = [
  { name: 'Fast 3G', latency: 562.5, downloadThroughput: (1.44e6 / 8) * 0.9, uploadThroughput: (675e3 / 8) * 0.9 },
  { name: '4G', latency: 170, downloadThroughput: (9e6 / 8) * 0.9, uploadThroughput: (9e6 / 8) * 0.9 },
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
};

/** A page of ours served as another: embed.html without its wasm preload, to weigh it. */
const VARIANTS = { 'embed-without-preload.html': ['embed.html', (html) => html.replace(/<link rel="preload"[^>]*>/, '')] };

/** dist at /ours/, RaftScope at /raftscope/; every file gzipped (level 9) when it shrinks. */
function startServer() {
  const roots = { ours: DIST, raftscope: RAFTSCOPE };
  const cache = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const [, site, ...rest] = decodeURIComponent(url.pathname).split('/');
    const dir = roots[site];
    const variant = site === 'ours' ? VARIANTS[rest.join('/')] : undefined;
    const file = dir && path.join(dir, variant ? variant[0] : rest.join('/') || 'index.html');
    if (!file || !file.startsWith(dir + path.sep) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const key = variant ? rest.join('/') : file;
    if (!cache.has(key)) {
      const raw = variant ? Buffer.from(variant[1](readFileSync(file, 'utf8'))) : readFileSync(file);
      const gz = gzipSync(raw, { level: 9 });
      cache.set(key, gz.length < raw.length ? { body: gz, gzip: true } : { body: raw, gzip: false });
    }
    const { body, gzip } = cache.get(key);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const working = () => performance.getEntriesByName('paxos:interactive').length > 0;
// A blog's scripted story in an iframe: it wants the laboratory's build, not the preloaded one.
const story = encodeURIComponent(readFileSync(path.join(ROOT, 'examples', 'scenarios', 'island-race.json'), 'utf8'));
const PAGES = [
  { name: 'RaftScope', path: 'raftscope/index.html', ready: () => document.querySelector('#servers .server') !== null },
  { name: 'playground', path: 'ours/index.html', ready: working },
  { name: 'embed.html', path: 'ours/embed.html', ready: working },
  { name: 'embed.html, a scripted story', path: `ours/embed.html?scenario=${story}`, ready: working },
  { name: 'the same without the wasm preload', path: `ours/embed-without-preload.html?scenario=${story}`, ready: working },
  { name: 'multi.html', path: 'ours/multi.html', ready: working },
];

/** Watches, from before the first byte: long tasks, layout shifts, when the page first shows nodes. */
function watcher() {
  window.__slow = { longTasks: [], shifts: [], drawn: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__slow.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__slow.shifts.push([e.startTime, e.value]);
  }).observe({ type: 'layout-shift', buffered: true });
  const nodes = (root) => root?.querySelector('#servers .server, .pg-node, .mp-card') ?? null;
  const look = () => {
    if (nodes(document) || nodes(document.querySelector('paxos-playground')?.shadowRoot)) window.__slow.drawn = performance.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

let server;
let browser;
const theirs = existsSync(path.join(RAFTSCOPE, 'index.html'));
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

/** One navigation under `network`: the page's figures, in ms from navigation start. */
async function measure(base, page0, network) {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.addInitScript(watcher);
  const conditions = { offline: false, ...network };
  delete conditions.name;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', conditions);
  if (CPU > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
  // Workers fetch on their own session: throttle each as it starts, before it runs.
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  cdp.on('Target.attachedToTarget', async ({ sessionId, targetInfo }) => {
    const send = (method, params = {}) => cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1e6 + Math.floor(Math.random() * 1e6), method, params }) });
    if (targetInfo.type === 'worker') {
      await send('Network.enable');
      await send('Network.setCacheDisabled', { cacheDisabled: true });
      await send('Network.emulateNetworkConditions', conditions);
      if (CPU > 1) await send('Emulation.setCPUThrottlingRate', { rate: CPU });
    }
    await send('Runtime.runIfWaitingForDebugger');
  });
  await page.goto(base + page0.path, { waitUntil: 'commit' });
  await page.waitForFunction(page0.ready, null, { timeout: 60_000, polling: 10 });
  const at = await page.evaluate((theirs) => performance.getEntriesByName('paxos:interactive')[0]?.startTime ?? (theirs ? performance.now() : NaN), page0.name === 'RaftScope');
  // A second more: the paint entries, the shifts and the long tasks right after.
  await page.waitForTimeout(1000);
  const r = await page.evaluate((working) => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    const { longTasks, shifts, drawn } = window.__slow;
    // Lighthouse's, within what was watched: blocking time between the first paint and
    // interactive; interactive once working and the last long task over; the shifts' sum.
    const blocking = longTasks.filter(([s]) => s > paint && s < working).reduce((a, [, d]) => a + Math.max(0, d - 50), 0);
    const interactive = Math.max(working, ...longTasks.map(([s, d]) => s + d));
    const cls = shifts.reduce((a, [, v]) => a + v, 0);
    return { paint, drawn: drawn ?? NaN, working, blocking, interactive, cls };
  }, at);
  await context.close();
  return r;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : '—');

test('a working page on a phone link, ours beside RaftScope', { timeout: 30 * 60_000 }, async () => {
  const base = `http://127.0.0.1:${server.address().port}/`;
  const pages = theirs ? PAGES : PAGES.filter((p) => p.name !== 'RaftScope');
  if (!theirs) console.log(`[slowlink] RaftScope is not at ${RAFTSCOPE} (RAFTSCOPE_DIR): ours alone`);
  for (const network of NETWORKS) {
    const results = new Map(pages.map((p) => [p.name, []]));
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 ? [...pages].reverse() : pages;
      for (const p of order) results.get(p.name).push(await measure(base, p, network));
    }
    const raft = theirs ? median(results.get('RaftScope').map((r) => r.working)) : NaN;
    for (const p of pages) {
      const rs = results.get(p.name);
      const pick = (k) => median(rs.map((r) => r[k]));
      const working = pick('working');
      const ratio = p.name === 'RaftScope' || !theirs ? '' : `, ${(working / raft).toFixed(2)}x RaftScope's`;
      console.log(
        `[slowlink] ${network.name}${CPU > 1 ? `, CPU ${CPU}x slower` : ''}, ${p.name}: working ${ms(working)}${ratio} (runs: ${rs.map((r) => r.working.toFixed(0)).join(', ')}); ` +
          `first contentful paint ${ms(pick('paint'))}, nodes drawn ${ms(pick('drawn'))}, time to interactive ${ms(pick('interactive'))}, ` +
          `total blocking time ${ms(pick('blocking'))}, layout shift ${pick('cls').toFixed(3)}`,
      );
    }
  }
});
