// Multi-Paxos trace lines as plain sentences for the view's log ("S1 became leader with
// ballot 1.S1", "slot 3 chosen: #2 create /laws/water 3元/吨"). Pure: no DOM.

import { exhaustive, type Ballot, type MultiMsg, type MultiTraceLine, type ZkOp, type ZkResult } from '../protocol';

export const ballotText = (b: Ballot | null): string => (b ? `${b.round}.${b.node}` : '—');

/** A log value: `null` is a no-op. */
export const valueText = (v: string | null): string => v ?? 'no-op';

export function msgText(m: MultiMsg): string {
  switch (m.type) {
    case 'prepare':
      return `prepare ${ballotText(m.ballot)} from slot ${m.fromSlot}`;
    case 'promise':
      return `promise ${ballotText(m.ballot)}${m.accepted.length ? ` (${m.accepted.length} vote${m.accepted.length === 1 ? '' : 's'})` : ''}`;
    case 'accept':
      return `accept ${ballotText(m.ballot)} slot ${m.slot}: ${valueText(m.value)}`;
    case 'accepted':
      return `accepted ${ballotText(m.ballot)} slot ${m.slot}`;
    case 'nack':
      return `nack ${ballotText(m.ballot)}: promised ${ballotText(m.promised)}`;
    case 'decide':
      return `decide slot ${m.slot}: ${valueText(m.value)}`;
    case 'heartbeat':
      return `heartbeat ${ballotText(m.ballot)}, commit ${m.commit}`;
    case 'forward':
      return `forward ${m.value}`;
    case 'catchup':
      return `catch-up from slot ${m.from}`;
    case 'sync':
      return `sync #${m.token}`;
    case 'syncok':
      return `sync ok #${m.token}, commit ${m.commit}`;
    default:
      return exhaustive(m);
  }
}

/** The slot a message is about, if any. */
export function msgSlot(m: MultiMsg): number | null {
  return 'slot' in m ? m.slot : null;
}

export function opText(op: ZkOp): string {
  return [op.op, op.path, op.data, op.version !== undefined ? `@${op.version}` : undefined].filter((x) => x !== undefined && x !== '').join(' ');
}

/** What a reply says: the data read, the children, or the error. */
export function resultText(r: ZkResult): string {
  if (!r.ok) return `error: ${r.error ?? 'failed'}`;
  if (r.data !== undefined) return r.data === '' ? '(empty)' : r.data;
  if (r.children !== undefined) return r.children.length ? r.children.join(', ') : '(no children)';
  if (r.exists !== undefined) return r.exists ? 'exists' : 'does not exist';
  return 'ok';
}

/** Remembers what sends and requests said, so deliveries and replies can be described. */
export class TraceMemory {
  private sends = new Map<number, { from: string; to: string; msg: MultiMsg }>();
  private requests = new Map<number, ZkOp>();

  clear(): void {
    this.sends.clear();
    this.requests.clear();
  }

  note(l: MultiTraceLine): void {
    if (l.event === 'send') this.sends.set(l.id, { from: l.from, to: l.to, msg: l.msg });
    else if (l.event === 'duplicate') {
      const s = this.sends.get(l.id);
      if (s) this.sends.set(l.copy, s);
    } else if (l.event === 'request') this.requests.set(l.id, { op: l.op, path: l.path, data: l.data, version: l.version });
  }

  send(id: number) {
    return this.sends.get(id);
  }

  request(id: number) {
    return this.requests.get(id);
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
    return s ? `${s.from} → ${s.to} ${msgText(s.msg)}` : `message ${id}`;
  };
  switch (l.event) {
    case 'send':
      return `${l.from} → ${l.to} ${msgText(l.msg)}`;
    case 'deliver':
      return `delivered: ${flight(l.id)}`;
    case 'drop':
      return `lost: ${flight(l.id)}`;
    case 'duplicate':
      return `duplicated: ${flight(l.id)}`;
    case 'crash':
      return `${l.node} crashed`;
    case 'restart':
      return `${l.node} restarted`;
    case 'partition':
      return `the network split: ${l.groups.map((g) => g.join(' ')).join(' | ')}`;
    case 'heal':
      return 'the network healed';
    case 'timeout':
      return `${l.node} heard no leader: it starts an election`;
    case 'learn':
      return `${l.node} learned slot ${l.slot}: ${valueText(l.value)}`;
    case 'chosen':
      return `slot ${l.slot} chosen: ${valueText(l.value)} (ballot ${ballotText(l.ballot)})`;
    case 'violation':
      return `VIOLATION of ${l.property}: ${l.detail}`;
    case 'leader':
      return `${l.node} became leader with ballot ${ballotText(l.ballot)}`;
    case 'request':
      return `a client asks ${l.node}: #${l.id} ${opText(l)}`;
    case 'reply': {
      const op = memory.request(l.id);
      const what = op ? `#${l.id} ${op.op}` : `#${l.id}`;
      const stale = l.result.stale ? ` (stale: ${l.result.stale})` : '';
      return `${l.node} answered ${what}: ${resultText(l.result)}${stale}`;
    }
    default:
      return exhaustive(l);
  }
}
