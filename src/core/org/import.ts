import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { atomic, type Statement } from '../../../db/atomic';
import { auditLog, people as peopleTable, units as unitsTable } from '../../../db/schema';
import { ROLES, SINGLE_HOLDER_ROLES, UNIT_KINDS, ROLE_NAMES_ZH } from './types';

const id = z
  .string()
  .trim()
  .min(1, '不能为空')
  .max(64, '过长')
  .regex(/^[A-Za-z0-9_.-]+$/, '只能包含字母、数字、下划线、点和连字符');
const optionalText = z.string().trim().min(1).max(128).nullish();

const unitRow = z
  .object({
    id,
    name: z.string().trim().min(1, '不能为空').max(64),
    kind: z.enum(UNIT_KINDS, { error: `应为 ${UNIT_KINDS.join(' / ')} 之一` }),
    function: z.enum(['gov_office', 'party_office'], { error: '应为 gov_office 或 party_office' }).nullish(),
    head: id.nullish(),
    supervising_deputy: id.nullish(),
    feishu_chat_id: optionalText,
    dingtalk_conversation_id: optionalText,
  })
  .strict();

const personRow = z
  .object({
    id,
    name: z.string().trim().min(1, '不能为空').max(32),
    unit: id,
    post: z.string().trim().min(1, '不能为空').max(64),
    roles: z.array(z.enum(ROLES, { error: `应为 ${ROLES.join(' / ')} 之一` })).default([]),
    ab_partner: id.nullish(),
    feishu_open_id: optionalText,
    feishu_user_id: optionalText,
    dingtalk_user_id: optionalText,
  })
  .strict();

const orgFile = z
  .object({
    units: z.array(z.unknown()).min(1, '至少需要一个单位'),
    people: z.array(z.unknown()).min(1, '至少需要一个人员'),
  })
  .strict();

export type UnitRow = z.infer<typeof unitRow>;
export type PersonRow = z.infer<typeof personRow>;
export interface OrgData {
  units: UnitRow[];
  people: PersonRow[];
}

/** A directory file that cannot be imported; `problems` name the row and field of each error. */
export class OrgImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`组织架构文件有 ${problems.length} 处错误，未导入任何数据：\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'OrgImportError';
  }
}

function describeIssues(where: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.join('.') || '(整行)';
    const message = issue.code === 'unrecognized_keys' ? `未知字段 ${issue.keys.join(', ')}` : issue.message;
    return `${where} 字段 ${field}：${message}`;
  });
}

/** Parses and validates a YAML or JSON directory file (docs/operations.md). Throws OrgImportError listing every bad row. */
export function parseOrgFile(source: string): OrgData {
  let raw: unknown;
  try {
    raw = parseYaml(source);
  } catch (error) {
    throw new OrgImportError([`文件不是有效的 YAML/JSON：${(error as Error).message.split('\n')[0]}`]);
  }
  const top = orgFile.safeParse(raw);
  if (!top.success) throw new OrgImportError(describeIssues('文件顶层', top.error));

  const problems: string[] = [];
  const units: UnitRow[] = [];
  const people: PersonRow[] = [];
  top.data.units.forEach((row, i) => {
    const r = unitRow.safeParse(row);
    if (r.success) units.push(r.data);
    else problems.push(...describeIssues(`units 第 ${i + 1} 行`, r.error));
  });
  top.data.people.forEach((row, i) => {
    const r = personRow.safeParse(row);
    if (r.success) people.push(r.data);
    else problems.push(...describeIssues(`people 第 ${i + 1} 行`, r.error));
  });
  if (problems.length === 0) problems.push(...crossCheck({ units, people }));
  if (problems.length > 0) throw new OrgImportError(problems);
  return { units, people };
}

/** References between rows: units, heads, deputies, A/B partners, single holders (docs/operations.md). */
function crossCheck(org: OrgData): string[] {
  const problems: string[] = [];
  const personById = new Map<string, PersonRow>();
  const unitIds = new Set<string>();
  const unitNames = new Set<string>();
  org.units.forEach((u, i) => {
    if (unitIds.has(u.id)) problems.push(`units 第 ${i + 1} 行 字段 id：重复的单位 id「${u.id}」`);
    if (unitNames.has(u.name)) problems.push(`units 第 ${i + 1} 行 字段 name：重复的单位名称「${u.name}」`);
    unitIds.add(u.id);
    unitNames.add(u.name);
  });
  const platformIds = new Map<string, string>();
  org.people.forEach((p, i) => {
    const where = `people 第 ${i + 1} 行（${p.name}）`;
    if (personById.has(p.id)) problems.push(`${where} 字段 id：重复的人员 id「${p.id}」`);
    personById.set(p.id, p);
    if (!unitIds.has(p.unit)) problems.push(`${where} 字段 unit：单位「${p.unit}」不存在`);
    for (const [field, value] of [
      ['feishu_open_id', p.feishu_open_id],
      ['dingtalk_user_id', p.dingtalk_user_id],
    ] as const) {
      if (!value) continue;
      const key = `${field}:${value}`;
      if (platformIds.has(key)) problems.push(`${where} 字段 ${field}：与 ${platformIds.get(key)} 重复`);
      platformIds.set(key, p.name);
    }
  });
  org.people.forEach((p, i) => {
    const where = `people 第 ${i + 1} 行（${p.name}）`;
    if (!p.ab_partner) return;
    const partner = personById.get(p.ab_partner);
    if (!partner) problems.push(`${where} 字段 ab_partner：人员「${p.ab_partner}」不存在`);
    else if (partner.ab_partner !== p.id) problems.push(`${where} 字段 ab_partner：AB角须互为对方（${partner.name} 的 ab_partner 不是 ${p.id}）`);
    else if (p.ab_partner === p.id) problems.push(`${where} 字段 ab_partner：不能是本人`);
  });
  org.units.forEach((u, i) => {
    const where = `units 第 ${i + 1} 行（${u.name}）`;
    if (u.head) {
      const head = personById.get(u.head);
      if (!head) problems.push(`${where} 字段 head：人员「${u.head}」不存在`);
      else if (head.unit !== u.id) problems.push(`${where} 字段 head：${head.name} 不属于本单位`);
    } else if (u.kind !== 'office') problems.push(`${where} 字段 head：乡镇、街道和部门必须指定主要负责人`);
    if (u.supervising_deputy) {
      const deputy = personById.get(u.supervising_deputy);
      if (!deputy) problems.push(`${where} 字段 supervising_deputy：人员「${u.supervising_deputy}」不存在`);
      else if (!deputy.roles.includes('deputy_head') && !deputy.roles.includes('executive_deputy')) {
        problems.push(`${where} 字段 supervising_deputy：${deputy.name} 不是副区长`);
      }
    } else if (u.kind !== 'office') problems.push(`${where} 字段 supervising_deputy：乡镇、街道和部门必须指定分管副区长`);
  });
  for (const role of SINGLE_HOLDER_ROLES) {
    const holders = org.people.filter((p) => p.roles.includes(role));
    if (holders.length !== 1) {
      problems.push(
        `角色 ${role}（${ROLE_NAMES_ZH[role]}）须恰好一人担任，现有 ${holders.length} 人${holders.length ? `：${holders.map((h) => h.name).join('、')}` : ''}`,
      );
    }
  }
  for (const fn of ['gov_office', 'party_office'] as const) {
    const count = org.units.filter((u) => u.function === fn).length;
    if (count !== 1) problems.push(`function=${fn}（${fn === 'gov_office' ? '区政府办' : '区委办'}）的单位须恰好一个，现有 ${count} 个`);
  }
  return problems;
}

export interface OrgImportSummary {
  units: number;
  people: number;
  deactivatedPeople: string[];
  deactivatedUnits: string[];
}

/**
 * Imports a validated directory: updates in place by stable id, deactivates who vanished
 * (never deletes: history refers to them), all in one atomic unit.
 */
export async function importOrg(db: AppDb, org: OrgData, now: Date, importedBy = 'admin'): Promise<OrgImportSummary> {
  const [knownPeople, knownUnits] = await Promise.all([
    db.select({ id: peopleTable.id, name: peopleTable.name, active: peopleTable.active }).from(peopleTable),
    db.select({ id: unitsTable.id, name: unitsTable.name, active: unitsTable.active }).from(unitsTable),
  ]);
  const personIds = org.people.map((p) => p.id);
  const unitIds = org.units.map((u) => u.id);
  const deactivatedPeople = knownPeople.filter((p) => p.active && !personIds.includes(p.id)).map((p) => p.name);
  const deactivatedUnits = knownUnits.filter((u) => u.active && !unitIds.includes(u.id)).map((u) => u.name);

  const statements: Statement[] = [];
  // Names are unique among units: free the names of units that vanish before renaming others.
  if (deactivatedUnits.length) {
    for (const u of knownUnits.filter((k) => !unitIds.includes(k.id))) {
      statements.push(
        db
          .update(unitsTable)
          .set({ active: false, name: `${u.name}（已撤销 ${u.id}）`, updatedAt: now })
          .where(eq(unitsTable.id, u.id)),
      );
    }
  }
  for (const u of org.units) {
    const values = {
      name: u.name,
      kind: u.kind,
      function: u.function ?? null,
      headId: u.head ?? null,
      supervisingDeputyId: u.supervising_deputy ?? null,
      feishuChatId: u.feishu_chat_id ?? null,
      dingtalkConversationId: u.dingtalk_conversation_id ?? null,
      active: true,
      updatedAt: now,
    };
    statements.push(
      db
        .insert(unitsTable)
        .values({ id: u.id, ...values })
        .onConflictDoUpdate({ target: unitsTable.id, set: values }),
    );
  }
  // Platform ids are unique: clear those of people who vanish before giving them to others.
  // One statement per person keeps every statement under D1's 100-bound-parameter limit.
  for (const p of knownPeople.filter((k) => !personIds.includes(k.id))) {
    statements.push(db.update(peopleTable).set({ active: false, feishuOpenId: null, dingtalkUserId: null, updatedAt: now }).where(eq(peopleTable.id, p.id)));
  }
  for (const p of org.people) {
    const values = {
      name: p.name,
      unitId: p.unit,
      post: p.post,
      roles: p.roles,
      abPartnerId: p.ab_partner ?? null,
      feishuOpenId: p.feishu_open_id ?? null,
      feishuUserId: p.feishu_user_id ?? null,
      dingtalkUserId: p.dingtalk_user_id ?? null,
      active: true,
      updatedAt: now,
    };
    statements.push(
      db
        .insert(peopleTable)
        .values({ id: p.id, ...values })
        .onConflictDoUpdate({ target: peopleTable.id, set: values }),
    );
  }
  statements.push(
    db.insert(auditLog).values({
      at: now,
      actorId: importedBy,
      subjectType: 'org',
      subjectId: 'directory',
      action: 'import',
      detail: { units: org.units.length, people: org.people.length, deactivatedPeople, deactivatedUnits },
    }),
  );
  await atomic(db, statements);
  return { units: org.units.length, people: org.people.length, deactivatedPeople, deactivatedUnits };
}
