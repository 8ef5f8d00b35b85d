// The controller (core/controller.ts) with the real simulator and no browser: the
// laboratory's wasm build runs in Node through the worker client's build on the page, the
// worker itself being a stub that never answers.
import { describe, expect, it } from 'vitest';
import { WorkerClient } from '../src/core/client';
import { BASIC, createController, type Shown } from '../src/core/controller';
import { onPage } from '../src/core/firstwasm';
import { parseTrace } from '../src/core/history';
import { Packer, Unpacker } from '../src/core/changes';
import { initSync, Playground } from '../src/wasm/pkg-lab/paxos_lab.js';

// Read from disk with Node's fs; the module name is a variable so the browser-only type check
// does not need Node types (as theme.test.ts does).
const FS = 'node:fs';
const { readFileSync } = (await import(/* @vite-ignore */ FS)) as { readFileSync(path: URL): Uint8Array<ArrayBuffer> };
const module = new WebAssembly.Module(readFileSync(new URL('../src/wasm/pkg-lab/paxos_lab_bg.wasm', import.meta.url)));
const stubWorker = () => ({ postMessage() {}, terminate() {}, onmessage: null, onerror: null }) as unknown as Worker;
const client = () => new WorkerClient(stubWorker, Promise.resolve({ module, build: 1, local: onPage({ initSync, Playground }, () => false) }));

/** A clock that moves only when told. */
function fakeFrames() {
  let now = 0;
  let next: ((t: number) => void) | null = null;
  return {
    request: (f: (t: number) => void) => ((next = f), 1),
    cancel: () => (next = null),
    now: () => now,
    /** Runs `n` frames of `ms` each. */
    tick(n: number, ms = 16) {
      for (let i = 0; i < n && next; i++) {
        now += ms;
        const f = next;
        next = null;
        f(now);
      }
    },
  };
}

const SCENARIO = JSON.stringify({ format: 'paxos-scenario', version: 1, nodes: 3, seed: 7, network: { delay: [10, 100], drop: 0, duplicate: 0 } });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the controller', () => {
  it('carries out requests one at a time, in the order they were made', async () => {
    const ctl = createController({ client: client(), protocol: BASIC, autoplay: false, frames: fakeFrames() });
    const seen: string[] = [];
    ctl.on('shown', (s) => seen.push(s.request?.type ?? 'redraw'));
    const done = Promise.all([ctl.load(SCENARIO), ctl.act([{ type: 'propose', node: 'S1', value: 'x' }]), ctl.jump({ type: 'step', count: 3 })]);
    await done;
    expect(seen).toEqual(['load', 'propose', 'step']);
    expect(ctl.book.lines.map((l) => l.step)).toEqual(Array.from({ length: ctl.snapshot!.step }, (_, i) => i + 1));
  });

  it('the clock runs the simulator to what is due, and the book holds every line up to it', async () => {
    const frames = fakeFrames();
    const ctl = createController({ client: client(), protocol: BASIC, autoplay: true, frames });
    await ctl.load(SCENARIO);
    await ctl.act([{ type: 'propose', node: 'S1', value: 'x' }]);
    for (let i = 0; i < 200 && !ctl.snapshot!.chosen; i++) {
      frames.tick(10, 50);
      await settle();
    }
    expect(ctl.snapshot!.chosen?.value).toBe('x');
    expect(ctl.vt).toBeGreaterThanOrEqual(ctl.snapshot!.now);
    expect(parseTrace(await ctl.trace())).toEqual(ctl.book.lines);
  });

  it('going back drops the lines after that moment and says the moment moved', async () => {
    const ctl = createController({ client: client(), protocol: BASIC, autoplay: false, frames: fakeFrames() });
    await ctl.load(SCENARIO);
    await ctl.act([{ type: 'propose', node: 'S1', value: 'x' }]);
    await ctl.jump({ type: 'step', count: 12 });
    const shown: Shown[] = [];
    ctl.on('shown', (s) => shown.push(s));
    await ctl.travel({ type: 'back', count: 5 });
    expect(shown[0]!.moved).toBe(true);
    expect(shown[0]!.dropped).toBeGreaterThan(0);
    expect(ctl.book.lines.at(-1)!.step).toBe(ctl.snapshot!.step);
    expect(parseTrace(await ctl.trace())).toEqual(ctl.book.lines);
  });

  it('several actions at one moment (Race) all happen before what is due then', async () => {
    const ctl = createController({ client: client(), protocol: BASIC, autoplay: false, frames: fakeFrames() });
    await ctl.load(SCENARIO);
    await ctl.act([
      { type: 'propose', node: 'S1', value: 'x' },
      { type: 'propose', node: 'S2', value: 'y' },
    ]);
    // The same, asked of a simulator one request at a time.
    const raw = client();
    for (const r of [
      { type: 'load', scenario: SCENARIO },
      { type: 'propose', node: 'S1', value: 'x' },
      { type: 'propose', node: 'S2', value: 'y' },
      { type: 'runUntil', time: 0 },
    ] as const)
      await raw.request(r);
    const trace = await raw.request({ type: 'trace' });
    expect(trace.type === 'trace' && parseTrace(trace.text)).toEqual(ctl.book.lines);
  });

  it('a refused request changes nothing, reaches the error listeners and stays out of the input log', async () => {
    const ctl = createController({ client: client(), protocol: BASIC, autoplay: false, frames: fakeFrames() });
    await ctl.load(SCENARIO);
    const before = ctl.snapshot;
    const log = [...ctl.client.log];
    const errors: string[] = [];
    ctl.on('error', (e) => errors.push(e.message));
    await expect(ctl.act([{ type: 'crash', node: 'S9' }])).rejects.toThrow(/S9/);
    expect(errors).toHaveLength(1);
    expect(ctl.snapshot).toBe(before);
    expect(ctl.client.log).toEqual(log);
  });

  it('switching branches leaves exactly the lines of the branch switched to', async () => {
    const ctl = createController({ client: client(), protocol: BASIC, autoplay: false, frames: fakeFrames() });
    await ctl.load(SCENARIO);
    await ctl.act([{ type: 'propose', node: 'S1', value: 'x' }]);
    await ctl.jump({ type: 'step', count: 10 });
    await ctl.travel({ type: 'back', count: 6 });
    await ctl.act([{ type: 'propose', node: 'S2', value: 'y' }]); // a new branch
    await ctl.jump({ type: 'step', count: 4 });
    expect(ctl.history!.branch).toBe(1);
    await ctl.switchBranch(0);
    expect(ctl.history!.branch).toBe(0);
    expect(parseTrace(await ctl.trace())).toEqual(ctl.book.lines);
    await ctl.switchBranch(1);
    expect(parseTrace(await ctl.trace())).toEqual(ctl.book.lines);
  });

  it('a recording sent again to a fresh controller arrives at the same moment', async () => {
    const a = createController({ client: client(), protocol: BASIC, autoplay: false, frames: fakeFrames() });
    await a.load(SCENARIO);
    await a.act([{ type: 'propose', node: 'S1', value: 'x' }]);
    await a.jump({ type: 'step', count: 9 });
    await a.act([{ type: 'crash', node: 'S2' }]);
    await a.travel({ type: 'back', count: 3 });
    const rec = a.recording()!;
    const b = createController({ client: client(), protocol: BASIC, autoplay: false, frames: fakeFrames() });
    await b.loadNow(rec.scenario);
    for (const r of rec.requests) await b.resend(r);
    expect(b.snapshot).toEqual(a.snapshot);
    expect(b.history).toEqual(a.history);
    expect(b.book.lines).toEqual(a.book.lines);
  });
});

describe('a worker packs each state against the one before (changes.ts)', () => {
  it('unpacked against the last state, a packed answer is the answer, byte for byte, and smaller', async () => {
    const c = client();
    const packer = new Packer();
    const unpacker = new Unpacker();
    let [whole, packed] = [0, 0];
    const ask = c.request.bind(c);
    c.request = async (r) => {
      const answer = await ask(r);
      const p = packer.pack(answer);
      expect(JSON.stringify(unpacker.unpack(structuredClone(p)))).toBe(JSON.stringify(answer));
      whole += JSON.stringify(answer).length;
      packed += JSON.stringify(p).length;
      return answer;
    };
    const ctl = createController({ client: c, protocol: BASIC, autoplay: false, frames: fakeFrames() });
    await ctl.load(SCENARIO);
    const actions = [
      { type: 'propose', node: 'S1', value: 'x' },
      { type: 'propose', node: 'S2', value: 'y' },
      { type: 'crash', node: 'S3' },
      { type: 'restart', node: 'S3' },
    ] as const;
    for (const [i, r] of actions.entries()) {
      await ctl.act([{ ...r, at: 100 * i }]);
      for (let k = 0; k < 6; k++) await ctl.jump({ type: 'step' });
      await ctl.travel({ type: 'back', count: 2 });
      await ctl.jump({ type: 'seek', position: ctl.history!.length });
    }
    expect(packed).toBeLessThan(whole * 0.75);
  });
});
