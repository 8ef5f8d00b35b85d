// Shared by the end-to-end tests: a tiny static server for the BUILT site (www/dist),
// mounted at a sub-path to prove relative URLs work, and headless Chromium via
// playwright-core. No network: everything is served from 127.0.0.1.

import { after, before } from 'node:test';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// PAXOS_DIST: test another build of the site (default: www/dist).
export const DIST = process.env.PAXOS_DIST ?? path.join(ROOT, 'www', 'dist');
export const MOUNT = '/some/sub/path/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The strict Content Security Policy of docs/embedding.md, sent with the example blog and embed.html. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; worker-src 'self'; img-src 'self' data:";

/** Beside the site: the example blog page (docs/examples, under the strict CSP) and the scenarios it reads. */
const EXTRA = [
  { prefix: 'examples/scenarios/', dir: path.join(ROOT, 'examples', 'scenarios'), headers: {} },
  { prefix: 'examples/', dir: path.join(ROOT, 'docs', 'examples'), headers: { 'content-security-policy': CSP } },
];
const HEADERS = { 'embed.html': { 'content-security-policy': CSP } };

/** Serves www/dist at http://127.0.0.1:<random port>/some/sub/path/, and EXTRA. */
export async function startServer() {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error('www/dist is missing: build the site first (npm run build)');
  }
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(MOUNT)) {
      res.writeHead(404).end('not here');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(MOUNT.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const extra = EXTRA.find((x) => rel.startsWith(x.prefix));
    const dir = extra ? extra.dir : DIST;
    const file = path.join(dir, extra ? rel.slice(extra.prefix.length) : rel);
    const headers = extra ? extra.headers : (HEADERS[rel] ?? {});
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${MOUNT}`, close: () => new Promise((r) => server.close(r)) };
}

/** Headless Chromium, the Debian package by default. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** A page with the playground loaded and interactive; page errors fail the test. */
/** `beforeGoto(page)` runs before the navigation (to listen to requests, say). */
export async function openPlayground(browser, url, { width = 1280, height = 800, query = '', reducedMotion, locale = 'en-US', beforeGoto } = {}) {
  // English unless a test asks for another locale (the page follows the browser's language).
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, reducedMotion, locale });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await beforeGoto?.(page);
  await page.goto(url + query);
  await page.waitForFunction(() => performance.getEntriesByName('paxos:interactive').length > 0, null, { timeout: 20_000 });
  return { page, context, problems };
}

/**
 * One server and one browser for a test file: registered with node:test's before/after;
 * returns the site, whose `url` and `browser` are there once the tests run.
 */
export function sharedSite() {
  const site = { url: '', browser: null };
  let server;
  before(async () => {
    server = await startServer();
    site.url = server.url;
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await server?.close();
  });
  return site;
}

/** `sharedSite`, as `open(options)`: the playground opened in a fresh context. */
export function sharedBrowser() {
  const site = sharedSite();
  return (options) => openPlayground(site.browser, site.url, options);
}

/** The nodes drawn on the island, by name. */
export function nodeNames(page) {
  return page.locator('svg .pg-node').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-node')));
}

/** The banner that shows the chosen value (role status), once there is one. */
export function chosenBanner(page) {
  return page.getByRole('status').filter({ has: page.locator('.pg-chosen-value') });
}

/**
 * Every line of the playground's log, newest first. The log is a virtual list (only the
 * lines in view are on the page): this scrolls it from top to bottom, reading each view,
 * then puts it back where it was.
 */
export function logLines(page) {
  return page.evaluate(async () => {
    const s = document.querySelector('.pg-log-scroll');
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const lines = [];
    const was = s.scrollTop;
    for (let y = 0; ; y += Math.max(1, s.clientHeight - 24)) {
      s.scrollTop = y;
      await frame();
      for (const li of s.querySelectorAll('li')) lines[Number(li.getAttribute('aria-posinset')) - 1] = li.textContent;
      if (s.scrollTop + s.clientHeight >= s.scrollHeight) break;
    }
    s.scrollTop = was;
    await frame();
    return lines;
  });
}

/** Waits until a line of the log (any, in view or not) contains `text` (a string, or matches it: a RegExp). */
export async function waitForLogLine(page, text, timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const lines = await logLines(page);
    if (lines.some((l) => (typeof text === 'string' ? l?.includes(text) : text.test(l ?? '')))) return;
    if (Date.now() > end) throw new Error(`no line of the log says "${text}"; it says:\n${lines.slice(0, 40).join('\n')}`);
    await page.waitForTimeout(100);
  }
}
