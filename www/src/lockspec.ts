// What an author's lock says (docs/embedding.md), and how the <paxos-playground> element's
// attributes are read into one. Small, and in the first load of every embed; the lock
// itself (lock.ts) is fetched only by a playground that has one.

/** The actions an author can allow (`allow="propose crash ..."`). */
export const ACTIONS = ['propose', 'crash', 'restart', 'deliver', 'drop', 'duplicate', 'partition', 'network', 'step', 'back'] as const;
export type Action = (typeof ACTIONS)[number];

export interface PlaygroundLock {
  /** The first trace step shown: the playground starts right after it was written. */
  from?: number;
  /** The last trace step: nothing goes past it. */
  to?: number;
  /** The actions allowed (default: all of them). */
  allow?: readonly Action[];
}

/** Reads `allow="propose crash, step"`: known words, and the unknown ones. */
export function parseAllow(text: string): { allow: Action[]; unknown: string[] } {
  const words = text.split(/[\s,]+/).filter(Boolean);
  const allow = words.filter((w): w is Action => (ACTIONS as readonly string[]).includes(w));
  return { allow, unknown: words.filter((w) => !(ACTIONS as readonly string[]).includes(w)) };
}

/** Reads `steps="120-180"` (either side may be left out: "120-", "-180"). */
export function parseSteps(text: string): { from?: number; to?: number } | null {
  const m = /^\s*(\d*)\s*(?:-|–|\.\.)\s*(\d*)\s*$/.exec(text);
  if (!m || (!m[1] && !m[2])) return null;
  return { ...(m[1] ? { from: Number(m[1]) } : {}), ...(m[2] ? { to: Number(m[2]) } : {}) };
}
