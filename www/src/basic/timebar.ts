// The timeline under the playback bar, for every protocol: a scrubber over the whole
// history of the branch (position 0 to its length), where we are, and the branches: which
// one this is, where it forked, and a way back to another.

import type { History } from '../core/protocol';
import type { Controller } from '../core/controller';
import { h, setAttr, setText, uid } from '../core/dom';
import { L, t } from '../i18n/i18n';
import '../i18n/i18n-en-island'; // its English texts
import { branchOption, branchText, positionText } from '../core/history';
import { timeText } from './look';

export interface TimeActions {
  seek(position: number): void;
  switchBranch(branch: number): void;
}

export class TimeBar {
  readonly el: HTMLElement;
  #range = h('input', { type: 'range', min: 0, max: 0, step: 1, value: 0, class: 'pg-scrub' });
  #where = h('span', { class: 'pg-where' });
  #branch = h('span', { class: 'pg-branch', role: 'status' });
  #branchSel = h('select', { class: 'pg-select pg-mini-select' });
  #switchBtn = h('button', { type: 'button', class: 'pg-btn pg-mini' }, L('tb.switch'));
  #branchBox: HTMLElement;
  #dragging = false;
  #branchesKey = '';

  constructor(
    private acts: TimeActions,
    clock: HTMLElement,
  ) {
    this.#range.id = uid('pg-r');
    this.#branchSel.id = uid('pg-f');
    this.#branchBox = h(
      'span',
      { class: 'pg-branches', hidden: true },
      h('label', { for: this.#branchSel.id, class: 'pg-sr' }, L('tb.branch')),
      this.#branchSel,
      this.#switchBtn,
    );
    this.el = h(
      'div',
      { class: 'pg-timebar' },
      h('label', { for: this.#range.id, class: 'pg-inline pg-tl-label' }, L('tb.timeline')),
      this.#range,
      this.#where,
      this.#branch,
      this.#branchBox,
      clock,
    );
    this.#range.addEventListener('input', () => this.acts.seek(Number(this.#range.value)));
    this.#range.addEventListener('pointerdown', () => (this.#dragging = true));
    const up = () => (this.#dragging = false);
    this.#range.addEventListener('pointerup', up);
    this.#range.addEventListener('pointercancel', up);
    this.#switchBtn.addEventListener('click', () => this.acts.switchBranch(Number(this.#branchSel.value)));
    this.enable(false);
  }

  enable(on: boolean): void {
    this.#range.disabled = !on;
    this.#switchBtn.disabled = !on;
    this.#branchSel.disabled = !on;
  }

  /** Shows where `ctl`'s updates stand on the timeline. */
  follow(ctl: Controller): void {
    ctl.on('shown', ({ update: { history, snapshot } }) => this.show(history, snapshot.step, snapshot.now));
  }

  /** The branch list again, in the language just picked. */
  relang(): void {
    this.#branchesKey = '';
  }

  /** Shows position `hist`, at trace step `step` and virtual time `now`. */
  show(hist: History, step: number, now: number): void {
    setAttr(this.#range, 'max', String(hist.length));
    if (!this.#dragging && this.#range.value !== String(hist.position)) this.#range.value = String(hist.position);
    const where = t('tb.where', { position: positionText(hist), step: String(step) });
    setAttr(this.#range, 'aria-valuetext', `${where} · ${timeText(now)}`);
    setText(this.#where, where);
    setText(this.#branch, branchText(hist));
    const many = hist.branches.length > 1;
    this.#branchBox.hidden = !many;
    const key = `${hist.branch}:${hist.branches.map((b) => `${b.length}/${b.forkAt}/${b.parent}`).join(',')}`;
    if (many && key !== this.#branchesKey) {
      this.#branchesKey = key;
      this.#branchSel.replaceChildren(
        ...hist.branches.map((_, i) => h('option', { value: i, selected: i === hist.branch }, i === hist.branch ? t('tb.thisOne', { branch: branchOption(hist, i) }) : branchOption(hist, i))),
      );
      // Offer the branch we came from first.
      const parent = hist.branches[hist.branch]?.parent;
      const other = parent ?? hist.branches.findIndex((_, i) => i !== hist.branch);
      this.#branchSel.value = String(other);
    }
  }
}
