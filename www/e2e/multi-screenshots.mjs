// Takes the Multi-Paxos view's screenshots of the built site: docs/screenshot-multi.png
// (1280x800) and docs/screenshot-multi-phone.png (390x844), during the stale-read scenario
// right after S3 answered a stale read; docs/screenshot-multi-lock.png (the whole page at
// 1280 wide), during the lock recipe right after alice's session expired and bob's watch
// fired: bob holds the lock, carol waits on his node. Run: node www/e2e/multi-screenshots.mjs
// (after `npm run build`).

import path from 'node:path';
import { launch, openPlayground, ROOT, startServer } from './harness.mjs';

const server = await startServer();
const browser = await launch();

for (const [file, width, height] of [
  ['screenshot-multi.png', 1280, 800],
  ['screenshot-multi-phone.png', 390, 844],
]) {
  const { page, context, problems } = await openPlayground(browser, server.url, { width, height, query: 'multi.html?scenario=multi-stale-read-then-sync' });
  await page.getByLabel('Speed').selectOption('0.5');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.multiPlayground.state().time >= 460);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.screenshot({ path: path.join(ROOT, 'docs', file) });
  if (process.env.SHOTS_DIR) await page.screenshot({ path: path.join(process.env.SHOTS_DIR, `full-${file}`), fullPage: true });
  if (problems.length) throw new Error(problems.join('\n'));
  await context.close();
}
{
  const { page, context, problems } = await openPlayground(browser, server.url, { width: 1280, height: 900, query: 'multi.html?scenario=multi-lock-recipe' });
  // Quickly to the moment the leader expires alice's session, then slowly to bob's watch.
  await page.getByLabel('Speed').selectOption('4');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.multiPlayground.state().time >= 1900, undefined, { timeout: 60_000 });
  await page.getByLabel('Speed').selectOption('0.25');
  await page.getByRole('log').getByText('watch fired: S3 tells session 2').first().waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // The diagram and inspector come as they come near: brought near, drawn, then the page from its top.
  await page.locator('.mp-views').scrollIntoViewIfNeeded();
  await page.locator('.mp-views .pg-diagram').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshot-multi-lock.png'), fullPage: true });
  if (problems.length) throw new Error(problems.join('\n'));
  await context.close();
}
await browser.close();
await server.close();
