// The playground's public API (api.ts, docs/api.md) over its controller: each method queues
// its request the way the page's own controls do, and the events are the controller's
// updates as plain JSON copies. What only the page has (share links, a student's node,
// replays, its element) comes in `PageParts`.

import type { Playground, PlaygroundEvents } from './api';
import type { Controller } from './controller';
import type { Request } from './protocol';
import { createEvents } from './events';

/** What the page adds to the controller's API. */
export type PageParts = Pick<Playground, 'ready' | 'destroy' | 'shareLink' | 'openLink' | 'useNode' | 'replay'> & {
  /** The playback speed changed (the controls show it). */
  speed(x: number): void;
};

/** The API of `ctl`, and `emit` for what the page reports itself (an author lock's refusal). */
export function facade(ctl: Controller, page: PageParts) {
  const { on, emit, heard } = createEvents<PlaygroundEvents>();
  const copy = structuredClone;
  ctl.on('error', (e) => emit('error', e));
  ctl.on('shown', ({ update: r, before }) => {
    const s = r.snapshot;
    if (heard('update')) emit('update', copy(s), r.lines, { since: r.since, history: copy(r.history), goalMet: r.goalMet ?? null });
    if (s.chosen && !before?.chosen) emit('chosen', copy(s.chosen), copy(s));
    for (const v of s.violations.slice(before?.violations.length ?? 0)) emit('violation', copy(v), copy(s));
  });
  const snap = () => ctl.snapshot!;
  const hist = () => ctl.history;
  const optional = <T extends Request>(r: T, key: string, v: number | undefined): T => (v === undefined ? r : { ...r, [key]: v });

  const api: Playground = {
    load: (scenario) => ctl.load(scenario),
    loadExercise(exercise) {
      api.pause();
      let scenario = '';
      try {
        scenario = JSON.stringify((JSON.parse(exercise) as { scenario?: unknown }).scenario ?? {}, null, 2);
      } catch {
        // the simulator answers with the error
      }
      return ctl.load(scenario, { type: 'loadExercise', exercise });
    },
    checkLoad() {
      api.pause();
      return ctl.load(ctl.scenario, { type: 'checkLoad' });
    },
    check: (request) => ctl.enqueue(() => ctl.client.request(request)),
    propose: (node, value) => ctl.act([{ type: 'propose', node, value }]),
    crash: (node) => ctl.act([{ type: 'crash', node }]),
    restart: (node) => ctl.act([{ type: 'restart', node }]),
    partition: (groups) => ctl.act([{ type: 'partition', groups }]),
    heal: () => ctl.act([{ type: 'heal' }]),
    setNetwork: (network) => ctl.act([() => ({ type: 'setNetwork', network: { ...snap().network, ...network } })]),
    setManual(on) {
      if (on) api.pause();
      return ctl.act([() => ({ type: 'setNetwork', network: { ...snap().network, mode: on ? 'manual' : 'auto' } })]);
    },
    setLink: (link) => ctl.act([{ type: 'setLink', link }]),
    deliver: (id) => ctl.act([{ type: 'deliver', id }]),
    drop: (id) => ctl.act([{ type: 'drop', id }]),
    duplicate: (id) => ctl.act([{ type: 'duplicate', id }]),
    step: (count) => ctl.jump(optional({ type: 'step' }, 'count', count)),
    runUntilChosen: (limit) => ctl.jump(optional({ type: 'runUntilChosen' }, 'limit', limit)),
    runUntilIdle: (limit) => ctl.jump(optional({ type: 'runUntilIdle' }, 'limit', limit)),
    back: (count) => ctl.travel(optional({ type: 'back' }, 'count', count)),
    forward() {
      api.pause();
      return ctl.jump(() => {
        const h = hist();
        return h && h.position < h.length ? { type: 'seek', position: h.position + 1 } : { type: 'step' };
      }, 'travel');
    },
    seek: (position) => ctl.travel({ type: 'seek', position }),
    seekStep: (step) => ctl.travel({ type: 'seekStep', step }),
    switchBranch: (branch) => ctl.switchBranch(branch),
    history: () => (ctl.history ? copy(ctl.history) : null),
    lines: () => copy(ctl.book.lines),
    play: () => ctl.play(),
    pause: () => ctl.pause(),
    setSpeed(x) {
      page.speed(ctl.setSpeed(x));
    },
    speed: () => ctl.speed,
    state: () => (ctl.snapshot ? copy(ctl.snapshot) : null),
    trace: () => ctl.trace(),
    scenario: () => ctl.scenario,
    recording: () => ctl.recording(),
    replay: (rec, o) => page.replay(rec, o),
    shareLink: () => page.shareLink(),
    openLink: (fragment) => page.openLink(fragment),
    on,
    ready: () => page.ready(),
    useNode: (code) => page.useNode(code),
    node: () => ctl.node,
    destroy: () => page.destroy(),
  };
  return { api, emit };
}
