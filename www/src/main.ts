// The standalone page: one playground filling #app, exposed as window.paxosPlayground.
// URL parameters (for links and iframes): ?nodes=5&seed=7&speed=2
// A share link's fragment (#s=1....; docs/sharing.md) is replayed once the page is up.

import './page.css';
import { createPlayground, DEFAULT_SCENARIO, type Playground } from './index';
import { CheckPanel } from './check';
import { ExercisesPanel } from './exercises';
import { h, tnode } from './dom';
import { elementSnippet, iframeSnippet } from './embedcode';
import { L, onLang, startLang, t } from './i18n';
import { languagePicker } from './langpicker';
import { ScenariosMenu } from './scenarios';
import { Tour } from './tour';

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

// The language first (?lang=, the saved choice, or the browser's), then the page in it: a
// Chinese page fetches its texts before anything is drawn (i18n.ts). A promise, not a
// top-level await: with one anywhere, the bundler stops merging shared chunks into entries
// (paxos-playground.js would become a stub importing its own chunk, one more round trip).
void startLang().then(start);

function start(): void {
  const header = document.querySelector('.site-header');
  if (header) {
    const nav = header.querySelector('.site-nav');
    nav?.replaceChildren(h('a', { href: './multi.html' }, L('page.nav.multi')), languagePicker());
    header.querySelector('h1')?.replaceChildren(h('span', {}, L('page.title')));
    header
      .querySelector('p')
      ?.replaceChildren(
        tnode(L('page.intro.a')),
        h('strong', {}, L('page.intro.race')),
        tnode(L('page.intro.b')),
        h('strong', {}, L('page.intro.manual')),
        tnode(L('page.intro.c')),
      );
  }
  const retitle = () => {
    document.title = t('page.title');
    document.querySelector('meta[name="description"]')?.setAttribute('content', t('page.description'));
    document.getElementById('app')?.setAttribute('aria-label', t('page.main'));
  };
  retitle();
  onLang(retitle);

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

  // "Copy embed code", beside the export buttons of the share panel (the playback bar is
  // full): an <iframe> of embed.html with this scenario and seed (docs/embedding.md); the
  // <paxos-playground> element's snippet is in its tooltip.
  const embedBtn = h('button', { type: 'button', class: 'pg-btn pg-embed-btn', title: L('emb.title') }, L('emb.copy'));
  const embedTitle = () => t('emb.titleLong', { snippet: elementSnippet(location.href, pg.scenario()) });
  embedBtn.addEventListener('pointerenter', () => (embedBtn.title = embedTitle()));
  embedBtn.addEventListener('focus', () => (embedBtn.title = embedTitle()));
  embedBtn.addEventListener('click', () => {
    const snippet = iframeSnippet(location.href, pg.scenario());
    embedBtn.dataset['snippet'] = snippet;
    const said = (text: string, title = embedBtn.title) => {
      embedBtn.textContent = text;
      embedBtn.title = title;
      setTimeout(() => embedBtn.replaceChildren(tnode(L('emb.copy'))), 2000);
    };
    navigator.clipboard.writeText(snippet).then(
      () => said(t('emb.copied')),
      () => said(t('emb.notCopied'), t('emb.failed')),
    );
  });
  host.querySelector('.pg-files-buttons')?.append(embedBtn);
  const exercises = new ExercisesPanel(pg);
  app.append(h('div', { class: 'paxos-pg site-classroom' }, exercises.el, new CheckPanel(pg).el));

  // The scenarios menu (every example and exercise) under the intro, and the guided tour.
  const menu = new ScenariosMenu(pg, exercises, () => exercises.current);
  header?.append(menu.el);
  const tour = new Tour(pg);
  header?.querySelector('.site-nav')?.prepend(tour.button);
  document.body.append(tour.el);
  if (params.get('tour') !== null) tour.open(Math.max(0, (Number(params.get('tour')) || 1) - 1));
}
