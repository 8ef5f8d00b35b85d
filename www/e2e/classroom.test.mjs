// End-to-end tests of the classroom below the playground: the Check panel (model checker,
// Load and replay) and the Exercises menu (goal, congratulation, done mark that persists).
// Run: node --test www/e2e/ (after `npm run build`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, sharedBrowser } from './harness.mjs';

const open = sharedBrowser();

/** Scrolls down to the classroom, as a person would: its panels are built as it comes near. */
const scrollToClassroom = (page) => page.locator('.site-classroom').scrollIntoViewIfNeeded();

test('a. Check a broken cluster from the start, load the path found and step it to the violation', async () => {
  const { page, context, problems } = await open();
  await page.getByLabel('Open a scenario file').setInputFiles(path.join(ROOT, 'examples', 'scenarios', 'broken-1-ignore-promised-values.json'));
  await page.waitForFunction(() => window.paxosPlayground.state()?.broken.length > 0);
  await scrollToClassroom(page);
  const check = page.getByRole('region', { name: 'Check' });
  await check.getByLabel('Goal').selectOption('violation');
  await check.getByRole('button', { name: 'Check', exact: true }).click();
  const result = check.locator('.pg-check-result');
  await page.waitForFunction(() => /found|no violation|unreachable|limit|error/.test(document.querySelector('.pg-check-result')?.textContent ?? ''), null, { timeout: 60_000 });
  assert.match(await result.textContent(), /^found: .+ in \d+ moves?$/);
  assert.match(await check.locator('.pg-check-progress').textContent(), /explored, .* distinct, depth \d+, .* states\/s/);
  const moves = Number((await result.textContent()).match(/in (\d+) move/)[1]);
  await check.getByRole('button', { name: 'Load and replay' }).click();
  await page.waitForFunction(() => window.paxosPlayground.history()?.position === 0 && window.paxosPlayground.history().length > 0);
  const length = await page.evaluate(() => window.paxosPlayground.history().length);
  assert.ok(length >= moves, `the timeline holds the path (${length} >= ${moves})`);
  const violation = page.locator('.pg-banner-violation');
  assert.equal(await violation.isHidden(), true, 'no violation at the start of the path');
  const step = page.getByRole('button', { name: 'Step', exact: true });
  for (let i = 0; i < length; i++) {
    await step.click();
    await page.waitForFunction((p) => window.paxosPlayground.history().position >= p, i + 1);
  }
  await violation.waitFor({ state: 'visible' });
  assert.ok((await page.evaluate(() => window.paxosPlayground.state().violations.length)) > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a2. Spec mode reports the same figures as TLC', async () => {
  const { page, context, problems } = await open();
  await scrollToClassroom(page);
  await page.getByRole('button', { name: 'Spec mode (Paxos.tla)' }).click();
  await page.locator('.pg-check-spec', { hasText: 'TLC' }).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.pg-check-spec').textContent(), '3,921 distinct states, 23,563 generated, depth 17 — the same as TLC');
  assert.deepEqual(problems, []);
  await context.close();
});

test('b. Solve "five-survive-two" from the menu; the done mark stays after a reload', async () => {
  const { page, context, problems } = await open();
  await scrollToClassroom(page);
  const menu = page.getByRole('region', { name: 'Exercises' });
  await page.locator('.site-classroom .pg-exercises').waitFor(); // not its place, named the same
  assert.equal(await menu.locator('.pg-ex-list li').count(), 10);
  const item = menu.locator('li', { has: page.locator('[data-exercise="five-survive-two"]') });
  assert.equal(await item.locator('.pg-ex-done').textContent(), '');
  await menu.locator('[data-exercise="five-survive-two"]').click();
  await page.waitForFunction(() => window.paxosPlayground.state()?.nodes.length === 5);
  await menu.getByText('In a cluster of 5').waitFor();
  await menu.getByRole('button', { name: 'Hint' }).click();
  await menu.getByText('A value is chosen when a majority').waitFor();
  for (const n of ['S4', 'S5']) {
    await page.getByRole('button', { name: new RegExp(`^${n},`) }).click();
    await page.getByRole('menuitem', { name: `Crash ${n}` }).click();
    await page.waitForFunction((n) => window.paxosPlayground.state().nodes.find((x) => x.name === n)?.up === false, n);
  }
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('16');
  await page.getByRole('button', { name: /^Play/ }).click();
  await menu.locator('.pg-ex-congrats').waitFor({ state: 'visible', timeout: 60_000 });
  assert.equal(await item.locator('.pg-ex-done').textContent(), '✓');
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('paxos:interactive').length > 0, null, { timeout: 20_000 });
  await scrollToClassroom(page);
  const again = page.getByRole('region', { name: 'Exercises' }).locator('li', { has: page.locator('[data-exercise="five-survive-two"]') });
  assert.equal(await again.locator('.pg-ex-done').textContent(), '✓');
  assert.deepEqual(problems, []);
  await context.close();
});
