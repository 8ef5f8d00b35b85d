// Author locks for embeds (docs/embedding.md): a range of trace steps and a set of allowed
// actions. The playground starts at the first step of the range by replaying to it with
// the simulator's own requests (step, then seekStep), never past the last step, and
// refuses what the author did not allow, with a sentence saying so. The simulator stays
// the only source of truth: this module only decides which requests to send.

import type { Snapshot } from '../core/protocol';
import type { Playground } from '../core/api';
import { errorOf } from '../core/errors';
import { t } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts

/** The actions an author can allow (`allow="propose crash ..."`). */
export const ACTIONS = ['propose', 'crash', 'restart', 'deliver', 'drop', 'duplicate', 'partition', 'network', 'step', 'back'] as const;
export type Action = (typeof ACTIONS)[number];

export interface PlaygroundLock {
  /** The first trace step shown: the playground starts right after it was written. */
  from?: number;
  /** The last trace step: nothing goes past it. */
  to?: number;
  /** The actions allowed (default: all of them). */
  allow?: readonly Action[];
}

/** Which allowed action each API method needs. */
const NEEDS: Partial<Record<keyof Playground, Action>> = {
  propose: 'propose',
  crash: 'crash',
  restart: 'restart',
  deliver: 'deliver',
  drop: 'drop',
  duplicate: 'duplicate',
  partition: 'partition',
  heal: 'partition',
  setNetwork: 'network',
  setManual: 'network',
  setLink: 'network',
  step: 'step',
  forward: 'step',
  runUntilChosen: 'step',
  runUntilIdle: 'step',
  back: 'back',
  seek: 'back',
  seekStep: 'back',
  switchBranch: 'back',
};

/** Methods that move forward in time or write trace lines: refused at the last step. */
const FORWARD = new Set<keyof Playground>(['propose', 'crash', 'restart', 'deliver', 'drop', 'duplicate', 'partition', 'heal', 'step', 'forward', 'runUntilChosen', 'runUntilIdle']);

/** Reads `allow="propose crash, step"`: known words, and the unknown ones. */
export function parseAllow(text: string): { allow: Action[]; unknown: string[] } {
  const words = text.split(/[\s,]+/).filter(Boolean);
  const allow = words.filter((w): w is Action => (ACTIONS as readonly string[]).includes(w));
  return { allow, unknown: words.filter((w) => !(ACTIONS as readonly string[]).includes(w)) };
}

/** Reads `steps="120-180"` (either side may be left out: "120-", "-180"). */
export function parseSteps(text: string): { from?: number; to?: number } | null {
  const m = /^\s*(\d*)\s*(?:-|–|\.\.)\s*(\d*)\s*$/.exec(text);
  if (!m || (!m[1] && !m[2])) return null;
  return { ...(m[1] ? { from: Number(m[1]) } : {}), ...(m[2] ? { to: Number(m[2]) } : {}) };
}

export interface LockHooks {
  root: HTMLElement;
  /** Shows a refusal in the page (and tells 'error' listeners). */
  refuse(error: Error): void;
  autoplay: boolean;
}

/** A lock in force: `ready` resolves once the playground stands at the first step. */
export interface LockHandle {
  ready: Promise<void>;
  allows(action: Action): boolean;
}

/**
 * Applies `lock` to `api`, in place: its methods are replaced by guarded ones, so the
 * page's own controls (which call the API) are guarded too. Call before the first load.
 */
export function lockPlayground(api: Playground, lock: PlaygroundLock, hooks: LockHooks): LockHandle {
  const orig: Playground = { ...api };
  const from = lock.from ?? 0;
  const to = lock.to ?? Infinity;
  const allowed = new Set<Action>(lock.allow ?? ACTIONS);
  const allows = (a: Action) => allowed.has(a);
  for (const a of ACTIONS) hooks.root.classList.toggle(`pg-deny-${a}`, !allowed.has(a));
  const range = () => (to === Infinity ? t('lock.from', { from: String(from) }) : t('lock.fromTo', { from: String(from), to: String(to) }));
  const notAllowed = (action: string) => t('lock.notAllowed', { action, allowed: allowed.size ? [...allowed].join(', ') : t('lock.nothing') });

  let positioning = false;
  let snap: Snapshot | null = null;
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));

  const refusal = (message: string) => {
    const e = new Error(message);
    hooks.refuse(e);
    return e;
  };
  const atEnd = () => snap !== null && snap.step >= to;
  const atStart = () => snap !== null && snap.step <= from;

  /** Why `method` is refused now, or null. */
  function why(method: keyof Playground, args: unknown[]): string | null {
    if (positioning) return t('lock.still');
    const need = NEEDS[method];
    if (need && !allowed.has(need)) {
      return notAllowed(need);
    }
    if (FORWARD.has(method) && atEnd()) return t('lock.pastEnd', { range: range(), to: String(to) });
    if ((method === 'back' || method === 'seek') && atStart() && (method === 'back' || args[0] === 0)) {
      return t('lock.beforeStart', { range: range(), from: String(from) });
    }
    if (method === 'seekStep') {
      const step = Number(args[0]);
      if (step < from || step > to) return t('lock.outside', { range: range(), step: String(step) });
    }
    return null;
  }

  const guarded = api as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of Object.keys(NEEDS) as (keyof Playground)[]) {
    const f = orig[method] as (...args: unknown[]) => Promise<unknown>;
    guarded[method] = (...args: unknown[]) => {
      const no = why(method, args);
      return no ? Promise.reject(refusal(no)) : f(...args);
    };
  }
  api.play = () => {
    const no = positioning ? null : !allowed.has('step') ? notAllowed('step') : atEnd() ? t('lock.pastEnd', { range: range(), to: String(to) }) : null;
    if (no) {
      refusal(no);
      return;
    }
    orig.play();
  };

  const buttons = () => ({
    play: hooks.root.querySelector<HTMLButtonElement>('.pg-bar .pg-primary'),
    back: hooks.root.querySelector<HTMLButtonElement>('.pg-bar [aria-keyshortcuts="ArrowLeft"]'),
    step: hooks.root.querySelector<HTMLButtonElement>('.pg-bar [aria-keyshortcuts="ArrowRight"]'),
  });

  /** Moves to the first step: forward with `step` until it is written, then `seekStep`. */
  async function position(): Promise<void> {
    positioning = true;
    orig.pause();
    try {
      let s = orig.state();
      while (s && s.step < from && s.nextTime !== null) s = await orig.step(200);
      if (s && s.step < from) throw new Error(t('lock.stops', { range: range(), step: String(s.step) }));
      if (from > 0) await orig.seekStep(from);
    } catch (e) {
      hooks.refuse(errorOf(e));
    } finally {
      positioning = false;
    }
    if (snap && from > 0 && snap.step > to) await orig.seekStep(to).catch(() => {});
    show();
    resolveReady();
    if (hooks.autoplay && !atEnd() && allowed.has('step')) orig.play();
  }

  function show(): void {
    const b = buttons();
    const end = atEnd();
    if (b.step && end) b.step.disabled = true;
    if (b.play && end && b.play.getAttribute('aria-pressed') !== 'true') b.play.disabled = true;
    else if (b.play) b.play.disabled = positioning;
    if (b.back && atStart()) b.back.disabled = true;
  }

  api.on('update', (s, _lines, info) => {
    snap = s;
    if (info.history.length === 0 && info.history.position === 0) {
      // A new load: go to the first step again.
      orig.pause();
      void position();
      return;
    }
    if (positioning) return;
    if (s.step >= to) orig.pause();
    if (s.step > to) {
      // Went past the last step (the clock, or an event that wrote several lines): back to it.
      void orig.seekStep(to).catch(() => {});
    } else if (s.step < from) {
      void orig.seekStep(from).catch(() => {});
    }
    show();
  });
  return { ready, allows };
}
