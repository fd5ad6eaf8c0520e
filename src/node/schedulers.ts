import { Cron } from 'croner';
import type { AppDeps } from '../app-env';
import { drainOutbox } from '../outbox/drain';
import { noteJobFailure, noteJobRuns } from '../metrics';

/**
 * In-process wake-ups for Node. They only wake: `runDueJobs` asks the calendar and claims each
 * (job, date) in the database, so a Mon–Fri cron firing on National Day sends nothing.
 */
export function startSchedulers(deps: AppDeps): () => void {
  const jobs = new Cron('*/5 * * * *', { timezone: 'Asia/Shanghai', protect: true }, async () => {
    try {
      noteJobRuns(await deps.runDueJobs(deps.clock.now()));
    } catch (error) {
      noteJobFailure('due jobs', error);
    }
  });
  // Every second: one indexed query when idle, and rows the rate limiter put back (50/s per app,
  // 5/s per chat) go out as soon as the limit has room, instead of waiting for a slow sweep.
  const sweeper = new Cron('* * * * * *', { protect: true }, async () => {
    try {
      await drainOutbox(deps);
    } catch (error) {
      noteJobFailure('outbox sweep', error);
    }
  });
  return () => {
    jobs.stop();
    sweeper.stop();
  };
}
