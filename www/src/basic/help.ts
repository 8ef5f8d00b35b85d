// The "?" dialog: every keyboard shortcut of the playground (a native <dialog>: it keeps the
// focus inside while open, Escape closes it, and the focus returns to where it was). Fetched
// the first time it is asked for (playground.ts).

import { adoptStyles, h, uid } from '../core/dom';
import { DIALOG_CSS } from './dialog';
import { L, type Message } from '../i18n/i18n';
import '../i18n/i18n-en-help'; // its English texts

export const SHORTCUTS: readonly [string | Message, Message][] = [
  ['Space', L('help.k0')],
  ['← / →', L('help.k1')],
  ['Shift + ← / →', L('help.k2')],
  ['M', L('help.k3')],
  ['N / Shift + N', L('help.k4')],
  ['D', L('help.k5')],
  ['X', L('help.k6')],
  ['C', L('help.k7')],
  ['Escape', L('help.k8')],
  ['B', L('help.k9')],
  ['I', L('help.k10')],
  ['A', L('help.k11')],
  ['?', L('help.k12')],
  ['Tab', L('help.k13')],
  [L('help.kLog'), L('help.k14')],
];

export class Help {
  readonly el: HTMLDialogElement;
  #back: HTMLElement | null = null;

  constructor() {
    const heading = uid('pg-h');
    const close = h('button', { type: 'button', class: 'pg-btn pg-primary' }, L('help.close'));
    this.el = h(
      'dialog',
      { class: 'pg-help', 'aria-labelledby': heading },
      h('h2', { id: heading }, L('ctl.shortcuts')),
      h(
        'table',
        {},
        h('tbody', {}, ...SHORTCUTS.map(([k, what]) => h('tr', {}, h('th', { scope: 'row' }, h('kbd', {}, k)), h('td', {}, what)))),
      ),
      h(
        'p',
        { class: 'pg-hint' },
        L('help.note'),
      ),
      h('form', { method: 'dialog' }, close),
    );
    this.el.addEventListener('close', () => {
      // Back to where the focus was; from the page itself (the ? key), back to the page, not
      // left on the closed dialog's button, where the playground's keys do not act.
      const root = this.el.getRootNode() as Document | ShadowRoot;
      if (this.#back && this.#back !== document.body && this.#back.isConnected) this.#back.focus();
      else if (root.activeElement instanceof HTMLElement && this.el.contains(root.activeElement)) root.activeElement.blur();
    });
  }

  get open(): boolean {
    return this.el.open;
  }

  show(): void {
    if (this.el.open) return;
    adoptStyles(this.el, DIALOG_CSS);
    this.#back = document.activeElement as HTMLElement | null;
    this.el.showModal();
  }
}
