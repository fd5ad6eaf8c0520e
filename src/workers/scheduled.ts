import type { AppDeps } from '../app-env';
import type { JobReport } from '../jobs/scheduler';
import { drainOutbox, type DrainReport } from '../outbox/drain';
import { runAttachmentDownloads } from '../attachments/downloads';

export interface ScheduledReport {
  jobs: JobReport[];
  delivery: DrainReport;
}

/**
 * What every Cron Trigger does: run the jobs due at the trigger's time (the database claims each
 * once per Beijing date), then sweep the outbox. A failing job does not stop the sweep.
 */
export async function runScheduled(deps: AppDeps, at: Date): Promise<ScheduledReport> {
  let jobs: JobReport[] = [];
  let failure: unknown;
  try {
    jobs = await deps.runDueJobs(at);
  } catch (error) {
    failure = error;
  }
  try {
    await runAttachmentDownloads(deps);
  } catch (error) {
    failure ??= error;
  }
  const delivery = await drainOutbox(deps);
  if (failure) throw failure;
  return { jobs, delivery };
}
