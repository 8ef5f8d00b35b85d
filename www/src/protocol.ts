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
  arrivesAt: number;
  copyOf: number | null;
}

export interface Network { delay: [number, number]; drop: number; duplicate: number }

export interface Snapshot {
  now: number;
  step: number;
  quorum: number;
  nodes: NodeView[];
  inFlight: FlightView[];
  chosen: { slot: number; value: string; ballot: Ballot; time: number; step: number } | null;
  violations: { property: string; detail: string; time: number; step: number }[];
  network: Network;
  partition: string[][] | null;
  nextTime: number | null;
}

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
  | { type: 'snapshot' }
  | { type: 'trace' };

export type Response =
  | { type: 'update'; lines: TraceLine[]; snapshot: Snapshot }
  | { type: 'trace'; text: string };

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
