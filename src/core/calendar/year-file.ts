import { UserError } from '../errors';
import { isLocalDate, weekdayOf, type LocalDate } from '../time';

/**
 * A year's State Council holiday schedule as an administrator imports it: the `holiday-calendar`
 * package's `data/CN/YYYY.json` format plus a required `source_url` (the 国务院办公厅 notice):
 *
 *   { "year": 2027, "region": "CN", "source_url": "https://www.gov.cn/…",
 *     "dates": [ { "date": "2027-01-01", "name": "元旦", "type": "public_holiday" },
 *                { "date": "2027-02-20", "name": "春节补班", "type": "transfer_workday" } ] }
 *
 * `name_cn` is preferred over `name` when present (the package writes both); other keys are ignored.
 */
export interface YearSchedule {
  year: number;
  sourceUrl: string;
  days: ScheduleDay[];
}

export interface ScheduleDay {
  date: LocalDate;
  kind: 'holiday' | 'workday';
  name: string;
}

/** A schedule file that cannot be imported; every problem is listed, nothing is written. */
export class CalendarFileError extends UserError {
  constructor(readonly problems: string[]) {
    super(`节假日安排文件有 ${problems.length} 处错误，未导入任何数据：\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'CalendarFileError';
  }
}

const TYPES: Record<string, ScheduleDay['kind']> = { public_holiday: 'holiday', transfer_workday: 'workday' };
const KIND_ZH: Record<ScheduleDay['kind'], string> = { holiday: '放假日', workday: '调休上班日' };
const WEEKDAY_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** Parses and validates a schedule file; throws CalendarFileError naming each problem. */
export function parseYearFile(source: string): YearSchedule {
  let raw: unknown;
  try {
    raw = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CalendarFileError([`文件不是有效的 JSON：${(error as Error).message}`]);
  }
  if (!isRecord(raw)) throw new CalendarFileError(['文件顶层必须是一个对象：{"year": …, "source_url": …, "dates": […]}']);

  const problems: string[] = [];
  const year = raw.year;
  const validYear = typeof year === 'number' && Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
  if (!validYear) problems.push(`year：必须是 ${MIN_YEAR}–${MAX_YEAR} 之间的整数年份，例如 "year": 2027（当前值 ${JSON.stringify(year)}）`);

  const sourceUrl = typeof raw.source_url === 'string' ? raw.source_url.trim() : '';
  if (!sourceUrl) {
    problems.push('source_url：必填，填写国务院办公厅关于该年部分节假日安排的通知网址，例如 "source_url": "https://www.gov.cn/zhengce/content/…"');
  } else if (!/^https?:\/\/\S+$/.test(sourceUrl)) {
    problems.push(`source_url：必须是 http(s):// 开头的网址（当前值 ${JSON.stringify(raw.source_url)}）`);
  }
  if (raw.region !== undefined && raw.region !== 'CN') problems.push(`region：只支持中国大陆 "CN"（当前值 ${JSON.stringify(raw.region)}）`);

  const days: ScheduleDay[] = [];
  if (!Array.isArray(raw.dates) || raw.dates.length === 0) {
    problems.push('dates：必须是非空数组，每项形如 {"date": "2027-01-01", "name": "元旦", "type": "public_holiday"}');
  } else {
    raw.dates.forEach((entry, i) => {
      const day = parseEntry(entry, `dates 第 ${i + 1} 项`, validYear ? (year as number) : undefined, problems);
      if (day) days.push(day);
    });
    problems.push(...crossChecks(days));
  }
  if (problems.length) throw new CalendarFileError(problems);
  days.sort((a, b) => a.date.localeCompare(b.date));
  return { year: year as number, sourceUrl, days };
}

function parseEntry(entry: unknown, where: string, year: number | undefined, problems: string[]): ScheduleDay | undefined {
  if (!isRecord(entry)) {
    problems.push(`${where}：必须是对象 {"date", "name", "type"}`);
    return undefined;
  }
  const before = problems.length;
  const date = entry.date;
  const label = typeof date === 'string' ? `${where}（${date}）` : where;
  if (typeof date !== 'string' || !isLocalDate(date)) {
    problems.push(`${where}：date 必须是真实存在的日期，格式 YYYY-MM-DD（当前值 ${JSON.stringify(date)}）`);
  } else if (year !== undefined && Number(date.slice(0, 4)) !== year) {
    problems.push(`${label}：日期不在 ${year} 年内，每个文件只能包含一年的安排`);
  }
  const kind = typeof entry.type === 'string' ? TYPES[entry.type] : undefined;
  if (!kind) problems.push(`${label}：type 必须是 public_holiday（放假）或 transfer_workday（调休上班）（当前值 ${JSON.stringify(entry.type)}）`);
  const rawName = [entry.name_cn, entry.name].find((n) => typeof n === 'string' && n.trim() !== '');
  if (typeof rawName !== 'string') problems.push(`${label}：name 必填，例如 "元旦" 或 "春节补班"`);
  else if (rawName.trim().length > 32) problems.push(`${label}：name 过长（最多 32 个字）`);
  if (problems.length > before) return undefined;
  return { date: date as LocalDate, kind: kind!, name: displayName((rawName as string).trim(), kind!) };
}

/** Make-up days read as such on cards: "春节" → "春节调休上班"; "春节补班" stays. */
function displayName(name: string, kind: ScheduleDay['kind']): string {
  return kind === 'workday' && !/补班|调休|上班/.test(name) ? `${name}调休上班` : name;
}

function crossChecks(days: ScheduleDay[]): string[] {
  const problems: string[] = [];
  const seen = new Map<LocalDate, ScheduleDay>();
  for (const day of days) {
    const earlier = seen.get(day.date);
    if (earlier && earlier.kind === day.kind) problems.push(`${day.date}：重复出现（两次都是${KIND_ZH[day.kind]}），请删去一项`);
    else if (earlier) problems.push(`${day.date}：既是放假日又是调休上班日，放假日不能安排在调休上班日，请核对通知`);
    else seen.set(day.date, day);
    const dow = weekdayOf(day.date);
    if (day.kind === 'workday' && dow !== 0 && dow !== 6) {
      problems.push(`${day.date}（${WEEKDAY_ZH[dow]}）：调休上班日只能是周六或周日，工作日本来就上班，请核对通知`);
    }
  }
  if (days.length && !days.some((d) => d.kind === 'holiday')) problems.push('dates：没有任何放假日（public_holiday），这不像一份全年节假日安排');
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
