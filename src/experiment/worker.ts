// The worker-thread entry of the replication pool (tinypool calls the default export per job).
import { runJobSafely, type Job, type JobError, type JobResult } from './job.js';

export default function run(job: Job): Promise<JobResult | JobError> {
  return runJobSafely(job);
}
