// Builds the static site into www/dist (or --outDir DIR), one page at a time: each page's
// first load is then one script, one style sheet, its worker and its wasm (vite.config.ts
// says why). Pages share the chunks they fetch later only by content: a chunk's name carries
// its hash, so two builds write the same file or two different ones.
// Usage: node www/build.mjs [--outDir DIR] [--logLevel info|warn|error|silent]
// (DIR is resolved against the current directory.)
import { build, resolveConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const outDir = option('--outDir');
const logLevel = option('--logLevel') ?? 'info';

const configFile = path.join(here, 'vite.config.ts');
// The pages: the config's inputs when it builds them all (without PAXOS_PAGE).
delete process.env.PAXOS_PAGE;
const names = Object.keys((await resolveConfig({ configFile, logLevel }, 'build')).build.rollupOptions.input);
for (const [i, name] of names.entries()) {
  process.env.PAXOS_PAGE = name;
  await build({
    configFile,
    logLevel,
    build: { emptyOutDir: i === 0, ...(outDir ? { outDir: path.resolve(outDir) } : {}) },
  });
}
delete process.env.PAXOS_PAGE;
