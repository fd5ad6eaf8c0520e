import type { WorkCalendar } from '../calendar/types';
import type { Colour } from '../messages';
import { statusLight, type Light } from '../rules/status-light';
import type { SupervisionItem } from './types';

export type LightKey = Light;

export interface ItemLight {
  /** `none`: a draft, never issued, has no deadline running and so no light (Art. 40 督查交办). */
  key: LightKey | 'none';
  emoji: string;
  label: string;
  colour: Colour;
}

const COLOURS: Record<LightKey, Colour> = { green: 'green', yellow: 'orange', red: 'red', white: 'grey' };
const EMOJI: Record<LightKey, string> = { green: '🟢', yellow: '🟡', red: '🔴', white: '⚪' };

/** The four lights in ledger order, for summaries. */
export const LIGHT_KEYS: readonly LightKey[] = ['red', 'yellow', 'green', 'white'];
export const lightEmoji = (key: LightKey) => EMOJI[key];

/** Words accepted by `/台账 灯=`. */
export const LIGHT_WORDS: Record<string, LightKey> = {
  红: 'red',
  红灯: 'red',
  黄: 'yellow',
  黄灯: 'yellow',
  绿: 'green',
  绿灯: 'green',
  白: 'white',
  白灯: 'white',
};

const NO_LIGHT: ItemLight = { key: 'none', emoji: '', label: '未交办，无督办灯', colour: 'blue' };

/**
 * The status light of an item at `now` (rules/status-light), the one computation behind every
 * light and every overdue count: none for a draft (not issued yet), ⚪ completed or archived,
 * 🔴 overdue, 🟡 due within 2 working days, 🟢 otherwise. A "complete or reply with progress"
 * deadline met by an accepted progress report (Art. 40) stays green: the item is on weekly reports.
 */
export function itemLight(item: Pick<SupervisionItem, 'status' | 'dueOn' | 'dueMetAt'>, calendar: WorkCalendar, now: Date): ItemLight {
  if (item.status === 'draft') return NO_LIGHT;
  const done = item.status === 'completed' || item.status === 'archived';
  const light =
    item.dueMetAt && !done
      ? { light: 'green' as const, emoji: EMOJI.green, labelZh: '已按期回复进展，周报推进' }
      : statusLight({ deadline: item.dueOn, done, now, calendar });
  return { key: light.light, emoji: light.emoji, label: light.labelZh, colour: COLOURS[light.light] };
}
