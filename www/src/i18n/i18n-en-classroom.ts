// English texts of the classroom below the playground (check.ts, exercises.ts,
// classroom.ts) and of the open scenarios menu (scenarios.ts), fetched with them: not in the
// first load. Added to i18n.ts's English as the module is evaluated.

import { addEnglish } from './i18n';

export const EN_CLASSROOM = addEnglish({
  // ---- the Check panel (check.ts)
  'ck.from': 'From',
  'ck.fromStart': 'from the start',
  'ck.fromHere': 'from here',
  'ck.goal': 'Goal',
  'ck.anyViolation': 'any safety violation',
  'ck.aChosen': 'a chosen value',
  'ck.accepting': 'a node accepting a ballot',
  'ck.round': 'Round',
  'ck.owner': 'Ballot owner',
  'ck.valueLabel': 'value',
  'ck.acceptsBallot': 'accepts ballot',
  'ck.maxRoundAria': 'Max round',
  'ck.maxRound': 'max round',
  'ck.duplication': 'duplication',
  'ck.oneCrash': 'one crash',
  'ck.cancel': 'Cancel',
  'ck.specTitle': 'Paxos.tla as written: 3 acceptors, 2 values, ballots 0..1',
  'ck.spec': 'Spec mode (Paxos.tla)',
  'ck.replay': 'Load and replay',
  'ck.goalLabel': 'goal',
  'ck.starting': 'starting…',
  'ck.cancelled': 'cancelled',
  'ck.loaded': '{result} — loaded: step through it with →',
  'ck.checkingSpec': 'checking Paxos.tla…',
  'ck.unexpected': 'unexpected answer {type}',

  // ---- the Exercises panel (exercises.ts)
  'ex.hint': 'Hint',
  'ex.teacher': 'Teacher’s note',
  'ex.done': 'done',
  'ex.solved': 'Well done! “{title}” is solved.',

  // ---- the Your node panel (nodepanel.ts)
  'nd.title': 'Your node',
  'nd.intro':
    'Write a Basic Paxos node in JavaScript: a pure function of its state and one input that exports handle(request) and returns its reply (docs/node-protocol.md). Run it on the island in place of the playground’s own node: the live checker, the Check panel and its counterexamples then judge yours. It runs in a worker of its own, never on this page, and stays in this browser.',
  'nd.code': 'Your node’s code',
  'nd.run': 'Run on the island',
  'nd.stop': 'Back to the playground’s node',
  'nd.files': 'Load into the editor (it replaces your code):',
  'nd.starter': 'the starter',
  'nd.exCrash': 'exercise: make your node survive a crash',
  'nd.exBug': 'exercise: find the bug in this node',
  'nd.starting': 'starting your node…',
  'nd.running': 'Your node runs on the island: play, propose, crash and check as before.',
  'nd.own': 'The island runs the playground’s own node.',
  'nd.fault': 'Your node broke the node protocol',
  'nd.slow': 'your node did not finish loading within {s} s: does its code loop forever?',


  'cl.running': 'running…',
  'cl.noViolation': 'no violation ({n} states)',
  'cl.unreachable': 'unreachable within the bounds',
  'cl.bounded': 'stopped at the state limit',
  'cl.theGoal': 'the goal',
  'cl.foundOne': 'found: {what} in 1 move',
  'cl.found': 'found: {what} in {n} moves',
  'cl.progress': '{explored} explored, {distinct} distinct, depth {depth}, {rate} states/s',
  'cl.sameTlc': ' — the same as TLC',
  'cl.spec': '{distinct} distinct states, {generated} generated, depth {depth}',
  'cl.unsafe': ' (unsafe!)',

  // ---- the open scenarios menu (scenarios.ts)
  'sc.examples': 'Examples',
  'sc.exercises': 'Exercises',
  'sc.multi': 'Multi-Paxos examples (open the Multi-Paxos view)',
});
