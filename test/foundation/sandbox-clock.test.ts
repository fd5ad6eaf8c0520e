import { afterEach, describe, expect, it } from 'vitest';
import { startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk-api';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { APP_KEY, APP_SECRET, postRobot, ROBOT_CODE, robotSign, textCallback } from '../dingtalk/support';
import { deliver, feishuEnv, messageEvent } from '../feishu/helpers';
import { makeHarness, postJson, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';

/**
 * With SANDBOX=1 beside Feishu and DingTalk, anyone who reaches /sandbox/api/clock can move the
 * sandbox clock. Signature freshness and export-link expiry must keep reading real time, or moving
 * the clock would widen replay windows and revive expired links.
 */
let h: Harness;
let feishu: FakeFeishu;
let dingtalk: DingtalkFake;
afterEach(async () => {
  await h?.settle();
  h?.close();
  await Promise.all([feishu?.close(), dingtalk?.close()]);
});

const REAL_START = '2026-12-14T09:00:00+08:00';

async function sandboxBesidePlatforms() {
  [feishu, dingtalk] = await Promise.all([startFakeFeishu(), startDingtalkFake({ appKey: APP_KEY, appSecret: APP_SECRET })]);
  h = await makeHarness({
    now: REAL_START,
    sandboxClockOverRealTime: true,
    env: {
      SANDBOX: '1',
      ...feishuEnv(feishu),
      DINGTALK_APP_KEY: APP_KEY,
      DINGTALK_APP_SECRET: APP_SECRET,
      DINGTALK_ROBOT_CODE: ROBOT_CODE,
      DINGTALK_BASE_URL: dingtalk.url,
    },
  });
}

async function moveSandboxClock(iso: string) {
  expect((await postJson(h.app, '/sandbox/api/clock', { now: iso })).status).toBe(200);
}

const realSeconds = (offsetMs = 0) => String(Math.floor((h.clock.now().getTime() + offsetMs) / 1000));
const realMillis = (offsetMs = 0) => String(h.clock.now().getTime() + offsetMs);
const DAY = 24 * 3_600_000;

describe('the sandbox clock never moves the clock real platforms are verified by', () => {
  it('Feishu: after the sandbox clock jumps two days ahead, a request signed at real time is accepted and one signed at the sandbox time refused', async () => {
    await sandboxBesidePlatforms();
    await moveSandboxClock('2026-12-16T09:00:00+08:00');
    const event = () => messageEvent({ openId: 'ou_demo_majun', text: '/帮助' });
    expect((await deliver(h, event(), { timestamp: realSeconds() })).status).toBe(200);
    expect((await deliver(h, event(), { timestamp: realSeconds(2 * DAY) })).status).toBe(401);
  });

  it('Feishu: moving the sandbox clock back does not revive a request signed two days ago', async () => {
    await sandboxBesidePlatforms();
    await moveSandboxClock('2026-12-12T09:00:00+08:00');
    expect((await deliver(h, messageEvent({ openId: 'ou_demo_majun', text: '/帮助' }), { timestamp: realSeconds(-2 * DAY) })).status).toBe(401);
  });

  it('DingTalk: the robot callback is judged by real time whatever the sandbox clock says', async () => {
    await sandboxBesidePlatforms();
    await moveSandboxClock('2026-12-16T09:00:00+08:00');
    const fresh = realMillis();
    expect((await postRobot(h, textCallback({ from: 'dt_majun', text: '/帮助' }), { timestamp: fresh, sign: robotSign(fresh) })).status).toBe(200);
    const sandboxTime = realMillis(2 * DAY);
    expect((await postRobot(h, textCallback({ from: 'dt_majun', text: '/帮助' }), { timestamp: sandboxTime, sign: robotSign(sandboxTime) })).status).toBe(401);
  });

  it('an export link expires 15 minutes of real time after it was issued, even if the sandbox clock is set back', async () => {
    await sandboxBesidePlatforms();
    const [reply] = await sandboxUser(h, 'linxiaomei').say('/台账 导出');
    const link = /\/exports\/ledger\.csv\?token=[\w-]+/.exec(textOf(reply!.message))![0];
    h.clock.set(new Date(new Date(REAL_START).getTime() + 10 * 60_000));
    expect((await h.app.request(link)).status).toBe(200);
    h.clock.set(new Date(new Date(REAL_START).getTime() + 16 * 60_000));
    await moveSandboxClock(REAL_START);
    expect((await h.app.request(link)).status).toBe(403);
  });
});
