// The banners above the island: the value chosen (or what to do to get one), the safety
// properties broken, and the error of the last request a person made. Redrawn only when
// what they say changes.

import type { Snapshot } from '../core/protocol';
import type { Controller } from '../core/controller';
import { h, setText } from '../core/dom';
import { L, t } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import { ballotText, timeText } from './labels';

export class Banners {
  readonly el: HTMLElement;
  #chosen = h('div', { class: 'pg-banner pg-banner-idle', role: 'status' });
  #violation = h('div', { class: 'pg-banner pg-banner-violation', role: 'alert', hidden: true });
  #errorEl = h('div', { class: 'pg-banner pg-banner-error', role: 'alert', hidden: true });
  #shownKey = '';

  /** `controls`: the playground's option (the idle banner names only the controls there are). */
  constructor(ctl: Controller, private readonly controls: 'full' | 'minimal' | 'none', ...more: HTMLElement[]) {
    this.el = h('div', { class: 'pg-banners', 'aria-live': 'polite' }, this.#chosen, this.#violation, this.#errorEl, ...more);
    ctl.on('cleared', () => {
      this.#shownKey = '';
      this.error(null);
    });
    ctl.on('shown', ({ update }) => this.#show(update.snapshot));
  }

  /** Says what went wrong (null: nothing). */
  error(message: string | null): void {
    setText(this.#errorEl, message ?? '');
    this.#errorEl.hidden = message === null;
  }

  /** Drawn again, in the language just picked. */
  relang(s: Snapshot): void {
    this.#shownKey = '';
    this.#show(s);
  }

  #show(s: Snapshot): void {
    const started = s.nodes.some((n) => n.proposer.phase !== 'idle' || n.accepted !== null);
    const manual = s.network.mode === 'manual';
    const key = `${s.chosen?.step ?? '-'} ${s.violations.length} ${s.quorum}/${s.quorums?.accept}/${s.nodes.length} ${started} ${manual}`;
    if (key === this.#shownKey) return;
    this.#shownKey = key;
    const el = this.#chosen;
    el.className = `pg-banner ${s.chosen ? 'pg-banner-chosen' : 'pg-banner-idle'}`;
    if (!s.chosen) {
      const n = String(s.nodes.length);
      const majority = s.quorums ? L('pg.flexible', { p: String(s.quorums.prepare), a: String(s.quorums.accept), n }) : L('pg.majority', { q: String(s.quorum), n });
      setText(
        el,
        started
          ? t('pg.bannerStarted', { majority }) + (manual ? t('pg.bannerStartedManual') : '')
          : manual
            ? t('pg.bannerManual')
            : // The Race button and the proposal panel are hidden in an embed with fewer controls.
              this.controls === 'minimal'
              ? t('pg.bannerIdlePlay')
              : this.controls === 'none'
                ? t('pg.bannerIdleBare')
                : t('pg.bannerIdle', { majority }),
      );
    } else {
      const c = s.chosen;
      el.replaceChildren(
        h('span', { class: 'pg-banner-label' }, t('pg.chosen')),
        ' ',
        h('strong', { class: 'pg-chosen-value' }, c.value),
        t('pg.chosenDetail', { b: ballotText(c.ballot), time: timeText(c.time), step: String(c.step) }),
      );
    }
    this.#violation.hidden = !s.violations.length;
    if (s.violations.length) {
      this.#violation.replaceChildren(
        h('span', { class: 'pg-banner-label' }, t('pg.violated')),
        ...s.violations.map((v) => h('span', { class: 'pg-violation' }, t('pg.violation', { property: v.property, step: String(v.step), time: timeText(v.time), detail: v.detail }))),
      );
    }
  }
}
