import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { documents, documentSteps, supervisionItems } from '../../db/schema';
import { d1Database } from '../../src/workers/deps';
import { call, loadDemoOrg, postJson } from './helpers';

const say = async (as: string, text: string) => {
  const res = await postJson('/sandbox/api/messages', { as, chat: 'p2p', text });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.replies as any[];
};

/** Clicks `label` on the newest card of `title` in `as`'s inbox. */
async function click(as: string, title: string, label: string, form: Record<string, string> = {}) {
  const inbox = (await call(`/sandbox/api/inbox?as=${as}`)).body.messages as any[];
  const card = inbox.filter((m) => m.message.kind === 'card' && m.message.card.title.startsWith(title)).pop();
  expect(card, `no card ${title} for ${as}`).toBeDefined();
  const buttons = card.message.card.blocks.flatMap((b: any) => (b.type === 'buttons' ? b.buttons : b.type === 'form' ? [b.submit] : []));
  const button = buttons.find((b: any) => b.label === label);
  expect(button, `no button ${label}`).toBeDefined();
  const res = await postJson('/sandbox/api/actions', { as, messageId: card.messageId, value: { action: button.action, ...button.payload }, form });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('Art. 61, 62 on Workers + D1: the same chains, committed in one batch each', () => {
  it('a 来文 needing instructions: 区长 批示 → 副区长 → 转办 creates the supervision item', async () => {
    await loadDemoOrg();
    await say('linxiaomei', '/来文 登记 文号=牡政发〔2026〕12号 标题=冬季供暖保障 来文单位=市政府 类别=需领导批示 分管=赵明');
    expect((await click('chenzhiyuan', '来文 1｜', '批示', { text: '请住建局牵头。' })).toast.kind).toBe('success');
    expect((await click('zhaoming', '来文 1｜', '同意')).toast.kind).toBe('success');
    const forwarded = await click('linxiaomei', '来文 1｜', '转办并立项督办', { lead: '住建局' });
    expect(forwarded.toast.kind, forwarded.toast.text).toBe('success');
    const db = d1Database(env);
    const [doc] = await db.select().from(documents).where(eq(documents.id, 1));
    expect(doc).toMatchObject({ status: 'forwarded' });
    const [item] = await db.select().from(supervisionItems).where(eq(supervisionItems.id, doc!.itemId!));
    expect(item).toMatchObject({ source: 'leader_instruction', status: 'issued', content: '陈志远批示：请住建局牵头。', leadUnitId: 'zjj' });
  });

  it('a 规章 goes to the head, whose 签发 numbers it; a bad kind writes nothing', async () => {
    await loadDemoOrg();
    const [bad] = await say('linxiaomei', '/发文 起草 类别=通知 标题=x');
    expect(bad.message.text).toContain('发文类别只有：规章、命令、议案、区政府名义、区政府办名义');
    await say('linxiaomei', '/发文 起草 类别=规章 标题=关于城市管理的规定 单位=司法局');
    const signed = await click('chenzhiyuan', '发文 1｜', '签发');
    expect(signed.toast.text).toMatch(/^已签发，文号 牡东政发〔\d{4}〕1号，已归档。$/);
    const db = d1Database(env);
    expect((await db.select().from(documents)).map((d) => [d.kind, d.status, d.numberSeq])).toEqual([['regulation', 'archived', 1]]);
    expect((await db.select().from(documentSteps)).map((s) => [s.role, s.status, s.decidedById])).toEqual([['district_head', 'agreed', 'chenzhiyuan']]);
  });
});
