// End-to-end tests of the scenarios menu and the guided tour (issue #7): the menu loads
// examples (the island and the scenario line change), opens an exercise, and links the
// Multi-Paxos examples to multi.html; the tour walks its 7 steps, each loading its prepared
// state (checked with paxosPlayground.state()), "Show me" on the P2c step ends with S2
// proposing the value it adopted; Esc closes it; both in Chinese.
// Run: node --test www/e2e/tour.test.mjs (after `npm run build`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeNames, sharedBrowser } from './harness.mjs';

const open = sharedBrowser();

const state = (page) => page.evaluate(() => window.paxosPlayground.state());
const node = (s, name) => s.nodes.find((n) => n.name === name);
const nowTitle = (page) => page.locator('.site-sc-now').getAttribute('data-title');

test('a. The scenarios menu loads examples, opens an exercise, and links the Multi-Paxos examples', async () => {
  const { page, context, problems } = await open({ width: 390, height: 844, reducedMotion: 'reduce' });
  try {
    const summary = page.getByText('Scenarios', { exact: true });
    await summary.focus();
    await page.keyboard.press('Enter');
    const menu = page.locator('.site-scenarios');
    assert.equal(await menu.evaluate((d) => d.open), true);
    // Its list comes with the first opening (fetched as the button got the focus).
    await page.locator('.site-sc-panel').waitFor();
    // Every non-multi example and every exercise is listed, each with a description.
    assert.equal(await page.locator('.site-sc-item[data-scenario]').count(), 15);
    assert.equal(await page.locator('.site-sc-item[data-exercise-menu]').count(), 10);
    assert.equal(await page.locator('.site-sc-item[data-multi]').count(), 6);
    for (const d of await page.locator('.site-sc-desc').allTextContents()) assert.ok(d.trim().length > 10, d);
    // Fits at 390 px: nothing sticks out to the right.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px too wide`);

    // 1: five nodes, two down.
    await page.getByRole('button', { name: '5 nodes, 2 crashed: still a quorum', exact: true }).click();
    await page.waitForFunction(() => window.paxosPlayground.state()?.nodes.length === 5);
    assert.equal(await nowTitle(page), '5 nodes, 2 crashed: still a quorum');
    assert.deepEqual(await nodeNames(page), ['S1', 'S2', 'S3', 'S4', 'S5']);
    assert.equal(await menu.evaluate((d) => d.open), false, 'the menu closes');

    // 2: the manual story, three nodes, keyboard only.
    await summary.focus();
    await page.keyboard.press('Enter');
    await page.locator('.site-sc-item[data-scenario="island-story-manual"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.paxosPlayground.state()?.nodes.length === 3 && window.paxosPlayground.state().network.mode === 'manual');
    assert.equal(await nowTitle(page), 'The island’s story, message by message'.replace('’', "'"));
    assert.match(await page.evaluate(() => window.paxosPlayground.scenario()), /island's story/);

    // An exercise opens in the Exercises panel.
    await summary.click();
    await page.locator('.site-sc-item[data-exercise-menu="five-survive-two"]').click();
    await page.locator('.pg-ex-title', { hasText: 'How many crashes do 5 survive?' }).waitFor();
    await page.waitForFunction(() => window.paxosPlayground.state()?.nodes.length === 5);
    assert.equal(await nowTitle(page), 'How many crashes do 5 survive?');

    // A Multi-Paxos example opens the Multi view with that scenario.
    await summary.click();
    const link = page.locator('.site-sc-item[data-multi="multi-two-leaders"]');
    assert.match(await link.getAttribute('href'), /multi\.html\?scenario=multi-two-leaders$/);
    await link.click();
    await page.waitForURL(/multi\.html\?scenario=multi-two-leaders/);
    await page.waitForFunction(() => window.multiPlayground && performance.getEntriesByName('paxos:interactive').length > 0, null, { timeout: 20_000 });
    assert.equal(await page.locator('select[id^="mp-scenario"]').inputValue(), 'multi-two-leaders');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** Waits until the tour's step `id` is prepared. */
async function stepReady(page, id) {
  await page.waitForFunction((want) => {
    const d = document.querySelector('dialog.site-tour');
    return d?.dataset.step === want && d.dataset.ready === 'true';
  }, id, { timeout: 20_000 });
}

test('b. The tour: seven steps, each with its prepared state; Show me; Esc closes it', async () => {
  const { page, context, problems } = await open({ reducedMotion: 'reduce' });
  try {
    const tourBtn = page.getByRole('button', { name: 'Tour', exact: true });
    await tourBtn.click();
    const dialog = page.getByRole('dialog', { name: 'How Paxos works' });
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H2', 'focus moves into the tour');
    assert.equal(await dialog.locator('[aria-live="polite"]').count(), 1);
    const next = dialog.getByRole('button', { name: 'Next', exact: true });

    // 1. One proposer: S1 is preparing; Show me runs until everyone learned 1元/度.
    await stepReady(page, 'one-proposer');
    assert.match(await dialog.textContent(), /Step 1 of 7/);
    let s = await state(page);
    assert.equal(node(s, 'S1').proposer.phase, 'preparing');
    assert.equal(s.chosen, null);
    await dialog.getByRole('button', { name: 'Show me', exact: true }).click();
    await page.waitForFunction(() => window.paxosPlayground.state().chosen?.value === '1元/度', null, { timeout: 30_000 });

    // 2. The race: both propose.
    await next.click();
    await stepReady(page, 'race');
    s = await state(page);
    assert.notEqual(node(s, 'S1').proposer.phase, 'idle');
    assert.notEqual(node(s, 'S2').proposer.phase, 'idle');
    assert.equal(s.chosen, null);

    // 3. P2c: 1元/度 is chosen; S3's promise to S2 reports the vote; Show me: S2 proposes 1元/度.
    await next.click();
    await stepReady(page, 'p2c');
    s = await state(page);
    assert.equal(s.network.mode, 'manual');
    assert.equal(s.chosen?.value, '1元/度');
    const promise = s.inFlight.find((f) => f.from === 'S3' && f.to === 'S2' && f.msg.type === 'promise');
    assert.deepEqual(promise?.msg.accepted, { ballot: { round: 1, node: 'S1' }, value: '1元/度' });
    assert.equal(node(s, 'S2').proposer.phase, 'preparing');
    await dialog.getByRole('button', { name: 'Show me', exact: true }).click();
    await page.waitForFunction(() => window.paxosPlayground.state().nodes[1].proposer.phase === 'accepting', null, { timeout: 20_000 });
    s = await state(page);
    assert.equal(node(s, 'S2').proposer.proposal, '1元/度', 'S2 proposes the adopted value');
    assert.equal(node(s, 'S2').proposer.value, '2元/度', 'its own value was 2元/度');
    assert.ok(s.inFlight.some((f) => f.from === 'S2' && f.msg.type === 'accept' && f.msg.value === '1元/度'));

    // 4. A crashed acceptor: S3 is down after promising; still a majority.
    await next.click();
    await stepReady(page, 'crash');
    s = await state(page);
    assert.equal(node(s, 'S3').up, false);
    assert.deepEqual(node(s, 'S3').promised, { round: 1, node: 'S1' });
    assert.equal(s.chosen, null);

    // 5. The livelock: both duel, no backoff.
    await next.click();
    await stepReady(page, 'livelock');
    s = await state(page);
    assert.notEqual(node(s, 'S2').proposer.phase, 'idle');
    assert.match(await page.evaluate(() => window.paxosPlayground.scenario()), /"backoff": "none"/);

    // 6. Randomized backoff: Show me ends with a value chosen.
    await next.click();
    await stepReady(page, 'backoff');
    assert.match(await page.evaluate(() => window.paxosPlayground.scenario()), /"backoff": "random"/);
    assert.equal((await state(page)).chosen, null);
    await dialog.getByRole('button', { name: 'Show me', exact: true }).click();
    await page.waitForFunction(() => window.paxosPlayground.state().chosen !== null, null, { timeout: 30_000 });

    // 7. The leader: the duel is over, and a link to the Multi-Paxos view.
    await next.click();
    await stepReady(page, 'leader');
    assert.match(await dialog.textContent(), /Step 7 of 7/);
    assert.equal((await state(page)).chosen?.value, '2元/度');
    assert.match(await dialog.getByRole('link', { name: 'Open the Multi-Paxos view' }).getAttribute('href'), /multi\.html\?scenario=multi-leader-failover/);
    await dialog.getByRole('button', { name: 'Finish', exact: true }).waitFor();

    // Back works; Esc closes and focus returns to the Tour button.
    await dialog.getByRole('button', { name: 'Back', exact: true }).click();
    await stepReady(page, 'backoff');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog.site-tour').open);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Tour');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('c. The menu and the tour in Chinese', async () => {
  const { page, context, problems } = await open({ locale: 'zh-CN', reducedMotion: 'reduce' });
  try {
    await page.getByText('场景', { exact: true }).click();
    await page.getByRole('button', { name: '5 个节点，2 个崩溃：仍有多数派', exact: true }).waitFor();
    await page.getByRole('button', { name: '健忘的接受者', exact: true }).first().waitFor();
    await page.getByRole('link', { name: 'Multi-Paxos：同时两个领导者，仍然只有一个日志', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Paxos 岛的电价', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.site-sc-now')?.textContent === '场景：Paxos 岛的电价');

    await page.getByRole('button', { name: '导览', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Paxos 是怎样工作的' });
    await stepReady(page, 'one-proposer');
    assert.match(await dialog.textContent(), /第 1 步，共 7 步/);
    await dialog.getByRole('button', { name: '下一步', exact: true }).click();
    await dialog.getByRole('button', { name: '下一步', exact: true }).click();
    await stepReady(page, 'p2c');
    assert.match(await dialog.textContent(), /为什么提议者要采用已接受的值/);
    await dialog.getByRole('button', { name: '演示给我看', exact: true }).waitFor();
    // The Exercises panel in Chinese, below the playground (built as a person scrolls to it).
    await page.keyboard.press('Escape');
    await page.locator('.site-classroom').scrollIntoViewIfNeeded();
    await page.locator('.pg-exercises button[data-exercise="amnesia"]').click();
    await page.locator('.pg-ex-task', { hasText: '这些接受者重启时会忘记' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
