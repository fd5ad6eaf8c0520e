import { afterEach, describe, expect, it } from 'vitest';
import { cadenceWarnings, monthsBefore } from '../../src/core/meetings/cadence';
import { makeHarness, type Harness } from '../helpers/harness';
import { runJobs, setClock, texts } from '../leave/helpers';
import { say } from './helpers';

let h: Harness;
afterEach(() => h?.close());

describe('Art. 51, 52 meeting cadence', () => {
  it('a plenary meeting is due six months after the last; last month without a standing meeting is named', () => {
    const held = [
      { kind: 'plenary' as const, meetingDate: '2026-06-03' },
      { kind: 'standing' as const, meetingDate: '2026-11-12' },
    ];
    expect(cadenceWarnings(held, '2026-12-01')).toEqual([]);
    expect(cadenceWarnings(held, '2027-01-04')).toEqual([
      '依据第五十一条：区政府全体会议一般每半年召开1次。上次全体会议于 2026-06-03（周三） 召开，已满6个月，请安排全体会议。',
      '依据第五十二条：区政府常务会议一般每月召开1次。2026年12月没有召开常务会议，请安排本月常务会议。',
    ]);
    expect(cadenceWarnings([], '2027-01-04')).toEqual([]);
    // Already scheduled (a plenary still to come, this month's standing meeting): nothing to ask for.
    const arranged = [...held, { kind: 'plenary' as const, meetingDate: '2027-01-20' }, { kind: 'standing' as const, meetingDate: '2027-01-14' }];
    expect(cadenceWarnings(arranged, '2027-01-04')).toEqual([]);
    // A standing meeting arranged for next month does not answer for this one.
    expect(cadenceWarnings([...held, { kind: 'standing' as const, meetingDate: '2027-02-03' }], '2027-01-04')).toHaveLength(2);
    expect(monthsBefore('2026-08-31', 6)).toBe('2026-02-28');
  });

  it('the job tells the office chat on the first working day of the month, once', async () => {
    h = await makeHarness({ now: '2026-10-20T09:00:00+08:00' });
    await say(h, 'linxiaomei', '/会议 安排 类别=专题会议 名称=供暖专题会 日期=10月22日 主持人=赵明');
    await setClock(h, '2026-11-02T09:00:00+08:00');
    await runJobs(h);
    await runJobs(h);
    const seen = (await texts(h, 'hejun')).filter((t) => t.startsWith('【会议提醒】'));
    expect(seen).toEqual([
      '【会议提醒】\n依据第五十一条：区政府全体会议一般每半年召开1次。系统中还没有召开过的全体会议记录，请安排全体会议。\n依据第五十二条：区政府常务会议一般每月召开1次。2026年10月没有召开常务会议，请安排本月常务会议。',
    ]);
  });
});
