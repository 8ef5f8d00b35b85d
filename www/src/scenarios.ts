// The scenarios menu of the Basic page: every example of examples/scenarios/ (the multi-*
// ones as links to the Multi-Paxos view, which reads ?scenario=) and the exercises, each with
// its title and a one-line description, in the page's language. The files stay as they are
// (versioned contracts): English from their own title/description, Chinese from i18n-zh.ts
// (SCENARIOS_ZH / EXERCISES_ZH, by file name). Choosing an example loads it; an exercise
// opens in the Exercises panel.

import { h, setText, uid } from './dom';
import { fileKey, L, onLang, scenarioText, t } from './i18n';
import type { Playground } from './playground';
import { EXERCISES, exerciseText, type ExercisesPanel } from './exercises';
import type { Exercise } from './classroom';

const FILES = import.meta.glob('../../examples/scenarios/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const TOUR_FILES = import.meta.glob('./tour/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface ScenarioFile {
  /** The file name without `.json`. */
  id: string;
  title: string;
  description: string;
  text: string;
  multi: boolean;
}

function read(path: string, text: string): ScenarioFile {
  const id = fileKey(path);
  const json = JSON.parse(text) as { title?: string; description?: string };
  return { id, title: json.title ?? id, description: json.description ?? '', text, multi: id.startsWith('multi-') };
}

/** The stories first, the broken variants last, each group by file name. */
const order = (f: ScenarioFile) => (f.id.startsWith('broken-') ? 1 : 0);
export const EXAMPLE_FILES: ScenarioFile[] = Object.entries(FILES)
  .map(([p, text]) => read(p, text))
  .sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id));
/** The tour's own scenarios (www/src/tour/*.json), by id. */
export const TOUR_SCENARIOS: Record<string, ScenarioFile> = Object.fromEntries(
  Object.entries(TOUR_FILES).map(([p, text]) => {
    const f = read(p, text);
    return [f.id, f];
  }),
);

/** An example's title and description in the current language. */
export const exampleText = (f: ScenarioFile) => scenarioText(f.id, f);

/** The first sentence (the menu shows one line; the whole text is the item's tooltip). */
const oneLine = (text: string) => /^.*?[.!?。！？](?=\s|$)/u.exec(text)?.[0] ?? text;

export class ScenariosMenu {
  readonly el: HTMLElement;
  /** "Scenario: …", the title of what is loaded. */
  readonly now: HTMLElement;
  private currentExample: ScenarioFile | null = null;

  constructor(pg: Playground, exercises: ExercisesPanel, currentExercise: () => Exercise | null) {
    const relang: (() => void)[] = [];
    const item = (title: () => string, description: () => string, control: HTMLElement) => {
      const desc = h('span', { class: 'site-sc-desc', id: uid('sc-desc') });
      control.setAttribute('aria-describedby', desc.id);
      const say = () => {
        setText(control, title());
        setText(desc, oneLine(description()));
        control.title = description();
      };
      say();
      relang.push(say);
      return h('li', {}, control, desc);
    };
    const section = (heading: ReturnType<typeof L>, ...items: HTMLElement[]) => {
      const id = uid('sc-h');
      return h('div', { class: 'site-sc-group', role: 'group', 'aria-labelledby': id }, h('h2', { id }, heading), h('ul', {}, ...items));
    };

    const details = h('details', { class: 'site-scenarios' });
    const examples = EXAMPLE_FILES.filter((f) => !f.multi).map((f) => {
      const b = h('button', { type: 'button', class: 'site-sc-item', 'data-scenario': f.id });
      b.addEventListener('click', () => {
        this.currentExample = f;
        details.open = false;
        details.querySelector('summary')?.focus();
        void pg.load(f.text).catch(() => {});
        this.show(pg, currentExercise);
      });
      return item(() => exampleText(f).title, () => exampleText(f).description, b);
    });
    const exList = EXERCISES.map((ex) => {
      const b = h('button', { type: 'button', class: 'site-sc-item', 'data-exercise-menu': ex.id });
      b.addEventListener('click', () => {
        this.currentExample = null;
        details.open = false;
        details.querySelector('summary')?.focus();
        exercises.open(ex.id);
      });
      return item(() => exerciseText(ex).title, () => exerciseText(ex).description, b);
    });
    const multi = EXAMPLE_FILES.filter((f) => f.multi).map((f) => {
      const a = h('a', { class: 'site-sc-item', href: `./multi.html?scenario=${encodeURIComponent(f.id)}`, 'data-multi': f.id });
      return item(() => exampleText(f).title, () => exampleText(f).description, a);
    });
    details.append(
      h('summary', { class: 'site-sc-summary', title: L('sc.menuTitle') }, L('sc.menu')),
      h(
        'div',
        { class: 'site-sc-panel' },
        section(L('sc.examples'), ...examples),
        section(L('sc.exercises'), ...exList),
        section(L('sc.multi'), ...multi),
      ),
    );
    details.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && details.open) {
        e.stopPropagation();
        details.open = false;
        details.querySelector('summary')?.focus();
      }
    });
    this.now = h('p', { class: 'site-sc-now', 'aria-live': 'polite' });
    this.el = h('div', { class: 'site-sc' }, details, this.now);

    pg.on('update', () => this.show(pg, currentExercise));
    onLang(() => {
      relang.forEach((f) => f());
      this.show(pg, currentExercise);
    });
  }

  /** Says which scenario is loaded. */
  private show(pg: Playground, currentExercise: () => Exercise | null): void {
    const text = pg.scenario();
    let title: string;
    const ex = currentExercise();
    if (ex) title = exerciseText(ex).title;
    else {
      const known =
        this.currentExample?.text === text ? this.currentExample : [...EXAMPLE_FILES, ...Object.values(TOUR_SCENARIOS)].find((f) => f.text === text) ?? null;
      if (known) title = exampleText(known).title;
      else {
        let own = '';
        try {
          own = String((JSON.parse(text) as { title?: unknown }).title ?? '');
        } catch {
          // not JSON yet
        }
        const byTitle = EXAMPLE_FILES.find((f) => f.title === own);
        title = byTitle ? exampleText(byTitle).title : own || t('sc.custom');
      }
    }
    setText(this.now, t('sc.current', { title }));
    this.now.dataset['title'] = title;
  }
}
