import { afterEach, describe, it } from 'vitest';
import type { PlatformDriver } from '../helpers/platform-driver';
import { actingAuthorityRoundTrip, leaveRoundTrip, supervisionNoticeRoundTrip, todoRoundTrip } from '../helpers/platform-scenarios';
import { feishuDriver } from './driver';

const NOW = '2026-11-26T09:00:00+08:00';

let driver: PlatformDriver | undefined;
afterEach(async () => {
  await driver?.close();
  driver = undefined;
});

// The same scenarios as test/dingtalk/scenarios.test.ts, on Feishu: over the webhook and over the
// long connection (FEISHU_MODE=ws, the fake gateway of test/fakes/feishu-ws-gateway.ts).
describe.each(['webhook', 'ws'] as const)('end to end on Feishu (%s)', (transport) => {
  it('Art. 68: a leave request is filed, approved on the cards by both approvers, and the requester sees the result', async () => {
    driver = await feishuDriver({ now: NOW, transport });
    await leaveRoundTrip(driver);
  });

  it('Art. 40: an issued item’s notice reaches the unit’s chat and its 签收 updates the cards', async () => {
    driver = await feishuDriver({ now: NOW, transport });
    await supervisionNoticeRoundTrip(driver);
  });

  it('Art. 9, 11: a stand-in decides while the leader is away, the absent leader is refused, and both A/B partners away name the executive deputy', async () => {
    driver = await feishuDriver({ now: NOW, transport });
    await actingAuthorityRoundTrip(driver);
  });

  it('Art. 40 /待办: a deputy and a unit head each open their waiting 审定/审签 from the list and act on it', async () => {
    driver = await feishuDriver({ now: NOW, transport });
    await todoRoundTrip(driver);
  });
});
