import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirectory, type Directory } from '../../src/core/org/directory';
import { loadDirectory } from '../../src/core/org/directory';
import { mayDo, POLICY, relationsOf, type SupervisionAction } from '../../src/core/supervision/permissions';
import type { Extension, SupervisionItem } from '../../src/core/supervision/types';
import type { Harness } from '../helpers/harness';
import { sandboxUser } from '../helpers/sandbox';
import { clickButton, footprint, item, latestCard, register, said, supervisionHarness, type User } from './helpers';

/** Every role the rules distinguish, played by people of the demo organisation. */
const ROLES = {
  office_staff: 'linxiaomei',
  assigning_leader: 'zhaoming',
  other_leader: 'sunqiang',
  lead_head: 'dengpeng',
  lead_liaison: 'zhangli',
  assisting_head: 'majun',
  assisting_liaison: 'songjia',
  other_unit_head: 'tangwei',
  other_unit_liaison: 'xiena',
  party_secretary: 'zhengguohua',
} as const;
type Role = keyof typeof ROLES;

const UNITS: Role[] = ['lead_head', 'lead_liaison', 'assisting_head', 'assisting_liaison'];

/** Who may do what (Art. 40), as the office would read it. */
const MATRIX: Record<SupervisionAction, Role[]> = {
  register: ['office_staff'],
  edit: ['office_staff'],
  send_for_approval: ['office_staff'],
  approve: ['assigning_leader'],
  record_approval: ['office_staff'],
  acknowledge: UNITS,
  plan: UNITS,
  report: UNITS,
  sign_off: ['lead_head'],
  receive: ['office_staff'],
  review: ['office_staff'],
  request_extension: ['lead_head', 'lead_liaison'],
  decide_extension: ['assigning_leader'],
  archive: ['office_staff'],
  view: ['office_staff', 'assigning_leader', 'other_leader', ...UNITS],
  export_ledger: ['office_staff'],
  configure: ['office_staff'],
};

const cells = (Object.keys(MATRIX) as SupervisionAction[]).flatMap((action) =>
  (Object.keys(ROLES) as Role[]).map((role) => ({ action, role, allowed: MATRIX[action].includes(role) })),
);

describe('authorisation matrix: every action × every role (core policy)', () => {
  let dir: Directory;
  let h: Harness;
  beforeAll(async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const loaded = await loadDirectory(h.db);
    dir = buildDirectory([...loaded.people], [...loaded.units]);
  });
  afterAll(() => h.close());

  const sample = {
    item: { id: 'DB-2026-0001', leadUnitId: 'zjj', assistingUnitIds: ['xlz'], approvalLeaderId: 'zhaoming', assigningLeaderId: 'zhaoming' } as SupervisionItem,
    extension: { deciderId: 'zhaoming' } as Extension,
    reportUnitId: 'zjj',
  };

  it.each(cells)('$action by $role: allowed=$allowed', ({ action, role, allowed }) => {
    const actor = dir.person(ROLES[role])!;
    expect(mayDo(action, relationsOf(dir, actor, sample))).toBe(allowed);
  });

  it('every action of the policy is in the matrix', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(POLICY).sort());
  });
});

describe('authorisation matrix through the bot: every refused attempt gets the rule’s message and changes nothing', () => {
  let h: Harness;
  let draftId: string;
  let openId: string;
  const cards: Record<string, Awaited<ReturnType<typeof latestCard>>> = {};

  beforeAll(async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const u = (role: Role) => sandboxUser(h, ROLES[role]);
    draftId = await register(u('office_staff'), '来源=领导批示 标题=待审定事项 主办=住建局 协办=兴隆镇');
    await u('office_staff').say(`/督办 送审 ${draftId} 领导=赵明`);
    cards.approval = await latestCard(u('assigning_leader'), '督查事项审定');
    openId = await register(u('office_staff'), '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇');
    await u('office_staff').say(`/督办 交办 ${openId} 领导=赵明`);
    cards.notice = await latestCard(u('lead_liaison'), '督查通知');
    await u('lead_liaison').say(`/进展 ${openId} 正在排查`);
    cards.signOff = await latestCard(u('lead_head'), '办理进展报告');
    await u('lead_head').say(`/办结 ${openId} 已办结`);
    cards.review = await latestCard(u('office_staff'), '办理结果报告');
    await u('lead_head').say(`/延期 ${openId} 10月20日 原因：a 进展：b 下一步：c`);
    cards.extension = await latestCard(u('assigning_leader'), '延期申请');
  });
  afterAll(() => h.close());

  /** How each action is attempted: the reply or toast text. */
  const attempts: Record<SupervisionAction, (user: User) => Promise<string>> = {
    register: async (user) => said((await user.say('/督办 新建 来源=领导批示 标题=x 主办=住建局'))[0]!),
    edit: async (user) => said((await user.say(`/督办 修改 ${draftId} 标题=改名`))[0]!),
    send_for_approval: async (user) => said((await user.say(`/督办 送审 ${draftId} 领导=孙强`))[0]!),
    approve: async (user) => (await clickButton(user, cards.approval!, '同意交办')).toast.text,
    record_approval: async (user) => said((await user.say(`/督办 交办 ${draftId} 领导=赵明`))[0]!),
    acknowledge: async (user) => (await clickButton(user, cards.notice!, '签收')).toast.text,
    plan: async (user) => said((await user.say(`/计划 ${openId} 计划内容`))[0]!),
    report: async (user) => said((await user.say(`/办结 ${openId} 报告内容`))[0]!),
    sign_off: async (user) => (await clickButton(user, cards.signOff!, '审签通过')).toast.text,
    receive: async (user) => (await clickButton(user, cards.review!, '签收')).toast.text,
    review: async (user) => (await clickButton(user, cards.review!, '审核通过')).toast.text,
    request_extension: async (user) => said((await user.say(`/延期 ${openId} 10月21日 原因：a 进展：b 下一步：c`))[0]!),
    decide_extension: async (user) => (await clickButton(user, cards.extension!, '同意延期')).toast.text,
    archive: async (user) => said((await user.say(`/督办 归档 ${openId}`))[0]!),
    view: async (user) => said((await user.say(`/督办 查看 ${openId}`))[0]!),
    export_ledger: async (user) => said((await user.say('/台账 导出'))[0]!),
    configure: async (user) => said((await user.say('/督办 设置 延期审批=区政府办'))[0]!),
  };

  const refused = cells.filter((c) => !c.allowed);
  it.each(refused)('$action by $role is refused', async ({ action, role }) => {
    const before = await footprint(h);
    expect(await attempts[action](sandboxUser(h, ROLES[role]))).toBe(POLICY[action].denied);
    expect(await footprint(h)).toEqual(before);
  });

  it('the state the refusals ran against is intact', async () => {
    expect(await item(h, draftId)).toMatchObject({ status: 'draft', approvalLeaderId: 'zhaoming', title: '待审定事项' });
    expect(await item(h, openId)).toMatchObject({ status: 'in_progress', dueOn: '2026-10-10' });
  });
});
