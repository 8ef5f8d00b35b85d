// Long replays, fetched the first time one is needed: a share link's recording sent again
// request by request (the playground's `replay`), and the session replayed into a new
// simulator after the one before failed (client.ts). While one runs, the page shows its
// progress and a button that stops it where it has come (the island stays at that moment,
// and works); for a failed simulator it says what happened. The notices' styles are the
// share notices' (share.css).

import { h, setMsg } from '../core/dom';
import { L, numberText, t, type Key } from '../i18n/i18n';
import type { Replay } from '../core/client';
import type { Controller } from '../core/controller';
import type { History, Snapshot } from '../core/protocol';
import type { Recording, ReplayOptions } from './recorder';
import { DEFAULT_SCENARIO } from '../core/api';
import '../i18n/i18n-en-replay'; // its English texts
import { messageOf } from '../core/errors';

/** The text is said again at most this often while a replay runs, ms. */
const EVERY = 250;

export class ReplayNotice {
  /** For the banners above the island. */
  readonly el: HTMLElement;
  #text = h('p', { class: 'pg-share-text' });
  #bar = h('progress', { max: 1, value: 0, 'aria-label': L('rp.progress') });
  #stopBtn = h('button', { type: 'button', class: 'pg-btn pg-mini', title: L('rp.stopTitle') }, L('rp.stop'));
  #stop: (() => void) | null = null;
  #shownAt = 0;

  constructor(role: 'alert' | 'status') {
    const close = h('button', { type: 'button', class: 'pg-btn pg-mini pg-share-close', 'aria-label': L('sh.dismiss') }, '×');
    this.el = h('div', { class: 'pg-banner pg-share-notice', role, hidden: true }, this.#text, this.#bar, this.#stopBtn, close);
    close.addEventListener('click', () => (this.el.hidden = true));
    this.#stopBtn.addEventListener('click', () => {
      this.#stopBtn.disabled = true;
      this.#stop?.();
    });
  }

  /** A replay under way, `done` of `total` requests (`key` says so); `stop` stops it. */
  progress(key: Key, done: number, total: number, stop: () => void): void {
    if (this.#stop !== stop) {
      this.#stop = stop;
      this.#shownAt = 0;
      this.#stopBtn.disabled = false;
    }
    const now = performance.now();
    if (now - this.#shownAt < EVERY) return;
    this.#shownAt = now;
    setMsg(this.#text, L(key, { done: numberText(done), total: numberText(total) }));
    this.#bar.value = total ? done / total : 0;
    this.#bar.hidden = this.#stopBtn.hidden = false;
    this.el.hidden = false;
  }

  /** The replay is over, or there was none; `key` says how it went. */
  end(key: Key, params: Record<string, string> = {}): void {
    this.#stop = null;
    setMsg(this.#text, L(key, params));
    this.#bar.hidden = this.#stopBtn.hidden = true;
    this.el.hidden = false;
  }

  /** A new simulator in place of one that failed, replaying the session (client.ts). */
  recovery(r: Replay, stop: () => void): void {
    if (!r.end) return this.progress('rp.recovering', r.done, r.total, stop);
    const key = !r.total ? 'rp.restarted' : r.done < r.total ? 'rp.recoveredShort' : 'rp.recovered';
    this.end(key, { done: numberText(r.done), total: numberText(r.total) });
  }
}

/** What a playground lends its long replays (playground.ts). */
export interface ReplayPage {
  /** Where the notices go. */
  banners: HTMLElement;
  ctl: Controller;
  /** The scenario the playground was made with. */
  first: string | object;
  /** The clock brought to the simulator's, and everything drawn: where it stands. */
  settle: () => [Snapshot, History];
  notice?: ReplayNotice;
  stop?: () => void;
}

/** Starts over with `rec` and sends its requests again; resolves with how many were sent. */
async function replayNow(p: ReplayPage, rec: Recording, o: ReplayOptions = {}): Promise<number> {
  await p.ctl.loadNow(rec.scenario, rec.exercise !== undefined ? { type: 'loadExercise', exercise: rec.exercise } : undefined);
  let sent = 0;
  for (const r of rec.requests) {
    if (o.signal?.aborted) break;
    await p.ctl.resend(r);
    o.progress?.(++sent, rec.requests.length);
  }
  p.settle();
  return sent;
}

/**
 * A recording sent again (the playground's `replay`, inside its queue). Stopped through
 * `o.signal`, it resolves at the moment reached. If a request is refused, or the end is not
 * where the recording stood, the session before comes back, and it rejects, saying so.
 */
export async function replay(p: ReplayPage, rec: Recording, o?: ReplayOptions): Promise<Snapshot> {
  const before = p.ctl.recording();
  try {
    const sent = await replayNow(p, rec, o);
    const [s, h] = p.settle();
    if (sent < rec.requests.length) return s;
    const at = rec.at;
    if (h.position !== at.position || h.length !== at.length || h.branch !== at.branch || s.step !== at.step || s.now !== at.now) {
      throw new Error(
        `the replay ended at event ${h.position} of ${h.length} (step ${s.step}, ${s.now} ms), not at event ${at.position} of ${at.length} (step ${at.step}, ${at.now} ms) where it was made; the simulator has changed since`,
      );
    }
    return s;
  } catch (e) {
    // Nothing half-applied: back to the session as it was before.
    let back = t('rp.backBefore');
    try {
      if (before) await replayNow(p, before);
      else await p.ctl.loadNow(p.first);
    } catch {
      await p.ctl.loadNow(DEFAULT_SCENARIO).catch(() => {});
      back = t('rp.backDefault');
    }
    throw new Error(`${messageOf(e)}; ${back}`);
  }
}

/**
 * A new simulator in place of one that failed, replaying the session (client.ts): the
 * notice says so; a replay that stopped short (or had nothing left to replay) leaves the
 * simulator at an earlier moment, which the page then draws (with nothing loaded, the
 * scenario is loaded afresh).
 */
export function recovering(p: ReplayPage, r: Replay): void {
  const notice = (p.notice ??= new ReplayNotice('alert'));
  if (!notice.el.isConnected) p.banners.append(notice.el);
  notice.recovery(r, (p.stop ??= () => p.ctl.client.cancelReplay()));
  if (r.end && (r.done < r.total || !r.total)) {
    const { ctl } = p;
    ctl.enqueue(async () => {
      const s = await ctl.client.request({ type: 'snapshot' }).catch(() => null);
      const tr = s?.type === 'update' ? await ctl.client.request({ type: 'trace' }) : null;
      if (s?.type === 'update' && tr?.type === 'trace') ctl.redraw(s, tr.text);
      else await ctl.loadNow(ctl.scenario);
    }).catch(() => {});
  }
}
