// English texts of long replays (replaying.ts): a share link's recording replayed, and the
// session replayed into a new simulator after the one before failed (client.ts). Fetched
// with them when first needed, not in the first load. Added to i18n.ts's English as the
// module is evaluated.

import { addEnglish } from './i18n';

export const EN_REPLAY = addEnglish({
  'rp.recovering': 'The simulator failed (a bug, or too little memory), and a new one is replaying your session: {done} of {total} requests.',
  'rp.recovered': 'The simulator failed (a bug, or too little memory), and a new one took its place with your session as it was. The request it failed on was not carried out; the clock is paused.',
  'rp.recoveredShort': 'The simulator failed (a bug, or too little memory), and a new one took its place. Its replay of your session stopped after {done} of {total} requests: the island is at that moment, and the clock is paused.',
  'rp.restarted': 'The simulator failed (a bug, or too little memory), and a new one took its place.',
  'rp.opening': 'Opening the link: {done} of {total} requests replayed.',
  'rp.linkStopped': 'Stopped opening the link after {done} of its {total} requests: {position}, step {step}, {time}. The clock is paused; play or step to go on.',
  'rp.stop': 'Stop here',
  'rp.stopTitle': 'Stop the replay where it has come: the island stays at that moment, and works',
  'rp.progress': 'Replayed so far',
  'rp.backBefore': 'the playground went back to what it showed before',
  'rp.backDefault': 'the playground loaded its default scenario',
});
