// embed.html: one <paxos-playground> filling the frame, its attributes from the URL
// (?scenario=...&nodes=5&seed=7&controls=minimal&steps=44-53&allow=step+back&lang=zh&autoplay).
// The element is exposed as window.paxosEmbed (and its API as window.paxosPlayground once
// ready), for a same-origin parent page.

import './embed-page.css';
import './element';
import type { Playground } from '../core/api';
import type { PaxosPlaygroundElement } from './element';
import { EMBED_PARAMS } from './embedcode';

declare global {
  interface Window {
    paxosEmbed: PaxosPlaygroundElement;
    paxosPlayground: Playground;
  }
}

const params = new URLSearchParams(location.search);
const el = document.createElement('paxos-playground');
for (const name of EMBED_PARAMS) {
  const v = params.get(name);
  if (v !== null) el.setAttribute(name, v);
}
const autoplay = params.get('autoplay');
if (autoplay !== null && autoplay !== '0' && autoplay !== 'false') el.setAttribute('autoplay', '');
document.body.append(el);
window.paxosEmbed = el;
void el.ready.then((pg) => (window.paxosPlayground = pg));
