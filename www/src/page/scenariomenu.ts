// The scenarios menu of the Basic page, as the page first shows it: the "Scenarios" button (a
// <details> disclosure under the intro) and the line saying what is loaded. The open menu —
// every example and exercise (scenarios.ts, with the files' texts) — is fetched when the
// menu is first opened, or as soon as a person points at or focuses its button.

import { h, setText } from '../core/dom';
import { fileKey, L, onLang, scenarioText, t } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import { busy, failed, once } from '../core/lazy';
import type { Playground } from '../core/api';

// Only the files' titles are here (Vite's JSON named exports): the line says which file is
// loaded, by its title, in the page's language. Every example has a title of its own (a
// file without one would fail the build: crates/paxos-sim/tests/examples.rs says which).
const TITLES = {
  ...import.meta.glob('../../../examples/scenarios/*.json', { import: 'title', eager: true }),
  ...import.meta.glob('../tour/*.json', { import: 'title', eager: true }),
} as Record<string, string>;
const FILE_OF_TITLE = new Map(Object.entries(TITLES).map(([path, title]) => [title, fileKey(path)]));

/** The page's other parts the menu needs. */
export interface MenuHost {
  /** Opens an exercise in the Exercises panel (fetching the panel if need be). */
  openExercise(id: string): void;
  /** The open exercise's title in the page's language, or null when none is open. */
  exerciseTitle(): string | null;
}

export class ScenariosMenu {
  readonly el: HTMLElement;
  /** "Scenario: …", the title of what is loaded. */
  readonly now: HTMLElement;
  /** Marks the menu busy until `p` settles (an exercise on its way); returns `p`. */
  readonly wait: <T>(p: Promise<T>) => Promise<T>;

  constructor(pg: Playground, host: MenuHost) {
    const details = h('details', { class: 'site-scenarios' });
    const summary = h('summary', { class: 'site-sc-summary', title: L('sc.menuTitle') }, L('sc.menu'));
    details.append(summary);
    const close = () => {
      details.open = false;
      summary.focus();
    };
    const panel = once(async () => {
      const { scenariosPanel } = await import('./scenarios');
      details.append(
        scenariosPanel({
          load: (text) => {
            void pg.load(text).catch(() => {});
            this.#show(pg, host);
          },
          openExercise: (id) => host.openExercise(id),
          close,
        }),
      );
    });
    // Fetched on the first sign of interest; opening the menu waits for it (marked busy).
    const fetch = () => void panel().catch(() => {});
    for (const e of ['pointerenter', 'focus', 'touchstart'] as const) summary.addEventListener(e, fetch, { once: true, passive: true });
    details.addEventListener('toggle', () => {
      if (!details.open) return;
      busy(details, panel()).catch(() => {
        details.open = false; // opening it again tries again
        failed(summary);
      });
    });
    details.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && details.open) {
        e.stopPropagation();
        close();
      }
    });
    this.wait = (p) => busy(details, p);
    this.now = h('p', { class: 'site-sc-now', 'aria-live': 'polite' });
    this.el = h('div', { class: 'site-sc' }, details, this.now);

    pg.on('update', (_s, _l, info) => {
      // Whatever order the Exercises panel hears of it: no goal, no exercise.
      this.#exercise = info.goalMet !== null;
      this.#show(pg, host);
    });
    onLang(() => this.#show(pg, host));
  }

  /** Whether the last update was of an exercise. */
  #exercise = false;

  /** Says which scenario is loaded. */
  #show(pg: Playground, host: MenuHost): void {
    let title = this.#exercise ? host.exerciseTitle() : null;
    if (title === null) {
      let own = '';
      try {
        own = String((JSON.parse(pg.scenario()) as { title?: unknown }).title ?? '');
      } catch {
        // not JSON yet
      }
      const file = FILE_OF_TITLE.get(own);
      title = file ? scenarioText(file, { title: own, description: '' }).title : own || t('sc.custom');
    }
    setText(this.now, t('sc.current', { title }));
    this.now.dataset['title'] = title;
  }
}
