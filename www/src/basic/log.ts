// The log: what happened, in plain sentences, newest first, exactly up to the moment shown.
// It can be filtered by node and message type; each line is a way back to its moment
// (click, or ↑/↓ and Enter). Lines are written at most ten times a second; every line that
// passes the filter can be scrolled to, and only those in view are on the page (vlist.ts).

import { bindAttr, h, setText, uid } from '../core/dom';
import { L, t } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import { ballotColour, timeText } from './labels';
import { isFiltered, keeps, MSG_TYPES, NO_FILTER, type LogFilter } from './filter';
import type { Sentence } from './sentences';
import type { Controller } from '../core/controller';
import type { Story } from './story';
import { VirtualList } from './vlist';

const FLUSH_MS = 100;
/** The height of a line, px. */
const ROW = 24;

export class LogView {
  readonly el: HTMLElement;
  #list: HTMLOListElement;
  #scroll: HTMLElement;
  #nodeSel = h('select', { class: 'pg-select pg-mini-select' });
  #typeSel = h('select', { class: 'pg-select pg-mini-select' });
  #note = h('p', { class: 'pg-hint pg-log-note' });
  #filter: LogFilter = NO_FILTER;
  #names: readonly string[] = [];
  /** The lines that pass the filter, oldest first; the newest is drawn on top. */
  #items: Sentence[] = [];
  #rows: VirtualList;
  #pending: Sentence[] = [];
  #fresh: readonly Sentence[] | null = null;
  #timer = 0;
  #flushed = 0;

  /**
   * `all()` gives every line up to the moment shown (for a redraw); `onSeek` goes to a
   * line's moment. `extra` sits in the heading (the announcements switch).
   */
  constructor(
    private all: () => readonly Sentence[],
    private onSeek: (step: number) => void,
    extra: HTMLElement,
  ) {
    this.#list = h('ol', { class: 'pg-log-list' });
    const heading = uid('pg-log');
    this.#nodeSel.id = uid('pg-f');
    this.#typeSel.id = uid('pg-f');
    bindAttr(this.#nodeSel, 'aria-label', L('logview.filterNode'));
    bindAttr(this.#typeSel, 'aria-label', L('logview.filterType'));
    this.#typeSel.append(
      h('option', { value: '' }, L('logview.all')),
      ...MSG_TYPES.map((x) => h('option', { value: x }, L(`type.${x}`))),
      h('option', { value: 'other' }, L('logview.noMessage')),
    );
    this.#scroll = h(
      'div',
      { class: 'pg-log-scroll', role: 'log', 'aria-live': 'off', tabindex: 0, 'aria-label': L('logview.aria') },
      this.#list,
    );
    this.#rows = new VirtualList(this.#scroll, this.#list, ROW, (li, i) => this.#draw(li, this.#items[this.#items.length - 1 - i]!));
    this.el = h(
      'section',
      { class: 'pg-section pg-log', 'aria-labelledby': heading },
      h('div', { class: 'pg-dia-head' }, h('h2', { id: heading }, L('logview.title')), extra),
      h(
        'div',
        { class: 'pg-row pg-log-filters' },
        h('label', { class: 'pg-inline', for: this.#nodeSel.id }, L('logview.node'), this.#nodeSel),
        h('label', { class: 'pg-inline', for: this.#typeSel.id }, L('logview.type'), this.#typeSel),
      ),
      this.#note,
      this.#scroll,
    );
    this.setNames([]);
    const changed = () => {
      this.#filter = { node: this.#nodeSel.value || null, type: (this.#typeSel.value || null) as LogFilter['type'] };
      this.reset(this.all());
    };
    this.#nodeSel.addEventListener('change', changed);
    this.#typeSel.addEventListener('change', changed);
    this.#list.addEventListener('click', (e) => {
      const li = (e.target as HTMLElement).closest('li');
      if (li) this.onSeek(Number(li.dataset['step']));
    });
    this.#scroll.addEventListener('keydown', (e) => this.#key(e));
  }

  /** Shows what the story tells of `ctl`'s updates. */
  follow(ctl: Controller, story: Story): void {
    ctl.on('cleared', () => this.clear());
    story.onTold(({ said, fresh, redraw, shown }) => {
      this.setNames(shown.update.snapshot.nodes.map((n) => n.name));
      if (shown.how === 'load') this.add(said);
      // Redrawn at most ten times a second, like new lines: dragging the timeline stays light.
      else if (redraw) this.reset(story.items());
      else if (fresh.length) this.add([...said, ...fresh].sort((a, b) => a.step - b.step));
      else this.add(said);
    });
  }

  setNames(names: readonly string[]): void {
    if (names.join('\u0000') === this.#names.join('\u0000') && this.#nodeSel.options.length) return;
    this.#names = names;
    const keep = this.#nodeSel.value;
    this.#nodeSel.replaceChildren(h('option', { value: '' }, L('logview.all')), ...names.map((n) => h('option', { value: n }, n)));
    this.#nodeSel.value = names.includes(keep) ? keep : '';
  }

  clear(): void {
    this.#items = [];
    this.#pending = [];
    this.#fresh = null;
    this.#rows.size(0);
  }

  /** New lines (oldest first), shown on top at the next write. */
  add(lines: readonly Sentence[]): void {
    if (!lines.length) return;
    for (const l of lines) this.#pending.push(l);
    this.#later();
  }

  /** Everything again (after going back in time, or a new filter). */
  reset(lines: readonly Sentence[]): void {
    this.#fresh = lines;
    this.#pending = [];
    this.#later();
  }

  /** Writes what is pending now (tests and time travel want it at once). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = 0;
    this.#flushed = performance.now();
    const rows = this.#rows;
    const s = this.#scroll;
    const at = rows.focused();
    const fresh = this.#fresh;
    if (fresh) this.#items = fresh.filter((l) => keeps(this.#filter, l));
    this.#fresh = null;
    const before = this.#items.length;
    for (const l of this.#pending) if (keeps(this.#filter, l)) this.#items.push(l);
    this.#pending = [];
    const grew = this.#items.length - before;
    rows.size(this.#items.length);
    // Newer lines go on top: a reader scrolled down to older ones keeps them in view.
    if (!fresh && s.scrollTop > 0) s.scrollTop += grew * ROW;
    // The focus stays on its line; after a redraw, on the newest.
    if (at >= 0) rows.focus(fresh ? 0 : at + grew, !!fresh);
    else rows.render();
    setText(this.#note, isFiltered(this.#filter) ? t('logview.filtered') : '');
    this.#note.hidden = !isFiltered(this.#filter);
  }

  #later(): void {
    if (this.#timer) return;
    const wait = Math.max(0, FLUSH_MS - (performance.now() - this.#flushed));
    this.#timer = window.setTimeout(() => this.flush(), wait);
  }

  #draw(li: HTMLLIElement, l: Sentence): void {
    li.className = `pg-line pg-line-${l.kind}`;
    li.dataset['step'] = String(l.step);
    li.tabIndex = -1;
    // One line each: a long sentence ends in an ellipsis, and shows whole on hover.
    li.title = l.text;
    li.replaceChildren(h('span', { class: 'pg-time' }, timeText(l.time)), ' ', li.title);
    if (l.ballot) li.style.setProperty('--line-colour', ballotColour(l.ballot, this.#names));
    else li.style.removeProperty('--line-colour');
  }

  #key(e: KeyboardEvent): void {
    const n = this.#items.length;
    if (!n) return;
    const at = this.#rows.focused();
    let next: number;
    if (e.key === 'ArrowDown') next = at < 0 ? 0 : at + 1;
    else if (e.key === 'ArrowUp') next = at < 0 ? 0 : at - 1;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else if ((e.key === 'Enter' || e.key === ' ') && at >= 0) {
      e.preventDefault();
      this.onSeek(this.#items[n - 1 - at]!.step);
      return;
    } else return;
    e.preventDefault();
    if (next >= 0 && next < n) this.#rows.focus(next);
  }
}
