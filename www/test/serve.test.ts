// The worker's request loop (serve.ts), with stand-in builds and the page's side of a switch
// as client.ts does it: answers come in order, a request that needs a later build is
// answered `later` and the page's input log goes into that build, a trap is told apart from
// a refusal, and a replacement worker replays the page's log.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serve, type Build } from '../src/core/serve';
import { PROTOCOL_VERSION, type FromWorker, type Request } from '../src/core/protocol';

type Scope = { onmessage: ((e: { data: unknown }) => void) | null; postMessage: (m: FromWorker) => void };
const scope = globalThis as unknown as { self?: Scope };
let posted: FromWorker[];

/**
 * A stand-in simulator build that logs what it handles; `fail` names requests it refuses,
 * `later` those it answers `later` (it leaves out what they need), `trap` those it traps on
 * (as a wasm panic does: a RuntimeError, then "recursive use" errors for every later call).
 */
function fake(name: string, log: string[], fail: Request['type'][] = [], later: Request['type'][] = [], trap: Request['type'][] = []): Build {
  let trapped = false;
  return {
    init: async () => void log.push(`${name} started`),
    Playground: class {
      static protocolVersion() {
        return PROTOCOL_VERSION;
      }
      handle(text: string) {
        const r = JSON.parse(text) as Request;
        if (trapped) throw new Error('recursive use of an object detected which would lead to unsafe aliasing in rust');
        log.push(`${name} ${r.type}`);
        if (trap.includes(r.type)) {
          trapped = true;
          throw new WebAssembly.RuntimeError('unreachable');
        }
        if (fail.includes(r.type)) throw new Error(`${name} refuses ${r.type}`);
        if (later.includes(r.type)) return JSON.stringify({ type: 'later', needs: `what ${r.type} needs` });
        return JSON.stringify({ type: 'trace', text: name });
      }
      free() {
        log.push(`${name} freed`);
      }
    },
  };
}

const send = (id: number, request: Request) => {
  remember(id, request);
  scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id, request } });
};
/** Tells the page's side what request `id` is. */
const remember = (id: number, request: Request) => page({ v: PROTOCOL_VERSION, kind: 'ready' })(id, request);
const settle = () => new Promise((r) => setTimeout(r, 10));
const replies = () =>
  posted.flatMap((m) =>
    m.kind === 'reply' ? [`${m.id % 1000} ${(m.response as { text: string }).text}`] : m.kind === 'error' || m.kind === 'crashed' ? [`${m.id % 1000} ${m.kind}`] : [],
  );

/**
 * The page's side (client.ts): its input log (the last load that loaded and every request
 * answered since, `trace` left out); a `later` answered with that log as a replay into the
 * build asked for, the requests answered `later` held until it is over, then sent again (a
 * switch that failed refuses the first of them). Sent again, a request keeps its number
 * modulo 1000.
 */
function pageSide() {
  const log: Request[] = [];
  const sent = new Map<number, Request>();
  let held: number[] = [];
  let next = 1000;
  let switching = 0;
  const again = (id: number) => {
    const to = (next += 1000) + (id % 1000);
    sent.set(to, sent.get(id)!);
    scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id: to, request: sent.get(id)! } });
  };
  const switched = (failed: boolean) => {
    switching = 0;
    const go = held.sort((a, b) => (a % 1000) - (b % 1000));
    held = [];
    if (failed) go.shift();
    go.forEach(again);
  };
  const on = (m: FromWorker) => {
    const r = 'id' in m ? sent.get(m.id) : undefined;
    if (m.kind === 'reply' && r && r.type !== 'trace') {
      if (r.type === 'load') log.length = 0;
      log.push(r);
    }
    if (m.kind === 'later' && r) {
      if (!switching) {
        switching = next += 1000;
        scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id: switching, replay: [...log], build: m.build } });
      }
      held.push(m.id);
    }
    if (m.kind === 'replayed' && m.end && m.id === switching) switched(false);
    if (m.kind === 'error' && m.id === switching) switched(true);
    return (id: number, request: Request) => sent.set(id, request);
  };
  return Object.assign(on, { log });
}
let page: ReturnType<typeof pageSide>;

beforeEach(() => {
  posted = [];
  page = pageSide();
  scope.self = { onmessage: null, postMessage: (m) => (posted.push(m), page(m)) };
});
afterEach(() => {
  delete scope.self;
});

describe('serve', () => {
  it('switches on the first wanted request, into which the page replays its log: the last load and what was answered since', async () => {
    const log: string[] = [];
    let loads = 0;
    serve(fake('light', log, ['heal', 'seek']), [
      {
        wanted: (r) => r.type.startsWith('check'),
        load: async () => {
          loads++;
          await settle();
          return fake('full', log);
        },
      },
    ]);
    const sent: Request[] = [
      { type: 'load', scenario: 'a' },
      { type: 'step' },
      { type: 'load', scenario: 'b' },
      { type: 'step', count: 3 },
      { type: 'seek', position: 99 },
      { type: 'trace' },
      { type: 'heal' },
      { type: 'back' },
      { type: 'checkStart', spec: { from: 'here', goal: { type: 'violation' } } },
      { type: 'step' },
      { type: 'checkRun' },
    ];
    sent.forEach((r, i) => send(i + 1, r));
    await settle();
    await settle();
    expect(loads).toBe(1);
    expect(log).toEqual([
      'light started', 'light load', 'light step', 'light load', 'light step', 'light seek', 'light trace', 'light heal', 'light back',
      // The page's log: from the last load on, without the trace and the refused requests.
      'full started', 'light freed', 'full load', 'full step', 'full back',
      'full checkStart', 'full step', 'full checkRun',
    ]);
    expect(replies()).toEqual(['1 light', '2 light', '3 light', '4 light', '5 error', '6 light', '7 error', '8 light', '9 full', '10 full', '11 full']);
    expect(posted.filter((m) => m.kind === 'later').map((m) => m.id)).toEqual([9, 10, 11]);
  });

  it('a refused load changes nothing: the log the page replays has no part of it', async () => {
    const log: string[] = [];
    serve(fake('light', log, ['load']), [{ wanted: (r) => r.type === 'checkRun', load: async () => fake('full', log) }]);
    send(1, { type: 'step' });
    send(2, { type: 'load', scenario: 'bad' });
    send(3, { type: 'checkRun' });
    await settle();
    expect(log).toEqual(['light started', 'light step', 'light load', 'full started', 'light freed', 'full step', 'full checkRun']);
  });

  it('keeps the first build when the later one cannot be fetched, and says why', async () => {
    const log: string[] = [];
    serve(fake('light', log), [
      {
        wanted: (r) => r.type === 'checkRun',
        load: async () => {
          throw new Error('offline');
        },
      },
    ]);
    send(1, { type: 'load', scenario: 'a' });
    send(2, { type: 'checkRun' });
    send(3, { type: 'step' });
    await settle();
    expect(log).toEqual(['light started', 'light load', 'light step']);
    // The switch's replay is refused, and with it the request that needed it (the page
    // refuses it with that message); the next one goes on with the first build.
    expect(replies()).toEqual(['1 light', '0 error', '3 light']);
    expect(posted.find((m) => m.kind === 'error')).toMatchObject({ message: 'offline' });
  });

  it('switches to the next build when one answers later, and asks it again', async () => {
    const log: string[] = [];
    serve(fake('first', log, [], ['back', 'partition']), [
      { load: async () => fake('lab', log, ['heal', 'partition']) },
      { wanted: (r) => r.type === 'checkRun', load: async () => fake('classroom', log) },
    ]);
    send(1, { type: 'load', scenario: 'a' });
    send(2, { type: 'step' });
    send(3, { type: 'partition', groups: [['S1']] });
    send(4, { type: 'back' });
    send(5, { type: 'heal' });
    send(6, { type: 'step' });
    send(7, { type: 'checkRun' });
    await settle();
    await settle();
    expect(log).toEqual([
      'first started', 'first load', 'first step', 'first partition',
      // The page's log into the laboratory's build, then the request again and those after
      // it (the first build answered them `later` too, without asking itself).
      'lab started', 'first freed', 'lab load', 'lab step', 'lab partition',
      'lab back', 'lab heal', 'lab step',
      // And on to the classroom: what was answered since the load.
      'classroom started', 'lab freed', 'classroom load', 'classroom step', 'classroom back', 'classroom step', 'classroom checkRun',
    ]);
    expect(replies()).toEqual(['1 first', '2 first', '3 error', '4 lab', '5 error', '6 lab', '7 classroom']);
  });

  it('does not start afresh on a load answered later: it did not load', async () => {
    const log: string[] = [];
    const first = fake('first', log);
    const firstHandle = first.Playground.prototype.handle;
    // The first build loads plain scenarios and leaves scripted ones for later.
    first.Playground.prototype.handle = function (text: string) {
      return text.includes('scripted') ? (log.push('first load'), JSON.stringify({ type: 'later', needs: 'scripted events' })) : firstHandle.call(this, text);
    };
    serve(first, [{ load: async () => fake('lab', log) }]);
    send(1, { type: 'load', scenario: 'plain' });
    send(2, { type: 'propose', node: 'S1', value: 'x' });
    send(3, { type: 'load', scenario: 'scripted' });
    await settle();
    expect(log).toEqual(['first started', 'first load', 'first propose', 'first load', 'lab started', 'first freed', 'lab load', 'lab propose', 'lab load']);
    expect(replies()).toEqual(['1 first', '2 first', '3 lab']);
  });

  it('says what is left out when no later build has it, and changes nothing', async () => {
    const log: string[] = [];
    serve(fake('only', log, [], ['back']));
    send(1, { type: 'back' });
    send(2, { type: 'step' });
    await settle();
    expect(replies()).toEqual(['1 error', '2 only']);
    expect(posted.find((m) => m.kind === 'error' && m.id === 1)).toMatchObject({ message: 'this build of the simulator leaves out what back needs' });
  });

  it('starts with the later build the first request wants, never fetching the first', async () => {
    const log: string[] = [];
    serve(fake('first', log), [{ wanted: (r) => r.type === 'load' && r.scenario === 'scripted', load: async () => fake('lab', log) }]);
    send(1, { type: 'load', scenario: 'scripted' });
    send(2, { type: 'step' });
    await settle();
    expect(log).toEqual(['lab started', 'lab load', 'lab step']);
    expect(replies()).toEqual(['1 lab', '2 lab']);
    expect(posted.filter((m) => m.kind === 'ready')).toHaveLength(1);
  });

  it('starts with the first build when the wanted one cannot be fetched at the start', async () => {
    const log: string[] = [];
    serve(fake('first', log), [
      {
        wanted: (r) => r.type === 'load' && r.scenario === 'scripted',
        load: async () => {
          throw new Error('offline');
        },
      },
    ]);
    send(1, { type: 'load', scenario: 'scripted' });
    send(2, { type: 'load', scenario: 'plain' });
    await settle();
    expect(log).toEqual(['first started', 'first load']);
    expect(replies()).toEqual(['0 error', '2 first']);
  });

  it('tells a trap from a refusal: after a trap every request is answered crashed, never "recursive use"', async () => {
    const log: string[] = [];
    serve(fake('only', log, ['heal'], [], ['crash']));
    send(1, { type: 'load', scenario: 'a' });
    send(2, { type: 'heal' });
    send(3, { type: 'crash', node: 'S1' });
    send(4, { type: 'load', scenario: 'a' });
    await settle();
    expect(replies()).toEqual(['1 only', '2 error', '3 crashed', '4 crashed']);
    expect(posted.find((m) => m.kind === 'error' && m.id === 2)).toMatchObject({ message: 'only refuses heal' });
    expect(posted.filter((m) => m.kind === 'crashed').map((m) => (m as { message: string }).message)).toEqual(['RuntimeError: unreachable', 'RuntimeError: unreachable']);
    expect(log).toEqual(['only started', 'only load', 'only heal', 'only crash']);
  });

  it('says loading before it fetches a build and ready once it has started it, each time', async () => {
    serve(fake('first', []), [{ wanted: (r) => r.type === 'checkRun', load: async () => fake('full', []) }]);
    send(1, { type: 'load', scenario: 'a' });
    send(2, { type: 'checkRun' });
    await settle();
    expect(posted.map((m) => m.kind)).toEqual(['loading', 'ready', 'reply', 'later', 'loading', 'ready', 'replayed', 'reply']);
  });

  it('replays a log without answering each request, then the page replays it into a later build', async () => {
    const log: string[] = [];
    serve(fake('light', log), [{ wanted: (r) => r.type === 'checkRun', load: async () => fake('full', log) }]);
    const replay: Request[] = [{ type: 'load', scenario: 'a' }, { type: 'step' }, { type: 'back' }];
    page.log.push(...replay); // the page's input log, which it sent
    scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id: 1, replay } });
    send(2, { type: 'checkRun' });
    await settle();
    expect(log).toEqual(['light started', 'light load', 'light step', 'light back', 'full started', 'light freed', 'full load', 'full step', 'full back', 'full checkRun']);
    expect(posted.filter((m) => m.kind === 'replayed' || m.kind === 'reply').map((m) => [m.kind, m.id % 1000])).toEqual([
      ['replayed', 1],
      ['replayed', 0],
      ['reply', 2],
    ]);
  });

  it('a new worker\'s replay that needs a later build starts again in it, and counts again from the start', async () => {
    const log: string[] = [];
    let clock = 0;
    const now = vi.spyOn(Date, 'now').mockImplementation(() => (clock += 200)); // every request ends a slice
    try {
      serve(fake('light', log, [], ['back']), [{ load: async () => fake('lab', log) }]);
      const replay: Request[] = [{ type: 'load', scenario: 'a' }, { type: 'step' }, { type: 'back' }, { type: 'step' }];
      scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id: 1, replay } });
      await settle();
      await settle();
    } finally {
      now.mockRestore();
    }
    expect(log).toEqual(['light started', 'light load', 'light step', 'light back', 'lab started', 'light freed', 'lab load', 'lab step', 'lab back', 'lab step']);
    // What the page cuts its log to on a Stop: never more than the build in use has run.
    expect(posted.flatMap((m) => (m.kind === 'replayed' ? [`${m.done}${m.end ? ' end' : ''}`] : []))).toEqual(['1', '2', '1', '2', '3', '4', '4 end']);
  });

  it('stops a replay the page cancels at the end of a slice, saying how far it came', async () => {
    const log: string[] = [];
    let clock = 0;
    const now = vi.spyOn(Date, 'now').mockImplementation(() => (clock += 60)); // a slice ends every other request
    try {
      serve(fake('only', log));
      const replay: Request[] = [{ type: 'load', scenario: 'a' }, ...Array.from({ length: 9 }, () => ({ type: 'step' }) as const)];
      scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id: 1, replay } });
      scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id: 1, cancel: true } });
      send(2, { type: 'snapshot' });
      await settle();
    } finally {
      now.mockRestore();
    }
    expect(posted.filter((m) => m.kind === 'replayed')).toEqual([
      { v: PROTOCOL_VERSION, kind: 'replayed', id: 1, done: 2, end: false },
      { v: PROTOCOL_VERSION, kind: 'replayed', id: 1, done: 2, end: true },
    ]);
    expect(log).toEqual(['only started', 'only load', 'only step', 'only snapshot']);
  });

  it('says how far a replay came before a trap in it, then crashed', async () => {
    const log: string[] = [];
    serve(fake('only', log, [], [], ['crash']));
    scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id: 1, replay: [{ type: 'load', scenario: 'a' }, { type: 'step' }, { type: 'crash', node: 'S1' }, { type: 'step' }] } });
    await settle();
    expect(posted.filter((m) => m.kind === 'replayed' || m.kind === 'crashed').map((m) => [m.kind, 'done' in m ? m.done : null])).toEqual([
      ['replayed', 2],
      ['crashed', null],
    ]);
  });

  it("gives the page's compiled wasm to the first build alone, which starts on it at once", async () => {
    const inits: unknown[] = [];
    const module = { compiled: true };
    const build = (name: string): Build => ({ ...fake(name, []), init: async (m) => void inits.push([name, m]) });
    serve(build('first'), [{ wanted: (r) => r.type === 'checkRun', load: async () => build('full') }]);
    scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id: 0, wasm: module, build: 0 } });
    await settle();
    expect(inits).toEqual([['first', module]]);
    expect(posted.map((m) => m.kind)).toEqual(['loading', 'ready']); // the page hands over on `ready`
    send(1, { type: 'load', scenario: 'a' });
    send(2, { type: 'checkRun' });
    await settle();
    expect(inits).toEqual([
      ['first', module],
      ['full', undefined],
    ]);
  });

  it('without it, a worker with several builds waits for the first request to pick one', async () => {
    const inits: unknown[] = [];
    const build = (name: string): Build => ({ ...fake(name, []), init: async (m) => void inits.push([name, m]) });
    serve(build('first'), [{ wanted: (r) => r.type === 'load' && r.scenario === 'scripted', load: async () => build('lab') }]);
    scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id: 0, wasm: null, build: 0 } });
    await settle();
    expect(inits).toEqual([]);
    send(1, { type: 'load', scenario: 'scripted' });
    await settle();
    expect(inits).toEqual([['lab', undefined]]);
  });

  it("given a later build's compiled wasm (a scripted story's laboratory), starts that one at once and answers from it", async () => {
    const inits: unknown[] = [];
    const log: string[] = [];
    const module = { compiled: 'lab' };
    const build = (name: string): Build => ({ ...fake(name, log), init: async (m) => void inits.push([name, m]) });
    serve(build('first'), [
      { wanted: (r) => r.type === 'load' && r.scenario === 'scripted', load: async () => build('lab') },
      { wanted: (r) => r.type === 'checkRun', load: async () => build('full') },
    ]);
    scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id: 0, wasm: module, build: 1 } });
    send(1, { type: 'load', scenario: 'scripted' });
    await settle();
    expect(inits).toEqual([['lab', module]]);
    expect(posted.map((m) => m.kind)).toEqual(['loading', 'ready', 'reply']);
    expect(replies()).toEqual(['1 lab']);
  });
});
