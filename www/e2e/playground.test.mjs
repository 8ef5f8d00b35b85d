// End-to-end tests of the built site in headless Chromium, clicking like a person:
// race, crash a node mid-run, change the node count, export a trace and compare it byte
// for byte with the command line's, and show values as text. Run: node --test www/e2e/
// (after `npm run build`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, chosenBanner, nodeNames, sharedBrowser, waitForLogLine } from './harness.mjs';

const open = sharedBrowser();

async function setSpeed(page, x) {
  await page.getByRole('combobox', { name: 'Speed' }).selectOption(String(x));
}

test('a. Race: exactly one value is chosen, and the banner shows it', async () => {
  const { page, context, problems } = await open();
  await setSpeed(page, 8);
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  const banner = chosenBanner(page);
  await banner.waitFor({ timeout: 30_000 });
  assert.equal(await banner.locator('.pg-chosen-value').count(), 1);
  const shown = await banner.locator('.pg-chosen-value').textContent();
  const chosen = await page.evaluate(() => window.paxosPlayground.state().chosen);
  assert.ok(chosen, 'the simulator has chosen a value');
  assert.equal(shown, chosen.value);
  assert.ok(['1元/度', '2元/度'].includes(shown), `chosen value ${shown} is one of the proposals`);
  assert.match(await banner.textContent(), new RegExp(`ballot ${chosen.ballot.round}\\.${chosen.ballot.node}, at ${chosen.time} ms`));
  // The log says it too, in words.
  await waitForLogLine(page, `${shown} is chosen (ballot`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('b. Crash a node mid-run through its menu: it shows as down and a value is still chosen', async () => {
  const { page, context, problems } = await open();
  // At 0.25x a flight takes up to four seconds: crash S3 while the first messages are in the air.
  await setSpeed(page, 0.25);
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  await page.waitForFunction(() => window.paxosPlayground.state().now >= 5);
  await page.getByRole('button', { name: /^S3,/ }).click();
  await page.getByRole('menuitem', { name: 'Crash S3' }).click();
  const s3 = page.locator('svg .pg-node[data-node="S3"]');
  await page.waitForFunction(() => document.querySelector('.pg-node[data-node="S3"]')?.classList.contains('pg-down'));
  assert.match(await s3.getAttribute('aria-label'), /^S3, down/);
  assert.equal(await s3.locator('.pg-badge-text').textContent(), 'down');
  let state = await page.evaluate(() => window.paxosPlayground.state());
  assert.equal(state.chosen, null, 'the crash happened before anything was chosen');
  assert.deepEqual(state.nodes.map((n) => n.up), [true, true, false]);
  await setSpeed(page, 16);
  await chosenBanner(page).waitFor({ timeout: 60_000 });
  state = await page.evaluate(() => window.paxosPlayground.state());
  assert.ok(state.chosen);
  assert.equal(state.nodes.find((n) => n.name === 'S3').up, false);
  await waitForLogLine(page, 'S3 crashed');
  // And it can come back.
  await s3.click();
  await page.getByRole('menuitem', { name: 'Restart S3' }).click();
  await page.waitForFunction(() => !document.querySelector('.pg-node[data-node="S3"]')?.classList.contains('pg-down'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('c. The island has as many nodes as chosen: 5, then 7', async () => {
  const { page, context, problems } = await open();
  assert.equal((await nodeNames(page)).length, 3);
  for (const n of [5, 7]) {
    await page.getByRole('combobox', { name: 'Nodes' }).selectOption(String(n));
    await page.waitForFunction((n) => document.querySelectorAll('svg .pg-node').length === n, n);
    assert.deepEqual(await nodeNames(page), Array.from({ length: n }, (_, i) => `S${i + 1}`));
    assert.equal((await page.evaluate(() => window.paxosPlayground.state())).nodes.length, n);
    assert.equal(await page.getByRole('combobox', { name: 'Node', exact: true }).locator('option').count(), n);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('d. The exported trace is byte for byte the command line trace', async (t) => {
  const cli = path.join(ROOT, 'target', 'release', 'paxos-sim');
  if (!existsSync(cli)) {
    t.skip('target/release/paxos-sim is not built (cargo build --release -p paxos-cli)');
    return;
  }
  const file = path.join(ROOT, 'examples', 'scenarios', 'island-race.json');
  const run = spawnSync(cli, ['run', file, '--trace', '-'], { encoding: 'buffer' });
  assert.equal(run.status, 0, run.stderr.toString());
  const text = readFileSync(file, 'utf8');
  const until = JSON.parse(text).until;
  assert.equal(until, 10000);

  const { page, context, problems } = await open();
  await page.evaluate(async ({ text, until }) => {
    await window.paxosPlayground.load(text);
    await window.paxosPlayground.runUntilIdle(until);
  }, { text, until });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export trace' }).click()]);
  assert.equal(download.suggestedFilename(), 'paxos-trace.jsonl');
  const got = readFileSync(await download.path());
  assert.ok(got.length > 1000);
  assert.ok(got.equals(run.stdout), 'the exported trace equals paxos-sim run --trace -');
  // The API gives the same text.
  assert.equal(await page.evaluate(() => window.paxosPlayground.trace()), run.stdout.toString('utf8'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('values are text, and the simulator explains what it refuses', async () => {
  const { page, context, problems } = await open();
  const value = page.getByRole('textbox', { name: 'Value' });
  const html = '<img src=x onerror="window.__owned=1">';
  await value.fill(html);
  await page.getByRole('button', { name: 'Propose', exact: true }).click();
  await page.getByRole('log').getByText(`S1 proposes ${html}`).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.paxos-pg img').count(), 0);
  assert.equal(await page.evaluate(() => window.__owned), undefined);

  await value.fill('a'.repeat(300));
  await page.getByRole('button', { name: 'Propose', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'a value is at most 256 bytes of UTF-8; this one has 300 bytes' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('at most 16 nodes: more is refused with a message, from a link or from code, and the page goes on', async () => {
  // A link asking for 999 nodes: the default island, and why.
  const { page, context, problems } = await open({ query: '?nodes=999' });
  await page.getByRole('alert').filter({ hasText: 'nodes: 999 is out of range; allowed 1 to 16 in the playground' }).waitFor();
  assert.deepEqual(await nodeNames(page), ['S1', 'S2', 'S3']);
  const refusals = await page.evaluate(async () => {
    const pg = window.paxosPlayground;
    const refusal = (scenario) => pg.load(scenario).then(() => 'loaded', (e) => e.message);
    return {
      count: await refusal({ format: 'paxos-scenario', version: 1, nodes: 17 }),
      names: await refusal(JSON.stringify({ format: 'paxos-scenario', version: 1, nodes: Array.from({ length: 17 }, (_, i) => `N${i}`) })),
      after: pg.state().nodes.length,
    };
  });
  assert.equal(refusals.count, 'nodes: 17 is out of range; allowed 1 to 16 in the playground (paxos-sim run takes up to 999)');
  assert.equal(refusals.names, 'nodes: 17 is out of range; allowed 1 to 16 in the playground (paxos-sim run takes up to 999)');
  assert.equal(refusals.after, 3, 'a refused scenario changes nothing');
  // 16 is drawn, and works.
  await page.evaluate(() => window.paxosPlayground.load({ format: 'paxos-scenario', version: 1, nodes: 16 }));
  await page.waitForFunction(() => document.querySelectorAll('svg .pg-node').length === 16);
  await page.evaluate(() => window.paxosPlayground.propose('S16', 'x').then(() => window.paxosPlayground.runUntilChosen()));
  await chosenBanner(page).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard: a node menu opens with Enter and closes with Escape', async () => {
  const { page, context, problems } = await open();
  const s2 = page.getByRole('button', { name: /^S2,/ });
  await s2.focus();
  await page.keyboard.press('Enter');
  const crash = page.getByRole('menuitem', { name: 'Crash S2' });
  await crash.waitFor();
  assert.equal(await crash.evaluate((e) => e === document.activeElement), true);
  await page.keyboard.press('Escape');
  await crash.waitFor({ state: 'hidden' });
  assert.equal(await s2.evaluate((e) => e === document.activeElement), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('phone (390x844): the island comes first and nothing overflows sideways', async () => {
  const { page, context, problems } = await open({ width: 390, height: 844 });
  for (const n of [3, 5, 7]) {
    if (n !== 3) {
      await page.getByRole('combobox', { name: 'Nodes' }).selectOption(String(n));
      await page.waitForFunction((n) => document.querySelectorAll('svg .pg-node').length === n, n);
    }
    const { scroll, island, propose } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      island: document.querySelector('.pg-island').getBoundingClientRect().top,
      propose: document.querySelector('.pg-side').getBoundingClientRect().top,
    }));
    assert.ok(scroll <= 390, `page is ${scroll} px wide with ${n} nodes`);
    assert.ok(island < propose, 'the island is above the controls');
  }
  // A manual network with messages waiting, and a second branch of the timeline.
  await page.evaluate(async () => {
    const pg = window.paxosPlayground;
    await pg.setManual(true);
    await pg.propose('S1', '1元/度');
    const [a, b] = pg.state().inFlight.filter((f) => f.from !== f.to);
    await pg.deliver(a.id);
    await pg.back();
    await pg.deliver(b.id);
  });
  await page.getByText('branch 2 of 2').waitFor();
  await page.waitForTimeout(200);
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= 390, `page is ${scroll} px wide in a manual network with two branches`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a node menu cuts a node off the network and heals it', async () => {
  const { page, context, problems } = await open();
  await page.getByRole('button', { name: /^S1,/ }).click();
  await page.getByRole('menuitem', { name: 'Cut S1 off from the others' }).click();
  await page.waitForFunction(() => document.querySelectorAll('svg .pg-link.pg-cut').length === 2);
  assert.deepEqual((await page.evaluate(() => window.paxosPlayground.state())).partition, [['S1'], ['S2', 'S3']]);
  await page.getByRole('log').getByText('the network split into S1 | S2, S3').waitFor();
  await page.getByRole('button', { name: /^S2,/ }).click();
  await page.getByRole('menuitem', { name: 'Heal the network' }).click();
  await page.waitForFunction(() => document.querySelectorAll('svg .pg-link.pg-cut').length === 0);
  assert.equal((await page.evaluate(() => window.paxosPlayground.state())).partition, null);
  assert.deepEqual(problems, []);
  await context.close();
});
