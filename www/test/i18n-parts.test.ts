// The English texts are split (i18n.ts): what the pages show at first is in i18n.ts, the rest
// in parts (i18n-en-*.ts) that come with the modules using them. A module that names a key
// of a part must import that part itself, or the key would show instead of its text before
// the part is here. Checked by reading the sources: every quoted key a module names is in
// i18n.ts or in a part the module imports.
import { describe, expect, it } from 'vitest';
import { zh } from '../src/i18n/i18n-zh';

const SOURCES = import.meta.glob(['../src/**/*.ts', '!../src/wasm/**'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const KEYS = new Set(Object.keys(zh));
const keysIn = (text: string) => new Set([...text.matchAll(/'([\w.]+)'/g)].map((m) => m[1]!).filter((k) => KEYS.has(k)));

const core = keysIn(SOURCES['../src/i18n/i18n.ts']!);
const parts = Object.fromEntries(
  Object.entries(SOURCES)
    .filter(([path]) => /\/i18n-en-\w+\.ts$/.test(path))
    .map(([path, text]) => [path.replace(/^.*\/(i18n-en-\w+)\.ts$/, '$1'), keysIn(text)]),
);

describe('the English parts', () => {
  it('every key is in i18n.ts or in exactly one part', () => {
    expect(Object.keys(parts).sort()).toEqual(['i18n-en-classroom', 'i18n-en-help', 'i18n-en-island', 'i18n-en-menus', 'i18n-en-multi', 'i18n-en-panels', 'i18n-en-playground', 'i18n-en-replay', 'i18n-en-share', 'i18n-en-tour']);
    for (const k of KEYS) {
      const homes = [core.has(k) ? 'i18n' : null, ...Object.entries(parts).map(([name, keys]) => (keys.has(k) ? name : null))].filter(Boolean);
      expect([k, homes.length]).toEqual([k, 1]);
    }
  });

  it('a module names only keys of i18n.ts, of the parts it imports, and of the playground and island parts once they are there', () => {
    // The playground's and the island's parts come with the playground's first-load modules;
    // the modules they fetch later (import('./x')), and what those import, find them there
    // (importing them themselves split the first load into two files).
    const resolve = (from: string, spec: string) => {
      const parts = from.split('/').slice(0, -1);
      for (const p of spec.split('/')) {
        if (p === '..') parts.pop();
        else if (p !== '.') parts.push(p);
      }
      return `${parts.join('/')}.ts`;
    };
    const imports = (path: string, re: RegExp) => [...SOURCES[path]!.matchAll(re)].map((m) => resolve(path, (m[1] ?? m[2])!));
    const fetched = (path: string) => imports(path, /import\('(\.\.?\/[\w/-]+)'\)/g);
    const first = Object.keys(SOURCES).filter((path) => /^import '(?:\.\.?\/)+(?:i18n\/)?i18n-en-playground';/m.test(SOURCES[path]!));
    const later = new Set<string>();
    const statics = (path: string) => imports(path, /from '(\.\.?\/[\w/-]+)'|^import '(\.\.?\/[\w/-]+)'/gm);
    // The first load: those modules and what they import, statically.
    const loaded = new Set<string>();
    const stack = [...first];
    while (stack.length) {
      const path = stack.pop()!;
      if (!SOURCES[path] || loaded.has(path)) continue;
      loaded.add(path);
      stack.push(...statics(path));
    }
    const queue = [...loaded].flatMap(fetched);
    while (queue.length) {
      const path = queue.pop()!;
      if (!SOURCES[path] || later.has(path)) continue;
      later.add(path);
      queue.push(...fetched(path), ...statics(path));
    }
    expect(later.has('../src/basic/help.ts') && later.has('../src/share/traceviewer.ts')).toBe(true);
    for (const [path, text] of Object.entries(SOURCES)) {
      if (/\/i18n(-\w+)*\.ts$/.test(path)) continue;
      const imported = [...text.matchAll(/^import '(?:\.\.?\/)+(?:i18n\/)?(i18n-en-\w+)';/gm)].map((m) => m[1]!);
      if (later.has(path)) imported.push('i18n-en-playground', 'i18n-en-island');
      for (const k of keysIn(text)) {
        const ok = core.has(k) || imported.some((p) => parts[p]?.has(k));
        expect([path, k, ok]).toEqual([path, k, true]);
      }
    }
  });
});
