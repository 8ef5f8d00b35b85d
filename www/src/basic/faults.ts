// The faults panel: split the network in two halves or into groups of one's choosing, heal
// it, and cut, slow down or mend one link. Crashes are in each node's menu; drop and
// duplicate rates in the network panel.

import type { LinkSpec, Snapshot } from '../core/protocol';
import { h, setText, uid } from '../core/dom';
import { L, t } from '../i18n/i18n';
import '../i18n/i18n-en-panels'; // its English texts
import { messageOf } from '../core/errors';

export interface FaultActions {
  partition(groups: string[][]): Promise<unknown>;
  heal(): Promise<unknown>;
  setLink(link: LinkSpec): Promise<unknown>;
}

const GROUPS = ['A', 'B', 'C'];

/** Two halves: the first ⌊n/2⌋ nodes and the rest. */
export function halves(names: readonly string[]): string[][] {
  const k = Math.floor(names.length / 2);
  return [names.slice(0, k), names.slice(k)];
}

export class FaultsPanel {
  readonly el: HTMLElement;
  #splitBtn = h('button', { type: 'button', class: 'pg-btn' });
  #healBtn = h('button', { type: 'button', class: 'pg-btn' }, L('m.heal'));
  #groupsBox = h('div', { class: 'pg-groups' });
  #applyBtn = h('button', { type: 'button', class: 'pg-btn' }, L('f.apply'));
  #linkA = h('select', { class: 'pg-select' });
  #linkB = h('select', { class: 'pg-select' });
  #cut = h('input', { type: 'checkbox' });
  #extra = h('input', { type: 'number', class: 'pg-input pg-num', min: 0, max: 60000, step: 10, value: 0, inputmode: 'numeric' });
  #setBtn = h('button', { type: 'button', class: 'pg-btn' }, L('f.setLink'));
  #faulty = h('ul', { class: 'pg-faulty' });
  #state = h('p', { class: 'pg-hint' });
  #error = h('p', { class: 'pg-error', role: 'alert' });
  #names: string[] = [];
  #groupSels: HTMLSelectElement[] = [];
  #linksKey = '';
  #heading = uid('pg-h');

  constructor(private acts: FaultActions) {
    const cutId = uid('pg-f');
    this.#cut.id = cutId;
    this.#linkA.id = uid('pg-f');
    this.#linkB.id = uid('pg-f');
    this.#extra.id = uid('pg-f');
    this.el = h(
      'section',
      { class: 'pg-section pg-faults', 'aria-labelledby': this.#heading },
      h('h2', { id: this.#heading }, L('f.title')),
      h('div', { class: 'pg-row' }, this.#splitBtn, this.#healBtn),
      this.#state,
      h('fieldset', { class: 'pg-fieldset' }, h('legend', {}, L('f.groups')), this.#groupsBox, this.#applyBtn),
      h(
        'fieldset',
        { class: 'pg-fieldset' },
        h('legend', {}, L('f.oneLink')),
        h(
          'div',
          { class: 'pg-row' },
          h('div', { class: 'pg-field' }, h('label', { for: this.#linkA.id }, L('f.between')), this.#linkA),
          h('div', { class: 'pg-field' }, h('label', { for: this.#linkB.id }, L('f.and')), this.#linkB),
          h('div', { class: 'pg-field' }, h('label', { for: this.#extra.id }, L('pg.extraDelay')), this.#extra),
          h('label', { class: 'pg-inline pg-check', for: cutId }, this.#cut, L('f.cut')),
          this.#setBtn,
        ),
        this.#faulty,
      ),
      h('p', { class: 'pg-hint' }, L('f.hint')),
      this.#error,
    );
    this.#splitBtn.addEventListener('click', () => this.#run(this.acts.partition(halves(this.#names))));
    this.#healBtn.addEventListener('click', () => this.#run(this.acts.heal()));
    this.#applyBtn.addEventListener('click', () => {
      const groups = GROUPS.map((g) => this.#names.filter((_, i) => this.#groupSels[i]?.value === g)).filter((g) => g.length > 0);
      if (groups.length < 2) {
        setText(this.#error, t('f.twoGroups'));
        return;
      }
      this.#run(this.acts.partition(groups));
    });
    this.#setBtn.addEventListener('click', () => {
      const a = this.#linkA.value;
      const b = this.#linkB.value;
      if (a === b) {
        setText(this.#error, t('f.twoNodes'));
        return;
      }
      this.#run(this.acts.setLink({ between: [a, b], cut: this.#cut.checked, extra: Math.max(0, Math.round(Number(this.#extra.value) || 0)) }));
    });
    this.#faulty.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest('button');
      if (b) this.#run(this.acts.setLink({ between: [b.dataset['a']!, b.dataset['b']!] }));
    });
  }

  enable(on: boolean): void {
    for (const c of [this.#splitBtn, this.#healBtn, this.#applyBtn, this.#setBtn, this.#linkA, this.#linkB, this.#cut, this.#extra]) c.disabled = !on;
  }

  relang(): void {
    this.#linksKey = '';
  }

  show(snap: Snapshot): void {
    const names = snap.nodes.map((n) => n.name);
    if (names.join('\u0000') !== this.#names.join('\u0000')) this.#rebuild(names);
    const [x, y] = halves(names);
    const shown = t('f.split', { a: String(x!.length), b: String(y!.length) });
    setText(this.#splitBtn, shown);
    this.#splitBtn.title = `${x!.join(' ')} | ${y!.join(' ')}`;
    // The name starts with what the button shows (speech input), then says what it does.
    this.#splitBtn.setAttribute('aria-label', t('f.splitAria', { shown, groups: `${x!.join(' ')} | ${y!.join(' ')}` }));
    this.#splitBtn.disabled = names.length < 2;
    this.#healBtn.disabled = snap.partition === null;
    setText(this.#state, snap.partition ? t('f.splitNow', { groups: snap.partition.map((g) => g.join(' ')).join(' | ') }) : t('f.whole'));
    const key = JSON.stringify(snap.links);
    if (key !== this.#linksKey) {
      this.#linksKey = key;
      this.#faulty.replaceChildren(
        ...snap.links.map((l) => {
          const [a, b] = l.between;
          const what = [l.cut ? t('pg.cut') : '', l.extra ? `+${t('unit.ms', { n: String(l.extra) })}` : ''].filter(Boolean).join(t('f.comma'));
          return h('li', {}, `${a}–${b}: ${what} `, h('button', { type: 'button', class: 'pg-btn pg-mini', 'data-a': a, 'data-b': b }, t('f.mend', { a, b })));
        }),
      );
    }
  }

  #rebuild(names: string[]): void {
    this.#names = names;
    this.#groupSels = names.map((n, i) => {
      const sel = h('select', { class: 'pg-select pg-mini-select', 'aria-label': L('f.groupOf', { node: n }) });
      for (const g of GROUPS) sel.append(h('option', { value: g }, g));
      sel.value = i < Math.floor(names.length / 2) ? 'A' : 'B';
      return sel;
    });
    this.#groupsBox.replaceChildren(...names.map((n, i) => h('label', { class: 'pg-group' }, h('span', {}, n), this.#groupSels[i]!)));
    for (const sel of [this.#linkA, this.#linkB]) sel.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
    this.#linkA.value = names[0] ?? '';
    this.#linkB.value = names[1] ?? names[0] ?? '';
  }

  #run(p: Promise<unknown>): void {
    setText(this.#error, '');
    p.catch((e: unknown) => setText(this.#error, messageOf(e)));
  }
}
