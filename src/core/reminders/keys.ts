import type { Recipient } from '../messages';
import type { LocalDate } from '../time';

export function recipientTag(to: Recipient): string {
  return to.type === 'person' ? `person:${to.personId}` : `chat:${to.unitId}`;
}

/**
 * The outbox dedupe key of a scheduled push: (kind, subject, date, recipient) — so running a job
 * twice, or again after a crash half-way, never sends the same push twice (docs/reference/reminders.md). `date` is the
 * day the push is about: today for daily pushes, the due day for once-per-deadline warnings.
 */
export function reminderKey(kind: string, subject: string, date: LocalDate, to: Recipient): string {
  return `remind:${kind}:${subject}:${date}:${recipientTag(to)}`;
}
