// The page's two languages: English and 简体中文. One typed catalogue (`en` and its parts
// give the keys; `zh`, in i18n-zh.ts, must have every one of them, or tsc fails),
// `t(key, {params})` with named parameters, and formatters for numbers and virtual times.
// Ballots ("2.S1") are notation and stay the same in both. The language is page-wide:
// `setLang` changes it and every listener (the playground, the Multi view, text bound with
// `L(...)` in dom.ts) redraws in place.
//
// English is here, in the first-load bundle: the texts both pages show at first; the Basic
// playground's come with its modules (i18n-en-playground.ts), the Multi view's with that
// page (i18n-en-multi.ts), and those of the island and timeline both draw with those views
// (i18n-en-island.ts). The texts of the parts a page fetches on first use come with
// those parts (i18n-en-tour.ts, -classroom, -help, -share, -panels, -replay, -menus): each adds itself (`addEnglish`) as its module is evaluated, before its
// part says anything. The Chinese texts are a chunk of their own (i18n-zh.ts, every key),
// fetched with a dynamic import the first time the page turns Chinese: an English reader
// never downloads them. So a switch to Chinese can wait for the network: `setLang` and
// `startLang` return promises, and a page awaits `startLang()` before its first render so
// that a Chinese page never shows an English render first (the HTML's own drawing,
// www/prerender/, is English: the page hides it while the Chinese texts come, and a page in
// Chinese drops it). Back to English needs no fetch.

import type { EN_CLASSROOM } from './i18n-en-classroom';
import type { EN_HELP } from './i18n-en-help';
import type { EN_ISLAND } from './i18n-en-island';
import type { EN_MENUS } from './i18n-en-menus';
import type { EN_MULTI } from './i18n-en-multi';
import type { EN_PANELS } from './i18n-en-panels';
import type { EN_PLAYGROUND } from './i18n-en-playground';
import type { EN_REPLAY } from './i18n-en-replay';
import type { EN_SHARE } from './i18n-en-share';
import type { EN_TOUR } from './i18n-en-tour';

export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];

const en = {
  // ---- the language picker and page chrome
  'lang.label': 'Language',
  'lang.en': 'English',
  'lang.zh': '简体中文',

  // ---- units and labels (labels.ts)
  'unit.ms': '{n} ms',

  // ---- the log view (log.ts)
  'logview.title': 'What happened',

  // ---- banners, status, announcements (playground.ts)
  'pg.violated': 'Safety violated',
  'lazy.failed': 'This part of the page could not be loaded. Check the connection and try again.',
  'pg.restart': 'Restart {node}',

  // ---- said by both views (the Multi view's own texts are in i18n-en-multi.ts)
  'mres.error': 'error: {error}',
  'mlog.restart': '{node} restarted',

  // ---- labels both views use, then the playground's controls and panels
  'm.export': 'Export trace',
  'm.clock': 'Virtual time',
  'm.speed': 'Speed',
  'm.waiting': 'waiting',
  'm.heal': 'Heal',
  'm.network': 'Network',
  'err.worker': 'the simulator worker failed to start',
  'err.closed': 'the playground was closed',
  'err.crashed': 'the simulator failed on this request and was restarted; the request was not carried out',
} as const;

/** Every text's key: this file's and its parts'. */
/** The keys of the texts every page has at first (this module's own). */
export type CoreKey = keyof typeof en;
export type Key = keyof typeof en | keyof typeof EN_ISLAND | keyof typeof EN_PLAYGROUND | keyof typeof EN_TOUR | keyof typeof EN_CLASSROOM | keyof typeof EN_HELP | keyof typeof EN_SHARE | keyof typeof EN_MULTI | keyof typeof EN_PANELS | keyof typeof EN_REPLAY | keyof typeof EN_MENUS;

/** English as far as it is here: this file's, and each part's once evaluated. */
const english: Partial<Record<Key, string>> = { ...en };

/** Adds a part's English texts (an i18n-en-*.ts module, as it is evaluated); returns them. */
export function addEnglish<T extends Readonly<Record<string, string>>>(texts: T): T {
  Object.assign(english, texts);
  return texts;
}

// ---- The Chinese chunk, fetched on first use --------------------------------------------

type ZhModule = typeof import('./i18n-zh');
/** The Chinese texts once fetched (null before): i18n-zh.ts's exports. */
let zhTexts: ZhModule | null = null;
let zhLoading: Promise<ZhModule> | null = null;

type Catalogue = Readonly<Record<Key, string>>;
/**
 * The catalogues at hand: English always (the parts' texts once their modules are here),
 * Chinese, whole, once `loadLang('zh')` has fetched it.
 */
export const CATALOGUES: { readonly en: Readonly<Partial<Record<Key, string>>>; zh?: Catalogue } = { en: english };

/** True when `l`'s texts are here (switching to it is then immediate). */
export const hasLang = (l: Lang): boolean => CATALOGUES[l] !== undefined;

/** Fetches `l`'s texts (once; English is always here). Rejects if the chunk cannot be read. */
export async function loadLang(l: Lang): Promise<void> {
  if (hasLang(l)) return;
  // One fetch however many ask at once; a failed one can be tried again.
  zhLoading ??= import('./i18n-zh').then(
    (m) => {
      zhTexts = m;
      CATALOGUES.zh = m.zh;
      return m;
    },
    (e: unknown) => {
      zhLoading = null;
      throw e;
    },
  );
  await zhLoading;
}

// ---- Messages that render in the current language ------------------------------------

/** Text computed when said (e.g. a message label, itself translated). */
export interface Lazy {
  readonly lazy: () => string;
}
export const lazy = (f: () => string): Lazy => ({ lazy: f });
export type Param = string | number | Message | Lazy;
export type Params = Readonly<Record<string, Param>>;

/** A message in no language yet: `String(m)` (or a template) says it in the current one. */
export class Message {
  constructor(
    readonly key: Key,
    readonly params: Params = {},
  ) {}
  toString(): string {
    return t(this.key, this.params);
  }
}

/** A message to render later (in dom.ts's h(): redrawn in place when the language changes). */
export const L = (key: Key, params: Params = {}): Message => new Message(key, params);

let current: Lang = 'en';
const listeners = new Set<(lang: Lang) => void>();

export const lang = (): Lang => current;

/** `key` in the current language (or `in`), `{name}` replaced by `params.name`. */
export function t(key: Key, params: Params = {}, inLang: Lang = current): string {
  // A language not fetched yet says it in English (setLang only switches once it is here).
  const text = CATALOGUES[inLang]?.[key] ?? english[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (all, name: string) => {
    const v = params[name];
    if (v === undefined) return all;
    return v instanceof Message ? t(v.key, v.params, inLang) : typeof v === 'number' ? numberText(v, inLang) : typeof v === 'string' ? v : v.lazy();
  });
}

// ---- Chinese texts of the example and exercise files, keyed by file name -------------
// The files (examples/scenarios/*.json, examples/exercises/*.json, www/src/tour/*.json)
// are versioned contracts and stay English; their Chinese title and one-line description,
// and for the exercises the task, hints and teacher's note, are in i18n-zh.ts
// (SCENARIOS_ZH, EXERCISES_ZH). Vitest checks that every file has its entry
// (www/test/catalogue.test.ts).

export interface ScenarioZh {
  title: string;
  description: string;
}
export interface ExerciseZh extends ScenarioZh {
  task: string;
  hints: string[];
  teacher: string;
}

/** A file's name without its folder and `.json`: the key of SCENARIOS_ZH and EXERCISES_ZH. */
export const fileKey = (path: string): string => path.replace(/^.*\//, '').replace(/\.json(\?.*)?$/, '');

/** A scenario file's title and description in the current language (the file's own in English). */
export function scenarioText(key: string, en: ScenarioZh, inLang: Lang = current): ScenarioZh {
  return inLang === 'zh' ? (zhTexts?.SCENARIOS_ZH[key] ?? en) : en;
}

/** An exercise's Chinese texts when the page is in Chinese (undefined in English: the file's own). */
export function exerciseZh(id: string, inLang: Lang = current): ExerciseZh | undefined {
  return inLang === 'zh' ? zhTexts?.EXERCISES_ZH[id] : undefined;
}

/** The {names} a catalogue text uses (for tests). */
export const paramsOf = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

const numberFormats = new Map<string, Intl.NumberFormat>();
/** A number for people, in the language's style (grouping: 12,345). */
export function numberText(n: number, inLang: Lang = current): string {
  const tag = inLang === 'zh' ? 'zh-CN' : 'en-US';
  let f = numberFormats.get(tag);
  if (!f) numberFormats.set(tag, (f = new Intl.NumberFormat(tag, { maximumFractionDigits: 2 })));
  return f.format(n);
}

/** Virtual time: "120 ms" / "120 毫秒" (whole milliseconds). */
export function msText(ms: number, inLang: Lang = current): string {
  return t('unit.ms', { n: String(Math.floor(ms)) }, inLang);
}

/** `zh…` → Chinese, anything else English (navigator.languages, in order of preference). */
export function langOf(tags: readonly string[] | undefined): Lang {
  const first = tags?.find((x) => x);
  return first && first.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

const STORE = 'paxos-lang';
const valid = (x: string | null | undefined): x is Lang => x === 'en' || x === 'zh';

/** The page's language: `?lang=`, then the saved choice, then the browser's languages. */
export function initialLang(): Lang {
  if (typeof window === 'undefined') return 'en';
  const q = new URLSearchParams(window.location.search).get('lang');
  if (valid(q)) return q;
  try {
    const saved = window.localStorage.getItem(STORE);
    if (valid(saved)) return saved;
  } catch {
    // storage may be unavailable (private mode, sandboxed iframe)
  }
  return langOf(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

/** The language last asked for: a slow fetch does not undo a later choice. */
let wanted: Lang = 'en';

/**
 * Changes the page's language; `save` remembers the choice (the picker does). Immediate when
 * the texts are here (English always, Chinese after its first fetch); otherwise the switch
 * happens once they are fetched, unless another language was asked for meanwhile. Resolves
 * with the language in effect; if the fetch fails the page stays as it was (and says why
 * in the console).
 */
export function setLang(next: Lang, save = false): Promise<Lang> {
  if (save) {
    try {
      window.localStorage.setItem(STORE, next);
    } catch {
      // ignore
    }
  }
  wanted = next;
  if (hasLang(next)) {
    apply(next);
    return Promise.resolve(current);
  }
  return loadLang(next).then(
    () => {
      if (wanted === next) apply(next);
      return current;
    },
    (e: unknown) => {
      console.error(`the ${next} texts could not be loaded`, e);
      if (wanted === next) wanted = current;
      return current;
    },
  );
}

function apply(next: Lang): void {
  if (next === current) return;
  current = next;
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  for (const f of [...listeners]) {
    try {
      f(next);
    } catch (e) {
      console.error(e);
    }
  }
}

/** Called after every language change; returns the unsubscribe function. */
export function onLang(f: (lang: Lang) => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

/**
 * Starts the page in its language (initialLang) and sets <html lang>. Await it before the
 * first render: Chinese is fetched first, and meanwhile the page is hidden, so neither the
 * HTML's English placeholder text nor an English render shows while it is on its way.
 */
export async function startLang(fixed?: Lang): Promise<Lang> {
  const l = fixed ?? initialLang();
  const html = typeof document !== 'undefined' ? document.documentElement : null;
  if (html) html.lang = l;
  // CSSOM, not a style sheet: allowed by a strict CSP (style-src 'self').
  const hide = html !== null && !hasLang(l);
  if (hide) html.style.visibility = 'hidden';
  try {
    await setLang(l);
  } finally {
    // Shown again just before the caller draws: it resumes in the same run of microtasks, so
    // no frame is painted in between.
    if (hide) html.style.visibility = '';
  }
  if (html) html.lang = current;
  return current;
}
