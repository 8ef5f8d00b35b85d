// End-to-end tests of the classroom's "Your node" panel: a student types a JavaScript node
// (docs/node-protocol.md) into the editor, runs it on the island in place of the
// playground's own, watches its violation happen there, checks it, sees a node that breaks
// the protocol named with its request, and shares a link that carries the code.
// Run: node --test www/e2e/ (after `npm run build`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, sharedBrowser } from './harness.mjs';

const open = sharedBrowser();

/** The reference node with one classic mistake: a quorum of one. */
const SMALL_QUORUM = fs
  .readFileSync(path.join(ROOT, 'examples', 'nodes', 'reference.js'), 'utf8')
  .replace('export const handle = paxos();', 'export const handle = paxos({ smallQuorum: true });');

/** Plays, unless the clock runs already. */
async function play(page) {
  const button = page.getByRole('button', { name: /^Play/ });
  if (await button.count()) await button.click();
}

/** Opens island-race, scrolls down to the Your node panel, types `code` and runs it. */
async function runNode(page, code) {
  await page.getByLabel('Open a scenario file').setInputFiles(path.join(ROOT, 'examples', 'scenarios', 'island-race.json'));
  await page.waitForFunction(() => window.paxosPlayground.state()?.nodes.length === 3);
  await page.locator('.site-classroom').scrollIntoViewIfNeeded();
  const panel = page.getByRole('region', { name: 'Your node' });
  await panel.getByLabel('Your node’s code').fill(code);
  await panel.getByRole('button', { name: 'Run on the island' }).click();
  return panel;
}

test('a. A node typed into the editor runs on the island, and its violation shows there', async () => {
  const { page, context, problems } = await open();
  const panel = await runNode(page, SMALL_QUORUM);
  await panel.getByRole('status').filter({ hasText: 'Your node runs on the island' }).waitFor();
  assert.equal(await page.evaluate(() => window.paxosPlayground.node() !== null), true);
  // Its state is the student's own, as it returned it.
  const disk = await page.evaluate(() => window.paxosPlayground.state().nodes[0].state?.disk);
  assert.match(disk, /"promised"/);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('16');
  await play(page);
  const violation = page.locator('.pg-banner-violation');
  await violation.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await violation.textContent(), /^Safety violated/);
  // The code stays in this browser.
  assert.equal(await page.evaluate(() => localStorage.getItem('paxos-playground:node')), SMALL_QUORUM);
  // Back to the playground's own node: the island runs correct Paxos again.
  await panel.getByRole('button', { name: 'Back to the playground’s node' }).click();
  await panel.getByRole('status').filter({ hasText: 'playground’s own node' }).waitFor();
  assert.equal(await page.evaluate(() => window.paxosPlayground.state().nodes[0].state), undefined);
  // The exercises load into the editor.
  await panel.getByRole('button', { name: 'exercise: find the bug in this node' }).click();
  assert.match(await panel.getByLabel('Your node’s code').inputValue(), /^\/\/ Exercise: find the bug in this node\./);
  assert.deepEqual(problems, []);
  await context.close();
});

test('b. The Check panel explores the student node, and its counterexample replays on the island', async () => {
  const { page, context, problems } = await open();
  const panel = await runNode(page, SMALL_QUORUM);
  await panel.getByRole('status').filter({ hasText: 'Your node runs on the island' }).waitFor();
  const check = page.getByRole('region', { name: 'Check' });
  await check.getByLabel('Max round').fill('1');
  await check.getByRole('button', { name: 'Check', exact: true }).click();
  const result = check.locator('.pg-check-result');
  await page.waitForFunction(() => /found|no violation|unreachable|limit|error/.test(document.querySelector('.pg-check-result')?.textContent ?? ''), null, { timeout: 60_000 });
  assert.match(await result.textContent(), /^found: .+ in \d+ moves?$/);
  await check.getByRole('button', { name: 'Load and replay' }).click();
  await page.waitForFunction(() => window.paxosPlayground.history()?.position === 0 && window.paxosPlayground.history().length > 0);
  const violation = page.locator('.pg-banner-violation');
  assert.equal(await violation.isHidden(), true, 'no violation at the start of the path');
  await page.evaluate(() => window.paxosPlayground.runUntilIdle());
  await violation.waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => window.paxosPlayground.node() !== null), true, 'still the student node');
  assert.deepEqual(problems, []);
  await context.close();
});

test('c. A node that throws is shown with the request that caused it', async () => {
  const { page, context } = await open();
  const code = [
    'export function handle(request) {',
    "  if (request.input.type === 'propose') throw new Error('TODO: propose');",
    '  return { state: { disk: null, memory: null } };',
    '}',
  ].join('\n');
  const panel = await runNode(page, code);
  await panel.getByRole('status').filter({ hasText: 'Your node runs on the island' }).waitFor();
  await play(page);
  const fault = panel.getByRole('alert');
  await fault.waitFor({ state: 'visible', timeout: 30_000 });
  const text = await fault.textContent();
  assert.match(text, /your handle threw Error: TODO: propose \(line 2, column \d+\)/);
  assert.match(text, /request: \{"node":"S\d","nodes":\["S1","S2","S3"\].*"input":\{"type":"propose"/);
  await context.close();
});

test('d. A share link carries the code, shows it and asks before running it', async () => {
  const { page, context } = await open();
  const panel = await runNode(page, SMALL_QUORUM);
  await panel.getByRole('status').filter({ hasText: 'Your node runs on the island' }).waitFor();
  const pause = page.getByRole('button', { name: /^Pause/ });
  if (await pause.count()) await pause.click();
  await page.evaluate(() => window.paxosPlayground.step(5));
  const at = await page.evaluate(() => window.paxosPlayground.history().position);
  const link = await page.evaluate(() => window.paxosPlayground.shareLink());
  const other = await open();
  await other.page.goto(link);
  const ask = other.page.getByRole('alertdialog');
  await ask.waitFor();
  assert.match(await ask.locator('pre').textContent(), /smallQuorum: true/);
  await ask.getByRole('button', { name: 'Run this code' }).click();
  await other.page.waitForFunction((at) => window.paxosPlayground.history()?.position === at, at);
  assert.equal(await other.page.evaluate(() => window.paxosPlayground.node()), SMALL_QUORUM);
  await other.context.close();
  await context.close();
});

test('e. A node whose code never finishes loading is stopped, and the playground’s node is back', async () => {
  const { page, context } = await open();
  const panel = await runNode(page, 'for (;;) {}\nexport function handle(request) { return request; }\n');
  const fault = panel.getByRole('alert');
  await fault.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await fault.textContent(), /your node did not finish loading within 10 s: does its code loop forever\?/);
  await panel.getByRole('status').filter({ hasText: 'playground’s own node' }).waitFor();
  assert.equal(await page.evaluate(() => window.paxosPlayground.node()), null);
  assert.equal(await page.evaluate(() => window.paxosPlayground.state().nodes.length), 3, 'the scenario is loaded again');
  await context.close();
});
