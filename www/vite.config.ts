import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// Three pages (the playground, the Multi-Paxos & ZooKeeper view, the iframe embed) and the
// <paxos-playground> element's module, at a stable name next to the pages
// (docs/embedding.md): <script type="module" src=".../paxos-playground.js">.
export const PAGES: Record<string, string> = {
  main: `${root}index.html`,
  multi: `${root}multi.html`,
  embed: `${root}embed.html`,
  'paxos-playground': `${root}src/element.ts`,
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

// base './': the built site works from any static host, at any sub-path.
export default defineConfig(() => ({
  root,
  base: './',
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
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
