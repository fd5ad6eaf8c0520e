import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { d1Database } from '../../src/workers/deps';
import { loadDemoOrg, postJson } from './helpers';

const say = async (as: string, text: string) => {
  const res = await postJson('/sandbox/api/messages', { as, chat: 'p2p', text });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.replies as any[];
};
const cardText = (reply: any) => reply.message.card.blocks.map((b: any) => (b.text?.md ?? []).map((p: any) => p.markup ?? p.text).join('')).join('\n');
/** The item numbers of a result card, in order (a number is bold only where a word hits it). */
const listed = (text: string) => [...text.replaceAll('**', '').matchAll(/(DB-\d{4}-\d{4})｜/g)].map((m) => m[1]);

describe('Art. 40 督查台账 search on Workers + D1: FTS5 trigram and its triggers work in D1', () => {
  it('2-, 3- and 6-character queries, a report, the scope of a unit liaison, bad input refused', async () => {
    await loadDemoOrg();
    const created = async (line: string) => {
      const [reply] = await say('linxiaomei', `/督办 新建 ${line}`);
      expect(reply.message.kind, JSON.stringify(reply.message)).toBe('card');
      return /DB-\d{4}-\d{4}/.exec(reply.message.card.title)![0];
    };
    const heating = await created('来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇 收文日期=2026-12-01');
    const flood = await created('来源=上级批示 标题=防汛检查 主办=兴隆镇 期限=2030-10-14 文号=市防指〔2026〕5号');
    const housing = await created('来源=常务会议 标题=老旧小区改造 主办=住建局 会议日期=2026-12-01');
    const search = async (as: string, words: string) => cardText((await say(as, `/台账 搜索 ${words}`))[0]);

    expect(listed(await search('linxiaomei', '供暖'))).toEqual([heating]);
    expect(listed(await search('linxiaomei', '老旧小'))).toEqual([housing]);
    expect(listed(await search('linxiaomei', '冬季供暖投诉'))).toEqual([heating]);
    expect(listed(await search('linxiaomei', '市防指'))).toEqual([flood]);
    expect(await search('linxiaomei', '冬季供暖投诉')).toContain('**冬季供暖投诉**处理');
    // 兴隆镇's liaison: its own and the assisted item, never 住建局's alone.
    expect(listed(await search('songjia', '改造'))).toEqual([]);
    expect(listed(await search('songjia', '兴隆镇')).sort()).toEqual([heating, flood].sort());

    // A report (the unit head's: no sign-off step) is indexed by the trigger on supervision_reports.
    await say('linxiaomei', `/督办 交办 ${heating} 领导=赵明`);
    await say('dengpeng', `/进展 ${heating} 锅炉房已完成试烧`);
    expect(listed(await search('linxiaomei', '锅炉房'))).toEqual([heating]);

    const db = d1Database(env);
    await db.run(sql`UPDATE supervision_items SET title = '棚户区改造' WHERE id = ${housing}`);
    expect(listed(await search('linxiaomei', '棚户区'))).toEqual([housing]);
    expect(listed(await search('linxiaomei', '老旧小区'))).toEqual([]);

    const [bad] = await say('linxiaomei', '/台账 搜索 "供暖" NEAR');
    expect(bad.message.text).toContain('搜索词不能包含引号');
  });
});
