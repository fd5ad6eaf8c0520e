import { afterEach, describe, expect, it } from 'vitest';
import type { Dispatched, Inbound } from '../../src/bot/inbound';
import { receive, type Receiver } from '../../src/bot/pipeline';
import { RejectedRequest } from '../../src/bot/rejected';
import { outbox } from '../../db/schema';
import { makeHarness, type Harness } from '../helpers/harness';

/**
 * The receive pipeline with a receiver made up for the test: the steps a transport relies on
 * (refusal before anything is written, early dedupe, one commit, the receiver's own answer).
 */

type Request = { text?: string; refuse?: boolean; key: string };

function receiverFor(answers: Dispatched[]): Receiver<Request, Request> {
  return {
    platform: 'sandbox',
    async open(request) {
      if (request.refuse) throw new RejectedRequest(401, '签名校验失败');
      return { event: request, dedupeKey: request.key };
    },
    async parse(event, dir): Promise<Inbound> {
      const actor = dir.person('majun')!;
      return { kind: 'message', message: { platform: 'sandbox', dedupeKey: event.key, actor, chat: { type: 'p2p' }, text: event.text ?? '/帮助' } };
    },
    respond(result) {
      answers.push(result);
      return { body: { kind: result.kind } };
    },
  };
}

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

describe('the receive pipeline', () => {
  it('a refused request throws RejectedRequest with its status and writes nothing', async () => {
    h = await makeHarness();
    const answers: Dispatched[] = [];
    await expect(receive(h.deps, receiverFor(answers), { refuse: true, key: 'k1' })).rejects.toMatchObject({ status: 401, message: '签名校验失败' });
    expect(answers).toEqual([]);
  });

  it('runs an event once; its redelivery is answered as a duplicate without running again', async () => {
    h = await makeHarness();
    const answers: Dispatched[] = [];
    const receiver = receiverFor(answers);
    expect(await receive(h.deps, receiver, { key: 'k2' })).toEqual({ body: { kind: 'done' } });
    expect(await receive(h.deps, receiver, { key: 'k2' })).toEqual({ body: { kind: 'duplicate' } });
    await h.settle();
  });

  it('a UserError of a command becomes its reply (the one error boundary), not a failure', async () => {
    h = await makeHarness();
    const answers: Dispatched[] = [];
    expect(await receive(h.deps, receiverFor(answers), { key: 'k3', text: '/请假 病假 2026-12-05 至 2026-12-01' })).toEqual({ body: { kind: 'done' } });
    const rows = await h.db.select().from(outbox);
    expect(rows.map((r) => r.dedupeKey)).toEqual(['sandbox:k3:reply:0']);
    expect(JSON.stringify(rows[0]!.payload)).toMatch(/日期|时间/);
    await h.settle();
  });
});
