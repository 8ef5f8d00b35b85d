// Takes the Multi-Paxos view's screenshots of the built site: docs/screenshot-multi.png
// (1280x800) and docs/screenshot-multi-phone.png (390x844), during the stale-read scenario
// right after S3 answered a stale read. Run: node www/e2e/multi-screenshots.mjs (after `npm run build`).

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
await browser.close();
await server.close();
