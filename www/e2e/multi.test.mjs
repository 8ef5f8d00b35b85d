// End-to-end tests of the Multi-Paxos & ZooKeeper view (multi.html) in headless Chromium,
// clicking like a person: the leader crashes and another takes over, writes go on; a
// stale read at a partitioned follower, then sync and a fresh read. Run: node --test
// www/e2e/multi.test.mjs (after `npm run build`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedBrowser } from './harness.mjs';

const open = sharedBrowser();

async function openMulti(scenario, opts = {}) {
  const r = await open({ ...opts, query: `multi.html?scenario=${scenario}` });
  await r.page.evaluate(() => window.multiPlayground.ready);
  return r;
}

const state = (page) => page.evaluate(() => window.multiPlayground.state());
const card = (page, name) => page.getByRole('region', { name: `Server ${name}`, exact: true });

async function playUntil(page, fn, arg, timeout = 30_000) {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(fn, arg, { timeout });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
}

async function send(page, { server, op, path, data, session, check = [] }) {
  const form = page.getByRole('form', { name: 'Client request' });
  if (session !== undefined) await form.getByLabel('Session').selectOption(session);
  await form.getByLabel('Server').selectOption(server);
  await form.getByLabel('Operation').selectOption(op);
  if (path !== undefined) await form.getByLabel('Path').fill(path);
  if (data !== undefined) await form.getByLabel('Data').fill(data);
  for (const name of ['watch', 'ephemeral', 'sequential']) {
    const box = form.getByLabel(name, { exact: true });
    if (await box.isEnabled()) await box.setChecked(check.includes(name));
  }
  const before = (await state(page)).requests.length;
  await form.getByRole('button', { name: 'Send' }).click();
  await page.waitForFunction((n) => window.multiPlayground.state().requests.length > n, before);
  return (await state(page)).requests.at(-1).id;
}

/** Plays the loaded scenario past `until` (its end) and compares the page's trace up to then with the native snapshot's, line for line. */
async function playsLikeNative(page, name, until) {
  await page.getByLabel('Speed').selectOption('8');
  await playUntil(page, (end) => window.multiPlayground.state().time > end, until, 60_000);
  const native = readFileSync(new URL(`../../crates/paxos-sim/tests/snapshots/${name}.jsonl`, import.meta.url), 'utf8').trimEnd().split('\n');
  const inPage = (await page.evaluate(() => window.multiPlayground.trace())).trimEnd().split('\n');
  const upTo = inPage.filter((l, i) => i === 0 || JSON.parse(l).time <= until);
  assert.deepEqual(upTo, native, "the same trace, line for line, up to the scenario's end");
}

const historyRow = (page, id) => page.getByRole('table', { name: 'Requests' }).locator(`tr[data-request="${id}"]`);

test('a. The leader crashes from its card; another server leads and a write at a follower reaches every live tree', async () => {
  const { page, context, problems } = await openMulti('multi-leader-failover');
  await page.getByLabel('Speed').selectOption('2');
  await playUntil(page, () => document.querySelector('.mp-card[data-role="leader"]') !== null);
  const leader = await page.locator('.mp-card[data-role="leader"]').getAttribute('data-server');
  assert.match(await card(page, leader).textContent(), /★ leader/);
  await card(page, leader).getByRole('button', { name: `Crash ${leader}` }).click();
  await page.waitForFunction((l) => document.querySelector(`.mp-card[data-server="${l}"]`)?.dataset.role === 'down', leader);
  assert.equal(await card(page, leader).getByRole('button', { name: `Restart ${leader}` }).count(), 1);
  await page.getByRole('log').getByText(`${leader} crashed`).first().waitFor();

  // Play on: another server wins an election; wait past the scenario's last scripted write.
  await page.getByLabel('Speed').selectOption('8');
  await playUntil(
    page,
    (old) => {
      const s = window.multiPlayground.state();
      return s.time >= 2100 && s.leader !== null && s.leader !== old && document.querySelector('.mp-card[data-role="leader"]')?.getAttribute('data-server') === s.leader;
    },
    leader,
  );
  const now = await state(page);
  const newLeader = now.leader;
  assert.notEqual(newLeader, leader);
  assert.match(await card(page, newLeader).locator('.mp-role').textContent(), /★ leader/);

  // A write at a follower: forwarded to the leader, chosen, applied everywhere.
  const follower = now.servers.find((s) => s.up && s.name !== newLeader).name;
  const id = await send(page, { server: follower, op: 'setData', path: '/laws/electricity', data: '42元/度' });
  await playUntil(
    page,
    (id) => {
      const s = window.multiPlayground.state();
      const q = s.requests.find((r) => r.id === id);
      return q?.result?.ok === true && s.servers.filter((x) => x.up).every((x) => x.tree.some((z) => z.path === '/laws/electricity' && z.data === '42元/度'));
    },
    id,
  );
  assert.match(await historyRow(page, id).locator('.mp-result').textContent(), /^ok$/);
  const live = (await state(page)).servers.filter((s) => s.up).map((s) => s.name);
  assert.ok(live.length >= 3);
  for (const name of live) {
    await card(page, name).getByRole('table', { name: `${name}'s znodes` }).getByText('/laws/electricity = 42元/度').waitFor();
  }
  assert.deepEqual((await state(page)).violations, []);
  assert.equal(await page.locator('.mp-violations').isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('b. A stale read at a partitioned follower, then heal, sync and a fresh read', async () => {
  const { page, context, problems } = await openMulti('multi-stale-read-then-sync');
  // Slowly: the scenario heals the network by itself at 500 ms.
  await page.getByLabel('Speed').selectOption('0.25');
  // The scenario makes S1 leader, cuts S3 off at 200 ms and writes 2元/度 at 250 ms: stop
  // once that write is answered, and write a newer value by hand.
  await playUntil(page, () => {
    const s = window.multiPlayground.state();
    return s.groups !== null && s.leader === 'S1' && s.requests.some((r) => r.result?.ok) && s.time < 440;
  });
  const value = '9元/度';
  const write = await send(page, { server: 'S1', op: 'setData', path: '/laws/electricity', data: value });
  await playUntil(page, (id) => window.multiPlayground.state().requests.find((r) => r.id === id)?.result?.ok === true, write);

  const read = await send(page, { server: 'S3', op: 'getData', path: '/laws/electricity' });
  await page.waitForFunction((id) => window.multiPlayground.state().requests.find((r) => r.id === id)?.result, read);
  const stale = historyRow(page, read);
  assert.match(await stale.getAttribute('class'), /mp-stale/);
  assert.match(await stale.locator('.mp-result').textContent(), /stale: the leader S1 has 9元\/度/);
  assert.notEqual(await stale.locator('td').nth(7).textContent(), value);

  await page.getByRole('button', { name: 'Heal', exact: true }).click();
  await page.waitForFunction(() => window.multiPlayground.state().groups === null);
  const sync = await send(page, { server: 'S3', op: 'sync' });
  await playUntil(page, (id) => window.multiPlayground.state().requests.find((r) => r.id === id)?.result?.ok === true, sync);
  assert.match(await historyRow(page, sync).locator('.mp-result').textContent(), /^ok$/);

  const fresh = await send(page, { server: 'S3', op: 'getData', path: '/laws/electricity' });
  await page.waitForFunction((id) => window.multiPlayground.state().requests.find((r) => r.id === id)?.result, fresh);
  const row = historyRow(page, fresh);
  assert.doesNotMatch(await row.getAttribute('class'), /mp-stale/);
  assert.equal(await row.locator('.mp-result').textContent(), 'ok');
  assert.equal(await row.locator('td').nth(7).textContent(), value);
  await page.getByRole('log').getByText(`S3 answered #${fresh} getData: ${value}`).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('c. Linked from the playground and back; a refused action shows its message; the trace exports', async () => {
  const { page, context, problems } = await open();
  await page.getByRole('link', { name: 'Multi-Paxos & ZooKeeper view' }).click();
  await page.waitForFunction(() => window.multiPlayground !== undefined);
  await page.evaluate(() => window.multiPlayground.ready);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Multi-Paxos & ZooKeeper view');
  assert.equal((await state(page)).servers.length, 5);

  // A refused request is shown, not swallowed.
  await assert.rejects(page.evaluate(() => window.multiPlayground.act({ action: 'crash', node: 'S9' })), /S9/);
  const alert = page.locator('.mp-error');
  await alert.waitFor();
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.textContent(), /S9/);

  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction(() => window.multiPlayground.state().step >= 1);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export trace' }).click();
  const file = await (await download).path();
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(file, 'utf8');
  assert.equal(text, await page.evaluate(() => window.multiPlayground.trace()));
  assert.match(text.split('\n')[0], /paxos-trace/);

  await page.getByRole('link', { name: '← Basic Paxos playground' }).click();
  await page.waitForFunction(() => window.paxosPlayground !== undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

test('d. A counterexample the model checker wrote opens from a file and steps to its violation; a Basic scenario is refused', async () => {
  const { page, context, problems } = await openMulti('multi-leader-failover');
  const { fileURLToPath } = await import('node:url');
  const file = (p) => fileURLToPath(new URL(`../../examples/${p}`, import.meta.url));

  // A Basic Paxos scenario: the simulator's message, and the story shown stays.
  let chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open a file…' }).click();
  await (await chooser).setFiles(file('scenarios/island-race.json'));
  await page.locator('.mp-error').getByText('this view runs "multi" scenarios').waitFor();
  assert.equal((await state(page)).servers.length, 5, 'the failover story is still loaded');

  chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open a file…' }).click();
  await (await chooser).setFiles(file('check/counterexamples/multi-sync-without-quorum.json'));
  await page.locator('.mp-about').getByText('Counterexample: always("sync-sees-acknowledged-writes") broken').waitFor();
  assert.equal(await page.getByLabel('Scenario').inputValue(), 'file');
  assert.match(await page.getByLabel('Scenario').locator('option:checked').textContent(), /multi-sync-without-quorum\.json/);
  assert.equal((await state(page)).servers.length, 3);
  assert.equal(await page.locator('.mp-error').isHidden(), true, 'a success clears the refusal');

  // Step by step: the election, then the manual network holds every message, and the
  // checker's moves happen one click at a time until the sync returns too early.
  const stepBtn = page.getByRole('button', { name: 'Step', exact: true });
  let held = false;
  for (let i = 0; i < 200 && (await state(page)).violations.length === 0; i++) {
    const before = await page.evaluate(() => window.multiPlayground.position());
    await stepBtn.click();
    await page.waitForFunction((n) => window.multiPlayground.position() > n, before);
    held ||= (await page.locator('.mp-flights').textContent()).includes('(waits to be delivered)');
  }
  const s = await state(page);
  assert.deepEqual(
    s.violations.map((v) => v.property),
    ['sync-sees-acknowledged-writes'],
  );
  assert.equal(s.time, 150);
  assert.ok(held, 'messages wait on the manual network');
  await page.locator('.mp-violations').getByText('sync-sees-acknowledged-writes').waitFor();
  // One step back: before the violation.
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await page.waitForFunction(() => window.multiPlayground.state().violations.length === 0);

  // The trace equals the one paxos-sim writes for the same file.
  const { spawnSync } = await import('node:child_process');
  const cli = fileURLToPath(new URL('../../target/release/paxos-sim', import.meta.url));
  const run = spawnSync(cli, ['run', file('check/counterexamples/multi-sync-without-quorum.json'), '--trace', '-'], { encoding: 'utf8' });
  assert.equal(run.status, 1, 'paxos-sim run finds the violation too');
  const native = run.stdout;
  await stepBtn.click();
  await page.waitForFunction(() => window.multiPlayground.state().violations.length > 0);
  assert.equal(await page.evaluate(() => window.multiPlayground.trace()), native);
  assert.deepEqual(problems, []);
  await context.close();
});

test('e. Deliver by hand: messages wait, a person delivers or drops each, and the network runs by itself again', async () => {
  const { page, context, problems } = await openMulti('multi-leader-failover');
  const net = page.getByRole('region', { name: 'Network' });
  await net.getByLabel('Deliver by hand').check();
  await page.waitForFunction(() => window.multiPlayground.state().network.mode === 'manual');
  // S1 starts an election: its prepares wait.
  await card(page, 'S1').getByRole('button', { name: 'Start election at S1' }).click();
  const held = net.getByRole('list', { name: 'Messages in flight' }).locator('.mp-held');
  await held.first().waitFor();
  const before = (await state(page)).messages;
  const first = held.first();
  const what = await first.getByRole('button', { name: /^Deliver: / }).getAttribute('aria-label');
  await first.getByRole('button', { name: /^Deliver: / }).click();
  await page.waitForFunction((n) => window.multiPlayground.state().messages.delivered > n, before.delivered);
  assert.match(what, /^Deliver: S1→S\d prepare/);
  // By keyboard: the focus stays on a Drop button of the list after each drop.
  await held.first().getByRole('button', { name: /^Drop: / }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => window.multiPlayground.state().messages.dropped > n, before.dropped);
  await page.waitForFunction(() => document.activeElement?.closest('.mp-flights') !== null && document.activeElement.textContent === 'Drop');
  // Back to the automatic network: what waited is on its way.
  await net.getByLabel('Deliver by hand').uncheck();
  await page.waitForFunction(() => window.multiPlayground.state().flights.every((f) => f.arrivesAt !== null));
  assert.equal(await held.count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('f. The Check panel: correct Multi-Paxos holds; a broken variant gives its shortest counterexample, which opens and steps to the violation', async () => {
  const { page, context, problems } = await openMulti('multi-leader-failover');
  const { fileURLToPath } = await import('node:url');
  const openExample = async (p) => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open a file…' }).click();
    await (await chooser).setFiles(fileURLToPath(new URL(`../../examples/check/${p}`, import.meta.url)));
    await page.waitForFunction(() => window.multiPlayground.state().servers.length === 3);
  };
  const panel = page.getByRole('region', { name: 'Model checker' });

  // Correct Multi-Paxos, S1 leading, two writes, rounds up to 1: every state, no violation.
  await openExample('multi-failover.json');
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  await panel.getByText(/^No violation with ballots up to round 1, no crash: every reachable state explored \(10,712 states\)\. More rounds/).waitFor({ timeout: 120_000 });
  assert.match(await panel.locator('.mp-check-progress').textContent(), /from the scenario at 99 ms, before its first client request \(S1 leads\)/);

  // Another scenario in the middle of a check: the search ends quietly with it.
  await panel.getByLabel('Rounds up to').selectOption('3');
  await panel.getByLabel('one server may crash').check();
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  await page.waitForFunction(() => /states, depth/.test(document.querySelector('.mp-check-progress')?.textContent ?? ''));
  await page.getByLabel('Scenario').selectOption('multi-two-leaders');
  await page.waitForFunction(() => window.multiPlayground.state().servers.length === 5);
  await panel.getByRole('button', { name: 'Check', exact: true }).and(page.locator(':enabled')).waitFor();
  assert.equal(await panel.locator('.mp-check-result').textContent(), '', 'no error, no result of the scenario before');
  await panel.getByLabel('one server may crash').uncheck();

  // The sync answered without a quorum: the same 7 moves as paxos-sim check prints.
  await openExample('multi-broken-sync-without-quorum.json');
  assert.equal(await panel.locator('.mp-check-result').textContent(), '', 'a new scenario forgets the last result');
  await panel.getByLabel('Rounds up to').selectOption('2');
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  await panel.getByText('always("sync-sees-acknowledged-writes") broken after 7 moves:').waitFor({ timeout: 60_000 });
  const moves = await panel.locator('.mp-check-path li').allTextContents();
  assert.equal(moves.length, 7);
  assert.equal(moves[0], 'a client asks S2: #1 setData /laws/electricity 2元/度');
  assert.equal(moves[1], "S2's timer fires");
  assert.match(moves[2], /^S2 → S3: prepare 2\.S2 from slot 0, delivered$/);
  assert.equal(moves[6], 'a client asks S1: #2 sync');

  await panel.getByRole('button', { name: 'Open the counterexample' }).click();
  await page.locator('.mp-about').getByText('Counterexample: always("sync-sees-acknowledged-writes") broken').waitFor();
  assert.match(await page.getByLabel('Scenario').locator('option:checked').textContent(), /counterexample\.json/);
  assert.equal(await panel.locator('.mp-check-path li').count(), 7, 'the moves stay shown while stepping');
  for (let i = 0; i < 200 && (await state(page)).violations.length === 0; i++) {
    const before = await page.evaluate(() => window.multiPlayground.position());
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForFunction((n) => window.multiPlayground.position() > n, before);
  }
  assert.deepEqual((await state(page)).violations.map((v) => v.property), ['sync-sees-acknowledged-writes']);
  assert.deepEqual(problems, []);
  await context.close();
});

test("g. The lock recipe plays to the trace the simulator writes natively; then a person takes the lock in a new session and a silent client's expiry wakes it", async () => {
  const { page, context, problems } = await openMulti('multi-lock-recipe');
  await playsLikeNative(page, 'multi-lock-recipe', 3800);
  // carol (session 3, at S1) holds the lock: hers is the only child left.
  const sessions = page.getByRole('table', { name: 'Sessions' });
  assert.match(await sessions.locator('tr[data-session="1"]').textContent(), /expired/);
  await card(page, 'S1').getByText('ephemeral, session 3').waitFor();

  // A person: a new session at S2 queues for the lock and watches carol's node.
  const connect = await send(page, { server: 'S2', op: 'connect' });
  await playUntil(page, (id) => window.multiPlayground.state().requests.find((r) => r.id === id)?.result?.ok === true, connect);
  assert.match(await sessions.locator('tr[data-session="4"]').textContent(), /S2.*connected/);
  const mine = await send(page, { session: '4', server: 'S2', op: 'create', path: '/lock/n-', data: 'dora', check: ['ephemeral', 'sequential'] });
  await playUntil(page, (id) => window.multiPlayground.state().requests.find((r) => r.id === id)?.result?.ok === true, mine);
  // The parent counts the three creates and two deletes before.
  assert.match(await historyRow(page, mine).textContent(), /created \/lock\/n-0000000005/);
  await send(page, { session: '4', server: 'S2', op: 'exists', path: '/lock/n-0000000002', check: ['watch'] });
  await page.getByRole('log').getByText("S2 keeps a watch for session 4 on /lock/n-0000000002's data").waitFor();
  assert.match(await sessions.locator('tr[data-session="4"]').textContent(), /data of \/lock\/n-0000000002/);

  // carol's client goes silent: the leader expires her session, her node goes, the watch fires.
  await send(page, { session: '3', server: 'S1', op: 'disconnect' });
  await playUntil(page, () => window.multiPlayground.state().sessions[2].state === 'expired', undefined, 60_000);
  await page.getByRole('log').getByText('watch fired: S2 tells session 4 that /lock/n-0000000002 was deleted').waitFor();
  const children = await send(page, { session: '4', server: 'S2', op: 'getChildren', path: '/lock' });
  await page.waitForFunction((id) => window.multiPlayground.state().requests.find((r) => r.id === id)?.result, children);
  assert.equal(await historyRow(page, children).locator('td').nth(7).textContent(), 'n-0000000005');
  assert.deepEqual((await state(page)).violations, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('h. The leader election recipe plays to the trace the simulator writes natively', async () => {
  const { page, context, problems } = await openMulti('multi-leader-election-recipe');
  await playsLikeNative(page, 'multi-leader-election-recipe', 3400);
  // chen's session moved from the crashed S2 to S1 with its watch; anna's expired.
  const sessions = page.getByRole('table', { name: 'Sessions' });
  assert.match(await sessions.locator('tr[data-session="1"]').textContent(), /expired/);
  assert.match(await sessions.locator('tr[data-session="3"]').textContent(), /S1.*connected.*data of \/election\/c-0000000001/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("i. The island, timeline, space-time diagram and inspector are the Basic page's own views: envelopes fly, a client's request glides in, the slider and the diagram go back in time, a card opens its server in the inspector, acting in the past branches", async () => {
  const { page, context, problems } = await openMulti('multi-stale-read-then-sync');
  const island = page.getByRole('region', { name: "The island: servers, messages in flight and clients' requests" });
  const envelopes = island.locator('.pg-env:not(.pg-env-client)');
  const between = async () => (await state(page)).flights.filter((f) => f.from !== f.to).length;

  // S1 leads; the partition at 200 ms cuts S3's two links, drawn dashed red.
  await playUntil(page, () => window.multiPlayground.state().time >= 230);
  // Then event by event, to a moment with a heartbeat on its way to S2.
  for (let i = 0; i < 100 && !(await state(page)).flights.some((f) => f.msg.type === 'heartbeat' && f.to === 'S2'); i++) {
    const before = await page.evaluate(() => window.multiPlayground.position());
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForFunction((n) => window.multiPlayground.position() > n, before);
  }
  const cards = island.getByRole('button', { name: /^S\d, / });
  assert.equal(await cards.count(), 3);
  assert.match(await island.getByRole('button', { name: /^S1, / }).getAttribute('aria-label'), /^S1, ★ leader, promised 1\.S1, commit \d+ · applied \d+, zxid /);
  assert.equal(await island.locator('line.pg-link.pg-cut').count(), 2, "S3's links cross the partition");
  // One envelope per message in flight between two servers, labelled as the log says it.
  assert.equal(await envelopes.count(), await between());
  assert.ok((await envelopes.allTextContents()).some((x) => /^heartbeat 1\.S1, commit \d+$/.test(x)), 'the leader heartbeats its followers');

  // A person's request at S2 glides in, and its answer out, both named by the request's number.
  const id = await send(page, { server: 'S2', op: 'getData', path: '/laws/electricity' });
  await island.locator('.pg-env-request').getByText(`#${id} getData /laws/electricity`).waitFor();
  await island.locator('.pg-env-reply').getByText(new RegExp(`^#${id} `)).waitFor();

  // The timeline slider goes back to the start and forth to the end, the island with it.
  const slider = page.getByRole('slider', { name: 'Timeline' });
  const end = await page.evaluate(() => window.multiPlayground.position());
  await slider.focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => window.multiPlayground.position() === 0);
  assert.match(await page.locator('.pg-where').textContent(), new RegExp(`^event 0 of ${end} · step \\d+$`));
  assert.equal(await island.locator('line.pg-link.pg-cut').count(), 0, 'no partition yet');
  await page.keyboard.press('End');
  await page.waitForFunction((n) => window.multiPlayground.position() === n, end);
  assert.equal(await envelopes.count(), await between());

  // The diagram has a lane per server and per client; a click on it goes to the step under it.
  const diagram = page.locator('.mp-views .pg-diagram');
  await diagram.getByRole('button', { name: 'Fit' }).click();
  const steps = (await state(page)).step;
  await diagram.getByRole('group', { name: /^Space-time diagram/ }).click({ position: { x: 200, y: 150 } });
  await page.waitForFunction((n) => window.multiPlayground.state().step < n, steps);
  const at = (await state(page)).step;
  assert.ok(at > 1, `went back to step ${at} of ${steps}`);
  assert.equal(Number(await diagram.getAttribute('data-messages')) > 0, true);

  // At the end again, a card opens its server in the inspector, whose history goes to the moment of a line.
  await slider.focus();
  await page.keyboard.press('End');
  await page.waitForFunction((n) => window.multiPlayground.position() === n, end);
  await island.getByRole('button', { name: /^S2, / }).click();
  const inspector = page.locator('.mp-views .pg-inspector');
  assert.equal(await inspector.getByLabel('Node to inspect').inputValue(), 'S2');
  await inspector.getByText('follower (of S1)').waitFor();
  assert.match(await inspector.locator('.pg-nb-btn').first().textContent(), new RegExp(`S2 answered #${id} getData`));
  const first = inspector.locator('.pg-nb-btn').last();
  const step = Number(await first.getAttribute('data-step'));
  await first.click();
  await page.waitForFunction((n) => window.multiPlayground.state().step >= n && window.multiPlayground.state().step < n + 20, step);

  // Acting in the past starts a branch; the timeline offers the way back to the first.
  await card(page, 'S3').getByRole('button', { name: 'Crash S3' }).click();
  await page.locator('.pg-branch').getByText(/^branch 2 of 2, forked from branch 1 at event \d+$/).waitFor();
  await page.getByRole('button', { name: 'Switch', exact: true }).click();
  await page.waitForFunction((n) => window.multiPlayground.position() === n, end);
  assert.equal(await page.locator('.pg-branch').textContent(), 'branch 1 of 2');
  assert.equal((await state(page)).servers.find((x) => x.name === 'S3').up, true, 'S3 never crashed on the first branch');
  assert.deepEqual(problems, []);
  await context.close();
});
