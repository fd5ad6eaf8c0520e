import { sql } from 'drizzle-orm';
import { mdSource } from '../../src/core/messages';
import { afterEach, describe, expect, it } from 'vitest';
import { getJson, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { approvedLeave } from '../leave/helpers';
import { cast, footprint, register, timeline } from '../supervision/helpers';
import { at, clickButton, create, docCast, INCOMING, latestCard, said, supervisionHarness } from './helpers';

let h: Harness;
afterEach(() => h?.close());

/** A 来文 the head instructs, 赵明 approves and the office forwards to 住建局 with 兴隆镇: the item's number. */
async function forwardedItem(): Promise<string> {
  const p = docCast(h);
  const id = await create(p.office, `${INCOMING} 类别=需领导批示`);
  await p.head.say(`/来文 批示 ${id} 请住建局牵头。`);
  await p.zhaoming.say(`/来文 同意 ${id}`);
  const [reply] = await p.office.say(`/来文 转办 ${id} 主办=住建局 协办=兴隆镇`);
  return /DB-\d{4}-\d{4}/.exec(said(reply!))![0];
}

const disputes = async () => (await h.db.all<{ n: number }>(sql.raw('SELECT count(*) AS n FROM supervision_disputes')))[0]!.n;

describe('Art. 61 异议: where units disagree on a forwarded 来文, the supervising deputy coordinates', () => {
  it('a unit raises it; 赵明 gets the card, records 一致意见; the units, the raiser and the office are told; the timeline keeps both', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const itemId = await forwardedItem();
    const { xlzLiaison, zhaoming, office, zjjHead } = cast(h);
    expect(said((await xlzLiaison.say(`/异议 ${itemId} 管网改造应由住建局主办，本镇仅负责入户排查`))[0]!)).toBe('已提出异议，送 赵明 协调（第六十一条）。');
    const card = await latestCard(zhaoming, `异议协调 · ${itemId}`);
    expect(textOf(card.message)).toContain('提出单位: 兴隆镇（宋佳）');
    expect(textOf(card.message)).toContain('**异议内容**：管网改造应由住建局主办，本镇仅负责入户排查');
    expect((await office.inbox()).some((m) => textOf(m.message).startsWith(`【异议】兴隆镇 宋佳 对 ${itemId}`))).toBe(true);

    // Nothing waits unseen: it is in his /待办 (and so in his digest and the nudges), and opens the live card.
    const [list] = await zhaoming.say('/待办');
    const blocks = list!.message.card.blocks as any[];
    const index = blocks.filter((b) => b.type === 'markdown').findIndex((b) => mdSource(b.text).includes('**异议协调**｜'));
    expect(index).toBeGreaterThanOrEqual(0);
    expect(mdSource(blocks.filter((b) => b.type === 'markdown')[index].text)).toContain(
      `${itemId}** 关于做好冬季供暖保障工作的通知｜兴隆镇提出异议：管网改造应由住建局主办，本镇仅负责入户排查`,
    );
    const openButton = blocks.filter((b) => b.type === 'buttons')[index].buttons[0];
    const opened = await zhaoming.click(list!.messageId, { action: openButton.action, ...openButton.payload });
    expect(opened.replies[0].message.card.title).toBe(`异议协调 · ${itemId}`);

    const res = await clickButton(zhaoming, card, '记录协调意见', { outcome: 'agreed', note: '住建局主办管网改造，兴隆镇负责入户排查' });
    expect(res.toast).toEqual({ kind: 'success', text: '已记录协调意见（取得一致意见）。' });
    expect(textOf(res.card)).toContain('状态: 取得一致意见（赵明，');
    expect(textOf(res.card)).not.toContain('记录协调意见');
    const told = `赵明 协调 ${itemId}「关于做好冬季供暖保障工作的通知」的异议（兴隆镇提出），取得一致意见：住建局主办管网改造，兴隆镇负责入户排查`;
    for (const [who, u] of Object.entries({ zjjHead, xlzLiaison, office }))
      expect(
        (await u.inbox()).map((m) => textOf(m.message)),
        who,
      ).toContain(told);
    const lines = await timeline(h, itemId);
    expect(lines).toContain('兴隆镇 宋佳 提出异议：管网改造应由住建局主办，本镇仅负责入户排查（送 赵明 协调）');
    expect(lines).toContain('赵明 协调异议，取得一致意见：住建局主办管网改造，兴隆镇负责入户排查');
    // Once: a second record is refused and changes nothing.
    expect(said((await zhaoming.say('/待办'))[0]!)).not.toContain('异议协调');
    const before = await footprint(h);
    expect((await clickButton(zhaoming, card, '记录协调意见', { outcome: 'proposed', note: '再议' })).toast).toEqual({
      kind: 'error',
      text: '这条异议已取得一致意见，无需再处理。',
    });
    expect(await footprint(h)).toEqual(before);
  });

  it('while 赵明 is away his A/B partner 孙强 coordinates (Art. 11); 赵明’s click is refused naming him; the typed /异议 协调 works', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const itemId = await forwardedItem();
    await approvedLeave(h, 'zhaoming', '/请假 12月7日-12月8日 出省 因公 北京 开会', ['chenzhiyuan', 'zhengguohua']);
    at(h, '2026-12-07T10:00:00');
    const { zjjLiaison, zhaoming, sunqiang } = cast(h);
    expect(said((await zjjLiaison.say(`/异议 ${itemId} 入户排查应由兴隆镇承担`))[0]!)).toBe('已提出异议，送 孙强（AB角代批，代 赵明） 协调（第六十一条）。');
    const card = await latestCard(sunqiang, `异议协调 · ${itemId}`);
    expect(textOf(card.message)).toContain('协调: 孙强（AB角代批，代 赵明）');
    expect(said((await zhaoming.say('/异议 协调 1 一致 同意'))[0]!)).toBe(
      '依据第十一条：您正在请假外出，期间由 孙强（AB角代批） 代为处理本事项，您的操作未生效。如已提前返回，请先发送 /销假 后再处理。',
    );
    expect(said((await sunqiang.say('/异议 协调 1 建议 建议兴隆镇承担入户排查'))[0]!)).toBe('已记录协调意见（提出倾向性建议）。');
    expect(await timeline(h, itemId)).toContain('孙强（AB角代批，代 赵明） 协调异议，提出倾向性建议：建议兴隆镇承担入户排查');
  });

  it('bad input gets a clear Chinese error and writes nothing', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const itemId = await forwardedItem();
    const { office, xlzLiaison, sfjHead, zjjHead } = cast(h);
    const plain = await register(office, '来源=区政府文件 标题=背街小巷路灯维修 主办=住建局 期限=2026-12-30');
    await office.say(`/督办 交办 ${plain} 领导=赵明`);
    const before = await footprint(h);
    const refusals = [
      [sfjHead, `/异议 ${itemId} 不归我们`, `依据《工作规则》第六十一条，只有 ${itemId} 的主办、协办单位可以提出异议。`],
      [
        zjjHead,
        `/异议 ${plain} 有分歧`,
        `依据《工作规则》第六十一条，异议协调适用于区政府办根据领导批示转办的来文事项，${plain} 不是。如有分歧，请与区政府办督查室联系。`,
      ],
      [xlzLiaison, `/异议 ${itemId}`, '请填写异议的内容，例如：/异议 DB-2026-0001 供暖管网改造应由城东街道牵头，本局配合'],
      [xlzLiaison, '/异议 有分歧', '请写明督查事项编号和异议内容，例如：/异议 DB-2026-0001 供暖管网改造应由城东街道牵头，本局配合'],
      [xlzLiaison, '/异议 协调 1 也许 看看', '协调结果须为「一致」或「建议」，例如：/异议 协调 1 一致 由城东街道牵头，住建局配合'],
      [xlzLiaison, '/异议 协调 99 一致 好', '找不到这条异议，请刷新卡片后再试。'],
    ] as const;
    for (const [user, line, answer] of refusals) expect(said((await user.say(line))[0]!), line).toBe(answer);
    expect(await footprint(h)).toEqual(before);
    expect(await disputes()).toBe(0);
    // Raised once per unit: a second one while the first waits is refused.
    await xlzLiaison.say(`/异议 ${itemId} 有分歧`);
    expect(said((await xlzLiaison.say(`/异议 ${itemId} 还有分歧`))[0]!)).toBe(`兴隆镇 对 ${itemId} 已有一条异议待协调，请等待协调意见。`);
    // User text stays text on the card: no live link or @all where the deputy reads it.
    await zjjHead.say(`/异议 ${itemId} 见[详情](https://evil.example) <at id="all"></at>`);
    const feed = await getJson(h.app, '/sandbox/ui/feed?as=zhaoming&chat=p2p');
    const html = feed.body.messages.map((m: { html: string }) => m.html).join('');
    expect(html).toContain('见[详情](https://evil.example)');
    expect(html).not.toContain('href="https://evil.example"');
    expect(html).not.toContain('<at id="all">');
    // Someone who is not the coordinator cannot record it.
    expect(said((await sandboxUser(h, 'sunqiang').say('/异议 协调 1 一致 好'))[0]!)).toBe(
      '依据《工作规则》第六十一条，这条异议由 赵明 协调，您不能记录协调意见。',
    );
    expect(await disputes()).toBe(2);
  });
});
