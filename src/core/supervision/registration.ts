/**
 * The `/督办 新建` line (and form): `key=value` pairs with stable Chinese keys, also used by
 * scripts (a stable contract, docs/reference/supervision.md). Parsing turns them into the facts of an item and its Art. 40
 * deadline, or a Chinese error naming the key to fix.
 */
import type { WorkCalendar } from '../calendar/types';
import { parseDateZh, type YearlessReading } from '../dates/parse-zh';
import { UserError } from '../errors';
import type { Directory } from '../org/directory';
import type { Unit } from '../org/types';
import {
  allowsExplicitDeadline,
  computeDeadline,
  FACT_KEYS_ZH,
  SOURCE_LABELS_ZH,
  sourceFromZh,
  type Deadline,
  type DeadlineFacts,
  type SupervisionSource,
} from '../rules/deadlines';
import type { LocalDate } from '../time';

/** The keys of `/督办 新建`, in the order docs/reference/supervision.md documents them. */
export const REGISTRATION_KEYS = [
  '来源',
  '标题',
  '内容',
  '文号',
  '主办',
  '协办',
  '责任人',
  '收文日期',
  '会议日期',
  '交办日期',
  '期限',
  '节点',
  '复杂',
  '长期',
] as const;
export type RegistrationKey = (typeof REGISTRATION_KEYS)[number];
export type RegistrationFields = Partial<Record<RegistrationKey, string>>;

export const REQUIRED_KEYS: readonly RegistrationKey[] = ['来源', '标题', '主办'];

export const REGISTRATION_EXAMPLE = '/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇 收文日期=2026-09-30';

/** A key and its `=` (or a full-width `＝`), after the start or a space (a full-width one too). */
const KEY_START = /(?:^|\s)([\p{L}\p{N}_]+)[=＝]/gu;
const MAX_LENGTH: Partial<Record<RegistrationKey, number>> = { 标题: 100, 内容: 2000, 文号: 200, 责任人: 50 };

/**
 * `来源=领导批示 标题=冬季 供暖 主办=住建局` → fields. A value runs until the next ` key=`, so values
 * may contain spaces; an unknown key or a repeated key is an error (nothing is guessed). Values stay as
 * typed (a title keeps its `，：；（）`); those parsed further (dates, units) are normalised there.
 */
export function parseKeyValues(input: string): RegistrationFields {
  const text = input.trim();
  const starts = [...text.matchAll(KEY_START)];
  if (starts.length === 0) {
    throw new UserError(`请按「键=值」填写，键之间用空格分隔，例如：\n${REGISTRATION_EXAMPLE}`);
  }
  const leading = text.slice(0, starts[0]!.index).trim();
  if (leading) throw new UserError(`「${leading}」前缺少键名，请写成「键=值」，例如「标题=${leading}」。`);
  const fields: RegistrationFields = {};
  starts.forEach((match, i) => {
    const key = match[1]!;
    if (!(REGISTRATION_KEYS as readonly string[]).includes(key)) {
      throw new UserError(`不认识的项「${key}=」。可用的项：${REGISTRATION_KEYS.map((k) => `${k}=`).join(' ')}`);
    }
    if (fields[key as RegistrationKey] !== undefined) throw new UserError(`「${key}=」写了两次，请只保留一个。`);
    const valueStart = match.index + match[0].length;
    const valueEnd = i + 1 < starts.length ? starts[i + 1]!.index : text.length;
    fields[key as RegistrationKey] = text.slice(valueStart, valueEnd).trim();
  });
  return fields;
}

export interface Registration {
  source: SupervisionSource;
  title: string;
  content: string;
  reference: string | null;
  leadUnitId: string;
  assistingUnitIds: string[];
  responsiblePerson: string | null;
  receivedOn: LocalDate | null;
  meetingOn: LocalDate | null;
  assignedOn: LocalDate | null;
  explicitDue: LocalDate | null;
  milestones: Array<{ dueOn: LocalDate; title: string }>;
  complex: boolean;
  longRunning: boolean;
  deadline: Deadline;
}

/** Validates fields into a registration with its computed deadline (Art. 40). */
export function buildRegistration(fields: RegistrationFields, dir: Directory, calendar: WorkCalendar, today: LocalDate): Registration {
  for (const key of REQUIRED_KEYS) {
    if (!fields[key]?.trim()) throw new UserError(`缺少「${key}=」。例如：\n${REGISTRATION_EXAMPLE}`);
  }
  for (const [key, limit] of Object.entries(MAX_LENGTH) as Array<[RegistrationKey, number]>) {
    if ((fields[key]?.length ?? 0) > limit) throw new UserError(`「${key}=」太长（最多 ${limit} 字），请精简后重新提交。`);
  }
  const source = sourceFromZh(fields.来源!);
  if (!source) throw new UserError(`「来源=${fields.来源}」不是可选的来源。请从以下选择：${SOURCE_LABELS_ZH.join('、')}。`);

  const lead = unitNamed(dir, '主办', fields.主办!);
  const assisting = listOf(fields.协办).map((name) => unitNamed(dir, '协办', name));
  if (assisting.some((u) => u.id === lead.id)) throw new UserError(`「协办=」不能包含主办单位${lead.name}。`);
  const assistingUnitIds = [...new Set(assisting.map((u) => u.id))];

  const pastDate = (key: RegistrationKey) => {
    const date = dateOf(key, fields[key], today, 'past');
    if (date && date > today) throw new UserError(`「${key}=${fields[key]}」是 ${date}，晚于今天（${today}），请核对。`);
    return date;
  };
  const receivedOn = pastDate('收文日期') ?? today;
  const meetingOn = pastDate('会议日期');
  const assignedOn = pastDate('交办日期') ?? (source === 'npc_suggestion' || source === 'cppcc_proposal' ? today : null);
  const explicitDue = dateOf('期限', fields.期限, today, 'ahead');
  const milestones = milestonesOf(fields.节点, today);
  const complex = yesNo('复杂', fields.复杂);
  const longRunning = yesNo('长期', fields.长期);

  const start = meetingOn ?? assignedOn ?? receivedOn;
  if (explicitDue && explicitDue < start) throw new UserError(`「期限=${fields.期限}」是 ${explicitDue}，早于 ${start}，请核对。`);
  for (const m of milestones) {
    if (m.dueOn < start) throw new UserError(`节点「${m.title}」的日期 ${m.dueOn} 早于 ${start}，请核对「节点=」。`);
    if (explicitDue && m.dueOn > explicitDue) throw new UserError(`节点「${m.title}」的日期 ${m.dueOn} 晚于期限 ${explicitDue}，请核对「节点=」或「期限=」。`);
  }

  const facts: DeadlineFacts = {
    receivedOn,
    meetingOn: meetingOn ?? undefined,
    assignedOn: assignedOn ?? undefined,
    explicitDue: explicitDue ?? undefined,
    milestones,
    complex,
  };
  const result = computeDeadline(source, facts, calendar);
  if (!result.ok) throw new UserError(`「${FACT_KEYS_ZH[result.error.fact]}=」：${result.error.message}`, 40);

  return {
    source,
    title: fields.标题!.trim(),
    content: fields.内容?.trim() ?? '',
    reference: fields.文号?.trim() || null,
    leadUnitId: lead.id,
    assistingUnitIds,
    responsiblePerson: fields.责任人?.trim() || null,
    receivedOn,
    meetingOn,
    assignedOn,
    explicitDue,
    milestones,
    complex,
    longRunning,
    deadline: result.deadline,
  };
}

function unitNamed(dir: Directory, key: RegistrationKey, name: string): Unit {
  const unit = dir.unitByName(name) ?? dir.unit(name.trim());
  if (!unit) {
    const names = dir.units.filter((u) => !u.function && u.kind !== 'office').map((u) => u.name);
    throw new UserError(`「${key}=」中的单位「${name.trim()}」不在通讯录中。可选单位：${names.join('、')}。`);
  }
  return unit;
}

function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,，、;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A date field; one without a year is a past day for facts that have happened, else the next one (期限, 节点). */
function dateOf(key: RegistrationKey, value: string | undefined, today: LocalDate, reading: YearlessReading): LocalDate | null {
  if (!value?.trim()) return null;
  try {
    return parseDateZh(value, today, reading);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`「${key}=」：${error.message}`);
    throw error;
  }
}

function yesNo(key: RegistrationKey, value: string | undefined): boolean {
  if (!value?.trim()) return false;
  const v = value.trim();
  if (v === '是' || v === '否') return v === '是';
  throw new UserError(`「${key}=」只能填「是」或「否」，收到「${v}」。`);
}

/** `2026-12-10:完成方案;2026-12-20:完成验收` → milestones, in date order. */
function milestonesOf(value: string | undefined, today: LocalDate): Array<{ dueOn: LocalDate; title: string }> {
  const parts = (value ?? '')
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const milestones = parts.map((part) => {
    const match = /^(.+?)[:：](.+)$/.exec(part);
    if (!match) throw new UserError(`节点「${part}」应写成「日期:任务」，多个节点用分号分隔，例如「节点=2026-12-10:完成方案;2026-12-20:完成验收」。`);
    return { dueOn: dateOf('节点', match[1], today, 'ahead')!, title: match[2]!.trim() };
  });
  return milestones.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}

/** An item's stored facts back as fields, so an edit re-validates the whole item the same way. */
export function fieldsOf(
  item: {
    source: SupervisionSource;
    title: string;
    content: string;
    reference: string | null;
    leadUnitId: string;
    assistingUnitIds: string[];
    responsiblePerson: string | null;
    receivedOn: string | null;
    meetingOn: string | null;
    assignedOn: string | null;
    dueOn: string;
    dueExplicit: boolean;
    complex: boolean;
    longRunning: boolean;
  },
  milestones: ReadonlyArray<{ dueOn: string; title: string }>,
  dir: Directory,
): RegistrationFields {
  const unitName = (id: string) => dir.unit(id)?.name ?? id;
  const fields: RegistrationFields = {
    来源: item.source,
    标题: item.title,
    内容: item.content,
    主办: unitName(item.leadUnitId),
  };
  if (item.reference) fields.文号 = item.reference;
  if (item.assistingUnitIds.length) fields.协办 = item.assistingUnitIds.map(unitName).join(',');
  if (item.responsiblePerson) fields.责任人 = item.responsiblePerson;
  if (item.receivedOn) fields.收文日期 = item.receivedOn;
  if (item.meetingOn) fields.会议日期 = item.meetingOn;
  if (item.assignedOn) fields.交办日期 = item.assignedOn;
  if (milestones.length) fields.节点 = milestones.map((m) => `${m.dueOn}:${m.title}`).join(';');
  if (item.dueExplicit && allowsExplicitDeadline(item.source)) fields.期限 = item.dueOn;
  if (item.complex) fields.复杂 = '是';
  if (item.longRunning) fields.长期 = '是';
  return fields;
}
