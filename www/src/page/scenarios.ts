// The open scenarios menu of the Basic page: every example of examples/scenarios/ (the
// multi-* ones as links to the Multi-Paxos view, which reads ?scenario=) and the exercises,
// each with its title and a one-line description, in the page's language. The files stay as
// they are (versioned contracts): English from their own title/description, Chinese from
// i18n-zh.ts (SCENARIOS_ZH / EXERCISES_ZH, by file name). Choosing an example loads it; an
// exercise opens in the Exercises panel. Fetched when the menu is first opened (its button,
// scenariomenu.ts, is on the page from the start): the files' texts are not in the first load.

import { h, setText, uid } from '../core/dom';
import { L, onLang } from '../i18n/i18n';
import '../i18n/i18n-en-classroom'; // its English texts
import './scenarios.css'; // its styles
import { EXAMPLE_FILES, exampleText } from './examples';
import { EXERCISES, exerciseText } from '../classroom/exercises';

/** The first sentence (the menu shows one line; the whole text is the item's tooltip). */
const oneLine = (text: string) => /^.*?[.!?。！？](?=\s|$)/u.exec(text)?.[0] ?? text;

/** What the menu's items do. */
export interface MenuActions {
  /** An example was chosen: load its scenario text. */
  load(text: string): void;
  /** An exercise was chosen: open it in the Exercises panel. */
  openExercise(id: string): void;
  /** Closes the menu (the focus goes back to its button). */
  close(): void;
}

/** The open menu's panel: the examples, the exercises and the Multi-Paxos examples. */
export function scenariosPanel(act: MenuActions): HTMLElement {
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

  const examples = EXAMPLE_FILES.filter((f) => !f.multi).map((f) => {
    const b = h('button', { type: 'button', class: 'site-sc-item', 'data-scenario': f.id });
    b.addEventListener('click', () => {
      act.close();
      act.load(f.text);
    });
    return item(() => exampleText(f).title, () => exampleText(f).description, b);
  });
  const exList = EXERCISES.map((ex) => {
    const b = h('button', { type: 'button', class: 'site-sc-item', 'data-exercise-menu': ex.id });
    b.addEventListener('click', () => {
      act.close();
      act.openExercise(ex.id);
    });
    return item(() => exerciseText(ex).title, () => exerciseText(ex).description, b);
  });
  const multi = EXAMPLE_FILES.filter((f) => f.multi).map((f) => {
    const a = h('a', { class: 'site-sc-item', href: `./multi.html?scenario=${encodeURIComponent(f.id)}`, 'data-multi': f.id });
    return item(() => exampleText(f).title, () => exampleText(f).description, a);
  });
  onLang(() => relang.forEach((f) => f()));
  return h(
    'div',
    { class: 'site-sc-panel' },
    section(L('sc.examples'), ...examples),
    section(L('sc.exercises'), ...exList),
    section(L('sc.multi'), ...multi),
  );
}
