/**
 * Meeting absence as data (Art. 55): "不能出席区政府全体会议、常务会议的，须向区长请假；不能出席区政府
 * 专题会议的，须向会议主持人请假". Topic meetings are hosted by the head or a deputy (Art. 53).
 */
import type { Person, Role } from '../org/types';

export const MEETING_ARTICLE = 55;
export const TOPIC_HOST_ARTICLE = 53;

export type MeetingKind = 'plenary' | 'standing' | 'topic';

export const MEETINGS: Record<MeetingKind, { zh: string; words: readonly string[]; decider: 'district_head' | 'host'; quote: string }> = {
  plenary: {
    zh: '区政府全体会议',
    words: ['全体会议', '区政府全体会议', '全体会'],
    decider: 'district_head',
    quote: '不能出席区政府全体会议、常务会议的，须向区长请假',
  },
  standing: {
    zh: '区政府常务会议',
    words: ['常务会议', '区政府常务会议', '常务会'],
    decider: 'district_head',
    quote: '不能出席区政府全体会议、常务会议的，须向区长请假',
  },
  topic: { zh: '区政府专题会议', words: ['专题会议', '区政府专题会议', '专题会'], decider: 'host', quote: '不能出席区政府专题会议的，须向会议主持人请假' },
};

export function meetingFromWord(word: string): MeetingKind | undefined {
  return (Object.keys(MEETINGS) as MeetingKind[]).find((k) => MEETINGS[k].words.includes(word.trim()));
}

/**
 * Whom Art. 55 binds: "区政府、乡镇政府、街道办事处、各部门领导要严格按要求参加区政府会议". Only they
 * attend and so only they ask leave of a meeting; a liaison or clerk has nothing to ask.
 */
export const BOUND_TO_ATTEND: readonly Role[] = ['executive_deputy', 'deputy_head', 'party_group_member', 'unit_head'];
export const BOUND_TO_ATTEND_QUOTE = '区政府、乡镇政府、街道办事处、各部门领导要严格按要求参加区政府会议';

export function boundToAttend(person: Person): boolean {
  return person.roles.some((r) => BOUND_TO_ATTEND.includes(r));
}
