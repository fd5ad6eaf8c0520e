import { afterEach, describe, it } from 'vitest';
import { sandboxDriver, type PlatformDriver } from '../helpers/platform-driver';
import { feishuDriver } from '../feishu/driver';
import { meetingRoundTrip, sealAndDistrictMeetingRoundTrip } from './scenarios';

let driver: PlatformDriver | undefined;
afterEach(async () => {
  await driver?.close();
  driver = undefined;
});

const NOW = '2026-12-01T09:00:00+08:00';

for (const [name, make] of [['the sandbox', sandboxDriver], ['signed Feishu deliveries', feishuDriver]] as const) {
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
