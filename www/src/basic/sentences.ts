// The log's plain sentences: turns paxos-trace lines into "S1 sends prepare 2.S1 to S3".
// The Narrator remembers just enough to phrase things (which message an id is, what each
// acceptor had promised, who is down); it starts from the simulator's snapshot and never
// decides anything itself. Pure: no DOM (unit-tested in www/test/sentences.test.ts).

import { exhaustive, type Ballot, type Msg, type Snapshot, type TraceLine, type Vote } from '../core/protocol';
import { ballotText, msgBallot, msgLabel, timeText, voteText } from './labels';
import { L, Message, type Lazy } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts

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

type Said = Omit<Sentence, 'step' | 'time' | 'nodes' | 'type' | 'text'> & { text: Message; nodes?: string[]; type?: Msg['type'] | null };

/**
 * A sentence whose `text` is said in the current language each time it is read. A small
 * record (the page holds one per trace line): `text` is a getter of the class, and what it
 * says is kept as the message's key and parameters.
 */
class Line {
  constructor(
    readonly step: number,
    readonly time: number,
    readonly kind: SentenceKind,
    readonly ballot: Ballot | null,
    readonly nodes: string[],
    readonly type: Msg['type'] | null,
    readonly say: Message | Lazy,
  ) {}
  get text(): string {
    return String(this.say);
  }
}

/** A sentence whose `text` is said in the current language each time it is read. */
export function sentenceOf<T extends Sentence = Sentence>(base: Omit<T, 'text'>, text: Message | Lazy): T {
  const { step, time, kind, ballot, nodes, type, ...more } = base;
  return Object.assign(new Line(step, time, kind, ballot, nodes, type, text), more) as unknown as T;
}

interface Route {
  from: string;
  to: string;
  msg: Msg;
}

/** How many message routes to remember (a message lives a few seconds of virtual time). */
const ROUTES = 20_000;

/** `say(what)`, said later in the language of the moment (a record, not a closure: two are equal when they say the same). */
class Later<T> implements Lazy {
  constructor(
    readonly say: (x: T) => string,
    readonly what: T,
  ) {}
  lazy(): string {
    return this.say(this.what);
  }
}
/** A message's label, and a time, said later. */
const msgL = (m: Msg) => new Later(msgLabel, m);
const msL = (ms: number) => new Later(timeText, ms);

const NONE: string[] = [];

const sameBallot = (a: Ballot | null, b: Ballot | null) =>
  a !== null && b !== null && a.round === b.round && a.node === b.node;

/** Reads trace lines in order and says what happened, in words. */
export class Narrator {
  #routes = new Map<number, Route>();
  /** The lists of nodes sentences are about, one per pair, shared by every sentence (never changed). */
  #pairs = new Map<string, string[]>();
  #promised = new Map<string, Ballot | null>();
  #accepted = new Map<string, Vote | null>();
  #up = new Map<string, boolean>();
  #groups: string[][] | null = null;
  /** The message each node received last: what a nack that follows is an answer to. */
  #lastReceived = new Map<string, Msg>();

  /** Forget everything (a new scenario), optionally starting from its first snapshot. */
  reset(snapshot: Snapshot | null = null): void {
    this.#routes.clear();
    this.#lastReceived.clear();
    this.#promised.clear();
    this.#accepted.clear();
    this.#up.clear();
    this.#groups = null;
    if (snapshot) this.sync(snapshot);
  }

  /** Take the simulator's word for every notebook and message in flight (after a batch). */
  sync(s: Snapshot): void {
    for (const n of s.nodes) {
      this.#promised.set(n.name, n.promised);
      this.#accepted.set(n.name, n.accepted);
      this.#up.set(n.name, n.up);
    }
    this.#groups = s.partition;
    for (const f of s.inFlight) this.#remember(f.id, { from: f.from, to: f.to, msg: f.msg });
  }

  /** Keeps the route of a message id; the oldest are forgotten past ROUTES ids. */
  #remember(id: number, r: Route): void {
    this.#routes.set(id, r);
    if (this.#routes.size > ROUTES) {
      for (const old of this.#routes.keys()) {
        this.#routes.delete(old);
        if (this.#routes.size <= ROUTES * 0.8) break;
      }
    }
  }

  /** `[a, b]`, or `[a]` when they are one node. */
  #both(a: string, b = a): string[] {
    const k = `${a} ${b}`;
    let x = this.#pairs.get(k);
    if (!x) this.#pairs.set(k, (x = a === b ? [a] : [a, b]));
    return x;
  }

  /** The sender, receiver and message of a message id seen so far. */
  route(id: number): Route | undefined {
    return this.#routes.get(id);
  }

  /** One sentence per line that deserves one (every line does today). */
  narrate(lines: readonly TraceLine[]): Sentence[] {
    const out: Sentence[] = [];
    lines.forEach((line, i) => {
      const s = this.#say(line, lines, i);
      if (s) out.push(new Line(line.step, line.time, s.kind, s.ballot, s.nodes ?? NONE, s.type ?? null, s.text));
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
    this.#lastReceived.clear();
    this.#promised.clear();
    this.#accepted.clear();
    this.#up.clear();
    this.#groups = null;
    for (const l of kept) {
      switch (l.event) {
        case 'send':
          if (l.msg.type === 'promise' || l.msg.type === 'accepted') this.#promised.set(l.from, l.msg.ballot);
          if (l.msg.type === 'accepted') this.#accepted.set(l.from, { ballot: l.msg.ballot, value: l.msg.value });
          break;
        case 'deliver': {
          const r = this.#routes.get(l.id);
          if (r) this.#lastReceived.set(r.to, r.msg);
          break;
        }
        case 'crash':
          this.#up.set(l.node, false);
          break;
        case 'restart':
          this.#up.set(l.node, true);
          break;
        case 'partition':
          this.#groups = l.groups;
          break;
        case 'heal':
          this.#groups = null;
          break;
        default:
          break;
      }
    }
  }

  #say(line: TraceLine, lines: readonly TraceLine[], i: number): Said | null {
        switch (line.event) {
      case 'propose':
        return { kind: 'propose', text: L('log.propose', { node: line.node, value: line.value }), ballot: null, nodes: this.#both(line.node) };
      case 'send': {
        this.#remember(line.id, { from: line.from, to: line.to, msg: line.msg });
        return { ...this.#sent(line.from, line.msg, line.to), nodes: this.#both(line.from, line.to), type: line.msg.type };
      }
      case 'deliver': {
        const r = this.#routes.get(line.id);
        if (!r) return { kind: 'arrive', text: L('log.arriveUnknown', { id: String(line.id) }), ballot: null };
        this.#lastReceived.set(r.to, r.msg);
        const text =
          r.from === r.to ? L('log.receiveOwn', { to: r.to, msg: msgL(r.msg) }) : L('log.receive', { to: r.to, msg: msgL(r.msg), from: r.from });
        return { kind: 'arrive', text, ballot: msgBallot(r.msg), nodes: this.#both(r.from, r.to), type: r.msg.type };
      }
      case 'drop': {
        const r = this.#routes.get(line.id);
        if (!r) return { kind: 'lost', text: L('log.lostUnknown', { id: String(line.id) }), ballot: null };
        const cut = this.#groups !== null && !this.#groups.some((g) => g.includes(r.from) && g.includes(r.to));
        const why = this.#up.get(r.to) === false ? 'log.lostDown' : cut ? 'log.lostSplit' : 'log.lost';
        return {
          kind: 'lost',
          text: L(why, { from: r.from, to: r.to }),
          ballot: msgBallot(r.msg),
          nodes: this.#both(r.from, r.to),
          type: r.msg.type,
        };
      }
      case 'duplicate': {
        const r = this.#routes.get(line.id);
        if (!r) return { kind: 'duplicate', text: L('log.duplicateUnknown', { id: String(line.id) }), ballot: null };
        this.#remember(line.copy, r);
        return {
          kind: 'duplicate',
          text: L('log.duplicate', { msg: msgL(r.msg), from: r.from, to: r.to }),
          ballot: msgBallot(r.msg),
          nodes: this.#both(r.from, r.to),
          type: r.msg.type,
        };
      }
      case 'crash':
        this.#up.set(line.node, false);
        return { kind: 'node', text: L('log.crash', { node: line.node }), ballot: null, nodes: this.#both(line.node) };
      case 'restart':
        this.#up.set(line.node, true);
        return {
          kind: 'node',
          text: L('log.restart', { node: line.node }),
          ballot: null,
          nodes: this.#both(line.node),
        };
      case 'partition':
        this.#groups = line.groups;
        return {
          kind: 'network',
          text: L('log.partition', { groups: line.groups.map((g) => g.join(', ')).join(' | ') }),
          ballot: null,
        };
      case 'heal':
        this.#groups = null;
        return { kind: 'network', text: L('log.heal'), ballot: null };
      case 'timeout': {
        // What the timer led to is in the lines of the same event, right after it.
        let next: Ballot | null = null;
        for (let j = i + 1; j < lines.length && lines[j]!.time === line.time; j++) {
          const l = lines[j]!;
          if (l.event === 'send' && l.from === line.node && l.msg.type === 'prepare') next = l.msg.ballot;
          if (next || l.event === 'timeout') break;
        }
        return next
          ? { kind: 'timeout', text: L('log.timeoutRetry', { node: line.node, b: ballotText(next) }), ballot: next, nodes: this.#both(line.node) }
          : { kind: 'timeout', text: L('log.timeoutBackoff', { node: line.node }), ballot: null, nodes: this.#both(line.node) };
      }
      case 'learn':
        return { kind: 'learn', text: L('log.learn', { node: line.node, value: line.value }), ballot: null, nodes: this.#both(line.node) };
      case 'chosen':
        return {
          kind: 'chosen',
          text: L('log.chosen', { value: line.value, b: ballotText(line.ballot), time: msL(line.time) }),
          ballot: line.ballot,
        };
      case 'violation':
        return { kind: 'violation', text: L('log.violation', { property: line.property, detail: line.detail }), ballot: null };
      default:
        return exhaustive(line);
    }
  }

  #sent(from: string, m: Msg, to: string): Said {
    const self = from === to;
    switch (m.type) {
      case 'prepare':
      case 'accept':
      case 'decide':
        return { kind: 'send', text: self ? L('log.sendSelf', { from, msg: msgL(m) }) : L('log.send', { from, msg: msgL(m), to }), ballot: msgBallot(m) };
      case 'promise': {
        const before = this.#promised.get(from) ?? null;
        this.#promised.set(from, m.ballot);
        const again = sameBallot(before, m.ballot);
        let text = self
          ? L(again ? 'log.promiseSelfAgain' : 'log.promiseSelf', { from, b: ballotText(m.ballot) })
          : L(again ? 'log.promiseAgain' : 'log.promise', { from, b: ballotText(m.ballot), to });
        const had: Message[] = [];
        if (before && !sameBallot(before, m.ballot)) had.push(L('log.hadPromised', { b: ballotText(before) }));
        if (m.accepted) had.push(L('log.hadAccepted', { vote: voteText(m.accepted) }));
        if (had.length) text = L('log.hadBefore', { text, what: had.length === 2 ? L('log.and', { a: had[0]!, b: had[1]! }) : had[0]! });
        return { kind: 'reply', text, ballot: m.ballot };
      }
      case 'accepted':
        this.#promised.set(from, m.ballot);
        this.#accepted.set(from, { ballot: m.ballot, value: m.value });
        return { kind: 'reply', text: L('log.accepted', { from, b: ballotText(m.ballot), value: m.value }), ballot: m.ballot };
      case 'nack': {
        const got = this.#lastReceived.get(from);
        const what =
          got && (got.type === 'prepare' || got.type === 'accept') && sameBallot(got.ballot, m.ballot)
            ? L('log.nackWhat', { type: L(`type.${got.type}`), b: ballotText(m.ballot) })
            : L('log.nackBallot', { b: ballotText(m.ballot) });
        return { kind: 'reply', text: L('log.nack', { from, what, promised: ballotText(m.promised) }), ballot: m.ballot };
      }
      default:
        return exhaustive(m);
    }
  }
}
