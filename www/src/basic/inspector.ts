// The node inspector, for every protocol: everything the simulator says about one node, and
// its history recomputed from the trace lines held, each change a button that goes to that
// moment. What a protocol's node says is its InspectorKind's (Basic Paxos: BASIC_INSPECTOR
// below, its acceptor, learner, proposer and timer, and its notebook over time).

import type { Message } from '../i18n/i18n';
import type { NodeView, Snapshot, TraceLine } from '../core/protocol';
import { bindAttr, h, setText, uid } from '../core/dom';
import { L, t } from '../i18n/i18n';
import '../i18n/i18n-en-panels'; // its English texts
import { ballotText, phaseName, timeText, voteText } from './labels';
import { notebookHistory } from './notebook';

const SHOWN = 80;
const FLUSH_MS = 150;

/** One change in a node's history: a class for its look, and its words. */
export interface Change {
  step: number;
  time: number;
  kind: string;
  text: string;
}

/** What the inspector reads of one protocol's state `S` and trace lines `Line`. */
export interface InspectorKind<S, Line> {
  /** The history's heading. */
  heading: Message;
  names(state: S): readonly string[];
  /** Node `name`'s facts (null: no such node), and a key that changes when they may. */
  facts(state: S, name: string): [string, string][] | null;
  key(state: S): string;
  /** Node `name`'s history, oldest first. */
  history(lines: readonly Line[], name: string): Change[];
}

export class Inspector<S, Line> {
  readonly el: HTMLElement;
  #nodeSel = h('select', { class: 'pg-select' });
  #facts = h('dl', { class: 'pg-facts' });
  #list = h('ol', { class: 'pg-nb-list', reversed: true });
  #more = h('p', { class: 'pg-hint' });
  #snap: S | null = null;
  #lines: readonly Line[] = [];
  #shownKey = '';
  #shownLast: Line | undefined = undefined;
  #timer = 0;

  constructor(
    private onSeek: (step: number) => void,
    private kind: InspectorKind<S, Line>,
  ) {
    const heading = uid('pg-h');
    const nbHeading = uid('pg-h');
    this.#nodeSel.id = uid('pg-f');
    bindAttr(this.#nodeSel, 'aria-label', L('in.nodeToInspect'));
    this.el = h(
      'section',
      { class: 'pg-section pg-inspector', 'aria-labelledby': heading },
      h('div', { class: 'pg-dia-head' }, h('h2', { id: heading }, L('in.title')), h('label', { class: 'pg-inline', for: this.#nodeSel.id }, L('logview.node'), this.#nodeSel)),
      this.#facts,
      h('h3', { id: nbHeading }, kind.heading),
      h('div', { class: 'pg-nb-scroll', role: 'region', tabindex: 0, 'aria-labelledby': nbHeading }, this.#list, this.#more),
    );
    this.#nodeSel.addEventListener('change', () => this.flush());
    this.#list.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest('button');
      if (b) this.onSeek(Number(b.dataset['step']));
    });
  }

  /** Shows `name` (from a node's menu). */
  inspect(name: string): void {
    this.flush(); // a new inspector has no options yet to pick from
    this.#nodeSel.value = name;
    this.flush();
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.el.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
    this.#nodeSel.focus();
  }

  /** Shows the next node (the I key). */
  next(): void {
    this.flush(); // a new inspector has no options yet
    const opts = [...this.#nodeSel.options];
    if (!opts.length) return;
    const i = opts.findIndex((o) => o.value === this.#nodeSel.value);
    this.inspect(opts[(i + 1) % opts.length]!.value);
  }

  relang(): void {
    this.#shownKey = '';
  }

  show(snap: S, lines: readonly Line[]): void {
    this.#snap = snap;
    this.#lines = lines;
    if (!this.#timer) this.#timer = window.setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = 0;
    const snap = this.#snap;
    if (!snap) return;
    const names = this.kind.names(snap);
    if ([...this.#nodeSel.options].map((o) => o.value).join('\u0000') !== names.join('\u0000')) {
      const keep = this.#nodeSel.value;
      this.#nodeSel.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
      this.#nodeSel.value = names.includes(keep) ? keep : (names[0] ?? '');
    }
    const name = this.#nodeSel.value;
    const facts = this.kind.facts(snap, name);
    if (!facts) return;
    // The same node at the same moment, with the same last line (another branch's is another object).
    const key = `${name} ${this.kind.key(snap)} ${this.#lines.length}`;
    const last = this.#lines[this.#lines.length - 1];
    if (key === this.#shownKey && last === this.#shownLast) return;
    this.#shownKey = key;
    this.#shownLast = last;
    this.#facts.replaceChildren(...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    const changes = this.kind.history(this.#lines, name);
    const shown = changes.slice(-SHOWN).reverse();
    this.#list.replaceChildren(
      ...shown.map((c) =>
        h(
          'li',
          { class: `pg-nb-${c.kind}` },
          h(
            'button',
            { type: 'button', class: 'pg-nb-btn', 'data-step': c.step, title: t('in.goTo', { step: String(c.step) }) },
            h('span', { class: 'pg-time' }, timeText(c.time)),
            ` ${c.text}`,
            h('span', { class: 'pg-nb-step' }, t('in.step', { step: String(c.step) })),
          ),
        ),
      ),
    );
    setText(this.#more, changes.length ? (changes.length > SHOWN ? t('in.older', { n: String(changes.length - SHOWN) }) : '') : t('in.nothing'));
  }
}

/** Basic Paxos's node: its acceptor, learner, proposer and timer, and its notebook over time. */
export const BASIC_INSPECTOR: InspectorKind<Snapshot, TraceLine> = {
  heading: L('in.notebook'),
  names: (s) => s.nodes.map((n) => n.name),
  facts(s, name) {
    const n = s.nodes.find((x) => x.name === name);
    return n ? facts(n, s) : null;
  },
  key: (s) => `${s.step} ${s.now}`,
  history: (lines, name) =>
    notebookHistory(lines, name).map((c) => ({
      step: c.step,
      time: c.time,
      kind: c.field,
      text: c.field === 'down' ? t('in.crashed') : c.field === 'up' ? t('in.restarted') : `${t(`in.f.${c.field}`)} ${c.text}`,
    })),
};

function facts(n: NodeView, s: Snapshot): [string, string][] {
  const p = n.proposer;
  const none = '—';
  const of = (names: string[], q = s.quorum) => t('in.of', { n: String(names.length), q: String(q) }) + (names.length ? `: ${names.join(', ')}` : '');
  // A student's node (docs/node-protocol.md): its notebook as it said it, and its state as
  // it returned it; what its proposer holds is in that state.
  if (n.state) {
    return [
      [t('in.f.state'), n.up ? t('in.up') : t('in.down')],
      [t('in.f.promised'), n.promised ? ballotText(n.promised) : none],
      [t('in.f.accepted'), n.accepted ? voteText(n.accepted) : none],
      [t('in.f.learned'), n.learned ?? none],
      [t('in.f.ballot'), p.ballot ? ballotText(p.ballot) : none],
      [t('in.f.timer'), p.timer !== null ? t('in.fires', { time: timeText(p.timer) }) : t('in.notSet')],
      [t('in.f.disk'), n.state.disk],
      [t('in.f.memory'), n.state.memory],
    ];
  }
  return [
    [t('in.f.state'), n.up ? t('in.up') : t('in.down')],
    [t('in.f.promised'), n.promised ? ballotText(n.promised) : none],
    [t('in.f.accepted'), n.accepted ? voteText(n.accepted) : none],
    [t('in.f.learned'), n.learned !== null ? (n.learnedAt !== null ? t('in.learnedAt', { value: n.learned, time: timeText(n.learnedAt) }) : n.learned) : none],
    [t('in.f.phase'), phaseName(p.phase)],
    [t('in.f.ballot'), p.ballot ? ballotText(p.ballot) : none],
    [t('in.f.value'), p.value ?? none],
    [t('in.f.proposing'), p.proposal ?? none],
    [t('progress.promises'), of(p.promises)],
    [t('progress.accepteds'), of(p.accepteds, s.quorums?.accept)],
    [t('in.f.attempts'), t('in.attempts', { n: String(p.rounds), last: String(p.lastRound) })],
    [t('in.f.timer'), p.timer !== null ? t('in.fires', { time: timeText(p.timer) }) : t('in.notSet')],
  ];
}
