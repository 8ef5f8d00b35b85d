// What the log tells, with no DOM: the sentences of the trace lines up to the moment shown
// (sentences.ts), and notes for actions that write no trace line (a link cut or mended, the
// network's settings), each kept with the moment it was made so that it shows exactly when
// that moment is on the timeline. It follows the controller; the log and the announcements
// follow it.

import type { LinkSpec, Request, Snapshot } from '../core/protocol';
import type { Controller, Shown } from '../core/controller';
import { visibleAt, type Moment } from '../core/history';
import { countUpTo } from '../core/book';
import { L, type Lazy, type Message } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import { Narrator, sentenceOf, type Sentence } from './sentences';

/** A line of the log for an action that writes no trace line. */
interface Note extends Sentence, Moment {
  id: number;
}

/** What an update gave the log to say. */
export interface Told {
  /** Sentences of the new trace lines. */
  said: Sentence[];
  /** Notes that belong to this moment and were not shown. */
  fresh: Sentence[];
  /** The log must be drawn again: another moment, or a note shown before is gone. */
  redraw: boolean;
  shown: Shown;
}

export class Story {
  readonly narrator = new Narrator();
  #sentences: Sentence[] = [];
  #notes: Note[] = [];
  #noteId = 0;
  #shownNotes = new Set<number>();
  #listeners: ((t: Told) => void)[] = [];

  /** Follows `ctl`: subscribe before the views that read the story. */
  constructor(ctl: Controller) {
    ctl.on('cleared', () => {
      this.narrator.reset();
      this.#sentences = [];
      this.#notes = [];
      this.#shownNotes = new Set();
    });
    ctl.on('shown', (s) => this.#take(s, ctl));
  }

  onTold(f: (t: Told) => void): void {
    this.#listeners.push(f);
  }

  /** The log's lines: the sentences, with the notes that belong to this moment. */
  items(): Sentence[] {
    const vis = this.#notes.filter((n) => this.#shownNotes.has(n.id));
    if (!vis.length) return this.#sentences;
    const out: Sentence[] = [];
    let j = 0;
    for (const s of this.#sentences) {
      while (j < vis.length && vis[j]!.step < s.step) out.push(vis[j++]!);
      out.push(s);
    }
    while (j < vis.length) out.push(vis[j++]!);
    return out;
  }

  #take(shown: Shown, ctl: Controller): void {
    const { update: r, before, dropped } = shown;
    const { snapshot: s, history: hs } = r;
    if (dropped) {
      // The lines up to `since` stay; after going back, what was said of the rest goes.
      this.#sentences.length = countUpTo(this.#sentences, r.since);
      this.narrator.rewind(ctl.book.lines.slice(0, ctl.book.lines.length - r.lines.length));
    }
    const said = this.narrator.narrate(r.lines);
    for (const x of said) this.#sentences.push(x);
    this.narrator.sync(s);
    const made = before && shown.request ? noteOf(shown.request, before, s) : null;
    if (made) {
      const base = { id: ++this.#noteId, branch: hs.branch, position: hs.position, step: s.step, time: s.now, kind: 'network', ballot: null, type: null, nodes: made.nodes } as const;
      this.#notes.push(sentenceOf<Note>(base, made.text));
    }
    const vis = new Set(this.#notes.filter((n) => visibleAt(n, hs)).map((n) => n.id));
    const gone = [...this.#shownNotes].some((id) => !vis.has(id));
    const fresh = this.#notes.filter((n) => vis.has(n.id) && !this.#shownNotes.has(n.id));
    this.#shownNotes = vis;
    const told = { said, fresh, redraw: shown.moved || gone, shown };
    for (const f of this.#listeners) f(told);
  }
}

type Made = { text: Message | Lazy; nodes: string[] } | null;

/** The note for a request that writes no trace line; null for the others. */
function noteOf(r: Request, before: Snapshot, after: Snapshot): Made {
  if (r.type === 'setLink') return linkNote(r.link, after);
  if (r.type === 'setNetwork') return networkNote(before, after);
  return null;
}

function linkNote(link: LinkSpec, after: Snapshot): Made {
  const [a, b] = link.between;
  const f = after.links.find((l) => (l.between[0] === a && l.between[1] === b) || (l.between[0] === b && l.between[1] === a));
  const text = !f
    ? L('note.mended', { a, b })
    : f.cut
      ? f.extra
        ? L('note.cutSlowed', { a, b, n: String(f.extra) })
        : L('note.cut', { a, b })
      : L('note.slowed', { a, b, n: String(f.extra) });
  return { text, nodes: [a, b] };
}

function networkNote(before: Snapshot, after: Snapshot): Made {
  const [x, y] = [before.network, after.network];
  if (x.mode !== y.mode) return { text: y.mode === 'manual' ? L('log.networkManual') : L('log.networkAuto'), nodes: [] };
  if (x.delay[0] === y.delay[0] && x.delay[1] === y.delay[1] && x.drop === y.drop && x.duplicate === y.duplicate) return null;
  const pct = (p: number) => `${Math.round(p * 100)}%`;
  return { text: L('note.network', { min: String(y.delay[0]), max: String(y.delay[1]), drop: pct(y.drop), dup: pct(y.duplicate) }), nodes: [] };
}
