// The trace reader: a read-only dialog that steps through a paxos-trace file's lines
// (tracefile.ts), said as sentences. It only reads; it never simulates. Fetched with the
// files section's actions (sharing.ts) when a trace file is opened. The list of every line
// puts only the lines in view on the page (vlist.ts): a file of 50,000 lines opens at once.

import { adoptStyles, h, setText, uid } from '../core/dom';
import { DIALOG_CSS } from '../basic/dialog';
import VIEWER_CSS from './traceviewer.css?inline';
import { L, t, type Message } from '../i18n/i18n';
import { traceSummary, type TraceFile } from './tracefile';
import { Narrator, type Sentence } from '../basic/sentences';
import { timeText } from '../basic/labels';
import { VirtualList } from '../basic/vlist';
import '../i18n/i18n-en-share'; // its English texts

/** The height of a line of the list, px. */
const ROW = 24;

/** The trace reader: a dialog that steps through a trace file's lines, as sentences. */
export class TraceViewer {
  readonly el: HTMLDialogElement;
  #title = h('h2', { id: uid('pg-h') });
  #summary = h('p', { class: 'pg-hint' });
  #range = h('input', { type: 'range', min: 0, max: 0, step: 1, value: 0, class: 'pg-viewer-range', 'aria-label': L('sh.line') });
  #where = h('output', { class: 'pg-viewer-where' });
  #now = h('p', { class: 'pg-viewer-now', 'aria-live': 'polite' });
  #raw = h('pre', { class: 'pg-viewer-raw' });
  #list = h('ol', { class: 'pg-viewer-rows' });
  #rows = new VirtualList(
    h('div', { class: 'pg-viewer-list', role: 'group', 'aria-label': L('sh.everyLine'), tabindex: 0 }, this.#list),
    this.#list,
    ROW,
    (li, i) => this.#draw(li, i),
  );
  #buttons: Record<'first' | 'prev' | 'next' | 'last', HTMLButtonElement>;
  #trace: TraceFile | null = null;
  #sentences: Sentence[] = [];
  #at = 0;

  constructor() {
    const btn = (label: Message, text: string, to: () => number) => {
      const b = h('button', { type: 'button', class: 'pg-btn', 'aria-label': label }, ...text.split(/([◀▶])/).map((x) => (/[◀▶]/.test(x) ? h('span', { 'aria-hidden': 'true' }, x) : x)));
      b.addEventListener('click', () => this.go(to()));
      return b;
    };
    this.#buttons = {
      first: btn(L('sh.firstLine'), t('sh.first'), () => 0),
      prev: btn(L('sh.prevLine'), t('sh.prev'), () => this.#at - 1),
      next: btn(L('sh.nextLine'), t('sh.next'), () => this.#at + 1),
      last: btn(L('sh.lastLine'), t('sh.last'), () => this.#sentences.length),
    };
    this.#range.addEventListener('input', () => this.go(Number(this.#range.value)));
    this.#where.htmlFor.add((this.#range.id = uid('pg-r')));
    this.#list.addEventListener('click', (e) => {
      const li = (e.target as HTMLElement).closest('li');
      if (li?.dataset['index']) this.go(Number(li.dataset['index']));
    });
    const close = h('button', { type: 'submit', class: 'pg-btn pg-primary' }, L('help.close'));
    this.el = h(
      'dialog',
      { class: 'pg-help pg-viewer', 'aria-labelledby': this.#title.id },
      this.#title,
      this.#summary,
      h('div', { class: 'pg-viewer-nav', role: 'group', 'aria-label': L('sh.move') }, this.#buttons.first, this.#buttons.prev, this.#range, this.#buttons.next, this.#buttons.last),
      this.#where,
      this.#now,
      this.#raw,
      this.#rows.scroller,
      h('p', { class: 'pg-hint' }, L('sh.readerHint')),
      h('form', { method: 'dialog' }, close),
    );
    this.el.addEventListener('keydown', (e) => {
      if ((e.target as HTMLElement).tagName === 'INPUT') return;
      const to = { ArrowLeft: this.#at - 1, ArrowRight: this.#at + 1, Home: 0, End: this.#sentences.length }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      this.go(to);
    });
  }

  show(name: string, trace: TraceFile): void {
    adoptStyles(this.el, DIALOG_CSS);
    adoptStyles(this.el, VIEWER_CSS);
    this.#trace = trace;
    this.#sentences = new Narrator().narrate(trace.lines);
    setText(this.#title, t('sh.traceTitle', { file: name }));
    setText(this.#summary, traceSummary(trace));
    this.#range.max = String(this.#sentences.length);
    this.#rows.size(this.#sentences.length);
    if (!this.el.open) this.el.showModal();
    this.go(0);
  }

  /** Shows the moment after `i` lines (0: the start, nothing happened yet). */
  go(i: number): void {
    const n = this.#sentences.length;
    i = Math.max(0, Math.min(n, Math.round(i)));
    this.#at = i;
    this.#range.value = String(i);
    this.#buttons.first.disabled = this.#buttons.prev.disabled = i === 0;
    this.#buttons.next.disabled = this.#buttons.last.disabled = i === n;
    // A button that goes disabled would drop the focus: it moves to the slider.
    if (document.activeElement instanceof HTMLButtonElement && document.activeElement.disabled && this.el.contains(document.activeElement)) this.#range.focus();
    const s = this.#sentences[i - 1];
    const line = this.#trace?.lines[i - 1];
    setText(this.#where, i === 0 ? t('sh.start', { n }) : t('sh.lineOf', { i, n, step: String(s!.step), time: timeText(s!.time) }));
    setText(this.#now, s ? s.text : t('sh.nothingYet'));
    setText(this.#raw, line ? JSON.stringify(line) : JSON.stringify(this.#trace?.header ?? {}));
    this.#rows.reveal(Math.max(0, i - 1));
  }

  /** Line `i + 1` of the list; lines after the one shown are dimmed, it is highlighted. */
  #draw(li: HTMLLIElement, i: number): void {
    const s = this.#sentences[i]!;
    li.className = `pg-viewer-line pg-log-${s.kind}${i >= this.#at ? ' pg-viewer-later' : ''}`;
    li.dataset['index'] = String(i + 1);
    if (i === this.#at - 1) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
    li.title = s.text; // the whole sentence, for a line cut short by an ellipsis
    li.replaceChildren(h('span', { class: 'pg-viewer-step' }, `${s.step}`), h('span', { class: 'pg-viewer-time' }, timeText(s.time)), ' ', li.title);
  }
}
