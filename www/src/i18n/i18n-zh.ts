// The Chinese (简体中文) texts: the `zh` catalogue (in parts, i18n-zh-*.ts, one beside each
// English part; each is typed by its English part, so tsc fails if a key is missing or
// extra), and the Chinese titles and descriptions of
// the example, tour and exercise files. A module of its own, fetched by i18n.ts (a dynamic
// import) only when the page turns Chinese, so the English page does not download them.
// Types only come from i18n.ts: this chunk imports nothing at run time.
//
// `zh` is typed Record<Key, string>: tsc fails if a key of `en` is missing or one is extra.
// Chinese terms used throughout: proposal 提案, ballot 编号, promise 承诺, accept 接受,
// accepted 已接受, learn 学习, chosen 选定, quorum 多数派, leader 领导者, follower 跟随者,
// prepare 准备, nack 拒绝, acceptor 接受者, proposer 提议者, learner 学习者.

import type { ExerciseZh, Key, ScenarioZh } from './i18n';
import { ZH_CLASSROOM } from './i18n-zh-classroom';
import { ZH_CORE } from './i18n-zh-core';
import { ZH_HELP } from './i18n-zh-help';
import { ZH_ISLAND } from './i18n-zh-island';
import { ZH_MENUS } from './i18n-zh-menus';
import { ZH_MULTI } from './i18n-zh-multi';
import { ZH_PANELS } from './i18n-zh-panels';
import { ZH_PLAYGROUND } from './i18n-zh-playground';
import { ZH_REPLAY } from './i18n-zh-replay';
import { ZH_SHARE } from './i18n-zh-share';
import { ZH_TOUR } from './i18n-zh-tour';

export const zh: Record<Key, string> = {
  ...ZH_CLASSROOM,
  ...ZH_CORE,
  ...ZH_HELP,
  ...ZH_ISLAND,
  ...ZH_MENUS,
  ...ZH_MULTI,
  ...ZH_PANELS,
  ...ZH_PLAYGROUND,
  ...ZH_REPLAY,
  ...ZH_SHARE,
  ...ZH_TOUR,
};

// ---- Chinese texts of the example and exercise files, keyed by file name -------------
// The files (examples/scenarios/*.json, examples/exercises/*.json, www/src/tour/*.json)
// are versioned contracts and stay English; their Chinese title and one-line description,
// and for the exercises the task, hints and teacher's note, are here. Vitest checks that
// every file has its entry (www/test/catalogue.test.ts).

export const SCENARIOS_ZH: Readonly<Record<string, ScenarioZh>> = {
  'broken-1-ignore-promised-values': { title: '错误变体 1：提议者忽略承诺报告的值', description: '这个错误的 S2 无视承诺中报告的已选定值，提出自己的值：两个法律都被选定。' },
  'broken-2-acceptor-amnesia': { title: '错误变体 2：接受者重启后忘记笔记本', description: '投过票的接受者重启后笔记本为空，第二个提议者的多数派听不到先前的投票：两个值被选定。' },
  'broken-3-accept-without-promise-check': { title: '错误变体 3：接受者不检查承诺就接受', description: '已承诺 1.S2 后，较低的 1.S1 的接受请求仍被接受；两个提议者以不同的值完成第二阶段。' },
  'broken-4-round-only-ballots': { title: '错误变体 4：编号只有轮次', description: 'S1 和 S2 都把提案编为 1，接受者无法区分，二者都得到多数派：两个法律通过。' },
  'broken-5-small-quorum': { title: '错误变体 5：小于多数的多数派', description: '3 个节点中多数派只要 1 个，S1 和 S2 各自独自决定：两个不相交的多数派选定了两个值。' },
  'broken-6-learn-from-first-accepted': { title: '错误变体 6：学习者听到第一个已接受就学习', description: 'S1 在多数派接受之前，只凭自己的接受者就学到了自己的值：检查器报告 learned-is-chosen。' },
  'broken-7-accept-keeps-promise': { title: '错误变体 7：接受不提高承诺', description: '接受者接受编号 2 时不提高承诺，迟到的编号 1 接受请求覆盖了投票：两个值被选定。' },
  'crash-between-promise-and-accept': { title: '接受者在承诺与接受之间崩溃', description: 'S3 承诺后、接受前崩溃；S1 和 S2 仍是多数派，S3 重启后记得它的承诺。' },
  'duel-livelock': { title: '决斗的提议者（活锁）', description: '没有退避、延迟相同，每个新的准备都抢先于对方的接受：永远选不出值，但也不会不安全。' },
  'five-nodes-three-crashed': { title: '5 个节点，3 个崩溃：没有多数派', description: '只有 S1 和 S2 在线，不足 5 个中的多数：S1 不断用更高编号重试，什么也选不出。' },
  'five-nodes-two-crashed': { title: '5 个节点，2 个崩溃：仍有多数派', description: 'S4 和 S5 宕机；S1、S2、S3 是 5 个中的多数，所以 S1 的值被选定。' },
  'island-race': { title: 'Paxos 岛的电价', description: 'S1 提出 1元/度，S2 同时提出 2元/度；恰好一个电价成为法律。' },
  'island-story-manual': { title: '岛上的故事，一条消息一条消息地看', description: '手动网络：S1 的值先被 S1 和 S3 接受，S2 虽然也发起了提案，最后却提出了 S1 的值。' },
  'lossy-network': { title: '丢包并重复的网络', description: '30% 的消息丢失、20% 重复，S1 与 S3 竞争：重试让值被选定，重复不改变任何结果。' },
  'minority-partition': { title: '少数派分区', description: 'S1、S2 与 S3、S4、S5 隔开；S1 凑不齐多数派，多数一侧 S4 的值被选定，愈合后 S1 学到它。' },
  'multi-leader-failover': { title: 'Multi-Paxos：领导者在连续写入中崩溃', description: 'S1 领导并每 100 毫秒写入新电价，1000 毫秒时崩溃；新的领导者接手，完成未完成的槽位，已确认的写入都保留。' },
  'multi-new-leader-finishes-slot': { title: 'Multi-Paxos：新领导者完成旧领导者接受了一半的槽位', description: '只有 S1、S2 接受的值未被选定；S1 崩溃后，S2 按 P2c 在该槽位提出同一个值：写入被完成而不是丢失。' },
  'multi-stale-read-then-sync': { title: 'Multi-Paxos：从被分区的跟随者读到旧值，然后 sync', description: '被隔开的 S3 不知道自己落后，读到旧电价；在 S3 上 sync 会等它追上领导者，再读就是新值。' },
  'multi-two-leaders': { title: 'Multi-Paxos：同时两个领导者，仍然只有一个日志', description: '分区后 S1 和 S2 都以为自己是领导者；只有多数一侧能选定写入，愈合后 S1 退位并转发写入：没有槽位会有两个值。' },
  'multi-lock-recipe': { title: 'ZooKeeper 锁配方：临时顺序子节点，各自等待前一个', description: '三个客户端轮流持有同一把锁，没有“羊群效应”。每个客户端有一个会话：alice（会话 1，超时 800 毫秒）在 S2，bob（会话 2）在 S3，carol（会话 3）在 S1。每人在 /lock 下创建一个临时顺序子节点；名字最小的持有锁，其他人只监视（带监视的 exists）排在自己前面的那个子节点，所以释放锁只唤醒一个客户端。alice 持有锁，然后她的客户端没有关闭会话就退出了。领导者 800 毫秒内没有收到会话 1 的消息，便在日志里写入 closeSession 让它过期，她的子节点随之删除：bob 的监视触发（carol 的没有），bob 列出子节点，发现自己的最小，持有锁并修改电价。他删除自己的子节点来释放锁：carol 的监视触发，她持有了锁。' },
  'multi-leader-election-recipe': { title: 'ZooKeeper 选主配方：领导者所在的服务器崩溃，会话过期，下一位候选人接任', description: '电价委员会的三位候选人，各有一个会话：anna（会话 1，超时 800 毫秒）和 chen（会话 3，超时 3000 毫秒）在 S2，ben（会话 2，超时 800 毫秒）在 S3。每人在 /election 下创建一个临时顺序子节点；最小的当选，其他人各自监视排在自己前面的子节点。anna 当选并设定电价。随后 S2 崩溃。chen 的客户端带着会话和监视重新连接到 S1：会话得以保留。anna 的进程与 S2 在同一台机器上，没有回来：领导者让会话 1 过期，anna 的子节点被删除，ben 的监视触发，他列出子节点，发现自己的最小，于是当选，也设定了电价。' },
  'one-proposer': { title: '一个提议者', description: 'S1 独自向三个接受者提出 1元/度：一轮准备、一轮接受，值被选定。' },
  'duel-backoff': { title: '决斗的提议者，带随机退避', description: '同样的决斗，但失败的提议者随机等待后再试：其中一个成功，一个值被选定。' },
};

export const EXERCISES_ZH: Readonly<Record<string, ExerciseZh>> = {
  amnesia: {
    title: '健忘的接受者',
    description: '接受者重启后忘记承诺和投票：让两个值被选定。',
    task: '这些接受者重启时会忘记它们的承诺和投票（一个错误变体）。通过投递、崩溃和重启，让两个值被选定。',
    hints: ['先让一个值被一个包含 S2 的多数派选定。', '让 S2 崩溃再重启：它还知道什么？'],
    teacher: '说明为什么接受者的状态必须持久保存。解法由模型检查器找到，只需一次崩溃。',
  },
  'crash-mid-ballot': {
    title: '承诺与接受之间的崩溃',
    description: '在 S3 承诺之后、接受之前让它崩溃，仍然选定 1元/度。',
    task: 'S1 提出提案。在 S3 承诺了 S1 的编号之后、接受之前让它崩溃，并且仍然让 1元/度 被选定。',
    hints: ['延迟恰好是 20 毫秒，S3 的承诺在 20 毫秒发出，S1 的接受请求在 60 毫秒到达它。', '在这之间让它崩溃。'],
    teacher: '接受者的承诺是持久的，而多数派不必包含它：S1 和 S2 不需要 S3 就能决定。解法：在 50 毫秒让 S3 崩溃。',
  },
  'duel-five-rounds': {
    title: '让它们一直决斗',
    description: '关闭退避、延迟相同，让 S1 和 S2 互相抢先，各自开始 5 个编号。',
    task: '在关闭退避、延迟相同的情况下，让 S1 和 S2 互相抢先，直到各自都开始了 5 个编号，且没有值被选定。',
    hints: ['S2 必须加入竞争：从 S2 提出提案。', '时机很重要：在 S1 的准备消息到达 S2 的那一刻从 S2 提出（延迟是 50 毫秒）。'],
    teacher: 'Basic Paxos 的活锁（FLP 的缩影）：安全性成立，推进却没有。解法：在 50 毫秒从 S2 提出 2元/度。打开随机退避，或选出领导者（Multi-Paxos），就能结束它。',
  },
  'five-survive-two': {
    title: '5 个节点能承受几次崩溃？',
    description: '在 5 个节点的集群中尽可能多地让节点崩溃，仍然选定一个值。',
    task: '在 5 个节点的集群中，让尽可能多的节点崩溃，并且仍然有值被选定。两个节点崩溃即达到目标；试试三个，看看为什么不行。',
    hints: ['当全部 5 个节点中的多数接受一个值时，它才被选定。', '5 个中的 3 个是多数；那么最多可以有几个宕机？'],
    teacher: '多数派在 2f+1 个节点时能容忍 f 次崩溃：5 个节点能承受 2 个。3 个宕机时，S1 会一直重试，不会发生（不安全的）任何事。解法：在 S1 提出之前让 S4 和 S5 崩溃。',
  },
  'heal-the-island': {
    title: '每个人都学到法律',
    description: '分区把 S1、S2 与其他节点隔开：让每位议员最终都学到法律。',
    task: 'S4 提出提案时，一个分区把 S1 和 S2 与其他节点隔开。确保每一位议员最终都学到这条法律。',
    hints: ['少数一侧既不能选定，也听不到选定的结果。', '如果网络恢复了呢？'],
    teacher: '少数派分区无法决定，只有重新连通后才能学到：S1 不断重试，愈合后它的准备消息会发现已选定的值。解法：让网络愈合。',
  },
  'make-two-laws': {
    title: '让错误的提议者选出两条法律',
    description: '提议者忽略承诺报告的投票：逐条投递消息，直到两个不同的电价被选定。',
    task: '这个岛的提议者会忽略承诺中报告的投票（一个错误变体）。网络是手动的：逐条投递消息，直到两个不同的电价被选定。',
    hints: ['先让 S1 的 1元/度 被 S1 和 S3 选定。', '再让 S2 从 S1 和 S2 收集承诺；S1 的承诺报告了它的投票，而这个 S2 会忽略它。'],
    teacher: '说明为什么提议者必须采用多数派承诺中编号最高的投票（Paxos Made Simple 的 P2c）。解法投递了模型检查器找到的 8 步（paxos-sim check --property agreement）。',
  },
  'same-number': {
    title: '两个编号为 1 的提案',
    description: '编号只是轮次：让 S1 和 S2 都赢得编号 1。',
    task: '这里的编号只是普通的轮次数字，就像岛上那个朴素的故事（一个错误变体）。让 S1 和 S2 都赢得编号 1。',
    hints: ['接受者无法区分来自 S1 的 1 和来自 S2 的 1。', '让每个提议者都在第 1 轮得到自己的多数派承诺。'],
    teacher: '说明为什么编号必须对每个提议者唯一：（轮次，节点）对。解法由模型检查器找到。',
  },
  'second-price-wins': {
    title: '第二个电价获胜',
    description: 'S1 先提出 1元/度，S2 晚 100 毫秒提出 2元/度：让全岛采用 2元/度。',
    task: 'S1 先提出 1元/度；S2 在 100 毫秒后提出 2元/度。让全岛采用 2元/度。',
    hints: ['只有在 S2 的编号得到承诺时还没有接受者投票给 1元/度，S2 才能获胜。', '如果 S1 在发出接受请求之前就停下了，它的提案会怎样？'],
    teacher: '说明 Paxos 并不保证第一个提案获胜，只保证有一个获胜。解法：在几毫秒内、S1 的承诺返回之前让 S1 崩溃；S2 的后一个编号没有发现任何投票，于是它自己的值被选定。',
  },
  'flexible-quorums': {
    title: '不相交的灵活法定人数',
    description: 'Flexible Paxos，4 个节点中第一阶段要 2 个承诺、第二阶段要 2 个接受：让两个值被选定。',
    task: '这个岛运行 Flexible Paxos：4 个节点中，第一阶段需要 2 个承诺，第二阶段需要 2 个接受。2 + 2 不大于 4。让两个值被选定。',
    hints: ['提议者会算上自己的承诺和自己的投票：每个阶段它只需要另外一个节点。', '只有当每个第一阶段的法定人数都与每个第二阶段的法定人数相交时，Flexible Paxos 才安全。找出两对没有共同节点的节点。'],
    teacher: 'Flexible Paxos（Howard、Malkhi、Spiegelman，2016）：只要第一阶段和第二阶段的法定人数相交即可，所以 Q1 + Q2 > N 就够了；这里 Q1 + Q2 = N。解法：S1 和 S3 完成两个阶段，S2 和 S4 也是。',
  },
  'small-quorum': {
    title: '不相交的多数派',
    description: '3 个节点中多数派只要 1 个：让两个值被选定。',
    task: '这个岛以 3 个中的 1 个作为多数派来决定（一个错误变体）。让两个值被选定。',
    hints: ['多数派只要 1 个时，提议者只需要它自己。', '两个没有共同节点的多数派可以做出不同的决定。'],
    teacher: '说明为什么多数派必须相交：任意两个多数派都有一个共同的接受者。解法：每个提议者各自独自决定。',
  },
};
