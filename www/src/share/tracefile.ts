// Reading a paxos-trace v1 file someone opens (docs/trace.md), for the trace viewer: every
// format rule is checked, and a broken file is refused with the line and the reason. It only
// reads; it never simulates. Pure (unit-tested in www/test/tracefile.test.ts).

import type { Msg, TraceLine } from '../core/protocol';
import { t as tr } from '../i18n/i18n';
import '../i18n/i18n-en-share'; // its English texts
import { messageOf } from '../core/errors';

export interface TraceHeader {
  format: 'paxos-trace';
  version: 1;
  protocol: 'basic';
  nodes: string[];
  quorum: number;
  seed: number;
  /** The broken variants in force; absent for correct Paxos. */
  broken?: string[];
  /** Flexible Paxos's quorums; absent otherwise. */
  quorums?: { prepare: number; accept: number };
}

export interface TraceFile {
  header: TraceHeader;
  lines: TraceLine[];
}

/** A broken trace: `line` is the 1-based line of the file. */
export class TraceFileError extends Error {
  override name = 'TraceFileError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? tr('tf.line', { line: String(line), reason }) : reason);
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const MSG_FIELDS: Record<Msg['type'], string[]> = {
  prepare: ['ballot'],
  promise: ['ballot', 'accepted'],
  accept: ['ballot', 'value'],
  accepted: ['ballot', 'value'],
  nack: ['ballot', 'promised'],
  decide: ['value'],
};

const EVENT_FIELDS: Record<TraceLine['event'], string[]> = {
  propose: ['node', 'value'],
  send: ['id', 'from', 'to', 'msg'],
  deliver: ['id'],
  drop: ['id'],
  duplicate: ['id', 'copy'],
  crash: ['node'],
  restart: ['node'],
  partition: ['groups'],
  heal: [],
  timeout: ['node'],
  learn: ['node', 'slot', 'value'],
  chosen: ['slot', 'value', 'ballot'],
  violation: ['property', 'detail'],
};

const PROPERTIES = ['agreement', 'validity', 'promise-monotonic', 'accepted-within-promise', 'learned-is-chosen'];

const list = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');

/** Whether `name` is one of `table`'s own keys: `constructor` or `__proto__` is no event or message type. */
const known = (table: object, name: unknown): name is string => typeof name === 'string' && Object.hasOwn(table, name);

/** Reads a whole trace; throws TraceFileError at the first rule it breaks. */
export function readTrace(text: string): TraceFile {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (!text.trim()) throw new TraceFileError(0, tr('tf.empty'));
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop(); // the newline that ends the last line
  const header = readHeader(raw[0]!.replace(/\r$/, ''));
  const nodes = new Set(header.nodes);
  const lines: TraceLine[] = [];
  let time = 0;
  for (let i = 1; i < raw.length; i++) {
    const at = i + 1;
    const fail = (reason: string): never => {
      throw new TraceFileError(at, reason);
    };
    const textLine = raw[i]!.replace(/\r$/, '');
    if (!textLine.trim()) fail(tr('tf.blank'));
    let x: unknown;
    try {
      x = JSON.parse(textLine);
    } catch (e) {
      fail(tr('tf.notJson', { error: messageOf(e) }));
    }
    if (!isObj(x)) fail(tr('tf.notObject'));
    const o = x as Obj;
    const step = i; // steps are 1, 2, 3, ... one per line
    if (!isInt(o['step'])) fail(tr('tf.noStep'));
    if (o['step'] !== step) fail(tr('tf.badStep', { got: String(o['step']), step: String(step) }));
    if (!isInt(o['time'])) fail(tr('tf.noTime'));
    if ((o['time'] as number) < time) fail(tr('tf.timeBack', { time: String(o['time']), prev: String(time) }));
    time = o['time'] as number;
    const event = o['event'];
    if (!known(EVENT_FIELDS, event)) {
      fail(tr('tf.badEvent', { event: String(JSON.stringify(event)), events: list(Object.keys(EVENT_FIELDS)) }));
    }
    const fields = EVENT_FIELDS[event as TraceLine['event']];
    const extra = Object.keys(o).filter((k) => !['step', 'time', 'event', ...fields].includes(k));
    if (extra.length) fail(tr('tf.extraField', { event: String(event), fields: list(extra) }));
    const missing = fields.filter((k) => !(k in o));
    if (missing.length) fail(tr('tf.missingField', { event: String(event), fields: list(missing) }));
    const why = checkEvent(o, nodes);
    if (why) fail(why);
    lines.push(o as unknown as TraceLine);
  }
  return { header, lines };
}

function readHeader(line: string): TraceHeader {
  const fail = (reason: string): never => {
    throw new TraceFileError(1, reason);
  };
  let x: unknown;
  try {
    x = JSON.parse(line);
  } catch (e) {
    fail(tr('tf.headerNotJson', { error: messageOf(e) }));
  }
  if (!isObj(x)) fail(tr('tf.headerNotObject'));
  const h = x as Obj;
  if (h['format'] !== 'paxos-trace') fail(tr('tf.format', { format: String(JSON.stringify(h['format'])) }));
  if (h['version'] !== 1) {
    fail(
      typeof h['version'] === 'number' && h['version'] > 1
        ? tr('tf.newer', { version: String(h['version']) })
        : tr('tf.version', { version: String(JSON.stringify(h['version'])) }),
    );
  }
  if (h['protocol'] === 'multi') fail(tr('tf.multi'));
  if (h['protocol'] !== 'basic') fail(tr('tf.protocol', { protocol: String(JSON.stringify(h['protocol'])) }));
  const nodes = h['nodes'];
  if (!Array.isArray(nodes) || !nodes.length || !nodes.every((n) => typeof n === 'string' && /^[A-Za-z0-9_-]{1,16}$/.test(n))) {
    fail(tr('tf.nodes'));
  }
  if (new Set(nodes as string[]).size !== (nodes as string[]).length) fail(tr('tf.nodeTwice'));
  if (!isInt(h['quorum']) || (h['quorum'] as number) < 1 || (h['quorum'] as number) > (nodes as string[]).length) {
    fail(tr('tf.quorum'));
  }
  if (!isInt(h['seed'])) fail(tr('tf.seed'));
  const n = (nodes as string[]).length;
  const broken = h['broken'];
  if (broken !== undefined && !(Array.isArray(broken) && broken.every((b) => typeof b === 'string'))) fail(tr('tf.broken'));
  const q = h['quorums'];
  const inRange = (x: unknown) => isInt(x) && (x as number) >= 1 && (x as number) <= n;
  if (q !== undefined && !(isObj(q) && inRange(q['prepare']) && inRange(q['accept']) && Object.keys(q).length === 2)) fail(tr('tf.quorums'));
  const extra = Object.keys(h).filter((k) => !['format', 'version', 'protocol', 'nodes', 'quorum', 'seed', 'broken', 'quorums'].includes(k));
  if (extra.length) fail(tr('tf.headerExtra', { fields: list(extra) }));
  return h as unknown as TraceHeader;
}

function checkBallot(b: unknown, nodes: Set<string>, what: string): string | null {
  if (!isObj(b) || !isInt(b['round']) || typeof b['node'] !== 'string') return tr('tf.notBallot', { what });
  return nodes.has(b['node']) ? null : tr('tf.ballotNode', { what, node: b['node'] });
}

const isValue = (v: unknown) => typeof v === 'string' && v.length > 0;

function checkMsg(m: unknown, nodes: Set<string>): string | null {
  if (!isObj(m) || !known(MSG_FIELDS, m['type'])) {
    return tr('tf.msgType', { types: list(Object.keys(MSG_FIELDS)) });
  }
  const type = m['type'] as Msg['type'];
  const fields = MSG_FIELDS[type];
  const extra = Object.keys(m).filter((k) => k !== 'type' && !fields.includes(k));
  if (extra.length) return tr('tf.msgExtra', { type, fields: list(extra) });
  const missing = fields.filter((k) => !(k in m));
  if (missing.length) return tr('tf.msgMissing', { type, fields: list(missing) });
  for (const k of ['ballot', 'promised'] as const) {
    if (k in m) {
      const why = checkBallot(m[k], nodes, tr('tf.theMsgField', { field: k }));
      if (why) return why;
    }
  }
  if ('value' in m && !isValue(m['value'])) return tr('tf.msgValue', { type });
  if (type === 'promise' && m['accepted'] !== null) {
    const a = m['accepted'];
    if (!isObj(a) || !isValue(a['value'])) return tr('tf.promiseAccepted');
    return checkBallot(a['ballot'], nodes, tr('tf.promiseBallot'));
  }
  return null;
}

/** The fields of one event line, against the header's nodes; null when they are right. */
function checkEvent(o: Obj, nodes: Set<string>): string | null {
  const node = (k: string) =>
    typeof o[k] === 'string' && nodes.has(o[k]) ? null : tr('tf.notNode', { field: k, got: String(JSON.stringify(o[k])), nodes: [...nodes].join(', ') });
  const id = (k: string) => (isInt(o[k]) ? null : tr('tf.notId', { field: k }));
  switch (o['event'] as TraceLine['event']) {
    case 'propose':
      return node('node') ?? (isValue(o['value']) ? null : tr('tf.value'));
    case 'send':
      return id('id') ?? node('from') ?? node('to') ?? checkMsg(o['msg'], nodes);
    case 'deliver':
    case 'drop':
      return id('id');
    case 'duplicate':
      return id('id') ?? id('copy');
    case 'crash':
    case 'restart':
    case 'timeout':
      return node('node');
    case 'partition': {
      const g = o['groups'];
      if (!Array.isArray(g) || !g.every((x) => Array.isArray(x) && x.every((n) => typeof n === 'string'))) return tr('tf.groups');
      const all = (g as string[][]).flat();
      const unknown = all.find((n) => !nodes.has(n));
      if (unknown !== undefined) return tr('tf.groupsUnknown', { node: unknown });
      if (new Set(all).size !== all.length || all.length !== nodes.size) return tr('tf.groupsEvery');
      return null;
    }
    case 'heal':
      return null;
    case 'learn':
      return node('node') ?? (o['slot'] === 0 ? null : tr('tf.slot')) ?? (isValue(o['value']) ? null : tr('tf.value'));
    case 'chosen':
      return (o['slot'] === 0 ? null : tr('tf.slot')) ?? (isValue(o['value']) ? null : tr('tf.value')) ?? checkBallot(o['ballot'], nodes, tr('tf.ballotField'));
    case 'violation':
      if (typeof o['property'] !== 'string' || !PROPERTIES.includes(o['property'])) return tr('tf.property', { properties: list(PROPERTIES) });
      return typeof o['detail'] === 'string' ? null : tr('tf.detail');
    default:
      return tr('tf.unknownEvent');
  }
}

/** `S1, S2, S3 · quorum 2 · seed 42 · 212 events over 350 ms` */
export function traceSummary(t: TraceFile): string {
  const last = t.lines[t.lines.length - 1];
  const p = { nodes: t.header.nodes.join(', '), quorum: String(t.header.quorum), seed: String(t.header.seed), n: String(t.lines.length) };
  const head = tr(t.lines.length === 1 ? 'tf.summaryOne' : 'tf.summary', p);
  return last ? head + tr('tf.over', { time: String(last.time) }) : head;
}

