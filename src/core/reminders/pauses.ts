/**
 * `/提醒 暂停 至 12月5日` and `/提醒 恢复`: a person pauses their own daily digest. Only the digest —
 * leave requests reaching them, chases of their unit and escalations still go out, because those
 * carry duties under Art. 40 and Art. 68 that a pause must not silence.
 */
import { eq, gte } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { reminderPauses } from '../../../db/schema';
import type { WorkCalendar } from '../calendar/types';
import { parseDateZh } from '../dates/parse-zh';
import type { Effects } from '../effects';
import { UserError } from '../errors';
import type { Person } from '../org/types';
import { addCalendarDays, formatDateZh, localDate, type LocalDate } from '../time';
import { PAUSE_EXAMPLE_DAYS, PAUSE_MAX_DAYS } from './policy';

export const REMIND_USAGE = ['/提醒', '/提醒 暂停 至 12月5日', '/提醒 恢复'];

export type RemindRequest = { kind: 'status' } | { kind: 'pause'; until: LocalDate } | { kind: 'resume' };

const PAUSE = /^(?:暂停|pause)\s*(?:至|到|until)?\s*(.*)$/i;
const RESUME = /^(?:恢复|resume)$/i;

/** `/提醒 暂停 至 12月21日`: a pause a week from `today`, written as `/提醒` reads it back (the next such day). */
export function pauseExample(today: LocalDate): string {
  const [, month, day] = addCalendarDays(today, PAUSE_EXAMPLE_DAYS).split('-').map(Number);
  return `/提醒 暂停 至 ${month}月${day}日`;
}

/** The words after `/提醒`; a bad date or an unknown word is a Chinese error with the usage. */
export function parseRemind(args: string, today: LocalDate): RemindRequest {
  const input = args.normalize('NFKC').trim();
  if (!input) return { kind: 'status' };
  if (RESUME.test(input)) return { kind: 'resume' };
  const pause = PAUSE.exec(input);
  if (!pause) throw new UserError(`不认识「${input}」。用法：${REMIND_USAGE.join('　')}`);
  const when = pause[1]!.trim();
  if (!when) throw new UserError(`请写明暂停到哪一天，例如：${pauseExample(today)}`);
  const until = parseDateZh(when, today, 'ahead');
  if (until < today) throw new UserError(`${formatDateZh(until)} 已经过去，请写今天或以后的日期，例如：${pauseExample(today)}`);
  const latest = addCalendarDays(today, PAUSE_MAX_DAYS);
  if (until > latest) throw new UserError(`每日提醒最长暂停 ${PAUSE_MAX_DAYS} 天（至 ${formatDateZh(latest)}），请改一个更早的日期。`);
  return { kind: 'pause', until };
}

/** Person → last paused day, for pauses not over by `today`. */
export async function loadPauses(db: AppDb, today: LocalDate): Promise<Map<string, LocalDate>> {
  const rows = await db.select().from(reminderPauses).where(gte(reminderPauses.until, today));
  return new Map(rows.map((r) => [r.personId, r.until]));
}

export async function pausedUntil(db: AppDb, personId: string, today: LocalDate): Promise<LocalDate | undefined> {
  const [row] = await db.select().from(reminderPauses).where(eq(reminderPauses.personId, personId));
  return row && row.until >= today ? row.until : undefined;
}

interface RemindCtx {
  db: AppDb;
  actor: Person;
  now: Date;
  effects: Effects;
  calendar(): Promise<WorkCalendar>;
}

/** Does what `/提醒` asked and answers in Chinese. */
export async function applyRemind(ctx: RemindCtx, request: RemindRequest): Promise<string> {
  const today = localDate(ctx.now);
  const current = await pausedUntil(ctx.db, ctx.actor.id, today);
  const calendar = await ctx.calendar();
  if (request.kind === 'status') {
    return current
      ? `您的每日提醒已暂停至 ${formatDateZh(current)}，${formatDateZh(calendar.addWorkingDays(current, 1).date)} 起恢复。发送 /提醒 恢复 可提前恢复。`
      : `您的每日提醒正常推送：每个工作日一次，没有待办事项的日子不发送。暂停：${REMIND_USAGE[1]}`;
  }
  if (request.kind === 'resume') {
    if (!current) return '您的每日提醒没有暂停，无需恢复。';
    ctx.effects.statements.push(ctx.db.delete(reminderPauses).where(eq(reminderPauses.personId, ctx.actor.id)));
    ctx.effects.audits.push({ subjectType: 'reminder_pause', subjectId: ctx.actor.id, action: 'resumed', detail: { was: current } });
    return '已恢复每日提醒，照常在每个工作日推送。';
  }
  ctx.effects.statements.push(
    ctx.db
      .insert(reminderPauses)
      .values({ personId: ctx.actor.id, until: request.until, setAt: ctx.now })
      .onConflictDoUpdate({ target: reminderPauses.personId, set: { until: request.until, setAt: ctx.now } }),
  );
  ctx.effects.audits.push({ subjectType: 'reminder_pause', subjectId: ctx.actor.id, action: 'paused', detail: { until: request.until, was: current ?? null } });
  return `已暂停每日提醒至 ${formatDateZh(request.until)}，${formatDateZh(calendar.addWorkingDays(request.until, 1).date)} 起恢复推送。暂停期间，请假审批、催签收、督办升级等消息照常发送。发送 /提醒 恢复 可提前恢复。`;
}
