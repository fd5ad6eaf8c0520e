import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { cardMarkdown } from '../../src/platforms/dingtalk/cards';
import { renderCard } from '../../src/platforms/feishu/cards';
import { highlight, parseSearchQuery, snippet } from '../../src/core/supervision/search-query';
import type { Harness } from '../helpers/harness';
import { at, cast, clickButton, footprint, latestCard, register, said, supervisionHarness } from './helpers';

let h: Harness;
afterEach(() => h?.close());

/**
 * Four items: 住建局 leads 冬季供暖 (with 兴隆镇 assisting) and 老旧小区改造; 兴隆镇 leads 防汛检查
 * (文号 市防指〔2026〕5号); 司法局 leads 法治政府建设 (责任人 唐伟). 住建局's liaison reports on 供暖, the head signs off.
 */
async function ledger() {
  h = await supervisionHarness('2026-09-24T09:00:00');
  const p = cast(h);
  const heating = await register(p.office, '来源=领导批示 标题=冬季供暖投诉处理 内容=做好城区集中供暖管网排查 主办=住建局 协办=兴隆镇 收文日期=2026-09-24');
  const housing = await register(p.office, '来源=常务会议 标题=老旧小区改造 内容=年内完成十个小区外墙保温改造 主办=住建局 会议日期=2026-09-24');
  const flood = await register(p.office, '来源=上级批示 标题=防汛检查 主办=兴隆镇 期限=2026-10-13 文号=市防指〔2026〕5号');
  const law = await register(p.office, '来源=区政府文件 标题=法治政府建设 主办=司法局 责任人=唐伟 期限=2026-10-30');
  for (const id of [heating, housing, flood, law]) await p.office.say(`/督办 交办 ${id} 领导=赵明`);
  await p.zjjLiaison.say(`/进展 ${heating} 已更换老化阀门二十处，锅炉房完成试烧`);
  await clickButton(p.zjjHead, await latestCard(p.zjjHead, '办理进展报告'), '审签通过');
  at(h, '2026-10-12T09:00:00');
  return { p, heating, housing, flood, law };
}

/** The item numbers of a result card, in order (a number is bold only where a word hits it). */
const listed = (text: string) => [...text.replaceAll('**', '').matchAll(/(DB-\d{4}-\d{4})｜/g)].map((m) => m[1]);
const search = async (user: { say(text: string): Promise<Array<{ message: unknown }>> }, words: string) => said((await user.say(`/台账 搜索 ${words}`))[0]!);

describe('Art. 40 督查台账: /台账 搜索 finds items by any word people remember', () => {
  it.each([
    ['2 characters (LIKE): 供暖', ['heating']],
    ['3 characters (trigram): 老旧小', ['housing']],
    ['6 characters (trigram): 冬季供暖投诉', ['heating']],
    ['content: 外墙保温', ['housing']],
    ['文号: 市防指', ['flood']],
    ['unit: 司法局', ['law']],
    ['unit (assisting): 兴隆镇', ['flood', 'heating']],
    ['责任人: 唐伟', ['law']],
    ['report text: 锅炉房', ['heating']],
    ['item number: 2026-0003', ['flood']],
    ['two words, both required: 住建局 改造', ['housing']],
    ['a 1-character and a 3-character word: 房 阀门二', ['heating']],
  ] as Array<[string, string[]]>)('%s', async (name, expected) => {
    const items = await ledger();
    const words = name.split(': ')[1]!;
    expect(listed(await search(items.p.office, words))).toEqual(expected.map((k) => items[k as 'heating']));
  });

  it('highlights the words in bold and says where else they were found', async () => {
    const { p, heating } = await ledger();
    const text = await search(p.office, '锅炉房');
    expect(text).toContain('搜索「锅炉房」：共 **1** 项');
    expect(text).toContain(`${heating}｜冬季供暖投诉处理｜住建局`);
    expect(text).toContain('报告：已更换老化阀门二十处，**锅炉房**完成试烧');
    expect(await search(p.office, '供暖')).toContain('冬季**供暖**投诉处理');
  });

  it('only the words are bold: the item number stays plain unless a word is in it; words side by side are one bold run', async () => {
    const { p, heating, flood } = await ledger();
    const atStart = await search(p.office, '冬季');
    expect(atStart).toContain(`${heating}｜**冬季**供暖投诉处理`);
    expect(atStart).not.toContain(`**${heating}**`);
    expect(await search(p.office, flood.slice(3))).toContain(`DB-**${flood.slice(3)}**｜防汛检查`);
    expect(await search(p.office, '供暖 投诉')).toContain('冬季**供暖投诉**处理');
  });

  it('nothing found: a Chinese note, no error', async () => {
    const { p } = await ledger();
    expect(await search(p.office, '不存在的事')).toContain('没有找到包含「不存在的事」的督查事项');
  });

  it('a unit liaison finds only the items of his unit (the scope of /台账)', async () => {
    const { p, heating, flood } = await ledger();
    expect(listed(await search(p.xlzLiaison, '兴隆镇'))).toEqual([flood, heating]);
    expect(listed(await search(p.xlzLiaison, '老旧小区'))).toEqual([]);
    expect(listed(await search(p.zjjLiaison, '检查'))).toEqual([]);
    expect(listed(await search(p.sfjHead, '法治'))).toHaveLength(1);
    expect(listed(await search(p.zhaoming, '检查'))).toEqual([flood]);
  });

  it('someone outside the ledger is refused, as for /台账', async () => {
    const { p } = await ledger();
    expect(await search(p.secretary, '供暖')).toBe('台账仅供区政府办、区政府领导和承办单位（主要负责人、联络员）查看。');
  });
});

describe('Art. 40 督查台账: bad search input changes nothing and never reaches SQL', () => {
  it.each([
    ['', '请在「搜索」后写要找的文字'],
    ['   ', '请在「搜索」后写要找的文字'],
    ['供'.repeat(51), '搜索词太长（51 字），请不超过 50 字'],
    ['"供暖', '搜索词不能包含引号'],
    ['供暖*', '搜索词不能包含引号（"）、星号（*）'],
    ['供暖 NEAR 改造', '搜索不支持「NEAR」这样的检索语法'],
    ['NEAR(供暖 改造)', '搜索不支持「NEAR(供暖」'],
    ['供暖 OR 防汛', '搜索不支持「OR」'],
    ['一 二 三 四 五 六', '搜索词最多 5 个'],
  ])('/台账 搜索 %s', async (words, message) => {
    const { p } = await ledger();
    const before = await footprint(h);
    const [reply] = await p.office.say(`/台账 搜索 ${words}`);
    expect(said(reply!)).toContain(message);
    expect(await footprint(h)).toEqual(before);
  });

  it('LIKE wildcards and FTS punctuation are searched as text', async () => {
    const { p } = await ledger();
    for (const words of ['%', '_', '%%', '(供暖)', 'a:b', '-供暖', "供暖' -- 1=1"]) {
      expect(await search(p.office, words), words).toMatch(/搜索「.*」：共 \*\*0\*\* 项/);
    }
  });
});

describe('search results: highlighting never turns typed text into markup', () => {
  it("a title with markdown, a link and @all: the bold is the bot's, the rest is escaped on every platform", async () => {
    h = await supervisionHarness('2026-09-24T09:00:00');
    const p = cast(h);
    const id = await register(p.office, '来源=领导批示 标题=**供暖**[点我](https://evil.example)<at>all</at> 主办=住建局 收文日期=2026-09-24');
    const [reply] = await p.office.say('/台账 搜索 供暖');
    const card = (reply as any).message.card;
    const feishu = JSON.stringify(renderCard(card));
    expect(feishu).toContain('&#42;&#42;**供暖**&#42;&#42;&#91;点我&#93;(https://evil.example)&#60;at&#62;all&#60;/at&#62;');
    const dingtalk = cardMarkdown(card);
    expect(dingtalk).toContain(`${id}｜\\*\\***供暖**\\*\\*\\[点我\\](https://evil.example)&lt;at&gt;all&lt;/at&gt;`);
  });

  it('highlight() and snippet() cut text into pieces without altering it', () => {
    expect(highlight('冬季供暖·供暖<b>', ['供暖'])).toEqual([
      { text: '冬季', hit: false },
      { text: '供暖', hit: true },
      { text: '·', hit: false },
      { text: '供暖', hit: true },
      { text: '<b>', hit: false },
    ]);
    expect(
      highlight('ABC abc', ['abc'])
        .filter((s) => s.hit)
        .map((s) => s.text),
    ).toEqual(['ABC', 'abc']);
    const long = `${'甲'.repeat(40)}锅炉房${'乙'.repeat(100)}`;
    const cut = snippet(long, ['锅炉房'])!;
    expect(cut.map((s) => s.text).join('')).toBe(`…${'甲'.repeat(20)}锅炉房${'乙'.repeat(57)}…`);
    expect(snippet('没有', ['锅炉房'])).toBeUndefined();
    expect(parseSearchQuery(' 供暖　 改造 供暖 ')).toEqual({ text: '供暖 改造 供暖', words: ['供暖', '改造'] });
  });
});

describe('search results are paginated, 10 a page, with 上一页/下一页', () => {
  it('23 items about 供暖: three pages; the buttons turn the card in place; 第N页 typed works too', async () => {
    h = await supervisionHarness('2026-09-24T09:00:00');
    const p = cast(h);
    for (let i = 1; i <= 23; i++) await register(p.office, `来源=领导批示 标题=供暖片区${i} 主办=住建局 收文日期=2026-09-24`);
    const first = (await p.office.say('/台账 搜索 供暖片区'))[0]!;
    const text = said(first);
    expect(text).toContain('共 **23** 项，第 1/3 页');
    expect(listed(text)).toHaveLength(10);
    expect(text).toContain('[下一页]');
    expect(text).not.toContain('[上一页]');
    const card = await latestCard(p.office, '台账搜索');
    const second = await clickButton(p.office, card, '下一页');
    const secondText = said({ message: { kind: 'card', card: second.card } });
    expect(secondText).toContain('第 2/3 页');
    expect(secondText).toContain('[上一页]');
    expect(listed(secondText).filter((id) => listed(text).includes(id))).toEqual([]);
    const third = await search(p.office, '供暖片区 第3页');
    expect(third).toContain('第 3/3 页');
    expect(listed(third)).toHaveLength(3);
    expect(await search(p.office, '供暖片区 第9页')).toContain('第 3/3 页');
    const all = new Set([...listed(text), ...listed(secondText), ...listed(third)]);
    expect(all.size).toBe(23);
  });
});

describe('the search index follows every write (triggers, same transaction)', () => {
  it('an edited title, a new report and a renamed unit are found at once; the old words are not', async () => {
    const { p, housing } = await ledger();
    await h.db.run(sql`UPDATE supervision_items SET title = '棚户区改造' WHERE id = ${housing}`);
    expect(listed(await search(p.office, '棚户区'))).toEqual([housing]);
    expect(listed(await search(p.office, '老旧小区'))).toEqual([]);
    await h.db.run(sql`UPDATE units SET name = '住房和城乡建设局' WHERE id = 'zjj'`);
    expect(listed(await search(p.office, '城乡建设'))).toHaveLength(2);
    const [row] = await h.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ledger_search`);
    expect(row?.n).toBe(4);
  });

  it("Art. 40: a liaison's report is found once the unit head has signed it off (it has then reached the office)", async () => {
    const { p, flood } = await ledger();
    await p.xlzLiaison.say(`/进展 ${flood} 防汛沙袋已全部到位`);
    expect(listed(await search(p.office, '防汛沙袋'))).toEqual([]);
    await clickButton(p.xlzHead, await latestCard(p.xlzHead, '办理进展报告'), '审签通过');
    expect(listed(await search(p.office, '防汛沙袋'))).toEqual([flood]);
  });

  it('a 来文 forwarded into an item: its 文号, title and sender find the item; a deleted item leaves the index', async () => {
    const { p, flood } = await ledger();
    await h.db.run(sql`INSERT INTO documents (direction, kind, title, reference, sender, status, item_id, created_by, created_at, updated_at)
      VALUES ('incoming', 'instruction', '关于汛期值守的通知', '牡政办发〔2026〕88号', '市政府办公室', 'forwarded', ${flood}, 'linxiaomei', 0, 0)`);
    expect(listed(await search(p.office, '政办发〔2026〕88'))).toEqual([flood]);
    expect(listed(await search(p.office, '汛期值守'))).toEqual([flood]);
    expect(await search(p.office, '汛期值守')).toContain('牡政办发〔2026〕88号 关于**汛期值守**的通知 市政府办公室');
    await h.db.run(sql`DELETE FROM supervision_items WHERE id = ${flood}`);
    expect(listed(await search(p.office, '汛期值守'))).toEqual([]);
  });
});
