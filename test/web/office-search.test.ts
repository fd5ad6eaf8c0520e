import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { cast, register, supervisionHarness } from '../supervision/helpers';

let h: Harness;
afterEach(() => h?.close());

async function signIn(personId: string): Promise<string> {
  const res = await h.app.request('/office/login/sandbox', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `person=${personId}`,
  });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

const office = async (query: string) => {
  const res = await h.app.request(`/office?${new URLSearchParams(query)}`, { headers: { cookie: await signIn('linxiaomei') } });
  return { status: res.status, html: await res.text() };
};
const hits = (html: string) => [...html.matchAll(/<li data-item="(DB-\d{4}-\d{4})"/g)].map((m) => m[1]);

describe('Art. 40 督查台账: the /office search box', () => {
  it('finds by a 2-, 3- and 6-character word, marks the words, escapes the rest', async () => {
    h = await supervisionHarness('2026-09-24T09:00:00');
    const p = cast(h);
    const heating = await register(p.office, '来源=领导批示 标题=冬季供暖投诉处理<script>alert(1)</script> 主办=住建局 收文日期=2026-09-24');
    const housing = await register(p.office, '来源=常务会议 标题=老旧小区改造 内容=供暖管网同步改造 主办=住建局 会议日期=2026-09-24');
    const two = await office('q=供暖');
    expect(two.status).toBe(200);
    expect(hits(two.html).sort()).toEqual([heating, housing].sort());
    expect(two.html).toContain('冬季<mark>供暖</mark>投诉处理&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(two.html).not.toContain('<script>alert(1)');
    expect(two.html).toContain('内容：<mark>供暖</mark>管网同步改造');
    expect(hits((await office('q=老旧小')).html)).toEqual([housing]);
    expect(hits((await office('q=冬季供暖投诉')).html)).toEqual([heating]);
    expect((await office('q=冬季供暖投诉')).html).toContain('value="冬季供暖投诉"');
  });

  it('bad input: 400 with the Chinese message, the ledger still shown', async () => {
    h = await supervisionHarness('2026-09-24T09:00:00');
    for (const [q, message] of [
      ['"供暖"', '搜索词不能包含引号'],
      ['供暖 NEAR 改造', '搜索不支持「NEAR」'],
      ['供'.repeat(60), '搜索词太长'],
    ]) {
      const res = await office(`q=${encodeURIComponent(q!)}`);
      expect(res.status, q).toBe(400);
      expect(res.html).toContain(message!);
      expect(res.html).toContain('id="ledger"');
    }
  });

  it('pages of 10 with 上一页/下一页 links', async () => {
    h = await supervisionHarness('2026-09-24T09:00:00');
    const p = cast(h);
    for (let i = 1; i <= 12; i++) await register(p.office, `来源=领导批示 标题=河道整治${i} 主办=住建局 收文日期=2026-09-24`);
    const first = await office('q=河道整治');
    expect(hits(first.html)).toHaveLength(10);
    expect(first.html).toContain('共 12 项，第 1/2 页');
    expect(first.html).toContain('href="/office?q=%E6%B2%B3%E9%81%93%E6%95%B4%E6%B2%BB&amp;page=2#ledger"');
    const second = await office('q=河道整治&page=2');
    expect(hits(second.html)).toHaveLength(2);
    expect(second.html).toContain('rel="prev"');
  });
});
