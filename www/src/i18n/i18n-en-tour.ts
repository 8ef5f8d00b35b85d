// English texts of the guided tour (tour.ts), fetched with it on the Tour button's first
// press: not in the first load. Added to i18n.ts's English as the module is evaluated.

import { addEnglish } from './i18n';

export const EN_TOUR = addEnglish({
  'tour.title': 'How Paxos works',
  'tour.count': 'Step {n} of {total}',
  'tour.back': 'Back',
  'tour.next': 'Next',
  'tour.finish': 'Finish',
  'tour.close': 'Close the tour',
  'tour.showMe': 'Show me',
  'tour.showing': 'Playing…',
  'tour.preparing': 'Preparing this step…',
  'tour.openMulti': 'Open the Multi-Paxos view',
  'tour.s1.title': 'One proposer chooses a value',
  'tour.s1.text': 'S1 wants the island to adopt 1元/度. In phase 1 it sends prepare with a ballot (1.S1) and waits for promises from a majority: 2 of 3. In phase 2 it asks the acceptors to accept its value; once a majority has accepted it, the value is chosen, and nothing can change it. Watch each node’s notebook fill in.',
  'tour.s2.title': 'Two proposers race',
  'tour.s2.text': 'S1 and S2 propose different prices at the same moment. Ballots are ordered (round, then node name), and an acceptor that has promised a higher ballot refuses lower ones with a nack. Exactly one price is chosen; which one depends on the timing, not on who asked first.',
  'tour.s3.title': 'Why a proposer adopts an accepted value',
  'tour.s3.text': 'Message by message: S1’s 1元/度 is already chosen, accepted by S1 and S3. Now S3’s promise to S2 reports that vote (accepted 1.S1 = 1元/度). Rule P2c: a proposer must propose the value of the highest-ballot vote among its promises, so S2 gives up its own 2元/度 and proposes 1元/度. That is why a chosen value can never be replaced.',
  'tour.s4.title': 'An acceptor crashes',
  'tour.s4.text': 'S3 promised S1’s ballot and then crashed, before S1’s accept reached it. S1 and S2 are still a majority of 3, so S1 still gets its value chosen. An acceptor writes its promise and vote down: when S3 restarts it still knows them. A majority works because any two majorities meet; Flexible Paxos keeps only that, letting the two phases use different quorums as long as every phase 1 quorum meets every phase 2 quorum (3 promises and 2 accepteds of 4 nodes will do).',
  'tour.s5.title': 'Duelling proposers: a livelock',
  'tour.s5.text': 'Without backoff and with equal delays, each new prepare reaches the acceptors just before the other proposer’s accept, so every ballot is overtaken by a higher one. Nothing is ever chosen, yet nothing unsafe happens either: Paxos is always safe, but not always live.',
  'tour.s6.title': 'Randomized backoff ends the duel',
  'tour.s6.text': 'The same duel, but a proposer whose ballot fails waits a random time before trying again. Soon one of them gets through both phases alone, and a value is chosen. Here S1’s second ballot finds S2’s vote in a promise and, by P2c, finishes it: 2元/度.',
  'tour.s7.title': 'A leader ends it for good',
  'tour.s7.text': 'Backoff makes a duel unlikely, not impossible. Real systems elect a distinguished proposer, the leader, and only it proposes. In Multi-Paxos the leader runs phase 1 once for all future slots, then one phase 2 per command: one round trip per write. See it in the Multi-Paxos view.',
});
