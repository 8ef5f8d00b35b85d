// A node's card on the island: its name and state badge, its notebook (promised, accepted,
// learned), its proposer's progress and value, and, as its accessible name, all of that in
// words. Built once per node (buildCard), redrawn from each snapshot (showCard).

import type { NodeView, Phase, Snapshot } from '../../core/protocol';
import { s, setAttr, setText } from '../../core/dom';
import { ballotColour, ballotText, fitText, ownerColour, phaseName, progressText, proposalText, textEm, voteText } from '../labels';
import type { Card } from '../layout';
import { L, t, type Message } from '../../i18n/i18n';
import '../../i18n/i18n-en-playground'; // the playground's English texts

const BADGE_CLASS: Record<Phase, string> = { idle: '', preparing: 'preparing', accepting: 'proposing', 'backing-off': 'backing-off', decided: 'chosen' };
export const CARD: Card = { w: 184, h: 118 };
const FONT = 12;
const VALUE_X = 76;

/** The parts of a card that change. */
export interface CardParts {
  g: SVGGElement;
  badge: SVGGElement;
  badgeRect: SVGRectElement;
  badgeText: SVGTextElement;
  promised: SVGTextElement;
  accepted: SVGTextElement;
  learned: SVGTextElement;
  progress: SVGTextElement;
  proposal: SVGTextElement;
}

/** A node's card, whose activation (click, Enter, space) calls `onNode`. */
export function buildCard(name: string, index: number, onNode: (name: string, card: SVGGElement) => void): CardParts {
  const row = (y: number, key: Message) => {
    const k = s('text', { class: 'pg-k', x: 14, y }, key);
    const v = s('text', { class: 'pg-v', x: VALUE_X, y });
    return [k, v] as const;
  };
  const [pk, promised] = row(44, L('in.f.promised'));
  const [ak, accepted] = row(62, L('in.f.accepted'));
  const [lk, learned] = row(80, L('in.f.learned'));
  const progress = s('text', { class: 'pg-prog', x: 14, y: 100 });
  const proposal = s('text', { class: 'pg-prop', x: 14, y: 114 });
  const badgeRect = s('rect', { class: 'pg-badge-bg', y: 9, height: 18, rx: 9 });
  const badgeText = s('text', { class: 'pg-badge-text', y: 22, 'text-anchor': 'middle' });
  const badge = s('g', { class: 'pg-badge' }, badgeRect, badgeText);
  // A tooltip (and description) only: the name is the aria-label. In parentheses, so that
  // checkers comparing the visible text with the name skip it.
  const title = s('title', {}, L('is.nodeTitle'));
  const accent = s('circle', { class: 'pg-accent', cx: 19, cy: 18, r: 5 });
  accent.style.fill = ownerColour(index);
  // The card's name (aria-label) says all it shows, in words: its drawing is hidden from
  // assistive technology, so the name is not a jumble of the drawn texts.
  const g = s(
    'g',
    { class: 'pg-node', tabindex: 0, role: 'button', 'aria-haspopup': 'menu', 'data-node': name },
    title,
    s(
      'g',
      { 'aria-hidden': 'true' },
      s('rect', { class: 'pg-card', width: CARD.w, height: CARD.h, rx: 10 }),
      accent,
      // Spaces between the texts: read as text, the card is words, not `S1promised—`.
      ...[s('text', { class: 'pg-name', x: 30, y: 23 }, name), badge, pk, promised, ak, accepted, lk, learned].flatMap((e) => [e, ' ']),
      s('line', { class: 'pg-rule', x1: 14, x2: CARD.w - 12, y1: 87, y2: 87 }),
      progress,
      ' ',
      proposal,
    ),
  );
  g.addEventListener('click', () => onNode(name, g));
  g.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onNode(name, g);
    }
  });
  return { g, badge, badgeRect, badgeText, promised, accepted, learned, progress, proposal };
}

/** Shows node `n` of `snap` on its card; `names`: every node's, for the ballot colours. */
export function showCard(p: CardParts, n: NodeView, snap: Snapshot, names: readonly string[]): void {
  const maxEm = (CARD.w - VALUE_X - 10) / FONT;
  const dash = '—';
  const promisedFull = n.promised ? ballotText(n.promised) : '';
  const acceptedFull = n.accepted ? voteText(n.accepted) : '';
  const learnedFull = n.learned ? `${n.learned} ✓` : '';
  const shown = {
    promised: promisedFull || dash,
    accepted: fitText(acceptedFull || dash, maxEm),
    learned: fitText(learnedFull || dash, maxEm),
  };
  setText(p.promised, shown.promised);
  setText(p.accepted, shown.accepted);
  setText(p.learned, shown.learned);
  const wide = (CARD.w - 24) / FONT;
  const progressShown = fitText(n.up ? progressText(n.proposer, snap.quorum, snap.quorums?.accept) : '', wide);
  setText(p.progress, progressShown);
  const prop = n.up ? proposalText(n.proposer) : '';
  const proposalShown = prop ? fitText(t('is.value', { value: prop }), wide) : '';
  setText(p.proposal, proposalShown);

  const phase = n.proposer.phase;
  const badge = !n.up ? t('is.down') : phase === 'idle' ? (n.learned !== null ? t('is.learned') : '') : phaseName(phase);
  // The badge's class names the state in English, whatever the language shown.
  const badgeClass = !n.up ? 'down' : phase === 'idle' ? (n.learned !== null ? 'learned' : '') : BADGE_CLASS[phase];
  setText(p.badgeText, badge);
  const bw = textEm(badge) * 11 + 16;
  setAttr(p.badgeRect, 'x', (CARD.w - 10 - bw).toFixed(1));
  setAttr(p.badgeRect, 'width', bw.toFixed(1));
  setAttr(p.badgeText, 'x', (CARD.w - 10 - bw / 2).toFixed(1));
  const colour = n.up && phase !== 'idle' && phase !== 'decided' ? ballotColour(n.proposer.ballot, names) : '';
  p.badgeRect.style.fill = colour;
  setAttr(p.badge, 'class', `pg-badge${badge ? '' : ' pg-hidden'}${colour ? ' pg-badge-live' : ''} pg-badge-${badgeClass}`);

  p.g.classList.toggle('pg-down', !n.up);
  p.g.classList.toggle('pg-learned', n.learned !== null);
  // The name reads the card in its order, with what it shows (speech input matches it);
  // words it does not show are in parentheses: (idle), (nothing), a cut value in full.
  const field = (key: string, full: string, seen: string) =>
    `${key} ${full ? (seen === full ? full : `${seen} (${full})`) : t('is.nothing')}`;
  const said = [
    n.name,
    badge || t('is.idle'),
    field(t('in.f.promised'), promisedFull, shown.promised),
    field(t('in.f.accepted'), acceptedFull, shown.accepted),
    field(t('in.f.learned'), learnedFull, shown.learned),
    progressShown,
    proposalShown,
  ].filter(Boolean);
  setAttr(p.g, 'aria-label', said.join(t('f.comma')));
}
