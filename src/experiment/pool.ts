// Runs replications in parallel on worker threads (tinypool), or in this thread when there is one
// worker or when running from TypeScript sources (tests), where a worker could not load the .ts
// entry. Results are stored by job index, never by completion order, so every figure is the same
// whatever the number of workers.
import { availableParallelism } from 'node:os';
import { Tinypool } from 'tinypool';
import { runJobSafely, type Job, type JobError, type JobResult } from './job.js';

/** A job failed: `name` is the original error's (StrategyLoadError, ScenarioRunError, RangeError, …). */
export class JobFailedError extends Error {
  constructor(
    readonly originalName: string,
    message: string,
    /** The stack of the innermost cause in the worker, when it had one. */
    readonly originalStack?: string,
  ) {
    super(message);
    this.name = 'JobFailedError';
  }
}

/** Default worker count: the machine's available parallelism. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

/** A pool of replication runners; `close()` when done. */
export class ReplicationPool {
  private pool: Tinypool | undefined;
  private readonly inThread: boolean;

  /** @param workers threads to use (>= 1); 1 runs every job in this thread. Threads start with the first job. */
  constructor(readonly workers: number) {
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
    this.inThread = workers === 1 || import.meta.url.endsWith('.ts');
  }

  /**
   * Runs `jobs`; results in job order. `onDone` is called as each job finishes (any order).
   * @throws JobFailedError for the first failed job (by index).
   */
  async run(jobs: readonly Job[], onDone?: () => void): Promise<JobResult[]> {
    const out: (JobResult | JobError)[] = new Array(jobs.length);
    if (this.inThread || jobs.length === 1) {
      for (let i = 0; i < jobs.length; i++) {
        out[i] = await runJobSafely(jobs[i]!);
        onDone?.();
        // let stderr (the progress bar) breathe between CPU-bound jobs
        await new Promise((resolve) => setImmediate(resolve));
      }
    } else {
      const pool = (this.pool ??= new Tinypool({ filename: WORKER_URL.href, minThreads: 1, maxThreads: this.workers, idleTimeout: 1000 }));
      await Promise.all(
        jobs.map(async (job, i) => {
          out[i] = (await pool.run(job)) as JobResult | JobError;
          onDone?.();
        }),
      );
    }
    for (const r of out) if ('error' in r) throw new JobFailedError(r.error.name, r.error.message, r.error.stack);
    return out as JobResult[];
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
