import { afterEach, describe, expect, it } from 'vitest';
import { sandboxDriver, type PlatformDriver } from '../helpers/platform-driver';
import { feishuDriver } from '../feishu/driver';
import { dingtalkDriver } from '../dingtalk/driver';
import { meetingRoundTrip, sealAndDistrictMeetingRoundTrip } from './scenarios';

let driver: PlatformDriver | undefined;
afterEach(async () => {
  await driver?.close();
  driver = undefined;
});

const NOW = '2026-12-01T09:00:00+08:00';

const DRIVERS: Array<[string, (o: { now: string }) => Promise<PlatformDriver>]> = [
  ['the sandbox', sandboxDriver],
  ['signed Feishu deliveries', feishuDriver],
  ['DingTalk interactive cards', (o) => dingtalkDriver({ ...o, interactive: true })],
];

for (const [name, make] of DRIVERS) {
  describe(`Art. 50–57, 64 end to end on ${name}`, () => {
    it('Art. 50–56: schedule → notice with 请假 → agenda (legality gate, Art. 54 chain) → minutes returned and redrafted → signed → items due on the 调休 calendar', async () => {
      driver = await make({ now: NOW });
      await meetingRoundTrip(driver);
    });

    it('Art. 64 seal use signed by the head; Art. 57 second district-wide meeting refused', async () => {
      driver = await make({ now: NOW });
      await sealAndDistrictMeetingRoundTrip(driver);
    });
  });
}

describe('Art. 64 on DingTalk ActionCards: the buttons send /签批', () => {
  it('the head signs a seal use from the ActionCard link, which types /签批 用印 1 同意', async () => {
    driver = await dingtalkDriver({ now: NOW, interactive: false });
    await driver.say('zhangli', '/用印 印章=区政府 事由=报送市政府的请示 份数=2');
    const card = (await driver.inbox('chenzhiyuan')).filter((m) => m.title.includes('用印申请')).at(-1)!;
    expect((await driver.click('chenzhiyuan', card, '同意')).toast).toBe('已签批完成。');
    await driver.say('chenzhiyuan', '/签批 用印 1 同意');
    expect((await driver.inbox('chenzhiyuan')).at(-1)!.text).toContain('该用印申请的这一步已处理');
  });
});
