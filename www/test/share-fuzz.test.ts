// Fuzzing the share-link reader, the door every edited or truncated link comes through: a
// link mutated character by character, or a recording mutated before it is packed, is read
// into a recording or refused with a ShareError (a message for the person); nothing else is
// thrown. SHARE_FUZZ_CASES=N runs more; a failure names its SHARE_FUZZ_SEED.
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, ShareError, shareParam, type Recording } from '../src/share/share';

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const CASES = Number(env['SHARE_FUZZ_CASES'] ?? 300);
const SEED = Number(env['SHARE_FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const TIMEOUT = 10_000 + CASES * 2;

/** mulberry32: a small seeded generator, so that a failing case can be run again. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rec: Recording = {
  scenario: JSON.stringify({ format: 'paxos-scenario', version: 1, nodes: 3, seed: 7 }),
  seed: 7,
  requests: [
    { type: 'propose', node: 'S1', value: '1元/度' },
    { type: 'runUntil', time: 35 },
    { type: 'back', count: 2 },
  ],
  at: { position: 2, length: 3, branch: 0, step: 12, now: 35 },
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=%#+/ ';
const TOKENS = ['{', '}', '[', ']', ',', '"', 'null', '-1', '1e400', '9007199254740993', '"__proto__"', '"constructor"', '{"type":"toString"}', '[[[[[['];

function mutate(text: string, next: () => number, alphabet: string | string[]): string {
  let s = text;
  const edits = 1 + Math.floor(next() * 5);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (s.length + 1));
    const pick = alphabet[Math.floor(next() * alphabet.length)];
    switch (Math.floor(next() * 4)) {
      case 0:
        s = s.slice(0, at) + pick + s.slice(at + 1);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at + 1 + Math.floor(next() * 16));
        break;
      case 2:
        s = s.slice(0, at) + s.slice(at, at + Math.floor(next() * 16)) + s.slice(at);
        break;
      default:
        s = s.slice(0, at) + pick + s.slice(at);
    }
  }
  return s;
}

/** Reads `value`; returns what went wrong if it threw anything but a ShareError. */
async function read(value: string): Promise<string | null> {
  try {
    const r = await decodeShare(value);
    expect(typeof r.scenario).toBe('string');
    return null;
  } catch (e) {
    return e instanceof ShareError ? null : `${e instanceof Error ? e.name + ': ' + e.message : String(e)}`;
  }
}

describe('the share-link reader, fuzzed', () => {
  it('refuses a mutated link with a ShareError or reads it, never anything else', async () => {
    const next = rng(SEED);
    const link = shareParam(`#${await encodeShare(rec)}`)!;
    for (let i = 0; i < CASES; i++) {
      const value = mutate(link, next, ALPHABET);
      const wrong = await read(value);
      expect(wrong, `SHARE_FUZZ_SEED=${SEED}, case ${i}: ${JSON.stringify(value)}`).toBeNull();
    }
  }, TIMEOUT);

  it('refuses a mutated recording with a ShareError or reads it, never anything else', async () => {
    const next = rng(SEED + 1);
    const json = JSON.stringify(rec);
    for (let i = 0; i < CASES; i++) {
      const bytes = new TextEncoder().encode(mutate(json, next, TOKENS));
      const packed = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
      const b64 = btoa(String.fromCharCode(...packed)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      const value = `1.${packed.length}.${b64}`;
      const wrong = await read(value);
      expect(wrong, `SHARE_FUZZ_SEED=${SEED}, case ${i}: ${new TextDecoder().decode(bytes)}`).toBeNull();
    }
  }, TIMEOUT);
});
