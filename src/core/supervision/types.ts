import type { DomainContext } from '../context';
import type { supervisionAcks, supervisionExtensions, supervisionItems, supervisionMilestones, supervisionPlans, supervisionReports } from '../../../db/schema';
import type { Card } from '../messages';

export type SupervisionItem = typeof supervisionItems.$inferSelect;
export type Milestone = typeof supervisionMilestones.$inferSelect;
export type Acknowledgement = typeof supervisionAcks.$inferSelect;
export type Plan = typeof supervisionPlans.$inferSelect;
export type Report = typeof supervisionReports.$inferSelect;
export type Extension = typeof supervisionExtensions.$inferSelect;
export type ItemStatus = SupervisionItem['status'];
export type ReportKind = Report['kind'];
export type ReportStatus = Report['status'];

/** An item with everything its card and timeline show. */
export interface ItemDetail {
  item: SupervisionItem;
  milestones: Milestone[];
  acks: Acknowledgement[];
  plans: Plan[];
  reports: Report[];
  extensions: Extension[];
}

/**
 * What the supervision core needs from a request: the same shape as a command context, so
 * commands, card actions and jobs all call the core the same way.
 */
export type SupervisionCtx = DomainContext;

/** What a core action answers: a line for the reply or toast, and the refreshed card, if any. */
export interface Outcome {
  text: string;
  card?: Card;
  /** The subject of `card`, so a reply carrying it is refreshed with the others. */
  subject?: string;
}

export const STATUS_ZH: Record<ItemStatus, string> = {
  draft: '草稿（待审定交办）',
  issued: '已交办',
  in_progress: '办理中',
  completed: '已办结',
  archived: '已归档',
};

/** Words accepted by `/台账 状态=`. */
export const STATUS_WORDS: Record<string, ItemStatus> = {
  草稿: 'draft',
  已交办: 'issued',
  交办: 'issued',
  办理中: 'in_progress',
  已办结: 'completed',
  办结: 'completed',
  已归档: 'archived',
  归档: 'archived',
};

export const REPORT_KIND_ZH: Record<ReportKind, string> = {
  progress: '办理进展报告',
  completion: '办理结果报告',
  weekly: '周报',
  late_explanation: '逾期说明',
};

export const REPORT_STATUS_ZH: Record<ReportStatus, string> = {
  awaiting_signoff: '待单位主要领导审签',
  sent_back: '单位主要领导退回修改',
  submitted: '已报送，待区政府办签收',
  received: '区政府办已签收，待审核',
  accepted: '审核通过',
  returned: '已退回重办',
};
