/**
 * Escalation of overdue items (docs/reference/reminders.md, policy ESCALATION_LEVELS): at 3 working days late the lead
 * unit's supervising deputy (分管副区长) is told; at 10, the district head as well. Each level goes
 * out once per item and due day; a leader on leave is reached through their stand-in (Art. 9, 11),
 * and the government office's chat gets a copy of every escalation.
 */
import { citing } from '../errors';
import type { PushDraft } from '../effects';
import { delegationLabel, resolveApprover } from '../leave/delegation';
import { cardMessage, md, mdText, toPerson, type Card, type Recipient } from '../messages';
import type { Directory } from '../org/directory';
import { itemSubject, personName, unitName } from '../supervision/cards';
import { officeRecipients } from '../supervision/recipients';
import { REPORT_KIND_ZH, REPORT_STATUS_ZH } from '../supervision/types';
import { formatCalendarDateZh } from '../calendar/types';
import { workingDaysLate, type ItemView } from './item-views';
import { reminderKey } from './keys';
import { ESCALATION_LEVELS, type EscalationLevel } from './policy';

/** The highest level an item has reached, if any: lower levels already went out on earlier days. */
export function escalationLevelOf(late: number): EscalationLevel | undefined {
  return [...ESCALATION_LEVELS].reverse().find((l) => late >= l.workingDaysLate);
}

interface Addressee {
  personId: string;
  /** Who the rule names, when a stand-in receives it. */
  standsInFor?: string;
  label?: string;
}

type Resolve = (personId: string) => ReturnType<typeof resolveApprover>;

function addressees(dir: Directory, resolve: Resolve, view: ItemView, level: EscalationLevel): Addressee[] {
  const named = level.to
    .map((role) => (role === 'district_head' ? dir.holder('district_head')?.id : dir.unit(view.item.leadUnitId)?.supervisingDeputyId))
    .filter((id): id is string => Boolean(id && dir.person(id)));
  const result: Addressee[] = [];
  for (const id of named) {
    const resolution = resolve(id);
    if (!resolution.approverId) continue;
    const delegated = resolution.approverId !== id;
    if (result.some((a) => a.personId === resolution.approverId)) continue;
    result.push({ personId: resolution.approverId, ...(delegated ? { standsInFor: id, label: delegationLabel(resolution.reason) ?? undefined } : {}) });
  }
  return result;
}

function escalationCard(dir: Directory, view: ItemView, late: number, level: EscalationLevel, addressee?: Addressee): Card {
  const { item } = view;
  const lastReport = view.reports[view.reports.length - 1];
  const acked = [item.leadUnitId, ...item.assistingUnitIds].map((u) => `${unitName(dir, u)}${view.unacked.includes(u) ? '未签收' : '已签收'}`).join('、');
  const deputy = dir.unit(item.leadUnitId)?.supervisingDeputyId;
  const blocks: Card['blocks'] = [
    { type: 'markdown', text: md`**${item.id}** ${item.title}` },
    {
      type: 'fields',
      fields: [
        { label: '主办单位', value: unitName(dir, item.leadUnitId) },
        { label: '协办单位', value: item.assistingUnitIds.map((u) => unitName(dir, u)).join('、') || '无' },
        { label: '办理期限', value: formatCalendarDateZh({ date: item.dueOn, provisional: item.dueProvisional }) },
        { label: '逾期', value: `${late} 个工作日` },
        { label: '分管副区长', value: deputy ? personName(dir, deputy) : '未设置' },
        { label: '签收', value: acked },
        { label: '最近报送', value: lastReport ? `${REPORT_KIND_ZH[lastReport.kind]}（${REPORT_STATUS_ZH[lastReport.status]}）` : '尚无报送' },
      ],
    },
    {
      type: 'note',
      text: mdText(
        citing(
          level.article,
          level.level === 1
            ? `督查事项逾期 ${late} 个工作日，报分管副区长督促办理（第四十条 催办督办：加强催办督办，确保限时办结）。`
            : `督查事项逾期 ${late} 个工作日仍未办结，报区长和分管副区长（第三十八条：严格执行工作责任制，健全责任追究机制）。`,
        ),
      ),
    },
  ];
  if (addressee?.standsInFor)
    blocks.push({ type: 'note', text: md`${personName(dir, addressee.standsInFor)} 请假外出，由您${addressee.label ? `（${addressee.label}）` : ''}接收。` });
  blocks.push({ type: 'note', text: md`查看办理过程：/督办 查看 ${item.id}` });
  return { title: `督办升级（第${level.level}级）· ${item.id} 逾期 ${late} 个工作日`, colour: 'red', blocks };
}

/** Escalations due today for the live items (the keys make each level go out once), made as the outbox takes them. */
export function* escalationsFor(dir: Directory, away: ReadonlySet<string>, views: readonly ItemView[]): Generator<PushDraft> {
  // Thousands of items, a handful of leaders: who acts for each is worked out once.
  const resolutions = new Map<string, ReturnType<typeof resolveApprover>>();
  const resolve: Resolve = (id) => {
    let resolution = resolutions.get(id);
    if (!resolution) resolutions.set(id, (resolution = resolveApprover(dir, away, id, '')));
    return resolution;
  };
  const offices = officeRecipients(dir);
  for (const view of views) {
    const pushes: PushDraft[] = [];
    const late = workingDaysLate(view);
    const level = late === undefined ? undefined : escalationLevelOf(late);
    if (!level || late === undefined) continue;
    const kind = `escalation-${level.level}`;
    // One card for the office and every leader who receives it directly; a stand-in's says for whom.
    let shared: PushDraft['message'] | undefined;
    const messageFor = (addressee?: Addressee) =>
      addressee?.standsInFor
        ? cardMessage(escalationCard(dir, view, late, level, addressee))
        : (shared ??= cardMessage(escalationCard(dir, view, late, level)));
    // Keyed by whom the rule names, not who receives it: once a stand-in got it, the leader back from leave does not.
    const push = (to: Recipient, addressee?: Addressee) =>
      pushes.push({
        to,
        message: messageFor(addressee),
        key: reminderKey(kind, itemSubject(view.item.id), view.item.dueOn, addressee?.standsInFor ? toPerson(addressee.standsInFor) : to),
      });
    for (const addressee of addressees(dir, resolve, view, level)) push(toPerson(addressee.personId), addressee);
    for (const office of offices) push(office.to);
    yield* pushes;
  }
}
