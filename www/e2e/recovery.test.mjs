// End-to-end tests of what a reader cannot break for good, in headless Chromium: a
// simulator that traps or hangs mid-race is replaced, and the page comes back at the same
// moment of the same timeline (trace, position, branches), says so, and works; a long share
// link shows its progress and stops where it has come; the seed field refuses what the
// simulator cannot take. The trap and the hang are made in the worker from outside (a
// wasm RuntimeError, or a loop, where the worker reads the simulator's answer): the page has
// no hook for them. Run: node --test www/e2e/recovery.test.mjs (after a build).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, sharedBrowser } from './harness.mjs';

const open = sharedBrowser();
const SHOTS = process.env.SHOTS_DIR;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

const pg = (page, f, arg) => page.evaluate(f, arg);
const stateOf = (page) =>
  pg(page, async () => {
    const p = window.paxosPlayground;
    return { trace: await p.trace(), history: p.history(), state: p.state(), lines: p.lines().length };
  });

/** The worker's next reading of a simulator answer fails as a wasm trap does, or never ends. */
async function breakWorker(page, how) {
  const workers = page.workers();
  assert.equal(workers.length, 1, 'one simulator worker');
  await workers[0].evaluate((how) => {
    const parse = JSON.parse;
    JSON.parse = function () {
      JSON.parse = parse;
      if (how === 'hang') for (;;);
      throw new WebAssembly.RuntimeError('unreachable');
    };
  }, how);
  return workers[0];
}

/** Mid-race on a manual network, with a second branch: the timeline to keep. */
async function midRace(page) {
  await pg(page, async () => {
    const p = window.paxosPlayground;
    p.setSpeed(0.25);
    await p.propose('S1', '1元/度');
    await p.propose('S2', '2元/度');
    p.play();
  });
  await page.waitForFunction(() => window.paxosPlayground.state().now >= 5);
  await pg(page, async () => {
    const p = window.paxosPlayground;
    await p.setManual(true);
    const [f] = p.state().inFlight.filter((m) => m.from !== m.to);
    await p.deliver(f.id);
    await p.back();
    await p.drop(f.id);
  });
  const { history } = await stateOf(page);
  assert.equal(history.branches.length, 2);
}

test('a simulator that traps mid-race is replaced: same trace, same timeline, a plain message, and it works', async () => {
  const { page, context, problems } = await open();
  await midRace(page);
  const before = await stateOf(page);
  const old = await breakWorker(page, 'trap');
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  // The request it failed on: refused in plain words, not "unreachable" or "recursive use".
  await page.getByRole('alert').filter({ hasText: 'the simulator failed on this request and was restarted; the request was not carried out' }).waitFor();
  const notice = page.getByRole('alert').filter({ hasText: 'a new one took its place with your session as it was' });
  await notice.waitFor();
  const ms = Date.now() - t0;
  console.log(`[figures] recovery from a trap mid-race (${before.history.length} moments, 2 branches): ${ms} ms from the click to the message`);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/recovered.png` });
  assert.ok(!page.workers().includes(old), 'the old worker is gone');
  const after = await stateOf(page);
  assert.deepEqual(after, before);
  assert.doesNotMatch(await page.locator('body').textContent(), /unreachable|recursive use/);
  // It works: the race goes on to a chosen value.
  const chosen = await pg(page, async () => {
    const p = window.paxosPlayground;
    await p.setManual(false);
    return (await p.runUntilChosen()).chosen;
  });
  assert.ok(chosen);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a simulator that does not answer for 10 s is replaced the same way', async () => {
  const { page, context, problems } = await open();
  await midRace(page);
  const before = await stateOf(page);
  await breakWorker(page, 'hang');
  const t0 = Date.now();
  const refused = await pg(page, () => window.paxosPlayground.step().then(() => 'answered', (e) => e.message));
  assert.match(refused, /^the simulator failed on this request .* the request was not carried out$/);
  const waited = Date.now() - t0;
  assert.ok(waited >= 9_900 && waited < 20_000, `replaced after ${waited} ms`);
  await page.getByRole('alert').filter({ hasText: 'a new one took its place with your session as it was' }).waitFor();
  assert.deepEqual(await stateOf(page), before);
  assert.ok((await pg(page, () => window.paxosPlayground.step())).step > before.state.step);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Stop here during a long recovery leaves the page at the moment the replay reached, drawn afresh, and working', async () => {
  const { page, context, problems } = await open();
  // Few requests, each one long to replay: 8 steps of 40,000 events of duelling proposers.
  const duel = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'scenarios', 'duel-livelock.json'), 'utf8'));
  await pg(page, async (text) => {
    const p = window.paxosPlayground;
    p.pause();
    await p.load(text);
    for (let i = 0; i < 8; i++) await p.step(40_000);
  }, JSON.stringify({ ...duel, until: 86_400_000 }));
  await breakWorker(page, 'trap');
  const refused = pg(page, () => window.paxosPlayground.step().then(() => 'answered', (e) => e.message));
  const notice = page.getByRole('alert').filter({ hasText: 'a new one is replaying your session' });
  await notice.getByRole('button', { name: 'Stop here' }).click();
  assert.match(await refused, /^the simulator failed on this request/);
  const said = await page.getByRole('alert').filter({ hasText: 'Its replay of your session stopped after' }).textContent();
  const done = Number(said.match(/stopped after (\d+) of 9 requests/)[1]);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/recovery-stopped.png` });
  assert.ok(done >= 1 && done < 9, `stopped after ${done} requests`);
  // The page shows what the simulator holds: the load and done - 1 steps of 40,000 events.
  await page.waitForFunction((n) => window.paxosPlayground.history().length === n, (done - 1) * 40_000);
  const { history, state, lines, trace } = await stateOf(page);
  assert.equal(history.position, history.length);
  assert.equal(lines, trace.trimEnd().split('\n').length - 1);
  assert.equal(state.step, JSON.parse(trace.trimEnd().split('\n').at(-1)).step);
  assert.ok((await pg(page, () => window.paxosPlayground.step())).step > state.step, 'it works on');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the recovery says what happened in Chinese too', async () => {
  const { page, context, problems } = await open({ query: '?lang=zh', locale: 'zh-CN' });
  await midRace(page);
  await breakWorker(page, 'trap');
  await pg(page, () => window.paxosPlayground.step().catch(() => {}));
  await page.getByRole('alert').filter({ hasText: '一个新的模拟器接替了它，你的会话原样恢复' }).waitFor();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/recovered-zh.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

/** A share fragment of `recording`, made the way docs/sharing.md says. */
async function fragmentOf(recording) {
  const s = new Blob([new TextEncoder().encode(JSON.stringify(recording))]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = Buffer.from(await new Response(s).arrayBuffer());
  return `#s=1.${bytes.length}.${bytes.toString('base64url')}`;
}

test('a long share link shows its progress, and Stop here leaves the page at the moment reached, working', async () => {
  const { page, context, problems } = await open();
  // Duelling proposers that never stop, one event per request: long to replay.
  const duel = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'scenarios', 'duel-livelock.json'), 'utf8'));
  const scenario = JSON.stringify({ ...duel, until: 86_400_000 });
  const requests = Array.from({ length: 40_002 }, () => ({ type: 'step' }));
  const fragment = await fragmentOf({ scenario, seed: 7, requests, at: { position: 1, length: 1, branch: 0, step: 1, now: 1 } });
  const opened = pg(page, (f) => window.paxosPlayground.openLink(f).then(() => 'opened', (e) => e.message), fragment);
  const progress = page.getByRole('status').filter({ hasText: /Opening the link: [\d,]+ of 40,002 requests replayed/ });
  await progress.waitFor();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/link-progress.png` });
  await progress.getByRole('button', { name: 'Stop here' }).click();
  assert.equal(await opened, 'opened');
  const said = await page.getByRole('status').filter({ hasText: 'Stopped opening the link after' }).textContent();
  const done = Number(said.match(/after ([\d,]+) of its 40,002 requests/)[1].replaceAll(',', ''));
  assert.ok(done > 2 && done < 40_002, `stopped after ${done} requests`);
  const { history, state, lines, trace } = await stateOf(page);
  // Each step is one event, one moment: the page stands where the simulator does.
  assert.equal(history.position, done);
  assert.equal(history.length, done);
  assert.equal(lines, trace.trimEnd().split('\n').length - 1, 'the page holds the trace so far (after its header)');
  assert.equal(await progress.count(), 0, 'the progress is gone');
  assert.ok((await pg(page, () => window.paxosPlayground.step())).step > state.step, 'it works on');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the seed field refuses 1e400, -5 and 2^53 + 1 with a message, and changes nothing', async () => {
  const { page, context, problems } = await open();
  await pg(page, () => window.paxosPlayground.step(3));
  const before = await stateOf(page);
  const seed = page.getByRole('spinbutton', { name: 'Seed' });
  for (const text of ['1e400', '-5', '9007199254740993', '']) {
    await seed.fill(text);
    await seed.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'A seed is a whole number from 0 to 9007199254740991; the island is unchanged.' }).waitFor();
    assert.equal(await seed.getAttribute('aria-invalid'), 'true', text);
    assert.deepEqual(await stateOf(page), before, `${text} changed nothing`);
  }
  await seed.fill('7');
  await seed.press('Enter');
  await page.waitForFunction(() => JSON.parse(window.paxosPlayground.scenario()).seed === 7);
  assert.equal(await page.getByRole('alert').filter({ hasText: 'A seed is' }).count(), 0);
  assert.equal(await seed.getAttribute('aria-invalid'), 'false');
  assert.deepEqual(problems, []);
  await context.close();
});
