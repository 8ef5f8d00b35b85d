// The worker protocol, version 1: the TypeScript mirror of
// crates/paxos-sim/src/session.rs (Request, Response) and snapshot.rs / trace.rs.
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

export interface Snapshot {
  now: number;
  step: number;
  quorum: number;
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

// ---- Requests and responses (crates/paxos-sim/src/session.rs) -------------------------

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
  | { type: 'trace' };

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
  | { type: 'spec'; distinct: number; generated: number; depth: number; safe: boolean };

// ---- The envelope between the page and the worker -------------------------------------

export type ToWorker = { v: typeof PROTOCOL_VERSION; id: number; request: Request };

export type FromWorker =
  | { v: typeof PROTOCOL_VERSION; kind: 'ready' }
  | { v: typeof PROTOCOL_VERSION; kind: 'reply'; id: number; response: Response }
  | { v: typeof PROTOCOL_VERSION; kind: 'error'; id: number; message: string };

/** Ends every switch over a union: a new member is a compile error until handled. */
export function exhaustive(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
