// The log: what happened, in plain sentences, newest first, exactly up to the moment shown.
// It can be filtered by node and message type; each line is a way back to its moment
// (click, or ↑/↓ and Enter). Lines are written at most ten times a second; only the newest
// few hundred that pass the filter are on the page.

import { bindAttr, h, setText, uid } from './dom';
import { L, t } from './i18n';
import { ballotColour, timeText } from './labels';
import { isFiltered, keeps, MSG_TYPES, NO_FILTER, type LogFilter } from './filter';
import type { Sentence } from './sentences';

const KEEP = 200;
const FLUSH_MS = 100;

export class LogView {
  readonly el: HTMLElement;
  private list: HTMLOListElement;
  private scroll: HTMLElement;
  private nodeSel = h('select', { class: 'pg-select pg-mini-select' });
  private typeSel = h('select', { class: 'pg-select pg-mini-select' });
  private note = h('p', { class: 'pg-hint pg-log-note' });
  private filter: LogFilter = NO_FILTER;
  private names: readonly string[] = [];
  private count = 0;
  private pending: Sentence[] = [];
  private fresh: readonly Sentence[] | null = null;
  private timer = 0;
  private flushed = 0;

  /**
   * `all()` gives every line up to the moment shown (for a redraw); `onSeek` goes to a
   * line's moment. `extra` sits in the heading (the announcements switch).
   */
  constructor(
    private all: () => readonly Sentence[],
    private onSeek: (step: number) => void,
    extra: HTMLElement,
  ) {
    this.list = h('ol', { class: 'pg-log-list' });
    const heading = uid('pg-log');
    this.nodeSel.id = uid('pg-f');
    this.typeSel.id = uid('pg-f');
    bindAttr(this.nodeSel, 'aria-label', L('logview.filterNode'));
    bindAttr(this.typeSel, 'aria-label', L('logview.filterType'));
    this.typeSel.append(
      h('option', { value: '' }, L('logview.all')),
      ...MSG_TYPES.map((x) => h('option', { value: x }, L(`type.${x}`))),
      h('option', { value: 'other' }, L('logview.noMessage')),
    );
    this.scroll = h(
      'div',
      { class: 'pg-log-scroll', role: 'log', 'aria-live': 'off', tabindex: 0, 'aria-label': L('logview.aria') },
      this.list,
    );
    this.el = h(
      'section',
      { class: 'pg-section pg-log', 'aria-labelledby': heading },
      h('div', { class: 'pg-dia-head' }, h('h2', { id: heading }, L('logview.title')), extra),
      h(
        'div',
        { class: 'pg-row pg-log-filters' },
        h('label', { class: 'pg-inline', for: this.nodeSel.id }, L('logview.node'), this.nodeSel),
        h('label', { class: 'pg-inline', for: this.typeSel.id }, L('logview.type'), this.typeSel),
      ),
      this.note,
      this.scroll,
    );
    this.setNames([]);
    const changed = () => {
      this.filter = { node: this.nodeSel.value || null, type: (this.typeSel.value || null) as LogFilter['type'] };
      this.reset(this.all());
    };
    this.nodeSel.addEventListener('change', changed);
    this.typeSel.addEventListener('change', changed);
    this.list.addEventListener('click', (e) => {
      const li = (e.target as HTMLElement).closest('li');
      if (li) this.onSeek(Number(li.dataset['step']));
    });
    this.scroll.addEventListener('keydown', (e) => this.key(e));
  }

  setNames(names: readonly string[]): void {
    if (names.join('\u0000') === this.names.join('\u0000') && this.nodeSel.options.length) return;
    this.names = names;
    const keep = this.nodeSel.value;
    this.nodeSel.replaceChildren(h('option', { value: '' }, L('logview.all')), ...names.map((n) => h('option', { value: n }, n)));
    this.nodeSel.value = names.includes(keep) ? keep : '';
  }

  clear(): void {
    this.list.replaceChildren();
    this.count = 0;
    this.pending = [];
    this.fresh = null;
  }

  /** New lines (oldest first), shown on top at the next write. */
  add(lines: readonly Sentence[]): void {
    if (!lines.length) return;
    for (const l of lines) this.pending.push(l);
    this.later();
  }

  /** Everything again (after going back in time, or a new filter). */
  reset(lines: readonly Sentence[]): void {
    this.fresh = lines;
    this.pending = [];
    this.later();
  }

  /** Writes what is pending now (tests and time travel want it at once). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = 0;
    this.flushed = performance.now();
    if (this.fresh) {
      const all = this.fresh;
      this.fresh = null;
      const hadFocus = this.list.contains((this.list.getRootNode() as Document | ShadowRoot).activeElement);
      this.list.replaceChildren();
      this.count = 0;
      // The newest KEEP lines that pass the filter, oldest first.
      const kept: Sentence[] = [];
      for (let i = all.length - 1; i >= 0 && kept.length < KEEP; i--) if (keeps(this.filter, all[i]!)) kept.push(all[i]!);
      this.write(kept.reverse());
      if (hadFocus) (this.list.firstElementChild as HTMLElement | null)?.focus();
    }
    // Only the newest KEEP of a large batch reach the page.
    const lines: Sentence[] = [];
    for (let i = this.pending.length - 1; i >= 0 && lines.length < KEEP; i--) if (keeps(this.filter, this.pending[i]!)) lines.push(this.pending[i]!);
    this.pending = [];
    this.write(lines.reverse());
    setText(this.note, isFiltered(this.filter) ? t('logview.filtered') : '');
    this.note.hidden = !isFiltered(this.filter);
  }

  private later(): void {
    if (this.timer) return;
    const wait = Math.max(0, FLUSH_MS - (performance.now() - this.flushed));
    this.timer = window.setTimeout(() => this.flush(), wait);
  }

  private write(lines: readonly Sentence[]): void {
    if (!lines.length) return;
    const frag = document.createDocumentFragment();
    for (let i = lines.length - 1; i >= 0; i--) {
      const l = lines[i]!;
      const li = h(
        'li',
        { class: `pg-line pg-line-${l.kind}`, 'data-step': l.step, tabindex: -1 },
        h('span', { class: 'pg-time' }, timeText(l.time)),
        ' ',
        l.text,
      );
      if (l.ballot) li.style.setProperty('--line-colour', ballotColour(l.ballot, this.names));
      frag.append(li);
    }
    this.list.prepend(frag);
    this.count += lines.length;
    while (this.count > KEEP && this.list.lastElementChild) {
      this.list.lastElementChild.remove();
      this.count -= 1;
    }
  }

  private key(e: KeyboardEvent): void {
    const items = this.list.children;
    if (!items.length) return;
    const at = (this.list.getRootNode() as Document | ShadowRoot).activeElement as HTMLElement | null;
    const li = at?.parentElement === this.list ? at : null;
    let next: Element | null = null;
    if (e.key === 'ArrowDown') next = li ? li.nextElementSibling : items[0]!;
    else if (e.key === 'ArrowUp') next = li ? li.previousElementSibling : items[0]!;
    else if (e.key === 'Home') next = items[0]!;
    else if (e.key === 'End') next = items[items.length - 1]!;
    else if ((e.key === 'Enter' || e.key === ' ') && li) {
      e.preventDefault();
      this.onSeek(Number(li.dataset['step']));
      return;
    } else return;
    e.preventDefault();
    (next as HTMLElement | null)?.focus();
  }
}
