// The standalone page: one playground filling #app, exposed as window.paxosPlayground.
// URL parameters (for links and iframes): ?nodes=5&seed=7&speed=2, ?tour=1 (opens the tour)
// A share link's fragment (#s=1....; docs/sharing.md) is replayed once the page is up.
// Fetched on first use, not with the page (lazy.ts): the guided tour (its button), the open
// scenarios menu (scenariomenu.ts), the classroom below the playground (as it comes near the
// viewport).

import './page.css';
// The playground's own styles and module, without the author locks and fewer controls of
// index.ts and embed.css (this page takes neither).
import '../basic/style.css';
import '../share/share.css';
import { createPlayground } from '../basic/playground';
import { DEFAULT_SCENARIO, type Playground } from '../core/api';
import { h, tnode } from '../core/dom';
import { L, lang, onLang, startLang, t } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import { languagePicker } from '../i18n/langpicker';
import { busy, failed, once, placeholder, whenNear } from '../core/lazy';
import { ScenariosMenu } from './scenariomenu';

type Tour = import('../tour/tour').Tour;

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
  // What the HTML drew in the header in place of this script's parts (www/prerender/): gone
  // with the drawn playground, when the live parts have the first answer.
  const drawnHeader = [...(header?.querySelectorAll('.site-prerender') ?? [])];
  if (lang() !== 'en') for (const x of drawnHeader.splice(0)) x.remove();
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
  // The playground the HTML drew (www/prerender/) stays until this one has its first answer,
  // unless the page is in another language than the drawing's English.
  const drawn = lang() === 'en' ? app.querySelector('.site-prerender') : null;
  app.replaceChildren(...(drawn ? [drawn, host] : [host]));
  host.classList.toggle('site-waiting', drawn !== null);
  window.paxosPlayground = createPlayground(host, {
    scenario: { ...DEFAULT_SCENARIO, ...(nodes ? { nodes } : {}), ...(seed !== undefined ? { seed } : {}) },
    ...(speed ? { speed } : {}),
  });
  void window.paxosPlayground.ready().finally(() => {
    drawn?.remove();
    host.classList.remove('site-waiting');
    for (const x of drawnHeader) x.remove();
    menu.el.hidden = false;
  });

  // A share link: replayed after the default scenario loaded (a refusal leaves it there).
  const openLink = () => void window.paxosPlayground.openLink(location.hash).catch(() => {});
  openLink();
  window.addEventListener('hashchange', openLink);

  const pg = window.paxosPlayground;

  // "Copy embed code", beside the export buttons of the share panel (the playback bar is
  // full): an <iframe> of embed.html with this scenario and seed (docs/embedding.md); the
  // <paxos-playground> element's snippet is in its tooltip. The snippets' module comes when
  // the pointer or the focus is on the button. Some browsers only let a page write to the
  // clipboard within the click itself: a click before it came hands the clipboard a promise
  // of the text (ClipboardItem), which they take within the click.
  const embedBtn = h('button', { type: 'button', class: 'pg-btn pg-embed-btn', title: L('emb.title') }, L('emb.copy'));
  const snippets = once(() => import('../embed/embedcode'));
  let code: typeof import('../embed/embedcode') | null = null;
  const embedTitle = () => {
    void snippets().then((m) => {
      code = m;
      embedBtn.title = t('emb.titleLong', { snippet: m.elementSnippet(location.href, pg.scenario()) });
    });
  };
  embedBtn.addEventListener('pointerenter', embedTitle);
  embedBtn.addEventListener('focus', embedTitle);
  embedBtn.addEventListener('click', () => {
    const scenario = pg.scenario();
    const text = (m: typeof import('../embed/embedcode')) => (embedBtn.dataset['snippet'] = m.iframeSnippet(location.href, scenario));
    const said = (text: string, title = embedBtn.title) => {
      embedBtn.textContent = text;
      embedBtn.title = title;
      setTimeout(() => embedBtn.replaceChildren(tnode(L('emb.copy'))), 2000);
    };
    const copied = code
      ? navigator.clipboard.writeText(text(code))
      : typeof ClipboardItem === 'function'
        ? navigator.clipboard.write([new ClipboardItem({ 'text/plain': snippets().then((m) => new Blob([text(m)], { type: 'text/plain' })) })])
        : snippets().then((m) => navigator.clipboard.writeText(text(m)));
    copied.then(
      () => said(t('emb.copied')),
      () => said(t('emb.notCopied'), t('emb.failed')),
    );
  });
  host.querySelector('.pg-files-buttons')?.append(embedBtn);

  // The classroom below the playground: the exercises, the model checker and the student's
  // own node, fetched as it comes near the viewport (or when the scenarios menu opens an
  // exercise).
  const classroomEl = h('div', { class: 'paxos-pg site-classroom' }, placeholder(L('ex.title')), placeholder(L('ck.check')));
  app.append(classroomEl);
  let exerciseTitle = (): string | null => null;
  const classroom = once(async () => {
    const [{ ExercisesPanel, exerciseText }, { CheckPanel }, { NodePanel }] = await Promise.all([
      import('../classroom/exercises'),
      import('../classroom/check'),
      import('../classroom/nodepanel'),
    ]);
    const exercises = new ExercisesPanel(pg);
    classroomEl.replaceChildren(exercises.el, new CheckPanel(pg).el, new NodePanel(pg).el);
    exerciseTitle = () => (exercises.current ? exerciseText(exercises.current).title : null);
    return exercises;
  });
  // Once the playground is drawn: until then the classroom's place is near the top.
  void pg.ready().then(() => whenNear(classroomEl, classroom));

  // The scenarios menu (every example and exercise) under the intro. An exercise picked
  // while the classroom is still on its way opens when it comes, unless something else was
  // loaded meanwhile (another pick, a scenario, a node count): the later choice stands.
  let asked = 0;
  const menu = new ScenariosMenu(pg, {
    openExercise: (id) => {
      const ask = ++asked;
      const scenario = pg.scenario();
      void menu.wait(classroom()).then(
        (exercises) => ask === asked && pg.scenario() === scenario && exercises.open(id),
        () => failed(menu.el),
      );
    },
    exerciseTitle: () => exerciseTitle(),
  });
  menu.el.hidden = drawnHeader.length > 0;
  header?.append(menu.el);

  // The guided tour: its button now, the tour itself on the first press (or ?tour=N).
  const tourBtn = h('button', { type: 'button', class: 'site-tour-btn', 'aria-haspopup': 'dialog', title: L('tour.buttonTitle') }, L('tour.button'));
  const tour = once(async () => {
    const { Tour } = await import('../tour/tour');
    const made = new Tour(pg, tourBtn);
    document.body.append(made.el);
    return made;
  });
  const prefetch = () => void tour().catch(() => {});
  for (const e of ['pointerenter', 'focus'] as const) tourBtn.addEventListener(e, prefetch, { once: true });
  // While the tour is on its way, further presses wait with the first (not undo it).
  let arriving: Promise<unknown> | null = null;
  const whenTour = (then: (t: Tour) => void) => {
    arriving ??= busy(tourBtn, tour())
      .then(then, () => failed(tourBtn))
      .finally(() => (arriving = null));
  };
  tourBtn.addEventListener('click', () => whenTour((x) => x.toggle()));
  header?.querySelector('.site-nav')?.prepend(tourBtn);
  if (params.get('tour') !== null) whenTour((x) => x.open(Math.max(0, (Number(params.get('tour')) || 1) - 1)));
}
