/**
 * A large organisation and ledger, generated deterministically (seeded), for the daily-job benchmark:
 * the directory goes through the real import (`parseOrgFile` + `importOrg`, so it passes every check a
 * real file must pass); the ledger is direct inserts of rows typed by the drizzle schema
 * (`$inferInsert`), in one transaction per table chunk — registering 10 000 items through the bot
 * would measure the bot, not the job.
 */
import { getTableColumns, type Table } from 'drizzle-orm';
import type { AppDb } from '../../db/types';
import { atomic, type Statement } from '../../db/atomic';
import { chunksOf, rowsPerInsert } from '../../db/in-chunks';
import { supervisionAcks, supervisionExtensions, supervisionItems, supervisionReports, weeklyReportWeeks } from '../../db/schema';
import { importOrg, parseOrgFile, type PersonRow, type UnitRow } from '../../src/core/org/import';
import { formatItemNumber } from '../../src/core/supervision/store';
import { addCalendarDays, dayjs, RULE_TZ, type LocalDate } from '../../src/core/time';
import { seeded, type Random } from '../lib/seeded';

export interface Scale {
  units: number;
  people: number;
  items: number;
}

export const FULL_SCALE: Scale = { units: 300, people: 2_000, items: 10_000 };
export const SEED = 20_261_208;

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志飞斌宇浩凯健俊帆帅旭宁龙林欣晨阳波海峰亮'];
const DEPUTIES = 7;

export interface Org {
  units: UnitRow[];
  people: PersonRow[];
  /** Units that receive supervision items (towns, subdistricts, departments). */
  workUnits: string[];
  /** Deputies (副区长), who supervise units and assign items. */
  deputies: string[];
  officeStaff: string[];
}

function name(r: Random): string {
  return r.pick(SURNAMES) + r.pick(GIVEN) + (r.chance(0.6) ? r.pick(GIVEN) : '');
}

/** `scale.units` units (4 offices, the rest towns, subdistricts and departments) and `scale.people` people. */
export function generateOrg(scale: Scale, seed = SEED): Org {
  const r = seeded(seed);
  const people: PersonRow[] = [];
  const person = (id: string, unit: string, post: string, roles: PersonRow['roles'], extra: Partial<PersonRow> = {}) => {
    people.push({ id, name: name(r), unit, post, roles, feishu_open_id: `ou_bench_${id}`, dingtalk_user_id: `dt_bench_${id}`, ...extra });
    return id;
  };
  const units: UnitRow[] = [
    { id: 'qzf', name: '区政府', kind: 'office' },
    { id: 'qw', name: '区委', kind: 'office' },
    { id: 'qwb', name: '区委办', kind: 'office', function: 'party_office', head: 'p_qwb_head', feishu_chat_id: 'oc_bench_qwb' },
    { id: 'qzfb', name: '区政府办', kind: 'office', function: 'gov_office', head: 'p_qzfb_head', feishu_chat_id: 'oc_bench_qzfb' },
  ];
  person('p_head', 'qzf', '区长', ['district_head', 'party_group_member']);
  const deputies = [person('p_dep_1', 'qzf', '常务副区长', ['executive_deputy', 'deputy_head', 'party_group_member'], { ab_partner: 'p_dep_2' })];
  for (let i = 2; i <= DEPUTIES; i++) {
    // A/B pairs (Art. 11): 1⇄2, 3⇄4, 5⇄6; the 7th has none.
    const partner = i === DEPUTIES ? undefined : i % 2 === 0 ? `p_dep_${i - 1}` : `p_dep_${i + 1}`;
    deputies.push(person(`p_dep_${i}`, 'qzf', '副区长', ['deputy_head'], partner ? { ab_partner: partner } : {}));
  }
  person('p_secretary', 'qw', '区委书记', ['party_secretary']);
  person('p_qwb_head', 'qwb', '区委办主任', ['unit_head']);
  person('p_qwb_liaison', 'qwb', '秘书科科员', ['unit_liaison']);
  person('p_qzfb_head', 'qzfb', '区政府办主任', ['unit_head', 'office_staff']);
  const officeStaff = ['p_qzfb_head'];
  for (let i = 1; i <= 4; i++) officeStaff.push(person(`p_office_${i}`, 'qzfb', '督查室科员', ['office_staff']));

  const kinds = ['town', 'subdistrict', 'department'] as const;
  const suffix = { town: '镇', subdistrict: '街道', department: '局' } as const;
  const workUnits: string[] = [];
  for (let n = 1; units.length < scale.units; n++) {
    const kind = kinds[n % 3]!;
    const id = `u${String(n).padStart(3, '0')}`;
    const head = person(`${id}_head`, id, kind === 'department' ? '局长' : kind === 'town' ? '镇长' : '主任', ['unit_head']);
    person(`${id}_liaison`, id, '办公室科员', ['unit_liaison']);
    units.push({ id, name: `第${n}${suffix[kind]}`, kind, head, supervising_deputy: r.pick(deputies), feishu_chat_id: `oc_bench_${id}` });
    workUnits.push(id);
  }
  for (let n = 1; people.length < scale.people; n++) {
    const unit = r.pick(workUnits);
    person(`p_staff_${n}`, unit, r.chance(0.1) ? '联络员' : '科员', r.chance(0.1) ? ['unit_liaison'] : []);
  }
  return { units, people, workUnits, deputies, officeStaff };
}

/** An organisation file already parsed (e.g. the demo's) in the shape the ledger generator takes. */
export function orgOfFile(data: { units: UnitRow[]; people: PersonRow[] }): Org {
  return {
    units: data.units,
    people: data.people,
    workUnits: data.units.filter((u) => u.kind !== 'office').map((u) => u.id),
    deputies: data.people.filter((p) => p.roles.includes('deputy_head')).map((p) => p.id),
    officeStaff: data.people.filter((p) => p.roles.includes('office_staff')).map((p) => p.id),
  };
}

/** Imports the organisation exactly as `org import` does: the file's text is parsed and validated first. */
export async function importGenerated(db: AppDb, org: Org, now: Date) {
  const data = parseOrgFile(JSON.stringify({ units: org.units, people: org.people }));
  return importOrg(db, data, now, 'bench');
}

const SOURCES = ['leader_instruction', 'upper_directive', 'district_document', 'key_project', 'standing_meeting', 'topic_meeting', 'other_decision'] as const;
const TOPICS = ['老旧小区改造', '河道整治', '营商环境', '安全生产检查', '学校扩容', '农村公路养护', '垃圾分类', '信访积案化解', '重点项目征拆', '防汛物资储备'];

type ItemRow = typeof supervisionItems.$inferInsert;

/**
 * `scale.items` open items (issued or in progress) around `today`: overdue, due today, due soon and
 * later; most notices acknowledged, some reports waiting for sign-off or review, some extensions
 * pending, long-running items with weekly reports — so every section of the digest has work.
 */
export async function insertLedger(
  db: AppDb,
  org: Org,
  scale: Scale,
  today: LocalDate,
  seed = SEED,
): Promise<{ items: number; acks: number; reports: number; extensions: number; weeks: number }> {
  const r = seeded(seed + 1);
  // Item numbers run to 9999 a year (DB-YYYY-NNNN): half the ledger is carried over from last year.
  const thisYear = Number(today.slice(0, 4));
  const carriedOver = Math.floor(scale.items / 2);
  const at = (date: LocalDate) => dayjs.tz(`${date} 10:00`, RULE_TZ).toDate();
  const items: ItemRow[] = [];
  const acks: Array<typeof supervisionAcks.$inferInsert> = [];
  const reports: Array<typeof supervisionReports.$inferInsert> = [];
  const extensions: Array<typeof supervisionExtensions.$inferInsert> = [];
  const weeks: Array<typeof weeklyReportWeeks.$inferInsert> = [];
  const headOf = new Map(org.units.map((u) => [u.id, u.head ?? 'p_qzfb_head']));
  let reportId = 0;
  for (let n = 1; n <= scale.items; n++) {
    const [year, seq] = n <= carriedOver ? [thisYear - 1, n] : [thisYear, n - carriedOver];
    const id = formatItemNumber(year, seq);
    const assignedOn = year < thisYear ? addCalendarDays(`${year}-12-31`, -r.int(0, 300)) : addCalendarDays(today, -r.int(1, 120));
    const dueOn = addCalendarDays(today, r.int(-10, 90));
    const lead = r.pick(org.workUnits);
    const assisting = [...new Set(Array.from({ length: r.int(0, 2) }, () => r.pick(org.workUnits)))].filter((u) => u !== lead);
    const longRunning = r.chance(0.1);
    const issuedAt = at(assignedOn);
    items.push({
      id,
      year,
      seq,
      source: r.pick(SOURCES),
      title: `${r.pick(TOPICS)}（第${n}项）`,
      content: '按区政府常务会议要求抓好落实，按期报送进展。',
      reference: null,
      receivedOn: assignedOn,
      meetingOn: null,
      assignedOn,
      leadUnitId: lead,
      assistingUnitIds: assisting,
      responsiblePerson: null,
      dueOn,
      dueProvisional: false,
      dueExplicit: true,
      dueArticle: 40,
      dueExplanation: '交办时确定的办理期限',
      satisfiedByProgress: false,
      complex: false,
      longRunning,
      status: r.chance(0.3) ? 'issued' : 'in_progress',
      approvalLeaderId: null,
      assigningLeaderId: r.pick(org.deputies),
      createdBy: r.pick(org.officeStaff),
      createdAt: issuedAt,
      issuedAt,
      updatedAt: issuedAt,
      version: 1,
    });
    for (const unit of [lead, ...assisting]) {
      if (r.chance(0.85)) acks.push({ itemId: id, unitId: unit, personId: headOf.get(unit)!, at: issuedAt });
    }
    if (r.chance(0.12)) {
      const status = r.pick(['awaiting_signoff', 'submitted', 'received', 'accepted'] as const);
      reports.push({
        id: ++reportId,
        itemId: id,
        unitId: lead,
        kind: 'progress',
        authorId: `${lead}_liaison`,
        text: '已完成阶段性工作，正在推进下一步。',
        round: 1,
        late: false,
        status,
        createdAt: issuedAt,
        submittedAt: status === 'awaiting_signoff' ? null : issuedAt,
        version: 1,
      });
    }
    if (r.chance(0.03)) {
      extensions.push({
        id: extensions.length + 1,
        itemId: id,
        unitId: lead,
        requestedBy: headOf.get(lead)!,
        requestedDue: addCalendarDays(dueOn, 30),
        previousDue: dueOn,
        reason: '涉及多部门协调，需延长办理时间',
        progress: '已完成方案编制',
        nextSteps: '组织专题会议协调',
        deciderId: r.chance(0.5) ? r.pick(org.deputies) : null,
        status: 'pending',
        createdAt: issuedAt,
        version: 1,
      });
    }
    if (longRunning && r.chance(0.5)) {
      const weekStart = addCalendarDays(today, -7 - ((dayjs(today).day() + 6) % 7));
      const weekly = ++reportId;
      reports.push({
        id: weekly,
        itemId: id,
        unitId: lead,
        kind: 'weekly',
        authorId: `${lead}_liaison`,
        text: '本周推进情况。',
        round: 1,
        late: false,
        status: 'accepted',
        createdAt: at(addCalendarDays(weekStart, 4)),
        submittedAt: at(addCalendarDays(weekStart, 4)),
        version: 1,
      });
      weeks.push({
        itemId: id,
        unitId: lead,
        weekStart,
        dueOn: addCalendarDays(weekStart, 4),
        reportId: weekly,
        late: false,
        submittedAt: at(addCalendarDays(weekStart, 4)),
      });
    }
  }
  // Multi-row inserts as large as the database binds (D1: 100 parameters), 500 rows a transaction.
  const insertAll = async <T>(rows: T[], table: Table, insert: (chunk: T[]) => Statement) => {
    const perInsert = rowsPerInsert(db, Object.keys(getTableColumns(table)).length);
    for (let i = 0; i < rows.length; i += 500) await atomic(db, [...chunksOf(rows.slice(i, i + 500), perInsert)].map(insert));
  };
  await insertAll(items, supervisionItems, (chunk) => db.insert(supervisionItems).values(chunk));
  await insertAll(acks, supervisionAcks, (chunk) => db.insert(supervisionAcks).values(chunk));
  await insertAll(reports, supervisionReports, (chunk) => db.insert(supervisionReports).values(chunk));
  await insertAll(extensions, supervisionExtensions, (chunk) => db.insert(supervisionExtensions).values(chunk));
  await insertAll(weeks, weeklyReportWeeks, (chunk) => db.insert(weeklyReportWeeks).values(chunk));
  return { items: items.length, acks: acks.length, reports: reports.length, extensions: extensions.length, weeks: weeks.length };
}
