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
    // Two pages: the playground and the Multi-Paxos & ZooKeeper view.
    rollupOptions: { input: { main: `${root}index.html`, multi: `${root}multi.html` } },
  },
});
