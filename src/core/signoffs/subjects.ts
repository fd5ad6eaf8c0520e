/** Every kind of sign-off subject, by the `type` a card button carries. */
import { agendaAdapter } from '../meetings/agenda';
import { unitMeetingAdapter } from '../meetings/district-wide';
import { minutesAdapter } from '../meetings/minutes';
import { sealAdapter } from '../seals/seal-use';
import { UserError } from '../errors';
import type { SubjectAdapter, SubjectType } from './types';

export const SUBJECT_ADAPTERS: Record<SubjectType, SubjectAdapter> = {
  agenda: agendaAdapter,
  minutes: minutesAdapter,
  unit_meeting: unitMeetingAdapter,
  seal: sealAdapter,
};

export function adapterOf(type: string | undefined): SubjectAdapter {
  const adapter = type && type in SUBJECT_ADAPTERS ? SUBJECT_ADAPTERS[type as SubjectType] : undefined;
  if (!adapter) throw new UserError('这张卡片已失效，请重新发送命令。');
  return adapter;
}
