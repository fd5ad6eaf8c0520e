import { expect } from 'vitest';
import { loadDirectory } from '../../src/core/org/directory';
import { startFeishuLongConnection, type FeishuLongConnection, type LongConnectionOptions } from '../../src/platforms/feishu/long-connection';
import { makeHarness, type Harness } from '../helpers/harness';
import type { MessageView, PlatformDriver } from '../helpers/platform-driver';
import { startFakeFeishu, type FakeFeishu, type FakeMessage } from '../fakes/feishu-api';
import { feishuWsGateway, type FeishuWsGateway } from '../fakes/feishu-ws-gateway';
import { cardActionEvent, deliver, feishuEnv, messageEvent } from './helpers';

type Json = Record<string, any>;

/** Every element of a card JSON 2.0 body, depth first (forms and column sets included). */
function walk(elements: Json[] | undefined, visit: (e: Json) => void) {
  for (const e of elements ?? []) {
    visit(e);
    walk(e.elements, visit);
    for (const c of e.columns ?? []) walk(c.elements, visit);
  }
}

/** What Feishu would show now: the latest patch, or the card as sent. */
const currentCard = (m: FakeMessage): Json => (m.patches.length ? m.patches[m.patches.length - 1] : m.content);

function view(m: FakeMessage): MessageView {
  if (m.msgType !== 'interactive') return { id: m.messageId, title: m.content.text, text: m.content.text, buttons: [] };
  const card = currentCard(m);
  const title: string = card.header?.title?.content ?? '';
  const texts: string[] = [title];
  const buttons: string[] = [];
  walk(card.body?.elements, (e) => {
    if (e.tag === 'markdown') texts.push(e.content);
    if (e.tag === 'button') buttons.push(e.text.content);
  });
  return { id: m.messageId, title, text: texts.join('\n'), buttons };
}

/** An app id of the form the SDK's WSClient insists on. */
export const WS_APP = { appId: 'cli_0123456789abcdef', appSecret: 'test-app-secret' };

/** The bot on a fake Feishu, reached over one transport. */
export interface FeishuRig {
  fake: FakeFeishu;
  h: Harness;
  /** `ws` only: the fake gateway and the bot's long connection. */
  gateway?: FeishuWsGateway;
  connection?: FeishuLongConnection;
  /** One event as Feishu sends it over the transport: the status (the ACK's code over ws) and the answer's body. */
  send(event: object): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/**
 * `webhook`: encrypted, signed POSTs to the real /webhooks/feishu; `ws`: frames of the fake long-connection
 * gateway to the real SDK WSClient (FEISHU_MODE=ws), connected before this returns.
 */
export async function feishuRig(
  options: {
    now?: string;
    transport?: 'webhook' | 'ws';
    connection?: LongConnectionOptions;
    /** Set the gateway up before the bot connects (e.g. refuse the first handshake); `h` is the bot's app. */
    beforeConnect?: (gateway: FeishuWsGateway, h: Harness) => void;
  } = {},
): Promise<FeishuRig> {
  const ws = options.transport === 'ws';
  const gateway = ws ? feishuWsGateway(WS_APP) : undefined;
  const fake = await startFakeFeishu({ extension: gateway });
  const env = ws ? { ...feishuEnv(fake), FEISHU_MODE: 'ws', FEISHU_APP_ID: WS_APP.appId } : feishuEnv(fake);
  const h = await makeHarness({ now: options.now, env });
  if (gateway) options.beforeConnect?.(gateway, h);
  const connection = ws ? startFeishuLongConnection(h.deps, { log: () => {}, ...options.connection }) : undefined;
  if (connection) h.deps.connections = () => ({ feishu: connection.status() });
  await gateway?.connection(1);
  return {
    fake,
    h,
    gateway,
    connection,
    async send(event) {
      if (!gateway) return deliver(h, event);
      const ack = await gateway.push(event);
      return { status: ack.code, body: ack.data ?? {} };
    },
    async close() {
      await h.settle();
      connection?.close();
      gateway?.drop();
      h.close();
      await fake.close();
    },
  };
}

/**
 * Feishu as a `PlatformDriver`: people's events and card callbacks reach the bot as Feishu sends them
 * (over the webhook or the long connection, see `feishuRig`); what they read is what the local fake
 * Open API received, with PATCHes and callback-response cards applied in place as Feishu applies them.
 */
export async function feishuDriver(options: { now?: string; transport?: 'webhook' | 'ws' } = {}): Promise<PlatformDriver> {
  const rig = await feishuRig(options);
  const { fake, h, send } = rig;
  const dir = await loadDirectory(h.db);
  const openId = (personId: string) => dir.person(personId)!.feishuOpenId!;
  const chatId = (unitId: string) => dir.unit(unitId)!.feishuChatId!;
  /** The inbound messages people sent, so the bot's replies to them can be placed in the right chat. */
  const sentIn = new Map<string, { person?: string; chat?: string }>();
  let seq = 0;

  const settle = () => h.settle();
  const inChat = (match: (m: FakeMessage) => boolean) => fake.messages.filter(match).map(view);

  return {
    platform: 'feishu',
    h,
    editsCards: true,
    async say(personId, text, sayOptions) {
      const messageId = `om_driver_${++seq}`;
      const group = sayOptions?.unitChat;
      sentIn.set(messageId, group ? { chat: chatId(group) } : { person: openId(personId) });
      const event = messageEvent({
        openId: openId(personId),
        messageId,
        chatType: group ? 'group' : 'p2p',
        chatId: group ? chatId(group) : `oc_p2p_${personId}`,
        text: group ? `@_user_1 ${text}` : text,
        mentions: group ? [{ key: '@_user_1', openId: 'ou_fake_bot', name: '督办助手' }] : [],
      });
      const res = await send(event);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await settle();
    },
    inbox: async (personId) =>
      inChat(
        (m) =>
          (m.receiveIdType === 'open_id' && m.receiveId === openId(personId)) ||
          (m.replyTo !== undefined && sentIn.get(m.replyTo)?.person === openId(personId)),
      ),
    chat: async (unitId) =>
      inChat(
        (m) => (m.receiveIdType === 'chat_id' && m.receiveId === chatId(unitId)) || (m.replyTo !== undefined && sentIn.get(m.replyTo)?.chat === chatId(unitId)),
      ),
    async click(personId, message, label, form = {}) {
      const target = fake.messages.find((m) => m.messageId === message.id);
      if (!target) throw new Error(`no Feishu message ${message.id}`);
      let value: unknown;
      walk(currentCard(target).body?.elements, (e) => {
        if (e.tag === 'button' && e.text.content === label) value = e.behaviors?.[0]?.value;
      });
      if (!value) throw new Error(`no button ${label} on ${message.title}`);
      // Date pickers deliver "yyyy-MM-dd +0800".
      const formValue = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v} +0800` : v]));
      const res = await send(cardActionEvent({ openId: openId(personId), value, messageId: message.id, formValue }));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      // Feishu applies the response's card to the clicked message at once.
      if (res.body.card?.type === 'raw') target.patches.push(res.body.card.data);
      await settle();
      return { toast: res.body.toast?.content ?? '' };
    },
    close: rig.close,
  };
}
