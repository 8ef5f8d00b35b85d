// A small menu that opens beside what was clicked on the island: a node (crash, restart,
// inspect, cut off), a message (deliver, drop, duplicate) or a link (cut, mend, extra
// delay). Arrow keys move between its buttons, Escape closes it and gives the focus back,
// tabbing or clicking away closes it. An action that fails shows the simulator's sentence.

import { h, setText } from '../core/dom';
import { messageOf } from '../core/errors';

export interface PopupItem {
  label: string;
  run: () => Promise<unknown> | void;
  danger?: boolean;
  /** It moves the focus elsewhere: close first, without giving the focus back. */
  moves?: boolean;
}

export class Popup {
  readonly el: HTMLElement;
  #title = h('p', { class: 'pg-menu-title' });
  #detail = h('p', { class: 'pg-menu-detail' });
  #body = h('div', { class: 'pg-menu-body' });
  #error = h('p', { class: 'pg-error', role: 'alert' });
  #back: HTMLElement | SVGElement | null = null;
  /** What the menu is about (e.g. `node S1`), so a second click on it closes it. */
  about = '';

  constructor() {
    this.el = h('div', { class: 'pg-menu', role: 'menu', hidden: true, tabindex: -1 }, this.#title, this.#detail, this.#body, this.#error);
    this.el.addEventListener('keydown', (e) => this.#key(e));
    this.el.addEventListener('focusout', (e) => {
      const to = e.relatedTarget as Node | null;
      if (to && !this.el.contains(to)) this.close(false);
    });
    document.addEventListener('pointerdown', (e) => {
      // composedPath: inside a shadow root (<paxos-playground>) e.target is the host.
      const t = (e.composedPath()[0] ?? e.target) as Element | null;
      if (!this.el.hidden && t instanceof Element && !this.el.contains(t) && !t.closest('.pg-node, .pg-env, .pg-link-hit')) this.close(false);
    });
  }

  get open(): boolean {
    return !this.el.hidden;
  }

  /**
   * Opens the menu at client point (x, y), inside `host`. `items` are buttons; an element
   * is placed as it is (a small form). `back` gets the focus when Escape closes it.
   */
  show(o: {
    about: string;
    title: string;
    detail?: string;
    label: string;
    items: (PopupItem | HTMLElement | null)[];
    x: number;
    y: number;
    host: HTMLElement;
    back?: HTMLElement | SVGElement | null;
  }): void {
    this.about = o.about;
    this.#back = o.back ?? null;
    setText(this.#title, o.title);
    setText(this.#detail, o.detail ?? '');
    this.#detail.hidden = !o.detail;
    setText(this.#error, '');
    this.el.setAttribute('aria-label', o.label);
    this.#body.replaceChildren(
      ...o.items.map((it) => {
        if (!it) return '';
        if (it instanceof HTMLElement) return it;
        const b = h('button', { type: 'button', role: 'menuitem', class: `pg-btn${it.danger ? ' pg-danger' : ''}` }, it.label);
        b.addEventListener('click', () => {
          if (!it.moves) return this.run(it.run);
          this.close(false);
          void it.run();
        });
        return b;
      }),
    );
    this.el.hidden = false;
    const frame = o.host.getBoundingClientRect();
    const w = this.el.offsetWidth;
    const hgt = this.el.offsetHeight;
    const left = Math.min(Math.max(o.x - frame.left - w / 2, 4), frame.width - w - 4);
    const top = Math.min(o.y - frame.top + 10, frame.height - hgt - 4);
    this.el.style.left = `${Math.max(0, left)}px`;
    this.el.style.top = `${Math.max(0, top)}px`;
    this.#buttons()[0]?.focus();
  }

  close(refocus = true): void {
    if (this.el.hidden) return;
    this.el.hidden = true;
    this.about = '';
    if (refocus) this.#back?.focus();
  }

  /** Runs an action; closes on success, shows the reason on failure. */
  run(f: () => Promise<unknown> | void): void {
    setText(this.#error, '');
    Promise.resolve()
      .then(f)
      .then(
        () => this.close(),
        (e: unknown) => setText(this.#error, messageOf(e)),
      );
  }

  #buttons(): HTMLElement[] {
    return [...this.el.querySelectorAll<HTMLElement>('button, input, select')].filter((b) => !b.hidden);
  }

  #key(e: KeyboardEvent): void {
    const items = [...this.el.querySelectorAll<HTMLElement>('[role=menuitem]')];
    const i = items.indexOf((this.el.getRootNode() as Document | ShadowRoot).activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.close();
    } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && items.length && (i >= 0 || (this.el.getRootNode() as Document | ShadowRoot).activeElement === this.el)) {
      e.preventDefault();
      const down = e.key === 'ArrowDown';
      const next = i < 0 ? (down ? 0 : items.length - 1) : (i + (down ? 1 : items.length - 1)) % items.length;
      items[next]?.focus();
    }
  }
}
