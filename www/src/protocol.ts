// The worker protocol, version 1: the TypeScript mirror of
// crates/paxos-session/src/lib.rs (Request, Response) and paxos-sim's snapshot.rs / trace.rs.
// The contract is docs/worker-protocol.md. Change both sides together, and bump
// PROTOCOL_VERSION when a message changes shape.

export const PROTOCOL_VERSION = 1;

// ---- paxos-trace v1 (docs/trace.md) ---------------------------------------------------

export interface Ballot { round: number; node: string }
export interface Vote { ballot: Ballot; value: string }

export type Msg =
  | { type: 'prepare'; ballot: Ballot }
  | { type: 'promise'; ballot: Ballot; accepted: Vote | null }
  | { type: 'accept'; ballot: Ballot; value: string }
  | { type: 'accepted'; ballot: Ballot; value: string }
  | { type: 'nack'; ballot: Ballot; promised: Ballot }
  | { type: 'decide'; value: string };

export type TraceEvent =
  | { event: 'propose'; node: string; value: string }
  | { event: 'send'; id: number; from: string; to: string; msg: Msg }
  | { event: 'deliver'; id: number }
  | { event: 'drop'; id: number }
  | { event: 'duplicate'; id: number; copy: number }
  | { event: 'crash'; node: string }
  | { event: 'restart'; node: string }
  | { event: 'partition'; groups: string[][] }
  | { event: 'heal' }
  | { event: 'timeout'; node: string }
  | { event: 'learn'; node: string; slot: number; value: string }
  | { event: 'chosen'; slot: number; value: string; ballot: Ballot }
  | { event: 'violation'; property: string; detail: string };

export type TraceLine = { step: number; time: number } & TraceEvent;

// ---- Snapshot (crates/paxos-sim/src/snapshot.rs) --------------------------------------

export type Phase = 'idle' | 'preparing' | 'accepting' | 'backing-off' | 'decided';

export interface ProposerView {
  phase: Phase;
  ballot: Ballot | null;
  value: string | null;
  proposal: string | null;
  promises: string[];
  accepteds: string[];
  rounds: number;
  lastRound: number;
  timer: number | null;
}

export interface NodeView {
  name: string;
  up: boolean;
  promised: Ballot | null;
  accepted: Vote | null;
  learned: string | null;
  learnedAt: number | null;
  proposer: ProposerView;
}

export interface FlightView {
  id: number;
  from: string;
  to: string;
  msg: Msg;
  sentAt: number;
  /** null while the message waits for a person (manual network). */
  arrivesAt: number | null;
  copyOf: number | null;
}

export type NetworkMode = 'auto' | 'manual';

export interface Network { mode: NetworkMode; delay: [number, number]; drop: number; duplicate: number }

export interface LinkView { between: [string, string]; cut: boolean; extra: number }

export interface LinkSpec { between: [string, string]; cut?: boolean; extra?: number }

/** Flexible Paxos's two quorums: promises in phase 1, accepteds in phase 2. */
export interface Quorums { prepare: number; accept: number }

export interface Snapshot {
  now: number;
  step: number;
  quorum: number;
  /** Flexible Paxos's quorums (`quorum` is then the prepare quorum); null otherwise. */
  quorums: Quorums | null;
  /** Broken variants in force (never on by default). */
  broken: string[];
  nodes: NodeView[];
  inFlight: FlightView[];
  chosen: { slot: number; value: string; ballot: Ballot; time: number; step: number } | null;
  violations: { property: string; detail: string; time: number; step: number }[];
  network: Network;
  partition: string[][] | null;
  links: LinkView[];
  nextTime: number | null;
}

export interface BranchView { length: number; forkAt: number; parent: number | null }

/** Where the simulation is on its timeline (docs/worker-protocol.md, "Time travel"). */
export interface History { position: number; length: number; branch: number; branches: BranchView[] }

// ---- Requests and responses (crates/paxos-session/src/lib.rs) -------------------------

export type Request =
  | { type: 'load'; scenario: string }
  | { type: 'step'; count?: number }
  | { type: 'runUntil'; time: number }
  | { type: 'runUntilChosen'; limit?: number }
  | { type: 'runUntilIdle'; limit?: number }
  | { type: 'propose'; node: string; value: string }
  | { type: 'crash'; node: string }
  | { type: 'restart'; node: string }
  | { type: 'partition'; groups: string[][] }
  | { type: 'heal' }
  | { type: 'setNetwork'; network: Network }
  | { type: 'setLink'; link: LinkSpec }
  | { type: 'deliver'; id: number }
  | { type: 'drop'; id: number }
  | { type: 'duplicate'; id: number }
  | { type: 'back'; count?: number }
  | { type: 'seek'; position: number }
  | { type: 'seekStep'; step: number }
  | { type: 'switchBranch'; branch: number }
  | { type: 'loadExercise'; exercise: string }
  | { type: 'checkStart'; spec: CheckSpec }
  | { type: 'checkRun'; budget?: number }
  | { type: 'checkStop' }
  | { type: 'checkLoad' }
  | { type: 'checkSpec'; acceptors: number; values: number; maxBallot: number }
  | { type: 'snapshot' }
  | { type: 'trace' }
  | { type: 'multiLoad'; scenario: string }
  | { type: 'multiStep'; count?: number }
  | { type: 'multiRunUntil'; time: number }
  | { type: 'multiAct'; action: MultiAction }
  | { type: 'multiSeek'; position: number }
  | { type: 'multiTrace' }
  | { type: 'multiCheckStart'; maxRound?: number; crash?: boolean; maxStates?: number }
  | { type: 'multiCheckRun'; budget?: number }
  | { type: 'multiCheckStop' }
  | { type: 'multiCheckScenario' };

/** A model-checking request (docs/worker-protocol.md, "Model checking"). */
export interface CheckSpec {
  from: 'start' | 'here';
  goal: CheckGoal;
  maxRound?: number;
  drop?: boolean;
  duplicate?: boolean;
  crash?: boolean;
  maxStates?: number;
  proposals?: { node: string; value: string }[];
}

export type CheckGoal =
  | { type: 'violation' }
  | { type: 'breaks'; property: string }
  | { type: 'chosen'; value: string }
  | { type: 'accepts'; node: string; ballot: Ballot }
  | { type: 'learns'; node: string; value: string };

export interface CheckView {
  explored: number;
  distinct: number;
  generated: number;
  depth: number;
  outcome: 'running' | 'exhausted' | 'bounded' | 'found';
  property: string | null;
  detail: string | null;
  moves: number | null;
}

export type Response =
  /** Keep the trace lines up to step `since`, drop the rest, append `lines`. */
  | { type: 'update'; since: number; lines: TraceLine[]; snapshot: Snapshot; history: History; goalMet: boolean | null }
  | { type: 'trace'; text: string }
  | { type: 'check'; report: CheckView }
  | { type: 'spec'; distinct: number; generated: number; depth: number; safe: boolean }
  /** Multi-Paxos: keep the trace lines up to step `since`, append `lines`; the state is `view`. */
  | { type: 'multiUpdate'; since: number; lines: MultiTraceLine[]; view: MultiView; position: number; length: number }
  /** A Multi-Paxos search: where it started, and the counterexample's moves. */
  | { type: 'multiCheck'; report: CheckView; start: MultiCheckStart; path: MultiMove[] }
  /** A scenario file's text: the Multi-Paxos counterexample, to open with `multiLoad`. */
  | { type: 'multiScenario'; text: string };

// ---- Multi-Paxos and ZooKeeper (crates/paxos-sim/src/multi/{view,wire}.rs, --------------
// ---- session/multi.rs) -----------------------------------------------------------------

export interface SlotVote { slot: number; ballot: Ballot; value: string | null }

/** A Multi-Paxos message; `value` null is a no-op. */
export type MultiMsg =
  | { type: 'prepare'; ballot: Ballot; from_slot: number }
  | { type: 'promise'; ballot: Ballot; from_slot: number; accepted: SlotVote[] }
  | { type: 'accept'; ballot: Ballot; slot: number; value: string | null }
  | { type: 'accepted'; ballot: Ballot; slot: number; value: string | null }
  | { type: 'nack'; ballot: Ballot; promised: Ballot }
  | { type: 'decide'; slot: number; value: string | null }
  | { type: 'heartbeat'; ballot: Ballot; commit: number }
  | { type: 'forward'; value: string }
  | { type: 'catchup'; from: number }
  | { type: 'sync'; token: number }
  | { type: 'syncok'; token: number; commit: number }
  | { type: 'probe'; ballot: Ballot; probe: number }
  | { type: 'probeok'; ballot: Ballot; probe: number };

export type ZkOpName = 'setData' | 'create' | 'delete' | 'getData' | 'exists' | 'getChildren' | 'sync';

/** A client operation: `{op:'setData', path:'/laws/electricity', data:'2元/度'}`. */
export interface ZkOp { op: ZkOpName; path?: string; data?: string; version?: number }

/** A server's answer to a client; `stale` says what the leader had, for a stale read. */
export interface ZkResult {
  ok: boolean;
  zxid?: string;
  data?: string;
  version?: number;
  children?: string[];
  exists?: boolean;
  error?: string;
  stale?: string;
}

export type MultiTraceEvent =
  | { event: 'send'; id: number; from: string; to: string; msg: MultiMsg }
  | { event: 'deliver'; id: number }
  | { event: 'drop'; id: number }
  | { event: 'duplicate'; id: number; copy: number }
  | { event: 'crash'; node: string }
  | { event: 'restart'; node: string }
  | { event: 'partition'; groups: string[][] }
  | { event: 'heal' }
  | { event: 'timeout'; node: string }
  | { event: 'learn'; node: string; slot: number; value: string | null }
  | { event: 'chosen'; slot: number; value: string | null; ballot: Ballot }
  | { event: 'violation'; property: string; detail: string }
  | { event: 'leader'; node: string; ballot: Ballot }
  | ({ event: 'request'; id: number; node: string } & ZkOp)
  | { event: 'reply'; id: number; node: string; result: ZkResult };

export type MultiTraceLine = { step: number; time: number } & MultiTraceEvent;

export type MultiRole = 'leader' | 'candidate' | 'follower' | 'down';

export interface MultiLogEntry {
  slot: number;
  /** Its own vote's ballot, if it voted in this slot. */
  ballot: Ballot | null;
  /** null: a no-op. */
  value: string | null;
  status: 'accepted' | 'chosen' | 'applied';
}

export interface Znode { path: string; data: string; version: number; mzxid: string }

export interface ServerView {
  name: string;
  up: boolean;
  role: MultiRole;
  /** Whom it follows (itself when it leads). */
  leader: string | null;
  ballot: Ballot | null;
  promised: Ballot | null;
  commit: number;
  applied: number;
  zxid: string;
  log: MultiLogEntry[];
  tree: Znode[];
  /** Paths where this server's tree differs from the leader's. */
  differs: string[];
  waiting: number;
}

export interface MultiFlightView { id: number; from: string; to: string; sentAt: number; arrivesAt: number | null; lost: boolean; msg: MultiMsg }

export interface RequestView extends ZkOp {
  id: number;
  server: string;
  at: number;
  answeredAt: number | null;
  result: ZkResult | null;
  slot: number | null;
}

export interface MultiView {
  protocol: 'multi';
  names: string[];
  quorum: number;
  seed: number;
  time: number;
  step: number;
  until: number;
  /** The server leading with the highest ballot, among those up. */
  leader: string | null;
  servers: ServerView[];
  flights: MultiFlightView[];
  chosen: { slot: number; value: string | null; ballot: Ballot }[];
  chosenCount: number;
  requests: RequestView[];
  violations: { property: string; detail: string; time: number; step: number }[];
  network: Network;
  groups: string[][] | null;
  messages: { sent: number; delivered: number; dropped: number; duplicated: number };
}

/** Where a Multi-Paxos search started: the scenario's moment before its first client
 * request and who led then, or (`at` null) every server as it starts. */
export interface MultiCheckStart { at: number | null; leader: string | null }

/** One move of a Multi-Paxos counterexample (a request as a trace's `request` line has it). */
export type MultiMove =
  | ({ move: 'request'; node: string; id: number } & ZkOp)
  | { move: 'deliver'; from: string; to: string; msg: MultiMsg }
  | { move: 'timeout' | 'crash' | 'restart'; node: string };

/** A person's action in the Multi-Paxos view. */
export type MultiAction =
  | ({ action: 'client'; server: string } & ZkOp)
  | { action: 'crash'; node: string }
  | { action: 'restart'; node: string }
  | { action: 'partition'; groups: string[][] }
  | { action: 'heal' }
  | { action: 'setNetwork'; network: Network }
  | { action: 'setLink'; link: LinkSpec }
  | { action: 'timeout'; node: string }
  | { action: 'deliver' | 'drop' | 'duplicate'; id: number };

// ---- The envelope between the page and the worker -------------------------------------

export type ToWorker =
  /**
   * First, before any request: the wasm of the worker's build number `build` (0 its first,
   * n its n-th later one), compiled by the page (firstwasm.ts), or null: the worker fetches
   * the build it wants.
   */
  | { v: typeof PROTOCOL_VERSION; id: 0; wasm: WebAssembly.Module | null; build: number }
  | { v: typeof PROTOCOL_VERSION; id: number; request: Request }
  /** A replacement worker's input log, carried out in order; answered by `replayed` reports. */
  | { v: typeof PROTOCOL_VERSION; id: number; replay: Request[] }
  /** Stops replay `id` at the end of its current slice. */
  | { v: typeof PROTOCOL_VERSION; id: number; cancel: true };

export type FromWorker =
  /** A build has loaded (after each `loading`). */
  | { v: typeof PROTOCOL_VERSION; kind: 'ready' }
  /** A build is being fetched and started: the time budget waits for the next message. */
  | { v: typeof PROTOCOL_VERSION; kind: 'loading' }
  | { v: typeof PROTOCOL_VERSION; kind: 'reply'; id: number; response: Response }
  | { v: typeof PROTOCOL_VERSION; kind: 'error'; id: number; message: string }
  /** The wasm trapped answering `id` (a panic, no memory left): this worker is done for. */
  | { v: typeof PROTOCOL_VERSION; kind: 'crashed'; id: number; message: string }
  /** Replay `id` has carried out `done` of its requests; `end`: it is over. */
  | { v: typeof PROTOCOL_VERSION; kind: 'replayed'; id: number; done: number; end: boolean };

/** Ends every switch over a union: a new member is a compile error until handled. */
export function exhaustive(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
