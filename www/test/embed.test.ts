// The embed's pure parts: author locks' attributes (lock.ts) and the embed code (embedcode.ts).

import { describe, expect, it } from 'vitest';
import { parseAllow, parseSteps } from '../src/embed/lock';
import { elementSnippet, embedParams, iframeSnippet } from '../src/embed/embedcode';
import { DEFAULT_SCENARIO } from '../src/core/api';

describe('locks', () => {
  it('reads step ranges', () => {
    expect(parseSteps('120-180')).toEqual({ from: 120, to: 180 });
    expect(parseSteps(' 44 – 48 ')).toEqual({ from: 44, to: 48 });
    expect(parseSteps('10-')).toEqual({ from: 10 });
    expect(parseSteps('-30')).toEqual({ to: 30 });
    expect(parseSteps('x')).toBeNull();
    expect(parseSteps('-')).toBeNull();
  });
  it('reads allowed actions and names the unknown ones', () => {
    expect(parseAllow('step back, deliver')).toEqual({ allow: ['step', 'back', 'deliver'], unknown: [] });
    expect(parseAllow('step fly')).toEqual({ allow: ['step'], unknown: ['fly'] });
    expect(parseAllow('')).toEqual({ allow: [], unknown: [] });
  });
});

describe('embed code', () => {
  const page = 'https://example.org/paxos/index.html?seed=3#s=1.2.xx';
  it('keeps the default scenario to nodes and seed', () => {
    const text = JSON.stringify({ ...DEFAULT_SCENARIO, nodes: 5, seed: 7 });
    expect(embedParams(text).toString()).toBe('nodes=5&seed=7');
    expect(iframeSnippet(page, text)).toBe(
      '<iframe src="https://example.org/paxos/embed.html?nodes=5&amp;seed=7&amp;controls=minimal" title="Paxos Playground" width="100%" height="480" loading="lazy"></iframe>',
    );
  });
  it('carries any other scenario whole, escaped', () => {
    const text = JSON.stringify({ format: 'paxos-scenario', version: 1, title: 'a "quoted" <title>', nodes: 3, seed: 1 });
    const params = embedParams(text);
    expect(JSON.parse(params.get('scenario')!)).toEqual({ format: 'paxos-scenario', version: 1, title: 'a "quoted" <title>' });
    const el = elementSnippet(page, text);
    expect(el).toContain('<script type="module" src="https://example.org/paxos/paxos-playground.js"></script>');
    expect(el).toContain('title&quot;:&quot;a \\&quot;quoted\\&quot; &lt;title&gt;');
    expect(el).toContain(' nodes="3" seed="1" controls="minimal"></paxos-playground>');
  });
});
