// The shortcuts dialog ("?"), fetched the first time it is asked for (help.ts). While it is on
// its way, keys wait for it: they do not act on the playground.

import type { Help } from './help';
import { busy, failed, once } from '../core/lazy';

export class HelpButton {
  #help: Help | null = null;
  #coming = false;
  readonly #load = once(async () => {
    const { Help } = await import('./help');
    this.#help = new Help();
    this.root.insertBefore(this.#help.el, this.before);
    return this.#help;
  });

  /** The dialog goes into `root` before `before`; `button` shows that it is being fetched. */
  constructor(
    private readonly root: HTMLElement,
    private readonly before: HTMLElement,
    private readonly button: HTMLButtonElement,
  ) {}

  show(): Promise<void> {
    this.#coming = !this.#help;
    return busy(this.button, this.#load())
      .then((x) => x.show(), () => failed(this.root))
      .finally(() => (this.#coming = false));
  }

  /** Neither open nor on its way: keys are the playground's. */
  idle(): boolean {
    return !(this.#help?.open || this.#coming);
  }
}
