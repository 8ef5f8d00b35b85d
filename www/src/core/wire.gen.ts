// Generated from the Rust types by crates/paxos-session/tests/typescript.rs (ts-rs).
// Do not edit: change the Rust type, then UPDATE_TS=1 cargo test -p paxos-session
// --features ts --test typescript. www/src/core/protocol.ts names them for the page.

export type BranchView = { length: number, 
/**
 * Where it left the branch it came from (0 for the first).
 */
forkAt: number, 
/**
 * The branch it came from.
 */
parent: number | null, };

export type CheckFrom = "start" | "here";

export type CheckSpec = { from: CheckFrom, goal: GoalSpec, 
/**
 * No ballot above this round (default: 2 from the start; from here, one more than
 * the highest round seen).
 */
maxRound?: number, drop?: boolean, duplicate?: boolean, 
/**
 * Let one node crash (and restart).
 */
crash?: boolean, 
/**
 * Stop after this many distinct states (default 50,000,000).
 */
maxStates?: number, 
/**
 * More client proposals to explore from here.
 */
proposals?: Array<ProposeSpec>, };

export type CheckView = { explored: number, distinct: number, generated: number, depth: number, 
/**
 * running | exhausted (nothing found: unreachable, or no violation) | bounded | found
 */
outcome: 'running' | 'exhausted' | 'bounded' | 'found', property: string | null, detail: string | null, 
/**
 * Moves of the path found.
 */
moves: number | null, };

export type ChosenSlotView = { slot: number, value: string | null, ballot: WireBallot, };

export type ChosenView = { slot: number, value: string, ballot: WireBallot, time: number, step: number, };

export type FlightView = { id: number, from: string, to: string, msg: WireMsg, sentAt: number, 
/**
 * Null while the message waits for a person (manual network).
 */
arrivesAt: number | null, copyOf: number | null, };

export type GoalSpec = { "type": "violation" } | { "type": "breaks", property: string, } | { "type": "chosen", value: string, } | { "type": "accepts", node: string, ballot: WireBallot, } | { "type": "learns", node: string, value: string, };

export type History = { 
/**
 * Inputs applied: 0 right after loading.
 */
position: number, 
/**
 * Inputs on the current branch: `position < length` after going back.
 */
length: number, 
/**
 * The current branch.
 */
branch: number, branches: Array<BranchView>, };

export type LinkSpec = { between: [string, string], 
/**
 * Read as false when absent.
 */
cut?: boolean, 
/**
 * Read as 0 when absent.
 */
extra?: number, };

export type LinkView = { between: [string, string], cut: boolean, extra: number, };

export type LogEntryView = { slot: number, 
/**
 * Its own vote's ballot, if it voted in this slot.
 */
ballot: WireBallot | null, 
/**
 * `null`: a no-op.
 */
value: string | null, 
/**
 * `accepted` (voted, not known chosen), `chosen` or `applied`.
 */
status: 'accepted' | 'chosen' | 'applied', };

export type MessageCounts = { sent: number, delivered: number, dropped: number, duplicated: number, };

export type MoveView = { "move": "request", node: string, id: number, op: 'setData' | 'create' | 'delete' | 'getData' | 'exists' | 'getChildren' | 'sync' | 'connect' | 'close' | 'disconnect', path?: string, data?: string, version?: number, 
/**
 * `create`: deleted when the session ends (in a session only).
 */
ephemeral?: boolean, 
/**
 * `create`: the parent's counter is appended to the name.
 */
sequential?: boolean, 
/**
 * `getData`, `exists`, `getChildren`: leave a one-shot watch (in a session only).
 */
watch?: boolean, 
/**
 * `connect`: the session's timeout in ms.
 */
timeout?: number, 
/**
 * The session the request is sent in; for `connect`, the session that moves here.
 */
session?: number, } | { "move": "deliver", from: string, to: string, msg: WireMultiMsg, } | { "move": "timeout", node: string, } | { "move": "crash", node: string, } | { "move": "restart", node: string, };

export type MultiAction = { "action": "client", server: string, op: 'setData' | 'create' | 'delete' | 'getData' | 'exists' | 'getChildren' | 'sync' | 'connect' | 'close' | 'disconnect', path?: string, data?: string, version?: number, 
/**
 * `create`: deleted when the session ends (in a session only).
 */
ephemeral?: boolean, 
/**
 * `create`: the parent's counter is appended to the name.
 */
sequential?: boolean, 
/**
 * `getData`, `exists`, `getChildren`: leave a one-shot watch (in a session only).
 */
watch?: boolean, 
/**
 * `connect`: the session's timeout in ms.
 */
timeout?: number, 
/**
 * The session the request is sent in; for `connect`, the session that moves here.
 */
session?: number, } | { "action": "crash", node: string, } | { "action": "restart", node: string, } | { "action": "partition", groups: Array<Array<string>>, } | { "action": "heal" } | { "action": "setNetwork", network: NetworkSpec, } | { "action": "setLink", link: LinkSpec, } | { "action": "timeout", node: string, } | { "action": "deliver", id: number, } | { "action": "drop", id: number, } | { "action": "duplicate", id: number, };

export type MultiFlightView = { id: number, from: string, to: string, sentAt: number, 
/**
 * `None` while it waits for a person or a scripted event (manual network).
 */
arrivesAt: number | null, lost: boolean, msg: WireMultiMsg, };

export type MultiView = { protocol: 'multi', names: Array<string>, quorum: number, seed: number, time: number, step: number, until: number, 
/**
 * The server leading with the highest ballot, among those up.
 */
leader: string | null, servers: Array<ServerView>, flights: Array<MultiFlightView>, 
/**
 * Slots chosen so far (the newest [`LOG_TAIL`]), and how many in all.
 */
chosen: Array<ChosenSlotView>, chosenCount: number, requests: Array<RequestView>, violations: Array<ViolationView>, network: NetworkSpec, groups: Array<Array<string>> | null, 
/**
 * Links with a fault (cut, or slower).
 */
links: Array<LinkView>, messages: MessageCounts, 
/**
 * When the next event happens; null when nothing is left to happen.
 */
nextTime: number | null, 
/**
 * The clients' sessions, in the order they connected (session `n` is the `n`th).
 */
sessions: Array<SessionView>, };

export type NetworkMode = "auto" | "manual";

export type NetworkSpec = { 
/**
 * `auto`: the network delivers, loses and duplicates by itself; `manual`: every
 * message between two nodes waits until a person (or a scripted event) delivers,
 * drops or duplicates it.
 */
mode: NetworkMode, 
/**
 * Each message's delay, uniform in `[min, max]` ms.
 */
delay: [number, number], 
/**
 * Probability that a message is lost.
 */
drop: number, 
/**
 * Probability that a message is duplicated (the copy has its own delay and fate).
 */
duplicate: number, };

export type NodeStateView = { disk: string, memory: string, };

export type NodeView = { name: string, up: boolean, 
/**
 * The acceptor's notebook (durable).
 */
promised: WireBallot | null, accepted: WireVote | null, 
/**
 * The learner's ledger.
 */
learned: string | null, learnedAt: number | null, proposer: ProposerView, 
/**
 * A student's node (docs/node-protocol.md): the state it returned; absent for the
 * project's own node. Its notebook above is what it said (its promises and accepteds).
 */
state?: NodeStateView, };

export type ProposeSpec = { node: string, value: string, };

export type ProposerView = { 
/**
 * idle | preparing | accepting | backing-off | decided
 */
phase: 'idle' | 'preparing' | 'accepting' | 'backing-off' | 'decided', ballot: WireBallot | null, 
/**
 * The client's value given to this node.
 */
value: string | null, 
/**
 * The value of phase 2: its own or one adopted from a promise.
 */
proposal: string | null, 
/**
 * Who promised the current ballot.
 */
promises: Array<string>, 
/**
 * Who accepted the current ballot.
 */
accepteds: Array<string>, 
/**
 * Ballots started over the node's life.
 */
rounds: number, lastRound: number, 
/**
 * When its timer fires.
 */
timer: number | null, };

export type Request = { "type": "load", scenario: string, } | { "type": "step", count?: number, } | { "type": "runUntil", time: number, } | { "type": "runUntilChosen", limit?: number, } | { "type": "runUntilIdle", limit?: number, } | { "type": "propose", node: string, value: string, 
/**
 * The moment the person acted (virtual ms; see [`Request::at`]).
 */
at?: number, } | { "type": "crash", node: string, 
/**
 * The moment the person acted (virtual ms; see [`Request::at`]).
 */
at?: number, } | { "type": "restart", node: string, 
/**
 * The moment the person acted (virtual ms; see [`Request::at`]).
 */
at?: number, } | { "type": "partition", groups: Array<Array<string>>, 
/**
 * The moment the person acted (virtual ms; see [`Request::at`]).
 */
at?: number, } | { "type": "heal", 
/**
 * The moment the person acted (virtual ms; see [`Request::at`]).
 */
at?: number, } | { "type": "setNetwork", network: NetworkSpec, 
/**
 * The moment the person acted (virtual ms; see [`Request::at`]).
 */
at?: number, } | { "type": "setLink", link: LinkSpec, 
/**
 * The moment the person acted (virtual ms; see [`Request::at`]).
 */
at?: number, } | { "type": "deliver", id: number, 
/**
 * The moment the person acted (virtual ms; see [`Request::at`]).
 */
at?: number, } | { "type": "drop", id: number, 
/**
 * The moment the person acted (virtual ms; see [`Request::at`]).
 */
at?: number, } | { "type": "duplicate", id: number, 
/**
 * The moment the person acted (virtual ms; see [`Request::at`]).
 */
at?: number, } | { "type": "back", count?: number, } | { "type": "seek", position: number, } | { "type": "seekStep", step: number, } | { "type": "switchBranch", branch: number, } | { "type": "snapshot" } | { "type": "trace" } | { "type": "loadExercise", exercise: string, } | { "type": "checkStart", spec: CheckSpec, } | { "type": "checkRun", budget?: number, } | { "type": "checkStop" } | { "type": "checkLoad" } | { "type": "checkSpec", acceptors: number, values: number, maxBallot: number, } | { "type": "multiLoad", scenario: string, } | { "type": "multiStep", count?: number, } | { "type": "multiRunUntil", time: number, } | { "type": "multiAct", action: MultiAction, at?: number, } | { "type": "multiSeek", position: number, } | { "type": "multiSeekStep", step: number, } | { "type": "multiSwitchBranch", branch: number, } | { "type": "multiTrace" } | { "type": "multiCheckStart", 
/**
 * No ballot above this round is started (default 1).
 */
maxRound?: number, 
/**
 * Let one server crash (and restart).
 */
crash?: boolean, 
/**
 * Stop after this many distinct states.
 */
maxStates?: number, } | { "type": "multiCheckRun", budget?: number, } | { "type": "multiCheckStop" } | { "type": "multiCheckScenario" };

export type RequestView = { id: number, server: string, at: number, answeredAt: number | null, result: WireResult | null, slot: number | null, 
/**
 * Never answered: its client went silent while it waited.
 */
dropped: boolean, op: 'setData' | 'create' | 'delete' | 'getData' | 'exists' | 'getChildren' | 'sync' | 'connect' | 'close' | 'disconnect', path?: string, data?: string, version?: number, 
/**
 * `create`: deleted when the session ends (in a session only).
 */
ephemeral?: boolean, 
/**
 * `create`: the parent's counter is appended to the name.
 */
sequential?: boolean, 
/**
 * `getData`, `exists`, `getChildren`: leave a one-shot watch (in a session only).
 */
watch?: boolean, 
/**
 * `connect`: the session's timeout in ms.
 */
timeout?: number, 
/**
 * The session the request is sent in; for `connect`, the session that moves here.
 */
session?: number, };

export type Response = { "type": "update", since: number, lines: Array<TraceLine<WireMsg, string>>, snapshot: Snapshot, history: History, goalMet: boolean | null, } | { "type": "trace", text: string, } | { "type": "check", report: CheckView, } | { "type": "spec", distinct: number, generated: number, depth: number, safe: boolean, } | { "type": "multiUpdate", since: number, lines: Array<TraceLine<WireMultiMsg, string | null>>, view: MultiView, history: History, } | { "type": "multiCheck", report: CheckView, start: StartView, path: Array<MoveView>, } | { "type": "multiScenario", text: string, };

export type ServerView = { name: string, up: boolean, 
/**
 * `leader`, `candidate` or `follower`.
 */
role: 'leader' | 'candidate' | 'follower' | 'down', 
/**
 * Whom it follows (itself when it leads).
 */
leader: string | null, ballot: WireBallot | null, promised: WireBallot | null, 
/**
 * Every slot below `commit` is chosen and known here; below `applied`, applied.
 */
commit: number, applied: number, zxid: string, log: Array<LogEntryView>, tree: Array<ZnodeView>, 
/**
 * Paths where this server's tree differs from the leader's.
 */
differs: Array<string>, 
/**
 * Client commands handed to it and not chosen yet.
 */
waiting: number, };

export type SessionView = { id: number, 
/**
 * The server it is connected to, if any.
 */
server: string | null, timeout: number, 
/**
 * `connecting` (its connect not answered yet), `connected`, `disconnected` (silent or
 * lost its server: it expires unless it connects again), `closed` or `expired`.
 */
state: 'connecting' | 'connected' | 'disconnected' | 'closed' | 'expired', 
/**
 * The highest zxid it has seen.
 */
seen: string, 
/**
 * Requests sent and not answered yet.
 */
waiting: number, watches: Array<WatchView>, };

export type Snapshot = { 
/**
 * Virtual time, ms.
 */
now: number, 
/**
 * The number of the last trace line.
 */
step: number, quorum: number, 
/**
 * Flexible Paxos's quorums (then `quorum` is the prepare quorum); null otherwise.
 */
quorums: WireQuorums | null, 
/**
 * Broken variants in force (never on by default): the page marks them clearly.
 */
broken: Array<string>, nodes: Array<NodeView>, inFlight: Array<FlightView>, chosen: ChosenView | null, violations: Array<ViolationView>, network: NetworkSpec, 
/**
 * The partition groups by name, when the network is split.
 */
partition: Array<Array<string>> | null, 
/**
 * Links with a fault (cut, or slower).
 */
links: Array<LinkView>, 
/**
 * When the next event happens; null when nothing is left to happen.
 */
nextTime: number | null, };

export type StartView = { at: number | null, leader: string | null, };

export type TraceEvent<M = WireMsg, V = string> = { "event": "propose", node: string, value: string, } | { "event": "send", id: number, from: string, to: string, msg: M, } | { "event": "deliver", id: number, } | { "event": "drop", id: number, } | { "event": "duplicate", id: number, copy: number, } | { "event": "crash", node: string, } | { "event": "restart", node: string, } | { "event": "partition", groups: Array<Array<string>>, } | { "event": "heal", } | { "event": "timeout", node: string, } | { "event": "learn", node: string, slot: number, value: V, } | { "event": "chosen", slot: number, value: V, ballot: WireBallot, } | { "event": "violation", property: string, detail: string, } | { "event": "leader", node: string, ballot: WireBallot, } | { "event": "request", id: number, node: string, op: 'setData' | 'create' | 'delete' | 'getData' | 'exists' | 'getChildren' | 'sync' | 'connect' | 'close' | 'disconnect', path?: string, data?: string, version?: number, 
/**
 * `create`: deleted when the session ends (in a session only).
 */
ephemeral?: boolean, 
/**
 * `create`: the parent's counter is appended to the name.
 */
sequential?: boolean, 
/**
 * `getData`, `exists`, `getChildren`: leave a one-shot watch (in a session only).
 */
watch?: boolean, 
/**
 * `connect`: the session's timeout in ms.
 */
timeout?: number, 
/**
 * The session the request is sent in; for `connect`, the session that moves here.
 */
session?: number, } | { "event": "reply", id: number, node: string, session?: number, result: WireResult, } | { "event": "watch", node: string, session: number, path: string, kind: string, } | { "event": "notify", node: string, session: number, path: string, type: string, } | { "event": "expire", node: string, session: number, };

export type TraceLine<M = WireMsg, V = string> = { 
/**
 * Strictly increasing, from 1.
 */
step: number, 
/**
 * Virtual ms, never decreasing.
 */
time: number, } & ({ "event": "propose", node: string, value: string, } | { "event": "send", id: number, from: string, to: string, msg: M, } | { "event": "deliver", id: number, } | { "event": "drop", id: number, } | { "event": "duplicate", id: number, copy: number, } | { "event": "crash", node: string, } | { "event": "restart", node: string, } | { "event": "partition", groups: Array<Array<string>>, } | { "event": "heal", } | { "event": "timeout", node: string, } | { "event": "learn", node: string, slot: number, value: V, } | { "event": "chosen", slot: number, value: V, ballot: WireBallot, } | { "event": "violation", property: string, detail: string, } | { "event": "leader", node: string, ballot: WireBallot, } | { "event": "request", id: number, node: string, op: 'setData' | 'create' | 'delete' | 'getData' | 'exists' | 'getChildren' | 'sync' | 'connect' | 'close' | 'disconnect', path?: string, data?: string, version?: number, 
/**
 * `create`: deleted when the session ends (in a session only).
 */
ephemeral?: boolean, 
/**
 * `create`: the parent's counter is appended to the name.
 */
sequential?: boolean, 
/**
 * `getData`, `exists`, `getChildren`: leave a one-shot watch (in a session only).
 */
watch?: boolean, 
/**
 * `connect`: the session's timeout in ms.
 */
timeout?: number, 
/**
 * The session the request is sent in; for `connect`, the session that moves here.
 */
session?: number, } | { "event": "reply", id: number, node: string, session?: number, result: WireResult, } | { "event": "watch", node: string, session: number, path: string, kind: string, } | { "event": "notify", node: string, session: number, path: string, type: string, } | { "event": "expire", node: string, session: number, });

export type ViolationView = { property: string, detail: string, time: number, step: number, };

export type WatchView = { path: string, 
/**
 * `data`, `exist` or `child`.
 */
kind: 'data' | 'exist' | 'child', };

export type WireBallot = { round: number, node: string, };

export type WireMsg = { "type": "prepare", ballot: WireBallot, } | { "type": "promise", ballot: WireBallot, accepted: WireVote | null, } | { "type": "accept", ballot: WireBallot, value: string, } | { "type": "accepted", ballot: WireBallot, value: string, } | { "type": "nack", ballot: WireBallot, promised: WireBallot, } | { "type": "decide", value: string, };

export type WireMultiMsg = { "type": "prepare", ballot: WireBallot, from_slot: number, } | { "type": "promise", ballot: WireBallot, from_slot: number, accepted: Array<WireSlotVote>, } | { "type": "accept", ballot: WireBallot, slot: number, value: string | null, } | { "type": "accepted", ballot: WireBallot, slot: number, value: string | null, } | { "type": "nack", ballot: WireBallot, promised: WireBallot, } | { "type": "decide", slot: number, value: string | null, } | { "type": "heartbeat", ballot: WireBallot, commit: number, } | { "type": "forward", value: string, } | { "type": "catchup", from: number, } | { "type": "sync", token: number, } | { "type": "syncok", token: number, commit: number, } | { "type": "probe", ballot: WireBallot, probe: number, } | { "type": "probeok", ballot: WireBallot, probe: number, };

export type WireOp = { op: 'setData' | 'create' | 'delete' | 'getData' | 'exists' | 'getChildren' | 'sync' | 'connect' | 'close' | 'disconnect', path?: string, data?: string, version?: number, 
/**
 * `create`: deleted when the session ends (in a session only).
 */
ephemeral?: boolean, 
/**
 * `create`: the parent's counter is appended to the name.
 */
sequential?: boolean, 
/**
 * `getData`, `exists`, `getChildren`: leave a one-shot watch (in a session only).
 */
watch?: boolean, 
/**
 * `connect`: the session's timeout in ms.
 */
timeout?: number, 
/**
 * The session the request is sent in; for `connect`, the session that moves here.
 */
session?: number, };

export type WireQuorums = { prepare: number, accept: number, };

export type WireResult = { ok: boolean, zxid?: string, data?: string, version?: number, children?: Array<string>, exists?: boolean, error?: string, 
/**
 * For a stale read: what the leader has (`"2元/度 at 2:1 on S1"`).
 */
stale?: string, 
/**
 * `connect`: the session's id.
 */
session?: number, 
/**
 * A sequential `create`: the name it created.
 */
path?: string, };

export type WireSlotVote = { slot: number, ballot: WireBallot, value: string | null, };

export type WireVote = { ballot: WireBallot, value: string, };

export type ZnodeView = { path: string, data: string, version: number, mzxid: string, 
/**
 * The session that owns it, for an ephemeral znode.
 */
owner: number | null, };
