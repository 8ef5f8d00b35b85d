// Unit tests for www/src/i18n/i18n.ts: both catalogues (English in i18n.ts and its parts
// i18n-en-*.ts, all imported here; Chinese in i18n-zh.ts) have the same keys and the same {params} per key; every Basic and Multi trace event gives a
// sentence in both languages (no key leaks like "log.send", no unfilled {param}); numbers and
// virtual times per language. The Chinese chunk is fetched once, before the tests (the page
// fetches it on first use; i18n-lazy.test.ts tests that path).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import raceTrace from './fixtures/island-race.jsonl?raw';
import { CATALOGUES, L, langOf, loadLang, msText, numberText, paramsOf, setLang, t, type Key } from '../src/i18n/i18n';
import { zh as zhCatalogue } from '../src/i18n/i18n-zh';
// The English parts the pages fetch with their features (each adds itself to CATALOGUES.en).
import '../src/i18n/i18n-en-classroom';
import '../src/i18n/i18n-en-help';
import '../src/i18n/i18n-en-island';
import '../src/i18n/i18n-en-menus';
import '../src/i18n/i18n-en-multi';
import '../src/i18n/i18n-en-share';
import '../src/i18n/i18n-en-panels';
import '../src/i18n/i18n-en-playground';
import '../src/i18n/i18n-en-replay';
import '../src/i18n/i18n-en-tour';
import { Narrator } from '../src/basic/sentences';
import { sentence, TraceMemory } from '../src/multi/sentences';
import { msgLabel } from '../src/basic/labels';
import type { Msg, MultiMsg, MultiTraceLine, TraceLine } from '../src/core/protocol';

beforeAll(() => loadLang('zh'));
afterEach(() => setLang('en'));

const KEY_LEAK = /\b(?:log|mlog|msg|mmsg|mres|type|pg|m|st|tf|se|sh|in|is|fl|f|ck|cl|ex|dg|tb|hist|help|ctl|note|unit|lang|page|phase|progress|proposal|rp|err)\.[a-zA-Z]/;
const CJK = /[\u4e00-\u9fff]/u;

function clean(text: string, lang: 'en' | 'zh'): void {
  expect(text.trim()).not.toBe('');
  expect(text).not.toMatch(KEY_LEAK);
  expect(text).not.toMatch(/\{\w+\}/);
  expect(text).not.toMatch(/undefined|\[object/);
  if (lang === 'zh') expect(text).toMatch(CJK);
}

describe('the catalogues', () => {
  const en = CATALOGUES.en;
  const zh = zhCatalogue;

  it('have the same keys', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('have the same {params} for every key', () => {
    for (const k of Object.keys(en) as Key[]) expect([k, paramsOf(zh[k])]).toEqual([k, paramsOf(en[k]!)]);
  });

  it('have no empty texts', () => {
    for (const k of Object.keys(en) as Key[]) {
      expect([k, en[k]!.length > 0]).toEqual([k, true]);
      expect([k, zh[k].length > 0]).toEqual([k, true]);
    }
  });

  it('fill named parameters, nested messages included', () => {
    expect(t('log.promise', { from: 'S3', b: '2.S1', to: 'S1' })).toBe('S3 promised ballot 2.S1 to S1');
    setLang('zh');
    expect(t('log.promise', { from: 'S3', b: '2.S1', to: 'S1' })).toBe('S3 向 S1 承诺了编号 2.S1');
    const m = L('log.hadBefore', { text: L('log.promise', { from: 'S3', b: '2.S1', to: 'S1' }), what: L('log.hadPromised', { b: '1.S2' }) });
    expect(String(m)).toBe('S3 向 S1 承诺了编号 2.S1；此前它承诺过 1.S2');
    setLang('en');
    expect(String(m)).toBe('S3 promised ballot 2.S1 to S1; it had promised 1.S2 before');
  });
});

describe('formatting', () => {
  it('numbers follow the language', () => {
    expect(numberText(12345, 'en')).toBe('12,345');
    expect(numberText(12345, 'zh')).toBe('12,345');
    expect(numberText(0.5, 'en')).toBe('0.5');
  });

  it('virtual times: "120 ms" / "120 毫秒", whole milliseconds', () => {
    expect(msText(120, 'en')).toBe('120 ms');
    expect(msText(120.9, 'zh')).toBe('120 毫秒');
    setLang('zh');
    expect(msText(7)).toBe('7 毫秒');
  });

  it('ballots are notation: the same in both languages', () => {
    const m: Msg = { type: 'prepare', ballot: { round: 2, node: 'S1' } };
    expect(msgLabel(m)).toBe('prepare 2.S1');
    setLang('zh');
    expect(msgLabel(m)).toBe('准备 2.S1');
  });

  it('the browser language picks the default', () => {
    expect(langOf(['zh-CN', 'en'])).toBe('zh');
    expect(langOf(['zh-Hant-TW'])).toBe('zh');
    expect(langOf(['en-US', 'zh-CN'])).toBe('en');
    expect(langOf(['fr'])).toBe('en');
    expect(langOf([])).toBe('en');
  });
});

// ---- Every Basic Paxos event, in both languages ---------------------------------------

const race: TraceLine[] = raceTrace
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => JSON.parse(l) as TraceLine);

const b = (round: number, node: string) => ({ round, node });
const l = (step: number, time: number, event: object) => ({ step, time, ...event }) as TraceLine;
const msgs: Msg[] = [
  { type: 'prepare', ballot: b(2, 'S1') },
  { type: 'promise', ballot: b(2, 'S1'), accepted: { ballot: b(1, 'S2'), value: 'x' } },
  { type: 'promise', ballot: b(2, 'S1'), accepted: null },
  { type: 'accept', ballot: b(2, 'S1'), value: 'x' },
  { type: 'accepted', ballot: b(2, 'S1'), value: 'x' },
  { type: 'nack', ballot: b(2, 'S1'), promised: b(3, 'S2') },
  { type: 'decide', value: 'x' },
];
const rare: TraceLine[] = [
  ...msgs.map((msg, i) => l(i + 1, i, { event: 'send', id: i + 1, from: 'S1', to: 'S2', msg })),
  l(10, 10, { event: 'send', id: 20, from: 'S3', to: 'S3', msg: msgs[0] }),
  l(11, 10, { event: 'deliver', id: 20 }),
  l(12, 11, { event: 'duplicate', id: 1, copy: 30 }),
  l(13, 11, { event: 'duplicate', id: 999, copy: 31 }),
  l(14, 12, { event: 'crash', node: 'S2' }),
  l(15, 13, { event: 'drop', id: 2 }),
  l(16, 14, { event: 'partition', groups: [['S1'], ['S2', 'S3']] }),
  l(17, 15, { event: 'drop', id: 3 }),
  l(18, 16, { event: 'heal' }),
  l(19, 17, { event: 'restart', node: 'S2' }),
  l(20, 18, { event: 'deliver', id: 998 }),
  l(21, 18, { event: 'drop', id: 997 }),
  l(22, 19, { event: 'timeout', node: 'S1' }),
  l(23, 19, { event: 'send', id: 40, from: 'S1', to: 'S2', msg: { type: 'prepare', ballot: b(3, 'S1') } }),
  l(24, 30, { event: 'timeout', node: 'S3' }),
  l(25, 40, { event: 'violation', property: 'agreement', detail: 'S1 learned a, S2 learned b' }),
];
const KINDS = ['propose', 'send', 'deliver', 'drop', 'duplicate', 'crash', 'restart', 'partition', 'heal', 'timeout', 'learn', 'chosen', 'violation'];

describe('every Basic Paxos event gives a sentence in both languages', () => {
  it('covers every event kind', () => {
    const seen = new Set([...race, ...rare].map((x) => x.event));
    expect([...seen].sort()).toEqual([...KINDS].sort());
  });

  for (const lang of ['en', 'zh'] as const) {
    it(`in ${lang}`, () => {
      setLang(lang);
      for (const lines of [race, rare]) {
        const out = new Narrator().narrate(lines);
        expect(out.length).toBe(lines.length);
        for (const s of out) clean(s.text, lang);
      }
    });
  }

  it('says the same sentence again in the other language (no re-narration needed)', () => {
    const out = new Narrator().narrate(race);
    const en = out.map((s) => s.text);
    setLang('zh');
    const zh = out.map((s) => s.text);
    expect(zh[0]).toBe('S1 提出 1元/度');
    expect(zh).not.toEqual(en);
    expect(zh.find((x) => x.includes('被选定'))).toBe('2元/度 被选定（编号 1.S2，时间 164 毫秒）');
    setLang('en');
    expect(out.map((s) => s.text)).toEqual(en);
  });
});

// ---- Every Multi-Paxos event, in both languages ---------------------------------------

const mmsgs: MultiMsg[] = [
  { type: 'prepare', ballot: b(1, 'S1'), from_slot: 1 },
  { type: 'promise', ballot: b(1, 'S1'), from_slot: 1, accepted: [] },
  { type: 'promise', ballot: b(1, 'S1'), from_slot: 1, accepted: [{ slot: 1, ballot: b(1, 'S2'), value: 'v' }] as never },
  { type: 'accept', ballot: b(1, 'S1'), slot: 2, value: null },
  { type: 'accepted', ballot: b(1, 'S1'), slot: 2, value: 'v' },
  { type: 'nack', ballot: b(1, 'S1'), promised: b(2, 'S2') },
  { type: 'decide', slot: 2, value: 'v' },
  { type: 'heartbeat', ballot: b(1, 'S1'), commit: 3 },
  { type: 'forward', value: '#2 create /laws/water 3元/吨' },
  { type: 'catchup', from: 2 },
  { type: 'sync', token: 5 },
  { type: 'syncok', token: 5, commit: 4 },
];
const m = (step: number, time: number, event: object) => ({ step, time, ...event }) as MultiTraceLine;
const multi: MultiTraceLine[] = [
  ...mmsgs.map((msg, i) => m(i + 1, i, { event: 'send', id: i + 1, from: 'S1', to: 'S2', msg })),
  m(20, 20, { event: 'deliver', id: 1 }),
  m(21, 20, { event: 'deliver', id: 999 }),
  m(22, 21, { event: 'drop', id: 2 }),
  m(23, 21, { event: 'duplicate', id: 3, copy: 40 }),
  m(24, 22, { event: 'crash', node: 'S1' }),
  m(25, 23, { event: 'restart', node: 'S1' }),
  m(26, 24, { event: 'partition', groups: [['S1'], ['S2', 'S3']] }),
  m(27, 25, { event: 'heal' }),
  m(28, 26, { event: 'timeout', node: 'S2' }),
  m(29, 27, { event: 'leader', node: 'S2', ballot: b(2, 'S2') }),
  m(30, 28, { event: 'learn', node: 'S3', slot: 2, value: null }),
  m(31, 28, { event: 'chosen', slot: 2, value: 'v', ballot: b(2, 'S2') }),
  m(32, 29, { event: 'request', id: 4, node: 'S3', op: 'getData', path: '/laws/electricity' }),
  m(33, 30, { event: 'reply', id: 4, node: 'S3', result: { ok: true, data: '', zxid: '0:0', stale: 'behind' } }),
  m(34, 30, { event: 'reply', id: 5, node: 'S3', result: { ok: false, error: 'no node' } }),
  m(35, 30, { event: 'reply', id: 6, node: 'S3', result: { ok: true, exists: false } }),
  m(36, 31, { event: 'violation', property: 'agreement', detail: 'slot 2 differs' }),
];
const MULTI_KINDS = [...KINDS.filter((k) => k !== 'propose'), 'leader', 'request', 'reply'];

describe('every Multi-Paxos event gives a sentence in both languages', () => {
  it('covers every event kind and message type', () => {
    expect([...new Set(multi.map((x) => x.event))].sort()).toEqual([...MULTI_KINDS].sort());
  });

  for (const lang of ['en', 'zh'] as const) {
    it(`in ${lang}`, () => {
      setLang(lang);
      const memory = new TraceMemory();
      for (const line of multi) {
        memory.note(line);
        clean(sentence(line, memory), lang);
      }
    });
  }

  // The traces the simulator writes, not lines written by hand here: a field the page
  // reads under another name than Rust writes it shows as "undefined".
  const written = import.meta.glob('../../crates/paxos-sim/tests/snapshots/multi-*.jsonl', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
  it("tells every line of the examples' traces as the simulator writes them, in both languages", () => {
    expect(Object.keys(written).length).toBeGreaterThanOrEqual(4);
    for (const lang of ['en', 'zh'] as const) {
      setLang(lang);
      for (const text of Object.values(written)) {
        const memory = new TraceMemory();
        for (const line of text.trim().split('\n').slice(1).map((l) => JSON.parse(l) as MultiTraceLine)) {
          memory.note(line);
          clean(sentence(line, memory), lang);
        }
      }
    }
  });

  it('reads naturally in Chinese', () => {
    setLang('zh');
    const memory = new TraceMemory();
    const say = (line: MultiTraceLine) => (memory.note(line), sentence(line, memory));
    expect(say(m(1, 0, { event: 'leader', node: 'S1', ballot: b(1, 'S1') }))).toBe('S1 以编号 1.S1 成为领导者');
    expect(say(m(2, 0, { event: 'chosen', slot: 3, value: null, ballot: b(2, 'S3') }))).toBe('槽位 3 已选定：空操作（编号 2.S3）');
  });
});
