// The island, for every protocol: an SVG of the nodes in a circle, each a card, the links
// between them (dashed red across a partition, crossed out when cut, labelled when slowed
// down), and the messages in flight as labelled envelopes placed by virtual time. A message
// waiting for a person (manual network) sits still near its sender, stacked with the others
// on its link, outlined. Drawing only; state comes from the protocol's view, read through
// its IslandKind (Basic Paxos: basic.ts and card.ts; Multi-Paxos: multi/island.ts).

import type { Ballot, LinkView } from '../../core/protocol';
import type { TraceLine } from '../../core/wire.gen';
import { h, s, setText } from '../../core/dom';
import { ballotColour, evenRound, fitText, textEm } from '../look';
import { islandLayout, lane, lerp, progress, type Card, type IslandLayout, type Point } from '../layout';
import { L, t } from '../../i18n/i18n';
import '../../i18n/i18n-en-island'; // its English texts

const MSG_FONT = 11;
const LANE = 11;
/** How long a brief mark stays (ms of real time). */
export const EFFECT_MS = 1300;

/** A message in flight, as every protocol's view lists it. */
export interface Flight<M> {
  id: number;
  from: string;
  to: string;
  sentAt: number;
  /** null while it waits for a person or a scripted event (manual network). */
  arrivesAt: number | null;
  /** The message this one is a copy of (the network duplicated it); absent: none. */
  copyOf?: number | null;
  /** Known to be lost when it arrives (absent: not known). */
  lost?: boolean;
  msg: M;
}

/** A node's card: built once per node, shown again from each state. */
export interface CardKind<S, N, P extends { g: SVGGElement }> {
  size: Card;
  /** A node's card, whose activation (click, Enter, space) calls `onNode`. */
  build(name: string, index: number, onNode: (name: string, card: SVGGElement) => void): P;
  /** Shows node `n` of `state`; `names`: every node's, for the ballot colours. */
  show(p: P, n: N, state: S, names: readonly string[]): void;
}

/** What the island reads of one protocol's state `S` (nodes `N`, messages `M`). */
export interface IslandKind<S, N extends { name: string }, M extends { type: string }, P extends { g: SVGGElement }> {
  nodes(state: S): readonly N[];
  /** The groups of a partition (null: none). */
  partition(state: S): readonly (readonly string[])[] | null;
  links(state: S): readonly LinkView[];
  flights(state: S): readonly Flight<M>[];
  card: CardKind<S, N, P>;
  /** An envelope's words. */
  label(m: M): string;
  /** The ballot that colours it (null: the neutral colour). */
  ballot(m: M): Ballot | null;
}

interface Envelope<M> {
  el: HTMLDivElement;
  flight: Flight<M>;
  lane: [Point, Point];
  /** Its place among the messages waiting on the same lane (0: nearest the sender). */
  slot: number;
}

interface LinkParts {
  line: SVGLineElement;
  /** The wide invisible line that takes clicks (none when links are not clickable). */
  hit: SVGLineElement | null;
  mark: SVGTextElement;
}

export interface IslandOptions {
  /** A node card was clicked or activated with the keyboard. */
  onNode: (name: string, card: SVGGElement) => void;
  /** An envelope was clicked (client coordinates of the click). */
  onMessage: (id: number, x: number, y: number) => void;
  /** A link was clicked (absent: links are not clickable). */
  onLink?: (a: string, b: string, x: number, y: number) => void;
  /** An envelope's tooltip (default: click to deliver, drop or duplicate it). */
  envelopeTitle?: (msg: string, from: string, to: string) => string;
  reducedMotion: () => boolean;
}

/** The same message copy (ids are reused on another branch of the timeline). */
const flightKey = (f: Flight<{ type: string }>) => `${f.id}/${f.from}/${f.to}/${f.sentAt}/${f.msg.type}/${f.copyOf}`;

export class Island<S, N extends { name: string; up: boolean }, M extends { type: string }, P extends { g: SVGGElement }> {
  readonly el: HTMLDivElement;
  #svg: SVGSVGElement;
  #linksLayer = s('g', { class: 'pg-links' });
  #nodesLayer = s('g', { class: 'pg-nodes' });
  /** Envelopes are HTML over the SVG: moving them is a compositor transform, no layout. */
  #msgLayer = h('div', { class: 'pg-msgs', 'aria-hidden': 'true' });
  #lastNow = 0;
  #fxLayer = s('g', { class: 'pg-fx' });
  #names: string[] = [];
  #nodes = new Map<string, P>();
  #links = new Map<string, LinkParts>();
  #envelopes = new Map<string, Envelope<M>>();
  #selected: number | null = null;
  #layout: IslandLayout | null = null;
  #size = { w: 0, h: 0 };
  #splitNote = s('text', { class: 'pg-split-note', x: 10, y: 18 });

  #card: Card;

  constructor(
    private kind: IslandKind<S, N, M, P>,
    private opts: IslandOptions,
  ) {
    this.#card = kind.card.size;
    this.#svg = s(
      'svg',
      { class: 'pg-svg', role: 'group', 'aria-label': L('is.aria') },
      this.#linksLayer,
      this.#nodesLayer,
      this.#fxLayer,
      this.#splitNote,
    );
    this.el = document.createElement('div');
    this.el.className = 'pg-island';
    this.el.append(this.#svg, this.#msgLayer);
    new ResizeObserver(() => this.#resize()).observe(this.el);
    this.#msgLayer.addEventListener('click', (e) => {
      const env = (e.target as HTMLElement).closest<HTMLElement>('.pg-env');
      if (env) this.opts.onMessage(Number(env.dataset['id']), e.clientX, e.clientY);
    });
    this.#linksLayer.addEventListener('click', (e) => {
      const hit = (e.target as Element).closest('.pg-link-hit');
      const [a, b] = [hit?.getAttribute('data-a'), hit?.getAttribute('data-b')];
      if (a && b) this.opts.onLink?.(a, b, e.clientX, e.clientY);
    });
  }

  /** The card of a node (for placing its menu). */
  card(name: string): SVGGElement | undefined {
    return this.#nodes.get(name)?.g;
  }

  /** Shows a new state of the simulation. */
  update(state: S): void {
    const nodes = this.kind.nodes(state);
    const names = nodes.map((n) => n.name);
    if (names.join('\u0000') !== this.#names.join('\u0000')) this.#rebuild(names);
    for (const n of nodes) {
      const card = this.#nodes.get(n.name);
      if (card) this.kind.card.show(card, n, state, this.#names);
    }
    this.#updateLinks(state);
    this.#updateEnvelopes(state);
  }

  /**
   * Brief marks for what happens inside one batch of trace lines: the last message each
   * node sent itself, and the messages lost; `route` says where a message id went.
   */
  effects(lines: readonly TraceLine<M, unknown>[], route: (id: number) => { from: string; to: string } | undefined): void {
    if (!this.#layout) return;
    const selfMsg = new Map<string, M>();
    for (const l of lines) {
      if (l.event === 'send' && l.from === l.to) selfMsg.set(l.from, l.msg);
      if (l.event === 'drop') {
        const r = route(l.id);
        if (r) this.#lostMark(r.from, r.to);
      }
    }
    for (const [name, msg] of selfMsg) this.#selfFlash(name, msg);
  }

  /** Where node `name`'s card and the island's middle are, and the scale (null before the first layout). */
  where(name: string): { centre: Point; middle: Point; card: Card; scale: number } | null {
    const l = this.#layout;
    if (!l || !this.#nodes.has(name)) return null;
    return { centre: this.#centre(name), middle: { x: l.width / 2, y: l.height / 2 }, card: this.#card, scale: l.scale };
  }

  /** The layer envelopes are drawn on, HTML over the SVG (a protocol's own brief envelopes go there too). */
  get overlay(): HTMLElement {
    return this.#msgLayer;
  }

  /** Marks the selected message (null: none). */
  select(id: number | null): void {
    this.#selected = id;
    for (const e of this.#envelopes.values()) e.el.classList.toggle('pg-env-sel', e.flight.id === id);
  }

  /** Moves every envelope to where it is at virtual time `now`. */
  frame(now: number): void {
    this.#lastNow = now;
    const still = this.opts.reducedMotion();
    const k = this.#layout?.scale ?? 1;
    for (const e of this.#envelopes.values()) {
      // A waiting message sits near its sender, after those waiting before it. Without
      // motion a moving one sits mid-link (a copy a little further on) until it lands.
      const t =
        e.flight.arrivesAt === null
          ? Math.min(0.2 + 0.16 * e.slot, 0.8)
          : still
            ? (e.flight.copyOf ?? null) === null
              ? 0.45
              : 0.6
            : progress(e.flight.sentAt, e.flight.arrivesAt, now);
      const p = lerp(e.lane[0], e.lane[1], t);
      e.el.style.transform = `translate(${(p.x * k).toFixed(1)}px, ${(p.y * k).toFixed(1)}px) translate(-50%, -50%)`;
    }
  }

  // ---- Building ----------------------------------------------------------------------

  #rebuild(names: string[]): void {
    this.#names = names;
    this.#nodes.clear();
    this.#links.clear();
    this.#envelopes.clear();
    this.#nodesLayer.replaceChildren();
    this.#linksLayer.replaceChildren();
    this.#msgLayer.replaceChildren();
    this.#fxLayer.replaceChildren();
    this.el.dataset['nodes'] = String(names.length);
    names.forEach((name, i) => {
      for (let j = i + 1; j < names.length; j++) {
        const key = `${name}\u0000${names[j]}`;
        const line = s('line', { class: 'pg-link' });
        const hit = this.opts.onLink ? s('line', { class: 'pg-link-hit', 'data-a': name, 'data-b': names[j] }, s('title', {}, L('is.linkTitle', { a: name, b: names[j]! }))) : null;
        const mark = s('text', { class: 'pg-link-mark', 'text-anchor': 'middle' });
        this.#links.set(key, { line, hit, mark });
        this.#linksLayer.append(...(hit ? [line, hit, mark] : [line, mark]));
      }
      const card = this.kind.card.build(name, i, this.opts.onNode);
      this.#nodes.set(name, card);
      this.#nodesLayer.append(card.g);
    });
    this.#place();
  }

  #resize(): void {
    const r = this.el.getBoundingClientRect();
    if (Math.abs(r.width - this.#size.w) < 1 && Math.abs(r.height - this.#size.h) < 1) return;
    this.#size = { w: r.width, h: r.height };
    // A size in pixels, not 100% of the island: the page's grid lays the island out at trial
    // sizes whenever text around it changes (the clock), and an SVG that follows them lays
    // out and shapes every text in it again, several times a frame.
    this.#svg.style.width = `${r.width}px`;
    this.#svg.style.height = `${r.height}px`;
    this.#place();
  }

  /** Lays the cards out for the current size and node count. */
  #place(): void {
    if (!this.#names.length || this.#size.w === 0) return;
    const CARD = this.#card;
    this.#layout = islandLayout(this.#names.length, this.#size.w, this.#size.h, CARD, 12);
    const { width, height, centres } = this.#layout;
    this.#svg.setAttribute('viewBox', `0 0 ${width.toFixed(1)} ${height.toFixed(1)}`);
    this.#fxLayer.replaceChildren(); // marks placed for the old layout
    this.#msgLayer.style.setProperty('--s', this.#layout.scale.toFixed(3));
    this.#names.forEach((name, i) => {
      const c = centres[i]!;
      this.#nodes.get(name)!.g.setAttribute('transform', `translate(${(c.x - CARD.w / 2).toFixed(1)} ${(c.y - CARD.h / 2).toFixed(1)})`);
      for (let j = i + 1; j < this.#names.length; j++) {
        const d = centres[j]!;
        const link = this.#links.get(`${name}\u0000${this.#names[j]}`)!;
        for (const line of link.hit ? [link.line, link.hit] : [link.line]) {
          line.setAttribute('x1', c.x.toFixed(1));
          line.setAttribute('y1', c.y.toFixed(1));
          line.setAttribute('x2', d.x.toFixed(1));
          line.setAttribute('y2', d.y.toFixed(1));
        }
        // The mark a little off the middle, so it does not sit under envelopes or cards.
        link.mark.setAttribute('x', ((c.x + d.x) / 2).toFixed(1));
        link.mark.setAttribute('y', ((c.y + d.y) / 2 - 6).toFixed(1));
      }
    });
    for (const e of this.#envelopes.values()) e.lane = this.#laneOf(e.flight.from, e.flight.to);
    this.frame(this.#lastNow);
  }

  #centre(name: string): Point {
    return this.#layout?.centres[this.#names.indexOf(name)] ?? { x: 0, y: 0 };
  }

  #laneOf(from: string, to: string): [Point, Point] {
    return lane(this.#centre(from), this.#centre(to), this.#card, LANE);
  }

  // ---- Updating ----------------------------------------------------------------------

  #updateLinks(state: S): void {
    const groups = this.kind.partition(state);
    const together = (a: string, b: string) => !groups || groups.some((g) => g.includes(a) && g.includes(b));
    const faults = new Map(this.kind.links(state).map((l) => [`${l.between[0]}\u0000${l.between[1]}`, l]));
    const cutLinks: string[] = [];
    for (const [key, link] of this.#links) {
      const [a, b] = key.split('\u0000') as [string, string];
      const f = faults.get(key) ?? faults.get(`${b}\u0000${a}`);
      link.line.classList.toggle('pg-cut', !together(a, b));
      link.line.classList.toggle('pg-link-cut', !!f?.cut);
      link.line.classList.toggle('pg-link-slow', !!f && !f.cut && f.extra > 0);
      setText(link.mark, f ? [f.cut ? `✕ ${t('pg.cut')}` : '', f.extra ? `+${t('unit.ms', { n: String(f.extra) })}` : ''].filter(Boolean).join(' ') : '');
      link.mark.classList.toggle('pg-link-mark-cut', !!f?.cut);
      if (f?.cut) cutLinks.push(`${a}–${b}`);
    }
    const notes = [
      groups ? t('is.split', { groups: groups.map((g) => g.join(' ')).join('  |  ') }) : '',
      cutLinks.length ? t('is.cutLinks', { links: cutLinks.join(', ') }) : '',
    ];
    setText(this.#splitNote, notes.filter(Boolean).join('   ·   '));
  }

  #updateEnvelopes(state: S): void {
    const live = new Set<string>();
    const waiting = new Map<string, number>();
    for (const f of [...this.kind.flights(state)].sort((a, b) => a.id - b.id)) {
      if (f.from === f.to) continue;
      const key = flightKey(f);
      live.add(key);
      let slot = 0;
      if (f.arrivesAt === null) {
        const laneKey = `${f.from}>${f.to}`;
        slot = waiting.get(laneKey) ?? 0;
        waiting.set(laneKey, slot + 1);
      }
      const e = this.#envelopes.get(key);
      if (e) {
        e.flight = f;
        e.slot = slot;
        e.el.classList.toggle('pg-env-wait', f.arrivesAt === null);
        continue;
      }
      const el = this.#envelope(f);
      this.#envelopes.set(key, { el, flight: f, lane: this.#laneOf(f.from, f.to), slot });
    }
    for (const [key, e] of this.#envelopes) {
      if (!live.has(key)) {
        e.el.parentElement!.remove();
        this.#envelopes.delete(key);
      }
    }
  }

  #envelope(f: Flight<M>): HTMLDivElement {
    const copy = f.copyOf !== null && f.copyOf !== undefined;
    const ballot = this.kind.ballot(f.msg);
    const full = (copy ? t('fl.copy') : '') + this.kind.label(f.msg);
    const cls = `pg-env pg-env-${f.msg.type}${evenRound(ballot) ? ' pg-env-even' : ''}${copy ? ' pg-env-copy' : ''}${f.lost ? ' pg-env-lost' : ''}${f.arrivesAt === null ? ' pg-env-wait' : ''}${f.id === this.#selected ? ' pg-env-sel' : ''}`;
    const title = this.opts.envelopeTitle?.(full, f.from, f.to) ?? t('is.envTitle', { msg: full, from: f.from, to: f.to });
    const el = h('div', { class: cls, 'data-id': f.id, title }, fitText(full, 24));
    // Its colour sits on a box of its own (display: contents): a custom property in the
    // style that frame() rewrites would make every move a full style recalculation.
    const box = h('div', { class: 'pg-env-box' }, el);
    box.style.setProperty('--c', ballotColour(ballot, this.#names));
    this.#msgLayer.append(box);
    return el;
  }

  // ---- Effects (real time, brief) ----------------------------------------------------------

  #fx(g: SVGGElement): void {
    this.#fxLayer.append(g);
    setTimeout(() => g.remove(), EFFECT_MS);
  }

  /**
   * A message a node sends itself (no delay, never on the network): a pulse on its card and
   * the label on its top edge. Drawn over the card, at its place (a new layout clears it),
   * not inside it: the card's text is its accessible name, and the label is not part of it.
   */
  #selfFlash(name: string, msg: M): void {
    const card = this.#nodes.get(name)?.g;
    if (!card) return;
    const CARD = this.#card;
    this.#fxLayer.querySelector(`.pg-self[data-node="${CSS.escape(name)}"]`)?.remove();
    const label = fitText(`↻ ${this.kind.label(msg)}`, 22);
    const w = textEm(label) * MSG_FONT + 16;
    const colour = ballotColour(this.kind.ballot(msg), this.#names);
    const pulse = s('rect', { class: 'pg-pulse', x: -3, y: -3, width: CARD.w + 6, height: CARD.h + 6, rx: 12 });
    pulse.style.stroke = colour;
    const chip = s('rect', { x: ((CARD.w - w) / 2).toFixed(1), y: -10, width: w.toFixed(1), height: 20, rx: 10 });
    chip.style.fill = colour;
    const text = s('text', { x: CARD.w / 2, y: 4, 'text-anchor': 'middle' }, label);
    const g = s(
      'g',
      { class: 'pg-self', 'aria-hidden': 'true', 'data-node': name, transform: card.getAttribute('transform') ?? '' },
      pulse,
      s('g', { class: 'pg-msg' }, chip, text),
    );
    this.#fxLayer.append(g);
    setTimeout(() => g.remove(), EFFECT_MS);
  }

  /** A lost message: a cross where it vanished, at the receiver's end of its lane. */
  #lostMark(from: string, to: string): void {
    if (from === to) return;
    const [, end] = this.#laneOf(from, to);
    const p = lerp(this.#laneOf(from, to)[0], end, 0.85);
    const d = 7;
    this.#fx(
      s(
        'g',
        { class: 'pg-lost', transform: `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})` },
        s('circle', { r: 13 }),
        s('path', { d: `M${-d} ${-d}L${d} ${d}M${d} ${-d}L${-d} ${d}` }),
        s('text', { y: 27, 'text-anchor': 'middle' }, 'lost'),
      ),
    );
  }
}
