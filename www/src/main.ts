// The standalone page: one playground filling #app, exposed as window.paxosPlayground.
// URL parameters (for links and iframes): ?nodes=5&seed=7&speed=2
// A share link's fragment (#s=1....; docs/sharing.md) is replayed once the page is up.

import './page.css';
import { createPlayground, DEFAULT_SCENARIO, type Playground } from './index';
import { CheckPanel } from './check';
import { ExercisesPanel } from './exercises';
import { h } from './dom';

declare global {
  interface Window {
    paxosPlayground: Playground;
  }
}

const params = new URLSearchParams(location.search);
const int = (name: string) => {
  const v = Number(params.get(name));
  return params.has(name) && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
};
const nodes = int('nodes');
const seed = int('seed');
const speed = Number(params.get('speed')) || undefined;

const app = document.getElementById('app')!;
const host = h('div', { class: 'site-playground' });
app.replaceChildren(host);
window.paxosPlayground = createPlayground(host, {
  scenario: { ...DEFAULT_SCENARIO, ...(nodes ? { nodes } : {}), ...(seed !== undefined ? { seed } : {}) },
  ...(speed ? { speed } : {}),
});

// A share link: replayed after the default scenario loaded (a refusal leaves it there).
const openLink = () => void window.paxosPlayground.openLink(location.hash).catch(() => {});
openLink();
window.addEventListener('hashchange', openLink);

// The classroom: exercises and the model checker, below the playground.
const pg = window.paxosPlayground;
app.append(h('div', { class: 'paxos-pg site-classroom' }, new ExercisesPanel(pg).el, new CheckPanel(pg).el));
