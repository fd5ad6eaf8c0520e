import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';

let h: Harness;
afterEach(() => h?.close());

async function officePage(personId: string): Promise<string> {
  const login = await h.app.request('/office/login/sandbox', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `person=${personId}`,
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const res = await h.app.request('/office', { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

const tile = (html: string, key: string) => Number(new RegExp(`data-light-tile="${key}"[^>]*><b>(\\d+)</b>`).exec(html)?.[1]);
const row = (html: string, id: string) => new RegExp(`<tr data-item="${id}"[^>]*>(.*?)</tr>`, 's').exec(html)?.[1] ?? '';
const bulletinOverdue = (html: string) => Number(/<tr class="total">.*?data-label="逾期" class="num">(\d+)</s.exec(html)?.[1]);

describe('Art. 40 督查交办: a never-issued draft has no light and owes no acknowledgement', () => {
  it('a draft long past its computed deadline is neither 🔴 nor 未签收 in /office, and the tiles agree with the bulletin', async () => {
    h = await makeHarness({ now: '2026-09-30T09:00:00+08:00', env: { SESSION_SECRET: 'office-session-secret-0123456789abcdef' } });
    const office = sandboxUser(h, 'linxiaomei');
    const [reply] = await office.say('/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-30');
    const id = /DB-\d{4}-\d{4}/.exec(reply!.message.card.title)![0];
    h.clock.set('2026-10-20T09:00:00+08:00');

    const html = await officePage('linxiaomei');
    const draft = row(html, id);
    expect(draft).toContain('草稿');
    expect(draft).not.toContain('🔴');
    expect(draft).not.toContain('已逾期');
    expect(draft).not.toContain('未签收');
    expect(html).toContain(`data-item="${id}" data-light="none"`);
    expect(tile(html, 'red')).toBe(0);
    expect(tile(html, 'red')).toBe(bulletinOverdue(html) || 0);

    const [shown] = await office.say(`/督办 查看 ${id}`);
    expect(textOf(shown!.message)).not.toMatch(/🔴|已逾期|未签收/);
  });
});
