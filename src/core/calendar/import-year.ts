import { and, eq, gte, lte } from 'drizzle-orm';
import { atomic, type Statement } from '../../../db/atomic';
import { calendarDays, calendarYears } from '../../../db/schema';
import type { AppDb } from '../../../db/types';
import { UserError } from '../errors';
import { formatInstantZh } from '../time';
import { loadOverrides } from './load';
import type { ProvisionalDateChange, ProvisionalDateHolder } from './provisional';
import { provisionalDateHolders } from './provisional-holders';
import { createWorkCalendar, type CalendarOverrides } from './work-calendar';
import { diffYear, formatYearDiff, type YearDiff } from './year-diff';
import { parseYearFile, type YearSchedule } from './year-file';

export interface ImportYearOptions {
  /** Who imports: recorded in calendar_years.imported_by. */
  by: string;
  now: Date;
  /** Validate, diff and recompute, but write nothing. */
  dryRun?: boolean;
  /** Defaults to every registered holder. */
  holders?: readonly ProvisionalDateHolder[];
}

export interface ImportYearResult {
  year: number;
  sourceUrl: string;
  /** The import recorded before this one, if any. */
  previous?: { sourceUrl: string; importedAt: Date; importedBy: string };
  diff: YearDiff;
  /** False for a dry run, and when the same schedule was already imported (nothing to write). */
  applied: boolean;
  dryRun: boolean;
  /** Stored dates that the new calendar moved (or, in a dry run, would move). */
  storedChanges: Array<ProvisionalDateChange & { holder: string }>;
}

/** Rows per INSERT: 4 columns × 20 stays under D1's 100 bound parameters (docs/cloudflare.md). */
const INSERT_CHUNK = 20;

/**
 * Imports a year's State Council holiday schedule (docs/calendar.md): validates the file, diffs it against
 * what the calendar knows, then writes the year's days, the year record and every stored date
 * the new calendar moves as one atomic unit. Re-importing the same file changes nothing.
 * A bad file throws CalendarFileError (a UserError) and writes nothing.
 */
export async function importYear(db: AppDb, source: string, options: ImportYearOptions): Promise<ImportYearResult> {
  const by = options.by.trim();
  if (!by) throw new UserError('请注明导入人（例如 --by 林小梅），导入记录里要写明是谁导入的。');
  const schedule = parseYearFile(source);
  const { year, sourceUrl } = schedule;

  const [overrides, [previousRow]] = await Promise.all([loadOverrides(db), db.select().from(calendarYears).where(eq(calendarYears.year, year))]);
  const before = createWorkCalendar(overrides);
  const after = createWorkCalendar(withSchedule(overrides, schedule));
  const diff = diffYear(year, before, after);

  const sameDays = previousRow !== undefined && sameStoredDays(overrides, schedule);
  const yearUnchanged = sameDays && previousRow.sourceUrl === sourceUrl;
  const holders = options.holders ?? provisionalDateHolders;
  const recomputed = await Promise.all(holders.map(async (h) => ({ holder: h.name, ...(await h.recompute(db, after, options.now)) })));
  const storedChanges = recomputed.flatMap((r) => r.changes.map((c) => ({ ...c, holder: r.holder })));

  const statements: Statement[] = [...(yearUnchanged ? [] : yearStatements(db, schedule, by, options.now)), ...recomputed.flatMap((r) => r.statements)];
  const dryRun = options.dryRun ?? false;
  if (!dryRun) await atomic(db, statements);
  return {
    year,
    sourceUrl,
    previous: previousRow && { sourceUrl: previousRow.sourceUrl, importedAt: previousRow.importedAt, importedBy: previousRow.importedBy },
    diff,
    applied: !dryRun && statements.length > 0,
    dryRun,
    storedChanges,
  };
}

/** The overrides with `schedule` replacing whatever was imported for its year before. */
function withSchedule(overrides: CalendarOverrides, schedule: YearSchedule): CalendarOverrides {
  const prefix = `${schedule.year}-`;
  const days = new Map([...overrides.days].filter(([date]) => !date.startsWith(prefix)));
  for (const d of schedule.days) days.set(d.date, { kind: d.kind, name: d.name });
  return { days, years: new Set([...overrides.years, schedule.year]) };
}

function sameStoredDays(overrides: CalendarOverrides, schedule: YearSchedule): boolean {
  const prefix = `${schedule.year}-`;
  const stored = [...overrides.days].filter(([date]) => date.startsWith(prefix));
  return (
    stored.length === schedule.days.length &&
    schedule.days.every((d) => {
      const s = overrides.days.get(d.date);
      return s?.kind === d.kind && s.name === d.name;
    })
  );
}

/** The imported file replaces the whole year: delete its days, insert the file's, record the year. */
function yearStatements(db: AppDb, schedule: YearSchedule, by: string, now: Date): Statement[] {
  const { year, sourceUrl } = schedule;
  const rows = schedule.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name, source: sourceUrl }));
  const inserts: Statement[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) inserts.push(db.insert(calendarDays).values(rows.slice(i, i + INSERT_CHUNK)));
  const record = { sourceUrl, importedAt: now, importedBy: by };
  return [
    db.delete(calendarDays).where(and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`))),
    ...inserts,
    db
      .insert(calendarYears)
      .values({ year, ...record })
      .onConflictDoUpdate({ target: calendarYears.year, set: record }),
  ];
}

/** The report the CLI prints and the admin chat surface shows. */
export function formatImportReport(result: ImportYearResult): string {
  const lines = [`${result.year} 年节假日安排${result.dryRun ? '（试运行，未写入任何数据）' : ''}`, `通知来源：${result.sourceUrl}`];
  if (result.previous) {
    lines.push(`上次导入：${formatInstantZh(result.previous.importedAt)}，导入人 ${result.previous.importedBy}，来源 ${result.previous.sourceUrl}`);
  }
  lines.push(...formatYearDiff(result.diff));
  if (result.dryRun) lines.push('试运行：去掉 --dry-run 后才会写入。');
  else if (result.applied) lines.push(`已导入：${result.year} 年的节假日安排已生效，相关日期不再是暂定。`);
  else lines.push('与已导入的安排完全相同，未作任何更改。');
  if (result.storedChanges.length === 0) lines.push(`已存储的暂定日期：${result.dryRun ? '不会' : '没有'}因此变化`);
  else {
    lines.push(`已存储的暂定日期${result.dryRun ? '将会' : '已'}重新计算，${result.storedChanges.length} 处变化：`);
    for (const c of result.storedChanges) lines.push(`  ${c.subject} ${c.field}：${c.before} → ${c.after}`);
  }
  return lines.join('\n');
}
