import { pruneInboundEvents } from './prune-inbound';
import type { Job } from './scheduler';

/** Every scheduled job, in the order they run when several are due at once. */
export const allJobs: readonly Job[] = [pruneInboundEvents];
