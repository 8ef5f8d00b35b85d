// Multi-Paxos & ZooKeeper in the space-time diagram (basic/diagram, the same view as Basic
// Paxos's): the protocol's thirteen message types, and the clients as lanes of their own
// beside the servers: `(s2)` for session 2, `(clients)` for requests in no session (and a
// connect before its session has a number); in parentheses, which no server's name has. A request, its answer and a watch notification
// take no virtual time: each is a level arrow at its step. Marks: leaders, crashes and
// restarts, timers, partitions, sessions expired, and each server learning a slot.

import type { MultiMsg, MultiTraceLine } from '../core/protocol';
import type { TraceLine } from '../core/wire.gen';
import { L } from '../i18n/i18n';
import { TYPE_STYLES, type DiagramKind, type TypeStyle } from '../basic/spacetime';
import { msgText, opText, resultText, valueText } from './sentences';
import '../i18n/i18n-en-multi'; // its English texts

/** A client's request, an answer, or a watch notification, as an arrow in the diagram. */
export interface ClientMsg {
  type: 'request' | 'reply' | 'notify';
  text: string;
}
export type DiagramMsg = MultiMsg | ClientMsg;

/** Light colours; the dark theme's are theme.css's --pg-t-<type>. */
const STYLES: Record<DiagramMsg['type'], TypeStyle> = {
  ...TYPE_STYLES,
  heartbeat: { colour: '#64748b', dash: [2, 4], width: 1.2, head: 'open' },
  forward: { colour: '#a16207', dash: [], width: 1.8, head: 'solid' },
  catchup: { colour: '#0f766e', dash: [4, 3], width: 1.6, head: 'open' },
  sync: { colour: '#be185d', dash: [], width: 1.8, head: 'solid' },
  syncok: { colour: '#be185d', dash: [6, 3], width: 1.8, head: 'open' },
  probe: { colour: '#475569', dash: [], width: 1.4, head: 'bar' },
  probeok: { colour: '#475569', dash: [6, 3], width: 1.4, head: 'open' },
  request: { colour: '#1d252d', dash: [], width: 2, head: 'solid' },
  reply: { colour: '#1d252d', dash: [6, 3], width: 2, head: 'open' },
  notify: { colour: '#c2410c', dash: [], width: 2.2, head: 'diamond' },
};

const TYPES: readonly DiagramMsg['type'][] = [
  'prepare',
  'promise',
  'accept',
  'accepted',
  'nack',
  'decide',
  'heartbeat',
  'forward',
  'catchup',
  'sync',
  'syncok',
  'probe',
  'probeok',
  'request',
  'reply',
  'notify',
];

/** The lane of a client: its session's, or everyone's without one. */
export function clientLane(session: number | null | undefined): string {
  return session ? `(s${session})` : '(clients)';
}

type Line = TraceLine<DiagramMsg, string | null>;

export const MULTI_DIAGRAM: DiagramKind<DiagramMsg, string | null> = {
  types: TYPES,
  styles: STYLES,
  typeName: (type) => L(`m.type.${type as DiagramMsg['type']}`),
  label: (m) => ('text' in m ? m.text : msgText(m)),
  read(model, l: Line) {
    // Client arrows have ids of their own, below zero (the network's are 1, 2, 3...).
    const level = (id: number, from: string, to: string, msg: ClientMsg) => model.instant(l, id, from, to, msg);
    switch (l.event) {
      case 'leader':
        model.mark(l, 'leader', l.node, L('mlog.leader', { node: l.node, b: `${l.ballot.round}.${l.ballot.node}` }));
        break;
      case 'learn':
        model.mark(l, 'learn', l.node, L('mlog.learn', { node: l.node, slot: String(l.slot), value: valueText(l.value) }));
        break;
      case 'expire':
        model.mark(l, 'expire', l.node, L('mlog.expire', { node: l.node, session: String(l.session) }));
        break;
      case 'request':
        level(-4 * l.id - 1, clientLane(l.session), l.node, { type: 'request', text: `#${l.id} ${opText(l)}` });
        break;
      case 'reply':
        level(-4 * l.id - 2, l.node, clientLane(l.session ?? l.result.session), { type: 'reply', text: `#${l.id} ${resultText(l.result)}` });
        break;
      case 'notify':
        level(-4 * l.step - 3, l.node, clientLane(l.session), { type: 'notify', text: `${l.type} ${l.path}` });
        break;
      default:
        break;
    }
  },
};

/** Adds the client lanes `lines` name to `into`: `(clients)` first, then the sessions by number. */
export function clientLanes(lines: readonly MultiTraceLine[], into: string[] = []): string[] {
  const before = into.length;
  const add = (lane: string) => {
    if (!into.includes(lane)) into.push(lane);
  };
  for (const l of lines) {
    if (l.event === 'request') add(clientLane(l.session));
    else if (l.event === 'reply') add(clientLane(l.session ?? l.result.session));
    else if (l.event === 'notify') add(clientLane(l.session));
  }
  const number = (lane: string) => (lane === '(clients)' ? 0 : Number(lane.slice(2, -1)));
  if (into.length > before) into.sort((a, b) => number(a) - number(b));
  return into;
}
