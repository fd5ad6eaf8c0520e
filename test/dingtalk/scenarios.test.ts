import { afterEach, describe, it } from 'vitest';
import { sandboxDriver, type PlatformDriver } from '../helpers/platform-driver';
import { leaveRoundTrip, supervisionNoticeRoundTrip, todoRoundTrip } from '../helpers/platform-scenarios';
import { dingtalkDriver } from './driver';

const NOW = '2026-11-26T09:00:00+08:00';

const drivers: Array<[string, () => Promise<PlatformDriver>]> = [
  ['the sandbox (reference)', () => sandboxDriver({ now: NOW })],
  ['DingTalk with interactive cards', () => dingtalkDriver({ now: NOW, interactive: true })],
  ['DingTalk with ActionCards', () => dingtalkDriver({ now: NOW, interactive: false })],
  ['DingTalk Stream with interactive cards', () => dingtalkDriver({ now: NOW, interactive: true, transport: 'stream' })],
  ['DingTalk Stream with ActionCards', () => dingtalkDriver({ now: NOW, interactive: false, transport: 'stream' })],
];

let driver: PlatformDriver | undefined;
afterEach(async () => {
  await driver?.close();
  driver = undefined;
});

describe.each(drivers)('end to end on %s', (_name, make) => {
  it('Art. 68: a leave request is filed, approved on the cards by both approvers, and the requester sees the result', async () => {
    driver = await make();
    await leaveRoundTrip(driver);
  });

  it('Art. 40: an issued item’s notice reaches the unit’s chat and its 签收 updates the cards', async () => {
    driver = await make();
    await supervisionNoticeRoundTrip(driver);
  });

  it('Art. 40 /待办: a deputy and a unit head each open their waiting 审定/审签 from the list and act on it', async () => {
    driver = await make();
    await todoRoundTrip(driver);
  });
});
