import type { WorkCalendar } from '../calendar/types';
import type { Colour } from '../messages';
import { endOfLocalDay, localDate } from '../time';
import type { SupervisionItem } from './types';

export type LightKey = 'green' | 'yellow' | 'red' | 'white';

export interface ItemLight {
  key: LightKey;
  emoji: string;
  label: string;
  colour: Colour;
}

export const LIGHTS: Record<LightKey, ItemLight> = {
  green: { key: 'green', emoji: '🟢', label: '正常推进', colour: 'green' },
  yellow: { key: 'yellow', emoji: '🟡', label: '临近期限', colour: 'orange' },
  red: { key: 'red', emoji: '🔴', label: '已逾期', colour: 'red' },
  white: { key: 'white', emoji: '⚪', label: '已办结', colour: 'grey' },
};

/** Words accepted by `/台账 灯=`. */
export const LIGHT_WORDS: Record<string, LightKey> = { 红: 'red', 红灯: 'red', 黄: 'yellow', 黄灯: 'yellow', 绿: 'green', 绿灯: 'green', 白: 'white', 白灯: 'white' };

/** Days before the deadline at which an item turns yellow (SPEC §5: "due within 2 working days"). */
export const YELLOW_WITHIN_WORKING_DAYS = 2;

/**
 * The status light of an item at `now` (SPEC §5): ⚪ completed or archived; 🔴 past the end of
 * its due day; 🟡 due within 2 working days; 🟢 otherwise. A "complete or reply with progress"
 * deadline met by an accepted progress report (Art. 40) no longer turns red.
 */
export function itemLight(item: Pick<SupervisionItem, 'status' | 'dueOn' | 'dueMetAt'>, calendar: WorkCalendar, now: Date): ItemLight {
  if (item.status === 'completed' || item.status === 'archived') return LIGHTS.white;
  if (item.dueMetAt) return LIGHTS.green;
  if (now.getTime() > endOfLocalDay(item.dueOn).getTime()) return LIGHTS.red;
  const left = calendar.workingDaysBetween(localDate(now), item.dueOn).days;
  return left <= YELLOW_WITHIN_WORKING_DAYS ? LIGHTS.yellow : LIGHTS.green;
}
