// The worker protocol, version 2 (docs/worker-protocol.md). Every type the simulator reads
// or writes is generated from its Rust type into wire.gen.ts (crates/paxos-session/tests/
// typescript.rs); this module names them as the page uses them, and holds the envelope
// between the page and its worker, which only TypeScript has. Bump PROTOCOL_VERSION when a
// message changes shape.

import type * as W from './wire.gen';
import type { Packed } from './changes';

export const PROTOCOL_VERSION = 2;

// ---- paxos-trace v1 (docs/trace.md) ---------------------------------------------------

export type Ballot = W.WireBallot;
export type Vote = W.WireVote;
export type Msg = W.WireMsg;
/** A Basic Paxos trace line: a trace line without the events only Multi-Paxos writes. */
export type TraceLine = Exclude<W.TraceLine<W.WireMsg, string>, { event: MultiOnly }>;
type MultiOnly = 'leader' | 'request' | 'reply' | 'watch' | 'notify' | 'expire';
export type TraceEvent = Exclude<W.TraceEvent<W.WireMsg, string>, { event: MultiOnly }>;

// ---- Snapshot (crates/paxos-sim/src/snapshot.rs) --------------------------------------

export type Phase = W.ProposerView['phase'];
export type ProposerView = W.ProposerView;
export type NodeView = W.NodeView;
export type FlightView = W.FlightView;
export type NetworkMode = W.NetworkMode;
export type Network = W.NetworkSpec;
export type LinkView = W.LinkView;
export type LinkSpec = W.LinkSpec;
/** Flexible Paxos's two quorums: promises in phase 1, accepteds in phase 2. */
export type Quorums = W.WireQuorums;
export type Snapshot = W.Snapshot;
export type BranchView = W.BranchView;
/** Where the simulation is on its timeline (docs/worker-protocol.md, "Time travel"). */
export type History = W.History;

// ---- Requests and responses (crates/paxos-session/src/wire.rs) ------------------------

export type Request = W.Request;
/** A model-checking request (docs/worker-protocol.md, "Model checking"). */
export type CheckSpec = W.CheckSpec;
export type CheckGoal = W.GoalSpec;
export type CheckView = W.CheckView;
/** The Basic Paxos world writes no Multi-Paxos event, and the Multi-Paxos world no
 * `propose`: each update's lines are narrowed to what its world writes. */
export type Response =
  | Exclude<W.Response, { type: 'update' | 'multiUpdate' }>
  | (Extract<W.Response, { type: 'update' }> & { lines: TraceLine[] })
  | (Extract<W.Response, { type: 'multiUpdate' }> & { lines: MultiTraceLine[] });

// ---- Multi-Paxos and ZooKeeper (crates/paxos-sim/src/multi/{view,wire}.rs, ------------
// ---- paxos-session's multi.rs and multicheck.rs) --------------------------------------

export type SlotVote = W.WireSlotVote;
/** A Multi-Paxos message; `value` null is a no-op. */
export type MultiMsg = W.WireMultiMsg;
/** A client operation: `{op:'setData', path:'/laws/electricity', data:'2元/度'}`. */
export type ZkOp = W.WireOp;
export type ZkOpName = ZkOp['op'];
/** A server's answer to a client; `stale` says what the leader had, for a stale read. */
export type ZkResult = W.WireResult;
/** A Multi-Paxos trace line (a client's request is its `request` event, not `propose`). */
export type MultiTraceLine = Exclude<W.TraceLine<W.WireMultiMsg, string | null>, { event: 'propose' }>;
export type MultiTraceEvent = Exclude<W.TraceEvent<W.WireMultiMsg, string | null>, { event: 'propose' }>;
export type MultiRole = W.ServerView['role'];
export type MultiLogEntry = W.LogEntryView;
export type Znode = W.ZnodeView;
export type ServerView = W.ServerView;
export type SessionView = W.SessionView;
export type MultiFlightView = W.MultiFlightView;
export type RequestView = W.RequestView;
export type MultiView = W.MultiView;
/** Where a Multi-Paxos search started: the scenario's moment before its first client
 * request and who led then, or (`at` null) every server as it starts. */
export type MultiCheckStart = W.StartView;
/** One move of a Multi-Paxos counterexample (a request as a trace's `request` line has it). */
export type MultiMove = W.MoveView;
/** A person's action in the Multi-Paxos view. */
export type MultiAction = W.MultiAction;

// ---- The envelope between the page and the worker -------------------------------------

export type ToWorker =
  /**
   * First, before any request: the wasm of the worker's build number `build` (0 its first,
   * n its n-th later one), compiled by the page (firstwasm.ts), or null: the worker fetches
   * the build it wants.
   */
  | { v: typeof PROTOCOL_VERSION; id: 0; wasm: WebAssembly.Module | null; build: number }
  | { v: typeof PROTOCOL_VERSION; id: number; request: Request }
  /**
   * The page's input log, carried out in order, answered by `replayed` reports: into a new
   * worker, or (`build`) into the later build a request needs, which the worker switches to first.
   */
  | { v: typeof PROTOCOL_VERSION; id: number; replay: Request[]; build?: number }
  /** Stops replay `id` at the end of its current slice. */
  | { v: typeof PROTOCOL_VERSION; id: number; cancel: true };

export type FromWorker =
  /** A build has loaded (after each `loading`). */
  | { v: typeof PROTOCOL_VERSION; kind: 'ready' }
  /** A build is being fetched and started: the time budget waits for the next message. */
  | { v: typeof PROTOCOL_VERSION; kind: 'loading' }
  /** The state of an update comes packed: what changed since the last reply (changes.ts). */
  | { v: typeof PROTOCOL_VERSION; kind: 'reply'; id: number; response: Packed }
  | { v: typeof PROTOCOL_VERSION; kind: 'error'; id: number; message: string }
  /**
   * Request `id` needs later build `build`: nothing changed. The page sends its input log as
   * a replay into that build, then `id` again and every request sent after it.
   */
  | { v: typeof PROTOCOL_VERSION; kind: 'later'; id: number; build: number }
  /** The wasm trapped answering `id` (a panic, no memory left): this worker is done for. */
  | { v: typeof PROTOCOL_VERSION; kind: 'crashed'; id: number; message: string }
  /** Replay `id` has carried out `done` of its requests; `end`: it is over. */
  | { v: typeof PROTOCOL_VERSION; kind: 'replayed'; id: number; done: number; end: boolean };

/** Ends every switch over a union: a new member is a compile error until handled. */
export function exhaustive(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
