// English texts of the views both pages draw at first: the island (basic/island/view.ts),
// the timeline bar and its words for positions and branches (basic/timebar.ts,
// core/history.ts), and the names of the diagram and inspector before they come. In the
// first load of the Basic playground and of the Multi-Paxos view; added to i18n.ts's English
// as the module is evaluated.

import { addEnglish } from './i18n';

export const EN_ISLAND = addEnglish({
  'is.aria': 'The island: nodes and the messages between them',
  'is.linkTitle': 'Link {a}–{b}: click to cut, mend or slow it down',
  'fl.copy': 'copy · ',
  'is.cutLinks': 'cut: {links}',
  'is.envTitle': '{msg}, {from} → {to}: click to deliver, drop or duplicate',
  'is.split': 'network split: {groups}',
  'pg.cut': 'cut',
  'tb.branch': 'Branch',
  'tb.switch': 'Switch',
  'tb.timeline': 'Timeline',
  'tb.thisOne': '{branch} — this one',
  'tb.where': '{position} · step {step}',
  'hist.branch': 'branch {branch} of {count}',
  'hist.forked': '{of}, forked from branch {parent} at event {at}',
  'hist.option': 'branch {branch} ({n} events)',
  'hist.optionFrom': 'branch {branch} ({n} events, from {parent} at {at})',
  'hist.position': 'event {position} of {length}',
  'f.comma': ', ',
  'in.title': 'Node inspector',
  'dg.title': 'Space-time diagram',
} as const);
