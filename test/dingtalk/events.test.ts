import { afterEach, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema';
import { parseCardCallback, parseRobotCallback } from '../../src/platforms/dingtalk/inbound';
import { receiveCardClick, receiveRobotMessage } from '../../src/platforms/dingtalk/events';
import { cardClickBody, makeDingtalkHarness, textCallback, type DingtalkKit } from './support';

/**
 * The DingTalk receivers fed by a transport that reads callbacks itself (Stream): the same pipeline
 * as the signed webhook, minus the signature — deduplicated, committed, answered the same way.
 */

let kit: DingtalkKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const robot = (options: Parameters<typeof textCallback>[0]) => {
  const parsed = parseRobotCallback(textCallback(options));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('DingTalk receivers for other transports', () => {
  it('a command is committed once and needs no reply from the transport; its redelivery runs nothing', async () => {
    kit = await makeDingtalkHarness();
    const message = robot({ from: 'dt_majun', text: '/帮助', msgId: 'msg-stream-1' });
    expect(await receiveRobotMessage(kit.h.deps, message)).toBeUndefined();
    expect(await receiveRobotMessage(kit.h.deps, message)).toBeUndefined();
    const rows = await kit.h.db.select({ key: outbox.dedupeKey }).from(outbox);
    expect(rows.map((r) => r.key)).toEqual(['dingtalk:msg-stream-1:reply:0']);
  });

  it('an unregistered sender gets the fixed reply to send, once', async () => {
    kit = await makeDingtalkHarness();
    const message = robot({ from: 'dt_nobody', text: '/帮助', msgId: 'msg-stream-2' });
    const reply = await receiveRobotMessage(kit.h.deps, message);
    expect(reply).toMatchObject({ msgtype: 'text' });
    expect(reply!.text.content).toContain('尚未登记');
    expect(await receiveRobotMessage(kit.h.deps, message)).toBeUndefined();
  });

  it('a card click by an unregistered user is answered on the card and writes nothing', async () => {
    kit = await makeDingtalkHarness({ interactive: true });
    const parsed = parseCardCallback(cardClickBody({ userId: 'dt_nobody', outTrackId: 'track-1', params: { action: 'leave.approve', payload: { id: '1' } } }));
    if (!parsed.ok) throw new Error(parsed.error);
    const answer = (await receiveCardClick(kit.h.deps, parsed.value, 'stream-frame-1')) as any;
    expect(answer.userPrivateData.cardParamMap).toMatchObject({ notice_kind: 'error' });
    expect(await kit.h.db.select().from(outbox)).toEqual([]);
  });
});
