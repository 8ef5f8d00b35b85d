// The Exercises menu: the exercises of examples/exercises/, each with its task, hints
// one at a time, a teacher's note, and a done mark kept in localStorage. Below the
// playground: fetched as it comes near the viewport, or when the scenarios menu opens an
// exercise (main.ts).

import { bindAttr, h, setText } from '../core/dom';
import { doneKey, parseExercise, type Exercise } from './classroom';
import type { Playground } from '../core/api';
import { exerciseZh, L, onLang, t } from '../i18n/i18n';
import '../i18n/i18n-en-classroom'; // its English texts

const FILES = import.meta.glob('../../../examples/exercises/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export const EXERCISES: Exercise[] = Object.keys(FILES)
  .sort()
  .map((k) => parseExercise(FILES[k]!));

/** An exercise's texts in the current language: the file's in English, i18n-zh.ts's EXERCISES_ZH in Chinese. */
export function exerciseText(ex: Exercise): { title: string; description: string; task: string; hints: string[]; teacher: string } {
  const zh = exerciseZh(ex.id);
  if (zh) return zh;
  // The files have no description: the task's first sentence is the menu's one line.
  const description = /^.*?[.!?](?=\s|$)/.exec(ex.task)?.[0] ?? ex.task;
  return { title: ex.title, description, task: ex.task, hints: ex.hints, teacher: ex.teacher };
}

function isDone(id: string): boolean {
  try {
    return localStorage.getItem(doneKey(id)) === '1';
  } catch {
    return false;
  }
}
function markDone(id: string): void {
  try {
    localStorage.setItem(doneKey(id), '1');
  } catch {
    // private mode: the mark lasts this page only
  }
}

export class ExercisesPanel {
  readonly el: HTMLElement;
  /** The open exercise, or null. */
  current: Exercise | null = null;
  /** Opens an exercise (the scenarios menu uses it too). */
  readonly open: (id: string) => void;

  constructor(pg: Playground) {
    const list = h('ul', { class: 'pg-ex-list' });
    const title = h('h3', { class: 'pg-ex-title' });
    const task = h('p', { class: 'pg-ex-task' });
    const hints = h('ol', { class: 'pg-ex-hints' });
    const hintBtn = h('button', { type: 'button', class: 'pg-btn' }, L('ex.hint'));
    const teacher = h('details', { class: 'pg-ex-teacher' }, h('summary', {}, L('ex.teacher')), h('p', {}));
    const banner = h('div', { class: 'pg-banner pg-ex-congrats', role: 'status', hidden: true });
    const detail = h('div', { class: 'pg-ex-detail', hidden: true }, title, task, banner, hints, hintBtn, teacher);
    this.el = h('section', { class: 'pg-section pg-exercises', 'aria-label': L('ex.title') }, h('h2', {}, L('ex.title')), list, detail);

    const marks = new Map<string, HTMLElement>();
    for (const ex of EXERCISES) {
      const mark = h('span', { class: 'pg-ex-done', 'data-done': isDone(ex.id) }, isDone(ex.id) ? '✓' : '');
      if (isDone(ex.id)) bindAttr(mark, 'aria-label', L('ex.done'));
      else mark.setAttribute('aria-label', '');
      marks.set(ex.id, mark);
      const open = h('button', { type: 'button', class: 'pg-linkbtn', 'data-exercise': ex.id }, exerciseText(ex).title);
      open.addEventListener('click', () => openExercise(ex));
      onLang(() => setText(open, exerciseText(ex).title));
      list.append(h('li', {}, mark, ' ', open));
    }
    let shownHints = 0;
    const openExercise = (ex: Exercise) => {
      this.current = ex;
      detail.hidden = false;
      hints.replaceChildren();
      shownHints = 0;
      hintBtn.disabled = ex.hints.length === 0;
      teacher.open = false;
      banner.hidden = true;
      say(ex);
      void pg.loadExercise(ex.text).catch(() => {});
    };
    /** The open exercise's texts, in the current language (again after a switch). */
    const say = (ex: Exercise) => {
      const x = exerciseText(ex);
      setText(title, x.title);
      setText(task, x.task);
      [...hints.children].forEach((li, i) => setText(li, x.hints[i] ?? ''));
      setText(teacher.querySelector('p')!, x.teacher);
      if (!banner.hidden) setText(banner, t('ex.solved', { title: x.title }));
    };
    onLang(() => {
      if (this.current) say(this.current);
    });
    this.open = (id: string) => {
      const ex = EXERCISES.find((x) => x.id === id);
      if (ex) openExercise(ex);
    };
    hintBtn.addEventListener('click', () => {
      const ex = this.current;
      if (!ex || shownHints >= ex.hints.length) return;
      hints.append(h('li', {}, exerciseText(ex).hints[shownHints++]!));
      hintBtn.disabled = shownHints >= ex.hints.length;
    });
    pg.on('update', (_s, _l, info) => {
      const ex = this.current;
      if (!ex) return;
      if (info.goalMet === null) {
        // another scenario was loaded: the exercise is over
        this.current = null;
        detail.hidden = true;
        return;
      }
      if (info.goalMet && banner.hidden) {
        banner.hidden = false;
        setText(banner, t('ex.solved', { title: exerciseText(ex).title }));
        markDone(ex.id);
        const mark = marks.get(ex.id)!;
        setText(mark, '✓');
        mark.setAttribute('data-done', '');
        bindAttr(mark, 'aria-label', L('ex.done'));
      }
    });
  }
}
