import { Cron } from 'croner';
import type { AppDeps } from '../app-env';
import { drainOutbox } from '../outbox/drain';

/**
 * In-process wake-ups for Node. They only wake: `runDueJobs` asks the calendar and claims each
 * (job, date) in the database, so a Mon–Fri cron firing on National Day sends nothing.
 */
export function startSchedulers(deps: AppDeps): () => void {
  const jobs = new Cron('*/5 * * * *', { timezone: 'Asia/Shanghai', protect: true }, async () => {
    try {
      await deps.runDueJobs(deps.clock.now());
    } catch (error) {
      console.error('scheduled jobs failed', error);
    }
  });
  const sweeper = new Cron('*/15 * * * * *', { protect: true }, async () => {
    try {
      await drainOutbox(deps);
    } catch (error) {
      console.error('outbox sweep failed', error);
    }
  });
  return () => {
    jobs.stop();
    sweeper.stop();
  };
}
