// Share links (docs/sharing.md): the URL fragment that carries a recording of a session
// (recorder.ts). A recording is the request that loaded the scenario and every request the
// page then sent to the simulator, in order, as sent; opening the link sends them again. The
// simulator is deterministic, so the same requests give the same trace: nothing is simulated
// here. Fetched when a link is made or opened, or a file is opened (sharepanel.ts). Pure
// apart from CompressionStream (browsers, Node 20): unit-tested in www/test/share.test.ts.

import type { Request } from '../core/protocol';
import { t, type Key, type Params } from '../i18n/i18n';
import type { Recording } from './recorder';
import '../i18n/i18n-en-share'; // its English texts
import { messageOf } from '../core/errors';

// The recording's parts live in recorder.ts (in the first load); they are said here too.
export { recordingOf, seedOf, shareParam, type Recording } from './recorder';

/** The version of the fragment's format; a link says which version wrote it. */
export const SHARE_VERSION = 1;

/** A link or file the page refuses; `message` says why, in words for the person. */
export class ShareError extends Error {
  override name = 'ShareError';
}

/** The requests a Basic Paxos session can hold after its load. */
const REPLAYABLE = new Set<Request['type']>([
  'step', 'runUntil', 'runUntilChosen', 'runUntilIdle', 'propose', 'crash', 'restart', 'partition', 'heal', 'setNetwork', 'setLink',
  'deliver', 'drop', 'duplicate', 'back', 'seek', 'seekStep', 'switchBranch', 'checkStart', 'checkRun', 'checkStop', 'checkLoad', 'snapshot',
]);

// ---- The fragment: s=<version>.<byte count>.<base64url of deflate-raw(JSON)> --------------

/** The most a link may unpack to: a crafted link must not inflate to gigabytes. */
export const MAX_LINK_JSON_BYTES = 16 * 1024 * 1024;

async function through(
  bytes: Uint8Array<ArrayBuffer>,
  stream: CompressionStream | DecompressionStream,
  limit = Infinity,
): Promise<Uint8Array<ArrayBuffer>> {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new RangeError(`more than ${limit} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 4) / 3));
    for (let k = 0; k < chars; k++) out += B64[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** The bytes of unpadded base64url text; null when it is not base64url. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4);
    let n = 0;
    for (let k = 0; k < 4; k++) n = (n << 6) | (k < chunk.length ? B64.indexOf(chunk[k]!) : 0);
    for (let k = 0; k < chunk.length - 1; k++) out[o++] = (n >> (16 - 8 * k)) & 255;
  }
  return out;
}

/** base64url characters for `n` bytes, unpadded. */
const charsFor = (n: number) => Math.ceil((n * 4) / 3);

/** The fragment (without '#') that holds a recording: `s=1.<bytes>.<data>`. */
export async function encodeShare(r: Recording): Promise<string> {
  const json = JSON.stringify({
    scenario: r.scenario,
    seed: r.seed,
    ...(r.exercise !== undefined ? { exercise: r.exercise } : {}),
    ...(r.node !== undefined ? { node: r.node } : {}),
    requests: r.requests,
    at: r.at,
  });
  const packed = await through(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
  return `s=${SHARE_VERSION}.${packed.length}.${toBase64url(packed)}`;
}

const TRUNCATED = () => t('se.truncated');

/** Reads a share fragment's `s` value, whole, before anything is replayed. */
export async function decodeShare(value: string): Promise<Recording> {
  const m = /^(\d{1,9})(?:\.|$)/.exec(value);
  if (!m) throw new ShareError(t('se.notLink'));
  const version = Number(m[1]);
  if (version > SHARE_VERSION) {
    throw new ShareError(t('se.newer', { version: String(version), ours: String(SHARE_VERSION) }));
  }
  if (version < 1) throw new ShareError(t('se.noFormat', { version: String(version), ours: String(SHARE_VERSION) }));
  const rest = value.slice(m[0].length);
  const dot = rest.indexOf('.');
  if (dot < 0) throw new ShareError(/^\d*$/.test(rest) ? TRUNCATED() : t('se.damaged', { what: t('se.noLength') }));
  const count = rest.slice(0, dot);
  const data = rest.slice(dot + 1);
  if (!/^\d{1,9}$/.test(count)) throw new ShareError(t('se.damaged', { what: t('se.lengthNaN') }));
  const bytes = Number(count);
  if (data.length < charsFor(bytes)) throw new ShareError(TRUNCATED());
  if (data.length > charsFor(bytes)) throw new ShareError(t('se.damaged', { what: t('se.tooLong') }));
  const packed = fromBase64url(data);
  if (!packed) throw new ShareError(t('se.damaged', { what: t('se.notBase64') }));
  let json: string;
  try {
    const unpacked = await through(packed, new DecompressionStream('deflate-raw'), MAX_LINK_JSON_BYTES);
    json = new TextDecoder('utf-8', { fatal: true }).decode(unpacked);
  } catch (e) {
    const what = e instanceof RangeError ? t('se.inflatesTooMuch', { mb: String(MAX_LINK_JSON_BYTES / (1024 * 1024)) }) : t('se.noInflate');
    throw new ShareError(t('se.damaged', { what }));
  }
  let x: unknown;
  try {
    x = JSON.parse(json);
  } catch (e) {
    throw new ShareError(t('se.damaged', { what: t('se.notJson', { error: messageOf(e) }) }));
  }
  return checkRecording(x);
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The shape of a version 1 recording; anything else is refused. */
export function checkRecording(x: unknown): Recording {
  const bad = (what: Key, params: Params = {}) => new ShareError(t('se.damaged', { what: t(what, params) }));
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw bad('se.notObject');
  const o = x as Record<string, unknown>;
  if (typeof o['scenario'] !== 'string') throw bad('se.noScenario');
  if (!isInt(o['seed'])) throw bad('se.badSeed');
  if (o['exercise'] !== undefined && typeof o['exercise'] !== 'string') throw bad('se.badExercise');
  if (o['node'] !== undefined && typeof o['node'] !== 'string') throw bad('se.badNode');
  if (!Array.isArray(o['requests'])) throw bad('se.noActions');
  const requests = o['requests'] as unknown[];
  requests.forEach((r, i) => {
    const type = typeof r === 'object' && r !== null ? (r as { type?: unknown }).type : undefined;
    if (typeof type !== 'string') throw bad('se.noType', { n: String(i + 1) });
    if (!REPLAYABLE.has(type as Request['type'])) throw bad('se.unknownAction', { n: String(i + 1), type });
  });
  const at = o['at'] as Record<string, unknown> | undefined;
  if (typeof at !== 'object' || at === null || !['position', 'length', 'branch', 'step', 'now'].every((k) => isInt(at[k]))) {
    throw bad('se.noAt');
  }
  return {
    scenario: o['scenario'],
    seed: o['seed'],
    ...(typeof o['exercise'] === 'string' ? { exercise: o['exercise'] } : {}),
    ...(typeof o['node'] === 'string' ? { node: o['node'] } : {}),
    requests: requests as Request[],
    at: { position: at['position'] as number, length: at['length'] as number, branch: at['branch'] as number, step: at['step'] as number, now: at['now'] as number },
  };
}

// ---- Files ----------------------------------------------------------------------------

/** The largest file the playground reads. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** `50.0 MB` (MB of 1,048,576 bytes, as the limit is written). */
export function sizeText(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 0.1 ? `${mb.toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Why a file is refused before it is read (too big, empty), or null. */
export function fileRefusal(size: number): string | null {
  if (size > MAX_FILE_BYTES) return t('se.tooBig', { size: sizeText(size), max: String(MAX_FILE_BYTES / (1024 * 1024)) });
  if (size === 0) return t('se.empty');
  return null;
}
