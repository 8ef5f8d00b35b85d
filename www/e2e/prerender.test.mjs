// The pages the HTML draws before any script runs (www/prerender/, see prerender.mjs): each
// is the page's own first frame, it is there without a script, and the page's script puts
// the working page in its place.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedSite } from './harness.mjs';
import { PAGES, prerender } from './prerender.mjs';

const site = sharedSite();

test('the HTML draws what the page draws at its first interactive frame (prerender.mjs writes it again)', async () => {
  // Sizes and places depend on the machine's fonts a little: the markup must be the same.
  const shape = (html) => html.replace(/\d+(\.\d+)?/g, '#');
  for (const page of PAGES) {
    const drawn = await prerender(site.browser, site.url, page);
    assert.equal(shape(readFileSync(page.file, 'utf8')), shape(drawn), `${page.file} is not what ${page.page} draws: npm run build && node www/e2e/prerender.mjs`);
  }
});

test('without a script the island, its notebooks and the controls are there, inert; at any width one island', async () => {
  for (const width of [1280, 412]) {
    const context = await site.browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.url);
    const island = page.locator('.site-prerender svg.pg-svg:visible');
    assert.equal(await island.count(), 1, `${width} px: one island shown`);
    assert.deepEqual(await island.locator('.pg-name').allTextContents(), ['S1', 'S2', 'S3']);
    assert.equal(await island.locator('text', { hasText: 'promised' }).count(), 3, 'a notebook per node');
    for (const name of ['Pause', 'Reset', 'Propose', 'Race', 'Share']) {
      assert.ok(await page.getByRole('button', { name, includeHidden: true }).first().isDisabled(), `${name} is there, not working yet`);
    }
    // The playground, and the header's scenarios menu: neither reachable nor read out.
    assert.equal(await page.locator('.site-prerender:not([inert][aria-hidden="true"])').count(), 0);
    assert.equal(await page.locator('.site-prerender').count(), 2);
    await context.close();
  }
});

test('the working playground takes its place once it has its first answer, where it was', async () => {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(site.url);
  await page.waitForFunction(() => performance.getEntriesByName('paxos:interactive').length > 0);
  await page.evaluate(() => window.paxosPlayground.ready());
  assert.equal(await page.locator('.site-prerender').count(), 0, 'nothing of the drawn playground is left');
  assert.equal(await page.locator('.site-waiting').count(), 0);
  assert.equal(await page.locator('.site-sc').count(), 1, 'one scenarios menu');
  const box = await page.locator('.site-playground svg.pg-svg').boundingBox();
  assert.ok(box && box.width > 700, 'the island fills its place');
  await context.close();
});

test('the Multi-Paxos view: its servers and controls without a script, then the working view in their place', async () => {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${site.url}multi.html`);
  assert.deepEqual(await page.locator('.site-prerender .mp-card h2').allTextContents(), ['S1', 'S2', 'S3', 'S4', 'S5']);
  assert.ok(await page.getByRole('button', { name: 'Play', includeHidden: true }).isDisabled());
  await context.close();
  const live = await (await site.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await live.goto(`${site.url}multi.html`);
  await live.evaluate(() => window.multiPlayground.ready);
  assert.equal(await live.locator('.site-prerender').count(), 0);
  assert.equal(await live.locator('.mp-card:visible').count(), 5);
  await live.context().close();
});
