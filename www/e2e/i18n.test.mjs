// End-to-end tests of the two languages (English, 简体中文): a Chinese browser gets the page
// in Chinese, the log's sentences included; the picker switches to English in place, with
// the same trace (no reload); ?lang= overrides the browser; the Multi view in Chinese too.
// Run: node --test www/e2e/i18n.test.mjs (after `npm run build`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chosenBanner, logLines, sharedBrowser, waitForLogLine } from './harness.mjs';

const open = sharedBrowser();

const picker = (page) => page.locator('.site-lang-select');

test('a. A Chinese browser gets the page in Chinese; the picker switches to English in place', async () => {
  const { page, context, problems } = await open({ locale: 'zh-CN', reducedMotion: 'reduce' });
  try {
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh');
    assert.equal(await picker(page).inputValue(), 'zh');
    await page.getByRole('heading', { name: 'Paxos 演练场', exact: true }).waitFor();
    await page.getByRole('button', { name: '竞争', exact: true }).waitFor();
    await page.getByRole('heading', { name: '发生了什么', exact: true }).waitFor();
    await page.getByRole('button', { name: '单步', exact: true }).waitFor();
    await page.getByLabel('语言').waitFor();

    // The race, in Chinese.
    await page.getByRole('button', { name: '竞争', exact: true }).click();
    await chosenBanner(page).waitFor({ timeout: 30_000 });
    assert.match(await chosenBanner(page).textContent(), /已选定/);
    await page.evaluate(() => window.paxosPlayground.pause());
    const log = page.locator('.pg-log-list');
    await page.waitForFunction(() => document.querySelectorAll('.pg-log-list li').length > 5);
    assert.match(await log.textContent(), /[\u4e00-\u9fff]/u);
    // Every line of the log, in view or not.
    const zhLog = (await logLines(page)).join('\n');
    assert.match(zhLog, /提出 [12]元\/度/);
    assert.match(zhLog, /发送 准备 1\.S[12]/);
    assert.match(zhLog, /承诺了编号/);
    assert.match(zhLog, /被选定/);
    assert.doesNotMatch(zhLog, /\blog\.|proposes|sends/);
    const trace = await page.evaluate(() => window.paxosPlayground.trace());
    const inView = await page.locator('.pg-log-list li').count();
    const lines = (await logLines(page)).length;

    // Switch with the picker: English, no reload, the same trace and as many log lines.
    await page.evaluate(() => (window.__sameDocument = true));
    await picker(page).selectOption('en');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('heading', { name: 'Paxos Playground', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Race', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'What happened', exact: true }).waitFor();
    await waitForLogLine(page, /proposes [12]元\/度/);
    const enLog = (await logLines(page)).join('\n');
    assert.match(enLog, /sends prepare 1\.S[12]/);
    assert.match(enLog, /is chosen/);
    assert.doesNotMatch(enLog.replace(/[12]元\/度/g, ''), /[\u4e00-\u9fff]/u);
    assert.match(await chosenBanner(page).textContent(), /^Chosen/);
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page did not reload');
    assert.equal(await page.evaluate(() => window.paxosPlayground.trace()), trace);
    assert.equal(await page.locator('.pg-log-list li').count(), inView);
    assert.equal((await logLines(page)).length, lines);

    // The choice is remembered: a reload stays in English although the browser is Chinese.
    await page.reload();
    await page.waitForFunction(() => performance.getEntriesByName('paxos:interactive').length > 0);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('b. ?lang=zh overrides an English browser', async () => {
  const { page, context, problems } = await open({ query: '?lang=zh' });
  try {
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh');
    await page.getByRole('button', { name: '提出', exact: true }).waitFor();
    await page.getByRole('heading', { name: '时空图', exact: true }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('c. The Multi view in Chinese, and back to English in place', async () => {
  const { page, context, problems } = await open({ locale: 'zh-CN', query: 'multi.html' });
  try {
    await page.evaluate(() => window.multiPlayground.ready);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh');
    await page.getByRole('heading', { name: 'Multi-Paxos 与 ZooKeeper 视图', exact: true }).waitFor();
    await page.getByRole('button', { name: '播放', exact: true }).waitFor();
    await page.getByRole('region', { name: '客户端', exact: true }).waitFor();
    await page.getByRole('region', { name: '服务器 S1', exact: true }).waitFor();
    await page.getByRole('button', { name: '单步', exact: true }).click();
    await page.getByRole('button', { name: '单步', exact: true }).click();
    await page.getByRole('button', { name: '播放', exact: true }).click();
    await page.waitForFunction(() => window.multiPlayground.state().time > 400);
    await page.getByRole('button', { name: '暂停', exact: true }).click();
    const zhLog = await page.locator('.mp-log').textContent();
    assert.match(zhLog, /[\u4e00-\u9fff]/u);
    assert.match(zhLog, /成为领导者|槽位|毫秒/);
    const trace = await page.evaluate(() => window.multiPlayground.trace());
    await picker(page).selectOption('en');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Server S1', exact: true }).waitFor();
    const enLog = await page.locator('.mp-log').textContent();
    assert.match(enLog, / ms/);
    assert.doesNotMatch(enLog.replace(/[0-9]+元\/./gu, ''), /[\u4e00-\u9fff]/u);
    assert.equal(await page.evaluate(() => window.multiPlayground.trace()), trace);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
