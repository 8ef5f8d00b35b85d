// A node's card on the island: its name and state badge, its notebook (promised, accepted,
// learned), its proposer's progress and value, and, as its accessible name, all of that in
// words. Built once per node (buildCard), redrawn from each snapshot (showCard).

import type { NodeView, Phase, Snapshot } from '../../core/protocol';
import { setAttr, setText } from '../../core/dom';
import { ballotColour, ballotText, fitText, phaseName, progressText, proposalText, voteText } from '../labels';
import { L, t } from '../../i18n/i18n';
import '../../i18n/i18n-en-playground'; // the playground's English texts
import '../../i18n/i18n-en-island'; // the island's
import { cardFrame, LINE_EM, ROW_EM, showBadge, type CardParts } from './frame';

export { CARD, type CardParts } from './frame';

const BADGE_CLASS: Record<Phase, string> = { idle: '', preparing: 'preparing', accepting: 'proposing', 'backing-off': 'backing-off', decided: 'chosen' };

/** A Basic Paxos node's card: its notebook (promised, accepted, learned), its proposer's progress and value. */
export function buildCard(name: string, index: number, onNode: (name: string, card: SVGGElement) => void): CardParts {
  return cardFrame(name, index, [L('in.f.promised'), L('in.f.accepted'), L('in.f.learned')], L('is.nodeTitle'), true, onNode);
}

/** Shows node `n` of `snap` on its card; `names`: every node's, for the ballot colours. */
export function showCard(p: CardParts, n: NodeView, snap: Snapshot, names: readonly string[]): void {
  const maxEm = ROW_EM;
  const dash = '—';
  const promisedFull = n.promised ? ballotText(n.promised) : '';
  const acceptedFull = n.accepted ? voteText(n.accepted) : '';
  const learnedFull = n.learned ? `${n.learned} ✓` : '';
  const shown = {
    promised: promisedFull || dash,
    accepted: fitText(acceptedFull || dash, maxEm),
    learned: fitText(learnedFull || dash, maxEm),
  };
  setText(p.rows[0], shown.promised);
  setText(p.rows[1], shown.accepted);
  setText(p.rows[2], shown.learned);
  const wide = LINE_EM;
  const progressShown = fitText(n.up ? progressText(n.proposer, snap.quorum, snap.quorums?.accept) : '', wide);
  setText(p.line1, progressShown);
  const prop = n.up ? proposalText(n.proposer) : '';
  const proposalShown = prop ? fitText(t('is.value', { value: prop }), wide) : '';
  setText(p.line2, proposalShown);

  const phase = n.proposer.phase;
  const badge = !n.up ? t('is.down') : phase === 'idle' ? (n.learned !== null ? t('is.learned') : '') : phaseName(phase);
  // The badge's class names the state in English, whatever the language shown.
  const badgeClass = !n.up ? 'down' : phase === 'idle' ? (n.learned !== null ? 'learned' : '') : BADGE_CLASS[phase];
  const colour = n.up && phase !== 'idle' && phase !== 'decided' ? ballotColour(n.proposer.ballot, names) : '';
  p.badgeRect.style.fill = colour;
  showBadge(p, badge, `${colour ? 'pg-badge-live ' : ''}pg-badge-${badgeClass}`);

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
