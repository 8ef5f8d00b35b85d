import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// base './': the built site works from any static host, at any sub-path.
export default defineConfig({
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
    // Three pages (the playground, the Multi-Paxos & ZooKeeper view, the iframe embed) and
    // the <paxos-playground> element's module, at a stable name next to the pages
    // (docs/embedding.md): <script type="module" src=".../paxos-playground.js">.
    rollupOptions: {
      input: {
        main: `${root}index.html`,
        multi: `${root}multi.html`,
        embed: `${root}embed.html`,
        'paxos-playground': `${root}src/element.ts`,
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'paxos-playground' ? '[name].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
