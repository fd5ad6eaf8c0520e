import type { SubjectType } from './types';

/** The words of `/签批 <事项>` and the typed commands a card's buttons name. */
export const SIGNOFF_WORDS: Record<string, SubjectType> = { 议题: 'agenda', 纪要: 'minutes', 会议纪要: 'minutes', 全区会议: 'unit_meeting', 用印: 'seal' };
export const SIGNOFF_WORD: Record<SubjectType, string> = { agenda: '议题', minutes: '纪要', unit_meeting: '全区会议', seal: '用印' };
