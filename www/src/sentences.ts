// The log's plain sentences: turns paxos-trace lines into "S1 sends prepare 2.S1 to S3".
// The Narrator remembers just enough to phrase things (which message an id is, what each
// acceptor had promised, who is down); it starts from the simulator's snapshot and never
// decides anything itself. Pure: no DOM (unit-tested in www/test/sentences.test.ts).

import { exhaustive, type Ballot, type Msg, type Snapshot, type TraceLine, type Vote } from './protocol';
import { ballotText, msgBallot, msgLabel, timeText, voteText } from './labels';

/** How a sentence is shown: `arrive` lines are quieter, `chosen` and `violation` stand out. */
export type SentenceKind =
  | 'propose'
  | 'send'
  | 'arrive'
  | 'reply'
  | 'lost'
  | 'duplicate'
  | 'node'
  | 'network'
  | 'timeout'
  | 'learn'
  | 'chosen'
  | 'violation';

export interface Sentence {
  step: number;
  time: number;
  text: string;
  kind: SentenceKind;
  /** The ballot the line is about, for its colour; null when none. */
  ballot: Ballot | null;
  /** The nodes the line is about (sender and receiver, ...); empty: the whole island. */
  nodes: string[];
  /** The type of the message the line is about; null when it is about no message. */
  type: Msg['type'] | null;
}

type Said = Omit<Sentence, 'step' | 'time' | 'nodes' | 'type'> & { nodes?: string[]; type?: Msg['type'] | null };

interface Route {
  from: string;
  to: string;
  msg: Msg;
}

/** How many message routes to remember (a message lives a few seconds of virtual time). */
const ROUTES = 20_000;

const both = (a: string, b: string) => (a === b ? [a] : [a, b]);

const sameBallot = (a: Ballot | null, b: Ballot | null) =>
  a !== null && b !== null && a.round === b.round && a.node === b.node;

/** Reads trace lines in order and says what happened, in words. */
export class Narrator {
  private routes = new Map<number, Route>();
  private promised = new Map<string, Ballot | null>();
  private accepted = new Map<string, Vote | null>();
  private up = new Map<string, boolean>();
  private groups: string[][] | null = null;
  /** The message each node received last: what a nack that follows is an answer to. */
  private lastReceived = new Map<string, Msg>();

  /** Forget everything (a new scenario), optionally starting from its first snapshot. */
  reset(snapshot: Snapshot | null = null): void {
    this.routes.clear();
    this.lastReceived.clear();
    this.promised.clear();
    this.accepted.clear();
    this.up.clear();
    this.groups = null;
    if (snapshot) this.sync(snapshot);
  }

  /** Take the simulator's word for every notebook and message in flight (after a batch). */
  sync(s: Snapshot): void {
    for (const n of s.nodes) {
      this.promised.set(n.name, n.promised);
      this.accepted.set(n.name, n.accepted);
      this.up.set(n.name, n.up);
    }
    this.groups = s.partition;
    for (const f of s.inFlight) this.remember(f.id, { from: f.from, to: f.to, msg: f.msg });
  }

  /** Keeps the route of a message id; the oldest are forgotten past ROUTES ids. */
  private remember(id: number, r: Route): void {
    this.routes.set(id, r);
    if (this.routes.size > ROUTES) {
      for (const old of this.routes.keys()) {
        this.routes.delete(old);
        if (this.routes.size <= ROUTES * 0.8) break;
      }
    }
  }

  /** The sender, receiver and message of a message id seen so far. */
  route(id: number): Route | undefined {
    return this.routes.get(id);
  }

  /** One sentence per line that deserves one (every line does today). */
  narrate(lines: readonly TraceLine[]): Sentence[] {
    const out: Sentence[] = [];
    lines.forEach((line, i) => {
      const s = this.say(line, lines, i);
      if (s) out.push({ step: line.step, time: line.time, nodes: [], type: null, ...s });
    });
    return out;
  }

  /**
   * After going back in time: `kept` are the trace lines still held. What the narrator
   * knows (notebooks, who is down, the partition, what each node received last) is read
   * again from them, so the lines that follow are told as at that moment. Routes stay:
   * ids only grow along a branch, so the kept ids were never reused.
   */
  rewind(kept: readonly TraceLine[]): void {
    this.lastReceived.clear();
    this.promised.clear();
    this.accepted.clear();
    this.up.clear();
    this.groups = null;
    for (const l of kept) {
      switch (l.event) {
        case 'send':
          if (l.msg.type === 'promise' || l.msg.type === 'accepted') this.promised.set(l.from, l.msg.ballot);
          if (l.msg.type === 'accepted') this.accepted.set(l.from, { ballot: l.msg.ballot, value: l.msg.value });
          break;
        case 'deliver': {
          const r = this.routes.get(l.id);
          if (r) this.lastReceived.set(r.to, r.msg);
          break;
        }
        case 'crash':
          this.up.set(l.node, false);
          break;
        case 'restart':
          this.up.set(l.node, true);
          break;
        case 'partition':
          this.groups = l.groups;
          break;
        case 'heal':
          this.groups = null;
          break;
        default:
          break;
      }
    }
  }

  private say(line: TraceLine, lines: readonly TraceLine[], i: number): Said | null {
    const who = (from: string, to: string) => (from === to ? 'itself' : to);
    switch (line.event) {
      case 'propose':
        return { kind: 'propose', text: `${line.node} proposes ${line.value}`, ballot: null, nodes: [line.node] };
      case 'send': {
        this.remember(line.id, { from: line.from, to: line.to, msg: line.msg });
        return { ...this.sent(line.from, line.msg, who(line.from, line.to)), nodes: both(line.from, line.to), type: line.msg.type };
      }
      case 'deliver': {
        const r = this.routes.get(line.id);
        if (!r) return { kind: 'arrive', text: `message ${line.id} arrives`, ballot: null };
        this.lastReceived.set(r.to, r.msg);
        const text =
          r.from === r.to ? `${r.to} receives its own ${msgLabel(r.msg)}` : `${r.to} receives ${msgLabel(r.msg)} from ${r.from}`;
        return { kind: 'arrive', text, ballot: msgBallot(r.msg), nodes: both(r.from, r.to), type: r.msg.type };
      }
      case 'drop': {
        const r = this.routes.get(line.id);
        if (!r) return { kind: 'lost', text: `message ${line.id} was lost`, ballot: null };
        const cut = this.groups !== null && !this.groups.some((g) => g.includes(r.from) && g.includes(r.to));
        const why = this.up.get(r.to) === false ? `: ${r.to} is down` : cut ? ': the network is split between them' : '';
        return {
          kind: 'lost',
          text: `a message from ${r.from} to ${r.to} was lost${why}`,
          ballot: msgBallot(r.msg),
          nodes: both(r.from, r.to),
          type: r.msg.type,
        };
      }
      case 'duplicate': {
        const r = this.routes.get(line.id);
        if (!r) return { kind: 'duplicate', text: `the network duplicated message ${line.id}`, ballot: null };
        this.remember(line.copy, r);
        return {
          kind: 'duplicate',
          text: `the network duplicated ${msgLabel(r.msg)} from ${r.from} to ${r.to}`,
          ballot: msgBallot(r.msg),
          nodes: both(r.from, r.to),
          type: r.msg.type,
        };
      }
      case 'crash':
        this.up.set(line.node, false);
        return { kind: 'node', text: `${line.node} crashed`, ballot: null, nodes: [line.node] };
      case 'restart':
        this.up.set(line.node, true);
        return {
          kind: 'node',
          text: `${line.node} restarted, with the promise and vote it had written down`,
          ballot: null,
          nodes: [line.node],
        };
      case 'partition':
        this.groups = line.groups;
        return {
          kind: 'network',
          text: `the network split into ${line.groups.map((g) => g.join(', ')).join(' | ')}`,
          ballot: null,
        };
      case 'heal':
        this.groups = null;
        return { kind: 'network', text: 'the network healed: every node can reach every other again', ballot: null };
      case 'timeout': {
        // What the timer led to is in the lines of the same event, right after it.
        let next: Ballot | null = null;
        for (let j = i + 1; j < lines.length && lines[j]!.time === line.time; j++) {
          const l = lines[j]!;
          if (l.event === 'send' && l.from === line.node && l.msg.type === 'prepare') next = l.msg.ballot;
          if (next || l.event === 'timeout') break;
        }
        return next
          ? { kind: 'timeout', text: `${line.node}'s timer fired; it tries again with ballot ${ballotText(next)}`, ballot: next, nodes: [line.node] }
          : { kind: 'timeout', text: `${line.node}'s timer fired: no quorum in time, so it backs off`, ballot: null, nodes: [line.node] };
      }
      case 'learn':
        return { kind: 'learn', text: `${line.node} learned ${line.value}`, ballot: null, nodes: [line.node] };
      case 'chosen':
        return {
          kind: 'chosen',
          text: `${line.value} is chosen (ballot ${ballotText(line.ballot)}, at ${timeText(line.time)})`,
          ballot: line.ballot,
        };
      case 'violation':
        return { kind: 'violation', text: `safety violated: ${line.property}: ${line.detail}`, ballot: null };
      default:
        return exhaustive(line);
    }
  }

  private sent(from: string, m: Msg, toWhom: string): Said {
    switch (m.type) {
      case 'prepare':
      case 'accept':
      case 'decide':
        return { kind: 'send', text: `${from} sends ${msgLabel(m)} to ${toWhom}`, ballot: msgBallot(m) };
      case 'promise': {
        const before = this.promised.get(from) ?? null;
        this.promised.set(from, m.ballot);
        let text = `${from} promised ballot ${ballotText(m.ballot)} to ${toWhom}`;
        if (sameBallot(before, m.ballot)) text += ' again';
        const had: string[] = [];
        if (before && !sameBallot(before, m.ballot)) had.push(`promised ${ballotText(before)}`);
        if (m.accepted) had.push(`accepted ${voteText(m.accepted)}`);
        if (had.length) text += `; it had ${had.join(' and ')} before`;
        return { kind: 'reply', text, ballot: m.ballot };
      }
      case 'accepted':
        this.promised.set(from, m.ballot);
        this.accepted.set(from, { ballot: m.ballot, value: m.value });
        return { kind: 'reply', text: `${from} accepted ${ballotText(m.ballot)} = ${m.value}`, ballot: m.ballot };
      case 'nack': {
        const got = this.lastReceived.get(from);
        const what =
          got && (got.type === 'prepare' || got.type === 'accept') && sameBallot(got.ballot, m.ballot)
            ? `${got.type} ${ballotText(m.ballot)}`
            : `ballot ${ballotText(m.ballot)}`;
        return { kind: 'reply', text: `${from} rejected ${what}: it promised ${ballotText(m.promised)}`, ballot: m.ballot };
      }
      default:
        return exhaustive(m);
    }
  }
}
