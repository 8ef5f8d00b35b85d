import { defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('.', import.meta.url));

// Three pages (the playground, the Multi-Paxos & ZooKeeper view, the iframe embed) and the
// <paxos-playground> element's module, at a stable name next to the pages
// (docs/embedding.md): <script type="module" src=".../paxos-playground.js">.
export const PAGES: Record<string, string> = {
  main: `${root}index.html`,
  multi: `${root}multi.html`,
  embed: `${root}embed.html`,
  'paxos-playground': `${root}src/embed/element.ts`,
};

// `www/build.mjs` builds each page on its own (PAXOS_PAGE names it), so that each page's
// first load is one script and one style sheet: built together, the modules the pages share
// became shared chunks, and the playground's first load was 10 files instead of 4, gzipped
// one by one (3 KB more, and more round trips). Without PAXOS_PAGE: every page in one build.
function pages(): Record<string, string> {
  const page = process.env.PAXOS_PAGE;
  if (page === undefined) return PAGES;
  if (!(page in PAGES)) throw new Error(`PAXOS_PAGE=${page}: not one of ${Object.keys(PAGES).join(', ')}`);
  return { [page]: PAGES[page] };
}

// The wasm each page's first load needs, by the name wasm-bindgen gave it (www/src/wasm/).
// embed.html's scenario, known only to its script, may be scripted and want the laboratory's
// build instead: the preload is then a download for nothing (docs/embedding.md says so).
const FIRST_WASM: Record<string, string> = { 'index.html': 'paxos_bg', 'embed.html': 'paxos_bg', 'multi.html': 'paxos_multi_bg' };

/**
 * Names the page's first wasm in its HTML (<link rel="preload" as="fetch">), so that it
 * downloads beside the page's script, not after the script, then the worker's: the page
 * compiles it and hands it to the worker (src/core/firstwasm.ts).
 */
function preloadWasm(): Plugin {
  return {
    name: 'paxos-preload-wasm',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const name = FIRST_WASM[ctx.filename.slice(root.length)];
        if (!name) return [];
        const wasm = Object.keys(ctx.bundle ?? {}).filter((f) => new RegExp(`^assets/${name}-[\\w-]+\\.wasm$`).test(f));
        if (wasm.length !== 1) throw new Error(`${ctx.filename}: expected one ${name} wasm in the bundle, found ${wasm.length}`);
        const attrs = { rel: 'preload', href: `./${wasm[0]}`, as: 'fetch', crossorigin: true };
        return [{ tag: 'link', attrs, injectTo: 'head' }];
      },
    },
  };
}

/** The pages their HTML draws, and the file that holds each drawing (www/prerender/). */
const PRERENDERED: Record<string, string> = { 'index.html': 'playground.html', 'multi.html': 'multi.html' };

/**
 * Draws a page in its HTML itself, before any script runs: the header and the page of its
 * file in www/prerender/ (cut from the built page's first interactive frame by
 * e2e/prerender.mjs, and checked against it by e2e/prerender.test.mjs), in place of the
 * header and the "Loading" line. The page's script keeps it until its own first answer.
 */
function prerendered(): Plugin {
  return {
    name: 'paxos-prerender',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        const file = PRERENDERED[ctx.filename.slice(root.length)];
        if (!file) return html;
        const [header, page] = readFileSync(`${root}prerender/${file}`, 'utf8').trim().split(/(?<=<\/header>)\n/);
        const places = [/<header class="site-header">[\s\S]*?<\/header>/, /<p class="site-loading">[^<]*<\/p>/];
        if (!page || !places.every((p) => p.test(html))) throw new Error(`${ctx.filename} or prerender/${file}: no header and "site-loading" line to draw in`);
        return html.replace(places[0], () => header).replace(places[1], () => page);
      },
    },
  };
}

/**
 * The built pages without the sources' comments (they are for the people who edit them) and
 * indentation (a line break and the spaces after it, between two tags: no text has one).
 */
function lean(): Plugin {
  return {
    name: 'paxos-lean-html',
    apply: 'build',
    transformIndexHtml: { order: 'post', handler: (html) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/>\n\s*</g, '><') },
  };
}

// base './': the built site works from any static host, at any sub-path.
export default defineConfig(() => ({
  root,
  base: './',
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  plugins: [prerendered(), preloadWasm(), lean()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    // Every browser the playground supports knows <link rel="modulepreload">; without it a
    // preload is only a hint missed. (The polyfill was 0.4 KB of every first load.)
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: pages(),
      output: {
        entryFileNames: (chunk) => (chunk.name === 'paxos-playground' ? '[name].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
}));
