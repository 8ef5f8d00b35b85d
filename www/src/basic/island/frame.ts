// A node's card on the island, for every protocol: its name and a badge, three rows of key
// and value, a rule and two lines under it; its accessible name is set by the protocol's
// card (Basic Paxos: card.ts; Multi-Paxos: multi/island.ts), which says all it shows.

import { s, setAttr, setText } from '../../core/dom';
import { ownerColour, textEm } from '../look';
import type { Card } from '../layout';
import type { Message } from '../../i18n/i18n';

export const CARD: Card = { w: 184, h: 118 };
const FONT = 12;
const VALUE_X = 76;

/** The parts of a card that change: every protocol's card has these (multi/island.ts too). */
export interface CardParts {
  g: SVGGElement;
  badge: SVGGElement;
  badgeRect: SVGRectElement;
  badgeText: SVGTextElement;
  /** The values of its three rows. */
  rows: [SVGTextElement, SVGTextElement, SVGTextElement];
  /** The two lines under the rule. */
  line1: SVGTextElement;
  line2: SVGTextElement;
}

/**
 * A card for node `name` (its `index` gives its accent colour): its name, a badge, three
 * rows named `keys`, a rule and two lines; its tooltip `title`; activating it (click, Enter,
 * space) calls `onNode`, which opens a menu if `menu`.
 */
export function cardFrame(
  name: string,
  index: number,
  keys: readonly [Message, Message, Message],
  title: Message,
  menu: boolean,
  onNode: (name: string, card: SVGGElement) => void,
): CardParts {
  const row = (y: number, key: Message) => [s('text', { class: 'pg-k', x: 14, y }, key), s('text', { class: 'pg-v', x: VALUE_X, y })] as const;
  const [[k0, v0], [k1, v1], [k2, v2]] = [row(44, keys[0]), row(62, keys[1]), row(80, keys[2])];
  const line1 = s('text', { class: 'pg-prog', x: 14, y: 100 });
  const line2 = s('text', { class: 'pg-prop', x: 14, y: 114 });
  const badgeRect = s('rect', { class: 'pg-badge-bg', y: 9, height: 18, rx: 9 });
  const badgeText = s('text', { class: 'pg-badge-text', y: 22, 'text-anchor': 'middle' });
  const badge = s('g', { class: 'pg-badge' }, badgeRect, badgeText);
  const accent = s('circle', { class: 'pg-accent', cx: 19, cy: 18, r: 5 });
  accent.style.fill = ownerColour(index);
  // The card's name (aria-label) says all it shows, in words: its drawing is hidden from
  // assistive technology, so the name is not a jumble of the drawn texts. The title is a
  // tooltip (and description) only, in parentheses, so that checkers comparing the visible
  // text with the name skip it.
  const g = s(
    'g',
    { class: 'pg-node', tabindex: 0, role: 'button', ...(menu ? { 'aria-haspopup': 'menu' } : {}), 'data-node': name },
    s('title', {}, title),
    s(
      'g',
      { 'aria-hidden': 'true' },
      s('rect', { class: 'pg-card', width: CARD.w, height: CARD.h, rx: 10 }),
      accent,
      // Spaces between the texts: read as text, the card is words, not `S1promised—`.
      ...[s('text', { class: 'pg-name', x: 30, y: 23 }, name), badge, k0, v0, k1, v1, k2, v2].flatMap((e) => [e, ' ']),
      s('line', { class: 'pg-rule', x1: 14, x2: CARD.w - 12, y1: 87, y2: 87 }),
      line1,
      ' ',
      line2,
    ),
  );
  g.addEventListener('click', () => onNode(name, g));
  g.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onNode(name, g);
    }
  });
  return { g, badge, badgeRect, badgeText, rows: [v0, v1, v2], line1, line2 };
}

/** Shows `text` in the card's badge, sized to it, with the classes `cls` (hidden when empty). */
export function showBadge(p: CardParts, text: string, cls: string): void {
  setText(p.badgeText, text);
  const bw = textEm(text) * 11 + 16;
  setAttr(p.badgeRect, 'x', (CARD.w - 10 - bw).toFixed(1));
  setAttr(p.badgeRect, 'width', bw.toFixed(1));
  setAttr(p.badgeText, 'x', (CARD.w - 10 - bw / 2).toFixed(1));
  setAttr(p.badge, 'class', `pg-badge${text ? '' : ' pg-hidden'} ${cls}`);
}

/** The widest a row's value and a line may be (em). */
export const ROW_EM = (CARD.w - VALUE_X - 10) / FONT;
export const LINE_EM = (CARD.w - 24) / FONT;

