// The space-time diagram on the page: a canvas the size of its window, over a tall empty
// box that gives the scroll bar its length. Each frame draws only the steps in view, one
// path per message type, so thousands of messages stay smooth. Hovering an arrow shows the
// whole message; clicking goes to that step (everything else follows); "Export SVG"
// downloads the whole diagram as a standalone file (spacetime.ts draws it). paint.ts paints
// a frame; legend.ts draws the legend's swatches.

import { bindAttr, h, saveFile, setText, uid } from '../../core/dom';
import { L, t } from '../../i18n/i18n';
import '../../i18n/i18n-en-panels'; // its English texts
import { paint } from './paint';
import { diagramSvg } from './svg';
import { crossSwatch, legendSwatch, ringSwatch } from './legend';
import {
  arrowText,
  contentHeight,
  geometry,
  hitArrow,
  SpaceTime,
  stepAt,
  stepY,
  type Arrow,
  type DiagramKind,
  type Geometry,
} from '../spacetime';

const ZOOMS = [0.25, 0.5, 1, 2, 3, 5, 8, 12, 16, 24];
const DEFAULT_ZOOM = 12;

export interface DiagramOptions {
  /** Go to the moment right after this trace step. */
  onSeek(step: number): void;
}

export class DiagramView<M extends { type: string }, V> {
  readonly el: HTMLElement;
  #scroll = h('div', { class: 'pg-dia-scroll', tabindex: 0, role: 'group' });
  #canvas = h('canvas', { class: 'pg-dia-canvas', 'aria-hidden': 'true' });
  #space = h('div', { class: 'pg-dia-space' });
  #tip = h('div', { class: 'pg-dia-tip', role: 'tooltip', hidden: true });
  #info = h('span', { class: 'pg-hint pg-dia-info' });
  #zoomOut = h('button', { type: 'button', class: 'pg-btn pg-mini', 'aria-label': L('dg.zoomOut') }, '−');
  #zoomIn = h('button', { type: 'button', class: 'pg-btn pg-mini', 'aria-label': L('dg.zoomIn') }, '+');
  #fitBtn = h('button', { type: 'button', class: 'pg-btn pg-mini', 'aria-pressed': 'false', title: L('dg.fitTitle') }, L('dg.fit'));
  #exportBtn = h('button', { type: 'button', class: 'pg-btn pg-mini' }, L('dg.export'));
  #fitting = false;
  #model: SpaceTime<M, V> | null = null;
  #names: readonly string[] = [];
  #rowH = DEFAULT_ZOOM;
  #raf = 0;
  #follow = true;
  #hover: Arrow<M> | null = null;
  #visible = true;
  #size = { w: 0, h: 0 };
  #colours = { ink: '#1d252d', muted: '#5b6670', line: '#d6dbe0', surface: '#ffffff', ok: '#157a3b', cut: '#dc2626', sunk: '#f1f2f4' };
  /** Each message type's colour in the current theme (--pg-t-<type>), read at draw time. */
  #typeColours: Record<string, string> = {};

  /** A diagram of `kind`'s messages (its models are SpaceTime(kind)'s). */
  constructor(
    private kind: DiagramKind<M, V>,
    private opts: DiagramOptions,
  ) {
    const heading = uid('pg-h');
    const legend = h('ul', { class: 'pg-legend', 'aria-label': L('dg.legend') });
    for (const x of kind.types) legend.append(h('li', {}, legendSwatch(x, kind.styles[x]!), kind.typeName(x)));
    legend.append(h('li', {}, crossSwatch(), L('dg.lost')), h('li', {}, ringSwatch(), L('dg.copy')));
    this.el = h(
      'section',
      { class: 'pg-section pg-diagram', 'aria-labelledby': heading },
      h(
        'div',
        { class: 'pg-dia-head' },
        h('h2', { id: heading }, L('dg.title')),
        this.#info,
        h('span', { class: 'pg-dia-tools' }, this.#zoomOut, this.#zoomIn, this.#fitBtn, this.#exportBtn),
      ),
      legend,
      h('div', { class: 'pg-dia-frame' }, this.#scroll, this.#tip),
    );
    this.#scroll.append(this.#canvas, this.#space);
    bindAttr(this.#scroll, 'aria-label', L('dg.aria'));
    this.#scroll.addEventListener('scroll', () => {
      const s = this.#scroll;
      this.#follow = s.scrollTop + s.clientHeight >= s.scrollHeight - 4;
      this.schedule();
    });
    this.#scroll.addEventListener('pointermove', (e) => this.#pointer(e));
    this.#scroll.addEventListener('pointerleave', () => this.#setHover(null, 0, 0));
    this.#scroll.addEventListener('click', (e) => this.#click(e));
    this.#zoomOut.addEventListener('click', () => this.#zoom(-1));
    this.#zoomIn.addEventListener('click', () => this.#zoom(1));
    this.#fitBtn.addEventListener('click', () => this.#fit(!this.#fitting));
    this.#exportBtn.addEventListener('click', () => this.#download());
    new ResizeObserver(() => this.schedule()).observe(this.#scroll);
    new IntersectionObserver((es) => {
      this.#visible = es.some((e) => e.isIntersecting);
      if (this.#visible) this.schedule();
    }).observe(this.#scroll);
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.schedule());
  }

  /** Shows the model after an update; `jump`: the position moved in time (scroll to it). */
  update(model: SpaceTime<M, V>, names: readonly string[], jump: boolean): void {
    this.#model = model;
    this.#names = names;
    if (jump) this.#follow = true;
    this.el.dataset['arrows'] = String(model.delivered);
    this.el.dataset['messages'] = String(model.arrows.length);
    setText(
      this.#info,
      t('dg.info', { delivered: String(model.delivered), lost: String(model.dropped), flight: String(model.arrows.length - model.instants - model.delivered - model.dropped), steps: String(model.step) }),
    );
    this.schedule();
  }

  /** Draws on the next frame (once, however many updates come before it). */
  schedule(): void {
    if (this.#raf || !this.#visible) return;
    this.#raf = requestAnimationFrame(() => {
      this.#raf = 0;
      this.draw();
    });
  }

  #geometry(): Geometry {
    return geometry(this.#size.w, this.#rowH, this.#names);
  }

  /** Draws the steps in view. Public so a test can time it. */
  draw(): void {
    const t0 = performance.now();
    const m = this.#model;
    const s = this.#scroll;
    const w = s.clientWidth;
    const hView = s.clientHeight;
    if (!m || w === 0 || hView === 0) return;
    this.#size = { w, h: hView };
    if (this.#fitting) this.#rowH = Math.max(0.005, (hView - 30 - 20) / Math.max(1, m.step));
    const g = this.#geometry();
    const total = Math.max(contentHeight(g, m.step), hView);
    const spaceH = `${Math.max(0, total - hView)}px`;
    if (this.#space.style.height !== spaceH) this.#space.style.height = spaceH;
    if (this.#follow && Math.abs(s.scrollTop - (total - hView)) > 1) s.scrollTop = total - hView;
    const top = Math.min(s.scrollTop, Math.max(0, total - hView));
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const cw = Math.round(w * dpr);
    const ch = Math.round(hView * dpr);
    if (this.#canvas.width !== cw || this.#canvas.height !== ch) {
      this.#canvas.width = cw;
      this.#canvas.height = ch;
      this.#canvas.style.width = `${w}px`;
      this.#canvas.style.height = `${hView}px`;
    }
    const ctx = this.#canvas.getContext('2d');
    if (!ctx) return;
    this.#readColours();
    const frame = { m, g, w, hView, dpr, top, names: this.#names, colours: this.#colours, typeColours: this.#typeColours, hover: this.#hover };
    this.el.dataset['drawn'] = String(paint(ctx, frame));
    this.el.dataset['drawMs'] = (performance.now() - t0).toFixed(2);
  }

  #readColours(): void {
    const cs = getComputedStyle(this.el);
    const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
    const c = this.#colours;
    c.ink = v('--pg-ink', c.ink);
    c.muted = v('--pg-muted', c.muted);
    c.line = v('--pg-line', c.line);
    c.surface = v('--pg-surface', c.surface);
    c.ok = v('--pg-ok', c.ok);
    c.cut = v('--pg-cut', c.cut);
    c.sunk = v('--pg-sunk', c.sunk);
    for (const t of this.kind.types) this.#typeColours[t] = v(`--pg-t-${t}`, this.kind.styles[t]!.colour);
  }

  #at(e: MouseEvent): { x: number; y: number } {
    const r = this.#scroll.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top + this.#scroll.scrollTop };
  }

  #pointer(e: PointerEvent): void {
    if (!this.#model) return;
    const p = this.#at(e);
    const a = hitArrow(this.#model, this.#geometry(), p.x, p.y, 6);
    this.#setHover(a, e.clientX, e.clientY);
  }

  #setHover(a: Arrow<M> | null, x: number, y: number): void {
    if (a !== this.#hover) {
      this.#hover = a;
      this.schedule();
    }
    this.#scroll.style.cursor = a ? 'pointer' : '';
    if (!a) {
      this.#tip.hidden = true;
      return;
    }
    setText(this.#tip, `${arrowText(a, this.kind.label)}\n${t('dg.clickTo', { step: String(a.end ?? a.sent) })}`);
    this.#tip.hidden = false;
    const frame = this.#tip.parentElement!.getBoundingClientRect();
    const tw = this.#tip.offsetWidth;
    const left = Math.min(x - frame.left + 14, frame.width - tw - 4);
    this.#tip.style.left = `${Math.max(4, left)}px`;
    this.#tip.style.top = `${y - frame.top + 16}px`;
  }

  #click(e: MouseEvent): void {
    const m = this.#model;
    if (!m || m.step === 0) return;
    const p = this.#at(e);
    const g = this.#geometry();
    const a = hitArrow(m, g, p.x, p.y, 6);
    this.opts.onSeek(a ? (a.end ?? a.sent) : stepAt(g, p.y, m.step));
  }

  #zoom(dir: 1 | -1): void {
    if (this.#fitting) return this.#fit(false);
    const i = ZOOMS.indexOf(this.#rowH);
    const next = ZOOMS[Math.min(Math.max(i + dir, 0), ZOOMS.length - 1)]!;
    if (next === this.#rowH || !this.#model) return;
    // Keep the step in the middle of the view where it is.
    const g = this.#geometry();
    const mid = stepAt(g, this.#scroll.scrollTop + this.#scroll.clientHeight / 2, this.#model.step);
    this.#rowH = next;
    this.draw();
    if (!this.#follow) this.#scroll.scrollTop = stepY(this.#geometry(), mid) - this.#scroll.clientHeight / 2;
    this.schedule();
  }

  /** Every step in view at once (redone as the history grows), or back to the usual zoom. */
  #fit(on: boolean): void {
    this.#fitting = on;
    this.#fitBtn.setAttribute('aria-pressed', String(on));
    if (!on) this.#rowH = DEFAULT_ZOOM;
    this.#follow = true;
    this.schedule();
  }

  #download(): void {
    if (!this.#model) return;
    saveFile(diagramSvg(this.#model, this.#names, { title: t('dg.svgTitle') }), 'paxos-diagram.svg', 'image/svg+xml');
  }
}

