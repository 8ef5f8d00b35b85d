// The page's side of the worker protocol: one module Web Worker per playground, and a
// promise per request that resolves with the simulator's response or rejects with its
// error message. Requests are answered in order (docs/worker-protocol.md).

import { PROTOCOL_VERSION, exhaustive, type FromWorker, type Request, type Response, type ToWorker } from './protocol';
import { t } from './i18n';

interface Pending {
  resolve: (r: Response) => void;
  reject: (e: Error) => void;
}

export class WorkerClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private failed: Error | null = null;
  /** Resolves when the simulator is loaded; rejects when it cannot start. */
  readonly ready: Promise<void>;

  /** `worker`: the page's own worker module (each page bundles only the wasm it needs). */
  constructor(worker: Worker) {
    this.worker = worker;
    let ready!: () => void;
    let broken!: (e: Error) => void;
    this.ready = new Promise<void>((res, rej) => ((ready = res), (broken = rej)));
    this.ready.catch(() => {}); // observed through request() too
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      switch (m.kind) {
        case 'ready':
          ready();
          return;
        case 'reply':
          this.settle(m.id, (p) => p.resolve(m.response));
          return;
        case 'error':
          if (m.id === 0) this.fail(new Error(m.message), broken);
          else this.settle(m.id, (p) => p.reject(new Error(m.message)));
          return;
        default:
          exhaustive(m);
      }
    };
    this.worker.onerror = (e: ErrorEvent) => this.fail(new Error(e.message || t('err.worker')), broken);
  }

  /** Sends one request; resolves with the response, rejects with the simulator's message. */
  request(request: Request): Promise<Response> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<Response>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message: ToWorker = { v: PROTOCOL_VERSION, id, request };
      this.worker.postMessage(message);
    });
  }

  /** Stops the worker; pending requests reject. */
  terminate(): void {
    this.worker.terminate();
    this.fail(new Error(t('err.closed')), () => {});
  }

  private settle(id: number, f: (p: Pending) => void): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    f(p);
  }

  private fail(e: Error, broken: (e: Error) => void): void {
    this.failed ??= e;
    broken(e);
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
