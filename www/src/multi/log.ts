// The newest trace lines as sentences, newest first.

import { h } from '../core/dom';
import { L, t } from '../i18n/i18n';
import type { MultiTraceLine } from '../core/protocol';
import { isRoutine, sentence, type TraceMemory } from './sentences';
import '../i18n/i18n-en-multi'; // its English texts

const SHOWN = 200;

export class MultiLog {
  readonly el: HTMLElement;
  #list = h('ol', { class: 'mp-log' });
  #routine = h('input', { type: 'checkbox' });
  /** What the list shows: how many lines, and the last one (null: to be drawn again). */
  #shown: { count: number; last: MultiTraceLine | undefined } | null = null;
  #lines: readonly MultiTraceLine[] = [];

  constructor(private memory: TraceMemory) {
    this.#routine.addEventListener('change', () => ((this.#shown = null), this.update(this.#lines)));
    this.el = h(
      'section',
      { class: 'mp-panel mp-log-panel', 'aria-label': L('m.log') },
      h('h2', {}, L('m.log')),
      h('label', { class: 'mp-check' }, this.#routine, ' ', L('m.routine')),
      // The scrolling box is the log (keyboard-scrollable); the lines inside stay a list.
      h('div', { class: 'mp-scroll mp-log-scroll', role: 'log', 'aria-label': L('logview.title'), tabindex: 0 }, this.#list),
    );
  }

  /** Every sentence again, in the language just picked. */
  relang(): void {
    this.#shown = null;
    this.update(this.#lines);
  }

  update(lines: readonly MultiTraceLine[]): void {
    this.#lines = lines;
    // The same lines as shown: as many, the last the same line (another branch's is another object).
    const last = lines[lines.length - 1];
    if (this.#shown?.count === lines.length && this.#shown.last === last) return;
    this.#shown = { count: lines.length, last };
    // The newest first; the memory knows every send and request of the lines held.
    const all = this.#routine.checked;
    const items: HTMLElement[] = [];
    for (let i = lines.length - 1; i >= 0 && items.length < SHOWN; i -= 1) {
      const l = lines[i];
      if (!all && isRoutine(l)) continue;
      items.push(h('li', { class: `mp-ev-${l.event}`, 'data-step': l.step }, h('span', { class: 'mp-time' }, t('unit.ms', { n: String(l.time) })), ' ', sentence(l, this.memory)));
    }
    this.#list.replaceChildren(...items);
  }
}
