// Embedding (docs/embedding.md): the <paxos-playground> element on the example blog page,
// served with a strict Content Security Policy (docs/examples/blog.html); the iframe page
// embed.html; and the main page's "Copy embed code" button.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser } from './harness.mjs';

const open = sharedBrowser();

/**
 * The blog page, with CSP violations collected from the very start; both elements ready.
 * `wasm` lists the wasm files fetched since the reload.
 */
async function openBlog() {
  const o = await open({ query: 'examples/blog.html' });
  const { page } = o;
  // The first load's workers fetch their builds too: let them finish before counting, or a
  // late fetch of theirs is counted as the reload's.
  const ready = () => page.evaluate(() => Promise.all([...document.querySelectorAll('paxos-playground')].map((e) => e.ready)).then(() => true));
  await ready();
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  o.wasm = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && o.wasm.push(r.url().split('/').pop().replace(/-.*/, '')));
  await page.reload();
  await ready();
  return o;
}

async function noProblems(page, problems) {
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'CSP violations');
  assert.deepEqual(problems, [], 'console errors');
}

test('two elements on a strict-CSP blog page run independently', async () => {
  const { page, context, problems, wasm } = await openBlog();
  try {
    // The scripted, locked story starts with the laboratory's build; the plain sandbox with
    // the lighter one: one build each, not two.
    assert.deepEqual(wasm.sort(), ['paxos_bg', 'paxos_lab_bg']);
    const before = await page.evaluate(() => ({ step: document.getElementById('moment').playground.state().step, nodes: document.getElementById('sandbox').playground.state().nodes.length }));
    assert.deepEqual(before, { step: 44, nodes: 5 });
    // Race in the sandbox; the locked one does not move.
    await page.evaluate(() => document.getElementById('sandbox').addEventListener('chosen', (e) => (window.__chosen = e.detail.chosen.value), { once: true }));
    await page.locator('#sandbox').getByRole('button', { name: 'Race', exact: true }).click();
    await page.evaluate(() => document.getElementById('sandbox').playground.runUntilChosen());
    await page.waitForFunction(() => window.__chosen);
    assert.match(await page.evaluate(() => window.__chosen), /^[12]元\/度$/);
    const after = await page.evaluate(async () => {
      const [a, b] = ['moment', 'sandbox'].map((id) => document.getElementById(id).playground);
      return { step: a.state().step, history: a.history().position, traces: [await a.trace(), await b.trace()] };
    });
    assert.equal(after.step, 44);
    assert.equal(after.history, 20);
    assert.notEqual(after.traces[0], after.traces[1]);
    assert.match(after.traces[0].split('\n')[0], /"seed":24/);
    assert.match(after.traces[1].split('\n')[0], /"nodes":\["S1","S2","S3","S4","S5"\]/);
    await noProblems(page, problems);
  } finally {
    await context.close();
  }
});

test("the blog's CSS does not leak in, the playground's does not leak out", async () => {
  const { page, context, problems } = await openBlog();
  try {
    const play = page.locator('#moment').getByRole('button', { name: 'Play' });
    assert.ok(await play.isVisible(), 'the play button is visible');
    const inside = await play.evaluate((b) => ({ font: getComputedStyle(b).fontSize, border: getComputedStyle(b.closest('.pg-stage')).borderTopColor }));
    assert.notEqual(inside.font, '20px');
    assert.ok(parseFloat(inside.font) < 17, `font inside: ${inside.font}`);
    assert.notEqual(inside.border, 'rgb(255, 0, 0)');
    const lede = await page.locator('#lede').evaluate((p) => ({ colour: getComputedStyle(p).color, font: getComputedStyle(p).fontSize, style: getComputedStyle(p).fontStyle }));
    assert.deepEqual(lede, { colour: 'rgb(120, 40, 20)', font: '20px', style: 'italic' });
    // The document holds the blog's stylesheet only, also once the panels fetched after
    // the first frame (the diagram, with styles of their own) are in the shadow root.
    await page.locator('#sandbox .pg-lower').first().scrollIntoViewIfNeeded();
    await page.locator('#sandbox .pg-diagram').first().waitFor();
    const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href?.split('/').pop()));
    assert.deepEqual(sheets, ['blog.css']);
    assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0);
    const legend = await page.locator('#sandbox .pg-legend').first().evaluate((ul) => getComputedStyle(ul).display);
    assert.equal(legend, 'flex', 'the panels are styled inside');
    await noProblems(page, problems);
  } finally {
    await context.close();
  }
});

test('the locked embed stays within its steps and refuses what is not allowed', async () => {
  const { page, context, problems } = await openBlog();
  try {
    const moment = page.locator('#moment');
    const stepBtn = moment.getByRole('button', { name: /Step/ });
    const backBtn = moment.getByRole('button', { name: /Back/ });
    assert.ok(await backBtn.isDisabled(), 'back is disabled at the first step');
    for (let i = 0; i < 10 && !(await stepBtn.isDisabled()); i++) {
      await stepBtn.click();
      await page.waitForTimeout(150);
    }
    assert.ok(await stepBtn.isDisabled(), 'step is disabled at the last step');
    const s = await page.evaluate(() => document.getElementById('moment').playground.state());
    assert.equal(s.step, 48);
    const last = await page.evaluate(() => document.getElementById('moment').playground.lines().at(-1));
    assert.deepEqual([last.from, last.to, last.msg.type], ['S3', 'S2', 'nack']);
    const refusals = await page.evaluate(async () => {
      const pg = document.getElementById('moment').playground;
      const why = (p) => p.then(() => 'done', (e) => e.message);
      return { step: await why(pg.step()), crash: await why(pg.crash('S1')), seek: await why(pg.seekStep(10)) };
    });
    assert.match(refusals.step, /cannot go past step 48/);
    assert.match(refusals.crash, /does not allow "crash"/);
    assert.match(refusals.seek, /step 10 is outside it/);
    const banner = await moment.locator('.pg-banner-error:not(.pg-share-notice)').textContent();
    assert.match(banner, /outside it|does not allow/);
    assert.equal(await page.evaluate(() => document.getElementById('moment').playground.state().step), 48);
    // Back is allowed, down to step 44 and no further.
    await backBtn.click();
    await page.waitForTimeout(200);
    assert.ok((await page.evaluate(() => document.getElementById('moment').playground.state().step)) < 48);
    await noProblems(page, problems);
  } finally {
    await context.close();
  }
});

test('embed.html: the element alone, filling the frame, under the strict CSP', async () => {
  const { page, context, problems } = await open({ query: 'embed.html?nodes=5&seed=7&controls=minimal' });
  try {
    await page.waitForFunction(() => window.paxosPlayground?.state());
    assert.equal(await page.evaluate(() => window.paxosPlayground.state().nodes.length), 5);
    assert.equal(await page.evaluate(() => [...document.body.children].filter((e) => e.tagName !== 'NOSCRIPT' && e.tagName !== 'SCRIPT').map((e) => e.tagName).join()), 'PAXOS-PLAYGROUND');
    const box = await page.locator('paxos-playground').boundingBox();
    assert.ok(box.height > 700 && box.width > 1200, `fills the frame: ${JSON.stringify(box)}`);
    assert.ok(await page.locator('paxos-playground').getByRole('button', { name: 'Play' }).isVisible());
    assert.equal(await page.locator('paxos-playground').getByRole('button', { name: 'Race', exact: true }).isVisible(), false);
    assert.equal(await page.locator('paxos-playground').getByRole('button', { name: 'Share' }).isVisible(), false);
    // With the Race button and the proposal panel hidden, the idle banner does not send the
    // reader to them.
    const banner = page.locator('paxos-playground .pg-banner-idle');
    await banner.waitFor();
    assert.equal(await banner.textContent(), 'Nothing proposed yet. Press Play to run the scenario.');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('Copy embed code pressed before its module came still copies (the clipboard takes a promise of the text)', async () => {
  const { page, context, problems } = await open({
    query: '?seed=9',
    beforeGoto: (p) =>
      p.route(/\/assets\/embedcode-[\w-]+\.js$/, async (route) => {
        await new Promise((r) => setTimeout(r, 600));
        await route.continue();
      }),
  });
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await page.getByRole('button', { name: 'Copy embed code' }).dispatchEvent('click'); // no hover first
    await page.getByRole('button', { name: 'Embed code copied' }).waitFor();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(text, /^<iframe src="[^"]+embed\.html\?[^"]*seed=9/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('Copy embed code puts an iframe of embed.html on the clipboard', async () => {
  const { page, context, problems } = await open({ query: '?seed=7' });
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await page.getByRole('button', { name: 'Copy embed code' }).click();
    await page.getByRole('button', { name: 'Embed code copied' }).waitFor();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    const m = /^<iframe src="([^"]+)" title="Paxos Playground"/.exec(text);
    assert.ok(m, text);
    const src = new URL(m[1].replace(/&amp;/g, '&'));
    assert.match(src.pathname, /\/some\/sub\/path\/embed\.html$/);
    assert.equal(src.searchParams.get('seed'), '7');
    assert.equal(src.searchParams.get('controls'), 'minimal');
    // The snippet opens.
    await page.goto(src.href);
    await page.waitForFunction(() => window.paxosPlayground?.state()?.nodes.length === 3);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
