// Unit tests for www/src/basic/layout.ts: cards never overlap, envelopes move along lanes.
import { describe, expect, it } from 'vitest';
import { edgePoint, islandLayout, lane, overlaps, progress } from '../src/basic/layout';

const CARD = { w: 184, h: 118 };

describe('island layout', () => {
  for (const [w, h] of [
    [850, 480],
    [366, 390],
    [366, 600],
    [1200, 700],
  ] as const) {
    for (const n of [1, 2, 3, 5, 7]) {
      it(`places ${n} cards in ${w}x${h} without overlap, inside the box`, () => {
        const l = islandLayout(n, w, h, CARD, 12);
        expect(l.centres).toHaveLength(n);
        expect(overlaps(l.centres, CARD)).toBe(false);
        expect(l.scale).toBeLessThanOrEqual(1);
        for (const c of l.centres) {
          expect(c.x - CARD.w / 2).toBeGreaterThanOrEqual(0);
          expect(c.x + CARD.w / 2).toBeLessThanOrEqual(l.width + 1e-6);
          expect(c.y - CARD.h / 2).toBeGreaterThanOrEqual(0);
          expect(c.y + CARD.h / 2).toBeLessThanOrEqual(l.height + 1e-6);
        }
      });
    }
  }

  it('keeps full size when there is room', () => {
    expect(islandLayout(3, 850, 480, CARD).scale).toBe(1);
  });

  it('puts the first node at the top', () => {
    const l = islandLayout(5, 800, 600, CARD);
    expect(Math.min(...l.centres.map((c) => c.y))).toBe(l.centres[0]!.y);
  });
});

describe('flights', () => {
  it('leave a card at its edge', () => {
    expect(edgePoint({ x: 0, y: 0 }, { x: 500, y: 0 }, CARD)).toEqual({ x: 92, y: 0 });
    expect(edgePoint({ x: 0, y: 0 }, { x: 0, y: -500 }, CARD)).toEqual({ x: 0, y: -59 });
  });
  it('travel on opposite lanes in opposite directions', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 500, y: 0 };
    const [p] = lane(a, b, CARD, 7);
    const [, q] = lane(b, a, CARD, 7);
    expect(p.y).toBe(7);
    expect(q.y).toBe(-7);
  });
  it('progress from sending to arrival, clamped', () => {
    expect(progress(100, 200, 150)).toBe(0.5);
    expect(progress(100, 200, 50)).toBe(0);
    expect(progress(100, 200, 250)).toBe(1);
    expect(progress(100, 100, 100)).toBe(1);
  });
});
