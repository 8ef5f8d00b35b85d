// English texts of the keyboard shortcuts dialog (help.ts), fetched with it the first time
// it opens: not in the first load. Added to i18n.ts's English as the module is evaluated.

import { addEnglish } from './i18n';

export const EN_HELP = addEnglish({
  'help.k0': 'play or pause the clock',
  'help.k1': 'step back / forward one event',
  'help.k2': 'ten events back / forward',
  'help.k3': 'manual network on or off',
  'help.k4': 'select the next / previous message in flight',
  'help.k5': 'deliver the selected message',
  'help.k6': 'drop the selected message',
  'help.k7': 'duplicate the selected message',
  'help.k8': 'unselect the message, close a menu or this help',
  'help.k9': 'switch to the previous branch',
  'help.k10': 'inspect the next node',
  'help.k11': 'screen reader announcements on or off',
  'help.k12': 'this help',
  'help.k13': 'every control in turn; Enter or Space on a node opens its menu',
  'help.k14': 'move between lines; Enter goes to that moment',
  'help.kLog': '↑ / ↓ in the log',
  'help.note': 'Shortcuts work anywhere in the playground except while typing in a field. In a manual network, click a message on the island or use the In flight list.',
});
