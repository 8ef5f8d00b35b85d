// Accessibility of both pages, in the light and the dark theme, checked with axe-core in
// headless Chromium: the playground after load, during a race (messages in flight), with a
// node's menu open, with the Check panel and an exercise open, the scenarios menu and the
// guided tour open, the trace reader open and the log scrolled, and the Multi-Paxos view
// while it plays. No serious or critical violation is allowed; the others are printed as
// figures. Run: node --test www/e2e/a11y.test.mjs (after `npm run build`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT, sharedBrowser } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const open = sharedBrowser();
const SCHEMES = ['light', 'dark'];

/** Runs axe on the page; returns its violations as plain data. */
async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
}

/** Asserts no serious or critical violation; prints every violation by impact. */
function report(name, violations) {
  const figures = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of violations) figures[v.impact ?? 'minor'] += v.nodes.length;
  console.log(`axe ${name}: ${JSON.stringify(figures)}`);
  for (const v of violations) {
    console.log(`  ${v.impact} ${v.id} (${v.nodes.length}): ${v.help}`);
    for (const n of v.nodes.slice(0, 4)) console.log(`    ${n.target}`);
  }
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.impact} ${v.id} (${v.nodes.length}): ${v.help}; first: ${v.nodes[0]?.target}: ${v.nodes[0]?.summary}`),
    [],
    `${name}: serious or critical violations`,
  );
}

async function openIn(scheme, options) {
  const r = await open(options);
  await r.page.emulateMedia({ colorScheme: scheme });
  // The theme applies on the next frame (the canvas redraws from the theme's colours).
  await r.page.evaluate(() => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res))));
  return r;
}

for (const scheme of SCHEMES) {
  test(`playground after load (${scheme})`, async () => {
    const { page, context, problems } = await openIn(scheme);
    assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), scheme === 'dark');
    report(`playground after load, ${scheme}`, await audit(page));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`playground during a race, messages in flight (${scheme})`, async () => {
    const { page, context, problems } = await openIn(scheme);
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('0.25');
    await page.getByRole('button', { name: 'Race', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('.pg-env').length >= 2);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    assert.ok((await page.locator('.pg-env').count()) >= 2, 'envelopes are on the island');
    report(`playground during a race, ${scheme}`, await audit(page));
    // And with a manual network: messages wait, outlined, in the In flight list.
    await page.getByRole('switch', { name: 'Manual network' }).check();
    await page.getByRole('button', { name: 'Race', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('.pg-env-wait').length >= 2);
    report(`playground, manual network, ${scheme}`, await audit(page));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`playground with a node's menu open, then the shortcuts dialog (${scheme})`, async () => {
    const { page, context, problems } = await openIn(scheme);
    const s1 = page.getByRole('button', { name: /^S1,/ });
    await s1.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    assert.ok((await page.getByRole('menuitem', { name: 'Crash S1' }).count()) === 1);
    report(`playground, node menu, ${scheme}`, await audit(page));
    // The shortcuts dialog, from the keyboard too.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await page.getByRole('dialog').waitFor();
    report(`playground, shortcuts dialog, ${scheme}`, await audit(page));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`playground with the Check panel and an exercise open (${scheme})`, async () => {
    const { page, context, problems } = await openIn(scheme);
    // Below the playground: its panels are built as a person scrolls down to them.
    await page.locator('.site-classroom').scrollIntoViewIfNeeded();
    const check = page.getByRole('region', { name: 'Check' });
    await check.getByLabel('Goal').selectOption('accepts');
    await check.getByRole('button', { name: 'Check', exact: true }).click();
    await page.waitForFunction(() => /found|no violation|unreachable|limit|error/.test(document.querySelector('.pg-check-result')?.textContent ?? ''), null, {
      timeout: 60_000,
    });
    const menu = page.getByRole('region', { name: 'Exercises' });
    await menu.locator('[data-exercise="five-survive-two"]').click();
    await page.waitForFunction(() => window.paxosPlayground.state()?.nodes.length === 5);
    await menu.getByRole('button', { name: 'Hint' }).click();
    await menu.locator('.pg-ex-teacher summary').click();
    report(`playground, Check and Exercises, ${scheme}`, await audit(page));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`the scenarios menu open, then the guided tour (${scheme})`, async () => {
    const { page, context, problems } = await openIn(scheme);
    await page.getByText('Scenarios', { exact: true }).click();
    await page.locator('.site-sc-panel').waitFor();
    report(`playground, scenarios menu, ${scheme}`, await audit(page));
    await page.getByText('Scenarios', { exact: true }).click();
    await page.getByRole('button', { name: 'Tour', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'How Paxos works' });
    await dialog.getByRole('button', { name: 'Next', exact: true }).click();
    await dialog.getByRole('button', { name: 'Next', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('dialog.site-tour')?.dataset.ready === 'true' && document.querySelector('dialog.site-tour')?.dataset.step === 'p2c', null, {
      timeout: 20_000,
    });
    report(`playground, guided tour, ${scheme}`, await audit(page));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`the trace reader open at a line, and the log scrolled (${scheme})`, async () => {
    const { page, context, problems } = await openIn(scheme);
    await page.getByLabel('Open a trace file').setInputFiles(path.join(ROOT, 'www', 'test', 'fixtures', 'island-race.jsonl'));
    const viewer = page.getByRole('dialog', { name: 'Trace: island-race.jsonl' });
    await viewer.waitFor();
    for (let i = 0; i < 5; i++) await viewer.getByRole('button', { name: 'Next line' }).click();
    report(`playground, trace reader, ${scheme}`, await audit(page));
    await viewer.getByRole('button', { name: 'Close' }).click();
    // The log of a finished race, scrolled half way down its lines.
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('16');
    await page.getByRole('button', { name: 'Race', exact: true }).click();
    await page.waitForFunction(() => window.paxosPlayground.state().chosen !== null);
    await page.locator('.pg-log-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    report(`playground, log scrolled, ${scheme}`, await audit(page));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`Multi-Paxos view while it plays (${scheme})`, async () => {
    const { page, context, problems } = await openIn(scheme, { query: 'multi.html?scenario=multi-leader-failover' });
    await page.evaluate(() => window.multiPlayground.ready);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForTimeout(400);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    report(`Multi-Paxos view, ${scheme}`, await audit(page));
    // Later: the leader is down (a dashed card), a new leader finishes its slots.
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.mp-card[data-role="down"]') && document.querySelector('.mp-card[data-role="leader"]'), null, {
      timeout: 30_000,
    });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    report(`Multi-Paxos view, leader down, ${scheme}`, await audit(page));
    assert.deepEqual(problems, []);
    await context.close();
  });
}
