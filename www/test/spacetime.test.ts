// Unit tests for www/src/basic/spacetime.ts: the diagram's arrows from trace lines, its geometry,
// hit testing and the standalone SVG.
import { describe, expect, it } from 'vitest';
import raceTrace from './fixtures/island-race.jsonl?raw';
import {
  arrowText,
  BASIC_DIAGRAM,
  contentHeight,
  distance,
  geometry,
  hitArrow,
  laneX,
  LOST_AT,
  segment,
  SpaceTime,
  stepAt,
  stepY,
} from '../src/basic/spacetime';
import type { TraceLine } from '../src/core/protocol';
import { diagramSvg } from '../src/basic/diagram/svg';

const race: TraceLine[] = raceTrace
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => JSON.parse(l) as TraceLine);
const names = ['S1', 'S2', 'S3'];
const l = (step: number, event: object) => ({ step, time: step * 10, ...event }) as TraceLine;
const prepare = { type: 'prepare', ballot: { round: 1, node: 'S1' } };

describe('the model', () => {
  it('has one delivered arrow per deliver line of the race', () => {
    const m = new SpaceTime(BASIC_DIAGRAM);
    m.append(race);
    expect(m.delivered).toBe(race.filter((x) => x.event === 'deliver').length);
    expect(m.arrows.filter((a) => a.fate === 'deliver')).toHaveLength(m.delivered);
    expect(m.arrows).toHaveLength(race.filter((x) => x.event === 'send' || x.event === 'duplicate').length);
    expect(m.chosen).toMatchObject({ step: 35, value: '2元/度', time: 164 });
    expect(m.step).toBe(race.length);
  });

  it('is the same appended in batches or rebuilt after going back', () => {
    const whole = new SpaceTime(BASIC_DIAGRAM);
    whole.append(race);
    const parts = new SpaceTime(BASIC_DIAGRAM);
    parts.append(race.slice(0, 20));
    parts.append(race.slice(20));
    expect(parts.arrows).toEqual(whole.arrows);
    const back = new SpaceTime(BASIC_DIAGRAM);
    back.append(race);
    back.rebuild(race.slice(0, 30));
    expect(back.chosen).toBe(null);
    expect(back.step).toBe(30);
    expect(back.delivered).toBe(race.slice(0, 30).filter((x) => x.event === 'deliver').length);
  });

  it('goes back in place exactly as if rebuilt', () => {
    for (const cut of [0, 1, 9, 20, 34, 35, 50, race.length - 1]) {
      const m = new SpaceTime(BASIC_DIAGRAM);
      m.append(race);
      m.truncate(cut);
      const fresh = new SpaceTime(BASIC_DIAGRAM);
      fresh.append(race.slice(0, cut));
      expect({ a: m.arrows, k: m.marks, c: m.chosen, d: m.delivered, x: m.dropped, s: m.step }).toEqual({
        a: fresh.arrows,
        k: fresh.marks,
        c: fresh.chosen,
        d: fresh.delivered,
        x: fresh.dropped,
        s: fresh.step,
      });
      m.append(race.slice(cut));
      const whole = new SpaceTime(BASIC_DIAGRAM);
      whole.append(race);
      expect(m.arrows).toEqual(whole.arrows);
      expect(m.delivered).toBe(whole.delivered);
    }
  });

  it('keeps copies, losses and messages in flight apart', () => {
    const m = new SpaceTime(BASIC_DIAGRAM);
    m.append([
      l(1, { event: 'send', id: 1, from: 'S1', to: 'S2', msg: prepare }),
      l(2, { event: 'duplicate', id: 1, copy: 2 }),
      l(3, { event: 'send', id: 3, from: 'S1', to: 'S3', msg: prepare }),
      l(4, { event: 'deliver', id: 2 }),
      l(5, { event: 'drop', id: 1 }),
      l(6, { event: 'crash', node: 'S2' }),
    ]);
    const [one, three, copy] = [m.arrow(1)!, m.arrow(3)!, m.arrow(2)!];
    expect(one).toMatchObject({ fate: 'drop', end: 5 });
    expect(copy).toMatchObject({ fate: 'deliver', end: 4, sent: 2, copyOf: 1, from: 'S1', to: 'S2' });
    expect(three).toMatchObject({ fate: null, end: null });
    expect(m.delivered).toBe(1);
    expect(m.dropped).toBe(1);
    expect(m.marks.map((k) => k.kind)).toEqual(['crash']);
    expect(arrowText(copy, BASIC_DIAGRAM.label)).toBe('prepare 1.S1\nS1 → S2, message 2 (a copy of message 1)\nduplicated at step 2 (20 ms), delivered at step 4 (40 ms)');
    expect(arrowText(one, BASIC_DIAGRAM.label)).toContain('lost at step 5 (50 ms)');
    expect(arrowText(three, BASIC_DIAGRAM.label)).toContain('still in flight');
  });
});

describe('geometry', () => {
  const g = geometry(400, 10, names);

  it('spreads the lanes and puts steps downwards', () => {
    const xs = names.map((n) => laneX(g, n));
    expect(xs[0]).toBeGreaterThan(g.left);
    expect(xs[2]).toBeLessThan(g.width - g.right);
    expect(xs[1]! - xs[0]!).toBeCloseTo(xs[2]! - xs[1]!);
    expect(stepY(g, 2) - stepY(g, 1)).toBe(10);
    expect(stepAt(g, stepY(g, 7), 100)).toBe(7);
    expect(stepAt(g, -50, 100)).toBe(1);
    expect(stepAt(g, 1e6, 100)).toBe(100);
    expect(contentHeight(g, 100)).toBeGreaterThan(stepY(g, 100));
  });

  it('draws delivered arrows lane to lane, lost ones part of the way', () => {
    const m = new SpaceTime(BASIC_DIAGRAM);
    m.append([
      l(1, { event: 'send', id: 1, from: 'S1', to: 'S3', msg: prepare }),
      l(2, { event: 'send', id: 2, from: 'S1', to: 'S2', msg: prepare }),
      l(3, { event: 'deliver', id: 1 }),
      l(4, { event: 'drop', id: 2 }),
    ]);
    const s1 = segment(g, m.arrow(1)!, m.step);
    expect(s1).toEqual({ x1: laneX(g, 'S1'), y1: stepY(g, 1), x2: laneX(g, 'S3'), y2: stepY(g, 3), self: false });
    const s2 = segment(g, m.arrow(2)!, m.step);
    expect(s2.x2).toBeCloseTo(laneX(g, 'S1') + (laneX(g, 'S2') - laneX(g, 'S1')) * LOST_AT);
    expect(s2.y2).toBe(stepY(g, 4));
    // hovering the middle of an arrow finds it; far away finds nothing
    const mid = { x: (s1.x1 + s1.x2) / 2, y: (s1.y1 + s1.y2) / 2 };
    expect(distance(s1, mid.x, mid.y)).toBeCloseTo(0);
    expect(hitArrow(m, g, mid.x, mid.y + 1)?.id).toBe(1);
    expect(hitArrow(m, g, mid.x, mid.y + 40)).toBe(null);
  });
});

describe('the SVG file', () => {
  it('is standalone, one arrow per message, with their full content and no raw text', () => {
    const m = new SpaceTime(BASIC_DIAGRAM);
    m.append(race);
    m.append([l(race.length + 1, { event: 'propose', node: 'S1', value: '<b>&"' })]);
    const svg = diagramSvg(m, names);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect((svg.match(/<g class="m-/g) ?? []).length).toBe(m.arrows.length);
    expect((svg.match(/ deliver"/g) ?? []).length).toBe(m.delivered);
    expect(svg).toContain('&lt;b&gt;&amp;&quot;');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('prepare 1.S1');
    expect(svg).toContain('2元/度 is chosen');
  });
});
