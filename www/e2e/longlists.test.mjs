// End-to-end tests of long lists in headless Chromium: the trace reader opens a trace of
// 50,000 lines at once and steps through it (End, Home, arrows) with only the lines in view
// on the page; the log of a long run holds every line, scrolls to the oldest, and a line far
// down still takes the page to its moment. The opening time is printed as a [figures] line.
// Run: node --test www/e2e/longlists.test.mjs (after `npm run build`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser } from './harness.mjs';

const open = sharedBrowser();

/** A valid paxos-trace v1 of `n` event lines: a proposal, rounds of prepare and promise, the value chosen last. */
function bigTrace(n) {
  const out = ['{"format":"paxos-trace","version":1,"protocol":"basic","nodes":["S1","S2","S3"],"quorum":2,"seed":42}'];
  let step = 0;
  let id = 0;
  const line = (rest) => out.push(`{"step":${++step},"time":${step},${rest}}`);
  line('"event":"propose","node":"S1","value":"1元/度"');
  while (step < n - 1) {
    if (step % 4 === 1) line(`"event":"send","id":${++id},"from":"S1","to":"S2","msg":{"type":"prepare","ballot":{"round":${id},"node":"S1"}}`);
    else if (step % 4 === 3) line(`"event":"send","id":${++id},"from":"S2","to":"S1","msg":{"type":"promise","ballot":{"round":${id - 1},"node":"S1"},"accepted":null}`);
    else line(`"event":"deliver","id":${id}`);
  }
  line('"event":"chosen","slot":0,"value":"1元/度","ballot":{"round":1,"node":"S1"}');
  return `${out.join('\n')}\n`;
}

/** The next frame has been painted. */
const painted = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));

test('a trace of 50,000 lines opens in the reader at once, and End, Home and the arrows show the right line', async () => {
  const N = 50_000;
  const { page, context, problems } = await open();
  const text = bigTrace(N);
  assert.ok(Buffer.byteLength(text) < 5 * 1024 * 1024, 'the file is one the page reads (5 MB at most)');
  await page.evaluate(() => {
    document.addEventListener('change', (e) => e.target.type === 'file' && (window.__chosen = performance.now()), true);
  });
  await page.getByLabel('Open a trace file').setInputFiles({ name: 'long.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(text) });
  const viewer = page.getByRole('dialog', { name: 'Trace: long.jsonl' });
  await viewer.waitFor({ timeout: 120_000 });
  await painted(page);
  const opened = await page.evaluate(() => performance.now() - window.__chosen);
  console.log(`[figures] trace reader: a trace of ${N} lines (${(text.length / 1e6).toFixed(1)} MB) opens, from the file chosen to the first frame drawn, in ${opened.toFixed(0)} ms`);
  assert.ok(opened < 5000, `opening took ${opened.toFixed(0)} ms`);

  const list = viewer.locator('.pg-viewer-list');
  const rows = list.locator('li');
  const shown = await rows.count();
  assert.ok(shown > 0 && shown < 60, `only the lines in view are on the page, not ${shown}`);
  assert.equal(await rows.first().getAttribute('aria-setsize'), String(N));
  assert.match(await viewer.textContent(), /S1, S2, S3 · quorum 2 · seed 42 · 50000 events over 50000 ms/);

  // End: the last line, highlighted and scrolled into view.
  const key = async (k) => {
    const t = await page.evaluate(() => performance.now());
    await page.keyboard.press(k);
    await painted(page);
    return (await page.evaluate(() => performance.now())) - t;
  };
  const end = await key('End');
  assert.match(await viewer.locator('.pg-viewer-where').textContent(), /^line 50,000 of 50,000 · step 50000 · 50000 ms/);
  assert.equal(await viewer.locator('.pg-viewer-now').textContent(), '1元/度 is chosen (ballot 1.S1, at 50000 ms)');
  const current = list.locator('li[aria-current="step"]');
  assert.equal(await current.count(), 1);
  assert.equal(await current.getAttribute('data-index'), String(N));
  assert.equal(await current.getAttribute('aria-posinset'), String(N));
  const inView = async () =>
    current.evaluate((li) => {
      const a = li.getBoundingClientRect();
      const b = li.closest('.pg-viewer-list').getBoundingClientRect();
      return a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
    });
  assert.ok(await inView(), 'the line shown is in view');
  assert.ok((await rows.count()) < 60);

  const home = await key('Home');
  assert.match(await viewer.locator('.pg-viewer-where').textContent(), /^the start · 50,000 lines/);
  assert.equal(await current.count(), 0);
  const right = await key('ArrowRight');
  assert.equal(await current.getAttribute('data-index'), '1');
  assert.ok(await inView());
  assert.equal(await viewer.locator('.pg-viewer-now').textContent(), 'S1 proposes 1元/度');
  console.log(`[figures] trace reader, ${N} lines: End ${end.toFixed(0)} ms, Home ${home.toFixed(0)} ms, → ${right.toFixed(0)} ms (key press to the next frame)`);

  // A click on a line far down goes to it.
  await list.evaluate(async (el) => {
    el.scrollTop = el.scrollHeight / 2;
    await new Promise((r) => requestAnimationFrame(() => r()));
  });
  const middle = list.locator('li').nth(5);
  const index = Number(await middle.getAttribute('data-index'));
  assert.ok(index > 20_000 && index < 30_000, `a line near the middle, not ${index}`);
  await middle.click();
  assert.match(await viewer.locator('.pg-viewer-where').textContent(), new RegExp(`^line ${index.toLocaleString('en-US')} of 50,000`));
  assert.equal(await current.getAttribute('data-index'), String(index));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the log holds every line of a long run, with only those in view on the page; the oldest is a click away from its moment', async () => {
  const { page, context, problems } = await open();
  // Two proposers that duel for ever (no backoff): a run as long as one likes.
  const step = await page.evaluate(async () => {
    const pg = window.paxosPlayground;
    pg.pause();
    await pg.load({
      format: 'paxos-scenario',
      version: 1,
      nodes: 3,
      network: { delay: [50, 50] },
      proposer: { backoff: 'none' },
      events: [
        { at: 0, propose: { node: 'S1', value: '1元/度' } },
        { at: 50, propose: { node: 'S2', value: '2元/度' } },
      ],
      until: 86_400_000,
    });
    while (pg.state().step < 3000) await pg.step(500);
    return pg.state().step;
  });
  const scroll = page.locator('.pg-log-scroll');
  const rows = page.locator('.pg-log-list li');
  await page.waitForFunction((n) => document.querySelector('.pg-log-list li')?.getAttribute('aria-setsize') === String(n), step);
  const shown = await rows.count();
  assert.ok(shown > 0 && shown < 60, `only the lines in view are on the page, not ${shown}`);
  assert.equal(await rows.first().getAttribute('data-step'), String(step), 'the newest line is on top');

  // Keyboard: End goes to the oldest line, scrolled into view; Enter goes to its moment.
  await rows.first().focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-posinset')), '2');
  await page.keyboard.press('End');
  const oldest = page.locator('.pg-log-list li:focus');
  assert.equal(await oldest.getAttribute('aria-posinset'), String(step));
  assert.equal(await oldest.getAttribute('data-step'), '1');
  assert.match(await oldest.textContent(), /S1 proposes 1元\/度/);
  assert.ok((await scroll.evaluate((el) => el.scrollTop)) > 0);
  assert.ok((await rows.count()) < 60);
  await page.keyboard.press('Enter');
  // The moment right after step 1: the end of the simulator's event that wrote it.
  await page.waitForFunction(() => window.paxosPlayground.history().position <= 1);
  const at = await page.evaluate(() => window.paxosPlayground.state().step);
  assert.ok(at >= 1 && at < 10, `at step ${at}`);

  // After going back the log holds the lines up to that moment only.
  await page.waitForFunction((n) => document.querySelector('.pg-log-list li')?.getAttribute('aria-setsize') === String(n), at);
  assert.equal(await rows.count(), at);
  assert.deepEqual(problems, []);
  await context.close();
});
