// The space-time diagram on the page: a canvas the size of its window, over a tall empty
// box that gives the scroll bar its length. Each frame draws only the steps in view, one
// path per message type, so thousands of messages stay smooth. Hovering an arrow shows the
// whole message; clicking goes to that step (everything else follows); "Export SVG"
// downloads the whole diagram as a standalone file (spacetime.ts draws it).

import { bindAttr, h, setText, uid } from './dom';
import { L, t } from './i18n';
import './i18n-en-panels'; // its English texts
import { MSG_TYPES, type MsgType } from './filter';
import { timeText } from './labels';
import {
  arrowText,
  contentHeight,
  crosses,
  diagramSvg,
  geometry,
  hitArrow,
  laneX,
  LOOP,
  segment,
  SpaceTime,
  stepAt,
  stepY,
  TYPE_STYLES,
  type Arrow,
  type Geometry,
  type Segment,
} from './spacetime';

const ZOOMS = [0.25, 0.5, 1, 2, 3, 5, 8, 12, 16, 24];
const DEFAULT_ZOOM = 12;

export interface DiagramOptions {
  /** Go to the moment right after this trace step. */
  onSeek(step: number): void;
}

export class DiagramView {
  readonly el: HTMLElement;
  private scroll = h('div', { class: 'pg-dia-scroll', tabindex: 0, role: 'group' });
  private canvas = h('canvas', { class: 'pg-dia-canvas', 'aria-hidden': 'true' });
  private space = h('div', { class: 'pg-dia-space' });
  private tip = h('div', { class: 'pg-dia-tip', role: 'tooltip', hidden: true });
  private info = h('span', { class: 'pg-hint pg-dia-info' });
  private zoomOut = h('button', { type: 'button', class: 'pg-btn pg-mini', 'aria-label': L('dg.zoomOut') }, '−');
  private zoomIn = h('button', { type: 'button', class: 'pg-btn pg-mini', 'aria-label': L('dg.zoomIn') }, '+');
  private fitBtn = h('button', { type: 'button', class: 'pg-btn pg-mini', 'aria-pressed': 'false', title: L('dg.fitTitle') }, L('dg.fit'));
  private exportBtn = h('button', { type: 'button', class: 'pg-btn pg-mini' }, L('dg.export'));
  private fitting = false;
  private model: SpaceTime | null = null;
  private names: readonly string[] = [];
  private rowH = DEFAULT_ZOOM;
  private raf = 0;
  private follow = true;
  private hover: Arrow | null = null;
  private visible = true;
  private size = { w: 0, h: 0 };
  private colours = { ink: '#1d252d', muted: '#5b6670', line: '#d6dbe0', surface: '#ffffff', ok: '#157a3b', cut: '#dc2626', sunk: '#f1f2f4' };
  /** Each message type's colour in the current theme (--pg-t-<type>), read at draw time. */
  private typeColours = {} as Record<MsgType, string>;

  constructor(private opts: DiagramOptions) {
    const heading = uid('pg-h');
    const legend = h('ul', { class: 'pg-legend', 'aria-label': L('dg.legend') });
    for (const x of MSG_TYPES) legend.append(h('li', {}, legendSwatch(x), L(`type.${x}`)));
    legend.append(h('li', {}, crossSwatch(), L('dg.lost')), h('li', {}, ringSwatch(), L('dg.copy')));
    this.el = h(
      'section',
      { class: 'pg-section pg-diagram', 'aria-labelledby': heading },
      h(
        'div',
        { class: 'pg-dia-head' },
        h('h2', { id: heading }, L('dg.title')),
        this.info,
        h('span', { class: 'pg-dia-tools' }, this.zoomOut, this.zoomIn, this.fitBtn, this.exportBtn),
      ),
      legend,
      h('div', { class: 'pg-dia-frame' }, this.scroll, this.tip),
    );
    this.scroll.append(this.canvas, this.space);
    bindAttr(this.scroll, 'aria-label', L('dg.aria'));
    this.scroll.addEventListener('scroll', () => {
      const s = this.scroll;
      this.follow = s.scrollTop + s.clientHeight >= s.scrollHeight - 4;
      this.schedule();
    });
    this.scroll.addEventListener('pointermove', (e) => this.pointer(e));
    this.scroll.addEventListener('pointerleave', () => this.setHover(null, 0, 0));
    this.scroll.addEventListener('click', (e) => this.click(e));
    this.zoomOut.addEventListener('click', () => this.zoom(-1));
    this.zoomIn.addEventListener('click', () => this.zoom(1));
    this.fitBtn.addEventListener('click', () => this.fit(!this.fitting));
    this.exportBtn.addEventListener('click', () => this.download());
    new ResizeObserver(() => this.schedule()).observe(this.scroll);
    new IntersectionObserver((es) => {
      this.visible = es.some((e) => e.isIntersecting);
      if (this.visible) this.schedule();
    }).observe(this.scroll);
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.schedule());
  }

  /** Shows the model after an update; `jump`: the position moved in time (scroll to it). */
  update(model: SpaceTime, names: readonly string[], jump: boolean): void {
    this.model = model;
    this.names = names;
    if (jump) this.follow = true;
    this.el.dataset['arrows'] = String(model.delivered);
    this.el.dataset['messages'] = String(model.arrows.length);
    setText(
      this.info,
      t('dg.info', { delivered: String(model.delivered), lost: String(model.dropped), flight: String(model.arrows.length - model.delivered - model.dropped), steps: String(model.step) }),
    );
    this.schedule();
  }

  /** Draws on the next frame (once, however many updates come before it). */
  schedule(): void {
    if (this.raf || !this.visible) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.draw();
    });
  }

  private geometry(): Geometry {
    return geometry(this.size.w, this.rowH, this.names);
  }

  /** Draws the steps in view. Public so a test can time it. */
  draw(): void {
    const t0 = performance.now();
    const m = this.model;
    const s = this.scroll;
    const w = s.clientWidth;
    const hView = s.clientHeight;
    if (!m || w === 0 || hView === 0) return;
    this.size = { w, h: hView };
    if (this.fitting) this.rowH = Math.max(0.005, (hView - 30 - 20) / Math.max(1, m.step));
    const g = this.geometry();
    const total = Math.max(contentHeight(g, m.step), hView);
    const spaceH = `${Math.max(0, total - hView)}px`;
    if (this.space.style.height !== spaceH) this.space.style.height = spaceH;
    if (this.follow && Math.abs(s.scrollTop - (total - hView)) > 1) s.scrollTop = total - hView;
    const top = Math.min(s.scrollTop, Math.max(0, total - hView));
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const cw = Math.round(w * dpr);
    const ch = Math.round(hView * dpr);
    if (this.canvas.width !== cw || this.canvas.height !== ch) {
      this.canvas.width = cw;
      this.canvas.height = ch;
      this.canvas.style.width = `${w}px`;
      this.canvas.style.height = `${hView}px`;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    this.readColours();
    const c = this.colours;
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
    for (const name of this.names) {
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
          ctx.fillStyle = k.kind === 'learn' ? c.ok : k.kind === 'propose' ? c.ink : c.surface;
          ctx.strokeStyle = k.kind === 'learn' ? c.ok : c.ink;
          ctx.beginPath();
          ctx.arc(x, y, 3.5, 0, Math.PI * 2);
          ctx.fill();
          ctx.stroke();
        }
      }
    }

    // Arrows: one pass to sort what is in view by type, then one path per type.
    const byType = new Map<MsgType, { s: Segment; a: Arrow }[]>();
    const flying: { s: Segment; a: Arrow }[] = [];
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
    const stroke = (list: { s: Segment; a: Arrow }[], t: MsgType) => {
      const st = TYPE_STYLES[t];
      const colour = this.typeColours[t];
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
    for (const t of MSG_TYPES) {
      const list = byType.get(t);
      if (list) stroke(list, t);
    }
    if (flying.length) {
      ctx.globalAlpha = 0.45;
      for (const t of MSG_TYPES) {
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
    if (this.hover) {
      const sg = segment(g, this.hover, m.step);
      ctx.strokeStyle = c.ink;
      ctx.lineWidth = TYPE_STYLES[this.hover.msg.type].width + 2.5;
      ctx.beginPath();
      path(ctx, sg);
      ctx.stroke();
      const st = TYPE_STYLES[this.hover.msg.type];
      ctx.strokeStyle = this.typeColours[this.hover.msg.type];
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
    for (const name of this.names) ctx.fillText(name, laneX(g, name), 13);
    ctx.textAlign = 'left';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = c.muted;
    ctx.fillText(t('dg.step'), 4, 13);

    this.el.dataset['drawn'] = String(drawn);
    this.el.dataset['drawMs'] = (performance.now() - t0).toFixed(2);
  }

  private readColours(): void {
    const cs = getComputedStyle(this.el);
    const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
    const c = this.colours;
    c.ink = v('--pg-ink', c.ink);
    c.muted = v('--pg-muted', c.muted);
    c.line = v('--pg-line', c.line);
    c.surface = v('--pg-surface', c.surface);
    c.ok = v('--pg-ok', c.ok);
    c.cut = v('--pg-cut', c.cut);
    c.sunk = v('--pg-sunk', c.sunk);
    for (const t of MSG_TYPES) this.typeColours[t] = v(`--pg-t-${t}`, TYPE_STYLES[t].colour);
  }

  private at(e: MouseEvent): { x: number; y: number } {
    const r = this.scroll.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top + this.scroll.scrollTop };
  }

  private pointer(e: PointerEvent): void {
    if (!this.model) return;
    const p = this.at(e);
    const a = hitArrow(this.model, this.geometry(), p.x, p.y, 6);
    this.setHover(a, e.clientX, e.clientY);
  }

  private setHover(a: Arrow | null, x: number, y: number): void {
    if (a !== this.hover) {
      this.hover = a;
      this.schedule();
    }
    this.scroll.style.cursor = a ? 'pointer' : '';
    if (!a) {
      this.tip.hidden = true;
      return;
    }
    setText(this.tip, `${arrowText(a)}\n${t('dg.clickTo', { step: String(a.end ?? a.sent) })}`);
    this.tip.hidden = false;
    const frame = this.tip.parentElement!.getBoundingClientRect();
    const tw = this.tip.offsetWidth;
    const left = Math.min(x - frame.left + 14, frame.width - tw - 4);
    this.tip.style.left = `${Math.max(4, left)}px`;
    this.tip.style.top = `${y - frame.top + 16}px`;
  }

  private click(e: MouseEvent): void {
    const m = this.model;
    if (!m || m.step === 0) return;
    const p = this.at(e);
    const g = this.geometry();
    const a = hitArrow(m, g, p.x, p.y, 6);
    this.opts.onSeek(a ? (a.end ?? a.sent) : stepAt(g, p.y, m.step));
  }

  private zoom(dir: 1 | -1): void {
    if (this.fitting) return this.fit(false);
    const i = ZOOMS.indexOf(this.rowH);
    const next = ZOOMS[Math.min(Math.max(i + dir, 0), ZOOMS.length - 1)]!;
    if (next === this.rowH || !this.model) return;
    // Keep the step in the middle of the view where it is.
    const g = this.geometry();
    const mid = stepAt(g, this.scroll.scrollTop + this.scroll.clientHeight / 2, this.model.step);
    this.rowH = next;
    this.draw();
    if (!this.follow) this.scroll.scrollTop = stepY(this.geometry(), mid) - this.scroll.clientHeight / 2;
    this.schedule();
  }

  /** Every step in view at once (redone as the history grows), or back to the usual zoom. */
  private fit(on: boolean): void {
    this.fitting = on;
    this.fitBtn.setAttribute('aria-pressed', String(on));
    if (!on) this.rowH = DEFAULT_ZOOM;
    this.follow = true;
    this.schedule();
  }

  private download(): void {
    if (!this.model) return;
    const svg = diagramSvg(this.model, this.names, { title: t('dg.svgTitle') });
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    const a = h('a', { href: url, download: 'paxos-diagram.svg', hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
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
function downIntervals(m: SpaceTime): Map<string, [number, number | null][]> {
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

const SVG_NS = 'http://www.w3.org/2000/svg';
function svgEl(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function legendSwatch(t: MsgType): SVGElement {
  const st = TYPE_STYLES[t];
  const svg = svgEl('svg', { width: 34, height: 10, viewBox: '0 0 34 10', 'aria-hidden': 'true' });
  // The theme's colour (a presentation attribute cannot read var(); a style can).
  svg.style.color = `var(--pg-t-${t}, ${st.colour})`;
  svg.append(svgEl('line', { x1: 1, y1: 5, x2: 26, y2: 5, stroke: 'currentColor', 'stroke-width': st.width, 'stroke-dasharray': st.dash.join(' ') || 'none' }));
  const headPath =
    st.head === 'solid'
      ? svgEl('path', { d: 'M25,1 L33,5 L25,9 z', fill: 'currentColor' })
      : st.head === 'open'
        ? svgEl('path', { d: 'M25,1 L33,5 L25,9', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.6 })
        : st.head === 'bar'
          ? svgEl('path', { d: 'M31,0 L31,10', stroke: 'currentColor', 'stroke-width': 2.5 })
          : svgEl('path', { d: 'M25,5 L29,1 L33,5 L29,9 z', fill: 'currentColor' });
  svg.append(headPath);
  return svg;
}

function crossSwatch(): SVGElement {
  const svg = svgEl('svg', { width: 14, height: 10, viewBox: '0 0 14 10', 'aria-hidden': 'true' });
  svg.style.color = 'var(--pg-cut, #dc2626)';
  svg.append(svgEl('path', { d: 'M3,1 L11,9 M11,1 L3,9', stroke: 'currentColor', 'stroke-width': 2.2 }));
  return svg;
}

function ringSwatch(): SVGElement {
  const svg = svgEl('svg', { width: 14, height: 10, viewBox: '0 0 14 10', 'aria-hidden': 'true' });
  svg.style.color = 'var(--pg-t-prepare, #2563eb)';
  svg.append(svgEl('circle', { cx: 7, cy: 5, r: 3.5, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 }));
  return svg;
}
