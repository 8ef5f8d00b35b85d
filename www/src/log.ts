// The log: what happened, in plain sentences, newest first. Lines are added as the
// animation reaches them; only the newest few hundred are kept on the page.

import { h, uid } from './dom';
import { ballotColour, timeText } from './labels';
import type { Sentence } from './sentences';

const KEEP = 400;
const FLUSH_MS = 100;

export class LogView {
  readonly el: HTMLElement;
  private list: HTMLOListElement;
  private count = 0;
  private pending: { lines: readonly Sentence[]; names: readonly string[] }[] = [];
  private timer = 0;
  private flushed = 0;

  constructor() {
    this.list = h('ol', { class: 'pg-log-list' });
    const heading = uid('pg-log');
    this.el = h(
      'section',
      { class: 'pg-section pg-log', 'aria-labelledby': heading },
      h('h2', { id: heading }, 'What happened'),
      h('div', { class: 'pg-log-scroll', role: 'log', 'aria-live': 'off', tabindex: 0, 'aria-label': 'Log, newest first' }, this.list),
    );
  }

  clear(): void {
    this.list.replaceChildren();
    this.count = 0;
    this.pending = [];
  }

  /**
   * Adds sentences (oldest first in `lines`); they appear at the top, newest first. Lines
   * are written at most ten times a second: each write lays the page out again.
   */
  add(lines: readonly Sentence[], names: readonly string[]): void {
    if (!lines.length) return;
    this.pending.push({ lines, names });
    if (this.timer) return;
    const wait = Math.max(0, FLUSH_MS - (performance.now() - this.flushed));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = 0;
    this.flushed = performance.now();
    const batches = this.pending;
    this.pending = [];
    for (const b of batches) this.write(b.lines, b.names);
  }

  private write(lines: readonly Sentence[], names: readonly string[]): void {
    const frag = document.createDocumentFragment();
    for (let i = lines.length - 1; i >= 0; i--) {
      const l = lines[i]!;
      const li = h('li', { class: `pg-line pg-line-${l.kind}` }, h('span', { class: 'pg-time' }, timeText(l.time)), ' ', l.text);
      if (l.ballot) li.style.setProperty('--line-colour', ballotColour(l.ballot, names));
      frag.append(li);
    }
    this.list.prepend(frag);
    this.count += lines.length;
    while (this.count > KEEP && this.list.lastElementChild) {
      this.list.lastElementChild.remove();
      this.count -= 1;
    }
  }
}
