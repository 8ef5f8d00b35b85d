// Reading a paxos-trace v1 file someone opens (docs/trace.md), for the trace viewer: every
// format rule is checked, and a broken file is refused with the line and the reason. It only
// reads; it never simulates. Pure (unit-tested in www/test/tracefile.test.ts).

import type { Msg, TraceLine } from './protocol';
import { t as tr } from './i18n';

export interface TraceHeader {
  format: 'paxos-trace';
  version: 1;
  protocol: 'basic';
  nodes: string[];
  quorum: number;
  seed: number;
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
    if (!textLine.trim()) fail('is blank; a trace has one event per line and no blank lines');
    let x: unknown;
    try {
      x = JSON.parse(textLine);
    } catch (e) {
      fail(`is not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    if (!isObj(x)) fail('is not a JSON object');
    const o = x as Obj;
    const step = i; // steps are 1, 2, 3, ... one per line
    if (!isInt(o['step'])) fail('has no "step" (a whole number)');
    if (o['step'] !== step) fail(`has step ${String(o['step'])}; steps go up by one from 1, so this line's step is ${step}`);
    if (!isInt(o['time'])) fail('has no "time" (whole virtual milliseconds)');
    if ((o['time'] as number) < time) fail(`time ${String(o['time'])} is before the previous line's time ${time}; time never goes back`);
    time = o['time'] as number;
    const event = o['event'];
    if (typeof event !== 'string' || !(event in EVENT_FIELDS)) {
      fail(`"event" is ${JSON.stringify(event)}; the events are ${list(Object.keys(EVENT_FIELDS))}`);
    }
    const fields = EVENT_FIELDS[event as TraceLine['event']];
    const extra = Object.keys(o).filter((k) => !['step', 'time', 'event', ...fields].includes(k));
    if (extra.length) fail(`a "${String(event)}" line has no field ${list(extra)}`);
    const missing = fields.filter((k) => !(k in o));
    if (missing.length) fail(`a "${String(event)}" line needs ${list(missing)}`);
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
    fail(`is not a trace header: it is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isObj(x)) fail('is not a trace header (a JSON object)');
  const h = x as Obj;
  if (h['format'] !== 'paxos-trace') fail(`"format" is ${JSON.stringify(h['format'])}; a trace says "paxos-trace"`);
  if (h['version'] !== 1) {
    fail(
      typeof h['version'] === 'number' && h['version'] > 1
        ? `this trace is format version ${h['version']}, newer than this page reads (version 1)`
        : `"version" is ${JSON.stringify(h['version'])}; this page reads version 1`,
    );
  }
  if (h['protocol'] === 'multi') fail('this is a Multi-Paxos trace ("protocol": "multi"); the trace viewer reads Basic Paxos traces');
  if (h['protocol'] !== 'basic') fail(`"protocol" is ${JSON.stringify(h['protocol'])}; expected "basic"`);
  const nodes = h['nodes'];
  if (!Array.isArray(nodes) || !nodes.length || !nodes.every((n) => typeof n === 'string' && /^[A-Za-z0-9_-]{1,16}$/.test(n))) {
    fail('"nodes" must list the cluster\'s node names');
  }
  if (new Set(nodes as string[]).size !== (nodes as string[]).length) fail('"nodes" names a node twice');
  if (!isInt(h['quorum']) || (h['quorum'] as number) < 1 || (h['quorum'] as number) > (nodes as string[]).length) {
    fail('"quorum" must be a whole number from 1 to the number of nodes');
  }
  if (!isInt(h['seed'])) fail('"seed" must be a whole number');
  const extra = Object.keys(h).filter((k) => !['format', 'version', 'protocol', 'nodes', 'quorum', 'seed'].includes(k));
  if (extra.length) fail(`the header has no field ${list(extra)}`);
  return h as unknown as TraceHeader;
}

function checkBallot(b: unknown, nodes: Set<string>, what: string): string | null {
  if (!isObj(b) || !isInt(b['round']) || typeof b['node'] !== 'string') return `${what} is not a ballot {"round": n, "node": name}`;
  return nodes.has(b['node']) ? null : `${what} names node "${b['node']}", which is not in the header's nodes`;
}

const isValue = (v: unknown) => typeof v === 'string' && v.length > 0;

function checkMsg(m: unknown, nodes: Set<string>): string | null {
  if (!isObj(m) || typeof m['type'] !== 'string' || !(m['type'] in MSG_FIELDS)) {
    return `"msg" must be a message whose "type" is one of ${list(Object.keys(MSG_FIELDS))}`;
  }
  const type = m['type'] as Msg['type'];
  const fields = MSG_FIELDS[type];
  const extra = Object.keys(m).filter((k) => k !== 'type' && !fields.includes(k));
  if (extra.length) return `a ${type} message has no field ${list(extra)}`;
  const missing = fields.filter((k) => !(k in m));
  if (missing.length) return `a ${type} message needs ${list(missing)}`;
  for (const k of ['ballot', 'promised'] as const) {
    if (k in m) {
      const why = checkBallot(m[k], nodes, `the message's "${k}"`);
      if (why) return why;
    }
  }
  if ('value' in m && !isValue(m['value'])) return `the ${type} message's "value" must be a non-empty string`;
  if (type === 'promise' && m['accepted'] !== null) {
    const a = m['accepted'];
    if (!isObj(a) || !isValue(a['value'])) return 'a promise\'s "accepted" is null or {"ballot": B, "value": V}';
    return checkBallot(a['ballot'], nodes, 'the promise\'s accepted ballot');
  }
  return null;
}

/** The fields of one event line, against the header's nodes; null when they are right. */
function checkEvent(o: Obj, nodes: Set<string>): string | null {
  const node = (k: string) =>
    typeof o[k] === 'string' && nodes.has(o[k]) ? null : `"${k}" is ${JSON.stringify(o[k])}, which is not one of the header's nodes (${[...nodes].join(', ')})`;
  const id = (k: string) => (isInt(o[k]) ? null : `"${k}" must be a message id (a whole number)`);
  switch (o['event'] as TraceLine['event']) {
    case 'propose':
      return node('node') ?? (isValue(o['value']) ? null : '"value" must be a non-empty string');
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
      if (!Array.isArray(g) || !g.every((x) => Array.isArray(x) && x.every((n) => typeof n === 'string'))) return '"groups" must be lists of node names';
      const all = (g as string[][]).flat();
      const unknown = all.find((n) => !nodes.has(n));
      if (unknown !== undefined) return `"groups" names "${unknown}", which is not one of the header's nodes`;
      if (new Set(all).size !== all.length || all.length !== nodes.size) return '"groups" must put every node in exactly one group';
      return null;
    }
    case 'heal':
      return null;
    case 'learn':
      return node('node') ?? (o['slot'] === 0 ? null : 'Basic Paxos uses slot 0') ?? (isValue(o['value']) ? null : '"value" must be a non-empty string');
    case 'chosen':
      return (o['slot'] === 0 ? null : 'Basic Paxos uses slot 0') ?? (isValue(o['value']) ? null : '"value" must be a non-empty string') ?? checkBallot(o['ballot'], nodes, '"ballot"');
    case 'violation':
      if (typeof o['property'] !== 'string' || !PROPERTIES.includes(o['property'])) return `"property" must be one of ${list(PROPERTIES)}`;
      return typeof o['detail'] === 'string' ? null : '"detail" must be text';
    default:
      return 'unknown event';
  }
}

/** `S1, S2, S3 · quorum 2 · seed 42 · 212 events over 350 ms` */
export function traceSummary(t: TraceFile): string {
  const last = t.lines[t.lines.length - 1];
  const p = { nodes: t.header.nodes.join(', '), quorum: String(t.header.quorum), seed: String(t.header.seed), n: String(t.lines.length) };
  const head = tr(t.lines.length === 1 ? 'tf.summaryOne' : 'tf.summary', p);
  return last ? head + tr('tf.over', { time: String(last.time) }) : head;
}

