import { Cron } from 'croner';
import type { AppDeps } from '../app-env';
import { startSweeper } from '../outbox/sweeper';
import { runAttachmentDownloads } from '../attachments/downloads';
import { noteJobFailure, noteJobRuns } from '../metrics';

/**
 * In-process wake-ups for Node. They only wake: `runDueJobs` asks the calendar and claims each
 * (job, date) in the database, so a Mon–Fri cron firing on National Day sends nothing. Answers how
 * to stop them, resolving once a sweep still running has finished.
 */
export function startSchedulers(deps: AppDeps): () => Promise<void> {
  const jobs = new Cron('*/5 * * * *', { timezone: 'Asia/Shanghai', protect: true }, async () => {
    try {
      noteJobRuns(await deps.runDueJobs(deps.clock.now()));
    } catch (error) {
      noteJobFailure('due jobs', error);
    }
    // Attachment downloads due for a retry (or left by a crash) run on the same five-minute wake.
    try {
      await runAttachmentDownloads(deps);
    } catch (error) {
      noteJobFailure('attachment downloads', error);
    }
  });
  // The outbox is drained when its next row is due (a rate-limit slot, a retry), at least every second.
  const sweeper = startSweeper(deps, { onError: (error) => noteJobFailure('outbox sweep', error) });
  return async () => {
    jobs.stop();
    await sweeper.stop();
  };
}
