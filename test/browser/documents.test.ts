import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { documents, supervisionItems } from '../../db/schema';
import { screenshot } from './support/chromium';
import { usePhoneSession } from './support/phone-session';

// Tuesday 2026-09-29: a 批示 on Wednesday 09-30 runs 3 working days over the National Day holiday to the 调休 Saturday 10-10 (Art. 40).
const session = usePhoneSession('2026-09-29T09:00:00+08:00');
let { app, page, chat, errors } = session;
beforeAll(() => ({ app, page, chat, errors } = session));

describe('Art. 61 and 62 in the sandbox chat at phone size', () => {
  it('来文: register → the head’s 批示 → the deputy agrees → the office forwards → the supervision item reaches 住建局', async () => {
    await chat.open('linxiaomei');
    await chat.say('/来文 登记 文号=牡政发〔2026〕12号 标题=关于做好冬季供暖保障工作的通知 来文单位=市政府 类别=需领导批示 分管=赵明 拟办=建议住建局牵头办理');
    const registered = chat.card('来文 1｜');
    await registered.waitFor();
    expect(await registered.textContent()).toContain('需领导批示类文件按区长、副区长顺序报区政府领导审定');
    await screenshot(page, 'documents-1-registered');

    app.h.clock.set('2026-09-30T09:00:00+08:00');
    await chat.open('chenzhiyuan');
    const headCard = await chat.submit(chat.card('来文 1｜'), { 批示意见: '请住建局牵头，抓紧落实供暖保障。' }, '批示');
    await chat.expectToast('已批示');
    expect(await headCard.textContent()).toContain('「请住建局牵头，抓紧落实供暖保障。」');
    await screenshot(page, 'documents-2-instructed');

    await chat.open('zhaoming');
    await chat.click(chat.card('来文 1｜'), '同意');
    await chat.expectToast('领导审定完毕');

    app.h.clock.set('2026-10-08T10:00:00+08:00');
    await chat.open('linxiaomei', 'qzfb');
    const officeCard = chat.card('来文 1｜');
    await officeCard.waitFor();
    await screenshot(page, 'documents-3-to-forward');
    await chat.submit(officeCard, { 主办单位: '住建局' }, '转办并立项督办');
    await chat.expectToast('已转办并立项');
    const [doc] = await app.h.db.select().from(documents).where(eq(documents.id, 1));
    const [item] = await app.h.db.select().from(supervisionItems).where(eq(supervisionItems.id, doc!.itemId!));
    expect(item).toMatchObject({ source: 'leader_instruction', dueOn: '2026-10-10', status: 'issued' });

    await chat.open('zhangli');
    const notice = chat.card(`督查通知 · ${item!.id}`);
    await notice.waitFor();
    expect(await notice.textContent()).toContain('陈志远批示：请住建局牵头');
    await screenshot(page, 'documents-4-item-notice');
  });

  it('发文: a 区政府名义 draft of 住建局 through 区政府办, 赵明, 刘建国 to the head’s 签发 and its 文号', async () => {
    await chat.open('zhangli');
    await chat.say('/发文 起草 类别=区政府名义 标题=关于印发冬季供暖保障方案的通知 说明=按市政府要求制定');
    await chat.card('发文 2｜').waitFor();
    await chat.open('linxiaomei', 'qzfb');
    await chat.click(chat.card('发文 2｜'), '同意');
    await chat.open('zhaoming');
    await chat.click(chat.card('发文 2｜'), '同意');
    await chat.open('liujianguo');
    await chat.click(chat.card('发文 2｜'), '同意');
    await chat.open('chenzhiyuan');
    const signed = await chat.click(chat.card('发文 2｜'), '签发');
    await chat.expectToast('牡东政发〔2026〕1号');
    expect(await signed.textContent()).toContain('已签发归档');
    await screenshot(page, 'documents-5-signed');
    expect(errors).toEqual([]);
  });

  it('the dashboard’s 公文 page lists both at phone size', async () => {
    await page.goto(`${app.url}/office/login`);
    await page.locator('button[name=person][value=linxiaomei]').click();
    await page.waitForURL(`${app.url}/office`);
    await page.locator('nav a', { hasText: '公文' }).click();
    const table = page.locator('#documents-table');
    await table.waitFor();
    expect(await table.textContent()).toContain('牡东政发〔2026〕1号');
    expect(await table.textContent()).toContain('DB-2026-0001');
    await screenshot(page, 'documents-6-office-page', { fullPage: true });
    // The search box: two words, both required (the 来文's title and its sender); the title's word marked.
    await page.locator('form.search input[name=q]').fill('供暖 市政府');
    await page.locator('form.search button[type=submit]').click();
    await page.locator('#documents-found').waitFor();
    expect(await page.locator('#documents-found').textContent()).toContain('共 1 件');
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('mark', { hasText: '供暖' }).count()).toBe(1);
    await screenshot(page, 'documents-7-office-search', { fullPage: true });
  });
});
