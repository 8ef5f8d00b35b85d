// End-to-end tests of share links and files (issue 7, "Scenarios and sharing") in headless
// Chromium: a session made by clicking (race, a crash, a manual network and a delivery,
// going back, a second branch) is shared and opens in a fresh page at the identical state;
// broken links (a newer format, a truncated fragment, garbage, a replay the simulator
// refuses) and bad files (malformed JSON, a trace that breaks the format, 50 MB) each give
// their message and leave the session as it was. Run: node --test www/e2e/ (after a build).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, chosenBanner, sharedBrowser } from './harness.mjs';

const open = sharedBrowser();
const tmp = mkdtempSync(path.join(tmpdir(), 'paxos-share-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const pg = (page, f, arg) => page.evaluate(f, arg);
const snapshotOf = (page) =>
  pg(page, async () => {
    const p = window.paxosPlayground;
    return { trace: await p.trace(), history: p.history(), state: p.state(), lines: p.lines().length };
  });
const alert = (page, text) => page.getByRole('alert').filter({ hasText: text });

/** The fragment a link's `s` value would be, made here the way docs/sharing.md says. */
async function fragmentOf(recording) {
  const s = new Blob([new TextEncoder().encode(JSON.stringify(recording))]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = Buffer.from(await new Response(s).arrayBuffer());
  return `#s=1.${bytes.length}.${bytes.toString('base64url')}`;
}

/** The page shows the default scenario, untouched, and still works. */
async function defaultAndWorking(page) {
  const { state, history } = await snapshotOf(page);
  assert.equal(state.nodes.length, 3);
  assert.equal(state.step, 0);
  assert.equal(history.length, 0);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('16');
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  await chosenBanner(page).waitFor({ timeout: 30_000 });
}

test('Share: a clicked session opens in a fresh page at the identical state', async () => {
  const { page, context, problems } = await open();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('0.25');
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  await page.waitForFunction(() => window.paxosPlayground.state().now >= 5);
  await page.getByRole('button', { name: /^S3,/ }).click();
  await page.getByRole('menuitem', { name: 'Crash S3' }).click();
  await page.waitForFunction(() => !window.paxosPlayground.state().nodes[2].up);
  // (a click, not check(): while the clock runs, an update may redraw the switch before the answer)
  await page.getByRole('switch', { name: 'Manual network' }).click();
  await page.waitForFunction(() => window.paxosPlayground.state().network.mode === 'manual');
  // Deliver the first message waiting for a node that is up, from the In flight list.
  const row = page.locator('.pg-flights tr[data-id]:not([data-to="S3"])').first();
  await row.waitFor();
  const id = await row.getAttribute('data-id');
  await row.getByRole('button', { name: /^Deliver/ }).click();
  await page.locator(`.pg-flights tr[data-id="${id}"]`).waitFor({ state: 'detached' });
  // Back, then another fate for the same message: a second branch; back to the first, back once more.
  await page.getByRole('button', { name: 'Back' }).click();
  await page.waitForFunction(() => window.paxosPlayground.history().position < window.paxosPlayground.history().length);
  await pg(page, (id) => window.paxosPlayground.drop(id), Number(id));
  await page.waitForFunction(() => window.paxosPlayground.history().branches.length === 2);
  await page.keyboard.press('b');
  await page.waitForFunction(() => window.paxosPlayground.history().branch === 0);
  await page.getByRole('button', { name: 'Back' }).click();
  await page.waitForFunction(() => window.paxosPlayground.history().position < window.paxosPlayground.history().length);

  const before = await snapshotOf(page);
  const recorded = await pg(page, () => window.paxosPlayground.recording().requests.map((r) => r.type));
  for (const type of ['propose', 'runUntil', 'crash', 'setNetwork', 'deliver', 'back', 'drop', 'switchBranch']) {
    assert.ok(recorded.includes(type), `the recording holds a ${type}`);
  }
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'address bar' }).waitFor();
  const url = page.url();
  assert.match(new URL(url).hash, /^#s=1\.\d+\.[A-Za-z0-9_-]+$/);
  assert.ok(url.length < 4000, `a compact link (${url.length} characters)`);
  assert.deepEqual(await snapshotOf(page), before, 'sharing changes nothing');

  const other = await open({ query: new URL(url).hash });
  await other.page.getByRole('status').filter({ hasText: 'Opened a shared link' }).waitFor({ timeout: 30_000 });
  const after = await snapshotOf(other.page);
  assert.equal(after.trace, before.trace, 'the same trace, byte for byte');
  assert.deepEqual(after.history, before.history, 'the same position, branch and branches');
  assert.deepEqual(after.state, before.state, 'the same snapshot');
  assert.equal(after.lines, before.lines);
  // The page shows that moment: the log's newest line is the current step, the clock is paused.
  await other.page.waitForFunction(() => Number(document.querySelector('.pg-log-list li')?.dataset.step) === window.paxosPlayground.state().step);
  assert.equal(await other.page.getByRole('button', { name: 'Play', exact: true }).count(), 1);
  // And it goes on from there like the original: one more step forward in both gives the same trace.
  await pg(page, () => window.paxosPlayground.forward());
  await pg(other.page, () => window.paxosPlayground.forward());
  assert.equal((await snapshotOf(other.page)).trace, (await snapshotOf(page)).trace);
  assert.deepEqual(problems, []);
  assert.deepEqual(other.problems, []);
  await other.context.close();
  await context.close();
});

test('broken links: each gets its message, and the default scenario stays and works', async () => {
  // A real link to cut short.
  const maker = await open();
  await pg(maker.page, async () => {
    await window.paxosPlayground.propose('S1', '1元/度');
    await window.paxosPlayground.step(5);
  });
  const good = new URL(await pg(maker.page, () => window.paxosPlayground.shareLink())).hash;
  await maker.context.close();

  const cases = [
    ['#s=2.41.abcdef', 'this link was made by a newer version of the playground (format 2); this page reads format 1'],
    [good.slice(0, good.length - 20), 'this link is cut short'],
    [good.slice(0, 12), 'this link is cut short'],
    ['#s=garbage!!', 'this is not a playground link'],
    [`#s=1.30.${'@'.repeat(40)}`, 'its data is not base64url'],
    ['#s=1.6.______AA', 'its data does not decompress'],
  ];
  for (const [hash, message] of cases) {
    const { page, context, problems } = await open({ query: hash });
    await alert(page, message).waitFor();
    assert.match(await alert(page, message).textContent(), /^This link cannot be opened: .*Nothing was changed\./);
    await defaultAndWorking(page);
    assert.deepEqual(problems, [], hash);
    await context.close();
  }
});

test('a link whose replay the simulator refuses: its message, and the session before comes back', async () => {
  const bad = await fragmentOf({
    scenario: '{"format":"paxos-scenario","version":1,"nodes":3,"seed":42}',
    seed: 42,
    requests: [{ type: 'propose', node: 'S1', value: 'a' }, { type: 'step', count: 3 }, { type: 'crash', node: 'S9' }],
    at: { position: 4, length: 4, branch: 0, step: 5, now: 0 },
  });
  // On a fresh page: the default scenario.
  const { page, context, problems } = await open({ query: bad });
  const refused = alert(page, 'there is no node named "S9"');
  await refused.waitFor();
  assert.match(await refused.textContent(), /the playground went back to what it showed before/);
  await defaultAndWorking(page);

  // On a page with a session: pasting the link (a new fragment) restores that session exactly.
  await pg(page, async () => {
    await window.paxosPlayground.seek(7);
  });
  const before = await snapshotOf(page);
  await refused.getByRole('button', { name: 'Dismiss this message' }).click();
  await refused.waitFor({ state: 'hidden' });
  await pg(page, (hash) => (location.hash = hash), bad.replace('#', '#x=1&'));
  await refused.waitFor();
  assert.deepEqual(await snapshotOf(page), before, 'the session is as it was');
  assert.deepEqual(problems, []);
  await context.close();
});

test('bad files: malformed JSON, a broken trace, an empty file and 50 MB leave the session untouched', async () => {
  const { page, context, problems } = await open();
  await pg(page, async () => {
    window.paxosPlayground.pause();
    await window.paxosPlayground.propose('S2', '2元/度');
    await window.paxosPlayground.step(6);
  });
  const before = await snapshotOf(page);
  const file = (name, content) => {
    const p = path.join(tmp, name);
    writeFileSync(p, content);
    return p;
  };
  const scenarioIn = page.getByLabel('Open a scenario file');
  const traceIn = page.getByLabel('Open a trace file');
  const fileError = page.locator('.pg-files .pg-error[role=alert]');

  await scenarioIn.setInputFiles(file('broken.json', '{\n  "format": "paxos-scenario",\n  "version": 1\n  "nodes": 3\n}\n'));
  await fileError.filter({ hasText: 'malformed JSON at line 4' }).waitFor();
  assert.match(await fileError.textContent(), /^Could not open broken\.json: malformed JSON at line 4, column 3.*The island is as it was\.$/);
  assert.deepEqual(await snapshotOf(page), before);

  await scenarioIn.setInputFiles(file('refused.json', '{"format":"paxos-scenario","version":1,"nodes":3,"network":{"drop":1.5}}'));
  await fileError.filter({ hasText: 'network.drop: 1.5 is out of range' }).waitFor();
  assert.deepEqual(await snapshotOf(page), before);

  const trace = readFileSync(path.join(ROOT, 'www', 'test', 'fixtures', 'island-race.jsonl'), 'utf8').split('\n');
  const swapped = [trace[0], trace[1], trace[3], trace[2], ...trace.slice(4)].join('\n');
  await traceIn.setInputFiles(file('swapped.jsonl', swapped));
  await fileError.filter({ hasText: "line 3: has step 3; steps go up by one from 1, so this line's step is 2" }).waitFor();
  assert.equal(await page.locator('dialog.pg-viewer[open]').count(), 0);

  await traceIn.setInputFiles(file('empty.jsonl', ''));
  await fileError.filter({ hasText: 'Could not open empty.jsonl: that file is empty' }).waitFor();

  const big = path.join(tmp, 'big.json');
  writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, 0x20));
  await scenarioIn.setInputFiles(big);
  await fileError.filter({ hasText: 'that file is 50.0 MB; the playground reads files up to 5 MB' }).waitFor();
  await traceIn.setInputFiles(big);
  await fileError.filter({ hasText: 'Could not open big.json: that file is 50.0 MB; the playground reads files up to 5 MB' }).waitFor();
  assert.deepEqual(await snapshotOf(page), before, 'after every refusal, the session is as it was');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a trace file opens in the reader, line by line, and the island stays as it is', async () => {
  const { page, context, problems } = await open();
  const before = await snapshotOf(page);
  await page.getByLabel('Open a trace file').setInputFiles(path.join(ROOT, 'www', 'test', 'fixtures', 'island-race.jsonl'));
  const viewer = page.getByRole('dialog', { name: 'Trace: island-race.jsonl' });
  await viewer.waitFor();
  assert.match(await viewer.textContent(), /S1, S2, S3 · quorum 2 · seed 42 · \d+ events/);
  await viewer.getByRole('button', { name: 'Next line' }).click();
  await viewer.locator('.pg-viewer-now').filter({ hasText: 'S1 proposes 1元/度' }).waitFor();
  await viewer.getByRole('button', { name: 'Next line' }).click();
  await viewer.locator('.pg-viewer-now').filter({ hasText: 'S1 sends prepare 1.S1 to itself' }).waitFor();
  await viewer.getByRole('button', { name: 'Last line' }).click();
  assert.match(await viewer.locator('.pg-viewer-where').textContent(), /^line (\d+) of \1 · step \1/);
  await viewer.getByRole('button', { name: 'Previous line' }).click();
  await page.keyboard.press('Home');
  await viewer.locator('.pg-viewer-now').filter({ hasText: 'Nothing has happened yet' }).waitFor();
  // The list has on the page only the lines in view: scroll down to the chosen line first.
  await viewer.locator('.pg-viewer-list').evaluate(async (el) => {
    for (let y = 0; y < el.scrollHeight && !/is chosen \(ballot/.test(el.textContent); y += el.clientHeight / 2) {
      el.scrollTop = y;
      await new Promise((r) => requestAnimationFrame(() => r()));
    }
  });
  await viewer.getByText(/is chosen \(ballot/).click();
  await viewer.locator('.pg-viewer-now').filter({ hasText: 'is chosen (ballot' }).waitFor();
  await viewer.getByRole('button', { name: 'Close' }).click();
  await viewer.waitFor({ state: 'hidden' });
  assert.deepEqual(await snapshotOf(page), before, 'reading a trace simulates nothing');

  // Export scenario writes the scenario with its seed; opening it again loads it.
  await page.getByRole('spinbutton', { name: 'Seed' }).fill('7');
  await page.getByRole('spinbutton', { name: 'Seed' }).press('Tab');
  await page.waitForFunction(() => JSON.parse(window.paxosPlayground.scenario()).seed === 7);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export scenario' }).click()]);
  assert.equal(download.suggestedFilename(), 'paxos-scenario.json');
  const saved = path.join(tmp, 'saved.json');
  await download.saveAs(saved);
  const exported = JSON.parse(readFileSync(saved, 'utf8'));
  assert.equal(exported.format, 'paxos-scenario');
  assert.equal(exported.seed, 7);
  await page.getByRole('combobox', { name: 'Nodes' }).selectOption('5');
  await page.waitForFunction(() => window.paxosPlayground.state().nodes.length === 5);
  await page.getByLabel('Open a scenario file').setInputFiles(saved);
  await page.waitForFunction(() => window.paxosPlayground.state().nodes.length === 3);
  await page.locator('.pg-file-status').filter({ hasText: 'Opened saved.json.' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
