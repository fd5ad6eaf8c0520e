import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/core/org/directory';
import type { Person, Unit } from '../../src/core/org/types';
import { actionOf, formFields, MalformedEventError, messageText, parseEvent, stripMentions, toInbound } from '../../src/platforms/feishu/inbound';
import { cardActionEvent, fixture, menuEvent, messageEvent } from './helpers';

const person = (id: string, openId: string | null): Person => ({
  id,
  name: id,
  unitId: 'xlz',
  post: '科员',
  roles: [],
  abPartnerId: null,
  feishuOpenId: openId,
  feishuUserId: null,
  dingtalkUserId: null,
  active: true,
});
const unit: Unit = {
  id: 'xlz',
  name: '兴隆镇',
  kind: 'town',
  function: null,
  headId: null,
  supervisingDeputyId: null,
  feishuChatId: 'oc_xlz',
  dingtalkConversationId: null,
  active: true,
};
const dir = buildDirectory([person('majun', 'ou_majun')], [unit]);
const bot = async () => 'ou_bot';

describe('message text', () => {
  it('strips @-mention placeholders', () => {
    expect(stripMentions('@_user_1 /请假 明天')).toBe('/请假 明天');
    expect(stripMentions('/督办  @_user_2 新建 @_all')).toBe('/督办 新建');
  });

  it('reads text messages and the plain text of rich-text posts', () => {
    expect(messageText('text', '{"text":"@_user_1 /帮助"}')).toBe('/帮助');
    const post = {
      title: '',
      content: [
        [
          { tag: 'at', user_id: '@_user_1' },
          { tag: 'text', text: ' /进展 12' },
        ],
        [{ tag: 'text', text: '已完成一半' }],
      ],
    };
    expect(messageText('post', JSON.stringify(post))).toBe('/进展 12\n已完成一半');
    expect(messageText('post', JSON.stringify({ zh_cn: post }))).toBe('/进展 12\n已完成一半');
  });

  it('has no text for pictures, files and stickers', () => {
    expect(messageText('image', '{"image_key":"img_1"}')).toBeUndefined();
    expect(messageText('sticker', '{"file_key":"f"}')).toBeUndefined();
  });

  it('refuses content that is not JSON', () => {
    expect(() => messageText('text', 'plain')).toThrow(MalformedEventError);
  });
});

describe('card callbacks', () => {
  it('turns date pickers’ "yyyy-MM-dd +0800" into dates and date-times into Beijing time', () => {
    expect(formFields(fixture('card.action.trigger').event.action.form_value)).toEqual({
      'field name1': 'selectDemo1,selectDemo2',
      'field name2': 'value2',
      DatePicker_bpqdq5puvn4: '2024-04-01',
      DateTimePicker_ihz2d7a74i: '2024-04-29 07:07',
      Input_lf4fmxwfrd9: '1234',
      PersonSelect_2ejys7ype7m: 'ou_3c14f3a59eaf2825dbe25359f15*****',
      Select_a2d5b7l3zd: '1',
      TimePicker_7ecsf6xkqsq: '00:00',
    });
    expect(formFields({ at: '2024-04-29 09:30 +0900' })).toEqual({ at: '2024-04-29 08:30' });
  });

  it('splits the button value into the action and a payload of strings', () => {
    expect(actionOf({ action: 'sup.ack', id: '7', n: 2 })).toEqual({ action: 'sup.ack', payload: { id: '7', n: '2' } });
    expect(actionOf({ key: 'value' })).toEqual({ action: '', payload: { key: 'value' } });
    expect(actionOf('legacy')).toEqual({ action: '', payload: {} });
  });
});

describe('what an event means', () => {
  it('a 1:1 text from a known person is a command keyed by message_id', async () => {
    const inbound = await toInbound(parseEvent(messageEvent({ openId: 'ou_majun', text: '/帮助', messageId: 'om_1' })), dir, bot);
    expect(inbound).toMatchObject({
      kind: 'message',
      message: { dedupeKey: 'om_1', actor: { id: 'majun' }, chat: { type: 'p2p' }, text: '/帮助', platformMessageId: 'om_1' },
    });
  });

  it('a group message @bot in a unit’s chat is a command in that unit’s group', async () => {
    const event = messageEvent({
      openId: 'ou_majun',
      text: '@_user_1 /帮助',
      chatType: 'group',
      chatId: 'oc_xlz',
      mentions: [{ key: '@_user_1', openId: 'ou_bot' }],
    });
    expect(await toInbound(parseEvent(event), dir, bot)).toMatchObject({
      kind: 'message',
      message: { chat: { type: 'group', unitId: 'xlz', platformChatId: 'oc_xlz' }, text: '/帮助' },
    });
  });

  it('a group the directory does not know still works, with no unit', async () => {
    const event = messageEvent({
      openId: 'ou_majun',
      text: '@_user_1 /帮助',
      chatType: 'group',
      chatId: 'oc_other',
      mentions: [{ key: '@_user_1', openId: 'ou_bot' }],
    });
    expect(await toInbound(parseEvent(event), dir, bot)).toMatchObject({ kind: 'message', message: { chat: { type: 'group', unitId: null } } });
  });

  it('when the bot’s own open_id is unknown, any @-mention counts', async () => {
    const event = messageEvent({
      openId: 'ou_majun',
      text: '@_user_1 /帮助',
      chatType: 'group',
      chatId: 'oc_xlz',
      mentions: [{ key: '@_user_1', openId: 'ou_someone' }],
    });
    expect((await toInbound(parseEvent(event), dir, async () => undefined)).kind).toBe('message');
    expect((await toInbound(parseEvent(event), dir, bot)).kind).toBe('ignore');
  });

  it('ignores messages sent by apps', async () => {
    const event = messageEvent({ openId: 'ou_majun', text: '/帮助' });
    event.event.sender.sender_type = 'app';
    expect((await toInbound(parseEvent(event), dir, bot)).kind).toBe('ignore');
  });

  it('a bot menu click runs /<event_key> for the operator, keyed by event_id', async () => {
    const inbound = await toInbound(parseEvent(menuEvent({ openId: 'ou_majun', eventKey: 'help', eventId: 'ev_menu' })), dir, bot);
    expect(inbound).toMatchObject({ kind: 'message', message: { dedupeKey: 'ev_menu', text: '/help', chat: { type: 'p2p' } } });
    expect((inbound as any).message.platformMessageId).toBeUndefined();
  });

  it('a card click is an action with its payload, form and clicked message', async () => {
    const event = cardActionEvent({
      openId: 'ou_majun',
      value: { action: 'leave.submit', id: '3' },
      messageId: 'om_card',
      formValue: { start: '2026-12-01 +0800' },
      eventId: 'ev_click',
    });
    expect(await toInbound(parseEvent(event), dir, bot)).toMatchObject({
      kind: 'action',
      action: { dedupeKey: 'ev_click', action: 'leave.submit', payload: { id: '3' }, form: { start: '2026-12-01' }, platformMessageId: 'om_card' },
    });
  });

  it('anyone not in the directory is a stranger, answered where they wrote', async () => {
    expect(await toInbound(parseEvent(messageEvent({ openId: 'ou_x', text: 'hi', messageId: 'om_x' })), dir, bot)).toMatchObject({
      kind: 'reply',
      to: { type: 'platform_user', platformUserId: 'ou_x' },
      replyTo: 'om_x',
    });
    expect(await toInbound(parseEvent(menuEvent({ openId: 'ou_x', eventKey: 'help' })), dir, bot)).toMatchObject({
      kind: 'reply',
      to: { type: 'platform_user', platformUserId: 'ou_x' },
    });
  });

  it('ignores event types it does not handle and schema 1.0 envelopes', async () => {
    expect(parseEvent({ schema: '2.0', header: { event_id: 'e', event_type: 'im.chat.member.bot.added_v1' }, event: {} })).toEqual({
      kind: 'other',
      eventType: 'im.chat.member.bot.added_v1',
    });
    expect(parseEvent({ uuid: 'u', type: 'event_callback', event: { type: 'message' } })).toEqual({ kind: 'other', eventType: 'message' });
  });

  it('reports a missing header as malformed', () => {
    expect(() => parseEvent({ schema: '2.0', event: {} })).toThrow(MalformedEventError);
  });
});
