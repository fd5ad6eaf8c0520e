import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/**
 * The State Council schedules shipped in `chinese-days` (2004–2026 in 1.5.7). Years outside
 * `years` are not covered: the package would silently guess from weekdays, so we never ask it.
 */
export interface PackageSchedule {
  years: ReadonlySet<number>;
  holidays: ReadonlyMap<string, string>;
  workdays: ReadonlyMap<string, string>;
}

/** "National Day,国庆节,3" → "国庆节". */
const chineseName = (raw: string) => raw.split(',')[1] ?? raw;

export const packageSchedule: PackageSchedule = (() => {
  const holidays = new Map(Object.entries(data.holidays as Record<string, string>).map(([d, n]) => [d, chineseName(n)]));
  const workdays = new Map(Object.entries(data.workdays as Record<string, string>).map(([d, n]) => [d, `${chineseName(n)}调休上班`]));
  const years = new Set([...holidays.keys()].map((d) => Number(d.slice(0, 4))));
  return { years, holidays, workdays };
})();
