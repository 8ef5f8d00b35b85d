// Multi-Paxos trace lines as plain sentences for the view's log ("S1 became leader with
// ballot 1.S1", "slot 3 chosen: #2 create /laws/water 3元/吨"). Pure: no DOM.

import { t } from '../i18n/i18n';
import { exhaustive, type Ballot, type MultiMsg, type MultiTraceLine, type SessionView, type ZkOp, type ZkResult } from '../core/protocol';
import '../i18n/i18n-en-multi'; // its English texts

export const ballotText = (b: Ballot | null): string => (b ? `${b.round}.${b.node}` : '—');

/** The sessions connected (or connecting) to `server`, by number. */
export const connectedAt = (sessions: readonly SessionView[], server: string): string[] =>
  sessions.filter((x) => x.server === server && (x.state === 'connected' || x.state === 'connecting')).map((x) => String(x.id));

/** A log value: `null` is a no-op. */
export const valueText = (v: string | null): string => v ?? t('mlog.noop');

export function msgText(m: MultiMsg): string {
  switch (m.type) {
    case 'prepare':
      return t('mmsg.prepare', { b: ballotText(m.ballot), slot: String(m.from_slot) });
    case 'promise':
      return m.accepted.length === 0
        ? t('mmsg.promise', { b: ballotText(m.ballot) })
        : m.accepted.length === 1
          ? t('mmsg.promiseVote', { b: ballotText(m.ballot) })
          : t('mmsg.promiseVotes', { b: ballotText(m.ballot), n: m.accepted.length });
    case 'accept':
      return t('mmsg.accept', { b: ballotText(m.ballot), slot: String(m.slot), value: valueText(m.value) });
    case 'accepted':
      return t('mmsg.accepted', { b: ballotText(m.ballot), slot: String(m.slot) });
    case 'nack':
      return t('mmsg.nack', { b: ballotText(m.ballot), promised: ballotText(m.promised) });
    case 'decide':
      return t('mmsg.decide', { slot: String(m.slot), value: valueText(m.value) });
    case 'heartbeat':
      return t('mmsg.heartbeat', { b: ballotText(m.ballot), commit: String(m.commit) });
    case 'forward':
      return t('mmsg.forward', { value: m.value });
    case 'catchup':
      return t('mmsg.catchup', { slot: String(m.from) });
    case 'sync':
      return t('mmsg.sync', { token: String(m.token) });
    case 'syncok':
      return t('mmsg.syncok', { token: String(m.token), commit: String(m.commit) });
    case 'probe':
      return t('mmsg.probe', { b: ballotText(m.ballot), probe: String(m.probe) });
    case 'probeok':
      return t('mmsg.probeok', { b: ballotText(m.ballot), probe: String(m.probe) });
    default:
      return exhaustive(m);
  }
}

/** The slot a message is about, if any. */
export function msgSlot(m: MultiMsg): number | null {
  return 'slot' in m ? m.slot : null;
}

/** `create -e -s /lock/n- alice`, `exists /lock/n-0000000000 (watch)`, `connect 800 ms`: as zkCli writes them. */
export function opText(op: ZkOp): string {
  const flags = [op.ephemeral ? '-e' : undefined, op.sequential ? '-s' : undefined];
  const timeout = op.timeout !== undefined ? t('unit.ms', { n: String(op.timeout) }) : undefined;
  const watch = op.watch ? t('mlog.withWatch') : undefined;
  return [op.op, ...flags, op.path, op.data, op.version !== undefined ? `@${op.version}` : undefined, timeout, watch]
    .filter((x) => x !== undefined && x !== '')
    .join(' ');
}

/** `session 2: ` before what a request in a session says; nothing for one without. */
const inSession = (session: number | null | undefined): string => (session ? t('mlog.inSession', { session: String(session) }) : '');

/** What a reply says: the data read, the children, or the error. */
export function resultText(r: ZkResult): string {
  if (!r.ok) return t('mres.error', { error: r.error ?? t('mres.failed') });
  if (r.session !== undefined) return t('mres.session', { session: String(r.session) });
  if (r.path !== undefined) return t('mres.created', { path: r.path });
  if (r.data !== undefined) return r.data === '' ? t('mres.empty') : r.data;
  if (r.children !== undefined) return r.children.length ? r.children.join(', ') : t('mres.noChildren');
  if (r.exists !== undefined) return r.exists ? t('mres.exists') : t('mres.notExists');
  return t('mres.ok');
}

/** Remembers what sends and requests said, so deliveries and replies can be described. */
export class TraceMemory {
  #sends = new Map<number, { from: string; to: string; msg: MultiMsg }>();
  #requests = new Map<number, ZkOp>();

  clear(): void {
    this.#sends.clear();
    this.#requests.clear();
  }

  note(l: MultiTraceLine): void {
    if (l.event === 'send') this.#sends.set(l.id, { from: l.from, to: l.to, msg: l.msg });
    else if (l.event === 'duplicate') {
      const s = this.#sends.get(l.id);
      if (s) this.#sends.set(l.copy, s);
    } else if (l.event === 'request') this.#requests.set(l.id, { op: l.op, path: l.path, data: l.data, version: l.version });
  }

  send(id: number) {
    return this.#sends.get(id);
  }

  request(id: number) {
    return this.#requests.get(id);
  }
}

/** True for the routine lines (heartbeats and every delivery) the log hides by default. */
export function isRoutine(l: MultiTraceLine): boolean {
  if (l.event === 'send') return l.msg.type === 'heartbeat';
  if (l.event === 'deliver') return true;
  if (l.event === 'learn') return true;
  return false;
}

/** One trace line as a sentence. `memory` must have noted the lines before it. */
export function sentence(l: MultiTraceLine, memory: TraceMemory): string {
  const flight = (id: number) => {
    const s = memory.send(id);
    return s ? t('mlog.flight', { from: s.from, to: s.to, msg: msgText(s.msg) }) : t('mlog.message', { id: String(id) });
  };
  switch (l.event) {
    case 'send':
      return t('mlog.send', { from: l.from, to: l.to, msg: msgText(l.msg) });
    case 'deliver':
      return t('mlog.deliver', { what: flight(l.id) });
    case 'drop':
      return t('mlog.drop', { what: flight(l.id) });
    case 'duplicate':
      return t('mlog.duplicate', { what: flight(l.id) });
    case 'crash':
      return t('mlog.crash', { node: l.node });
    case 'restart':
      return t('mlog.restart', { node: l.node });
    case 'partition':
      return t('mlog.partition', { groups: l.groups.map((g) => g.join(' ')).join(' | ') });
    case 'heal':
      return t('mlog.heal');
    case 'timeout':
      return t('mlog.timeout', { node: l.node });
    case 'learn':
      return t('mlog.learn', { node: l.node, slot: String(l.slot), value: valueText(l.value) });
    case 'chosen':
      return t('mlog.chosen', { slot: String(l.slot), value: valueText(l.value), b: ballotText(l.ballot) });
    case 'violation':
      return t('mlog.violation', { property: l.property, detail: l.detail });
    case 'leader':
      return t('mlog.leader', { node: l.node, b: ballotText(l.ballot) });
    case 'request':
      if (l.op === 'disconnect') return t('mlog.disconnect', { session: String(l.session ?? '') });
      return inSession(l.session) + t('mlog.request', { node: l.node, id: String(l.id), op: opText(l) });
    case 'reply': {
      const op = memory.request(l.id);
      const what = op ? `#${l.id} ${op.op}` : `#${l.id}`;
      const said = l.result.stale
        ? t('mlog.replyStale', { node: l.node, what, result: resultText(l.result), stale: l.result.stale })
        : t('mlog.reply', { node: l.node, what, result: resultText(l.result) });
      return inSession(l.session) + said;
    }
    case 'watch':
      return t(`mlog.watch.${l.kind as 'data' | 'exist' | 'child'}`, { node: l.node, session: String(l.session), path: l.path });
    case 'notify':
      return t(`mlog.notify.${l.type as 'created' | 'deleted' | 'changed' | 'children'}`, { node: l.node, session: String(l.session), path: l.path });
    case 'expire':
      return t('mlog.expire', { node: l.node, session: String(l.session) });
    default:
      return exhaustive(l);
  }
}
