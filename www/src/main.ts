// The standalone page: one playground filling #app, exposed as window.paxosPlayground.
// URL parameters (for links and iframes): ?nodes=5&seed=7&speed=2

import './page.css';
import { createPlayground, DEFAULT_SCENARIO, type Playground } from './index';

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

window.paxosPlayground = createPlayground(document.getElementById('app')!, {
  scenario: { ...DEFAULT_SCENARIO, ...(nodes ? { nodes } : {}), ...(seed !== undefined ? { seed } : {}) },
  ...(speed ? { speed } : {}),
});
