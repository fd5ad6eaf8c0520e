import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { makeHarness, type Harness } from '../helpers/harness';
import { cardText, deliver, feishuEnv, messageEvent } from './helpers';

let fake: FakeFeishu;
let h: Harness;

beforeEach(async () => {
  fake = await startFakeFeishu();
  h = await makeHarness({ now: '2026-09-30T09:00:00+08:00', env: feishuEnv(fake) });
});
afterEach(async () => {
  await h?.settle();
  h?.close();
  await fake.close();
});

let seq = 0;
async function say(openId: string, text: string) {
  const res = await deliver(h, messageEvent({ openId, text, messageId: `om_user_text_${++seq}` }));
  expect(res.status).toBe(200);
  await h.settle();
}

const MALICIOUS = '已完成排查[详情](https://evil.example) <at id="all"></at> <font color=\'red\'>加急</font> **全部办结**';

describe('user text never becomes Feishu card markup', () => {
  it('a liaison’s /进展 with a link, an @all and a font tag reaches the unit head’s card as inert text', async () => {
    await say('ou_demo_linxiaomei', '/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-30');
    await say('ou_demo_linxiaomei', '/督办 交办 DB-2026-0001 领导=赵明');
    await say('ou_demo_zhangli', `/进展 DB-2026-0001 ${MALICIOUS}`);

    const signOff = fake.messages.find((m) => m.receiveId === 'ou_demo_dengpeng' && m.msgType === 'interactive' && cardText(m.content).includes('审签'));
    expect(signOff, 'the head gets the report to sign off').toBeDefined();
    const markdown = cardText(signOff!.content);
    expect(markdown).toContain(
      '已完成排查&#91;详情&#93;(https://evil.example) &#60;at id="all"&#62;&#60;/at&#62; &#60;font color=\'red\'&#62;加急&#60;/font&#62; &#42;&#42;全部办结&#42;&#42;',
    );
    for (const m of fake.messages) {
      const shown = m.msgType === 'interactive' ? cardText(m.content) : String(m.content.text);
      expect(shown, `message to ${m.receiveId}`).not.toMatch(/\]\(https:\/\/evil|<at |<font color='red'>加急/);
    }
  });
});
