import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { sandboxUser } from '../helpers/sandbox';
import { cast, footprint, said, supervisionHarness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await supervisionHarness('2026-09-30T09:00:00');
});
afterEach(() => h?.close());

const BASE = '标题=冬季供暖投诉处理 主办=住建局';

describe('/督办 新建: bad input gets a Chinese error naming the key, and nothing is written', () => {
  it.each([
    [
      'an unknown source',
      `来源=小道消息 ${BASE}`,
      '「来源=小道消息」不是可选的来源。请从以下选择：领导批示、上级批示、上级文件、上级督查通知、区政府文件、重点项目、常务会议、专题会议、全体会议、人大建议、政协提案、其他会议。',
    ],
    ['a bad date', `来源=领导批示 ${BASE} 收文日期=2026-13-45`, '「收文日期=」：“13月”不是有效月份，月份应在1到12之间。'],
    ['an unparseable date', `来源=领导批示 ${BASE} 收文日期=前几天`, '「收文日期=」：无法识别日期“前几天”。'],
    ['a date in the future', `来源=领导批示 ${BASE} 收文日期=2026-10-08`, '「收文日期=2026-10-08」是 2026-10-08，晚于今天（2026-09-30），请核对。'],
    [
      'an unknown lead unit',
      '来源=领导批示 标题=x 主办=宇宙局',
      '「主办=」中的单位「宇宙局」不在通讯录中。可选单位：兴隆镇、城东街道、城西街道、司法局、财政局、住建局、教育局、发改局。',
    ],
    ['an unknown assisting unit', `来源=领导批示 ${BASE} 协办=兴隆镇,火星镇`, '「协办=」中的单位「火星镇」不在通讯录中。'],
    ['the lead unit also assisting', `来源=领导批示 ${BASE} 协办=住建局`, '「协办=」不能包含主办单位住建局。'],
    [
      'a missing title',
      '来源=领导批示 主办=住建局',
      '缺少「标题=」。例如：\n/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇 收文日期=2026-09-30',
    ],
    ['a missing source', BASE, '缺少「来源=」。'],
    ['a missing lead unit', '来源=领导批示 标题=x', '缺少「主办=」。'],
    [
      'an unknown key',
      `来源=领导批示 ${BASE} 颜色=红`,
      '不认识的项「颜色=」。可用的项：来源= 标题= 内容= 文号= 主办= 协办= 责任人= 收文日期= 会议日期= 交办日期= 期限= 节点= 复杂= 长期=',
    ],
    ['a repeated key', `来源=领导批示 ${BASE} 标题=又一个`, '「标题=」写了两次，请只保留一个。'],
    ['text without keys', '冬季供暖投诉处理', '请按「键=值」填写'],
    [
      'a standing meeting without its meeting date',
      `来源=常务会议 ${BASE}`,
      '「会议日期=」：依据第四十条：区政府常务会议决定事项的落实情况，应在会后10个工作日内报送。请填写会议日期，例如「会议日期=2026-09-24」。',
    ],
    [
      'a district document without its deadline',
      `来源=区政府文件 ${BASE}`,
      '「期限=」：依据第四十条：区政府及办公室印发的重要文件需办理落实的事项，应严格按照督查通知明确的时限报送。区政府文件事项须填写督查通知明确的期限，例如「期限=2026-12-20」。',
    ],
    ['a topic meeting without milestones', `来源=专题会议 ${BASE} 会议日期=2026-09-29`, '「节点=」：'],
    [
      'a hand-set deadline on a standing meeting',
      `来源=常务会议 ${BASE} 会议日期=2026-09-24 期限=2026-12-01`,
      '常务会议事项的期限为会后10个工作日，不能另填「期限=」，请删去后重新提交。',
    ],
    ['a deadline before receipt', `来源=上级批示 ${BASE} 收文日期=2026-09-29 期限=2026-09-01`, '「期限=2026-09-01」是 2026-09-01，早于 2026-09-29，请核对。'],
    ['a malformed milestone', `来源=专题会议 ${BASE} 会议日期=2026-09-29 节点=完成方案`, '节点「完成方案」应写成「日期:任务」'],
    ['a milestone after the deadline', `来源=重点项目 ${BASE} 期限=2026-12-01 节点=2026-12-10:完成`, '节点「完成」的日期 2026-12-10 晚于期限 2026-12-01'],
    ['a yes/no that is neither', `来源=人大建议 ${BASE} 复杂=也许`, '「复杂=」只能填「是」或「否」，收到「也许」。'],
    ['an over-long title', `来源=领导批示 标题=${'长'.repeat(101)} 主办=住建局`, '「标题=」太长（最多 100 字）'],
  ])('%s', async (_case, line, message) => {
    const { office } = cast(h);
    const before = await footprint(h);
    const [reply] = await office.say(`/督办 新建 ${line}`);
    expect(reply!.message.kind).toBe('text');
    expect(said(reply!)).toContain(message);
    expect(await footprint(h)).toEqual(before);
  });

  it('someone outside the office may not register', async () => {
    const { zjjHead, zhaoming } = cast(h);
    const before = await footprint(h);
    for (const user of [zjjHead, zhaoming]) {
      expect(said((await user.say(`/督办 新建 来源=领导批示 ${BASE}`))[0]!)).toBe(
        '依据《工作规则》第四十条，督查事项由区政府办督查人员登记立项，您没有登记权限。',
      );
    }
    expect(await footprint(h)).toEqual(before);
  });
});

describe('other supervision commands reject bad input without writing', () => {
  it.each([
    ['linxiaomei', '/督办 飞', '不认识「/督办 飞」'],
    ['linxiaomei', '/督办 查看', '请在「/督办 查看」后写明督查事项编号'],
    ['linxiaomei', '/督办 查看 DB-2026-9999', '没有督查事项 DB-2026-9999，请核对编号'],
    ['dengpeng', '/签收 ABC', '「ABC」不是督查事项编号，编号形如 DB-2026-0001。'],
    ['dengpeng', '/签收', '您所在单位目前没有可签收督查通知的督查事项'],
    ['linxiaomei', '/督办 交办 DB-2026-0001 领导=张三', '没有督查事项 DB-2026-0001'],
    ['linxiaomei', '/台账 颜色=红', '不认识的筛选条件「颜色=」'],
    ['linxiaomei', '/台账 灯=紫', '「灯=紫」不是可选的督办灯'],
    ['linxiaomei', '/台账 单位=宇宙局', '「单位=宇宙局」不在通讯录中'],
    ['linxiaomei', '/台账 状态=飞了', '「状态=飞了」不是可选的状态'],
    ['linxiaomei', '/督办 设置 颜色=红', '可设置的项：延期审批=交办领导 或 延期审批=区政府办。'],
    ['zhengguohua', '/台账', '台账仅供区政府办、区政府领导和承办单位（主要负责人、联络员）查看。'],
  ])('%s: %s', async (as, text, message) => {
    const before = await footprint(h);
    const [reply] = await sandboxUser(h, as).say(text);
    expect(said(reply!)).toContain(message);
    expect(await footprint(h)).toEqual(before);
  });

  it('recording an approval names a real government leader', async () => {
    const { office } = cast(h);
    await office.say(`/督办 新建 来源=领导批示 ${BASE}`);
    const before = await footprint(h);
    expect(said((await office.say('/督办 交办 DB-2026-0001 领导=张三'))[0]!)).toContain(
      '「张三」不是区政府领导，请从以下选择：陈志远（区长）、刘建国（常务副区长）',
    );
    expect(said((await office.say('/督办 交办 DB-2026-0001'))[0]!)).toContain('请写明审定的区政府领导');
    expect(await footprint(h)).toEqual(before);
  });
});
