/**
 * How supervision items look on cards. Each audience (./audience) gets its own copy with only its
 * own buttons, under its own subject, so every copy is refreshed in place:
 * `item:<id>` the notice (督查通知) at the office, `item:<id>:unit:<unit>` at each unit;
 * `item-approval:<id>` the draft at the office, `item-approval:<id>:approver` at the leader asked;
 * `report:<id>` a report at the office, `report:<id>:signer` at the unit head who signs it off,
 * `report:<id>:reader` at the lead unit and the leader who read it; `extension:<id>` an extension
 * request at whoever decides it.
 */
import { PROVISIONAL_NOTE } from '../calendar/types';
import { articleZh } from '../errors';
import { md, mdJoin, mdText, type Block, type Button, type Card, type Field, type Md } from '../messages';
import type { Directory } from '../org/directory';
import { isGovernmentLeader } from '../org/types';
import { deciderNamed } from '../todo/acting';
import { sourceLabel } from '../rules/deadlines';
import { formatDateZh, formatInstantZh, localDate } from '../time';
import { forAudience, OFFICE, offeredTo, READER, type CardAudience } from './audience';
import type { ItemLight } from './light';
import { REPORT_KIND_ZH, REPORT_STATUS_ZH, STATUS_ZH, type Extension, type ItemDetail, type Plan, type Report, type SupervisionItem } from './types';

export const itemSubject = (id: string, unitId?: string) => (unitId ? `item:${id}:unit:${unitId}` : `item:${id}`);
export const approvalSubject = (id: string, audience: 'office' | 'approver' = 'office') =>
  audience === 'office' ? `item-approval:${id}` : `item-approval:${id}:approver`;
export type ReportAudience = 'office' | 'signer' | 'reader';
export const REPORT_AUDIENCES: readonly ReportAudience[] = ['office', 'signer', 'reader'];
export const reportSubject = (id: number, audience: ReportAudience = 'office') => (audience === 'office' ? `report:${id}` : `report:${id}:${audience}`);
export const extensionSubject = (id: number) => `extension:${id}`;

export function personName(dir: Directory, id: string | null | undefined): string {
  if (!id) return '区政府办';
  return dir.person(id)?.name ?? id;
}

export const unitName = (dir: Directory, id: string) => dir.unit(id)?.name ?? id;

/** `2026-10-10（周六）` with the article, e.g. for the notice and the ledger. */
export function deadlineText(item: SupervisionItem): string {
  return `${formatDateZh(item.dueOn)} · 依据${articleZh(item.dueArticle)}${item.dueProvisional ? '（暂定）' : ''}`;
}

export function sourceText(item: SupervisionItem): string {
  return item.reference ? `${sourceLabel(item.source)}（${item.reference}）` : sourceLabel(item.source);
}

const titleAndContent = (item: SupervisionItem) => (item.content ? md`**${item.title}**\n${item.content}` : md`**${item.title}**`);

function itemFields(item: SupervisionItem, dir: Directory): Field[] {
  const fields: Field[] = [
    { label: '编号', value: item.id },
    { label: '来源', value: sourceText(item) },
    { label: '主办单位', value: unitName(dir, item.leadUnitId) },
  ];
  if (item.assistingUnitIds.length) fields.push({ label: '协办单位', value: item.assistingUnitIds.map((u) => unitName(dir, u)).join('、') });
  if (item.responsiblePerson) fields.push({ label: '责任人', value: item.responsiblePerson });
  fields.push({ label: '办理期限', value: deadlineText(item) });
  if (item.source === 'npc_suggestion' || item.source === 'cppcc_proposal') {
    fields.push({ label: '交办日期', value: item.assignedOn ?? '' });
  } else if (item.meetingOn) {
    fields.push({ label: '会议日期', value: item.meetingOn });
  } else if (item.receivedOn) {
    fields.push({ label: '收文日期', value: item.receivedOn });
  }
  if (item.longRunning) fields.push({ label: '周报制', value: '是（每周报送办理进展，第四十条）' });
  return fields;
}

function deadlineBlocks(item: SupervisionItem): Block[] {
  const blocks: Block[] = [{ type: 'note', text: mdText(item.dueExplanation) }];
  if (item.dueProvisional) blocks.push({ type: 'note', text: md`⚠️ ${PROVISIONAL_NOTE}` });
  return blocks;
}

function milestoneBlock(detail: ItemDetail): Block[] {
  if (!detail.milestones.length) return [];
  return [{ type: 'markdown', text: md`**节点任务**\n${mdJoin(detail.milestones.map((m) => md`- ${formatDateZh(m.dueOn)}：${m.title}`))}` }];
}

/** 签收 and the latest report per unit, as the office and the units follow it. */
function progressBlock(detail: ItemDetail, dir: Directory): Block[] {
  const { item } = detail;
  if (item.status === 'draft') return [];
  const lines: Md[] = [item.leadUnitId, ...item.assistingUnitIds].map((unitId) => {
    const ack = detail.acks.find((a) => a.unitId === unitId);
    const role = unitId === item.leadUnitId ? '主办' : '协办';
    const parts = [ack ? `已签收（${personName(dir, ack.personId)}，${formatInstantZh(ack.at)}）` : '未签收'];
    if (detail.plans.some((p) => p.unitId === unitId)) parts.push('已报工作计划');
    const last = [...detail.reports].reverse().find((r) => r.unitId === unitId);
    if (last) parts.push(`${REPORT_KIND_ZH[last.kind]}第${last.round}轮：${REPORT_STATUS_ZH[last.status]}`);
    return md`- ${role} ${unitName(dir, unitId)}：${parts.join('；')}`;
  });
  const pending = detail.extensions.find((e) => e.status === 'pending');
  if (pending) lines.push(md`- 延期申请：申请延至 ${pending.requestedDue}，待审批`);
  return [{ type: 'markdown', text: md`**办理情况**\n${mdJoin(lines)}` }];
}

/** `🟡 办理中 · 临近期限`; a finished item needs no light word, a draft has no light (Art. 40 督查交办). */
function statusText(item: SupervisionItem, light: ItemLight): string {
  if (light.key === 'none') return STATUS_ZH[item.status];
  return `${light.emoji} ${STATUS_ZH[item.status]}${light.key === 'white' ? '' : ` · ${light.label}`}`;
}

/** A unit's place on the notice: lead or assisting, and whether it has signed for it. */
export function unitAudience(detail: ItemDetail, unitId: string): CardAudience {
  return { kind: 'unit', unitId, lead: unitId === detail.item.leadUnitId, acknowledged: detail.acks.some((a) => a.unitId === unitId) };
}

/** What a typed command needs after the item number, for the note under the buttons. */
const COMMAND_TAIL: Record<string, string> = { plan: ' 内容', progress: ' 内容', completion: ' 内容', extension: ' 12月20日 原因… 进展… 下一步…' };

function noticeButtons(item: SupervisionItem): Button[] {
  const open = item.status === 'issued' || item.status === 'in_progress';
  if (open) {
    return [
      { label: '签收', action: 'sup.ack', payload: { item: item.id }, style: 'primary', command: `/签收 ${item.id}` },
      // Typed with only the number, these commands open the same forms (DingTalk ActionCard buttons send them).
      { label: '提交工作计划', action: 'sup.form', payload: { item: item.id, kind: 'plan' }, command: `/计划 ${item.id}` },
      { label: '报送进展', action: 'sup.form', payload: { item: item.id, kind: 'progress' }, command: `/进展 ${item.id}` },
      { label: '报送办结', action: 'sup.form', payload: { item: item.id, kind: 'completion' }, command: `/办结 ${item.id}` },
      { label: '申请延期', action: 'sup.form', payload: { item: item.id, kind: 'extension' }, command: `/延期 ${item.id}` },
    ];
  }
  if (item.status === 'completed') return [{ label: '归档', action: 'sup.archive', payload: { item: item.id }, command: `/督办 归档 ${item.id}` }];
  return [];
}

/**
 * The notice card (督查通知), issued in the government office's name (Art. 40 督查交办), as
 * `audience` sees it (a reader, e.g. the timeline, gets no buttons).
 */
export function noticeCard(detail: ItemDetail, dir: Directory, light: ItemLight, audience: CardAudience = READER): Card {
  const { item } = detail;
  const blocks: Block[] = [
    { type: 'markdown', text: titleAndContent(item) },
    { type: 'fields', fields: [...itemFields(item, dir), { label: '状态', value: statusText(item, light) }] },
    ...deadlineBlocks(item),
    ...milestoneBlock(detail),
    ...progressBlock(detail, dir),
  ];
  if (item.replyText) {
    blocks.push({ type: 'markdown', text: md`**办理答复**${item.publish ? '（依据第四十五条主动公开）' : '（不公开）'}\n${item.replyText}` });
  }
  if (item.status === 'completed') blocks.push({ type: 'note', text: md`已于 ${formatInstantZh(item.completedAt!)} 办结，待区政府办归档。` });
  const buttons = noticeButtons(item).filter((b) => offeredTo(audience, b));
  if (buttons.length) {
    blocks.push({ type: 'buttons', buttons });
    if (audience.kind === 'unit')
      blocks.push({ type: 'note', text: md`也可发送：${buttons.map((b) => `${b.command}${COMMAND_TAIL[b.payload?.kind ?? ''] ?? ''}`).join('、')}` });
  }
  if (item.status === 'archived') blocks.push({ type: 'note', text: md`已于 ${formatInstantZh(item.archivedAt!)} 归档，只读（第四十条 办结归档）。` });
  blocks.push({ type: 'note', text: md`区政府办 · 督查通知${item.issuedAt ? ` · ${localDate(item.issuedAt)}` : ''}` });
  return { title: `督查通知 · ${item.id}`, colour: light.colour, blocks };
}

/** The draft (the office's copy) and the approval card (the leader's copy): one card, each with its own buttons. */
export function approvalCard(detail: ItemDetail, dir: Directory, audience: CardAudience = OFFICE): Card {
  return forAudience(draftCard(detail, dir), audience);
}

function draftCard(detail: ItemDetail, dir: Directory): Card {
  const { item } = detail;
  const blocks: Block[] = [
    { type: 'markdown', text: titleAndContent(item) },
    { type: 'fields', fields: itemFields(item, dir) },
    ...deadlineBlocks(item),
    ...milestoneBlock(detail),
  ];
  if (item.status === 'draft' && !item.approvalLeaderId) {
    const leaders = dir.people.filter(isGovernmentLeader);
    const suggested = dir.unit(item.leadUnitId)?.supervisingDeputyId ?? leaders[0]?.id;
    blocks.push({
      type: 'form',
      name: 'send_for_approval',
      inputs: [
        {
          kind: 'select',
          name: 'leader',
          label: '送审领导',
          required: true,
          initial: suggested ?? undefined,
          options: leaders.map((l) => ({ label: `${l.name}（${l.post}）`, value: l.id })),
        },
      ],
      submit: { label: '送领导审定', action: 'sup.send_for_approval', payload: { item: item.id }, style: 'primary' },
    });
    blocks.push({ type: 'note', text: md`领导已在其他渠道同意的，发送 /督办 交办 ${item.id} 领导=姓名 直接交办；修改发送 /督办 修改 ${item.id} 键=值。` });
    return { title: `督查事项草稿 · ${item.id}`, colour: 'blue', blocks };
  }
  if (item.status === 'draft') {
    blocks.push({
      type: 'markdown',
      text: md`已送 **${personName(dir, item.approvalLeaderId)}** 审定，同意后以区政府办名义发出督查通知（第四十条 督查交办）。`,
    });
    blocks.push({ type: 'buttons', buttons: [{ label: '同意交办', action: 'sup.approve', payload: { item: item.id }, style: 'primary' }] });
    blocks.push({
      type: 'form',
      name: 'decline',
      inputs: [{ kind: 'textarea', name: 'reason', label: '不同意的意见', required: true }],
      submit: { label: '不同意交办', action: 'sup.decline', payload: { item: item.id }, style: 'danger' },
    });
    return { title: `督查事项审定 · ${item.id}`, colour: 'orange', blocks };
  }
  blocks.push({ type: 'markdown', text: md`✅ ${personName(dir, item.assigningLeaderId)} 已同意交办，督查通知已于 ${formatInstantZh(item.issuedAt!)} 发出。` });
  return { title: `督查事项已交办 · ${item.id}`, colour: 'green', blocks };
}

/** A report's, plan's or extension request's 佐证材料 on its card: the count and where to see the list. */
function attachmentField(count: number, item: SupervisionItem): Field[] {
  return count > 0 ? [{ label: '佐证材料', value: `${count} 份（发送 /督办 查看 ${item.id} 查看清单，督办台可打开）` }] : [];
}

/** A unit's 工作计划 as the office (and, for an assisting unit's, the lead unit) gets it. */
export function planCard(plan: Pick<Plan, 'unitId' | 'authorId' | 'text' | 'attachmentCount'>, item: SupervisionItem, dir: Directory): Card {
  return {
    title: `工作计划 · ${item.id} · ${unitName(dir, plan.unitId)}`,
    colour: 'blue',
    blocks: [
      {
        type: 'fields',
        fields: [
          { label: '督查事项', value: `${item.id} ${item.title}` },
          { label: '提交人', value: personName(dir, plan.authorId) },
          { label: '办理期限', value: deadlineText(item) },
          ...attachmentField(plan.attachmentCount, item),
        ],
      },
      { type: 'markdown', text: mdText(plan.text) },
    ],
  };
}

/** The plan card's subject: the item and the plan's number on it (the row's id is not known when it is sent). */
export const planSubject = (itemId: string, planNo: number) => `plan:${itemId}:${planNo}`;

const REPORT_AUDIENCE: Record<ReportAudience, CardAudience> = { office: OFFICE, signer: { kind: 'signer' }, reader: READER };

/** A report, as the unit head (审签), the office (签收, 审核) or a reader (the lead unit, the leader) sees it. */
export function reportCard(report: Report, item: SupervisionItem, dir: Directory, audience: ReportAudience = 'office'): Card {
  return forAudience(fullReportCard(report, item, dir), REPORT_AUDIENCE[audience]);
}

function fullReportCard(report: Report, item: SupervisionItem, dir: Directory): Card {
  const lead = report.unitId === item.leadUnitId;
  const fields: Field[] = [
    { label: '督查事项', value: `${item.id} ${item.title}` },
    { label: '报送单位', value: `${unitName(dir, report.unitId)}（${lead ? '主办' : '协办，报主办单位汇总'}）` },
    { label: '报送人', value: personName(dir, report.authorId) },
    { label: '轮次', value: `第${report.round}轮` },
    { label: '办理期限', value: deadlineText(item) },
    { label: '状态', value: REPORT_STATUS_ZH[report.status] },
    ...attachmentField(report.attachmentCount, item),
  ];
  if (report.late) fields.push({ label: '逾期', value: '是（超过办理期限报送）' });
  if (report.requestedDue) fields.push({ label: '申请延至', value: report.requestedDue });
  if (report.signedOffBy) fields.push({ label: '审签', value: `${personName(dir, report.signedOffBy)} ${formatInstantZh(report.signedOffAt!)}` });
  if (report.receivedBy) fields.push({ label: '区政府办签收', value: `${personName(dir, report.receivedBy)} ${formatInstantZh(report.receivedAt!)}` });
  if (report.forwardedTo) fields.push({ label: '已报领导审阅', value: personName(dir, report.forwardedTo) });
  const blocks: Block[] = [
    { type: 'fields', fields },
    { type: 'markdown', text: mdText(report.text) },
  ];
  if (report.sentBackReason) blocks.push({ type: 'markdown', text: md`**审签意见**：${report.sentBackReason}` });
  if (report.returnReason) blocks.push({ type: 'markdown', text: md`**退回理由**：${report.returnReason}` });
  const ref = { report: String(report.id) };
  if (report.status === 'awaiting_signoff') {
    blocks.push({ type: 'buttons', buttons: [{ label: '审签通过', action: 'sup.signoff', payload: { ...ref, decision: 'approve' }, style: 'primary' }] });
    blocks.push({
      type: 'form',
      name: 'send_back',
      inputs: [{ kind: 'textarea', name: 'reason', label: '修改意见', required: true }],
      submit: { label: '退回修改', action: 'sup.signoff', payload: { ...ref, decision: 'send_back' }, style: 'danger' },
    });
    blocks.push({ type: 'note', text: md`依据《工作规则》第四十条，报送区政府的书面报告须经单位主要领导审签。` });
  }
  if (report.status === 'submitted' || report.status === 'received') {
    const npcReply = report.kind === 'completion' && lead && (item.source === 'npc_suggestion' || item.source === 'cppcc_proposal');
    const buttons: Button[] = [];
    if (report.status === 'submitted') buttons.push({ label: '签收', action: 'sup.receive', payload: ref });
    if (npcReply) {
      buttons.push({ label: '审核通过并公开答复', action: 'sup.review', payload: { ...ref, decision: 'accept', publish: '1' }, style: 'primary' });
      buttons.push({ label: '审核通过（不公开）', action: 'sup.review', payload: { ...ref, decision: 'accept', publish: '0' } });
    } else {
      buttons.push({ label: '审核通过', action: 'sup.review', payload: { ...ref, decision: 'accept' }, style: 'primary' });
    }
    blocks.push({ type: 'buttons', buttons });
    blocks.push({
      type: 'form',
      name: 'return',
      inputs: [
        { kind: 'textarea', name: 'reason', label: '退回理由', required: true, placeholder: '写明需补充或改正的内容' },
        {
          kind: 'select',
          name: 'evidence',
          label: '佐证材料',
          required: false,
          initial: '0',
          options: [
            { label: '不需要补充', value: '0' },
            { label: '请补充佐证材料（照片、文件）', value: '1' },
          ],
        },
      ],
      submit: { label: '退回重办', action: 'sup.review', payload: { ...ref, decision: 'return' }, style: 'danger' },
    });
  }
  const colour = report.status === 'accepted' ? 'green' : report.status === 'returned' || report.status === 'sent_back' ? 'red' : 'blue';
  return { title: `${REPORT_KIND_ZH[report.kind]} · ${item.id} · ${unitName(dir, report.unitId)}`, colour, blocks };
}

/** What redoes a returned report: the form to open (none for weekly reports) and the command to type. */
const REDO: Record<Report['kind'], { form?: FormKind; command: string; example: string }> = {
  progress: { form: 'progress', command: '/进展', example: '重新办理后的进展情况' },
  completion: { form: 'completion', command: '/办结', example: '重新办理后的结果' },
  weekly: { command: '/周报', example: '本周办理进展' },
  late_explanation: { form: 'extension', command: '/延期', example: '12月20日 原因… 进展… 下一步…' },
};

/** The return of a report to its unit (Art. 40 审核汇总 "退承办单位重新办理"), with the way to redo it. */
export function returnedReportCard(report: Report, item: SupervisionItem, dir: Directory, attachedBefore: readonly string[] = []): Card {
  const redo = REDO[report.kind];
  const blocks: Block[] = [
    {
      type: 'fields',
      fields: [
        { label: '督查事项', value: `${item.id} ${item.title}` },
        { label: '退回的报告', value: `${unitName(dir, report.unitId)}${REPORT_KIND_ZH[report.kind]}（第${report.round}轮）` },
        { label: '办理期限', value: deadlineText(item) },
      ],
    },
    { type: 'markdown', text: md`**退回理由**：${report.returnReason ?? ''}` },
    { type: 'markdown', text: md`请按退回理由重新办理，再次报送（第${report.round + 1}轮）。` },
  ];
  if (report.evidenceRequested) {
    blocks.push({ type: 'markdown', text: md`**请补充佐证材料**：重新报送后 10 分钟内把照片或文件发给督办助手，或在本卡片上「回复」发送。` });
  }
  if (attachedBefore.length) blocks.push({ type: 'markdown', text: md`**此前已提交的佐证材料**：${attachedBefore.join('、')}` });
  if (redo.form)
    blocks.push({
      type: 'buttons',
      buttons: [
        { label: '重新报送', action: 'sup.form', payload: { item: item.id, kind: redo.form }, style: 'primary', command: `${redo.command} ${item.id}` },
      ],
    });
  blocks.push({ type: 'note', text: md`也可发送：${redo.command} ${item.id} ${redo.example}` });
  blocks.push({ type: 'note', text: md`依据《工作规则》第四十条，对不符合要求的报告，退承办单位重新办理。` });
  return { title: `报告退回重办 · ${item.id}`, colour: 'red', blocks };
}

function extensionDeciderZh(extension: Extension, dir: Directory, away: ReadonlySet<string>): string {
  if (!extension.deciderId) return '区政府办';
  if (extension.status !== 'pending') return personName(dir, extension.deciderId);
  return deciderNamed(dir, away, extension.deciderId) ?? `区政府办转办（${personName(dir, extension.deciderId)} 请假外出）`;
}

/**
 * `away`: who is on approved leave today. While pending, 审批 names whoever decides now — the
 * stand-in "孙强（AB角代批，代 赵明）" when the addressee is away (Art. 9, 11), not the absent leader.
 */
export function extensionCard(extension: Extension, item: SupervisionItem, dir: Directory, away: ReadonlySet<string> = new Set()): Card {
  const status = { pending: '待审批', granted: '已同意', refused: '未同意' }[extension.status];
  const fields: Field[] = [
    { label: '督查事项', value: `${item.id} ${item.title}` },
    { label: '申请单位', value: `${unitName(dir, extension.unitId)}（${personName(dir, extension.requestedBy)}）` },
    { label: '原办理期限', value: formatDateZh(extension.previousDue) },
    { label: '申请延至', value: formatDateZh(extension.requestedDue) },
    { label: '审批', value: extensionDeciderZh(extension, dir, away) },
    { label: '状态', value: extension.decidedBy ? `${status}（${personName(dir, extension.decidedBy)}，${formatInstantZh(extension.decidedAt!)}）` : status },
    ...attachmentField(extension.attachmentCount, item),
  ];
  const blocks: Block[] = [
    { type: 'fields', fields },
    { type: 'markdown', text: md`**原因**：${extension.reason}\n**进展情况**：${extension.progress}\n**下一步工作打算**：${extension.nextSteps}` },
  ];
  if (extension.decisionNote) blocks.push({ type: 'markdown', text: md`**审批意见**：${extension.decisionNote}` });
  if (extension.status === 'pending') {
    const ref = { extension: String(extension.id) };
    blocks.push({ type: 'buttons', buttons: [{ label: '同意延期', action: 'sup.extension', payload: { ...ref, decision: 'grant' }, style: 'primary' }] });
    blocks.push({
      type: 'form',
      name: 'refuse',
      inputs: [{ kind: 'textarea', name: 'note', label: '不同意的理由', required: true }],
      submit: { label: '不同意延期', action: 'sup.extension', payload: { ...ref, decision: 'refuse' }, style: 'danger' },
    });
  }
  blocks.push({
    type: 'note',
    text: md`依据《工作规则》第四十条，因客观因素不能按期办结的，承办单位应提前报告原因、进展情况和下一步工作打算，申请延长办理时限。`,
  });
  const colour = extension.status === 'granted' ? 'green' : extension.status === 'refused' ? 'red' : 'orange';
  return { title: `延期申请 · ${item.id}`, colour, blocks };
}

export type FormKind = 'plan' | 'progress' | 'completion' | 'extension';

const FORM_TITLES: Record<FormKind, string> = { plan: '提交工作计划', progress: '报送办理进展', completion: '报送办理结果（办结）', extension: '申请延期' };

/** The form a unit fills after clicking a notice button (sent to the clicker, not the group). */
export function reportFormCard(item: SupervisionItem, kind: FormKind): Card {
  const inputs =
    kind === 'extension'
      ? [
          { kind: 'date' as const, name: 'date', label: '申请延至', required: true },
          { kind: 'textarea' as const, name: 'reason', label: '原因', required: true },
          { kind: 'textarea' as const, name: 'progress', label: '进展情况', required: true },
          { kind: 'textarea' as const, name: 'next', label: '下一步工作打算', required: true },
        ]
      : [
          {
            kind: 'textarea' as const,
            name: 'text',
            label: kind === 'plan' ? '落实措施和时间安排' : kind === 'progress' ? '办理进展情况' : '办理结果',
            required: true,
          },
        ];
  return {
    title: `${FORM_TITLES[kind]} · ${item.id}`,
    colour: 'blue',
    blocks: [
      { type: 'markdown', text: md`**${item.title}**\n办理期限：${deadlineText(item)}` },
      { type: 'form', name: kind, inputs, submit: { label: '提交', action: 'sup.submit', payload: { item: item.id, kind }, style: 'primary' } },
    ],
  };
}
