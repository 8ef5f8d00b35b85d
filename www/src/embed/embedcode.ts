// "Copy embed code": an <iframe> snippet for embed.html with this scenario and seed, and the
// same as a <paxos-playground> element (docs/embedding.md).

import { DEFAULT_SCENARIO } from '../core/api';

/** The URL parameters embed.html passes on to the element as attributes (plus `autoplay`). */
export const EMBED_PARAMS = ['scenario', 'nodes', 'seed', 'controls', 'lang', 'height', 'steps', 'from-step', 'to-step', 'allow', 'speed'] as const;

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * What to embed for `scenarioText`: `nodes` and `seed` alone when it is the default
 * scenario with other nodes or seed, else the whole scenario (minified JSON).
 */
export function embedParams(scenarioText: string, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  let s: Record<string, unknown> | null = null;
  try {
    s = JSON.parse(scenarioText) as Record<string, unknown>;
  } catch {
    s = null;
  }
  if (s && typeof s === 'object') {
    const { nodes, seed, ...rest } = s;
    const { nodes: _n, seed: _s, ...def } = DEFAULT_SCENARIO as Record<string, unknown>;
    if (JSON.stringify(rest) !== JSON.stringify(def)) params.set('scenario', JSON.stringify(rest));
    if (typeof nodes === 'number') params.set('nodes', String(nodes));
    if (typeof seed === 'number') params.set('seed', String(seed));
  } else if (scenarioText) params.set('scenario', scenarioText);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params;
}

/** An <iframe> of embed.html (next to `pageUrl`) with this scenario, seed and minimal controls. */
export function iframeSnippet(pageUrl: string, scenarioText: string, extra: Record<string, string> = { controls: 'minimal' }): string {
  const src = new URL(`embed.html?${embedParams(scenarioText, extra).toString()}`, pageUrl).href;
  return `<iframe src="${escapeAttr(src)}" title="Paxos Playground" width="100%" height="480" loading="lazy"></iframe>`;
}

/** The same as a custom element, for a page that loads paxos-playground.js (next to `pageUrl`). */
export function elementSnippet(pageUrl: string, scenarioText: string, extra: Record<string, string> = { controls: 'minimal' }): string {
  const params = embedParams(scenarioText, extra);
  const attrs = [...params].map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  const script = new URL('paxos-playground.js', pageUrl).href;
  return `<script type="module" src="${escapeAttr(script)}"></script>\n<paxos-playground${attrs}></paxos-playground>`;
}
