// The "?" dialog: every keyboard shortcut of the playground (a native <dialog>: it keeps the
// focus inside while open, Escape closes it, and the focus returns to where it was).

import { h, uid } from './dom';

export const SHORTCUTS: readonly [string, string][] = [
  ['Space', 'play or pause the clock'],
  ['← / →', 'step back / forward one event'],
  ['Shift + ← / →', 'ten events back / forward'],
  ['M', 'manual network on or off'],
  ['N / Shift + N', 'select the next / previous message in flight'],
  ['D', 'deliver the selected message'],
  ['X', 'drop the selected message'],
  ['C', 'duplicate the selected message'],
  ['Escape', 'unselect the message, close a menu or this help'],
  ['B', 'switch to the previous branch'],
  ['I', 'inspect the next node'],
  ['A', 'screen reader announcements on or off'],
  ['?', 'this help'],
  ['Tab', 'every control in turn; Enter or Space on a node opens its menu'],
  ['↑ / ↓ in the log', 'move between lines; Enter goes to that moment'],
];

export class Help {
  readonly el: HTMLDialogElement;
  private back: HTMLElement | null = null;

  constructor() {
    const heading = uid('pg-h');
    const close = h('button', { type: 'button', class: 'pg-btn pg-primary' }, 'Close');
    this.el = h(
      'dialog',
      { class: 'pg-help', 'aria-labelledby': heading },
      h('h2', { id: heading }, 'Keyboard shortcuts'),
      h(
        'table',
        {},
        h('tbody', {}, ...SHORTCUTS.map(([k, what]) => h('tr', {}, h('th', { scope: 'row' }, h('kbd', {}, k)), h('td', {}, what)))),
      ),
      h(
        'p',
        { class: 'pg-hint' },
        'Shortcuts work anywhere in the playground except while typing in a field. In a manual network, click a message on the island or use the In flight list.',
      ),
      h('form', { method: 'dialog' }, close),
    );
    this.el.addEventListener('close', () => this.back?.focus());
  }

  get open(): boolean {
    return this.el.open;
  }

  show(): void {
    if (this.el.open) return;
    this.back = document.activeElement as HTMLElement | null;
    this.el.showModal();
  }
}
