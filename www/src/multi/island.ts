// The island of Multi-Paxos & ZooKeeper: the same island as Basic Paxos's (basic/island),
// reading a Multi view. A server's card shows its role, its promised ballot, its commit
// point and zxid, its newest log entry and the sessions connected to it; the envelopes are
// the protocol's messages (prepare from a slot, accept and accepted per slot, heartbeats,
// forwards, syncs); a client's request, its answer and a watch notification glide into or
// out of their server's card as they happen.

import type { Ballot, MultiFlightView, MultiMsg, MultiTraceLine, MultiView, ServerView } from '../core/protocol';
import { s, setAttr, setText } from '../core/dom';
import { fitText, ownerColour, textEm } from '../basic/labels';
import { Island, type IslandKind, type IslandOptions } from '../basic/island/view';
import type { Card } from '../basic/layout';
import { L, t } from '../i18n/i18n';
import { ballotText, msgText, opText, resultText, valueText } from './sentences';
import '../i18n/i18n-en-multi'; // its English texts
import '../i18n/i18n-en-playground'; // the island's

const CARD: Card = { w: 184, h: 118 };
const FONT = 12;
const VALUE_X = 76;

interface ServerParts {
  g: SVGGElement;
  badge: SVGGElement;
  badgeRect: SVGRectElement;
  badgeText: SVGTextElement;
  promised: SVGTextElement;
  commit: SVGTextElement;
  zxid: SVGTextElement;
  last: SVGTextElement;
  sessions: SVGTextElement;
}

function build(name: string, index: number, onNode: (name: string, card: SVGGElement) => void): ServerParts {
  const row = (y: number, key: string) => [s('text', { class: 'pg-k', x: 14, y }, key), s('text', { class: 'pg-v', x: VALUE_X, y })] as const;
  const [pk, promised] = row(44, t('m.card.promised'));
  const [ck, commit] = row(62, t('m.card.commit'));
  const [zk, zxid] = row(80, 'zxid');
  const last = s('text', { class: 'pg-prog', x: 14, y: 100 });
  const sessions = s('text', { class: 'pg-prop', x: 14, y: 114 });
  const badgeRect = s('rect', { class: 'pg-badge-bg', y: 9, height: 18, rx: 9 });
  const badgeText = s('text', { class: 'pg-badge-text', y: 22, 'text-anchor': 'middle' });
  const badge = s('g', { class: 'pg-badge' }, badgeRect, badgeText);
  const accent = s('circle', { class: 'pg-accent', cx: 19, cy: 18, r: 5 });
  accent.style.fill = ownerColour(index);
  const g = s(
    'g',
    { class: 'pg-node', tabindex: 0, role: 'button', 'data-node': name },
    s('title', {}, L('m.card.title')),
    s(
      'g',
      { 'aria-hidden': 'true' },
      s('rect', { class: 'pg-card', width: CARD.w, height: CARD.h, rx: 10 }),
      accent,
      ...[s('text', { class: 'pg-name', x: 30, y: 23 }, name), badge, pk, promised, ck, commit, zk, zxid].flatMap((e) => [e, ' ']),
      s('line', { class: 'pg-rule', x1: 14, x2: CARD.w - 12, y1: 87, y2: 87 }),
      last,
      ' ',
      sessions,
    ),
  );
  g.addEventListener('click', () => onNode(name, g));
  g.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onNode(name, g);
    }
  });
  return { g, badge, badgeRect, badgeText, promised, commit, zxid, last, sessions };
}

function show(p: ServerParts, n: ServerView, v: MultiView): void {
  const maxEm = (CARD.w - VALUE_X - 10) / FONT;
  const wide = (CARD.w - 24) / FONT;
  const promised = ballotText(n.promised);
  const commit = t('m.card.commitValue', { commit: String(n.commit), applied: String(n.applied) });
  setText(p.promised, promised);
  setText(p.commit, fitText(commit, maxEm));
  setText(p.zxid, fitText(n.zxid, maxEm));
  const newest = n.log[n.log.length - 1];
  const lastFull = newest ? t('m.card.last', { slot: String(newest.slot), value: valueText(newest.value), status: t(`m.status.${newest.status}`) }) : '';
  setText(p.last, fitText(lastFull, wide));
  const here = v.sessions.filter((x) => x.server === n.name && (x.state === 'connected' || x.state === 'connecting')).map((x) => String(x.id));
  const sessionsFull = here.length ? t('m.card.sessions', { sessions: here.join(', ') }) : n.waiting ? t('m.card.waiting', { n: String(n.waiting) }) : '';
  setText(p.sessions, fitText(sessionsFull, wide));

  const badge = n.role === 'leader' ? t('m.leaderStar') : t(`m.role.${n.role}`);
  setText(p.badgeText, badge);
  const bw = textEm(badge) * 11 + 16;
  setAttr(p.badgeRect, 'x', (CARD.w - 10 - bw).toFixed(1));
  setAttr(p.badgeRect, 'width', bw.toFixed(1));
  setAttr(p.badgeText, 'x', (CARD.w - 10 - bw / 2).toFixed(1));
  setAttr(p.badge, 'class', `pg-badge pg-badge-${n.role}`);
  p.g.classList.toggle('pg-down', !n.up);
  p.g.classList.toggle('pg-leading', n.role === 'leader');
  // The name says what the card shows, in its order (its drawing is hidden from assistive technology).
  const said = [n.name, badge, `${t('m.card.promised')} ${promised}`, `${t('m.card.commit')} ${commit}`, `zxid ${n.zxid}`, lastFull, sessionsFull];
  setAttr(p.g, 'aria-label', said.filter(Boolean).join(t('f.comma')));
}

/** The ballot that colours a message: its sender's (none for decide, forward, catchup, sync). */
function msgBallot(m: MultiMsg): Ballot | null {
  return 'ballot' in m ? m.ballot : null;
}

const MULTI: IslandKind<MultiView, ServerView, MultiMsg, ServerParts> = {
  nodes: (v) => v.servers,
  partition: (v) => v.groups,
  links: (v) => v.links,
  flights: (v): readonly MultiFlightView[] => v.flights,
  card: { size: CARD, build, show: (p, n, v) => show(p, n, v) },
  label: msgText,
  ballot: msgBallot,
};

export type MultiIsland = Island<MultiView, ServerView, MultiMsg, ServerParts>;

export function multiIsland(opts: IslandOptions): MultiIsland {
  return new Island(MULTI, opts);
}

/**
 * Brief marks for one batch of trace lines shown as time ran on: lost messages, and the
 * clients' requests, answers and watch notifications. `route` says where a message id went.
 */
export function multiEffects(island: MultiIsland, lines: readonly MultiTraceLine[], route: (id: number) => { from: string; to: string } | undefined): void {
  const lost: [string, string][] = [];
  const self = new Map<string, MultiMsg>();
  for (const l of lines) {
    switch (l.event) {
      case 'send':
        if (l.from === l.to) self.set(l.from, l.msg);
        break;
      case 'drop': {
        const r = route(l.id);
        if (r) lost.push([r.from, r.to]);
        break;
      }
      case 'request':
        island.client(l.node, 'request', `#${l.id} ${opText(l)}`);
        break;
      case 'reply':
        island.client(l.node, 'reply', `#${l.id} ${resultText(l.result)}`);
        break;
      case 'notify':
        island.client(l.node, 'notify', t('m.env.notify', { session: String(l.session), type: l.type, path: l.path }));
        break;
      default:
        break;
    }
  }
  island.effects(self, lost);
}
