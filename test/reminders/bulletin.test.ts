import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeBulletin, deadlineInForce } from '../../src/core/reminders/bulletin';
import { bulletinCard } from '../../src/core/reminders/bulletin-card';
import type { ItemState } from '../../src/core/reminders/snapshot';
import { createWorkCalendar } from '../../src/core/calendar/work-calendar';
import { loadDirectory } from '../../src/core/org/directory';
import type { Extension, Report, SupervisionItem } from '../../src/core/supervision/types';
import { renderCard } from '../../src/platforms/feishu/cards';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { clickButton, latestCard } from '../supervision/helpers';
import { at, dayRun, issueItem, remindersHarness, user } from './helpers';

/**
 * The hand-computed fixture, as of Monday 2026-11-30 09:00 (the bulletin's day), built with the commands:
 *
 * | item | unit   | deadline            | what happened                                          | counts as              |
 * |------|--------|---------------------|--------------------------------------------------------|------------------------|
 * | Z1   | 住建局 | 11-20               | completion 11-19, accepted 11-23                        | on time                |
 * | Z2   | 住建局 | 11-20               | completion 11-19 returned, redone 11-24, accepted       | late (2 wd), 1 return  |
 * | Z3   | 住建局 | 11-25               | nothing                                                 | open, overdue 3 wd     |
 * | Z4   | 住建局 | 12-15 → 12-31       | extension asked 11-24, granted                          | open, 1 extension      |
 * | X1   | 兴隆镇 | 11-27 → 12-20       | extension asked 11-20, granted                          | open, 1 extension      |
 * | X2   | 兴隆镇 | 11-24               | completion 11-24, accepted                              | on time                |
 * | S1   | 司法局 | 11-19 (领导批示)     | progress reply 11-18 accepted: deadline met, weekly now | open, not overdue      |
 * | S2   | 司法局 | 11-26               | nothing                                                 | open, overdue 2 wd     |
 * | D    | 教育局 | draft               | never issued                                            | not counted            |
 *
 * On-time rate = on time ÷ (on time + late + open overdue): 住建局 1/3, 兴隆镇 1/1, 司法局 0/1, all 2/5.
 */
let h: Harness;
const id: Record<string, string> = {};

async function accept(title: string) {
  const office = user(h, 'linxiaomei');
  const result = await clickButton(office, await latestCard(office, title), '审核通过');
  expect(result.toast.kind, result.toast.text).toBe('success');
}

async function extend(by: string, item: string, date: string) {
  const [reply] = await user(h, by).say(`/延期 ${item} ${date} 原因：等待市局批复 进展：已完成方案 下一步：批复后两周内完成`);
  expect(textOf(reply!.message)).toContain('已提交延期申请');
  const result = await clickButton(user(h, 'zhaoming'), await latestCard(user(h, 'zhaoming'), `延期申请 · ${item}`), '同意延期');
  expect(result.toast.kind, result.toast.text).toBe('success');
}

beforeAll(async () => {
  h = await remindersHarness('2026-11-16T10:00:00');
  const doc = (title: string, unit: string, due: string) => issueItem(h, `来源=区政府文件 标题=${title} 主办=${unit} 期限=${due}`);
  id.Z1 = await doc('物业检查', '住建局', '2026-11-20');
  id.Z2 = await doc('燃气排查', '住建局', '2026-11-20');
  id.Z3 = await doc('工地扬尘', '住建局', '2026-11-25');
  id.Z4 = await doc('老旧小区', '住建局', '2026-12-15');
  id.X1 = await doc('河道整治', '兴隆镇', '2026-11-27');
  id.X2 = await doc('秸秆禁烧', '兴隆镇', '2026-11-24');
  id.S1 = await issueItem(h, '来源=领导批示 标题=信访化解 主办=司法局 收文日期=2026-11-16');
  id.S2 = await doc('普法宣传', '司法局', '2026-11-26');
  await user(h, 'linxiaomei').say('/督办 新建 来源=区政府文件 标题=校园周边交通 主办=教育局 期限=2026-11-20');

  at(h, '2026-11-18T10:00:00');
  await user(h, 'tangwei').say(`/进展 ${id.S1} 已约谈信访人，形成化解方案`);
  await accept(`办理进展报告 · ${id.S1}`);
  at(h, '2026-11-19T10:00:00');
  await user(h, 'dengpeng').say(`/办结 ${id.Z1} 已完成全部检查`);
  await user(h, 'dengpeng').say(`/办结 ${id.Z2} 已排查完毕`);
  at(h, '2026-11-20T10:00:00');
  await extend('songjia', id.X1, '12月20日');
  at(h, '2026-11-23T10:00:00');
  await accept(`办理结果报告 · ${id.Z1}`);
  const office = user(h, 'linxiaomei');
  await clickButton(office, await latestCard(office, `办理结果报告 · ${id.Z2}`), '退回重办', { reason: '缺少隐患清单' });
  at(h, '2026-11-24T10:00:00');
  await user(h, 'dengpeng').say(`/办结 ${id.Z2} 已排查完毕，附隐患清单`);
  await accept(`办理结果报告 · ${id.Z2}`);
  await user(h, 'majun').say(`/办结 ${id.X2} 全镇无焚烧`);
  await accept(`办理结果报告 · ${id.X2}`);
  await extend('zhangli', id.Z4, '12月31日');

  await dayRun(h, '2026-11-30T09:00:00');
});
afterAll(() => h?.close());

const bulletinOf = async (personId: string) => (await user(h, personId).inbox()).find((m) => m.message.card?.title === '督查通报 · 2026-11-30（周一）');

describe('Art. 37, 38 weekly bulletin: figures per unit, each traceable to its items', () => {
  it('goes on Monday to the office chat and every district government leader', async () => {
    expect((await bulletinOf('linxiaomei'))!.to).toEqual({ type: 'unit_chat', id: 'qzfb' });
    for (const leader of ['chenzhiyuan', 'liujianguo', 'wangli', 'zhaoming', 'sunqiang', 'zhoumin'])
      expect((await bulletinOf(leader))?.to.type, leader).toBe('person');
    expect(await bulletinOf('dengpeng')).toBeUndefined();
  });

  it('matches the hand-computed figures, with the items behind each and the ledger command that lists them', async () => {
    const text = textOf((await bulletinOf('zhaoming'))!.message);
    expect(text).toContain('**全区**　在办 5 · 逾期 2 · 按期办结 2 · 逾期办结 1 · 退回报告 1 · 延期 2 · 按期办结率 40%');
    expect(text).toContain('**住建局**　在办 2 · 逾期 1 · 按期办结 1 · 逾期办结 1 · 退回 1 · 延期 1 · 按期办结率 33.3%');
    expect(text).toContain(`- 在办：${id.Z3}、${id.Z4}（/台账 单位=住建局 状态=已交办；/台账 单位=住建局 状态=办理中）`);
    expect(text).toContain(`- 逾期：${id.Z3}（3 个工作日）（/台账 单位=住建局 灯=红）`);
    expect(text).toContain(`- 按期办结：${id.Z1}（/台账 单位=住建局 状态=已办结；/台账 单位=住建局 状态=已归档）`);
    expect(text).toContain(`- 逾期办结：${id.Z2}（2 个工作日）`);
    // A returned report is named by its item and round, never by an internal report id (报告3).
    expect(text).toContain(`- 退回报告：${id.Z2} 燃气排查 第1轮退回（/督办 查看 ${id.Z2}）`);
    expect(text).not.toMatch(/报告\d/);
    expect(text).toContain(`- 延期：${id.Z4}（/督办 查看 ${id.Z4}）`);
    expect(text).toContain('**兴隆镇**　在办 1 · 逾期 0 · 按期办结 1 · 逾期办结 0 · 退回 0 · 延期 1 · 按期办结率 100%');
    expect(text).toContain('**司法局**　在办 2 · 逾期 1 · 按期办结 0 · 逾期办结 0 · 退回 0 · 延期 0 · 按期办结率 0%');
    expect(text).toContain(`- 逾期：${id.S2}（2 个工作日）（/台账 单位=司法局 灯=红）`);
    expect(text).not.toContain('教育局');
    expect(text).toContain('依据《工作规则》第三十七条');
  });

  it('each overdue figure is exactly what the ledger filter it names lists', async () => {
    for (const [unit, items] of [
      ['住建局', [id.Z3]],
      ['司法局', [id.S2]],
      ['兴隆镇', []],
    ] as const) {
      const [reply] = await user(h, 'linxiaomei').say(`/台账 单位=${unit} 灯=红`);
      const listed = textOf(reply!.message).match(/DB-\d{4}-\d{4}/g) ?? [];
      expect([...new Set(listed)], unit).toEqual(items);
    }
    const [open] = await user(h, 'linxiaomei').say('/台账 单位=住建局 状态=办理中');
    const [issued] = await user(h, 'linxiaomei').say('/台账 单位=住建局 状态=已交办');
    const listed = [
      ...new Set([...(textOf(open!.message).match(/DB-\d{4}-\d{4}/g) ?? []), ...(textOf(issued!.message).match(/DB-\d{4}-\d{4}/g) ?? [])]),
    ].sort();
    expect(listed).toEqual([id.Z3, id.Z4].sort());
  });

  it('the chart block carries the same figures, and renders to a valid Feishu JSON 2.0 chart element', async () => {
    const card = (await bulletinOf('zhaoming'))!.message.card;
    const chart = card.blocks.find((b: any) => b.type === 'chart');
    expect(chart).toEqual({
      type: 'chart',
      title: '各单位督查事项办理情况',
      categories: ['兴隆镇', '司法局', '住建局'],
      series: [
        { name: '在办', values: [1, 2, 2] },
        { name: '逾期', values: [0, 1, 1] },
        { name: '按期办结', values: [1, 0, 1] },
        { name: '逾期办结', values: [0, 0, 1] },
      ],
    });
    const element = (renderCard(card) as any).body.elements.find((e: any) => e.tag === 'chart');
    expectValidBarChart(
      element,
      chart.categories,
      chart.series.map((s: any) => s.name),
    );
    const value = (category: string, series: string) => element.chart_spec.data.values.find((v: any) => v.category === category && v.series === series).value;
    expect(value('住建局', '逾期')).toBe(1);
    expect(value('司法局', '在办')).toBe(2);
  });
});

/**
 * What Feishu's `chart` element (card JSON 2.0, a VChart spec) needs from a grouped bar chart: only
 * `tag` and `chart_spec`; a bar spec whose x fields, y field and series field name properties every
 * data row has; numbers on the y axis; one row per category and series.
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-components/data-display/chart
 */
function expectValidBarChart(element: any, categories: string[], series: string[]) {
  expect(Object.keys(element).sort()).toEqual(['chart_spec', 'tag']);
  expect(element.tag).toBe('chart');
  const spec = element.chart_spec;
  expect(spec.type).toBe('bar');
  expect(typeof spec.title.text).toBe('string');
  const xFields: string[] = Array.isArray(spec.xField) ? spec.xField : [spec.xField];
  expect(Array.isArray(spec.data.values)).toBe(true);
  expect(spec.data.values).toHaveLength(categories.length * series.length);
  for (const row of spec.data.values) {
    for (const field of [...xFields, spec.yField, spec.seriesField]) expect(row, JSON.stringify(row)).toHaveProperty(field);
    expect(Number.isFinite(row[spec.yField]) && row[spec.yField] >= 0).toBe(true);
    expect(categories).toContain(row[xFields[0]!]);
    expect(series).toContain(row[spec.seriesField]);
  }
  expect(spec.legends).toMatchObject({ visible: true });
  expect(JSON.stringify(element).length).toBeLessThan(30_000);
}

describe('Art. 40: an extension counts only when asked for before the deadline', () => {
  const calendar = createWorkCalendar();
  const item = (over: Partial<SupervisionItem>): SupervisionItem =>
    ({
      id: 'DB-2026-0009',
      leadUnitId: 'zjj',
      assistingUnitIds: [],
      status: 'completed',
      dueOn: '2026-12-10',
      dueMetAt: null,
      completedAt: new Date('2026-12-04T10:00:00+08:00'),
      ...over,
    }) as SupervisionItem;
  const extension = (requestedAt: string): Extension =>
    ({
      id: 1,
      itemId: 'DB-2026-0009',
      unitId: 'zjj',
      status: 'granted',
      previousDue: '2026-12-01',
      requestedDue: '2026-12-10',
      createdAt: new Date(requestedAt),
    }) as Extension;
  const completion = { id: 1, kind: 'completion', status: 'accepted', unitId: 'zjj', submittedAt: new Date('2026-12-04T10:00:00+08:00') } as Report;
  const state = (ext: Extension): ItemState => ({ item: item({}), acks: [], plans: [], reports: [completion], extensions: [ext], weeks: [] });

  it('asked in time: the new deadline holds and the item completed before it is on time', async () => {
    const ext = extension('2026-11-30T10:00:00+08:00');
    expect(deadlineInForce(item({}), [ext])).toBe('2026-12-10');
    const h2 = await remindersHarness('2026-12-07T09:00:00');
    const b = computeBulletin([state(ext)], await loadDirectory(h2.db), calendar, new Date('2026-12-07T09:00:00+08:00'));
    h2.close();
    expect(b.units[0]).toMatchObject({ completedOnTime: ['DB-2026-0009'], completedLate: [], extensions: [{ itemId: 'DB-2026-0009', extensionId: 1 }] });
  });

  it('asked after the deadline: not counted, and the original deadline decides lateness (working days)', async () => {
    const ext = extension('2026-12-02T10:00:00+08:00');
    expect(deadlineInForce(item({}), [ext])).toBe('2026-12-01');
    const h2 = await remindersHarness('2026-12-07T09:00:00');
    const dir = await loadDirectory(h2.db);
    const b = computeBulletin([state(ext)], dir, calendar, new Date('2026-12-07T09:00:00+08:00'));
    expect(b.units[0]).toMatchObject({ completedOnTime: [], completedLate: [{ itemId: 'DB-2026-0009', workingDaysLate: 3 }], extensions: [], onTimeRate: 0 });
    expect(textOf({ kind: 'card', card: bulletinCard(b, dir) })).toContain('延期 0');
    h2.close();
  });
});
