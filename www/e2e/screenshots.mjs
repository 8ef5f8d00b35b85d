// Takes the README screenshots of the built site, the race mid-flight: docs/screenshot.png
// (1280x800) and docs/screenshot-phone.png (390x844). Run: node www/e2e/screenshots.mjs
// (after `npm run build`). Extra views for review go to $SHOTS_DIR when it is set.

import path from 'node:path';
import { chosenBanner, launch, openPlayground, ROOT, startServer } from './harness.mjs';

const server = await startServer();
const browser = await launch();
const extra = process.env.SHOTS_DIR;

async function race(opts, at, file, fullPage = false) {
  const { page, context, problems } = await openPlayground(browser, server.url, opts);
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  await page.waitForFunction((at) => window.paxosPlayground.state().now >= at, at);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.screenshot({ path: file, fullPage });
  if (problems.length) throw new Error(problems.join('\n'));
  return { page, context };
}

let r = await race({ width: 1280, height: 800 }, 60, path.join(ROOT, 'docs', 'screenshot.png'));
await r.context.close();
r = await race({ width: 390, height: 844 }, 60, path.join(ROOT, 'docs', 'screenshot-phone.png'));
await r.context.close();

if (extra) {
  // Seven nodes, a crash, a split network, the chosen banner; dark and reduced motion.
  for (const [name, opts] of [
    ['seven-desktop', { width: 1280, height: 800 }],
    ['seven-phone', { width: 390, height: 844 }],
    ['seven-dark', { width: 1280, height: 800, colorScheme: 'dark' }],
  ]) {
    const { page, context } = await openPlayground(browser, server.url, { ...opts, query: '?nodes=7' });
    if (opts.colorScheme) await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(async () => {
      const pg = window.paxosPlayground;
      await pg.crash('S5');
      await pg.partition([['S6', 'S7']]);
      await pg.setNetwork({ delay: [40, 200], drop: 0.1, duplicate: 0.2 });
      await pg.propose('S1', '1元/度');
      await pg.propose('S3', '3元/度');
    });
    await page.waitForFunction(() => window.paxosPlayground.state().now >= 120);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.screenshot({ path: path.join(extra, `${name}.png`), fullPage: opts.width < 500 });
    await context.close();
  }
  const { page, context } = await openPlayground(browser, server.url, { width: 1280, height: 800 });
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('16');
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  await chosenBanner(page).waitFor();
  await page.getByRole('button', { name: /^S3,/ }).click();
  await page.screenshot({ path: path.join(extra, 'chosen-menu.png') });
  await context.close();
}

await browser.close();
await server.close();
console.log('screenshots written');
