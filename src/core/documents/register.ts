/** 来文登记 (Art. 61) and 发文起草 (Art. 62): the document and its first round of sign-offs. */
import { documents } from '../../../db/schema';
import type { DomainContext } from '../context';
import { citing, UserError } from '../errors';
import { parseDateZh } from '../dates/parse-zh';
import { hasRole, type Person } from '../org/types';
import { localDate } from '../time';
import { planChain, RULE_OF } from './chains';
import { documentCard } from './cards';
import { limited, parseFields, required } from './fields';
import { auditDoc, insertSteps, isOffice, roundRows, sendStepCard } from './flow';
import { nextDocId } from './store';
import { INCOMING_KINDS, KIND_ZH, OUTGOING_KINDS, docName, docSubject, ROLE_ZH, type Doc, type DocumentRow } from './types';
import type { Card } from '../messages';

export const INCOMING_KEYS = ['文号', '标题', '来文单位', '收文日期', '类别', '分管', '拟办', '上级'] as const;
export const INCOMING_EXAMPLE =
  '/来文 登记 文号=牡政发〔2026〕12号 标题=关于做好冬季供暖保障工作的通知 来文单位=市政府 类别=需领导批示 分管=赵明 拟办=建议住建局牵头办理 上级=是';
export const OUTGOING_KEYS = ['类别', '标题', '单位', '说明'] as const;
export const OUTGOING_EXAMPLE = '/发文 起草 类别=区政府名义 标题=关于印发冬季供暖保障方案的通知 单位=住建局';

export interface Created {
  text: string;
  card: Card;
  subject: string;
}

function deputyNamed(people: readonly Person[], name: string): Person {
  const deputies = people.filter((p) => hasRole(p, 'deputy_head') || hasRole(p, 'executive_deputy'));
  const found = deputies.filter((p) => p.name === name.trim() || p.id === name.trim());
  if (found.length !== 1) {
    throw new UserError(
      citing(61, `来文按区政府领导分工报分管副区长审定。「${name.trim()}」不是副区长，请从以下选择：${deputies.map((p) => p.name).join('、')}。`),
    );
  }
  return found[0]!;
}

function yesNo(key: string, value: string | undefined): boolean {
  const v = value?.trim();
  if (!v) return false;
  if (v === '是' || v === '否') return v === '是';
  throw new UserError(`「${key}=」只能填「是」或「否」，收到「${v}」。`);
}

async function create(
  ctx: DomainContext,
  row: Omit<
    DocumentRow,
    | 'id'
    | 'round'
    | 'currentStep'
    | 'numberPrefix'
    | 'numberYear'
    | 'numberSeq'
    | 'itemId'
    | 'createdBy'
    | 'createdAt'
    | 'updatedAt'
    | 'closedAt'
    | 'version'
    | 'status'
  >,
  audience: 'office' | 'unit',
): Promise<Created> {
  const id = await nextDocId(ctx.db);
  const planned = planChain(ctx.dir, row.kind, row);
  const doc: DocumentRow = {
    ...row,
    id,
    status: 'reviewing',
    round: 1,
    currentStep: 0,
    numberPrefix: null,
    numberYear: null,
    numberSeq: null,
    itemId: null,
    createdBy: ctx.actor.id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    closedAt: null,
    version: 1,
  };
  const steps = roundRows(id, 1, planned);
  const d: Doc = { doc, steps };
  ctx.effects.conflictMessage = `编号 ${id} 刚刚被同时登记的公文占用，请重新发送。`;
  ctx.effects.statements.push(ctx.db.insert(documents).values(doc), ...insertSteps(ctx, steps));
  const to = await sendStepCard(ctx, d, steps[0]!);
  auditDoc(
    ctx,
    doc,
    'registered',
    `${ctx.actor.name} ${doc.direction === 'incoming' ? '登记来文' : '起草发文'}（${KIND_ZH[doc.kind]}），送 ${to} ${ROLE_ZH[steps[0]!.role]}`,
    { kind: doc.kind, round: 1 },
  );
  const rule = RULE_OF[doc.kind];
  return {
    text: `已登记${docName(doc)}「${doc.title}」（${KIND_ZH[doc.kind]}），按${rule.article === 61 ? '第六十一条' : '第六十二条'}送 ${to} ${ROLE_ZH[steps[0]!.role]}。`,
    card: documentCard(ctx.dir, d, audience),
    subject: docSubject(id, audience),
  };
}

/** `/来文 登记 …`: the office registers an incoming document with its 拟办意见 (Art. 61). */
export async function registerIncoming(ctx: DomainContext, input: string): Promise<Created> {
  if (!isOffice(ctx.actor)) throw new UserError(citing(61, '来文由区政府办登记并提出拟办意见，只有区政府办工作人员可以登记。'));
  const fields = parseFields(input, INCOMING_KEYS, INCOMING_EXAMPLE);
  required(fields, ['文号', '标题', '来文单位', '类别', '分管'], INCOMING_EXAMPLE);
  const kind = INCOMING_KINDS[fields.类别!.trim()];
  if (!kind) throw new UserError(`「类别=${fields.类别}」不对。来文类别只有：需提报意见、需领导批示（第六十一条）。`);
  const today = localDate(ctx.now);
  let receivedOn = today;
  if (fields.收文日期?.trim()) {
    try {
      receivedOn = parseDateZh(fields.收文日期, today, 'past');
    } catch (error) {
      if (error instanceof UserError) throw new UserError(`「收文日期=」：${error.message}`);
      throw error;
    }
    if (receivedOn > today) throw new UserError(`「收文日期=${fields.收文日期}」是 ${receivedOn}，晚于今天（${today}），请核对。`);
  }
  return create(
    ctx,
    {
      direction: 'incoming',
      kind,
      title: limited(fields.标题, '标题', 100)!,
      reference: limited(fields.文号, '文号', 100),
      sender: limited(fields.来文单位, '来文单位', 50),
      upperLevel: yesNo('上级', fields.上级),
      receivedOn,
      proposal: limited(fields.拟办, '拟办', 500),
      unitId: null,
      deputyId: deputyNamed(ctx.dir.people, fields.分管!).id,
    },
    'office',
  );
}

/** `/发文 起草 …`: a unit (or the office) starts a draft of the Art. 62 kind. */
export async function startOutgoing(ctx: DomainContext, input: string): Promise<Created> {
  const fields = parseFields(input, OUTGOING_KEYS, OUTGOING_EXAMPLE);
  required(fields, ['类别', '标题'], OUTGOING_EXAMPLE);
  const kind = OUTGOING_KINDS[fields.类别!.trim()];
  if (!kind) throw new UserError(`「类别=${fields.类别}」不对。发文类别只有：规章、命令、议案、区政府名义、区政府办名义（第六十二条）。`);
  const office = isOffice(ctx.actor);
  const own = ctx.dir.units.find((u) => u.headId === ctx.actor.id || (u.id === ctx.actor.unitId && hasRole(ctx.actor, 'unit_liaison')));
  let unitId: string | undefined;
  if (fields.单位?.trim()) {
    const unit = ctx.dir.unitByName(fields.单位) ?? ctx.dir.unit(fields.单位.trim());
    if (!unit) throw new UserError(`「单位=${fields.单位.trim()}」不在通讯录中，请写单位全称，例如「单位=住建局」。`);
    if (!office && unit.id !== own?.id) throw new UserError('只能以本单位名义起草发文；代其他单位起草请联系区政府办。');
    unitId = unit.id;
  } else {
    unitId = office ? ctx.dir.officeUnit('gov_office')?.id : own?.id;
  }
  if (!office && !own) throw new UserError(citing(62, '发文由部门草拟或区政府办起草，只有单位主要负责人、联络员和区政府办工作人员可以起草。'));
  if (kind === 'office' && !office) throw new UserError(citing(62, '以区政府办名义发文由区政府办起草，请联系区政府办。'));
  return create(
    ctx,
    {
      direction: 'outgoing',
      kind,
      title: limited(fields.标题, '标题', 100)!,
      reference: null,
      sender: null,
      upperLevel: false,
      receivedOn: null,
      proposal: limited(fields.说明, '说明', 500),
      unitId: unitId ?? null,
      deputyId: null,
    },
    office ? 'office' : 'unit',
  );
}
