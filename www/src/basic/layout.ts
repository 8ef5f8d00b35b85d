// Pure geometry for the island: where the node cards sit on an ellipse that fills the
// view, how much to shrink so no two cards overlap, and the paths messages travel.
// No DOM (unit-tested in www/test/layout.test.ts).

export interface Point {
  x: number;
  y: number;
}

export interface Card {
  w: number;
  h: number;
}

export interface IslandLayout {
  /** The viewBox size; the SVG is drawn at `scale` CSS px per unit. */
  width: number;
  height: number;
  scale: number;
  /** Card centres, in node order, starting at the top and going clockwise. */
  centres: Point[];
}

const GAP = 14;

/** Centres of `n` cards on an ellipse with radii rx, ry around (cx, cy), clockwise from the top. */
export function ring(n: number, cx: number, cy: number, rx: number, ry: number): Point[] {
  if (n === 1) return [{ x: cx, y: cy }];
  // Two nodes side by side read better than one above the other.
  const start = n === 2 ? Math.PI : -Math.PI / 2;
  return Array.from({ length: n }, (_, i) => {
    const a = start + (2 * Math.PI * i) / n;
    return { x: cx + rx * Math.cos(a), y: cy + ry * Math.sin(a) };
  });
}

/** Whether any two cards (same size, given centres) overlap, with a small gap. */
export function overlaps(centres: readonly Point[], card: Card): boolean {
  for (let i = 0; i < centres.length; i++) {
    for (let j = i + 1; j < centres.length; j++) {
      const a = centres[i]!;
      const b = centres[j]!;
      if (Math.abs(a.x - b.x) < card.w + GAP && Math.abs(a.y - b.y) < card.h + GAP) return true;
    }
  }
  return false;
}

/**
 * Places `n` cards in a `width` x `height` CSS-pixel box, as large as possible (scale 1 at
 * most) without overlaps. The ring is stretched so its cards reach every side of the box;
 * in a tall narrow box (a phone) it becomes a zig-zag oval of two columns when that lets the
 * cards be larger.
 */
export function islandLayout(n: number, width: number, height: number, card: Card, margin = 8): IslandLayout {
  const round = fit(ring(n, 0, 0, 1, 1), width, height, card, margin);
  if (n < 4 || height < width * 1.1) return round;
  const tall = fit(ladder(n), width, height, card, margin);
  return tall.scale > round.scale + 0.05 ? tall : round;
}

/** A ring as two columns, zig-zag: down the right side, then up the left. */
export function ladder(n: number): Point[] {
  const right = Math.ceil(n / 2);
  const left = n - right;
  return Array.from({ length: n }, (_, i) => (i < right ? { x: 1, y: 2 * i } : { x: -1, y: 2 * (left - 1 - (i - right)) + 1 }));
}

/** Maps unit positions onto the box, shrinking until no two cards overlap. */
function fit(unit: Point[], width: number, height: number, card: Card, margin: number): IslandLayout {
  const w = Math.max(width, 1);
  const h = Math.max(height, 1);
  const xs = unit.map((p) => p.x);
  const ys = unit.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const map = (u: number, lo: number, hi: number, size: number, cardSize: number) => {
    const from = margin + cardSize / 2;
    const to = size - margin - cardSize / 2;
    return hi - lo < 1e-9 || to <= from ? size / 2 : from + ((u - lo) / (hi - lo)) * (to - from);
  };
  let best: IslandLayout | null = null;
  for (let scale = 1; scale >= 0.3; scale -= 0.02) {
    const vw = w / scale;
    const vh = h / scale;
    const centres = unit.map((u) => ({ x: map(u.x, x0, x1, vw, card.w), y: map(u.y, y0, y1, vh, card.h) }));
    best = { width: vw, height: vh, scale, centres };
    if (!overlaps(centres, card)) return best;
  }
  return best!;
}

/** Where the segment from the centre of a card at `a` towards `b` leaves the card. */
export function edgePoint(a: Point, b: Point, card: Card): Point {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  if (dx === 0 && dy === 0) return { ...a };
  const tx = dx === 0 ? Infinity : card.w / 2 / Math.abs(dx);
  const ty = dy === 0 ? Infinity : card.h / 2 / Math.abs(dy);
  const t = Math.min(tx, ty, 1);
  return { x: a.x + dx * t, y: a.y + dy * t };
}

/**
 * The lane a message from `a` to `b` travels: from edge to edge, shifted sideways by
 * `offset` (to the right of the direction of travel) so the two directions don't overlap.
 */
export function lane(a: Point, b: Point, card: Card, offset: number): [Point, Point] {
  const p = edgePoint(a, b, card);
  const q = edgePoint(b, a, card);
  const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
  const nx = -(q.y - p.y) / len;
  const ny = (q.x - p.x) / len;
  return [
    { x: p.x + nx * offset, y: p.y + ny * offset },
    { x: q.x + nx * offset, y: q.y + ny * offset },
  ];
}

/** How far along its flight a message is at virtual time `now` (0 to 1). */
export function progress(sentAt: number, arrivesAt: number, now: number): number {
  if (arrivesAt <= sentAt) return 1;
  return Math.min(1, Math.max(0, (now - sentAt) / (arrivesAt - sentAt)));
}

export function lerp(a: Point, b: Point, t: number): Point {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}
