// The playground as its HTML draws it before any script runs (www/prerender/playground.html,
// put into index.html by vite.config.ts): the header, the controls, the island with its
// nodes and their notebooks, the side panels and the places of the sections below, as the
// live page draws them at its first interactive frame, made inert. It is cut from the built page itself, so it is the same markup and the
// same styles: `prerender.test.mjs` fails when the page draws something else than the file
// says. The island is drawn twice, for a wide and for a narrow window (style.css's 820 px
// step); page.css shows the one that fits.
// Write it again after changing what the first frame shows:
//   npm run build && node www/e2e/prerender.mjs

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, launch, startServer } from './harness.mjs';

export const PRERENDER = path.join(ROOT, 'www', 'prerender', 'playground.html');

/** The widths the island is drawn at: a desktop's, a phone's. */
const WIDTHS = { wide: 1280, narrow: 412 };

/** In the page: its header and playground at the first interactive frame, made inert and lean. */
function cut() {
  const lean = (el) => {
    // Below the fold and beyond the sections still on their way, or not shown: left to the script.
    for (const x of el.querySelectorAll('.pg-settings, .pg-menu, [hidden], svg title, svg desc, .pg-link-hit, svg .pg-hidden')) x.remove();
    for (const x of el.querySelectorAll('svg text')) if (!x.textContent) x.remove();
    const blanks = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.parentElement.closest('svg') && !n.parentElement.closest('text') ? 1 : 2) });
    for (const n of [...(function* () { while (blanks.nextNode()) yield blanks.currentNode; })()]) n.remove();
    for (const x of [el, ...el.querySelectorAll('*')]) {
      for (const a of [...x.attributes]) {
        if (/^(aria-|data-)|^(role|id|title|tabindex|for|name|autocomplete|spellcheck|inputmode|maxlength|placeholder)$/.test(a.name)) x.removeAttribute(a.name);
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
  const header = lean(document.querySelector('.site-header').cloneNode(true));
  // What the script adds to the header (the scenarios menu) goes when it comes.
  for (const x of header.querySelectorAll(':scope > :not(.site-nav, h1, p)')) x.classList.add('site-prerender');
  const playground = lean(document.querySelector('.site-playground:not(.site-prerender)').cloneNode(true));
  playground.classList.add('site-prerender');
  playground.setAttribute('aria-hidden', 'true');
  playground.setAttribute('inert', '');
  // `disabled`, not `disabled=""`.
  return `${header.outerHTML}\n${playground.outerHTML}`.replace(/(\s[a-z-]+)=""/g, '$1');
}

/** The prerendered markup, from the built site served at `url`. */
export async function prerender(browser, url) {
  const drawn = {};
  for (const [name, width] of Object.entries(WIDTHS)) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: 'light' });
    const page = await context.newPage();
    // The sections fetched after the first frame stay on their way: their places are drawn.
    await page.route('**/assets/panels-*.js', () => {});
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('paxos:interactive').length > 0, null, { timeout: 20_000 });
    drawn[name] = await page.evaluate(cut);
    await context.close();
  }
  const svg = (html, which) => html.match(/<svg class="pg-svg"[\s\S]*?<\/svg>/)[0].replace('<svg class="pg-svg"', `<svg class="pg-svg site-pre-${which}"`);
  return `${drawn.wide.replace(/<svg class="pg-svg"[\s\S]*?<\/svg>/, () => svg(drawn.wide, 'wide') + svg(drawn.narrow, 'narrow'))}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startServer();
  const browser = await launch();
  try {
    const html = await prerender(browser, server.url);
    writeFileSync(PRERENDER, html);
    console.log(`wrote ${path.relative(ROOT, PRERENDER)} (${html.length} B)`);
  } finally {
    await browser.close();
    await server.close();
  }
}
