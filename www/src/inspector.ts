// The node inspector: everything the simulator says about one node (acceptor, learner,
// proposer, timer), and its notebook's history recomputed from the trace lines held, each
// change a button that goes to that moment.

import type { NodeView, Snapshot, TraceLine } from './protocol';
import { h, setText, uid } from './dom';
import { ballotText, phaseName, timeText, voteText } from './labels';
import { notebookHistory } from './notebook';

const SHOWN = 80;
const FLUSH_MS = 150;

export class Inspector {
  readonly el: HTMLElement;
  private nodeSel = h('select', { class: 'pg-select' });
  private facts = h('dl', { class: 'pg-facts' });
  private list = h('ol', { class: 'pg-nb-list', reversed: true });
  private more = h('p', { class: 'pg-hint' });
  private snap: Snapshot | null = null;
  private lines: readonly TraceLine[] = [];
  private shownKey = '';
  private timer = 0;

  constructor(private onSeek: (step: number) => void) {
    const heading = uid('pg-h');
    const nbHeading = uid('pg-h');
    this.nodeSel.id = uid('pg-f');
    this.nodeSel.setAttribute('aria-label', 'Node to inspect');
    this.el = h(
      'section',
      { class: 'pg-section pg-inspector', 'aria-labelledby': heading },
      h('div', { class: 'pg-dia-head' }, h('h2', { id: heading }, 'Node inspector'), h('label', { class: 'pg-inline', for: this.nodeSel.id }, 'Node', this.nodeSel)),
      this.facts,
      h('h3', { id: nbHeading }, 'Its notebook over time'),
      h('div', { class: 'pg-nb-scroll', role: 'region', tabindex: 0, 'aria-labelledby': nbHeading }, this.list, this.more),
    );
    this.nodeSel.addEventListener('change', () => this.flush());
    this.list.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest('button');
      if (b) this.onSeek(Number(b.dataset['step']));
    });
  }

  /** Shows `name` (from a node's menu). */
  inspect(name: string): void {
    this.nodeSel.value = name;
    this.flush();
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.el.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
    this.nodeSel.focus();
  }

  /** Shows the next node (the I key). */
  next(): void {
    const opts = [...this.nodeSel.options];
    if (!opts.length) return;
    const i = opts.findIndex((o) => o.value === this.nodeSel.value);
    this.inspect(opts[(i + 1) % opts.length]!.value);
  }

  show(snap: Snapshot, lines: readonly TraceLine[]): void {
    this.snap = snap;
    this.lines = lines;
    if (!this.timer) this.timer = window.setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = 0;
    const snap = this.snap;
    if (!snap) return;
    const names = snap.nodes.map((n) => n.name);
    if ([...this.nodeSel.options].map((o) => o.value).join('\u0000') !== names.join('\u0000')) {
      const keep = this.nodeSel.value;
      this.nodeSel.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
      this.nodeSel.value = names.includes(keep) ? keep : (names[0] ?? '');
    }
    const n = snap.nodes.find((x) => x.name === this.nodeSel.value);
    if (!n) return;
    const key = `${n.name} ${snap.step} ${snap.now} ${this.lines.length}`;
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.facts.replaceChildren(...facts(n, snap).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    const changes = notebookHistory(this.lines, n.name);
    const shown = changes.slice(-SHOWN).reverse();
    this.list.replaceChildren(
      ...shown.map((c) =>
        h(
          'li',
          { class: `pg-nb-${c.field}` },
          h(
            'button',
            { type: 'button', class: 'pg-nb-btn', 'data-step': c.step, title: `Go to step ${c.step}` },
            h('span', { class: 'pg-time' }, timeText(c.time)),
            ` ${c.field === 'down' || c.field === 'up' ? c.text : `${c.field} ${c.text}`}`,
            h('span', { class: 'pg-nb-step' }, ` · step ${c.step}`),
          ),
        ),
      ),
    );
    setText(this.more, changes.length ? (changes.length > SHOWN ? `and ${changes.length - SHOWN} older changes` : '') : 'Nothing written yet.');
  }
}

function facts(n: NodeView, s: Snapshot): [string, string][] {
  const p = n.proposer;
  const none = '—';
  const of = (names: string[]) => `${names.length} of ${s.quorum}${names.length ? `: ${names.join(', ')}` : ''}`;
  return [
    ['state', n.up ? 'up' : 'down (its notebook is kept)'],
    ['promised', n.promised ? ballotText(n.promised) : none],
    ['accepted', n.accepted ? voteText(n.accepted) : none],
    ['learned', n.learned !== null ? `${n.learned}${n.learnedAt !== null ? ` at ${timeText(n.learnedAt)}` : ''}` : none],
    ['phase', phaseName(p.phase)],
    ['ballot', p.ballot ? ballotText(p.ballot) : none],
    ['its value', p.value ?? none],
    ['proposing', p.proposal ?? none],
    ['promises', of(p.promises)],
    ['accepteds', of(p.accepteds)],
    ['attempts', `${p.rounds} (last round ${p.lastRound})`],
    ['timer', p.timer !== null ? `fires at ${timeText(p.timer)}` : 'not set'],
  ];
}
