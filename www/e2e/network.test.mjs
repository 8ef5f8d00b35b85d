// End-to-end tests of issue 4 in headless Chromium, through the page like a person: the
// island's story played message by message in a manual network (twice, the same result),
// stepping back and branching and returning, the space-time diagram's arrows against the
// trace, crash / partition / heal / link faults from the page, and keyboard-only use.
// Run: node --test www/e2e/  (after `npm run build`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, chosenBanner, logLines, sharedBrowser, waitForLogLine } from './harness.mjs';

const open = sharedBrowser();

const scenario = (name) => readFileSync(path.join(ROOT, 'examples', 'scenarios', name), 'utf8');
const state = (page) => page.evaluate(() => window.paxosPlayground.state());
const history = (page) => page.evaluate(() => window.paxosPlayground.history());
const delivers = (trace) => trace.split('\n').filter((l) => l.includes('"event":"deliver"')).length;

/** The log's newest line is the current step: the log shows exactly this moment. */
async function logIsAt(page) {
  await page.waitForFunction(() => {
    const s = window.paxosPlayground.state();
    const top = document.querySelector('.pg-log-list li');
    return top ? Number(top.dataset.step) === s.step : s.step === 0;
  });
}

test('manual network: the island story, played by clicking rows, ends the same way every time', async () => {
  const { page, context, problems } = await open();
  const story = JSON.parse(scenario('island-story-manual.json'));
  const order = story.events.filter((e) => e.deliver).map((e) => e.deliver);
  assert.equal(order.length, 9);

  async function play() {
    await page.getByRole('switch', { name: 'Manual network' }).check();
    await page.waitForFunction(() => window.paxosPlayground.state().network.mode === 'manual');
    await page.getByRole('button', { name: 'Race', exact: true }).click();
    for (const { from, to, type } of order) {
      // The oldest such message, as the scenario's scripted deliveries choose it.
      const row = page.locator(`.pg-flights tr[data-from="${from}"][data-to="${to}"][data-type="${type}"]`).first();
      const id = await row.getAttribute('data-id');
      assert.equal((await state(page)).inFlight.find((f) => f.id === Number(id)).arrivesAt, null, 'it waits for a person');
      await row.getByRole('button', { name: /^Deliver/ }).click();
      await page.locator(`.pg-flights tr[data-id="${id}"]`).waitFor({ state: 'detached' });
    }
    await chosenBanner(page).waitFor();
    const s = await state(page);
    // S3 received S1's prepare first; S1's law is chosen, and S2 ends up proposing it too.
    assert.equal(s.chosen.value, '1元/度');
    assert.deepEqual(s.chosen.ballot, { round: 1, node: 'S1' });
    assert.equal(s.nodes.find((n) => n.name === 'S2').proposer.proposal, '1元/度');
    assert.equal(s.now, 0, 'the clock never ran: every step was a person’s');
    await waitForLogLine(page, '1元/度 is chosen (ballot 1.S1');
    return page.evaluate(() => window.paxosPlayground.trace());
  }

  const first = await play();
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.waitForFunction(() => window.paxosPlayground.state().network.mode === 'auto' && window.paxosPlayground.state().step === 0);
  const second = await play();
  assert.ok(first.length > 1000);
  assert.equal(second, first, 'the same clicks give the same trace, byte for byte');

  // The scripted story, opened as a file, loads in manual mode and plays to the same end.
  await page.getByLabel('Open a scenario file').setInputFiles(path.join(ROOT, 'examples', 'scenarios', 'island-story-manual.json'));
  await page.waitForFunction(() => window.paxosPlayground.state().nextTime === 0 && window.paxosPlayground.history().length === 0);
  assert.equal(await page.getByRole('switch', { name: 'Manual network' }).isChecked(), true);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await chosenBanner(page).waitFor();
  assert.equal((await state(page)).chosen.value, '1元/度');
  assert.deepEqual(problems, []);
  await context.close();
});

test('messages on the island: click one to deliver, drop or duplicate it; the list sorts', async () => {
  const { page, context, problems } = await open();
  await page.getByRole('switch', { name: 'Manual network' }).check();
  await page.waitForFunction(() => window.paxosPlayground.state().network.mode === 'manual');
  await page.evaluate(async () => {
    await window.paxosPlayground.propose('S1', '1元/度');
    await window.paxosPlayground.propose('S2', '2元/度');
  });
  const s = await state(page);
  const toS2 = s.inFlight.find((f) => f.from === 'S1' && f.to === 'S2');
  const env = page.locator(`.pg-env[data-id="${toS2.id}"]`);
  await env.waitFor();
  assert.match(await env.getAttribute('class'), /pg-env-wait/);
  // A waiting message sits still. (Once the in-flight list has its rows: the list's first
  // fill makes the stage row, and so the island, taller, and every envelope moves with it.)
  await page.locator(`tr[data-id="${toS2.id}"]`).waitFor();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const at = await env.evaluate((e) => e.style.transform);
  await page.waitForTimeout(300);
  assert.equal(await env.evaluate((e) => e.style.transform), at);

  await env.click();
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  await page.waitForFunction((id) => window.paxosPlayground.state().inFlight.some((f) => f.copyOf === id), toS2.id);
  const copy = (await state(page)).inFlight.find((f) => f.copyOf === toS2.id);
  const copyEnv = page.locator(`.pg-env[data-id="${copy.id}"]`);
  await copyEnv.waitFor();
  assert.match(await copyEnv.getAttribute('class'), /pg-env-copy.*pg-env-wait|pg-env-wait.*pg-env-copy/);
  await copyEnv.click();
  await page.getByRole('menuitem', { name: 'Drop' }).click();
  await page.waitForFunction((id) => !window.paxosPlayground.state().inFlight.some((f) => f.id === id), copy.id);
  await page.getByRole('log').getByText('a message from S1 to S2 was lost').waitFor();
  await env.click();
  await page.getByRole('menuitem', { name: 'Deliver' }).click();
  await page.getByRole('log').getByText('S2 receives prepare 1.S1 from S1').waitFor();

  // Sort the in-flight list by receiver, then by type.
  const receivers = () => page.locator('.pg-flights tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.to));
  await page.getByRole('button', { name: 'To', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('.pg-flights th[aria-sort="ascending"]'));
  const to = await receivers();
  assert.deepEqual(to, [...to].sort());
  await page.getByRole('button', { name: 'To', exact: true }).click();
  assert.deepEqual(await receivers(), [...to].sort().reverse());
  await page.getByRole('button', { name: 'Message', exact: true }).click();
  const types = await page.locator('.pg-flights tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.type));
  const order = ['prepare', 'promise', 'accept', 'accepted', 'nack', 'decide'];
  assert.deepEqual(types, [...types].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  assert.deepEqual(problems, []);
  await context.close();
});

test('reduced motion: messages in flight do not fly, they sit on their link until they land', async () => {
  for (const reducedMotion of ['reduce', 'no-preference']) {
    const { page, context, problems } = await open({ reducedMotion });
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('0.25');
    await page.getByRole('button', { name: 'Race', exact: true }).click();
    const env = page.locator('.pg-env').first();
    await env.waitFor();
    await page.waitForTimeout(300); // the banner above the island settles
    // The envelope that lands last (a 10-100 ms flight takes 0.4 to 4 s at 0.25x).
    const id = await page.evaluate(() => {
      const f = window.paxosPlayground.state().inFlight.filter((m) => m.from !== m.to && m.arrivesAt !== null);
      return f.sort((x, y) => y.arrivesAt - x.arrivesAt)[0].id;
    });
    const where = () => page.evaluate((id) => document.querySelector(`.pg-env[data-id="${id}"]`)?.style.transform ?? null, id);
    const a = await where();
    await page.waitForTimeout(300);
    const b = await where();
    assert.ok(a !== null && b !== null, 'still in flight');
    if (reducedMotion === 'reduce') assert.equal(b, a, 'it sits still');
    else assert.notEqual(b, a, 'it flies');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('time travel: step back, scrub, jump from the log, branch, and return to the first branch', async () => {
  const { page, context, problems } = await open();
  await page.evaluate(async (text) => {
    await window.paxosPlayground.load(text);
    await window.paxosPlayground.runUntilIdle(10000);
  }, scenario('island-race.json'));
  const h0 = await history(page);
  const trace0 = await page.evaluate(() => window.paxosPlayground.trace());
  assert.ok(h0.length > 20);
  assert.equal(h0.position, h0.length);

  // Back three times with the button: the log and the island show exactly that moment.
  const back = page.getByRole('button', { name: 'Back', exact: true });
  for (let i = 1; i <= 3; i++) {
    await back.click();
    await page.waitForFunction((p) => window.paxosPlayground.history().position === p, h0.position - i);
  }
  await logIsAt(page);
  assert.match(await page.locator('.pg-where').textContent(), new RegExp(`event ${h0.position - 3} of ${h0.length}`));

  // The scrubber goes anywhere; forward steps along the recorded timeline.
  await page.getByRole('slider', { name: 'Timeline' }).fill('12');
  await page.waitForFunction(() => window.paxosPlayground.history().position === 12);
  await logIsAt(page);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction(() => window.paxosPlayground.history().position === 13);
  const s13 = await state(page);
  const lines13 = await page.evaluate(() => window.paxosPlayground.lines());
  assert.equal(lines13.length, s13.step);
  assert.equal(await page.locator('.pg-diagram').getAttribute('data-arrows'), String(lines13.filter((l) => l.event === 'deliver').length));

  // A log line takes us to its moment (an earlier one).
  const line = page.locator('.pg-log-list li').nth(4);
  const step = Number(await line.getAttribute('data-step'));
  await line.click();
  // Wait for the jump itself: the step before it may already be in that range.
  await page.waitForFunction((step) => {
    const at = window.paxosPlayground.state().step;
    return window.paxosPlayground.history().position < 13 && at <= step + 5 && at >= step;
  }, step);
  await logIsAt(page);
  const fork = (await history(page)).position;
  assert.ok(fork < 13);

  // Doing something else there starts a new branch.
  await page.getByRole('button', { name: /^S3,/ }).click();
  await page.getByRole('menuitem', { name: 'Crash S3' }).click();
  await page.waitForFunction(() => window.paxosPlayground.history().branches.length === 2);
  const h1 = await history(page);
  assert.equal(h1.branch, 1);
  assert.equal(h1.branches[1].forkAt, fork);
  await page.getByText(`branch 2 of 2, forked from branch 1 at event ${fork}`).waitFor();
  await page.getByRole('log').getByText('S3 crashed').waitFor();

  // And back to the first branch, at its end: the same trace as before.
  const branchSel = page.getByRole('combobox', { name: 'Branch' });
  await branchSel.selectOption('0');
  await page.getByRole('button', { name: 'Switch', exact: true }).click();
  await page.waitForFunction(() => window.paxosPlayground.history().branch === 0);
  const h2 = await history(page);
  assert.equal(h2.position, h0.length);
  assert.equal(await page.evaluate(() => window.paxosPlayground.trace()), trace0);
  assert.equal((await state(page)).nodes.find((n) => n.name === 'S3').up, true);
  await logIsAt(page);
  assert.equal(await page.getByRole('log').getByText('S3 crashed').count(), 0);
  assert.equal((await logLines(page)).filter((l) => l.includes('S3 crashed')).length, 0, 'no line of the log, in view or not, is of the other branch');

  // The inspector: S1's whole state, and its notebook over time (a change takes us there).
  await page.getByRole('button', { name: /^S1,/ }).click();
  await page.getByRole('menuitem', { name: 'Inspect S1' }).click();
  const inspector = page.getByRole('region', { name: 'Node inspector' });
  assert.equal(await page.getByRole('combobox', { name: 'Node to inspect' }).inputValue(), 'S1');
  await inspector.getByText('learned', { exact: true }).waitFor();
  const s1 = (await state(page)).nodes[0];
  assert.match(await inspector.locator('.pg-facts').textContent(), new RegExp(`promised${s1.promised.round}\\.${s1.promised.node}`));
  const changes = inspector.locator('.pg-nb-btn');
  assert.deepEqual(
    (await changes.allTextContents()).map((t) => t.replace(/^\d+ ms /, '').replace(/ · step \d+$/, '').trim()),
    ['learned 2元/度', 'promised 2.S1', 'accepted 1.S2 = 2元/度', 'promised 1.S2', 'promised 1.S1'],
  );
  await changes.last().click();
  await page.waitForFunction(() => window.paxosPlayground.state().step === 10);
  await page.waitForFunction(() => document.querySelector('.pg-facts').textContent.includes('promised1.S1'));

  // Log filters: one node, one message type.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.getByRole('slider', { name: 'Timeline' }).fill(String(h0.length));
  await page.waitForFunction((n) => window.paxosPlayground.history().position === n, h0.length);
  await page.getByRole('combobox', { name: 'Log filter: message type' }).selectOption('nack');
  await page.waitForFunction(() => [...document.querySelectorAll('.pg-log-list li')].every((li) => /rejected|nack/.test(li.textContent)));
  assert.ok((await page.locator('.pg-log-list li').count()) >= 1);
  const nacks = await logLines(page);
  assert.ok(nacks.length >= 1 && nacks.every((l) => /rejected|nack/.test(l)), nacks.join('\n'));
  await page.getByRole('combobox', { name: 'Log filter: message type' }).selectOption('');
  await page.getByRole('combobox', { name: 'Log filter: node' }).selectOption('S3');
  await page.waitForFunction(() => [...document.querySelectorAll('.pg-log-list li')].every((li) => /S3|chosen/.test(li.textContent)));
  assert.ok((await logLines(page)).every((l) => /S3|chosen/.test(l)));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the space-time diagram has one arrow per delivered message, and exports as SVG', async () => {
  const { page, context, problems } = await open();
  // Losses and duplicates too.
  await page.evaluate(async (text) => {
    const pg = window.paxosPlayground;
    await pg.load(text);
    await pg.runUntilIdle(10000);
  }, scenario('lossy-network.json'));
  const dia = page.locator('.pg-diagram');
  await dia.scrollIntoViewIfNeeded();
  const check = async () => {
    const trace = await page.evaluate(() => window.paxosPlayground.trace());
    await page.waitForFunction((n) => document.querySelector('.pg-diagram').dataset.arrows === String(n), delivers(trace));
    return trace;
  };
  const trace = await check();
  assert.ok(delivers(trace) > 20);
  assert.ok(trace.includes('"event":"drop"'), 'the scenario loses messages');
  // Going back: the diagram shows exactly the moment.
  await page.evaluate(() => window.paxosPlayground.seek(Math.floor(window.paxosPlayground.history().length / 2)));
  const half = await check();
  assert.ok(delivers(half) < delivers(trace));

  // Hover and click: an arrow's content, then its step everywhere.
  const box = await page.locator('.pg-dia-scroll').boundingBox();
  let found = false;
  for (let y = box.y + 40; y < box.y + box.height && !found; y += 3) {
    for (const x of [0.3, 0.5, 0.7].map((k) => box.x + box.width * k)) {
      await page.mouse.move(x, y);
      if (await page.locator('.pg-dia-tip').isVisible()) {
        found = true;
        break;
      }
    }
  }
  assert.ok(found, 'hovering an arrow shows the message');
  assert.match(await page.locator('.pg-dia-tip').textContent(), /(prepare|promise|accept|accepted|nack|decide) .*\n.*message \d+/);
  const before = (await state(page)).step;
  await page.mouse.down();
  await page.mouse.up();
  await page.waitForFunction((b) => window.paxosPlayground.state().step !== b, before);
  await logIsAt(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
  assert.equal(download.suggestedFilename(), 'paxos-diagram.svg');
  const svg = readFileSync(await download.path(), 'utf8');
  const now = await page.evaluate(() => window.paxosPlayground.trace());
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.equal((svg.match(/ deliver"/g) ?? []).length, delivers(now));
  assert.deepEqual(problems, []);
  await context.close();
});

test('faults from the page: crash and restart, split 1 | 2, groups, heal, cut and slow a link', async () => {
  const { page, context, problems } = await open();
  await page.getByRole('button', { name: /^S2,/ }).click();
  await page.getByRole('menuitem', { name: 'Crash S2' }).click();
  await page.waitForFunction(() => document.querySelector('.pg-node[data-node="S2"]').classList.contains('pg-down'));
  await page.getByRole('button', { name: /^S2,/ }).click();
  await page.getByRole('menuitem', { name: 'Restart S2' }).click();
  await page.waitForFunction(() => !document.querySelector('.pg-node[data-node="S2"]').classList.contains('pg-down'));

  await page.getByRole('button', { name: 'Split the network: S1 | S2 S3' }).click();
  await page.waitForFunction(() => document.querySelectorAll('svg .pg-link.pg-cut').length === 2);
  assert.deepEqual((await state(page)).partition, [['S1'], ['S2', 'S3']]);
  await page.getByRole('button', { name: 'Heal', exact: true }).click();
  await page.waitForFunction(() => window.paxosPlayground.state().partition === null);

  // Groups of one's choice: each node alone.
  await page.getByRole('combobox', { name: 'Group of S2' }).selectOption('B');
  await page.getByRole('combobox', { name: 'Group of S3' }).selectOption('C');
  await page.getByRole('button', { name: 'Split into these groups' }).click();
  await page.waitForFunction(() => document.querySelectorAll('svg .pg-link.pg-cut').length === 3);
  assert.deepEqual((await state(page)).partition, [['S1'], ['S2'], ['S3']]);
  await page.getByRole('log').getByText('the network split into S1 | S2 | S3').waitFor();
  await page.getByRole('button', { name: 'Heal', exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll('svg .pg-link.pg-cut').length === 0);

  // Click a link on the island: cut it.
  await page.locator('.pg-link-hit[data-a="S1"][data-b="S3"]').click();
  await page.getByRole('menuitem', { name: 'Cut the link S1–S3' }).click();
  await page.waitForFunction(() => document.querySelectorAll('svg .pg-link.pg-link-cut').length === 1);
  assert.deepEqual((await state(page)).links, [{ between: ['S1', 'S3'], cut: true, extra: 0 }]);
  await page.getByRole('log').getByText('the link S1–S3 was cut').waitFor();
  // Messages over it are lost.
  await page.evaluate(async () => {
    await window.paxosPlayground.propose('S1', 'x');
    await window.paxosPlayground.runUntilIdle(3000);
  });
  await page.getByRole('log').getByText('a message from S1 to S3 was lost').first().waitFor();

  // Slow down another link from the faults panel, then mend both.
  await page.getByRole('combobox', { name: 'Between' }).selectOption('S1');
  await page.getByRole('combobox', { name: 'and' }).selectOption('S2');
  await page.getByRole('spinbutton', { name: 'Extra delay (ms)' }).fill('200');
  await page.getByRole('button', { name: 'Set link' }).click();
  await page.waitForFunction(() => window.paxosPlayground.state().links.some((l) => l.extra === 200));
  await page.locator('svg .pg-link-mark', { hasText: '+200 ms' }).waitFor();
  await page.getByRole('log').getByText('messages between S1 and S2 take 200 ms longer now').waitFor();
  await page.getByRole('button', { name: 'Mend S1–S2' }).click();
  await page.getByRole('button', { name: 'Mend S1–S3' }).click();
  await page.waitForFunction(() => window.paxosPlayground.state().links.length === 0);
  assert.equal(await page.locator('svg .pg-link.pg-link-cut, svg .pg-link.pg-link-slow').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard only: every control is reachable with Tab and shows focus; shortcuts drive a manual run', async () => {
  const { page, context, problems } = await open();
  // Something in flight, so the in-flight rows' buttons are there too.
  await page.keyboard.press('m');
  await page.waitForFunction(() => window.paxosPlayground.state().network.mode === 'manual');
  await page.evaluate(() => window.paxosPlayground.propose('S1', '1元/度'));
  await page.waitForFunction(() => document.querySelectorAll('.pg-flights tbody tr').length === 2);

  // Tab through the page: every visible control gets the focus, with a visible outline.
  const controls = await page.evaluate(() => {
    const all = [...document.querySelectorAll('.paxos-pg :is(button, input, select, [tabindex="0"])')];
    const visible = all.filter((e) => !e.disabled && e.getClientRects().length > 0 && !e.closest('dialog, [hidden]'));
    visible.forEach((e, i) => (e.dataset.k = String(i)));
    return visible.length;
  });
  assert.ok(controls > 40, `${controls} controls`);
  await page.evaluate(() => document.activeElement.blur());
  const reached = new Set();
  let unstyled = [];
  for (let i = 0; i < controls + 20 && reached.size < controls; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e.dataset.k === undefined) return null;
      const st = getComputedStyle(e);
      const card = e.matches('.pg-node') ? getComputedStyle(e.querySelector('.pg-card')) : null;
      const shown = (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2) || (card && parseFloat(card.strokeWidth) >= 3);
      return { k: e.dataset.k, shown, what: e.outerHTML.slice(0, 80) };
    });
    if (!r) continue;
    reached.add(r.k);
    if (!r.shown) unstyled.push(r.what);
  }
  assert.equal(reached.size, controls, 'every control was reached with Tab');
  assert.deepEqual(unstyled, [], 'focus is visible everywhere');

  // Shortcuts: N selects a message, D delivers it, ← goes back, → forward, Space plays.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('n');
  const selected = await page.locator('.pg-flights tr[aria-selected="true"]').getAttribute('data-id');
  assert.ok(selected);
  await page.keyboard.press('d');
  await page.waitForFunction((id) => !window.paxosPlayground.state().inFlight.some((f) => f.id === Number(id)), selected);
  const h = await history(page);
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((p) => window.paxosPlayground.history().position === p - 1, h.position);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((p) => window.paxosPlayground.history().position === p, h.position);
  const play = page.getByRole('button', { name: /^(Play|Pause)$/ });
  assert.equal(await play.getAttribute('aria-pressed'), 'false');
  await page.keyboard.press(' ');
  assert.equal(await play.getAttribute('aria-pressed'), 'true');
  await page.keyboard.press(' ');
  assert.equal(await play.getAttribute('aria-pressed'), 'false');

  // The help dialog: ? opens it with the focus inside, Escape closes it and gives it back.
  const help = page.getByRole('button', { name: 'Keyboard shortcuts' });
  await help.focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  assert.equal(await dialog.evaluate((d) => d.contains(document.activeElement)), true);
  await dialog.getByText('deliver the selected message').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await help.evaluate((e) => e === document.activeElement), true);

  // A node's menu with the keyboard: Enter, arrows, Enter crashes it.
  await page.getByRole('button', { name: /^S3,/ }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Crash S3' }).waitFor();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.paxosPlayground.state().nodes[2].up === false);
  // M turns the manual network off again; the announcements switch is a key away too.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('m');
  await page.waitForFunction(() => window.paxosPlayground.state().network.mode === 'auto');
  await page.keyboard.press('a');
  assert.equal(await page.getByRole('checkbox', { name: 'Announce events to screen readers' }).isChecked(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('screen readers hear what happens, politely, unless switched off', async () => {
  const { page, context, problems } = await open();
  const live = page.locator('.pg-live[aria-live="polite"]');
  await page.evaluate(() => window.paxosPlayground.propose('S1', '1元/度'));
  // What is said depends on how many events fall in one announcement (the last three are
  // read): any sentence of this run names S1.
  await page.waitForFunction(() => /S1/.test(document.querySelector('.pg-live').textContent));
  await page.getByRole('checkbox', { name: 'Announce events to screen readers' }).uncheck();
  assert.equal(await live.textContent(), '');
  await page.evaluate(() => window.paxosPlayground.propose('S2', '2元/度'));
  await page.waitForTimeout(1300);
  assert.equal(await live.textContent(), '');
  assert.deepEqual(problems, []);
  await context.close();
});

/**
 * From a person's change of the control `selector` until `until` (an expression) holds in the
 * page, the control's `prop`, read every frame and at every update: what it showed, in order.
 */
function watchControl(page, selector, prop, until) {
  return page.evaluate(
    ({ selector, prop, until }) => {
      const control = document.querySelector(selector);
      const done = new Function(`return (${until});`);
      return new Promise((resolve) => {
        const seen = [];
        let changed = false;
        const off = window.paxosPlayground.on('update', () => changed && seen.push(control[prop]));
        let finished = false;
        const finish = (result) => {
          finished = true;
          off();
          resolve(result);
        };
        // A clear failure rather than a hang: no change, or none the simulator took.
        const timer = setTimeout(() => finish([...seen, changed ? 'the simulator never took the change' : 'no change event']), 8000);
        const look = () => {
          if (finished) return;
          seen.push(control[prop]);
          if (done() && seen.length > 5) {
            clearTimeout(timer);
            finish(seen);
          } else requestAnimationFrame(look);
        };
        control.addEventListener('change', () => { changed = true; requestAnimationFrame(look); }, { once: true });
      });
    },
    { selector, prop, until },
  );
}

test('controls changed while the clock runs keep the change: no update on its way flips them back', async () => {
  const { page, context, problems } = await open();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('16');
  const box = page.getByRole('switch', { name: 'Manual network' });
  for (let round = 0; round < 6; round++) {
    await page.getByRole('button', { name: 'Race', exact: true }).click();
    await page.waitForFunction(() => window.paxosPlayground.state().inFlight.length >= 2);
    const seen = watchControl(page, 'input[role="switch"]', 'checked', "window.paxosPlayground.state().network.mode === 'manual'");
    if (round % 2) {
      // The M key turns the switch over as a click does.
      await page.evaluate(() => document.activeElement?.blur());
      await page.keyboard.press('m');
    } else await box.check();
    const states = await seen;
    assert.ok(states.every((c) => c === true), `round ${round}: the switch went off before the manual network was on: ${states.join(' ')}`);
    // Turned on while Race's proposals went out, it still pauses the clock.
    assert.equal(await page.getByRole('button', { name: 'Play', exact: true }).count(), 1, `round ${round}: the clock runs in a manual network`);
    await box.uncheck();
    await page.waitForFunction(() => window.paxosPlayground.state().network.mode === 'auto');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
  }
  // The number of nodes, picked while a race runs.
  const count = page.getByRole('combobox', { name: 'Nodes' });
  await count.evaluate((e) => (e.dataset.watched = ''));
  for (const [round, n] of ['5', '7', '3', '7', '5', '3'].entries()) {
    await page.getByRole('button', { name: 'Race', exact: true }).click();
    await page.waitForFunction(() => window.paxosPlayground.state().inFlight.length >= 2);
    const seen = watchControl(page, 'select[data-watched]', 'value', `window.paxosPlayground.state().nodes.length === ${n}`);
    await count.selectOption(n);
    const values = await seen;
    assert.ok(values.every((v) => v === n), `round ${round}: the count showed another number before ${n} nodes were there: ${values.join(' ')}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
