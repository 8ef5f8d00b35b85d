// Unit tests for www/src/basic/vlist.ts's arithmetic: which rows of a long list are drawn for a
// scroll position, and where to scroll to bring a row into view.
import { describe, expect, it } from 'vitest';
import { rowsInView, scrollToRow } from '../src/basic/vlist';

describe('rowsInView', () => {
  it('draws the rows in view and four more on each side, never past either end', () => {
    // 24 px rows, a view 240 px tall: rows 0-9 at the top.
    expect(rowsInView(0, 240, 24, 50_000)).toEqual([0, 14]);
    // Scrolled to row 1000 exactly: 996 to 1014.
    expect(rowsInView(24_000, 240, 24, 50_000)).toEqual([996, 1014]);
    // Half a row in: the half-shown rows at both edges are drawn.
    expect(rowsInView(24_012, 240, 24, 50_000)).toEqual([996, 1015]);
    // At the very end: the last row is drawn, nothing after it.
    expect(rowsInView(50_000 * 24 - 240, 240, 24, 50_000)).toEqual([49_986, 50_000]);
  });

  it('draws a few rows for a list shorter than its view, and none for an empty one', () => {
    expect(rowsInView(0, 240, 24, 3)).toEqual([0, 3]);
    expect(rowsInView(0, 240, 24, 0)).toEqual([0, 0]);
  });

  it('draws the last rows when the list became shorter than where it was scrolled to', () => {
    expect(rowsInView(24_000, 240, 24, 100)).toEqual([86, 100]);
  });

  it('draws a handful of rows for a view not laid out yet (0 px tall)', () => {
    expect(rowsInView(0, 0, 24, 50_000)).toEqual([0, 4]);
  });

  it('draws about as many rows as fit, whatever the length: 50,000 rows cost no more than 50', () => {
    for (const count of [50, 5_000, 50_000, 5_000_000]) {
      const [start, end] = rowsInView(count * 12, 360, 24, count);
      expect(end - start).toBeLessThanOrEqual(360 / 24 + 9);
    }
  });
});

describe('scrollToRow', () => {
  it('moves as little as possible: not at all for a row in view', () => {
    expect(scrollToRow(5, 0, 240, 24)).toBe(0);
    expect(scrollToRow(1004, 24_000, 240, 24)).toBe(24_000);
  });

  it('brings a row above the view to its top, and one below to its bottom', () => {
    expect(scrollToRow(10, 24_000, 240, 24)).toBe(240);
    expect(scrollToRow(0, 24_000, 240, 24)).toBe(0);
    expect(scrollToRow(49_999, 0, 240, 24)).toBe(50_000 * 24 - 240);
    // A row half out of view at the bottom comes wholly in.
    expect(scrollToRow(10, 12, 240, 24)).toBe(24);
  });

  it('then the row is among those drawn', () => {
    for (const [i, top] of [[0, 50_000], [49_999, 0], [25_000, 1_000], [7, 7 * 24 - 100]] as const) {
      const [start, end] = rowsInView(scrollToRow(i, top, 240, 24), 240, 24, 50_000);
      expect(i).toBeGreaterThanOrEqual(start);
      expect(i).toBeLessThan(end);
    }
  });
});
