// Vitest settings for the front end's pure modules (labels, sentences, layout).
// Run from the repository root: npx vitest run --config www/vitest.config.ts
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['www/test/**/*.test.ts'],
    environment: 'node',
  },
});
