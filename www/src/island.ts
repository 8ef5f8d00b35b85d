// The island: an SVG of the nodes in a circle, each a card with its notebook, the links
// between them (dashed red across a partition, crossed out when cut, labelled when slowed
// down), and the messages in flight as labelled envelopes placed by virtual time. A message
// waiting for a person (manual network) sits still near its sender, stacked with the others
// on its link, outlined. Drawing only; state comes from snapshots.

import type { FlightView, Msg, NodeView, Snapshot, TraceLine } from './protocol';
import { h, s, setAttr, setText } from './dom';
import {
  ballotColour,
  ballotText,
  fitText,
  evenRound,
  msgBallot,
  msgLabel,
  ownerColour,
  phaseName,
  progressText,
  proposalText,
  textEm,
  voteText,
} from './labels';
import { islandLayout, lane, lerp, progress, type Card, type IslandLayout, type Point } from './layout';
import { L, t, type Message } from './i18n';
import './i18n-en-playground'; // the playground's English texts
import type { Phase } from './protocol';

const BADGE_CLASS: Record<Phase, string> = { idle: '', preparing: 'preparing', accepting: 'proposing', 'backing-off': 'backing-off', decided: 'chosen' };

const CARD: Card = { w: 184, h: 118 };
const FONT = 12;
const MSG_FONT = 11;
const VALUE_X = 76;
const LANE = 11;
const EFFECT_MS = 1300;

interface NodeParts {
  g: SVGGElement;
  badge: SVGGElement;
  badgeRect: SVGRectElement;
  badgeText: SVGTextElement;
  promised: SVGTextElement;
  accepted: SVGTextElement;
  learned: SVGTextElement;
  progress: SVGTextElement;
  proposal: SVGTextElement;
}

interface Envelope {
  el: HTMLDivElement;
  flight: FlightView;
  lane: [Point, Point];
  /** Its place among the messages waiting on the same lane (0: nearest the sender). */
  slot: number;
}

interface LinkParts {
  line: SVGLineElement;
  hit: SVGLineElement;
  mark: SVGTextElement;
}

export interface IslandOptions {
  /** A node card was clicked or activated with the keyboard. */
  onNode: (name: string, card: SVGGElement) => void;
  /** An envelope was clicked (client coordinates of the click). */
  onMessage: (id: number, x: number, y: number) => void;
  /** A link was clicked. */
  onLink: (a: string, b: string, x: number, y: number) => void;
  reducedMotion: () => boolean;
}

/** The same message copy (ids are reused on another branch of the timeline). */
const flightKey = (f: FlightView) => `${f.id}/${f.from}/${f.to}/${f.sentAt}/${f.msg.type}/${f.copyOf}`;

export class Island {
  readonly el: HTMLDivElement;
  private svg: SVGSVGElement;
  private linksLayer = s('g', { class: 'pg-links' });
  private nodesLayer = s('g', { class: 'pg-nodes' });
  /** Envelopes are HTML over the SVG: moving them is a compositor transform, no layout. */
  private msgLayer = h('div', { class: 'pg-msgs', 'aria-hidden': 'true' });
  private lastNow = 0;
  private fxLayer = s('g', { class: 'pg-fx' });
  private names: string[] = [];
  private nodes = new Map<string, NodeParts>();
  private links = new Map<string, LinkParts>();
  private envelopes = new Map<string, Envelope>();
  private selected: number | null = null;
  private layout: IslandLayout | null = null;
  private size = { w: 0, h: 0 };
  private splitNote = s('text', { class: 'pg-split-note', x: 10, y: 18 });

  constructor(private opts: IslandOptions) {
    this.svg = s(
      'svg',
      { class: 'pg-svg', role: 'group', 'aria-label': L('is.aria') },
      this.linksLayer,
      this.nodesLayer,
      this.fxLayer,
      this.splitNote,
    );
    this.el = document.createElement('div');
    this.el.className = 'pg-island';
    this.el.append(this.svg, this.msgLayer);
    new ResizeObserver(() => this.resize()).observe(this.el);
    this.msgLayer.addEventListener('click', (e) => {
      const env = (e.target as HTMLElement).closest<HTMLElement>('.pg-env');
      if (env) this.opts.onMessage(Number(env.dataset['id']), e.clientX, e.clientY);
    });
    this.linksLayer.addEventListener('click', (e) => {
      const hit = (e.target as Element).closest('.pg-link-hit');
      const [a, b] = [hit?.getAttribute('data-a'), hit?.getAttribute('data-b')];
      if (a && b) this.opts.onLink(a, b, e.clientX, e.clientY);
    });
  }

  /** The card of a node (for placing its menu). */
  card(name: string): SVGGElement | undefined {
    return this.nodes.get(name)?.g;
  }

  /** Shows a new state of the simulation. */
  update(snap: Snapshot): void {
    const names = snap.nodes.map((n) => n.name);
    if (names.join('\u0000') !== this.names.join('\u0000')) this.rebuild(names);
    for (const n of snap.nodes) this.updateNode(n, snap);
    this.updateLinks(snap);
    this.updateEnvelopes(snap);
  }

  /** Brief marks for what happens inside one batch: self-messages and lost messages. */
  effects(lines: readonly TraceLine[], route: (id: number) => { from: string; to: string; msg: Msg } | undefined): void {
    if (!this.layout) return;
    const selfMsg = new Map<string, Msg>();
    for (const l of lines) {
      if (l.event === 'send' && l.from === l.to) selfMsg.set(l.from, l.msg);
      if (l.event === 'drop') {
        const r = route(l.id);
        if (r) this.lostMark(r.from, r.to);
      }
    }
    for (const [name, msg] of selfMsg) this.selfFlash(name, msg);
  }

  /** Marks the selected message (null: none). */
  select(id: number | null): void {
    this.selected = id;
    for (const e of this.envelopes.values()) e.el.classList.toggle('pg-env-sel', e.flight.id === id);
  }

  /** Moves every envelope to where it is at virtual time `now`. */
  frame(now: number): void {
    this.lastNow = now;
    const still = this.opts.reducedMotion();
    const k = this.layout?.scale ?? 1;
    for (const e of this.envelopes.values()) {
      // A waiting message sits near its sender, after those waiting before it. Without
      // motion a moving one sits mid-link (a copy a little further on) until it lands.
      const t =
        e.flight.arrivesAt === null
          ? Math.min(0.2 + 0.16 * e.slot, 0.8)
          : still
            ? e.flight.copyOf === null
              ? 0.45
              : 0.6
            : progress(e.flight.sentAt, e.flight.arrivesAt, now);
      const p = lerp(e.lane[0], e.lane[1], t);
      e.el.style.transform = `translate(${(p.x * k).toFixed(1)}px, ${(p.y * k).toFixed(1)}px) translate(-50%, -50%)`;
    }
  }

  // ---- Building ----------------------------------------------------------------------

  private rebuild(names: string[]): void {
    this.names = names;
    this.nodes.clear();
    this.links.clear();
    this.envelopes.clear();
    this.nodesLayer.replaceChildren();
    this.linksLayer.replaceChildren();
    this.msgLayer.replaceChildren();
    this.fxLayer.replaceChildren();
    this.el.dataset['nodes'] = String(names.length);
    names.forEach((name, i) => {
      for (let j = i + 1; j < names.length; j++) {
        const key = `${name}\u0000${names[j]}`;
        const line = s('line', { class: 'pg-link' });
        const hit = s('line', { class: 'pg-link-hit', 'data-a': name, 'data-b': names[j] });
        const title = s('title', {}, L('is.linkTitle', { a: name, b: names[j]! }));
        hit.append(title);
        const mark = s('text', { class: 'pg-link-mark', 'text-anchor': 'middle' });
        this.links.set(key, { line, hit, mark });
        this.linksLayer.append(line, hit, mark);
      }
      this.nodesLayer.append(this.buildNode(name, i));
    });
    this.place();
  }

  private buildNode(name: string, index: number): SVGGElement {
    const row = (y: number, key: Message) => {
      const k = s('text', { class: 'pg-k', x: 14, y }, key);
      const v = s('text', { class: 'pg-v', x: VALUE_X, y });
      return [k, v] as const;
    };
    const [pk, promised] = row(44, L('in.f.promised'));
    const [ak, accepted] = row(62, L('in.f.accepted'));
    const [lk, learned] = row(80, L('in.f.learned'));
    const progress = s('text', { class: 'pg-prog', x: 14, y: 100 });
    const proposal = s('text', { class: 'pg-prop', x: 14, y: 114 });
    const badgeRect = s('rect', { class: 'pg-badge-bg', y: 9, height: 18, rx: 9 });
    const badgeText = s('text', { class: 'pg-badge-text', y: 22, 'text-anchor': 'middle' });
    const badge = s('g', { class: 'pg-badge' }, badgeRect, badgeText);
    // A tooltip (and description) only: the name is the aria-label. In parentheses, so that
    // checkers comparing the visible text with the name skip it.
    const title = s('title', {}, L('is.nodeTitle'));
    const accent = s('circle', { class: 'pg-accent', cx: 19, cy: 18, r: 5 });
    accent.style.fill = ownerColour(index);
    // The card's name (aria-label) says all it shows, in words: its drawing is hidden from
    // assistive technology, so the name is not a jumble of the drawn texts.
    const g = s(
      'g',
      { class: 'pg-node', tabindex: 0, role: 'button', 'aria-haspopup': 'menu', 'data-node': name },
      title,
      s(
        'g',
        { 'aria-hidden': 'true' },
        s('rect', { class: 'pg-card', width: CARD.w, height: CARD.h, rx: 10 }),
        accent,
        // Spaces between the texts: read as text, the card is words, not `S1promised—`.
        ...[s('text', { class: 'pg-name', x: 30, y: 23 }, name), badge, pk, promised, ak, accepted, lk, learned].flatMap((e) => [e, ' ']),
        s('line', { class: 'pg-rule', x1: 14, x2: CARD.w - 12, y1: 87, y2: 87 }),
        progress,
        ' ',
        proposal,
      ),
    );
    g.addEventListener('click', () => this.opts.onNode(name, g));
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.opts.onNode(name, g);
      }
    });
    this.nodes.set(name, { g, badge, badgeRect, badgeText, promised, accepted, learned, progress, proposal });
    return g;
  }

  private resize(): void {
    const r = this.el.getBoundingClientRect();
    if (Math.abs(r.width - this.size.w) < 1 && Math.abs(r.height - this.size.h) < 1) return;
    this.size = { w: r.width, h: r.height };
    // A size in pixels, not 100% of the island: the page's grid lays the island out at trial
    // sizes whenever text around it changes (the clock), and an SVG that follows them lays
    // out and shapes every text in it again, several times a frame.
    this.svg.style.width = `${r.width}px`;
    this.svg.style.height = `${r.height}px`;
    this.place();
  }

  /** Lays the cards out for the current size and node count. */
  private place(): void {
    if (!this.names.length || this.size.w === 0) return;
    this.layout = islandLayout(this.names.length, this.size.w, this.size.h, CARD, 12);
    const { width, height, centres } = this.layout;
    this.svg.setAttribute('viewBox', `0 0 ${width.toFixed(1)} ${height.toFixed(1)}`);
    this.fxLayer.replaceChildren(); // marks placed for the old layout
    this.msgLayer.style.setProperty('--s', this.layout.scale.toFixed(3));
    this.names.forEach((name, i) => {
      const c = centres[i]!;
      this.nodes.get(name)!.g.setAttribute('transform', `translate(${(c.x - CARD.w / 2).toFixed(1)} ${(c.y - CARD.h / 2).toFixed(1)})`);
      for (let j = i + 1; j < this.names.length; j++) {
        const d = centres[j]!;
        const link = this.links.get(`${name}\u0000${this.names[j]}`)!;
        for (const line of [link.line, link.hit]) {
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
    for (const e of this.envelopes.values()) e.lane = this.laneOf(e.flight.from, e.flight.to);
    this.frame(this.lastNow);
  }

  private centre(name: string): Point {
    return this.layout?.centres[this.names.indexOf(name)] ?? { x: 0, y: 0 };
  }

  private laneOf(from: string, to: string): [Point, Point] {
    return lane(this.centre(from), this.centre(to), CARD, LANE);
  }

  // ---- Updating ----------------------------------------------------------------------

  private updateNode(n: NodeView, snap: Snapshot): void {
    const p = this.nodes.get(n.name);
    if (!p) return;
    const maxEm = (CARD.w - VALUE_X - 10) / FONT;
    const dash = '—';
    const promisedFull = n.promised ? ballotText(n.promised) : '';
    const acceptedFull = n.accepted ? voteText(n.accepted) : '';
    const learnedFull = n.learned ? `${n.learned} ✓` : '';
    const shown = {
      promised: promisedFull || dash,
      accepted: fitText(acceptedFull || dash, maxEm),
      learned: fitText(learnedFull || dash, maxEm),
    };
    setText(p.promised, shown.promised);
    setText(p.accepted, shown.accepted);
    setText(p.learned, shown.learned);
    const wide = (CARD.w - 24) / FONT;
    const progressShown = fitText(n.up ? progressText(n.proposer, snap.quorum, snap.quorums?.accept) : '', wide);
    setText(p.progress, progressShown);
    const prop = n.up ? proposalText(n.proposer) : '';
    const proposalShown = prop ? fitText(t('is.value', { value: prop }), wide) : '';
    setText(p.proposal, proposalShown);

    const phase = n.proposer.phase;
    const badge = !n.up ? t('is.down') : phase === 'idle' ? (n.learned !== null ? t('is.learned') : '') : phaseName(phase);
    // The badge's class names the state in English, whatever the language shown.
    const badgeClass = !n.up ? 'down' : phase === 'idle' ? (n.learned !== null ? 'learned' : '') : BADGE_CLASS[phase];
    setText(p.badgeText, badge);
    const bw = textEm(badge) * 11 + 16;
    setAttr(p.badgeRect, 'x', (CARD.w - 10 - bw).toFixed(1));
    setAttr(p.badgeRect, 'width', bw.toFixed(1));
    setAttr(p.badgeText, 'x', (CARD.w - 10 - bw / 2).toFixed(1));
    const colour = n.up && phase !== 'idle' && phase !== 'decided' ? ballotColour(n.proposer.ballot, this.names) : '';
    p.badgeRect.style.fill = colour;
    setAttr(p.badge, 'class', `pg-badge${badge ? '' : ' pg-hidden'}${colour ? ' pg-badge-live' : ''} pg-badge-${badgeClass}`);

    p.g.classList.toggle('pg-down', !n.up);
    p.g.classList.toggle('pg-learned', n.learned !== null);
    // The name reads the card in its order, with what it shows (speech input matches it);
    // words it does not show are in parentheses: (idle), (nothing), a cut value in full.
    const field = (key: string, full: string, seen: string) =>
      `${key} ${full ? (seen === full ? full : `${seen} (${full})`) : t('is.nothing')}`;
    const said = [
      n.name,
      badge || t('is.idle'),
      field(t('in.f.promised'), promisedFull, shown.promised),
      field(t('in.f.accepted'), acceptedFull, shown.accepted),
      field(t('in.f.learned'), learnedFull, shown.learned),
      progressShown,
      proposalShown,
    ].filter(Boolean);
    setAttr(p.g, 'aria-label', said.join(t('f.comma')));
  }

  private updateLinks(snap: Snapshot): void {
    const groups = snap.partition;
    const together = (a: string, b: string) => !groups || groups.some((g) => g.includes(a) && g.includes(b));
    const faults = new Map(snap.links.map((l) => [`${l.between[0]}\u0000${l.between[1]}`, l]));
    const cutLinks: string[] = [];
    for (const [key, link] of this.links) {
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
    setText(this.splitNote, notes.filter(Boolean).join('   ·   '));
  }

  private updateEnvelopes(snap: Snapshot): void {
    const live = new Set<string>();
    const waiting = new Map<string, number>();
    for (const f of [...snap.inFlight].sort((a, b) => a.id - b.id)) {
      if (f.from === f.to) continue;
      const key = flightKey(f);
      live.add(key);
      let slot = 0;
      if (f.arrivesAt === null) {
        const laneKey = `${f.from}>${f.to}`;
        slot = waiting.get(laneKey) ?? 0;
        waiting.set(laneKey, slot + 1);
      }
      const e = this.envelopes.get(key);
      if (e) {
        e.flight = f;
        e.slot = slot;
        e.el.classList.toggle('pg-env-wait', f.arrivesAt === null);
        continue;
      }
      const el = this.envelope(f);
      this.envelopes.set(key, { el, flight: f, lane: this.laneOf(f.from, f.to), slot });
    }
    for (const [key, e] of this.envelopes) {
      if (!live.has(key)) {
        e.el.parentElement!.remove();
        this.envelopes.delete(key);
      }
    }
  }

  private envelope(f: FlightView): HTMLDivElement {
    const full = (f.copyOf !== null ? t('fl.copy') : '') + msgLabel(f.msg);
    const cls = `pg-env pg-env-${f.msg.type}${evenRound(msgBallot(f.msg)) ? ' pg-env-even' : ''}${f.copyOf !== null ? ' pg-env-copy' : ''}${f.arrivesAt === null ? ' pg-env-wait' : ''}${f.id === this.selected ? ' pg-env-sel' : ''}`;
    const el = h('div', { class: cls, 'data-id': f.id, title: t('is.envTitle', { msg: full, from: f.from, to: f.to }) }, fitText(full, 24));
    // Its colour sits on a box of its own (display: contents): a custom property in the
    // style that frame() rewrites would make every move a full style recalculation.
    const box = h('div', { class: 'pg-env-box' }, el);
    box.style.setProperty('--c', ballotColour(msgBallot(f.msg), this.names));
    this.msgLayer.append(box);
    return el;
  }

  // ---- Effects (real time, brief) ----------------------------------------------------------

  private fx(g: SVGGElement): void {
    this.fxLayer.append(g);
    setTimeout(() => g.remove(), EFFECT_MS);
  }

  /**
   * A message a node sends itself (no delay, never on the network): a pulse on its card and
   * the label on its top edge. Drawn over the card, at its place (a new layout clears it),
   * not inside it: the card's text is its accessible name, and the label is not part of it.
   */
  private selfFlash(name: string, msg: Msg): void {
    const card = this.nodes.get(name)?.g;
    if (!card) return;
    this.fxLayer.querySelector(`.pg-self[data-node="${CSS.escape(name)}"]`)?.remove();
    const label = fitText(`↻ ${msgLabel(msg)}`, 22);
    const w = textEm(label) * MSG_FONT + 16;
    const colour = ballotColour(msgBallot(msg), this.names);
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
    this.fxLayer.append(g);
    setTimeout(() => g.remove(), EFFECT_MS);
  }

  /** A lost message: a cross where it vanished, at the receiver's end of its lane. */
  private lostMark(from: string, to: string): void {
    if (from === to) return;
    const [, end] = this.laneOf(from, to);
    const p = lerp(this.laneOf(from, to)[0], end, 0.85);
    const d = 7;
    this.fx(
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
