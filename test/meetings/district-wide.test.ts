import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, unitMeetings } from '../../db/schema';
import { eq } from 'drizzle-orm';
import { makeHarness, type Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { approveAll, cardOf, click, rowCounts, say } from './helpers';

let h: Harness;
afterEach(() => h?.close());

describe('Art. 57 a unit’s district-wide meeting: supervising deputy consents, the district government approves, once a year', () => {
  it('住建局 asks; 赵明 (分管) consents, 陈志远 approves; the card quotes the article', async () => {
    h = await makeHarness({ now: '2026-03-02T09:00:00+08:00' });
    const reply = await say(h, 'dengpeng', '/全区会议 名称=全区城建工作会议 日期=3月10日');
    expect(reply).toContain('全区性会议申请 · 全区城建工作会议（编号 1）');
    expect(reply).toContain('1. 分管领导同意 · 赵明 · 待处理');
    expect(reply).toContain(
      '依据《工作规则》第五十七条：部门召开的全区性会议，原则上每年不超过1次。部门应事先征得区政府分管领导同意后，再按程序报区政府审批。',
    );
    expect((await approveAll(h, '全区性会议申请', 1, ['zhaoming', 'chenzhiyuan'])).toast.text).toBe('已签批完成。');
    const [row] = await h.db.select().from(unitMeetings);
    expect(row!.status).toBe('approved');
  });

  it('a second request in the same calendar year is refused citing the article; nothing is written', async () => {
    h = await makeHarness({ now: '2026-03-02T09:00:00+08:00' });
    await say(h, 'zhangli', '/全区会议 名称=全区城建工作会议 日期=3月10日');
    const before = await rowCounts(h);
    expect(await say(h, 'dengpeng', '/全区会议 名称=全区物业管理推进会 日期=11月10日')).toBe(
      '依据《工作规则》第五十七条，部门召开的全区性会议，原则上每年不超过1次。住建局 2026 年已申请「全区城建工作会议」（编号 1，2026-03-10（周二））本次不予受理；确需召开的，请区政府办登记例外理由。'.replace(
        '）本次',
        '），本次',
      ),
    );
    expect(await say(h, 'dengpeng', '/全区会议 名称=全区物业管理推进会 日期=11月10日 例外理由=我们很急')).toContain('单位不能自行填写「例外理由=」');
    expect(await rowCounts(h)).toEqual(before);
    // Next year is a new year.
    expect(await say(h, 'dengpeng', '/全区会议 名称=全区城建工作会议 日期=2027-01-12')).toContain('（编号 2）');
  });

  it('the office overrides with a recorded reason; the card and the audit log show it', async () => {
    h = await makeHarness({ now: '2026-03-02T09:00:00+08:00' });
    await say(h, 'dengpeng', '/全区会议 名称=全区城建工作会议 日期=3月10日');
    const reply = await say(h, 'linxiaomei', '/全区会议 名称=全区安全生产推进会 日期=12月28日 单位=住建局 例外理由=省里临时部署专项整治');
    expect(reply).toContain('本年度第二次（区政府办例外理由）: 省里临时部署专项整治');
    const audits = await h.db.select().from(auditLog).where(eq(auditLog.action, 'override'));
    expect(audits.map((a) => a.detail)).toEqual([{ reason: '省里临时部署专项整治', earlierId: 1 }]);
  });

  it('a returned request no longer counts; bad input is refused in Chinese', async () => {
    h = await makeHarness({ now: '2026-03-02T09:00:00+08:00' });
    await say(h, 'dengpeng', '/全区会议 名称=全区城建工作会议 日期=3月10日');
    const card = await cardOf(h, 'zhaoming', '全区性会议申请', 1);
    await click(h, 'zhaoming', card, '退回');
    const form = await cardOf(h, 'zhaoming', '退回全区性会议申请', 1);
    expect((await click(h, 'zhaoming', form, '确认退回', { reason: '与市里会议合并召开' })).toast.kind).toBe('success');
    expect(await say(h, 'dengpeng', '/全区会议 名称=全区城建与物业工作会议 日期=3月20日')).toContain('（编号 2）');
    expect(await say(h, 'dengpeng', '/全区会议 日期=3月20日')).toContain('请写明会议名称（名称=）');
    expect(await say(h, 'dengpeng', '/全区会议 名称=会 日期=2026-02-01')).toContain('已经过去');
    expect(await say(h, 'dengpeng', '/全区会议 名称=会 日期=3月20日 地点=礼堂')).toContain('不认识的项「地点=」');
    expect(await say(h, 'majun', '/全区会议 名称=会 日期=3月20日 单位=住建局')).toContain('只有住建局的主要负责人、联络员或区政府办督查人员');
    expect(textOf((await cardOf(h, 'dengpeng', '全区性会议申请', 1)).message)).toContain('状态：已退回');
  });
});
