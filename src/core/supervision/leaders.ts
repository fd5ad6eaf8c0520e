import type { Directory } from '../org/directory';
import type { SupervisionItem } from './types';

/**
 * The leader who reads accepted reports (Art. 40 审核汇总: "报区政府有关领导审阅"): the leader who
 * assigned the item, else the lead unit's supervising deputy; undefined when neither is known.
 */
export function responsibleLeaderId(item: SupervisionItem, dir: Directory): string | undefined {
  const candidates = [item.assigningLeaderId, dir.unit(item.leadUnitId)?.supervisingDeputyId];
  return candidates.find((id): id is string => Boolean(id && dir.person(id)));
}

/** Who decides extensions: `leader` (the assigning leader, default) or `office` (setting 延期审批=区政府办). */
export type ExtensionDeciderSetting = 'leader' | 'office';
export const EXTENSION_DECIDER_KEY = 'extension_decider';

/** The leader addressed by an extension request, or null when the office decides. */
export function extensionDeciderId(item: SupervisionItem, dir: Directory, setting: ExtensionDeciderSetting): string | null {
  if (setting === 'office') return null;
  return responsibleLeaderId(item, dir) ?? null;
}
