// The island of Multi-Paxos & ZooKeeper: the same island as Basic Paxos's (basic/island),
// reading a Multi view. A server's card (the same frame as a Basic node's) shows its role,
// its promised ballot, its commit point and zxid, its newest log entry and the sessions
// connected to it; the envelopes are the protocol's messages (prepare from a slot, accept and
// accepted per slot, heartbeats, forwards, syncs), a lost one marked as the network panel
// says; a client's request, its answer and a watch notification glide into or out of their
// server's card as they happen (ClientEnvelopes).

import type { Ballot, MultiMsg, MultiTraceLine, MultiView, ServerView } from '../core/protocol';
import { h, setAttr, setText } from '../core/dom';
import { fitText } from '../basic/look';
import { Island, EFFECT_MS, type IslandKind, type IslandOptions } from '../basic/island/view';
import { CARD, cardFrame, LINE_EM, ROW_EM, showBadge, type CardParts } from '../basic/island/frame';
import { lane, type Point } from '../basic/layout';
import { L, t } from '../i18n/i18n';
import { ballotText, connectedAt, msgText, opText, resultText, valueText } from './sentences';
import '../i18n/i18n-en-multi'; // its English texts
import '../i18n/i18n-en-island'; // the island's

function build(name: string, index: number, onNode: (name: string, card: SVGGElement) => void): CardParts {
  return cardFrame(name, index, [L('m.card.promised'), L('m.card.commit'), L('m.card.zxid')], L('m.card.title'), false, onNode);
}

function show(p: CardParts, n: ServerView, v: MultiView): void {
  const newest = n.log[n.log.length - 1];
  const here = connectedAt(v.sessions, n.name);
  const full = {
    promised: ballotText(n.promised),
    commit: t('m.card.commitValue', { commit: String(n.commit), applied: String(n.applied) }),
    zxid: n.zxid,
    last: newest ? t('m.card.last', { slot: String(newest.slot), value: valueText(newest.value), status: t(`m.status.${newest.status}`) }) : '',
    sessions: here.length ? t('m.card.sessions', { sessions: here.join(', ') }) : n.waiting ? t('m.card.waiting', { n: String(n.waiting) }) : '',
  };
  const shown = {
    promised: full.promised,
    commit: fitText(full.commit, ROW_EM),
    zxid: fitText(full.zxid, ROW_EM),
    last: fitText(full.last, LINE_EM),
    sessions: fitText(full.sessions, LINE_EM),
  };
  setText(p.rows[0], shown.promised);
  setText(p.rows[1], shown.commit);
  setText(p.rows[2], shown.zxid);
  setText(p.line1, shown.last);
  setText(p.line2, shown.sessions);
  const badge = n.role === 'leader' ? t('m.leaderStar') : t(`m.role.${n.role}`);
  showBadge(p, badge, `pg-badge-${n.role}`);
  p.g.classList.toggle('pg-down', !n.up);
  p.g.classList.toggle('pg-leading', n.role === 'leader');
  // The name reads the card in its order, with what it shows (speech input matches it); a
  // text cut short is said in full after it, in parentheses.
  const say = (k: keyof typeof full) => (shown[k] === full[k] ? full[k] : `${shown[k]} (${full[k]})`);
  const said = [n.name, badge, `${t('m.card.promised')} ${say('promised')}`, `${t('m.card.commit')} ${say('commit')}`, `${t('m.card.zxid')} ${say('zxid')}`, say('last'), say('sessions')];
  setAttr(p.g, 'aria-label', said.filter(Boolean).join(t('f.comma')));
}

/** The ballot that colours a message: the one it carries (none for decide, forward, catchup, sync, syncok). */
function msgBallot(m: MultiMsg): Ballot | null {
  return 'ballot' in m ? m.ballot : null;
}

const MULTI: IslandKind<MultiView, ServerView, MultiMsg, CardParts> = {
  nodes: (v) => v.servers,
  partition: (v) => v.groups,
  links: (v) => v.links,
  flights: (v) => v.flights,
  card: { size: CARD, build, show },
  label: msgText,
  ballot: msgBallot,
};

export type MultiIsland = Island<MultiView, ServerView, MultiMsg, CardParts>;

export function multiIsland(opts: IslandOptions): MultiIsland {
  return new Island(MULTI, opts);
}

/** At most this many clients' envelopes at one server at once, this far apart (island units, one above another). */
const STACK = 4;
const GAP = 21;
/** An envelope goes once this much virtual time has passed (at most EFFECT_MS of real time). */
const LINGER = 600;

/**
 * Clients' envelopes: a request glides from towards the island's middle into its server's
 * card, an answer or a watch notification out. Clients are not nodes: their requests and
 * answers take no virtual time, so they are shown as they happen, briefly, several at one
 * server one above another (more at once are left to the log).
 */
export class ClientEnvelopes {
  /** The places taken at each server, by their number across the way. */
  #taken = new Map<string, Set<number>>();
  /** Those on show, with the virtual time they happened at and their end. */
  #shown = new Set<{ at: number; end: () => void }>();

  constructor(
    private island: MultiIsland,
    private reducedMotion: () => boolean,
  ) {}

  /** The requests, answers and notifications among one batch of trace lines shown as time ran on. */
  show(lines: readonly MultiTraceLine[]): void {
    for (const l of lines) {
      if (l.event === 'request') this.#glide(l.time, l.node, 'request', `#${l.id} ${opText(l)}`);
      else if (l.event === 'reply') this.#glide(l.time, l.node, 'reply', `#${l.id} ${resultText(l.result)}`);
      else if (l.event === 'notify') this.#glide(l.time, l.node, 'notify', t('m.env.notify', { session: String(l.session), type: l.type, path: l.path }));
    }
  }

  /**
   * Virtual time is `now`: an envelope goes once LINGER virtual ms have passed since its
   * moment (played fast, it goes sooner, never showing an old moment among new ones).
   */
  frame(now: number): void {
    for (const e of this.#shown) if (now > e.at + LINGER) e.end();
  }

  /** Another moment is shown: none stays. */
  clear(): void {
    for (const e of this.#shown) e.end();
  }

  #glide(at: number, server: string, way: 'request' | 'reply' | 'notify', text: string): void {
    const place = this.island.where(server);
    if (!place) return;
    const taken = this.#taken.get(server) ?? new Set<number>();
    this.#taken.set(server, taken);
    let slot = 0;
    while (taken.has(slot)) slot++;
    if (slot >= STACK) return;
    taken.add(slot);
    // Envelopes are wide and low: several at once sit one above another, slots 0, 1, 2, 3 at
    // 0, +1, -1, +2 gaps, whichever way they go.
    const dy = GAP * (slot % 2 ? (slot + 1) / 2 : -slot / 2);
    const [edge, mid] = lane(place.centre, place.middle, place.card, 0);
    const len = Math.hypot(mid.x - edge.x, mid.y - edge.y) || 1;
    const along = (d: number): Point => ({ x: edge.x + ((mid.x - edge.x) / len) * d, y: edge.y + ((mid.y - edge.y) / len) * d + dy });
    const [inner, outer] = [along(Math.min(26, len * 0.2)), along(Math.min(110, len * 0.7))];
    const [from, to] = way === 'request' ? [outer, inner] : [inner, outer];
    const px = (p: Point) => `translate(${(p.x * place.scale).toFixed(1)}px, ${(p.y * place.scale).toFixed(1)}px) translate(-50%, -50%)`;
    const el = h('div', { class: `pg-env pg-env-client pg-env-${way}` }, fitText(text, 20));
    el.style.transform = px(to);
    this.island.overlay.append(el);
    if (!this.reducedMotion()) el.animate?.([{ transform: px(from) }, { transform: px(to), offset: 0.3 }, { transform: px(to) }], { duration: EFFECT_MS, easing: 'ease-out' });
    const shown = {
      at,
      end: () => {
        clearTimeout(timer);
        el.remove();
        taken.delete(slot);
        this.#shown.delete(shown);
      },
    };
    const timer = setTimeout(shown.end, EFFECT_MS);
    this.#shown.add(shown);
  }
}
