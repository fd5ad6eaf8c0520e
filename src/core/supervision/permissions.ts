/**
 * Who may do what with a supervision item (Art. 40; checks live in the core, not the card).
 * The actor's relations to the item are computed once; the policy is a table of action → the
 * relations that allow it and the Chinese explanation shown to anyone else.
 */
import { citing, UserError } from '../errors';
import { absences, absentRefusal, resolveApprover, type Absences, type Resolution } from '../org/acting-authority';
import type { Directory } from '../org/directory';
import { hasRole, isGovernmentLeader, type Person } from '../org/types';
import type { Extension, SupervisionItem } from './types';

export type Relation =
  | 'office_staff'
  | 'leader'
  /** Decides the draft: the leader it was sent to, or whoever acts for them while away (Art. 9, 11). */
  | 'approver'
  /**
   * Decides a pending extension: its addressed leader or whoever acts for them while away (Art. 9,
   * 11); office staff when the office decides or nobody is left to act.
   */
  | 'extension_decider'
  | 'lead_head'
  | 'lead_liaison'
  | 'assisting_head'
  | 'assisting_liaison'
  /** Head of the unit that wrote the report at hand (审签). */
  | 'report_unit_head';

export type SupervisionAction =
  | 'register'
  | 'edit'
  | 'send_for_approval'
  | 'approve'
  | 'record_approval'
  | 'acknowledge'
  | 'plan'
  | 'report'
  | 'sign_off'
  | 'receive'
  | 'review'
  | 'request_extension'
  | 'decide_extension'
  | 'archive'
  | 'view'
  | 'export_ledger'
  | 'configure';

const UNIT_MEMBERS: Relation[] = ['lead_head', 'lead_liaison', 'assisting_head', 'assisting_liaison'];

/** Art. 40: the office (督查机构) registers, issues, receives and reviews; units carry out; leaders approve. */
export const POLICY: Record<SupervisionAction, { allowed: Relation[]; denied: string }> = {
  register: { allowed: ['office_staff'], denied: citing(40, '督查事项由区政府办督查人员登记立项，您没有登记权限。') },
  edit: { allowed: ['office_staff'], denied: '只有区政府办督查人员可以修改督查事项。' },
  send_for_approval: { allowed: ['office_staff'], denied: '只有区政府办督查人员可以将督查事项送领导审定。' },
  approve: { allowed: ['approver'], denied: citing(40, '督查事项须经送审的区政府领导审定同意后交办，您不是本事项的审定领导。') },
  record_approval: { allowed: ['office_staff'], denied: '只有区政府办督查人员可以登记领导的交办意见。' },
  acknowledge: { allowed: UNIT_MEMBERS, denied: '只有主办、协办单位的主要负责人或联络员可以签收本督查通知。' },
  plan: { allowed: UNIT_MEMBERS, denied: '只有主办、协办单位的主要负责人或联络员可以提交工作计划。' },
  report: { allowed: UNIT_MEMBERS, denied: '只有主办、协办单位的主要负责人或联络员可以报送本事项的报告。' },
  sign_off: { allowed: ['report_unit_head'], denied: citing(40, '报送区政府的书面报告须经单位主要领导审签，只有该单位主要负责人可以审签。') },
  receive: { allowed: ['office_staff'], denied: citing(40, '报告由区政府办签收，只有督查人员可以签收。') },
  review: { allowed: ['office_staff'], denied: citing(40, '报告由督查机构审核，只有区政府办督查人员可以审核通过或退回。') },
  request_extension: { allowed: ['lead_head', 'lead_liaison'], denied: citing(40, '延期由承办（主办）单位申请，只有主办单位的主要负责人或联络员可以申请。') },
  decide_extension: { allowed: ['extension_decider'], denied: '只有本事项的交办领导（或按设置由区政府办）可以审批延期申请。' },
  archive: { allowed: ['office_staff'], denied: citing(40, '办结事项由区政府办收集、整理、立卷、归档，只有督查人员可以归档。') },
  view: { allowed: ['office_staff', 'leader', ...UNIT_MEMBERS], denied: '只有区政府办、区政府领导和承办单位可以查看本督查事项。' },
  export_ledger: { allowed: ['office_staff'], denied: '台账导出仅限区政府办督查人员。' },
  configure: { allowed: ['office_staff'], denied: '只有区政府办督查人员可以修改督办设置。' },
};

export interface RelationContext {
  item?: SupervisionItem;
  /** The unit of the report being signed off. */
  reportUnitId?: string;
  extension?: Extension;
  /** Who decides extensions: the assigning leader (default) or the office. */
  extensionDecider?: 'leader' | 'office';
  /** Who is away today: a leader's decisions pass to whoever acts for them (Art. 9, 11). */
  away?: Absences;
}

const NOBODY_AWAY: Absences = absences([]);

/** Who decides the matter `action` addresses to a named leader now, if it does (Art. 9, 11). */
export function actingDecider(dir: Directory, action: SupervisionAction, at: RelationContext): Resolution | undefined {
  const addresseeId = action === 'approve' ? at.item?.approvalLeaderId : action === 'decide_extension' ? at.extension?.deciderId : undefined;
  return addresseeId ? resolveApprover(dir, at.away ?? NOBODY_AWAY, addresseeId, '') : undefined;
}

export function isUnitHead(dir: Directory, person: Person, unitId: string): boolean {
  return dir.unit(unitId)?.headId === person.id;
}

export function isLiaison(person: Person, unitId: string): boolean {
  return person.unitId === unitId && hasRole(person, 'unit_liaison');
}

/** Every relation the actor has to the item (and report/extension) at hand. */
export function relationsOf(dir: Directory, actor: Person, at: RelationContext = {}): Set<Relation> {
  const relations = new Set<Relation>();
  if (hasRole(actor, 'office_staff')) relations.add('office_staff');
  if (isGovernmentLeader(actor)) relations.add('leader');
  const { item } = at;
  if (item) {
    if (actingDecider(dir, 'approve', at)?.approverId === actor.id) relations.add('approver');
    if (isUnitHead(dir, actor, item.leadUnitId)) relations.add('lead_head');
    if (isLiaison(actor, item.leadUnitId)) relations.add('lead_liaison');
    for (const unitId of item.assistingUnitIds) {
      if (isUnitHead(dir, actor, unitId)) relations.add('assisting_head');
      if (isLiaison(actor, unitId)) relations.add('assisting_liaison');
    }
  }
  if (at.reportUnitId && isUnitHead(dir, actor, at.reportUnitId)) relations.add('report_unit_head');
  if (at.extension) {
    const acting = actingDecider(dir, 'decide_extension', at);
    const officeDecides = !acting || acting.approverId === null;
    if (officeDecides ? relations.has('office_staff') : acting.approverId === actor.id) relations.add('extension_decider');
  }
  return relations;
}

export function mayDo(action: SupervisionAction, relations: ReadonlySet<Relation>): boolean {
  return POLICY[action].allowed.some((r) => relations.has(r));
}

/** What the audit keeps of a decision made for a named leader: the addressee, who decided, and why them. */
export function decisionRecord(acting: Resolution, decidedById: string): { addresseeId: string | null; decidedById: string; delegation: string | null } {
  return { addresseeId: acting.addresseeId, decidedById, delegation: acting.reason === 'direct' ? null : acting.reason };
}

/**
 * Throws the policy's Chinese explanation when the actor may not do `action`; a leader on approved
 * leave is told who acts for them instead (Art. 9, 11).
 */
export function authorize(dir: Directory, actor: Person, action: SupervisionAction, at: RelationContext = {}): Set<Relation> {
  const relations = relationsOf(dir, actor, at);
  if (mayDo(action, relations)) return relations;
  const acting = actingDecider(dir, action, at);
  const absent = acting && at.away ? absentRefusal(dir, at.away, actor, acting) : undefined;
  throw new UserError(absent ?? POLICY[action].denied);
}

/** The units (lead or assisting) the actor heads or is liaison of, on this item. */
export function actorUnitsOn(dir: Directory, actor: Person, item: SupervisionItem): string[] {
  return [item.leadUnitId, ...item.assistingUnitIds].filter((u) => isUnitHead(dir, actor, u) || isLiaison(actor, u));
}
