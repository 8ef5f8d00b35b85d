// End-to-end tests of the parts fetched on first use (lazy.ts): a slow or failed fetch
// never loses a click silently, and a later use tries again. The chunks are delayed or
// refused with page.route. Run: node --test www/e2e/ (after `npm run build`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser } from './harness.mjs';

const open = sharedBrowser();

/** Refuses the fetches of URLs matching `re` while down, then lets them through after `delay` ms. */
async function flaky(page, re, { down = false, delay = 0 } = {}) {
  // Down: every request fails until `up()` (a chunk may be asked for twice, preloaded then
  // imported: Vite's preload helper and the import each try).
  const link = { down, up: () => (link.down = false) };
  await page.route(re, async (route) => {
    if (link.down) return route.abort();
    if (delay) await new Promise((r) => setTimeout(r, delay));
    return route.continue();
  });
  return link;
}

test('a Tour that cannot be fetched says so, and the next press opens it', async () => {
  let link;
  const { page, context } = await open({ beforeGoto: async (p) => (link = await flaky(p, /\/assets\/tour-[\w-]+\.js$/, { down: true })) });
  const tour = page.getByRole('button', { name: 'Tour' });
  await tour.dispatchEvent('click'); // a click without the pointer's prefetch
  const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await alert.waitFor();
  assert.equal(await alert.textContent(), 'This part of the page could not be loaded. Check the connection and try again.');
  assert.equal(await tour.getAttribute('aria-busy'), null, 'no longer busy');
  link.up();
  await tour.dispatchEvent('click');
  await page.getByRole('dialog').filter({ hasText: 'Step 1' }).waitFor();
  await context.close();
});

test('pressing Tour again while it is on its way does not close it', async () => {
  const { page, context, problems } = await open({ beforeGoto: (p) => flaky(p, /\/assets\/tour-[\w-]+\.js$/, { delay: 800 }) });
  const tour = page.getByRole('button', { name: 'Tour' });
  await tour.click();
  assert.equal(await tour.getAttribute('aria-busy'), 'true');
  await tour.click();
  await page.getByRole('dialog').filter({ hasText: 'Step 1' }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.getByRole('dialog').filter({ hasText: 'Step 1' }).isVisible(), true, 'still open');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the classroom comes back when scrolled near again after a failed fetch', async () => {
  // A short window, so that the classroom starts out of reach.
  let link;
  const { page, context } = await open({ height: 500, beforeGoto: async (p) => (link = await flaky(p, /\/assets\/check-[\w-]+\.js$/, { down: true })) });
  // Until then, its places are named regions (landmarks), busy.
  assert.equal(await page.locator('.site-classroom > .pg-later[aria-busy="true"]').count(), 2, 'not fetched before it comes near');
  assert.equal(await page.getByRole('region', { name: 'Check' }).count(), 1);
  await page.locator('.site-classroom').scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.site-classroom > .pg-later').count(), 2, 'nothing: the fetch failed, and is not retried in a loop while in view');
  link.up();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  await page.locator('.site-classroom').scrollIntoViewIfNeeded();
  await page.locator('.site-classroom .pg-check').waitFor();
  assert.equal(await page.locator('.site-classroom > .pg-later').count(), 0);
  await context.close();
});

test('an exercise still on its way does not replace a scenario picked after it', async () => {
  const { page, context, problems } = await open({ beforeGoto: (p) => flaky(p, /\/assets\/check-[\w-]+\.js$/, { delay: 1500 }) });
  const menu = page.locator('.site-scenarios');
  await menu.locator('summary').click();
  await menu.locator('[data-exercise-menu]').first().click();
  await menu.locator('summary').click();
  await menu.locator('[data-scenario="lossy-network"]').click();
  await page.waitForFunction(() => /lossy network/i.test(document.querySelector('.site-sc-now')?.textContent ?? ''));
  await page.locator('.site-classroom .pg-exercises').waitFor({ timeout: 5000 }); // the classroom arrived meanwhile
  await page.waitForTimeout(500);
  assert.match(await page.locator('.site-sc-now').textContent(), /lossy network/i, 'the later pick stands');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the diagram, the inspector and the faults panel come after the island: when near, or at once for Inspect and the I key', async () => {
  const fetched = [];
  const { page, context, problems } = await open({
    width: 390,
    height: 844,
    beforeGoto: (p) => p.on('request', (r) => fetched.push(new URL(r.url()).pathname)),
  });
  const panels = () => fetched.filter((p) => /\/assets\/panels-[\w-]+\.js$/.test(p)).length;
  await page.waitForTimeout(300);
  assert.equal(panels(), 0, 'a phone does not fetch them before they come near');
  assert.equal(await page.locator('.pg-diagram').count(), 0);
  // The I key fetches them at once, and goes to the next node, as it always did: S1, then S2.
  await page.keyboard.press('i');
  await page.getByRole('region', { name: 'Node inspector' }).waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'Node to inspect' }).inputValue(), 'S2');
  // Inspect from a node's menu inspects that node.
  await page.locator('.pg-node', { hasText: 'S3' }).first().click();
  await page.getByRole('menuitem', { name: 'Inspect S3' }).click();
  await page.waitForFunction(() => document.querySelector('.pg-inspector select')?.value === 'S3');
  assert.equal(panels(), 1);
  // Their places kept a size, and the faults panel is there too, enabled.
  await page.getByRole('button', { name: 'Heal' }).waitFor();
  assert.equal(await page.locator('.pg-lower > .pg-later, .pg-settings > .pg-later').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('keys pressed while the shortcuts dialog is on its way do not act on the playground', async () => {
  const { page, context, problems } = await open({ beforeGoto: (p) => flaky(p, /\/assets\/help-[\w-]+\.js$/, { delay: 800 }) });
  // Something to step through, paused (the clock moves nothing).
  await page.evaluate(async () => {
    window.paxosPlayground.pause();
    await window.paxosPlayground.propose('S1', 'x');
  });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const position = () => page.evaluate(() => window.paxosPlayground.history().position);
  const before = await position();
  await page.keyboard.press('?');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const dialog = page.getByRole('dialog').filter({ hasText: 'Keyboard shortcuts' });
  await dialog.waitFor();
  assert.equal(await position(), before, 'no step was taken');
  // Once it is closed, the same key steps.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((p) => window.paxosPlayground.history().position > p, before);
  assert.deepEqual(problems, []);
  await context.close();
});
