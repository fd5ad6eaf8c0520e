/**
 * District government meetings as data (Art. 50–57), each rule with the sentence that states it.
 * The kinds are those of the meeting-absence flow (Art. 55), so a notice's 请假 files the same request.
 */
import type { Directory } from '../org/directory';
import type { ChainStep } from '../signoffs/types';
import { MEETINGS, type MeetingKind } from '../leave/meeting-policy';

export { MEETINGS, type MeetingKind };

export const HOST_RULES: Record<MeetingKind, { article: number; quote: string }> = {
  plenary: { article: 51, quote: '区政府全体会议由区长召集和主持，特殊情况可由区长委托负责常务工作的副区长召集和主持' },
  standing: { article: 52, quote: '区政府常务会议由区长召集和主持，特殊情况可由区长委托负责常务工作的副区长召集和主持' },
  topic: { article: 53, quote: '区政府专题会议由区长、副区长根据工作需要主持召开。出席人员由会议主持人确定' },
};

/** How often a kind is held (Art. 51, 52): what the cadence job warns about. */
export const CADENCE = {
  plenary: { months: 6, article: 51, quote: '区政府全体会议一般每半年召开1次' },
  standing: { article: 52, quote: '区政府常务会议一般每月召开1次' },
} as const;

export const AGENDA_ARTICLE = 54;
export const AGENDA_QUOTE = '提请区政府全体会议和常务会议讨论的议题，由区政府分管领导协调和审核后提出，经常务副区长审核后，报区长审定';
export const LEGALITY_QUOTE = '涉及法规规章和行政规范性文件的，应在会前履行合法性审核程序。未经合法性审核或经审核不合法的，不得提交会议审议';

export const MINUTES_ARTICLE = 56;
export const MINUTES_QUOTES: Record<MeetingKind, string> = {
  plenary: '区政府全体会议和常务会议纪要，经负责常务工作的副区长审核后，由区长签发',
  standing: '区政府全体会议和常务会议纪要，经负责常务工作的副区长审核后，由区长签发',
  topic: '区政府专题会议纪要，按程序报会议主持人审核、签发',
};

/** The supervision source of a signed decision (Art. 40 counts its deadline from the meeting). */
export const DECISION_SOURCE: Record<MeetingKind, string> = { plenary: '全体会议', standing: '常务会议', topic: '专题会议' };

/** Art. 54: supervising deputy → executive deputy → head. */
export function agendaChain(dir: Directory, unitId: string): ChainStep[] {
  return [
    { stage: '分管领导审核提出', addresseeId: dir.unit(unitId)?.supervisingDeputyId ?? null },
    { stage: '常务副区长审核', addresseeId: dir.holder('executive_deputy')?.id ?? null },
    { stage: '区长审定', addresseeId: dir.holder('district_head')?.id ?? null },
  ];
}

/** Art. 56: plenary and standing minutes: executive deputy → head; a topic meeting's: its host. */
export function minutesChain(dir: Directory, kind: MeetingKind, hostId: string): ChainStep[] {
  if (kind === 'topic') return [{ stage: '主持人审核签发', addresseeId: hostId }];
  return [
    { stage: '常务副区长审核', addresseeId: dir.holder('executive_deputy')?.id ?? null },
    { stage: '区长签发', addresseeId: dir.holder('district_head')?.id ?? null },
  ];
}
