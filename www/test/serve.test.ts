// The worker's request loop (serve.ts), with stand-in builds: answers come in order,
// switching to a later build replays what the first one was sent since its last `load`, a
// trap is told apart from a refusal, and a replacement worker replays the page's log.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serve, type Build } from '../src/serve';
import { PROTOCOL_VERSION, type FromWorker, type Request } from '../src/protocol';

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

const send = (id: number, request: Request) => scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id, request } });
const settle = () => new Promise((r) => setTimeout(r, 10));
const replies = () =>
  posted.flatMap((m) => (m.kind === 'reply' ? [`${m.id} ${(m.response as { text: string }).text}`] : m.kind === 'error' || m.kind === 'crashed' ? [`${m.id} ${m.kind}`] : []));

beforeEach(() => {
  posted = [];
  scope.self = { onmessage: null, postMessage: (m) => posted.push(m) };
});
afterEach(() => {
  delete scope.self;
});

describe('serve', () => {
  it('switches on the first wanted request, replaying everything since the last load except trace', async () => {
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
      // The replay: from the last load on, without the trace; refused requests too.
      'full started', 'full load', 'full step', 'full seek', 'full heal', 'full back',
      'light freed',
      'full checkStart', 'full step', 'full checkRun',
    ]);
    expect(replies()).toEqual(['1 light', '2 light', '3 light', '4 light', '5 error', '6 light', '7 error', '8 light', '9 full', '10 full', '11 full']);
  });

  it('keeps replaying from the last load that loaded: a refused load changes nothing', async () => {
    const log: string[] = [];
    serve(fake('light', log, ['load']), [{ wanted: (r) => r.type === 'checkRun', load: async () => fake('full', log) }]);
    send(1, { type: 'step' });
    send(2, { type: 'load', scenario: 'bad' });
    send(3, { type: 'checkRun' });
    await settle();
    expect(log).toEqual(['light started', 'light step', 'light load', 'full started', 'full step', 'full load', 'light freed', 'full checkRun']);
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
    expect(replies()).toEqual(['1 light', '2 error', '3 light']);
    expect(posted.find((m) => m.kind === 'error' && m.id === 2)).toMatchObject({ message: 'offline' });
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
      // The replay into the laboratory's build, then the request again: `later` kept nothing.
      'lab started', 'lab load', 'lab step', 'first freed', 'lab partition',
      'lab back', 'lab heal', 'lab step',
      // And on to the classroom: everything since the load, refusals too (the partition the
      // first build left for later and the laboratory's refused).
      'classroom started', 'classroom load', 'classroom step', 'classroom partition', 'classroom back', 'classroom heal', 'classroom step', 'lab freed', 'classroom checkRun',
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
    expect(log).toEqual(['first started', 'first load', 'first propose', 'first load', 'lab started', 'lab load', 'lab propose', 'first freed', 'lab load']);
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
    expect(replies()).toEqual(['1 error', '2 first']);
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
    expect(posted.map((m) => m.kind)).toEqual(['loading', 'ready', 'reply', 'loading', 'ready', 'reply']);
  });

  it('replays a log without answering each request, then a later build replays it too', async () => {
    const log: string[] = [];
    serve(fake('light', log), [{ wanted: (r) => r.type === 'checkRun', load: async () => fake('full', log) }]);
    scope.self!.onmessage!({ data: { v: PROTOCOL_VERSION, id: 1, replay: [{ type: 'load', scenario: 'a' }, { type: 'step' }, { type: 'back' }] } });
    send(2, { type: 'checkRun' });
    await settle();
    expect(log).toEqual(['light started', 'light load', 'light step', 'light back', 'full started', 'full load', 'full step', 'full back', 'light freed', 'full checkRun']);
    expect(posted.filter((m) => m.kind !== 'loading' && m.kind !== 'ready')).toEqual([
      { v: PROTOCOL_VERSION, kind: 'replayed', id: 1, done: 3, end: true },
      { v: PROTOCOL_VERSION, kind: 'reply', id: 2, response: { type: 'trace', text: 'full' } },
    ]);
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
