// The page's side of the worker protocol (client.ts), with a stand-in Worker driven by hand:
// the input log, and the replacement of a worker that trapped, died or went quiet — the log
// replayed into the new one without the request it failed on, which rejects in plain words.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUDGET, WorkerClient, replayable, type FirstBuild, type LocalBuild, type Replay } from '../src/core/client';
import { PROTOCOL_VERSION, type FromWorker, type Request, type Response, type ToWorker } from '../src/core/protocol';

/** A message from the worker, without its version. */
type Said = FromWorker extends infer M ? (M extends FromWorker ? Omit<M, 'v'> : never) : never;

/** A Worker the test answers for: it keeps what it was sent. */
class FakeWorker {
  onmessage: ((e: { data: FromWorker }) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  sent: ToWorker[] = [];
  /** The first build's wasm it was given (kept apart from the requests), in order, and its number. */
  given: (ToWorker & { wasm: unknown })['wasm'][] = [];
  builds: number[] = [];
  /** How many requests had been sent when the wasm came. */
  sentBeforeWasm = -1;
  terminated = false;
  postMessage(m: ToWorker): void {
    if ('wasm' in m) {
      this.given.push(m.wasm);
      this.builds.push(m.build);
      this.sentBeforeWasm = this.sent.length;
    } else this.sent.push(structuredClone(m));
  }
  terminate(): void {
    this.terminated = true;
  }
  say(m: Said): void {
    this.onmessage!({ data: { v: PROTOCOL_VERSION, ...m } as FromWorker });
  }
  /** Answers the last request sent. */
  reply(response: Response = { type: 'trace', text: 'ok' }): void {
    this.say({ kind: 'reply', id: this.sent.at(-1)!.id, response });
  }
  die(message = 'boom'): void {
    this.onerror!({ message, preventDefault() {} } as ErrorEvent);
  }
  requests(): string[] {
    return this.sent.map((m) => ('request' in m ? m.request.type : 'replay' in m ? `replay ${m.replay.map((r) => r.type).join(' ')}` : 'cancel'));
  }
}

let workers: FakeWorker[];
let replays: Replay[];
let client: WorkerClient;
const last = () => workers.at(-1)!;
/** Starts a stand-in worker, kept in `workers`. */
const fake = () => {
  const w = new FakeWorker();
  workers.push(w);
  return w as unknown as Worker;
};
/** The worker in use, started and ready. */
const started = () => {
  last().say({ kind: 'loading' });
  last().say({ kind: 'ready' });
  return last();
};
const load: Request = { type: 'load', scenario: '{}' };
const step: Request = { type: 'step' };
/** A request answered by the worker in use. */
async function accepted(r: Request): Promise<void> {
  const p = client.request(r);
  last().reply();
  await p;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  workers = [];
  replays = [];
  client = new WorkerClient(fake);
  client.onReplay = (r) => replays.push(r);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the input log', () => {
  it('is the last load and every request accepted since; refused and read-only ones are left out', async () => {
    started();
    await accepted(step); // before any load: nothing to replay it on
    await accepted(load);
    await accepted(step);
    const refused = client.request({ type: 'heal' });
    last().say({ kind: 'error', id: last().sent.at(-1)!.id, message: 'no partition' });
    await expect(refused).rejects.toThrow('no partition');
    await accepted({ type: 'trace' });
    await accepted({ type: 'snapshot' });
    await accepted({ type: 'back' });
    expect(client.log.map((r) => r.type)).toEqual(['load', 'step', 'back']);
    await accepted({ type: 'loadExercise', exercise: '{}' });
    expect(client.log.map((r) => r.type)).toEqual(['loadExercise']);
  });

  it('leaves out, for a replay, the searches whose path was never loaded', () => {
    const check = (type: 'checkStart' | 'checkRun' | 'checkStop' | 'checkLoad') =>
      (type === 'checkStart' ? { type, spec: { from: 'here', goal: { type: 'violation' } } } : { type }) as Request;
    const log = [load, check('checkStart'), check('checkRun'), step, check('checkStop'), check('checkStart'), check('checkRun'), check('checkLoad'), step, check('checkStart'), check('checkRun')];
    expect(replayable(log).map((r) => r.type)).toEqual(['load', 'step', 'checkStart', 'checkRun', 'checkLoad', 'step']);
  });
});

describe('a worker that fails is replaced', () => {
  it('after a trap: the log is replayed into a fresh worker, and the request it failed on rejects in plain words', async () => {
    const first = started();
    await accepted(load);
    await accepted(step);
    const failing = client.request({ type: 'crash', node: 'S1' });
    first.say({ kind: 'crashed', id: first.sent.at(-1)!.id, message: 'RuntimeError: unreachable' });
    await expect(failing).rejects.toThrow(/^the simulator failed on this request and was restarted; the request was not carried out$/);
    expect(first.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    const fresh = last();
    expect(fresh.requests()).toEqual(['replay load step']);
    expect(replays).toEqual([{ done: 0, total: 2, end: false }]);
    // A request made meanwhile goes after the replay, to the fresh worker.
    const next = client.request(step);
    expect(fresh.requests()).toEqual(['replay load step', 'step']);
    fresh.say({ kind: 'replayed', id: fresh.sent[0]!.id, done: 2, end: true });
    expect(replays.at(-1)).toEqual({ done: 2, total: 2, end: true });
    fresh.reply();
    await next;
    expect(client.log.map((r) => r.type)).toEqual(['load', 'step', 'step']);
  });

  it('when it says nothing for BUDGET ms while a request waits; never while it fetches a build', async () => {
    const first = started();
    await accepted(load);
    const slow = client.request(step);
    // Fetching the laboratory's build: the budget waits.
    first.say({ kind: 'loading' });
    vi.advanceTimersByTime(BUDGET * 6);
    expect(workers).toHaveLength(1);
    first.say({ kind: 'ready' });
    vi.advanceTimersByTime(BUDGET - 1);
    expect(workers).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await expect(slow).rejects.toThrow(/was restarted; the request was not carried out/);
    expect(first.terminated).toBe(true);
    expect(last().requests()).toEqual(['replay load']);
  });

  it('when it dies after it started; one that never started fails for good', async () => {
    const first = started();
    await accepted(load);
    const p = client.request(step);
    first.die();
    await expect(p).rejects.toThrow(/was restarted/);
    expect(last().requests()).toEqual(['replay load']);

    // A fresh client whose worker cannot even start.
    const broken = new WorkerClient(fake);
    const count = workers.length;
    const q = broken.request(load);
    last().die('');
    await expect(q).rejects.toThrow('the simulator worker failed to start');
    await expect(broken.request(load)).rejects.toThrow('the simulator worker failed to start');
    expect(workers).toHaveLength(count);
  });

  it('with nothing loaded: a fresh worker, nothing to replay', async () => {
    started();
    const p = client.request(load);
    last().say({ kind: 'crashed', id: last().sent.at(-1)!.id, message: 'RuntimeError: unreachable' });
    await expect(p).rejects.toThrow(/was restarted/);
    expect(workers).toHaveLength(2);
    expect(last().sent).toEqual([]);
    expect(replays).toEqual([{ done: 0, total: 0, end: true }]);
  });
});

describe('the replay of a replacement', () => {
  it('can be cancelled: the log is cut where it came, and the end says so', async () => {
    const first = started();
    await accepted(load);
    for (let i = 0; i < 4; i++) await accepted(step);
    first.say({ kind: 'crashed', id: 99, message: 'RuntimeError: unreachable' });
    const fresh = started();
    const id = fresh.sent[0]!.id;
    fresh.say({ kind: 'replayed', id, done: 2, end: false });
    client.cancelReplay();
    expect(fresh.sent.at(-1)).toEqual({ v: PROTOCOL_VERSION, id, cancel: true });
    fresh.say({ kind: 'replayed', id, done: 3, end: true });
    expect(replays).toEqual([
      { done: 0, total: 5, end: false },
      { done: 2, total: 5, end: false },
      { done: 3, total: 5, end: true },
    ]);
    expect(client.log).toHaveLength(3);
  });

  it('that fails is cut where it came, and replaced again', async () => {
    const first = started();
    await accepted(load);
    for (let i = 0; i < 4; i++) await accepted(step);
    first.die();
    const second = started();
    second.say({ kind: 'replayed', id: second.sent[0]!.id, done: 3, end: false });
    // Quiet for too long in the middle of its replay.
    vi.advanceTimersByTime(BUDGET);
    expect(second.terminated).toBe(true);
    expect(last().requests()).toEqual(['replay load step step']);
    expect(replays.at(-1)).toEqual({ done: 0, total: 3, end: false });
  });

  it('is timed like any request: progress reports keep it alive', async () => {
    const first = started();
    await accepted(load);
    first.die();
    const fresh = started();
    for (let i = 1; i <= 5; i++) {
      vi.advanceTimersByTime(BUDGET - 1);
      fresh.say({ kind: 'replayed', id: fresh.sent[0]!.id, done: 0, end: false });
    }
    expect(workers).toHaveLength(2);
  });
});

describe("the first build's wasm, compiled by the page", () => {
  it('goes to the worker first, with its number; requests sent before it came wait for it, in order', async () => {
    let give!: (f: FirstBuild | null) => void;
    const module = {} as WebAssembly.Module; // stands for a compiled module: only passed on
    workers = [];
    client = new WorkerClient(
      fake,
      new Promise((res) => (give = res)),
    );
    const p = client.request(load);
    void client.request(step);
    expect(workers).toEqual([]); // started once it knows what to give it
    give({ module, build: 1, local: null });
    await Promise.resolve();
    await Promise.resolve();
    const w = last();
    expect(w.given).toEqual([module]);
    expect(w.builds).toEqual([1]);
    expect(w.sentBeforeWasm).toBe(0);
    expect(w.requests()).toEqual(['load', 'step']);
    w.say({ kind: 'reply', id: w.sent[0]!.id, response: { type: 'trace', text: 'ok' } });
    await p;
  });

  it('goes to a replacement worker too, before its replay', async () => {
    const module = {} as WebAssembly.Module;
    client = new WorkerClient(fake, Promise.resolve({ module, build: 0, local: null }));
    await Promise.resolve();
    await Promise.resolve();
    started();
    await accepted(load);
    last().die();
    expect(last().given).toEqual([module]);
    expect(last().sentBeforeWasm).toBe(0);
    expect(last().requests()).toEqual(['replay load']);
  });

  it('that could not be compiled is null: the worker fetches its build', async () => {
    client = new WorkerClient(fake, Promise.reject(new Error('no wasm-unsafe-eval')));
    void client.request(load);
    for (let i = 0; i < 3; i++) await Promise.resolve();
    expect(last().given).toEqual([null]);
    expect(last().requests()).toEqual(['load']);
  });
});

describe('the first build on the page, until the worker is up', () => {
  const module = {} as WebAssembly.Module;
  let handled: string[];
  /** A stand-in first build: answers `page`, refuses `heal`, answers `later` to `back`, traps on `crash`, leaves `checkRun`. */
  const local: LocalBuild = {
    start: () => ({
      handle(text: string) {
        const r = JSON.parse(text) as Request;
        handled.push(r.type);
        if (r.type === 'crash') throw new WebAssembly.RuntimeError('unreachable');
        if (r.type === 'heal') throw new Error('nothing to heal');
        if (r.type === 'back') return JSON.stringify({ type: 'later', needs: 'time travel' });
        return JSON.stringify({ type: 'trace', text: 'page' });
      },
      free: () => void handled.push('freed'),
    }),
    leaves: (r) => r.type === 'checkRun',
  };
  const text = (r: Response) => (r as { text: string }).text;
  beforeEach(async () => {
    handled = [];
    local.trapped = false; // one stand-in build for every test: a trap stays with a real one
    client.terminate();
    workers = [];
    client = new WorkerClient(
      fake,
      Promise.resolve({ module, build: 0, local }),
    );
    client.onReplay = (r) => replays.push(r);
    await Promise.resolve();
    await Promise.resolve();
  });

  it('answers on the page; the worker starts after that, then gets the log as a replay that is no recovery', async () => {
    await client.ready;
    expect(text(await client.request(load))).toBe('page');
    expect(text(await client.request(step))).toBe('page');
    expect(workers).toHaveLength(0); // its script is no part of the first load
    vi.advanceTimersByTime(50);
    expect(workers).toHaveLength(1);
    expect(last().given).toEqual([module]);
    expect(text(await client.request(step))).toBe('page'); // until it says ready
    started();
    expect(handled).toEqual(['load', 'step', 'step', 'freed']);
    expect(last().requests()).toEqual(['replay load step step']);
    const next = client.request(step);
    expect(last().requests()).toEqual(['replay load step step', 'step']);
    last().say({ kind: 'replayed', id: last().sent[0]!.id, done: 3, end: true });
    last().reply({ type: 'trace', text: 'worker' });
    expect(text(await next)).toBe('worker');
    expect(replays).toEqual([]);
    expect(client.log.map((r) => r.type)).toEqual(['load', 'step', 'step', 'step']);
  });

  it('hands over at once for a request it leaves, or answers `later`: the log first, then that request', async () => {
    await client.request(load);
    const check = client.request({ type: 'checkRun' });
    expect(handled).toEqual(['load', 'freed']);
    expect(last().given).toEqual([module]);
    expect(last().requests()).toEqual(['replay load', 'checkRun']);
    last().say({ kind: 'replayed', id: last().sent[0]!.id, done: 1, end: true });
    last().reply({ type: 'trace', text: 'worker' });
    expect(text(await check)).toBe('worker');

    handled = [];
    workers = [];
    client = new WorkerClient(fake, Promise.resolve({ module, build: 0, local }));
    await Promise.resolve();
    await Promise.resolve();
    await client.request(load);
    void client.request({ type: 'back' });
    expect(handled).toEqual(['load', 'back', 'freed']);
    expect(last().requests()).toEqual(['replay load', 'back']);
  });

  it('a refusal on the page rejects with its message and stays out of the log', async () => {
    await client.request(load);
    await expect(client.request({ type: 'heal' })).rejects.toThrow('nothing to heal');
    expect(client.log.map((r) => r.type)).toEqual(['load']);
    expect(workers).toHaveLength(0);
  });

  it('a trap on the page: that request rejects, the worker carries on from the log without it', async () => {
    await client.request(load);
    await client.request(step);
    await expect(client.request({ type: 'crash', node: 'S1' })).rejects.toThrow(/was restarted/);
    expect(handled).toEqual(['load', 'step', 'crash', 'freed']);
    expect(last().requests()).toEqual(['replay load step']);
  });

  it('a trap that leaves the instance unusable, even to free: the playground hands over, and so does another on the same build', async () => {
    let trapped = false;
    const shared: LocalBuild = {
      start: () => ({
        handle(text: string) {
          if (trapped) throw new Error('recursive use of an object detected which would lead to unsafe aliasing in rust');
          const r = JSON.parse(text) as Request;
          handled.push(r.type);
          if (r.type === 'crash') {
            trapped = true;
            throw new WebAssembly.RuntimeError('unreachable');
          }
          return JSON.stringify({ type: 'trace', text: 'page' });
        },
        free: () => {
          throw new Error('attempted to take ownership of Rust value while it was borrowed');
        },
      }),
      leaves: () => false,
    };
    client.terminate();
    workers = [];
    const a = new WorkerClient(fake, Promise.resolve({ module, build: 0, local: shared }));
    const b = new WorkerClient(fake, Promise.resolve({ module, build: 0, local: shared }));
    await a.ready;
    await b.ready;
    await a.request(load);
    await b.request(load);
    await expect(a.request({ type: 'crash', node: 'S1' })).rejects.toThrow(/was restarted/);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.requests()).toEqual(['replay load']);
    void b.request(step); // not a refusal from a broken instance: b hands over too
    expect(workers).toHaveLength(2);
    expect(workers[1]!.requests()).toEqual(['replay load', 'step']);
  });

  it('a worker that cannot start while the page answers: the page goes on, the next hand-over starts another', async () => {
    await client.request(load);
    vi.advanceTimersByTime(50);
    last().die('the script could not be fetched');
    expect(text(await client.request(step))).toBe('page');
    void client.request({ type: 'checkRun' });
    expect(workers).toHaveLength(2);
    expect(last().requests()).toEqual(['replay load step', 'checkRun']);
  });

  it('terminated before its build came: nothing starts, and what waited rejects', async () => {
    let give!: (f: FirstBuild | null) => void;
    client.terminate();
    workers = [];
    handled = [];
    client = new WorkerClient(fake, new Promise((res) => (give = res)));
    const p = client.request(load);
    client.terminate();
    await expect(p).rejects.toThrow();
    give({ module, build: 0, local });
    await Promise.resolve();
    await Promise.resolve();
    vi.advanceTimersByTime(50);
    expect(workers).toEqual([]);
    expect(handled).toEqual([]);
  });
});

describe('a switch to a later build', () => {
  const sentAt = (w: FakeWorker, type: string) => w.sent.find((m) => 'request' in m && m.request.type === type)!.id;

  it('the request answered later waits for the log, replayed into that build, then goes again with every one after it, in order', async () => {
    const w = started();
    await accepted(load);
    await accepted(step);
    const back = client.request({ type: 'back' });
    const heal = client.request({ type: 'heal' });
    w.say({ kind: 'later', id: sentAt(w, 'back'), build: 0 });
    const snapshot = client.request({ type: 'snapshot' }); // made during the switch: held too
    w.say({ kind: 'later', id: sentAt(w, 'heal'), build: 0 });
    expect(w.requests()).toEqual(['load', 'step', 'back', 'heal', 'replay load step']);
    expect(w.sent.at(-1)).toMatchObject({ build: 0 });
    w.say({ kind: 'loading' });
    w.say({ kind: 'ready' });
    w.say({ kind: 'replayed', id: w.sent.at(-1)!.id, done: 2, end: true });
    expect(w.requests().slice(5)).toEqual(['back', 'heal', 'snapshot']);
    for (let k = 5; k < 8; k++) w.say({ kind: 'reply', id: w.sent[k]!.id, response: { type: 'trace', text: 'ok' } });
    await Promise.all([back, heal, snapshot]);
    expect(client.log.map((r) => r.type)).toEqual(['load', 'step', 'back', 'heal']);
    expect(replays).toEqual([]); // no recovery to tell of
  });

  it('whose build cannot come refuses the request that needed it; the next ones go on, and the worker is kept', async () => {
    const w = started();
    await accepted(load);
    const check = client.request({ type: 'checkRun' });
    const next = client.request(step);
    w.say({ kind: 'later', id: sentAt(w, 'checkRun'), build: 1 });
    w.say({ kind: 'later', id: sentAt(w, 'step'), build: 1 });
    w.say({ kind: 'error', id: w.sent.at(-1)!.id, message: 'offline' });
    await expect(check).rejects.toThrow('offline');
    expect(w.requests().at(-1)).toBe('step');
    w.reply();
    await next;
    vi.advanceTimersByTime(BUDGET * 2);
    expect(workers).toHaveLength(1);
    expect(client.log.map((r) => r.type)).toEqual(['load', 'step']);
  });
});
