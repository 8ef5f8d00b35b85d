// The pages as their HTML draws them before any script runs (www/prerender/, put into the
// pages by vite.config.ts). The playground: the header, the controls, the island with its
// nodes and their notebooks, the side panels and the places of the sections below; the
// Multi-Paxos view: the header, its controls, the server cards and the panels below. Each
// as the live page draws it at its first interactive frame, made inert. It is cut from the
// built page itself, so it is the same markup and the same styles: `prerender.test.mjs`
// fails when a page draws something else than its file says. The island is drawn twice,
// for a wide and for a narrow window (style.css's 820 px step); page.css shows the one that
// fits.
// Write them again after changing what a first frame shows:
//   npm run build && node www/e2e/prerender.mjs

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, launch, startServer } from './harness.mjs';

/**
 * The pages drawn by their HTML: where in the built site, the file that holds the drawing,
 * and what of the page's first frame it is (`live`: the playground, or #app's children).
 */
export const PAGES = [
  { page: 'index.html', file: path.join(ROOT, 'www', 'prerender', 'playground.html'), live: '.site-playground:not(.site-prerender)', widths: true },
  { page: 'multi.html', file: path.join(ROOT, 'www', 'prerender', 'multi.html'), live: '#app', widths: false },
];

/** The widths the island is drawn at: a desktop's, a phone's. */
const WIDTHS = { wide: 1280, narrow: 412 };

/** In the page: its header and `live` at the first interactive frame, made inert and lean. */
function cut(live) {
  const lean = (el) => {
    // Below the fold and beyond the sections still on their way, or not shown: left to the script.
    for (const x of el.querySelectorAll('.pg-settings, .pg-menu, [hidden], svg title, svg desc, .pg-link-hit, svg .pg-hidden')) x.remove();
    for (const x of el.querySelectorAll('svg text')) if (!x.textContent) x.remove();
    const blanks = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.parentElement.closest('svg') && !n.parentElement.closest('text') ? 1 : 2) });
    for (const n of [...(function* () { while (blanks.nextNode()) yield blanks.currentNode; })()]) n.remove();
    for (const x of [el, ...el.querySelectorAll('*')]) {
      for (const a of [...x.attributes]) {
        if (/^(aria-|data-)|^(role|id|title|tabindex|for|name|autocomplete|spellcheck|inputmode|maxlength|placeholder)$/.test(a.name) || !a.value && a.name === 'style') x.removeAttribute(a.name);
      }
      if (/^(BUTTON|INPUT|SELECT|TEXTAREA)$/.test(x.tagName)) x.setAttribute('disabled', '');
      // A list shows its chosen option, as wide as its longest: the others need not be here.
      if (x.tagName === 'SELECT') {
        const options = [...x.options];
        const widest = options.reduce((a, b) => (b.text.length > a.text.length ? b : a), options[0]);
        for (const o of options) if (o !== widest && !o.selected) o.remove();
      }
    }
    return el;
  };
  // A list's choice made by the script (`select.value = …`) is no attribute: a copy would lose it.
  for (const o of document.querySelectorAll('option')) o.toggleAttribute('selected', o.selected);
  const header = lean(document.querySelector('.site-header').cloneNode(true));
  // What the script adds to the header (the scenarios menu) goes when it comes.
  for (const x of header.querySelectorAll(':scope > :not(.site-nav, h1, p)')) {
    x.classList.add('site-prerender');
    x.setAttribute('aria-hidden', 'true');
    x.setAttribute('inert', '');
  }
  // The playground as it is; #app's children in a box of their own (display: contents).
  const el = document.querySelector(live);
  const drawn = lean(el.id === 'app' ? Object.assign(document.createElement('div'), { innerHTML: el.innerHTML }) : el.cloneNode(true));
  drawn.classList.add('site-prerender');
  drawn.setAttribute('aria-hidden', 'true');
  drawn.setAttribute('inert', '');
  // `disabled`, not `disabled=""`.
  return `${header.outerHTML}\n${drawn.outerHTML}`.replace(/(\s[a-z-]+)=""/g, '$1');
}

/** The markup that draws `page` (one of PAGES), from the built site served at `url`. */
export async function prerender(browser, url, page) {
  const drawn = {};
  for (const [name, width] of Object.entries(page.widths ? WIDTHS : { wide: WIDTHS.wide })) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: 'light' });
    const tab = await context.newPage();
    // The sections fetched after the first frame stay on their way: their places are drawn.
    await tab.route('**/assets/panels-*.js', () => {});
    await tab.goto(url + page.page);
    await tab.waitForFunction(() => performance.getEntriesByName('paxos:interactive').length > 0, null, { timeout: 20_000 });
    await tab.evaluate(() => window.paxosPlayground?.ready() ?? window.multiPlayground.ready);
    drawn[name] = await tab.evaluate(cut, page.live);
    await context.close();
  }
  if (!page.widths) return `${drawn.wide}\n`;
  const svg = (html, which) => html.match(/<svg class="pg-svg"[\s\S]*?<\/svg>/)[0].replace('<svg class="pg-svg"', `<svg class="pg-svg site-pre-${which}"`);
  return `${drawn.wide.replace(/<svg class="pg-svg"[\s\S]*?<\/svg>/, () => svg(drawn.wide, 'wide') + svg(drawn.narrow, 'narrow'))}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startServer();
  const browser = await launch();
  try {
    for (const page of PAGES) {
      const html = await prerender(browser, server.url, page);
      writeFileSync(page.file, html);
      console.log(`wrote ${path.relative(ROOT, page.file)} (${html.length} B)`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
