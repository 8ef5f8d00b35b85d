// What a screen reader hears (a polite live region): the log's new sentences, a few at a
// time, and where a jump on the timeline landed. The switch beside the log (the A key)
// turns it off.

import type { Story } from './story';
import { bindAttr, h, setText } from '../core/dom';
import { L, t } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import { branchText, positionText } from '../core/history';
import { timeText } from './labels';

/** New sentences wait this long to be said together, ms. */
const GATHER = 900;

export class Announcer {
  /** The live region. */
  readonly live = h('div', { class: 'pg-sr pg-live', 'aria-live': 'polite' });
  #box = h('input', { type: 'checkbox', checked: true, 'aria-keyshortcuts': 'A' });
  /** The switch, for the log's header. */
  readonly switch = h('label', { class: 'pg-inline pg-announce', title: L('pg.announceTitle') }, this.#box, L('pg.announce'));
  #spoken: string[] = [];
  #timer = 0;

  constructor(story: Story) {
    bindAttr(this.#box, 'aria-label', L('pg.announceAria'));
    this.#box.addEventListener('change', () => {
      if (!this.#box.checked) setText(this.live, '');
    });
    story.onTold(({ said, fresh, shown }) => {
      const { snapshot: s, history: hs } = shown.update;
      if (shown.moved) this.now(t('pg.movedAnnounce', { position: positionText(hs), step: String(s.step), time: timeText(s.now), branch: branchText(hs) }));
      else this.#say([...said, ...fresh].map((x) => x.text));
    });
  }

  /** Turns announcements on or off, and says which. */
  toggle(): void {
    this.#box.checked = !this.#box.checked;
    this.#box.dispatchEvent(new Event('change'));
    setText(this.live, this.#box.checked ? t('pg.announceOn') : '');
  }

  /** Says `text` at once, in place of what waits. */
  now(text: string): void {
    this.#spoken = [];
    if (this.#box.checked) setText(this.live, text.trim());
  }

  #say(texts: string[]): void {
    if (!this.#box.checked || !texts.length) return;
    this.#spoken.push(...texts);
    if (!this.#timer) this.#timer = window.setTimeout(() => this.#speak(), GATHER);
  }

  /** The last three sentences, and how many were left unsaid. */
  #speak(): void {
    this.#timer = 0;
    const all = this.#spoken;
    this.#spoken = [];
    if (!this.#box.checked || !all.length) return;
    const last = all.slice(-3);
    const skipped = all.length - last.length;
    setText(this.live, `${skipped ? t('pg.announceSkipped', { n: String(skipped) }) : ''}${last.join('. ')}.`);
  }
}
