// The space-time (Lamport) diagram's model, pure (unit-tested in www/test/spacetime.test.ts):
// one lane per node, trace steps downwards; every message copy an arrow from the step it
// was sent (or duplicated) to the step it was delivered or dropped; marks for proposals,
// crashes, timers, partitions and the chosen value. Geometry and hit testing live here too,
// so the canvas (diagram/paint.ts) and the exported file (diagram/svg.ts) agree. A protocol
// says how its messages look and reads its own lines through a DiagramKind: Basic Paxos's
// is BASIC_DIAGRAM below, Multi-Paxos's multi/diagram.ts.

import type { Ballot, Msg } from '../core/protocol';
import type { TraceLine } from '../core/wire.gen';
import { MSG_TYPES } from './filter';
import '../i18n/i18n-en-panels'; // its English texts
import '../i18n/i18n-en-island'; // the comma between its words
import { ballotText, msgLabel, timeText } from './labels';
import { L, t, type Message } from '../i18n/i18n';

export interface Arrow<M = Msg> {
  id: number;
  from: string;
  to: string;
  msg: M;
  /** The step of its send line (of the duplicate line, for a copy). */
  sent: number;
  sentTime: number;
  /** The step of its deliver or drop line; null while it is in flight. */
  end: number | null;
  endTime: number | null;
  fate: 'deliver' | 'drop' | null;
  /** The message this one is a copy of (the network duplicated it). */
  copyOf: number | null;
  /** Sent and received at one step, off the network (a client's request, say): not counted as delivered. */
  instant?: boolean;
}

export type MarkKind = 'propose' | 'crash' | 'restart' | 'timeout' | 'learn' | 'partition' | 'heal' | 'violation' | 'chosen' | 'leader' | 'expire';

export interface Mark {
  step: number;
  time: number;
  kind: MarkKind;
  /** null: about the whole island. */
  node: string | null;
  text: string;
}

export interface ChosenMark {
  step: number;
  time: number;
  value: string;
  ballot: Ballot;
}

/** How one protocol's messages look and read in the diagram, and how its own lines are read. */
export interface DiagramKind<M extends { type: string }, V> {
  /** The message types, in the legend's order. */
  types: readonly string[];
  styles: Readonly<Record<string, TypeStyle>>;
  /** A type's name in the legend. */
  typeName(type: string): Message | string;
  /** An arrow's words. */
  label(m: M): string;
  /**
   * The lines the model does not read itself (it reads the network's: send, duplicate,
   * deliver, drop; and the faults: crash, restart, timeout, partition, heal, violation).
   */
  read(model: SpaceTime<M, V>, l: TraceLine<M, V>): void;
}

/** The diagram's content, from trace lines in order. */
export class SpaceTime<M extends { type: string } = Msg, V = string> {
  arrows: Arrow<M>[] = [];
  marks: Mark[] = [];
  chosen: ChosenMark | null = null;
  /** Copies delivered (one per deliver line) and dropped (one per drop line). */
  delivered = 0;
  dropped = 0;
  /** Arrows off the network, at one step (`instant`): neither delivered nor in flight. */
  instants = 0;
  /** The time of each step: times[step - 1]. */
  times: number[] = [];
  #byId = new Map<number, Arrow<M>>();

  constructor(readonly kind: DiagramKind<M, V>) {}

  /** The last step drawn. */
  get step(): number {
    return this.times.length;
  }

  clear(): void {
    this.arrows = [];
    this.marks = [];
    this.chosen = null;
    this.delivered = 0;
    this.dropped = 0;
    this.instants = 0;
    this.times = [];
    this.#byId.clear();
  }

  /** Starts again from `lines` (after going back in time). */
  rebuild(lines: readonly TraceLine<M, V>[]): void {
    this.clear();
    this.append(lines);
  }

  /**
   * Forgets everything after step `step` (going back in time), in place: arrows sent
   * later go, arrows that arrived later are in flight again.
   */
  truncate(step: number): void {
    if (step >= this.step) return;
    this.times.length = Math.max(0, step);
    // Arrows are in the order they were sent.
    let lo = 0;
    let hi = this.arrows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.arrows[mid]!.sent <= step) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.arrows.length; i++) {
      const a = this.arrows[i]!;
      this.#byId.delete(a.id);
      if (a.instant) {
        this.instants -= 1;
        continue;
      }
      if (a.fate === 'deliver') this.delivered -= 1;
      else if (a.fate === 'drop') this.dropped -= 1;
    }
    this.arrows.length = lo;
    for (const a of this.arrows) {
      if (a.end !== null && a.end > step) {
        if (a.fate === 'deliver') this.delivered -= 1;
        else this.dropped -= 1;
        a.end = null;
        a.endTime = null;
        a.fate = null;
      }
    }
    let k = this.marks.length;
    while (k > 0 && this.marks[k - 1]!.step > step) k--;
    this.marks.length = k;
    if (this.chosen && this.chosen.step > step) this.chosen = null;
  }

  arrow(id: number): Arrow<M> | undefined {
    return this.#byId.get(id);
  }

  /** A mark at line `l`'s step, its words said in the language of the moment they are read. */
  mark(l: { step: number; time: number }, kind: MarkKind, node: string | null, text: Message): void {
    const m = { step: l.step, time: l.time, kind, node } as Mark;
    Object.defineProperty(m, 'text', { get: () => String(text), enumerable: true });
    this.marks.push(m);
  }

  /** An arrow that starts at line `l`'s step (a protocol's own, a client's request, say). */
  send(l: { step: number; time: number }, id: number, from: string, to: string, msg: M): void {
    this.#add({ id, from, to, msg, sent: l.step, sentTime: l.time, end: null, endTime: null, fate: null, copyOf: null });
  }

  /** An arrow at line `l`'s step alone, off the network: a client's request or answer, say. */
  instant(l: { step: number; time: number }, id: number, from: string, to: string, msg: M): void {
    this.#add({ id, from, to, msg, sent: l.step, sentTime: l.time, end: l.step, endTime: l.time, fate: 'deliver', copyOf: null, instant: true });
    this.instants += 1;
  }

  /** Arrow `id` ends at line `l`'s step: delivered or dropped. */
  end(l: { step: number; time: number }, id: number, fate: 'deliver' | 'drop'): void {
    const a = this.#byId.get(id);
    if (!a || a.fate) return;
    a.end = l.step;
    a.endTime = l.time;
    a.fate = fate;
    if (fate === 'deliver') this.delivered += 1;
    else this.dropped += 1;
  }

  append(lines: readonly TraceLine<M, V>[]): void {
    for (const l of lines) {
      this.times[l.step - 1] = l.time;
      const mark = (kind: MarkKind, node: string | null, text: Message) => this.mark(l, kind, node, text);
      switch (l.event) {
        case 'send':
          this.send(l, l.id, l.from, l.to, l.msg);
          break;
        case 'duplicate': {
          const a = this.#byId.get(l.id);
          if (a) this.#add({ ...a, id: l.copy, sent: l.step, sentTime: l.time, end: null, endTime: null, fate: null, copyOf: l.id });
          break;
        }
        case 'deliver':
        case 'drop':
          this.end(l, l.id, l.event);
          break;
        case 'crash':
          mark('crash', l.node, L('log.crash', { node: l.node }));
          break;
        case 'restart':
          mark('restart', l.node, L('mlog.restart', { node: l.node }));
          break;
        case 'timeout':
          mark('timeout', l.node, L('st.timeout', { node: l.node }));
          break;
        case 'partition':
          mark('partition', null, L('st.split', { groups: l.groups.map((g) => g.join(' ')).join(' | ') }));
          break;
        case 'heal':
          mark('heal', null, L('st.healed'));
          break;
        case 'violation':
          mark('violation', null, L('st.violated', { property: l.property }));
          break;
        default:
          this.kind.read(this, l);
          break;
      }
    }
  }

  #add(a: Arrow<M>): void {
    this.arrows.push(a);
    this.#byId.set(a.id, a);
  }
}

/** Every message's full description, for the tooltip and the exported file; `label` says the message. */
export function arrowText<M extends { type: string }>(a: Arrow<M>, label: (m: M) => string): string {
  const at = (step: number, time: number | null) => t('st.at', { step: String(step), time: timeText(time ?? 0) });
  const copy = a.copyOf !== null ? t('st.copyOf', { id: String(a.copyOf) }) : '';
  const route = a.from === a.to ? t('st.toItself', { node: a.from }) : `${a.from} → ${a.to}`;
  if (a.instant) return `${label(a.msg)}\n${route}\n${at(a.sent, a.sentTime)}`;
  const sent = t(a.copyOf !== null ? 'st.duplicatedAt' : 'st.sentAt', { at: at(a.sent, a.sentTime) });
  const end =
    a.fate === 'deliver'
      ? t('st.deliveredAt', { at: at(a.end!, a.endTime) })
      : a.fate === 'drop'
        ? t('st.lostAt', { at: at(a.end!, a.endTime) })
        : t('st.inFlight');
  return `${label(a.msg)}\n${t('st.route', { route, id: String(a.id) })}${copy}\n${sent}${t('f.comma')}${end}`;
}

// ---- How each message type looks: colour AND dash AND arrowhead -----------------------

export type Head = 'solid' | 'open' | 'bar' | 'diamond';
export interface TypeStyle {
  colour: string;
  /** Canvas / SVG dash pattern; [] is a solid line. */
  dash: number[];
  width: number;
  head: Head;
}

export const TYPE_STYLES: Record<Msg['type'], TypeStyle> = {
  prepare: { colour: '#2563eb', dash: [], width: 1.6, head: 'solid' },
  promise: { colour: '#16a34a', dash: [6, 3], width: 1.6, head: 'open' },
  accept: { colour: '#9333ea', dash: [], width: 2.8, head: 'solid' },
  accepted: { colour: '#0891b2', dash: [1.5, 3], width: 2.4, head: 'open' },
  nack: { colour: '#dc2626', dash: [8, 3, 2, 3], width: 1.6, head: 'bar' },
  decide: { colour: '#d97706', dash: [12, 4], width: 2.2, head: 'diamond' },
};

/** Basic Paxos in the diagram: its six message types, proposals, learning and the value chosen. */
export const BASIC_DIAGRAM: DiagramKind<Msg, string> = {
  types: MSG_TYPES,
  styles: TYPE_STYLES,
  typeName: (type) => L(`type.${type as Msg['type']}`),
  label: msgLabel,
  read(model, l) {
    switch (l.event) {
      case 'propose':
        model.mark(l, 'propose', l.node, L('log.propose', { node: l.node, value: l.value }));
        break;
      case 'learn':
        model.mark(l, 'learn', l.node, L('log.learn', { node: l.node, value: l.value }));
        break;
      case 'chosen':
        model.chosen = { step: l.step, time: l.time, value: l.value, ballot: l.ballot };
        model.mark(l, 'chosen', null, L('st.chosen', { value: l.value, b: ballotText(l.ballot) }));
        break;
      default:
        break;
    }
  },
};

// ---- Geometry ---------------------------------------------------------------------------

export interface Geometry {
  /** CSS px. */
  width: number;
  /** Height of one trace step. */
  rowH: number;
  /** Room for the lane names above step 1, and for the step axis on the left. */
  top: number;
  left: number;
  right: number;
  names: readonly string[];
}

export function geometry(width: number, rowH: number, names: readonly string[]): Geometry {
  return { width, rowH, top: 30, left: 56, right: 18, names };
}

export function laneX(g: Geometry, node: string): number {
  const i = Math.max(0, g.names.indexOf(node));
  const span = (g.width - g.left - g.right) / Math.max(1, g.names.length);
  return g.left + (i + 0.5) * span;
}

export function stepY(g: Geometry, step: number): number {
  return g.top + (step - 0.5) * g.rowH;
}

/** The step drawn at height y, from 1 to `last`. */
export function stepAt(g: Geometry, y: number, last: number): number {
  return Math.min(Math.max(Math.floor((y - g.top) / g.rowH) + 1, 1), Math.max(last, 1));
}

export function contentHeight(g: Geometry, steps: number): number {
  return g.top + steps * g.rowH + 16;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** A node's message to itself: a loop beside its lane. */
  self: boolean;
}

/** Where a lost message stops: this far along the way to its receiver. */
export const LOST_AT = 0.6;
/** How far a message still in flight is drawn towards its receiver. */
export const FLYING_AT = 0.45;
/** How far to the side a message to oneself loops. */
export const LOOP = 12;

/** The arrow's segment; `last` is the last step drawn (where messages in flight stop). */
export function segment(g: Geometry, a: Arrow<{ type: string }>, last: number): Segment {
  const x1 = laneX(g, a.from);
  const xTo = laneX(g, a.to);
  const y1 = stepY(g, a.sent);
  const self = a.from === a.to;
  if (a.fate === 'deliver') return { x1, y1, x2: xTo, y2: stepY(g, a.end!), self };
  const k = a.fate === 'drop' ? LOST_AT : FLYING_AT;
  const y2 = a.fate === 'drop' ? stepY(g, a.end!) : stepY(g, last + 0.5);
  return { x1, y1, x2: self ? x1 : x1 + (xTo - x1) * k, y2, self };
}

/** Whether the arrow crosses the band of heights y0..y1. */
export function crosses(s: Segment, y0: number, y1: number): boolean {
  return Math.min(s.y1, s.y2) <= y1 && Math.max(s.y1, s.y2) >= y0;
}

/** Distance from (px, py) to the segment. */
export function distance(s: Segment, px: number, py: number): number {
  const x1 = s.self ? s.x1 + LOOP : s.x1;
  const x2 = s.self ? s.x2 + LOOP : s.x2;
  const dx = x2 - x1;
  const dy = s.y2 - s.y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - x1) * dx + (py - s.y1) * dy) / len2));
  return Math.hypot(px - (x1 + t * dx), py - (s.y1 + t * dy));
}

/** The arrow nearest to (x, y) within `tolerance` px, or null. */
export function hitArrow<M extends { type: string }, V>(m: SpaceTime<M, V>, g: Geometry, x: number, y: number, tolerance = 5): Arrow<M> | null {
  let best: Arrow<M> | null = null;
  let bestD = tolerance;
  for (const a of m.arrows) {
    const s = segment(g, a, m.step);
    if (!crosses(s, y - tolerance, y + tolerance)) continue;
    const d = distance(s, x, y);
    if (d <= bestD) {
      best = a;
      bestD = d;
    }
  }
  return best;
}
