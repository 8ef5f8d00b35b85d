// The English texts are split (i18n.ts): what the pages show at first is in i18n.ts, the rest
// in parts (i18n-en-*.ts) that come with the modules using them. A module that names a key
// of a part must import that part itself, or the key would show instead of its text before
// the part is here. Checked by reading the sources: every quoted key a module names is in
// i18n.ts or in a part the module imports.
import { describe, expect, it } from 'vitest';
import { zh } from '../src/i18n-zh';

const SOURCES = import.meta.glob(['../src/*.ts', '../src/multi/*.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const KEYS = new Set(Object.keys(zh));
const keysIn = (text: string) => new Set([...text.matchAll(/'([\w.]+)'/g)].map((m) => m[1]!).filter((k) => KEYS.has(k)));

const core = keysIn(SOURCES['../src/i18n.ts']!);
const parts = Object.fromEntries(
  Object.entries(SOURCES)
    .filter(([path]) => /\/i18n-en-\w+\.ts$/.test(path))
    .map(([path, text]) => [path.replace(/^.*\/(i18n-en-\w+)\.ts$/, '$1'), keysIn(text)]),
);

describe('the English parts', () => {
  it('every key is in i18n.ts or in exactly one part', () => {
    expect(Object.keys(parts).sort()).toEqual(['i18n-en-classroom', 'i18n-en-help', 'i18n-en-multi', 'i18n-en-panels', 'i18n-en-replay', 'i18n-en-share', 'i18n-en-tour']);
    for (const k of KEYS) {
      const homes = [core.has(k) ? 'i18n' : null, ...Object.entries(parts).map(([name, keys]) => (keys.has(k) ? name : null))].filter(Boolean);
      expect([k, homes.length]).toEqual([k, 1]);
    }
  });

  it('a module names only keys of i18n.ts and of the parts it imports', () => {
    for (const [path, text] of Object.entries(SOURCES)) {
      if (/\/i18n(-\w+)*\.ts$/.test(path)) continue;
      const imported = [...text.matchAll(/^import '(?:\.\.?\/)+(i18n-en-\w+)';/gm)].map((m) => m[1]!);
      for (const k of keysIn(text)) {
        const ok = core.has(k) || imported.some((p) => parts[p]?.has(k));
        expect([path, k, ok]).toEqual([path, k, true]);
      }
    }
  });
});
