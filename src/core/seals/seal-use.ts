/**
 * Seal use (Art. 64): "区政府及区政府党组印信的使用须经区长或由区长委托副区长签批，区政府办公室印信的使用
 * 须经区政府办公室主任签批". While the head is away, the deputy he entrusted signs (Art. 9).
 *
 *   /用印 印章=区政府 事由=报送市政府的请示 份数=2
 */
import { and, eq, max } from 'drizzle-orm';
import { sealUses } from '../../../db/schema';
import type { ReplyingContext } from '../context';
import { UserError } from '../errors';
import { keyValues, required } from '../meetings/args';
import { startSignoff } from '../signoffs/engine';
import { statusBefore, type ChainStep, type SubjectAdapter, type SubjectView } from '../signoffs/types';

export type SealUse = typeof sealUses.$inferSelect;
export type Seal = SealUse['seal'];

export const SEAL_ARTICLE = 64;
export const SEAL_QUOTE = '区政府及区政府党组印信的使用须经区长或由区长委托副区长签批，区政府办公室印信的使用须经区政府办公室主任签批';
export const SEALS: Record<Seal, { zh: string; words: readonly string[] }> = {
  government: { zh: '区政府印章', words: ['区政府', '区政府印章', '政府'] },
  party_group: { zh: '区政府党组印章', words: ['区政府党组', '党组', '区政府党组印章'] },
  office: { zh: '区政府办公室印章', words: ['区政府办', '区政府办公室', '办公室', '区政府办印章'] },
};
export const SEAL_KEYS = ['印章', '事由', '份数'] as const;
export const SEAL_EXAMPLE = '/用印 印章=区政府 事由=报送市政府的请示 份数=2';
const MAX_COPIES = 500;

export function sealChain(ctx: Pick<ReplyingContext, 'dir'>, seal: Seal): ChainStep[] {
  if (seal === 'office') return [{ stage: '区政府办公室主任签批', addresseeId: ctx.dir.officeUnit('gov_office')?.headId ?? null }];
  return [{ stage: '区长签批', addresseeId: ctx.dir.holder('district_head')?.id ?? null }];
}

export type SealFields = Partial<Record<(typeof SEAL_KEYS)[number], string>>;

/** `印章=区政府 事由=… 份数=2` → fields (the form card gives the same fields). */
export const parseSealArgs = (args: string): SealFields => keyValues(args, SEAL_KEYS, SEAL_EXAMPLE);

export async function requestSealUse(ctx: ReplyingContext, f: SealFields): Promise<void> {
  const word = required(f.印章, '印章（印章=区政府、区政府党组或区政府办）', SEAL_EXAMPLE);
  const seal = (Object.keys(SEALS) as Seal[]).find((s) => SEALS[s].words.includes(word));
  if (!seal) throw new UserError(`「印章=${word}」不是可选的印章，请填 区政府、区政府党组 或 区政府办。`);
  const purpose = required(f.事由, '用印事由（事由=）', SEAL_EXAMPLE, 200);
  const copies = Number((f.份数 ?? '1').trim());
  if (!Number.isInteger(copies) || copies < 1 || copies > MAX_COPIES) throw new UserError(`「份数=${f.份数}」应为 1 到 ${MAX_COPIES} 的整数。`);
  const [row0] = await ctx.db.select({ id: max(sealUses.id) }).from(sealUses);
  const use: SealUse = {
    id: (row0?.id ?? 0) + 1,
    seal,
    purpose,
    copies,
    requesterId: ctx.actor.id,
    unitId: ctx.actor.unitId,
    status: 'in_review',
    createdAt: ctx.now,
    decidedAt: null,
  };
  ctx.effects.conflictMessage = '刚才有另一份用印申请同时提交，本次未保存，请重新发送。';
  ctx.effects.statements.push(ctx.db.insert(sealUses).values(use).onConflictDoNothing());
  await startSignoff(ctx, sealAdapter, viewOf(ctx, use), sealChain(ctx, seal));
}

function viewOf(ctx: Pick<ReplyingContext, 'dir'>, use: SealUse): SubjectView {
  return {
    type: 'seal',
    id: use.id,
    title: `${SEALS[use.seal].zh} · ${use.purpose}`,
    requesterId: use.requesterId,
    status: use.status,
    fields: [
      { label: '印章', value: SEALS[use.seal].zh },
      { label: '事由', value: use.purpose },
      { label: '份数', value: String(use.copies) },
      { label: '申请单位', value: ctx.dir.unit(use.unitId)?.name ?? use.unitId },
    ],
    article: SEAL_ARTICLE,
    quote: SEAL_QUOTE,
  };
}

export const sealAdapter: SubjectAdapter = {
  type: 'seal',
  zh: '用印申请',
  async load(ctx, id) {
    const [use] = await ctx.db.select().from(sealUses).where(eq(sealUses.id, id));
    return use && viewOf(ctx, use);
  },
  async chain(ctx, id) {
    const [use] = await ctx.db.select().from(sealUses).where(eq(sealUses.id, id));
    return sealChain(ctx, use!.seal);
  },
  setStatus(ctx, id, status) {
    const from = statusBefore(status);
    return [
      ctx.db
        .update(sealUses)
        .set({ status, decidedAt: status === 'in_review' ? null : ctx.now })
        .where(and(eq(sealUses.id, id), eq(sealUses.status, from))),
    ];
  },
};
