import { supervisionDeadlines } from '../supervision/provisional-holder';
import type { ProvisionalDateHolder } from './provisional';

/**
 * Every domain that stores provisional dates registers its holder here (supervision deadlines,
 * leave dates, …); a year import recomputes them all. Append yours; order does not matter.
 */
export const provisionalDateHolders: ProvisionalDateHolder[] = [supervisionDeadlines];
