// Unit tests for www/src/share/share.ts: the share fragment (round trip, versions, truncation,
// damage), the recording made of the client's input log, and the file limits.
import { describe, expect, it } from 'vitest';
import type { Request } from '../src/core/protocol';
import { decodeShare, encodeShare, fileRefusal, fromBase64url, recordingOf, shareParam, toBase64url, type Recording } from '../src/share/share';

const scenario = JSON.stringify({ format: 'paxos-scenario', version: 1, nodes: 3, seed: 7 });
const rec: Recording = {
  scenario,
  seed: 7,
  requests: [
    { type: 'propose', node: 'S1', value: '1元/度' },
    { type: 'runUntil', time: 35 },
    { type: 'crash', node: 'S3' },
    { type: 'setNetwork', network: { mode: 'manual', delay: [10, 100], drop: 0, duplicate: 0 } },
    { type: 'deliver', id: 4 },
    { type: 'back', count: 2 },
    { type: 'switchBranch', branch: 0 },
  ],
  at: { position: 5, length: 7, branch: 0, step: 12, now: 35 },
};

const value = async (r: Recording) => shareParam(await encodeShare(r))!;

describe('share links', () => {
  it('round-trips a recording through the fragment', async () => {
    const f = await encodeShare(rec);
    expect(f).toMatch(/^s=1\.\d+\.[A-Za-z0-9_-]+$/);
    expect(await decodeShare(shareParam(`#${f}`)!)).toEqual(rec);
    const withExercise = { ...rec, exercise: '{"format":"paxos-exercise"}' };
    expect(await decodeShare(await value(withExercise))).toEqual(withExercise);
  });

  it('carries a student node\'s code, and refuses code that is not text', async () => {
    const withNode = { ...rec, node: 'export function handle(r) { return { state: r.state }; }' };
    expect(await decodeShare(await value(withNode))).toEqual(withNode);
    const bad = { ...rec, node: 42 } as unknown as Recording;
    await expect(decodeShare(await value(bad))).rejects.toThrow('its node’s code is not text');
  });

  it('is compact: a long session compresses', async () => {
    const long = { ...rec, requests: Array.from({ length: 1000 }, (_, i) => ({ type: 'runUntil' as const, time: i * 7 })) };
    const f = await encodeShare(long);
    expect(f.length).toBeLessThan(JSON.stringify(long).length / 4);
    expect((await decodeShare(shareParam(f)!)).requests).toHaveLength(1000);
  });

  it('refuses a link that would unpack to more than 16 MB (a deflate bomb)', async () => {
    const zeros = new Uint8Array(20 * 1024 * 1024);
    const piped = new Blob([zeros]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const packed = new Uint8Array(await new Response(piped).arrayBuffer());
    expect(packed.length).toBeLessThan(100_000);
    await expect(decodeShare(`1.${packed.length}.${toBase64url(packed)}`)).rejects.toThrow(
      'this link is damaged: it unpacks to more than 16 MB',
    );
  });

  it('finds the s parameter among others', () => {
    expect(shareParam('#x=1&s=1.2.ab')).toBe('1.2.ab');
    expect(shareParam('#other')).toBeNull();
    expect(shareParam('')).toBeNull();
  });

  it('refuses a newer version with a clear message', async () => {
    const v = await value(rec);
    await expect(decodeShare(v.replace(/^1\./, '2.'))).rejects.toThrow(
      'this link was made by a newer version of the playground (format 2); this page reads format 1',
    );
    await expect(decodeShare('2.')).rejects.toThrow('(format 2); this page reads format 1');
    await expect(decodeShare('0.5.abc')).rejects.toThrow('there is no such format');
    await expect(decodeShare('hello')).rejects.toThrow('this is not a playground link');
  });

  it('refuses a truncated fragment, wherever it was cut', async () => {
    const v = await value(rec);
    for (const cut of [1, 2, 5, 10, v.length - 3, v.length - 1]) {
      await expect(decodeShare(v.slice(0, cut)), `cut at ${cut}`).rejects.toThrow(/cut short/);
    }
  });

  it('refuses bad base64, added data, bad compression and bad JSON', async () => {
    const v = await value(rec);
    const [ver, n, data] = v.split('.');
    await expect(decodeShare(`${ver}.${n}.${data!.slice(0, -2)}*!`)).rejects.toThrow(/not base64url/);
    await expect(decodeShare(`${v}AAAA`)).rejects.toThrow(/more than it says/);
    await expect(decodeShare(`${ver}.x.${data}`)).rejects.toThrow(/length field/);
    const junk = toBase64url(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    await expect(decodeShare(`1.6.${junk}`)).rejects.toThrow(/does not decompress/);
    // Valid compression of text that is not JSON, then JSON of the wrong shape.
    const packed = async (text: string) => {
      const s = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
      const b = new Uint8Array(await new Response(s).arrayBuffer());
      return `1.${b.length}.${toBase64url(b)}`;
    };
    await expect(decodeShare(await packed('{not json'))).rejects.toThrow(/not JSON/);
    await expect(decodeShare(await packed('[]'))).rejects.toThrow(/not an object/);
    await expect(decodeShare(await packed(JSON.stringify({ ...rec, requests: [{ type: 'rm -rf' }] })))).rejects.toThrow(/"rm -rf", which this page does not know/);
    await expect(decodeShare(await packed(JSON.stringify({ ...rec, at: {} })))).rejects.toThrow(/where it stood/);
  });

  it('base64url round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      expect(fromBase64url(toBase64url(b))).toEqual(b);
    }
    expect(fromBase64url('a')).toBeNull();
    expect(fromBase64url('ab+/')).toBeNull();
  });
});

describe('recordingOf', () => {
  it('is the scenario and the log\'s requests after its load, copied', () => {
    expect(recordingOf([], scenario, rec.at)).toBeNull();
    expect(recordingOf([{ type: 'multiLoad', scenario }], scenario, rec.at)).toBeNull();
    const log: Request[] = [{ type: 'load', scenario }, { type: 'propose', node: 'S1', value: 'a' }, { type: 'back' }];
    const r = recordingOf(log, scenario, rec.at)!;
    expect(r).toEqual({ scenario, seed: 7, requests: [{ type: 'propose', node: 'S1', value: 'a' }, { type: 'back' }], at: rec.at });
    r.requests.push({ type: 'heal' });
    expect(log).toHaveLength(3);
    const five = '{"format":"paxos-scenario","version":1,"nodes":5}';
    expect(recordingOf([{ type: 'load', scenario: five }], five, rec.at)).toMatchObject({ seed: 0, requests: [] });
    const exercise = JSON.stringify({ scenario: { nodes: 3, seed: 9 } });
    expect(recordingOf([{ type: 'loadExercise', exercise }], '{"nodes":3,"seed":9}', rec.at)).toMatchObject({ seed: 9, exercise });
  });
});

describe('file limits', () => {
  it('refuses files over 5 MB and empty files before reading them', () => {
    expect(fileRefusal(50 * 1024 * 1024)).toBe('that file is 50.0 MB; the playground reads files up to 5 MB');
    expect(fileRefusal(5 * 1024 * 1024)).toBeNull();
    expect(fileRefusal(5 * 1024 * 1024 + 1)).toBe('that file is 5.0 MB; the playground reads files up to 5 MB');
    expect(fileRefusal(0)).toBe('that file is empty');
    expect(fileRefusal(120)).toBeNull();
  });
});
