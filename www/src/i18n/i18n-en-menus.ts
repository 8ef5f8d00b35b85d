// English texts of the island's menus (menus.ts), fetched with them on the first click on
// the island. Added to i18n.ts's English as the module is evaluated.

import { addEnglish } from './i18n';

export const EN_MENUS = addEnglish({
  'pg.nodeTitleUp': '{node} is up',
  'pg.nodeTitleDown': '{node} is down',
  'pg.crash': 'Crash {node}',
  'pg.proposeFrom': 'Propose from {node}…',
  'pg.inspect': 'Inspect {node}',
  'pg.heal': 'Heal the network',
  'pg.cutOff': 'Cut {node} off from the others',
  'pg.lands': 'lands at {time}',
  'pg.msgDetail': '{from} → {to}, {when}',
  'pg.msgFrom': 'Message from {from} to {to}',
  'pg.slower': 'messages take {n} ms longer',
  'pg.working': 'working normally',
  'pg.link': 'Link {a}–{b}',
  'pg.linkActions': 'Link {a}–{b} actions',
  'pg.cutLink': 'Cut the link {a}–{b}',
  'pg.mendLink': 'Mend the link {a}–{b}',
  'pg.nodeActions': '{node} actions',
  'pg.setExtra': 'Set extra delay',
  'pg.sep': '; ',
});
