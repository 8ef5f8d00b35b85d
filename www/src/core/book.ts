// The trace lines a page holds: exactly those up to the simulator's current position, kept
// with each update's `since` (docs/worker-protocol.md, "Responses"), for either protocol's
// lines. Pure; unit-tested in www/test/history.test.ts.

import type { TraceLine } from './protocol';

/** The trace lines up to the current position (docs/worker-protocol.md, "Responses"). */
export class TraceBook<L extends { step: number } = TraceLine> {
  lines: L[] = [];

  /** The last step held (0: none). */
  get step(): number {
    return this.lines.length ? this.lines[this.lines.length - 1]!.step : 0;
  }

  clear(): void {
    this.lines = [];
  }

  /**
   * Keeps the lines up to step `since`, drops the rest, appends `lines`. Returns how many
   * lines were dropped (0 when moving forward).
   */
  apply(since: number, lines: readonly L[]): number {
    const dropped = this.truncate(since);
    this.append(lines);
    return dropped;
  }

  /** Keeps the lines up to step `since`; returns how many were dropped. */
  truncate(since: number): number {
    const keep = countUpTo(this.lines, since);
    const dropped = this.lines.length - keep;
    if (dropped) this.lines.length = keep;
    return dropped;
  }

  append(lines: readonly L[]): void {
    for (const l of lines) this.lines.push(l);
  }
}

/** How many of `lines` (in step order) have a step of at most `step`. */
export function countUpTo(lines: readonly { step: number }[], step: number): number {
  // Steps are 1, 2, 3, ...: line i has step i + 1. Checked, with a binary search otherwise.
  const guess = Math.min(Math.max(step, 0), lines.length);
  if ((guess === 0 || lines[guess - 1]!.step <= step) && (guess === lines.length || lines[guess]!.step > step)) return guess;
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.step <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
