// The Chinese texts of the example, exercise and tour files (i18n-zh.ts's SCENARIOS_ZH and
// EXERCISES_ZH, keyed by file name) are complete: every file has its entry, with the same
// number of hints, and no entry names a file that is gone. The tour's steps have both languages.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileKey, loadLang, setLang, t, type Key } from '../src/i18n/i18n';
import { EXERCISES_ZH, SCENARIOS_ZH } from '../src/i18n/i18n-zh';
import { parseExercise } from '../src/classroom/classroom';
import { TOUR } from '../src/tour/tour';
import { readTrace } from '../src/share/tracefile';

// The page fetches the Chinese chunk on first use; here once, before the tests.
beforeAll(() => loadLang('zh'));
afterEach(() => setLang('en'));

const CJK = /[\u4e00-\u9fff]/u;
const scenarios = import.meta.glob('../../examples/scenarios/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const tourFiles = import.meta.glob('../src/tour/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const exercises = import.meta.glob('../../examples/exercises/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe('Chinese texts of the files', () => {
  it('every example and tour scenario has a Chinese title and one-line description', () => {
    const files = { ...scenarios, ...tourFiles };
    expect(Object.keys(scenarios).length).toBeGreaterThanOrEqual(19);
    for (const [path, text] of Object.entries(files)) {
      const key = fileKey(path);
      const json = JSON.parse(text) as { title?: string; description?: string };
      expect([key, typeof json.title, typeof json.description]).toEqual([key, 'string', 'string']);
      const zh = SCENARIOS_ZH[key];
      expect([key, zh !== undefined]).toEqual([key, true]);
      expect(zh!.title).toMatch(CJK);
      expect(zh!.description).toMatch(CJK);
      expect(zh!.description).not.toMatch(/\n/);
    }
    expect(Object.keys(SCENARIOS_ZH).sort()).toEqual(Object.keys(files).map(fileKey).sort());
  });

  it('every exercise has a Chinese title, description, task, hints and teacher’s note', () => {
    expect(Object.keys(exercises).length).toBe(10);
    for (const [path, text] of Object.entries(exercises)) {
      const ex = parseExercise(text);
      expect(fileKey(path)).toBe(ex.id);
      const zh = EXERCISES_ZH[ex.id];
      expect([ex.id, zh !== undefined]).toEqual([ex.id, true]);
      for (const s of [zh!.title, zh!.description, zh!.task, zh!.teacher, ...zh!.hints]) expect(s).toMatch(CJK);
      expect([ex.id, zh!.hints.length]).toEqual([ex.id, ex.hints.length]);
    }
    expect(Object.keys(EXERCISES_ZH).length).toBe(10);
  });

  it('the tour has 6 to 10 steps, each said in both languages', () => {
    expect(TOUR.length).toBeGreaterThanOrEqual(6);
    expect(TOUR.length).toBeLessThanOrEqual(10);
    const steps = TOUR.map((_, i) => i + 1);
    expect(TOUR.map((s) => s.title)).toEqual(steps.map((n) => `tour.s${n}.title`));
    for (const n of steps) {
      for (const part of ['title', 'text'] as const) {
        const key = `tour.s${n}.${part}` as Key;
        expect(t(key, {}, 'en')).not.toMatch(/^tour\./);
        expect(t(key, {}, 'zh')).toMatch(CJK);
      }
      // 2 to 4 sentences
      const sentences = t(`tour.s${n}.text` as Key, {}, 'en').split(/(?<=[.!?])\s+/).length;
      expect(sentences).toBeGreaterThanOrEqual(2);
      expect(sentences).toBeLessThanOrEqual(4);
    }
  });
});

describe('messages that were English only', () => {
  it('a trace file’s per-line reasons in Chinese', () => {
    setLang('zh');
    expect(() => readTrace('{"format":"paxos-trace","version":1,"protocol":"basic","nodes":["S1"],"quorum":1,"seed":1}\n\n')).toThrow(/第 2 行：是空行/);
    setLang('en');
    expect(() => readTrace('{"format":"paxos-trace","version":1,"protocol":"basic","nodes":["S1"],"quorum":1,"seed":1}\n\n')).toThrow(
      'line 2: is blank; a trace has one event per line and no blank lines',
    );
  });
});
