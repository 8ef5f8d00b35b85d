// End-to-end tests of the worker's switches between builds: the page starts with the
// lighter wasm, fetches the laboratory's (time travel, the manual network, partitions and
// links, scripted scenarios) when the lighter one answers `later`, and the classroom one
// (exercises, model checker) only when a check is asked for. A switch replays the session,
// so the timeline, the trace and the state are exactly what they were.
// Run: node --test www/e2e/ (after `npm run build`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser } from './harness.mjs';

const open = sharedBrowser();

test('the first Back fetches the laboratory build once; the race goes on from exactly where it was', async () => {
  const { page, context, problems } = await open();
  const wasm = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(r.url().split('/').pop()));
  const pg = (f, ...a) => page.evaluate(f, ...a);
  // The state and timeline only: writing the trace out is the laboratory build's too.
  const now = () => pg(() => ({ history: window.paxosPlayground.history(), state: window.paxosPlayground.state() }));
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  await pg(() => window.paxosPlayground.pause());
  await pg(() => window.paxosPlayground.step(12));
  const before = await now();
  assert.ok(before.history.position >= 12, `at ${before.history.position}`);
  assert.deepEqual(wasm, [], 'nothing more than the first build (fetched with the page)');

  const t0 = Date.now();
  await page.getByRole('button', { name: /Back/ }).click();
  await page.waitForFunction((p) => window.paxosPlayground.history().position < p, before.history.position);
  console.log(`[figures] the first Back, fetching the laboratory's build and replaying ${before.history.position} moments into it: ${Date.now() - t0} ms from the click`);
  assert.deepEqual(wasm.map((n) => n.replace(/-.*/, '')), ['paxos_lab_bg'], 'the laboratory build, once');
  const back = await now();
  const backTrace = await pg(() => window.paxosPlayground.trace());
  assert.equal(back.history.length, before.history.length, 'the same timeline, one moment back');
  assert.ok(back.state.step < before.state.step, 'an earlier step');
  // Forward again to where it was: the same state and timeline, byte for byte, and the trace
  // goes on from the earlier moment's.
  await pg((n) => window.paxosPlayground.seek(n), before.history.length);
  const again = await now();
  const againTrace = await pg(() => window.paxosPlayground.trace());
  assert.deepEqual(again.state, before.state);
  assert.deepEqual(again.history, before.history);
  assert.ok(againTrace.startsWith(backTrace), 'the same trace up to the earlier moment');
  assert.equal(againTrace.trim().split('\n').length, 1 + before.state.step, 'a header and every step');
  // The rest of the laboratory answers from the same build: no third fetch.
  await page.keyboard.press('m');
  await page.waitForFunction(() => window.paxosPlayground.state().network.mode === 'manual');
  await pg(() => window.paxosPlayground.partition([['S1']]));
  assert.equal(wasm.length, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('checking from here after stepping, going back and branching keeps the same timeline, trace and state', async () => {
  const { page, context, problems } = await open();
  const wasm = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(r.url().split('/').pop()));
  const pg = (f, ...a) => page.evaluate(f, ...a);
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  await pg(() => window.paxosPlayground.step(12));
  await page.getByRole('button', { name: /Back/ }).click();
  await pg(() => window.paxosPlayground.back(3));
  // Something new in the past: a second branch.
  await pg(() => window.paxosPlayground.crash('S3'));
  await pg(() => window.paxosPlayground.step(2));
  await pg(() => window.paxosPlayground.seek(4));
  const before = await pg(async () => ({ trace: await window.paxosPlayground.trace(), history: window.paxosPlayground.history(), state: window.paxosPlayground.state() }));
  assert.equal(before.history.branches.length, 2, 'two branches');
  assert.deepEqual(wasm.filter((n) => n.includes('classroom')), [], 'the classroom build is not fetched before it is needed');

  await page.locator('.site-classroom').scrollIntoViewIfNeeded();
  const check = page.getByRole('region', { name: 'Check' });
  await check.locator('select').first().selectOption('here');
  await check.getByLabel('Goal').selectOption('violation');
  await check.getByRole('button', { name: 'Check', exact: true }).click();
  await page.waitForFunction(() => /found|no violation|unreachable|limit|error/.test(document.querySelector('.pg-check-result')?.textContent ?? ''), null, { timeout: 60_000 });
  assert.doesNotMatch(await check.locator('.pg-check-result').textContent(), /error/);
  assert.equal(wasm.filter((n) => n.includes('classroom')).length, 1, 'the classroom build is fetched once, for the check');

  const after = await pg(async () => ({ trace: await window.paxosPlayground.trace(), history: window.paxosPlayground.history(), state: window.paxosPlayground.state() }));
  assert.equal(after.trace, before.trace, 'the same trace, byte for byte');
  assert.deepEqual(after.history, before.history, 'the same timeline');
  assert.deepEqual(after.state, before.state, 'the same state');
  // And it goes on from there: redo the rest of the branch.
  await pg(() => window.paxosPlayground.seek(window.paxosPlayground.history().length));
  assert.equal(await pg(() => window.paxosPlayground.history().position), before.history.length);
  assert.deepEqual(problems, []);
  await context.close();
});
