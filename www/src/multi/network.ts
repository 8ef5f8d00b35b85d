// The network panel: isolate the leader, heal, message loss, delivery by hand, and what is in
// flight (on a manual network each held copy can be delivered or dropped from its line).

import { h, setText } from '../core/dom';
import { L, t } from '../i18n/i18n';
import type { MultiAction, MultiView } from '../core/protocol';
import { ballotText, msgSlot } from './sentences';
import '../i18n/i18n-en-multi'; // its English texts

const SHOWN = 40;

export class NetworkPanel {
  readonly el: HTMLElement;
  #isolate = h('button', { type: 'button' }, L('m.isolate'));
  #heal = h('button', { type: 'button' }, L('m.heal'));
  #drop = h('input', { type: 'range', min: 0, max: 50, step: 5, value: 0, 'aria-label': L('m.dropPct') });
  #dropOut = h('output', {}, '0%');
  #manual = h('input', { type: 'checkbox' });
  #state = h('p', { class: 'mp-net-state' });
  #count = h('p', { class: 'mp-flight-count' });
  #list = h('ul', { class: 'mp-flights', 'aria-label': L('m.inFlight') });
  #view: MultiView | null = null;
  #key = '';

  constructor(act: (a: MultiAction) => void) {
    this.#isolate.addEventListener('click', () => {
      const v = this.#view;
      if (!v?.leader) return;
      act({ action: 'partition', groups: [[v.leader], v.names.filter((n) => n !== v.leader)] });
    });
    this.#heal.addEventListener('click', () => act({ action: 'heal' }));
    this.#drop.addEventListener('input', () => setText(this.#dropOut, `${this.#drop.value}%`));
    this.#drop.addEventListener('change', () => {
      const v = this.#view;
      if (!v) return;
      act({ action: 'setNetwork', network: { ...v.network, drop: Number(this.#drop.value) / 100 } });
    });
    this.#manual.addEventListener('change', () => {
      const v = this.#view;
      if (v) act({ action: 'setNetwork', network: { ...v.network, mode: this.#manual.checked ? 'manual' : 'auto' } });
    });
    this.#list.tabIndex = -1; // focus stays here when the last held message is gone
    this.#list.addEventListener('click', (e) => {
      const b = (e.target as Element).closest<HTMLButtonElement>('button[data-act]');
      if (b) act({ action: b.dataset.act as 'deliver' | 'drop', id: Number(b.dataset.id) });
    });
    this.el = h(
      'section',
      { class: 'mp-panel mp-network', 'aria-label': L('m.network') },
      h('h2', {}, L('m.network')),
      h('div', { class: 'mp-row' }, this.#isolate, this.#heal, h('label', { class: 'mp-drop' }, L('m.drop'), ' ', this.#drop, ' ', this.#dropOut), h('label', {}, this.#manual, ' ', L('m.byHand'))),
      this.#state,
      this.#count,
      this.#list,
    );
  }

  relang(): void {
    this.#key = '';
    if (this.#view) this.update(this.#view);
  }

  update(v: MultiView): void {
    this.#view = v;
    this.#isolate.disabled = !v.leader;
    this.#heal.disabled = !v.groups;
    if (document.activeElement !== this.#drop) {
      const pct = String(Math.round(v.network.drop * 100));
      if (this.#drop.value !== pct) this.#drop.value = pct;
      setText(this.#dropOut, `${pct}%`);
    }
    const m = v.messages;
    setText(
      this.#state,
      t('m.netState', {
        state: [
          v.groups ? t('m.split', { groups: v.groups.map((g) => g.join(' ')).join(' | ') }) : t('m.connected'),
          ...(v.network.mode === 'manual' ? [t('m.manual')] : []),
        ].join(' · '),
        min: String(v.network.delay[0]),
        max: String(v.network.delay[1]),
        sent: String(m.sent),
        delivered: String(m.delivered),
        lost: String(m.dropped),
      }),
    );
    setText(this.#count, v.flights.length === 1 ? t('m.oneInFlight') : t('m.nInFlight', { n: String(v.flights.length) }));
    this.#manual.checked = v.network.mode === 'manual';
    const key = v.flights.map((f) => `${f.id}${f.arrivesAt === null ? 'h' : ''}`).join(',');
    if (key === this.#key) return;
    this.#key = key;
    // A person delivering by keyboard keeps a Deliver or Drop button under the focus.
    const buttons = () => [...this.#list.querySelectorAll('button')];
    const focused = buttons().indexOf(document.activeElement as HTMLButtonElement);
    this.#list.replaceChildren(
      ...v.flights.slice(0, SHOWN).map((f) => {
        const slot = msgSlot(f.msg);
        const text = `${f.from}→${f.to} ${t(`m.type.${f.msg.type}`)}${slot !== null ? t('m.slotSuffix', { slot: String(slot) }) : ''}${f.lost ? t('m.willBeLost') : ''}`;
        if (f.arrivesAt !== null) return h('li', { class: f.lost ? 'mp-lost' : undefined }, text);
        // Held copies alike are told apart by their ballot and their number.
        const ballot = 'ballot' in f.msg ? ` ${ballotText(f.msg.ballot)}` : '';
        const named = `${text}${ballot} #${f.id}`;
        // Held for a person: its two moves, named for a screen reader with the message.
        const move = (act: 'deliver' | 'drop', label: string) =>
          h('button', { type: 'button', class: 'mp-mini', 'data-act': act, 'data-id': String(f.id), 'aria-label': `${label}: ${named}` }, label);
        return h('li', { class: 'mp-held' }, named, t('m.held'), ' ', move('deliver', t('m.deliver')), ' ', move('drop', t('m.dropOne')));
      }),
      ...(v.flights.length > SHOWN ? [h('li', {}, t('m.more', { n: String(v.flights.length - SHOWN) }))] : []),
    );
    if (focused >= 0) {
      const now = buttons();
      (now[Math.min(focused, now.length - 1)] ?? this.#list).focus();
    }
  }

  /** Puts the focus on a held message's Deliver button (an envelope clicked on the island); nothing if it is not held. */
  focusFlight(id: number): void {
    this.#list.querySelector<HTMLButtonElement>(`button[data-act="deliver"][data-id="${id}"]`)?.focus();
  }
}
