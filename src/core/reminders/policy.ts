/**
 * The reminder rules as data (Art. 37, 38, 40; docs/reference/reminders.md): when each push goes out, to whom, and
 * the article behind it. Everything else in src/core/reminders reads these tables.
 */
import { DUE_SOON_WORKING_DAYS } from '../rules/status-light';

/** Art. 40 催办督办: "加强催办督办，确保限时办结" — deadline warnings, chases and escalations. */
export const CHASE_ARTICLE = 40;
/** Art. 37 情况通报 and Art. 38 考核评估: the weekly bulletin. */
export const BULLETIN_ARTICLES = [37, 38] as const;

/**
 * Quiet rules: scheduled pushes go out on working days between 08:00 and 20:00 Beijing time
 * (DAILY_PUSH_AT is validated to lie inside). Messages caused by someone's action (a leave request
 * reaching an approver, a report returned) are not scheduled and go out at once.
 */
export const PUSH_WINDOW = { from: '08:00', until: '20:00' } as const;

/**
 * Unacknowledged notices are chased at the end of the working day: a notice not acknowledged by the end of
 * the next working day is a lapse (Art. 40 承办落实), so the first chase goes out
 * on that day before office hours end, and again every working day until the unit acknowledges.
 */
export const ACK_CHASE_AT = '17:30';

/** Deadline warnings (docs/reference/reminders.md): this many working days before the due day, on the day, then daily. */
export const WARN_WORKING_DAYS_BEFORE = DUE_SOON_WORKING_DAYS;

/**
 * Escalation of overdue items (Art. 40 催办督办: 3 working days overdue, the item goes to its supervising
 * deputy). Level 2 is our reading of Art. 38 (责任追究) for items that stay overdue two more weeks:
 * the district head is told as well. Each level is sent once per item and due date.
 */
export interface EscalationLevel {
  level: 1 | 2;
  /** Working days past the due day (the due day itself not counted). */
  workingDaysLate: number;
  to: ReadonlyArray<'supervising_deputy' | 'district_head'>;
  article: number;
}

export const ESCALATION_LEVELS: readonly EscalationLevel[] = [
  { level: 1, workingDaysLate: 3, to: ['supervising_deputy'], article: 40 },
  { level: 2, workingDaysLate: 10, to: ['supervising_deputy', 'district_head'], article: 38 },
];

/**
 * NPC suggestions and CPPCC proposals are answered within 3 months (Art. 40): the lead unit is
 * warned this many calendar days before the 3-month mark (on the first working day on or after).
 */
export const NPC_MARK_MONTHS = 3;
export const NPC_WARN_DAYS_BEFORE = [30, 7] as const;

/**
 * Office hours on working days, Beijing time: what "working hours" count for the nudges (the
 * quiet rules: nothing scheduled outside working days).
 */
export const OFFICE_HOURS: ReadonlyArray<{ from: string; until: string }> = [
  { from: '08:30', until: '12:00' },
  { from: '14:00', until: '17:30' },
];

/**
 * A decision pending longer than this many working hours gets one reminder a day to whoever may
 * decide it now (Art. 40 催办督办 "确保限时办结").
 */
export const NUDGE_AFTER_WORKING_HOURS = 4;

/** `/提醒 暂停`: at most this many calendar days ahead, so nobody silences their duties for good. */
export const PAUSE_MAX_DAYS = 90;

/** The example pause in hints runs this many days from the day the hint is sent. */
export const PAUSE_EXAMPLE_DAYS = 7;

/** Lines per digest section before "… and N more" with the command that lists them all. */
export const DIGEST_SECTION_LIMIT = 10;

/**
 * Pushes per atomic commit when a job fans out (each push has its own dedupe key). Each unit costs a
 * state check and a commit; its cards are the only ones held at a time. bench/ (10 000 items):
 * 10 spent most of the time on checks; 50 and 100 take the same time, 50 peaks ~8 MB lower.
 */
export const FAN_OUT_CHUNK = 50;
