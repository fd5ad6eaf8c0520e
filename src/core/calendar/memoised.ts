import type { LocalDate } from '../time';
import type { WorkCalendar } from './types';

/**
 * The same calendar answering each question once: a daily job asks "working days from today to
 * the 15th" for thousands of items that share a few hundred due days. Answers are frozen (they are
 * shared), errors are not cached (a bad date throws every time). For one job run, not for ever:
 * the underlying calendar is a snapshot, and an imported schedule makes a new one.
 */
export function memoisedCalendar(calendar: WorkCalendar): WorkCalendar {
  const memo = <A extends unknown[], R>(compute: (...args: A) => R) => {
    const answers = new Map<string, R>();
    return (...args: A): R => {
      const key = args.join('\u0000');
      let answer = answers.get(key);
      if (answer === undefined && !answers.has(key)) {
        answer = compute(...args);
        if (typeof answer === 'object' && answer !== null) Object.freeze(answer);
        answers.set(key, answer);
      }
      return answer as R;
    };
  };
  return {
    day: memo((date: LocalDate) => calendar.day(date)),
    yearSource: memo((year: number) => calendar.yearSource(year)),
    isWorkingDay: memo((date: LocalDate) => calendar.isWorkingDay(date)),
    addWorkingDays: memo((start: LocalDate, n: number) => calendar.addWorkingDays(start, n)),
    nextWorkingDayOnOrAfter: memo((date: LocalDate) => calendar.nextWorkingDayOnOrAfter(date)),
    previousWorkingDayOnOrBefore: memo((date: LocalDate) => calendar.previousWorkingDayOnOrBefore(date)),
    workingDaysBetween: memo((from: LocalDate, to: LocalDate) => calendar.workingDaysBetween(from, to)),
    addMonths: memo((start: LocalDate, n: number) => calendar.addMonths(start, n)),
  };
}
