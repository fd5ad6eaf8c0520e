/** Office-wide supervision settings (`/督办 设置 延期审批=区政府办`). */
import { supervisionSettings } from '../../../db/schema';
import { UserError } from '../errors';
import { EXTENSION_DECIDER_KEY, type ExtensionDeciderSetting } from './leaders';
import { authorize } from './permissions';
import type { Outcome, SupervisionCtx } from './types';

const DECIDER_WORDS: Record<string, ExtensionDeciderSetting> = { 交办领导: 'leader', 领导: 'leader', 区政府办: 'office', 督查室: 'office' };

/** Art. 40: extensions are decided by the assigning leader, or by the office when so configured. */
export async function configure(ctx: SupervisionCtx, key: string | undefined, value: string | undefined): Promise<Outcome> {
  authorize(ctx.dir, ctx.actor, 'configure');
  if (key !== '延期审批') throw new UserError('可设置的项：延期审批=交办领导 或 延期审批=区政府办。');
  const setting = value ? DECIDER_WORDS[value.trim()] : undefined;
  if (!setting) throw new UserError('「延期审批=」只能是「交办领导」或「区政府办」。');
  ctx.effects.statements.push(
    ctx.db
      .insert(supervisionSettings)
      .values({ key: EXTENSION_DECIDER_KEY, value: setting, updatedBy: ctx.actor.id, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: supervisionSettings.key, set: { value: setting, updatedBy: ctx.actor.id, updatedAt: ctx.now } }),
  );
  ctx.effects.audits.push({ subjectType: 'supervision_settings', subjectId: EXTENSION_DECIDER_KEY, action: 'configured', detail: { value: setting } });
  return { text: setting === 'office' ? '已设置：延期申请由区政府办审批。' : '已设置：延期申请由交办领导审批。' };
}
