// Requests to a worker one at a time: each job starts once every job queued before it has
// finished, so that no two race and each sees the state the one before left. A job's
// failure reaches its caller and `failed` (the playground's error event); the queue goes on.

import { errorOf } from './errors';

export function createQueue(failed: (e: Error) => void = () => {}) {
  let chain: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  return {
    /** Runs `job` after every job queued before it. */
    run<T>(job: () => Promise<T>): Promise<T> {
      waiting += 1;
      const p = chain.then(job).finally(() => (waiting -= 1));
      chain = p.catch(() => {});
      return p.catch((e: unknown) => {
        const err = errorOf(e);
        failed(err);
        throw err;
      });
    },
    /** Whether a job is waiting or running. */
    get busy(): boolean {
      return waiting > 0;
    },
  };
}
