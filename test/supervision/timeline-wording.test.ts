import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { cast, register, said, supervisionHarness, timeline } from './helpers';

let h: Harness;
afterEach(() => h?.close());

describe('Art. 40 督查交办: every timeline line says who did what', () => {
  it('an approval given elsewhere and recorded by the office names the recorder first, then the leader', async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const p = cast(h);
    const id = await register(p.office, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-30');
    expect(said((await p.office.say(`/督办 交办 ${id} 领导=赵明`))[0]!)).toContain('已交办');
    const issued = (await timeline(h, id)).find((line) => line.includes('同意交办'))!;
    expect(issued).toMatch(/^区政府办 林小梅 登记：赵明 已审定同意交办/);
  });
});
