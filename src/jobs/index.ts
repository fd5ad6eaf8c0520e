import { ackChaseJob } from './ack-chase';
import { dailyDigestJob } from './daily-digest';
import { deadlineWarningsJob } from './deadline-warnings';
import { dingtalkQuotaJob } from './dingtalk-quota';
import { decisionNudgesJob } from './decision-nudges';
import { escalationsJob } from './escalations';
import { leaveDutiesJob } from './leave-duties';
import { meetingCadenceJob } from './meeting-cadence';
import { pruneInboundEvents } from './prune-inbound';
import type { Job } from './scheduler';
import { weeklyBulletinJob } from './weekly-bulletin';

/** Every scheduled job, in the order they run when several are due at once. */
export const allJobs: readonly Job[] = [
  pruneInboundEvents,
  // Reminders (src/core/reminders): leave first, so the digest sees re-routed steps.
  leaveDutiesJob,
  deadlineWarningsJob,
  escalationsJob,
  dailyDigestJob,
  weeklyBulletinJob,
  ackChaseJob,
  decisionNudgesJob,
  meetingCadenceJob,
  dingtalkQuotaJob,
];
