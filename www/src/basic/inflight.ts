// The in-flight list: every message between two nodes that has not arrived yet, in a
// table sortable by sender, receiver and type, each row with Deliver / Drop / Duplicate.
// In a manual network they wait here for a person; in an automatic one they can be
// hurried, lost or copied too. Rows are kept by message and redrawn ten times a second.

import type { FlightView, Snapshot } from '../core/protocol';
import type { Controller } from '../core/controller';
import { h, setAttr, setText, uid } from '../core/dom';
import { L, t, type Key, type Message } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import '../i18n/i18n-en-island'; // the island's
import { ballotColour, msgBallot, msgLabel, timeText } from './labels';
import { sortFlights, type FlightKey, type FlightSort } from './filter';

export type MsgAction = 'deliver' | 'drop' | 'duplicate';

export interface InFlightActions {
  act(kind: MsgAction, id: number): void;
  select(id: number | null): void;
}

const SHOWN = 150;
const FLUSH_MS = 100;

interface Row {
  tr: HTMLTableRowElement;
  status: HTMLElement;
  key: string;
}

export class InFlightView {
  readonly el: HTMLElement;
  #body = h('tbody');
  #count = h('span', { class: 'pg-count' });
  #empty = h('p', { class: 'pg-hint pg-empty' });
  #more = h('p', { class: 'pg-hint' });
  #wrap: HTMLElement;
  #rows = new Map<number, Row>();
  #sort: FlightSort = { key: 'id', dir: 1 };
  #heads = new Map<FlightKey, HTMLButtonElement>();
  #snap: Snapshot | null = null;
  #order: FlightView[] = [];
  #selected: number | null = null;
  #timer = 0;
  #shown = 0;

  constructor(private acts: InFlightActions) {
    const heading = uid('pg-h');
    const th = (key: FlightKey | null, label: Message) => {
      if (!key) return h('th', { scope: 'col' }, label);
      const b = h('button', { type: 'button', class: 'pg-sort' }, label, h('span', { class: 'pg-dir', 'aria-hidden': 'true' }));
      b.addEventListener('click', () => this.#sortBy(key));
      this.#heads.set(key, b);
      return h('th', { scope: 'col', 'aria-sort': 'none' }, b);
    };
    const table = h(
      'table',
      { class: 'pg-flights', 'aria-labelledby': heading },
      h('thead', {}, h('tr', {}, th('from', L('fl.from')), th('to', L('fl.to')), th('type', L('fl.message')), th(null, L('fl.act')))),
      this.#body,
    );
    this.#wrap = h('div', { class: 'pg-flights-wrap' }, table);
    this.el = h(
      'section',
      { class: 'pg-section pg-inflight', 'aria-labelledby': heading },
      h('h2', { id: heading }, L('fl.title'), ' ', this.#count),
      this.#empty,
      this.#wrap,
      this.#more,
    );
    this.#body.addEventListener('click', (e) => {
      const t = e.target as HTMLElement;
      const tr = t.closest('tr');
      if (!tr) return;
      const id = Number(tr.dataset['id']);
      const kind = t.closest('button')?.dataset['act'] as MsgAction | undefined;
      if (kind) this.acts.act(kind, id);
      else this.acts.select(this.#selected === id ? null : id);
    });
    this.#body.addEventListener('focusin', (e) => {
      const tr = (e.target as HTMLElement).closest('tr');
      if (tr) this.acts.select(Number(tr.dataset['id']));
    });
    this.#showSort();
  }

  /** The rows in their order on screen (for "select the next message"). */
  ids(): number[] {
    return this.#order.slice(0, SHOWN).map((f) => f.id);
  }

  /** Shows `ctl`'s updates (at once after a jump in time) and its selection. */
  follow(ctl: Controller): void {
    ctl.on('shown', ({ update, moved }) => {
      this.show(update.snapshot);
      if (moved) this.flush();
    });
    ctl.on('selected', (id) => this.select(id));
  }

  show(snap: Snapshot): void {
    this.#snap = snap;
    if (this.#timer) return;
    const wait = Math.max(0, FLUSH_MS - (performance.now() - this.#shown));
    this.#timer = window.setTimeout(() => this.flush(), wait);
  }

  /** Every row again, in the language just picked. */
  relang(): void {
    for (const row of this.#rows.values()) row.tr.remove();
    this.#rows.clear();
  }

  /** Draws now (after going back in time, or when a test is waiting for it). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = 0;
    this.#shown = performance.now();
    const snap = this.#snap;
    if (!snap) return;
    const names = snap.nodes.map((n) => n.name);
    this.#order = sortFlights(snap.inFlight, this.#sort, names);
    const manual = snap.network.mode === 'manual';
    setText(this.#count, `(${this.#order.length})`);
    setText(
      this.#empty,
      manual
        ? t('fl.emptyManual')
        : t('fl.empty'),
    );
    this.#empty.hidden = this.#order.length > 0;
    this.#wrap.hidden = this.#order.length === 0;
    const shown = this.#order.slice(0, SHOWN);
    setText(this.#more, this.#order.length > SHOWN ? t('fl.more', { n: String(this.#order.length - SHOWN) }) : '');
    this.#more.hidden = this.#order.length <= SHOWN;

    // Rows that go are removed first: placing the others before a row about to go would
    // move every one of them (a new layout and style for each, and lost focus).
    const live = new Set(shown.map((f) => f.id));
    for (const [id, row] of this.#rows) {
      if (!live.has(id)) {
        row.tr.remove();
        this.#rows.delete(id);
      }
    }
    let prev: HTMLTableRowElement | null = null;
    for (const f of shown) {
      const key = `${f.from}>${f.to} ${f.sentAt} ${f.msg.type} ${f.copyOf}`;
      let row = this.#rows.get(f.id);
      if (row && row.key !== key) {
        row.tr.remove();
        row = undefined;
      }
      if (!row) {
        row = this.#row(f, names, key);
        this.#rows.set(f.id, row);
      }
      setText(row.status, f.arrivesAt === null ? t('m.waiting') : t('fl.lands', { time: timeText(f.arrivesAt) }));
      row.status.classList.toggle('pg-waiting', f.arrivesAt === null);
      setAttr(row.tr, 'aria-selected', String(f.id === this.#selected));
      // Keep the order without moving rows that are already in place (keeps focus).
      const want: Element | null = prev ? prev.nextElementSibling : this.#body.firstElementChild;
      if (want !== row.tr) this.#body.insertBefore(row.tr, want);
      prev = row.tr;
    }
  }

  select(id: number | null): void {
    this.#selected = id;
    for (const [rid, row] of this.#rows) setAttr(row.tr, 'aria-selected', String(rid === id));
  }

  #row(f: FlightView, names: readonly string[], key: string): Row {
    const label = (f.copyOf !== null ? t('fl.copy') : '') + msgLabel(f.msg);
    const status = h('span', { class: 'pg-fl-status' });
    const btn = (act: MsgAction, text: string, aria: Key) =>
      h('button', { type: 'button', class: `pg-btn pg-mini${act === 'drop' ? ' pg-danger' : ''}`, 'data-act': act, 'aria-label': t(aria, { from: f.from, to: f.to, type: L(`type.${f.msg.type}`) }) }, text);
    const msg = h('td', { class: 'pg-fl-msg', title: label }, h('span', { class: 'pg-fl-label' }, label), status);
    msg.style.setProperty('--c', ballotColour(msgBallot(f.msg), names));
    const tr = h(
      'tr',
      { 'data-id': f.id, 'data-from': f.from, 'data-to': f.to, 'data-type': f.msg.type, 'aria-selected': 'false' },
      h('td', {}, f.from),
      h('td', {}, f.to),
      msg,
      h('td', { class: 'pg-fl-act' }, btn('deliver', t('pg.deliver'), 'fl.ariaDeliver'), btn('drop', t('pg.drop'), 'fl.ariaDrop'), btn('duplicate', t('fl.dup'), 'fl.ariaDup')),
    );
    return { tr, status, key };
  }

  /** A header click: ascending, then descending, then back to oldest first. */
  #sortBy(key: FlightKey): void {
    if (this.#sort.key !== key) this.#sort = { key, dir: 1 };
    else if (this.#sort.dir === 1) this.#sort = { key, dir: -1 };
    else this.#sort = { key: 'id', dir: 1 };
    this.#showSort();
    this.flush();
  }

  #showSort(): void {
    for (const [key, b] of this.#heads) {
      const on = this.#sort.key === key;
      b.parentElement!.setAttribute('aria-sort', on ? (this.#sort.dir === 1 ? 'ascending' : 'descending') : 'none');
      setText(b.lastElementChild!, on ? (this.#sort.dir === 1 ? '▲' : '▼') : '');
    }
  }
}
