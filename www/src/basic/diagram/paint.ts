// Painting one frame of the space-time diagram on a canvas (diagram/view.ts sizes the canvas
// and scrolls): the step axis, the lanes (dashed while a node is down), the marks across the
// island, and the arrows in view, one path per message type, flying ones faded, lost ones
// ending in a cross, the one under the pointer on top; the lane names stay at the top.

import { t } from '../../i18n/i18n';
import '../../i18n/i18n-en-panels'; // its English texts
import { timeText } from '../labels';
import { crosses, laneX, LOOP, segment, SpaceTime, stepAt, stepY, type Arrow, type Geometry, type Segment } from '../spacetime';

type AnyArrow = Arrow<{ type: string }>;

/** What one frame of the diagram shows, and how. */
export interface Frame {
  m: SpaceTime<{ type: string }, unknown>;
  g: Geometry;
  names: readonly string[];
  /** The canvas's size in CSS pixels, its pixel ratio, and the scroll offset. */
  w: number;
  hView: number;
  dpr: number;
  top: number;
  colours: Colours;
  /** Each message type's colour in the current theme. */
  typeColours: Record<string, string>;
  /** The arrow under the pointer (drawn on top). */
  hover: AnyArrow | null;
}

export interface Colours {
  ink: string;
  muted: string;
  line: string;
  surface: string;
  ok: string;
  cut: string;
  sunk: string;
}

/** Draws the steps in view on `ctx`; returns how many arrows it drew. */
export function paint(ctx: CanvasRenderingContext2D, f: Frame): number {
  const { m, g, w, hView, dpr, top, colours: c } = f;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = c.surface;
  ctx.fillRect(0, 0, w, hView);
  ctx.save();
  ctx.translate(0, -top);
  const y0 = top;
  const y1 = top + hView;
  const lastY = stepY(g, m.step + 0.5);

  // The step axis: a label every ~48 px.
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const every = Math.max(1, Math.ceil(48 / g.rowH));
  const nice = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000].find((k) => k >= every) ?? every;
  const first = Math.max(1, Math.floor(stepAt(g, y0, m.step) / nice) * nice);
  ctx.fillStyle = c.muted;
  ctx.strokeStyle = c.sunk;
  ctx.lineWidth = 1;
  for (let st = first; st <= m.step; st += nice) {
    const y = stepY(g, st);
    if (y > y1 + 10) break;
    if (y < y0 - 10 || st < 1) continue;
    ctx.beginPath();
    ctx.moveTo(g.left - 4, y);
    ctx.lineTo(w - g.right, y);
    ctx.stroke();
    ctx.fillText(`${st}`, 4, y - 6);
    ctx.fillText(timeText(m.times[st - 1] ?? 0), 4, y + 6);
  }

  // Lanes; a node is grey (dashed) while it is down.
  const downs = downIntervals(m);
  for (const name of f.names) {
    const x = laneX(g, name);
    ctx.strokeStyle = c.line;
    ctx.lineWidth = 2;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(x, Math.max(y0, g.top - 4));
    ctx.lineTo(x, Math.min(y1, lastY));
    ctx.stroke();
    for (const [a, b] of downs.get(name) ?? []) {
      ctx.strokeStyle = c.surface;
      ctx.lineWidth = 4;
      const ya = stepY(g, a);
      const yb = b === null ? lastY : stepY(g, b);
      if (yb < y0 || ya > y1) continue;
      ctx.beginPath();
      ctx.moveTo(x, ya);
      ctx.lineTo(x, yb);
      ctx.stroke();
      ctx.strokeStyle = c.muted;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([3, 4]);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  // Marks across the island: partitions, heals, violations, the chosen value.
  for (const k of m.marks) {
    const y = stepY(g, k.step);
    if (y < y0 - 12 || y > y1 + 12) continue;
    if (k.node === null) {
      const chosen = k.kind === 'chosen';
      ctx.strokeStyle = chosen ? c.ok : c.cut;
      ctx.lineWidth = chosen ? 2.5 : 1.5;
      ctx.setLineDash(chosen ? [] : [4, 4]);
      ctx.beginPath();
      ctx.moveTo(g.left - 6, y);
      ctx.lineTo(w - g.right + 6, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = chosen ? c.ok : c.cut;
      ctx.font = chosen ? 'bold 11px system-ui, sans-serif' : '11px system-ui, sans-serif';
      const label = k.text.length > 60 ? `${k.text.slice(0, 59)}…` : k.text;
      ctx.fillText(label, g.left + 4, y - 7);
      ctx.font = '11px system-ui, sans-serif';
    } else if (g.rowH >= 2) {
      const x = laneX(g, k.node);
      ctx.lineWidth = 1.5;
      if (k.kind === 'crash') {
        ctx.strokeStyle = c.muted;
        ctx.lineWidth = 2.5;
        ctx.beginPath();
        ctx.moveTo(x - 5, y - 5);
        ctx.lineTo(x + 5, y + 5);
        ctx.moveTo(x + 5, y - 5);
        ctx.lineTo(x - 5, y + 5);
        ctx.stroke();
      } else {
        ctx.fillStyle = k.kind === 'learn' ? c.ok : k.kind === 'propose' || k.kind === 'leader' ? c.ink : c.surface;
        ctx.strokeStyle = k.kind === 'learn' ? c.ok : c.ink;
        ctx.beginPath();
        ctx.arc(x, y, 3.5, 0, Math.PI * 2);
        ctx.fill();
        ctx.stroke();
      }
    }
  }

  // Arrows: one pass to sort what is in view by type, then one path per type.
  const { types, styles } = m.kind;
  const byType = new Map<string, { s: Segment; a: AnyArrow }[]>();
  const flying: { s: Segment; a: AnyArrow }[] = [];
  let drawn = 0;
  for (const a of m.arrows) {
    const sg = segment(g, a, m.step);
    if (!crosses(sg, y0 - 10, y1 + 10)) continue;
    drawn += 1;
    if (a.fate === null) flying.push({ s: sg, a });
    else {
      let list = byType.get(a.msg.type);
      if (!list) byType.set(a.msg.type, (list = []));
      list.push({ s: sg, a });
    }
  }
  const heads = g.rowH >= 2;
  const stroke = (list: { s: Segment; a: AnyArrow }[], t: string) => {
    const st = styles[t]!;
    const colour = f.typeColours[t]!;
    ctx.strokeStyle = colour;
    ctx.lineWidth = st.width;
    ctx.setLineDash(st.dash);
    ctx.beginPath();
    for (const { s: sg } of list) path(ctx, sg);
    ctx.stroke();
    ctx.setLineDash([]);
    if (!heads) return;
    ctx.fillStyle = colour;
    ctx.lineWidth = 1.6;
    for (const { s: sg, a } of list) {
      if (a.fate === 'deliver') head(ctx, sg, st.head);
      if (a.copyOf !== null) {
        ctx.beginPath();
        ctx.arc(sg.x1, sg.y1, 4, 0, Math.PI * 2);
        ctx.fillStyle = c.surface;
        ctx.fill();
        ctx.stroke();
        ctx.fillStyle = colour;
      }
    }
  };
  for (const t of types) {
    const list = byType.get(t);
    if (list) stroke(list, t);
  }
  if (flying.length) {
    ctx.globalAlpha = 0.45;
    for (const t of types) {
      const list = flying.filter((f) => f.a.msg.type === t);
      if (list.length) stroke(list, t);
    }
    ctx.globalAlpha = 1;
  }
  // Lost messages end in a cross.
  ctx.strokeStyle = c.cut;
  ctx.lineWidth = 2.2;
  ctx.beginPath();
  for (const list of byType.values()) {
    for (const { s: sg, a } of list) {
      if (a.fate !== 'drop') continue;
      const k = 4.5;
      ctx.moveTo(sg.x2 - k, sg.y2 - k);
      ctx.lineTo(sg.x2 + k, sg.y2 + k);
      ctx.moveTo(sg.x2 + k, sg.y2 - k);
      ctx.lineTo(sg.x2 - k, sg.y2 + k);
    }
  }
  ctx.stroke();
  // The arrow under the pointer, on top.
  if (f.hover) {
    const sg = segment(g, f.hover, m.step);
    ctx.strokeStyle = c.ink;
    const st = styles[f.hover.msg.type]!;
    ctx.lineWidth = st.width + 2.5;
    ctx.beginPath();
    path(ctx, sg);
    ctx.stroke();
    ctx.strokeStyle = f.typeColours[f.hover.msg.type]!;
    ctx.lineWidth = st.width;
    ctx.setLineDash(st.dash);
    ctx.beginPath();
    path(ctx, sg);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.restore();

  // The lane names stay at the top.
  ctx.fillStyle = c.surface;
  ctx.fillRect(0, 0, w, g.top - 6);
  ctx.fillStyle = c.ink;
  ctx.font = 'bold 13px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (const name of f.names) ctx.fillText(name, laneX(g, name), 13);
  ctx.textAlign = 'left';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = c.muted;
  ctx.fillText(t('dg.step'), 4, 13);
  return drawn;
}

function path(ctx: CanvasRenderingContext2D, s: Segment): void {
  ctx.moveTo(s.x1, s.y1);
  if (s.self) ctx.bezierCurveTo(s.x1 + LOOP * 1.6, s.y1, s.x2 + LOOP * 1.6, s.y2, s.x2, s.y2);
  else ctx.lineTo(s.x2, s.y2);
}

function head(ctx: CanvasRenderingContext2D, s: Segment, kind: 'solid' | 'open' | 'bar' | 'diamond'): void {
  // Direction at the end: along the segment (a loop arrives from the right).
  const dx = s.self ? -1 : s.x2 - s.x1;
  const dy = s.self ? 0 : s.y2 - s.y1;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const L = 8;
  const W = 4;
  const bx = s.x2 - ux * L;
  const by = s.y2 - uy * L;
  ctx.beginPath();
  switch (kind) {
    case 'solid':
      ctx.moveTo(s.x2, s.y2);
      ctx.lineTo(bx - uy * W, by + ux * W);
      ctx.lineTo(bx + uy * W, by - ux * W);
      ctx.closePath();
      ctx.fill();
      return;
    case 'open':
      ctx.moveTo(bx - uy * W, by + ux * W);
      ctx.lineTo(s.x2, s.y2);
      ctx.lineTo(bx + uy * W, by - ux * W);
      ctx.stroke();
      return;
    case 'bar':
      ctx.moveTo(s.x2 - uy * W * 1.3, s.y2 + ux * W * 1.3);
      ctx.lineTo(s.x2 + uy * W * 1.3, s.y2 - ux * W * 1.3);
      ctx.lineWidth = 2.5;
      ctx.stroke();
      ctx.lineWidth = 1.6;
      return;
    case 'diamond': {
      const mx = s.x2 - ux * L * 0.5;
      const my = s.y2 - uy * L * 0.5;
      ctx.moveTo(s.x2, s.y2);
      ctx.lineTo(mx - uy * W, my + ux * W);
      ctx.lineTo(bx, by);
      ctx.lineTo(mx + uy * W, my - ux * W);
      ctx.closePath();
      ctx.fill();
      return;
    }
  }
}

/** Each node's down intervals, as steps [crashed, restarted or null]. */
function downIntervals(m: Frame['m']): Map<string, [number, number | null][]> {
  const out = new Map<string, [number, number | null][]>();
  for (const k of m.marks) {
    if (k.node === null) continue;
    const list = out.get(k.node) ?? [];
    if (k.kind === 'crash') {
      list.push([k.step, null]);
      out.set(k.node, list);
    } else if (k.kind === 'restart') {
      const last = list[list.length - 1];
      if (last && last[1] === null) last[1] = k.step;
    }
  }
  return out;
}
