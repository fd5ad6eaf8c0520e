/**
 * The peer: the same webhook built the way the Feishu SDK documents it — `lark.adaptDefault` on a
 * plain `node:http` server, an `EventDispatcher` with the Encrypt Key (it checks the signature and
 * decrypts with node:crypto itself) — doing the same database work as ours through the same core:
 * the sender looked up in the directory, then `handleMessage` (dedupe, the command, reply and outbox
 * row in one atomic commit). The HTTP, authentication and parsing layer differs, and so does the commit:
 * `handleMessage` commits each event alone, where ours' receive pipeline writes the events that reach
 * their commit together in one transaction (src/bot/group-commit.ts) — the peer would get that only by
 * being written against the pipeline.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleMessage } from '../../src/bot/dispatch';
import type { InboundMessage } from '../../src/core/inbound';
import { messageText } from '../../src/platforms/feishu/inbound';
import { cpuMicros, reportFailure, serveParent } from '../lib/child';
import { BENCH_FEISHU, benchDeps } from './server-env';

type MessageEvent = {
  sender: { sender_id?: { open_id?: string }; sender_type: string };
  message: { message_id: string; chat_type: string; message_type: string; content: string };
};

async function main() {
  const env = await benchDeps();
  const { deps } = env;
  const dispatcher = new lark.EventDispatcher({
    encryptKey: BENCH_FEISHU.encryptKey,
    verificationToken: BENCH_FEISHU.verificationToken,
    loggerLevel: lark.LoggerLevel.error,
  }).register({
    'im.message.receive_v1': async (data: MessageEvent) => {
      const dir = await deps.loadDirectory();
      const actor = dir.byFeishuOpenId(data.sender.sender_id?.open_id ?? '');
      const text = messageText(data.message.message_type, data.message.content);
      if (!actor || text === undefined || data.message.chat_type !== 'p2p') return;
      const inbound: InboundMessage = {
        platform: 'feishu',
        dedupeKey: data.message.message_id,
        actor,
        chat: { type: 'p2p' },
        text,
        platformMessageId: data.message.message_id,
      };
      await handleMessage(deps, dir, inbound);
    },
  });
  const server = createServer(lark.adaptDefault('/webhooks/feishu', dispatcher, { autoChallenge: true }));
  server.listen(0, '127.0.0.1', () => process.send!({ type: 'ready', port: (server.address() as AddressInfo).port }));
  serveParent({ counts: async () => ({ ...(await env.counts()), cpuMicros: cpuMicros() }) }, async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    env.cleanup();
  });
}

main().catch(reportFailure);
