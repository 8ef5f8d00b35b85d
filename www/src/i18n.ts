// The page's two languages: English and 简体中文. One typed catalogue (`en` and its parts
// give the keys; `zh`, in i18n-zh.ts, must have every one of them, or tsc fails),
// `t(key, {params})` with named parameters, and formatters for numbers and virtual times.
// Ballots ("2.S1") are notation and stay the same in both. The language is page-wide:
// `setLang` changes it and every listener (the playground, the Multi view, text bound with
// `L(...)` in dom.ts) redraws in place.
//
// English is here, in the first-load bundle: the texts of what a page shows at first. The
// texts of the parts a page fetches on first use come with those parts (i18n-en-tour.ts,
// -classroom, -help, -share, -panels, -replay), and the Multi view's with that page
// (i18n-en-multi.ts): each adds itself (`addEnglish`) as its module is evaluated, before its
// part says anything. The Chinese texts are a chunk of their own (i18n-zh.ts, every key),
// fetched with a dynamic import the first time the page turns Chinese: an English reader
// never downloads them. So a switch to Chinese can wait for the network: `setLang` and
// `startLang` return promises, and a page awaits `startLang()` before its first render so
// that a Chinese page never shows in English first. Back to English needs no fetch.

import type { EN_CLASSROOM } from './i18n-en-classroom';
import type { EN_HELP } from './i18n-en-help';
import type { EN_MULTI } from './i18n-en-multi';
import type { EN_PANELS } from './i18n-en-panels';
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
  'page.title': 'Paxos Playground',
  'page.nav.multi': 'Multi-Paxos & ZooKeeper view',
  'page.intro.a': 'Three islanders must agree on one electricity price, over a network that delays, loses and duplicates messages. Press ',
  'page.intro.race': 'Race',
  'page.intro.b': ', or propose a value yourself; turn on ',
  'page.intro.manual': 'Manual network',
  'page.intro.c': ' to decide every message’s fate, and go back in time to try another.',
  'page.main': 'Playground',
  'page.loading': 'Loading the simulator…',
  'page.description': 'Watch the Paxos protocol choose one value: Rust compiled to WebAssembly, in your browser.',

  // ---- the panels fetched after the first frame (panels.ts): their titles, shown while they come
  'f.title': 'Faults',
  'in.title': 'Node inspector',
  'dg.title': 'Space-time diagram',

  // ---- the classroom's panels (main.ts shows their titles while they come)
  'ck.check': 'Check',
  'ex.title': 'Exercises',

  // ---- a notebook's fields (island.ts; inspector.ts too)
  'in.f.promised': 'promised',
  'in.f.accepted': 'accepted',
  'in.f.learned': 'learned',

  // ---- units and labels (labels.ts)
  'unit.ms': '{n} ms',
  'msg.prepare': 'prepare {b}',
  'msg.promise': 'promise {b}',
  'msg.promiseAccepted': 'promise {b} (accepted {vote})',
  'msg.accept': 'accept {b} = {value}',
  'msg.accepted': 'accepted {b} = {value}',
  'msg.nack': 'nack: promised {b}',
  'msg.decide': 'decide {value}',
  'type.prepare': 'prepare',
  'type.promise': 'promise',
  'type.accept': 'accept',
  'type.accepted': 'accepted',
  'type.nack': 'nack',
  'type.decide': 'decide',
  'phase.idle': 'idle',
  'phase.preparing': 'preparing',
  'phase.accepting': 'proposing',
  'phase.backingOff': 'backing off',
  'phase.decided': 'chosen',
  'progress.ballot': 'ballot {b}',
  'progress.promises': 'promises',
  'progress.accepteds': 'accepteds',
  'progress.failed': '{ballot} failed',
  'progress.failedRetry': '{ballot} failed · retry at {n} ms',
  'proposal.adopted': '{value} (adopted)',

  // ---- the log's sentences (sentences.ts)
  'log.propose': '{node} proposes {value}',
  'log.arriveUnknown': 'message {id} arrives',
  'log.receiveOwn': '{to} receives its own {msg}',
  'log.receive': '{to} receives {msg} from {from}',
  'log.lostUnknown': 'message {id} was lost',
  'log.lost': 'a message from {from} to {to} was lost',
  'log.lostDown': 'a message from {from} to {to} was lost: {to} is down',
  'log.lostSplit': 'a message from {from} to {to} was lost: the network is split between them',
  'log.duplicateUnknown': 'the network duplicated message {id}',
  'log.duplicate': 'the network duplicated {msg} from {from} to {to}',
  'log.crash': '{node} crashed',
  'log.restart': '{node} restarted, with the promise and vote it had written down',
  'log.partition': 'the network split into {groups}',
  'log.heal': 'the network healed: every node can reach every other again',
  'log.timeoutRetry': '{node}\'s timer fired; it tries again with ballot {b}',
  'log.timeoutBackoff': '{node}\'s timer fired: no quorum in time, so it backs off',
  'log.learn': '{node} learned {value}',
  'log.chosen': '{value} is chosen (ballot {b}, at {time})',
  'log.violation': 'safety violated: {property}: {detail}',
  'log.send': '{from} sends {msg} to {to}',
  'log.promise': '{from} promised ballot {b} to {to}',
  'log.promiseAgain': '{from} promised ballot {b} to {to} again',
  'log.hadPromised': 'promised {b}',
  'log.hadAccepted': 'accepted {vote}',
  'log.hadBefore': '{text}; it had {what} before',
  'log.and': '{a} and {b}',
  'log.accepted': '{from} accepted {b} = {value}',
  'log.nackWhat': '{type} {b}',
  'log.nackBallot': 'ballot {b}',
  'log.nack': '{from} rejected {what}: it promised {promised}',
  'log.networkManual': 'the network is manual now: every message between two nodes waits for you',
  'log.networkAuto': 'the network delivers messages by itself again',

  // ---- the log view (log.ts)
  'logview.title': 'What happened',
  'logview.node': 'Node',
  'logview.type': 'Type',
  'logview.all': 'all',
  'logview.noMessage': 'no message',
  'logview.filterNode': 'Log filter: node',
  'logview.filterType': 'Log filter: message type',
  'logview.aria': 'Log, newest first; Enter on a line goes to that moment',
  'logview.filtered': 'Filtered: only the matching lines are shown.',

  // ---- banners, status, announcements (playground.ts)
  'pg.majority': 'a majority ({q} of {n})',
  'pg.bannerStarted': 'No value chosen yet: one is, once {majority} accept the same ballot.',
  'pg.bannerStartedManual': ' Manual network: deliver the messages yourself.',
  'pg.bannerIdlePlay': 'Nothing proposed yet. Press Play to run the scenario.',
  'pg.bannerIdleBare': 'Nothing proposed yet.',
  'pg.bannerManual': 'Manual network: every message waits for you. Propose a value (or Race), then deliver, drop or duplicate its messages.',
  'pg.bannerIdle': 'Nothing proposed yet. Press Race, or propose a value: it is chosen once {majority} accept it.',
  'pg.chosen': 'Chosen',
  'pg.chosenDetail': ' — ballot {b}, at {time} (step {step})',
  'pg.violated': 'Safety violated',
  'pg.violation': '{property} at step {step} ({time}): {detail}',
  'pg.status.past': 'in the past',
  'pg.status.waiting': 'waiting for you',
  'pg.status.nothing': 'nothing left to happen',
  'pg.status.running': 'running',
  'pg.status.pausedWaiting': 'paused · waiting for you',
  'pg.status.paused': 'paused',
  'pg.announce': 'Announce',
  'pg.announceTitle': 'Say what happens through the screen reader (A)',
  'pg.announceAria': 'Announce events to screen readers',
  'pg.announceOn': 'Announcements on.',
  'pg.announceSkipped': '{n} events, then: ',
  'pg.movedAnnounce': '{position}, step {step}, {time}. {branch}',
  'pg.noFlight': 'No message is in flight.',
  'lazy.failed': 'This part of the page could not be loaded. Check the connection and try again.',
  'pg.selectFirst': 'Select a message first: N selects the next one in flight.',
  'pg.selected': 'Selected {msg}, {from} to {to}. D delivers, X drops, C duplicates.',
  'pg.nodeTitleUp': '{node} is up',
  'pg.nodeTitleDown': '{node} is down',
  'pg.crash': 'Crash {node}',
  'pg.restart': 'Restart {node}',
  'pg.proposeFrom': 'Propose from {node}…',
  'pg.inspect': 'Inspect {node}',
  'pg.heal': 'Heal the network',
  'pg.cutOff': 'Cut {node} off from the others',
  'pg.lands': 'lands at {time}',
  'pg.msgDetail': '{from} → {to}, {when}',
  'pg.msgFrom': 'Message from {from} to {to}',
  'pg.deliver': 'Deliver',
  'pg.drop': 'Drop',
  'pg.duplicate': 'Duplicate',
  'pg.cut': 'cut',
  'pg.slower': 'messages take {n} ms longer',
  'pg.working': 'working normally',
  'pg.link': 'Link {a}–{b}',
  'pg.linkActions': 'Link {a}–{b} actions',
  'pg.cutLink': 'Cut the link {a}–{b}',
  'pg.mendLink': 'Mend the link {a}–{b}',
  'pg.nodeActions': '{node} actions',
  'pg.setExtra': 'Set extra delay',
  'pg.extraDelay': 'Extra delay (ms)',
  'pg.sep': '; ',
  'note.mended': 'the link {a}–{b} was mended',
  'note.cut': 'the link {a}–{b} was cut',
  'note.cutSlowed': 'the link {a}–{b} was cut (and slowed down by {n} ms)',
  'note.slowed': 'messages between {a} and {b} take {n} ms longer now',
  'note.network': 'from now on: delay {min}–{max} ms, {drop} lost, {dup} duplicated',

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
  'ctl.play': 'Play',
  'ctl.pause': 'Pause',
  'ctl.back': 'Back',
  'ctl.step': 'Step',
  'ctl.shortcuts': 'Keyboard shortcuts',
  'ctl.shortcutsTitle': 'Keyboard shortcuts (?)',
  'ctl.reset': 'Reset',
  'ctl.propose': 'Propose',
  'ctl.playback': 'Playback',
  'ctl.playTitle': 'Play or pause the virtual clock (Space)',
  'ctl.backTitle': 'Go back one event (←)',
  'ctl.stepTitle': 'Go forward one event (→)',
  'ctl.resetTitle': 'Reload the scenario from the start',
  'ctl.manualTitle': 'Every message between two nodes waits until you deliver, drop or duplicate it (M)',
  'ctl.value': 'Value',
  'ctl.raceHint': 'Race: S1 proposes 1元/度 and S2 proposes 2元/度 at the same moment (starting over if a value was already chosen).',
  'ctl.proposeTitle': 'Propose a value',
  'ctl.delayMin': 'Delay min',
  'ctl.delayMax': 'Delay max',
  'ctl.fromNow': 'For messages sent from now on.',
  'ctl.manualHint': 'A manual network ignores delay, drop and duplicate: you decide each message’s fate.',
  'ctl.nNodes': '{n} nodes',
  'ctl.island': 'Island',
  'ctl.nodes': 'Nodes',
  'ctl.seed': 'Seed',
  'ctl.seedRefused': 'A seed is a whole number from 0 to 9007199254740991; the island is unchanged.',
  'ctl.islandHint': 'A new node count or seed starts over. Click a node on the island to crash, restart, inspect or cut it off.',
  'ctl.bytes': '{n}/{max} bytes',
  'help.close': 'Close',
  'hist.position': 'event {position} of {length}',
  'hist.branch': 'branch {branch} of {count}',
  'hist.forked': '{of}, forked from branch {parent} at event {at}',
  'hist.option': 'branch {branch} ({n} events)',
  'hist.optionFrom': 'branch {branch} ({n} events, from {parent} at {at})',
  'tb.switch': 'Switch',
  'tb.branch': 'Branch',
  'tb.timeline': 'Timeline',
  'tb.where': '{position} · step {step}',
  'tb.thisOne': '{branch} — this one',
  'fl.from': 'From',
  'fl.to': 'To',
  'fl.message': 'Message',
  'fl.act': 'Act',
  'fl.title': 'In flight',
  'fl.emptyManual': 'Nothing is waiting. Propose a value: its messages will wait here for you.',
  'fl.empty': 'No message is on its way. In a manual network, messages wait here for you.',
  'fl.more': 'and {n} more',
  'fl.lands': 'lands {time}',
  'fl.copy': 'copy · ',
  'fl.ariaDeliver': 'Deliver {from} to {to} {type}',
  'fl.ariaDrop': 'Drop {from} to {to} {type}',
  'fl.ariaDup': 'Dup: duplicate {from} to {to} {type}',
  'fl.dup': 'Dup',
  'f.comma': ', ',
  'is.aria': 'The island: nodes and the messages between them',
  'is.linkTitle': 'Link {a}–{b}: click to cut, mend or slow it down',
  'is.nodeTitle': '(click for its menu: crash, restart, inspect, cut off)',
  'is.value': 'value {value}',
  'is.down': 'down',
  'is.learned': 'learned',
  'is.nothing': '(nothing)',
  'is.idle': '(idle)',
  'is.split': 'network split: {groups}',
  'is.cutLinks': 'cut: {links}',
  'is.envTitle': '{msg}, {from} → {to}: click to deliver, drop or duplicate',
  'sh.shareTitle': 'Put a link to this exact moment in the address bar, and copy it',
  'sh.share': 'Share',
  'sh.exportScenario': 'Export scenario',
  'sh.dismiss': 'Dismiss this message',
  'sh.files': 'Scenario and trace files',
  'sh.openScenario': 'Open a scenario file',
  'sh.openTrace': 'Open a trace file',
  'sh.filesHint': 'A scenario file starts over with that scenario. A trace file opens in a reader, line by line; the island stays as it is. Files up to 5 MB. Share puts a link to this exact moment in the address bar: opening it replays every action in the simulator.',
  'sh.exportFailed': 'Could not export the trace: {error}',
  'sh.linkFailed': 'Could not make a link: {error}.',
  'sh.cannotOpenUnchanged': 'This link cannot be opened: {error}. Nothing was changed.',
  'log.sendSelf': '{from} sends {msg} to itself',
  'log.promiseSelf': '{from} promised ballot {b} to itself',
  'log.promiseSelfAgain': '{from} promised ballot {b} to itself again',
  'err.worker': 'the simulator worker failed to start',
  'err.closed': 'the playground was closed',
  'err.crashed': 'the simulator failed on this request and was restarted; the request was not carried out',
  // ---- the scenarios menu as first shown (scenariomenu.ts)
  'sc.menu': 'Scenarios',
  'sc.menuTitle': 'Load an example scenario or an exercise',
  'sc.current': 'Scenario: {title}',
  'sc.custom': 'your own',
  'sc.opensMulti': '(opens the Multi-Paxos view)',

  // ---- the guided tour's button (main.ts; the tour's own texts: i18n-en-tour.ts)
  'tour.button': 'Tour',
  'tour.buttonTitle': 'How Paxos works: a guided tour in 7 steps',

  // ---- author locks (lock.ts)
  'lock.still': 'this embed is still moving to its first step; try again in a moment',
  'lock.notAllowed': 'this embed does not allow "{action}" (allowed: {allowed})',
  'lock.nothing': 'nothing',
  'lock.from': 'from step {from}',
  'lock.fromTo': 'to steps {from}–{to}',
  'lock.pastEnd': 'this embed is locked {range}: it cannot go past step {to}',
  'lock.beforeStart': 'this embed is locked {range}: it cannot go back before step {from}',
  'lock.outside': 'this embed is locked {range}: step {step} is outside it',
  'lock.stops': 'this embed is locked {range}, but the scenario stops at step {step}',

  // ---- copy embed code (main.ts, embedcode.ts)
  'emb.copy': 'Copy embed code',
  'emb.title': 'Copy embed code: an <iframe> that shows this scenario and seed, with minimal controls',
  'emb.titleLong': 'Copy embed code: an <iframe> that shows this scenario and seed, with minimal controls. On a page you control, the element is lighter (docs/embedding.md):\n{snippet}',
  'emb.copied': 'Embed code copied',
  'emb.notCopied': 'Not copied',
  'emb.failed': 'Copying failed: the clipboard is not available (the snippet is in this button’s data-snippet)',
} as const;

/** Every text's key: this file's and its parts'. */
export type Key = keyof typeof en | keyof typeof EN_TOUR | keyof typeof EN_CLASSROOM | keyof typeof EN_HELP | keyof typeof EN_SHARE | keyof typeof EN_MULTI | keyof typeof EN_PANELS | keyof typeof EN_REPLAY;

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
