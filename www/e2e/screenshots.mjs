// Takes the README screenshots of the built site, the race mid-flight: docs/screenshot.png
// (1280x800) and docs/screenshot-phone.png (390x844). Run: node www/e2e/screenshots.mjs
// (after `npm run build`). Extra views for review go to $SHOTS_DIR when it is set: seven
// nodes with faults, and issue 4's manual network, branch, diagram, inspector and help.

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

if (extra) {
  // Issue 4: the island's story by hand (a message's menu open), a branch, the diagram and
  // the inspector below, the help dialog; light and dark, desktop and phone.
  for (const [name, opts] of [
    ['manual-desktop', { width: 1280, height: 800 }],
    ['manual-dark', { width: 1280, height: 800, colorScheme: 'dark' }],
    ['manual-phone', { width: 390, height: 844 }],
  ]) {
    const { page, context } = await openPlayground(browser, server.url, opts);
    if (opts.colorScheme) await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('switch', { name: 'Manual network' }).check();
    await page.getByRole('button', { name: 'Race', exact: true }).click();
    for (const [from, to, type] of [['S1', 'S3', 'prepare'], ['S3', 'S1', 'promise'], ['S1', 'S3', 'accept'], ['S2', 'S3', 'prepare']]) {
      await page.locator(`.pg-flights tr[data-from="${from}"][data-to="${to}"][data-type="${type}"]`).first().getByRole('button', { name: /^Deliver/ }).click();
    }
    await page.waitForTimeout(300);
    const id = await page.evaluate(() => window.paxosPlayground.state().inFlight.find((f) => f.from === 'S3' && f.to === 'S2').id);
    await page.locator(`.pg-env[data-id="${id}"]`).click();
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(extra, `${name}.png`) });
    await page.keyboard.press('Escape');
    // Go back two events and take another way: a branch.
    await page.evaluate(async () => {
      const pg = window.paxosPlayground;
      await pg.back(2);
      const f = pg.state().inFlight.find((m) => m.from === 'S2' && m.to === 'S3');
      await pg.deliver(f.id);
    });
    await page.waitForTimeout(400);
    await page.locator('.pg-diagram').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(extra, `${name}-full.png`), fullPage: true });
    await context.close();
  }
  const { page, context } = await openPlayground(browser, server.url, { width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await page.screenshot({ path: path.join(extra, 'help.png') });
  await context.close();
}

await browser.close();
await server.close();
console.log('screenshots written');
