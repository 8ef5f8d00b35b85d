// The Multi-Paxos view on the playground's controller (core/controller.ts with MULTI,
// multi/controller.ts) and the real simulator, in Node: the multi wasm build runs through the
// worker client's build on the page, the worker a stub that never answers.
import { describe, expect, it } from 'vitest';
import { WorkerClient } from '../src/core/client';
import { createController } from '../src/core/controller';
import { onPage } from '../src/core/firstwasm';
import type { Request } from '../src/core/protocol';
import { MULTI } from '../src/multi/controller';
import { initSync, Playground } from '../src/wasm/pkg-multi/paxos_multi.js';

const FS = 'node:fs';
const { readFileSync } = (await import(/* @vite-ignore */ FS)) as { readFileSync(path: URL, encoding?: 'utf8'): Uint8Array<ArrayBuffer> & string };
const module = new WebAssembly.Module(readFileSync(new URL('../src/wasm/pkg-multi/paxos_multi_bg.wasm', import.meta.url)));
const stubWorker = () => ({ postMessage() {}, terminate() {}, onmessage: null, onerror: null }) as unknown as Worker;
const SCENARIO = readFileSync(new URL('../../examples/scenarios/multi-stale-read-then-sync.json', import.meta.url), 'utf8');

/** A controller of the Multi view, and the requests it sent. */
function multi() {
  const client = new WorkerClient(stubWorker, Promise.resolve({ module, build: 0, local: onPage({ initSync, Playground }, () => false) }));
  const sent: Request[] = [];
  const request = client.request.bind(client);
  client.request = (r: Request) => (sent.push(r), request(r));
  let now = 0;
  let next: ((t: number) => void) | null = null;
  const frames = { request: (f: (t: number) => void) => ((next = f), 1), cancel: () => (next = null), now: () => now };
  const ctl = createController({ client, protocol: MULTI, autoplay: false, frames });
  /** Runs `n` animation frames of 16 ms. */
  const tick = async (n: number) => {
    for (let i = 0; i < n && next; i++) {
      now += 16;
      const f = next;
      next = null;
      f(now);
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { ctl, sent, tick };
}

describe("the Multi-Paxos view's controller", () => {
  it('plays at one virtual ms per real ms at speed 1, running the simulator to each event as the clock reaches it', async () => {
    const { ctl, sent, tick } = multi();
    await ctl.load(SCENARIO);
    ctl.play();
    await tick(40);
    ctl.pause();
    await tick(1);
    expect(ctl.vt).toBeGreaterThan(500);
    expect(ctl.vt).toBeLessThan(700);
    expect(ctl.snapshot!.time).toBeLessThanOrEqual(Math.floor(ctl.vt));
    expect(sent.filter((r) => r.type === 'multiRunUntil').length).toBeGreaterThan(5);
    expect(ctl.book.lines.at(-1)!.time).toBeLessThanOrEqual(ctl.snapshot!.time);
  });

  it("acts at the clock's moment in one request, going back starts a branch and the first is there to switch back to", async () => {
    const { ctl, sent, tick } = multi();
    await ctl.load(SCENARIO);
    ctl.play();
    await tick(10);
    ctl.pause();
    const at = Math.floor(ctl.vt);
    const before = sent.length;
    const view = await ctl.act([{ type: 'multiAct', action: { action: 'crash', node: 'S2' } }]);
    expect(sent.slice(before)).toEqual([{ type: 'multiAct', action: { action: 'crash', node: 'S2' }, at }]);
    expect(view.time).toBe(at);
    expect(ctl.book.lines.find((l) => l.event === 'crash')).toMatchObject({ node: 'S2', time: at });
    const end = ctl.history!.position;
    await ctl.travel({ type: 'multiSeek', position: 3 });
    await ctl.act([{ type: 'multiAct', action: { action: 'crash', node: 'S3' } }]);
    expect([ctl.history!.branch, ctl.history!.branches.length]).toEqual([1, 2]);
    expect(ctl.book.lines.some((l) => l.event === 'crash' && l.node === 'S2')).toBe(false);
    await ctl.switchBranch(0);
    expect([ctl.history!.branch, ctl.history!.position]).toEqual([0, end]);
    expect(ctl.book.lines.filter((l) => l.event === 'crash').map((l) => (l as { node: string }).node)).toEqual(['S2']);
  });
});
