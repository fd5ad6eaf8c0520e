import { expect } from 'vitest';
import { loadDirectory } from '../../src/core/org/directory';
import type { FakeDelivery } from '../fakes/dingtalk-api';
import type { MessageView, PlatformDriver } from '../helpers/platform-driver';
import { cardClickBody, makeDingtalkHarness, postCardClick, postRobot, textCallback, type DingtalkKit } from './support';
import { cardFrame, makeDingtalkStreamHarness, robotFrame, type StreamKit } from './stream-support';

/**
 * DingTalk as a `PlatformDriver`: people talk to the real webhook with signed callbacks, and read
 * what the local fake DingTalk API received. `interactive`: template cards clicked through the card
 * callback route (the click's response updates the card, as DingTalk does); otherwise ActionCards
 * whose buttons make the user send the button's text.
 */
export async function dingtalkDriver(options: { now?: string; interactive: boolean; transport?: 'http' | 'stream' }): Promise<PlatformDriver> {
  const stream = options.transport === 'stream';
  const kit: DingtalkKit = stream
    ? await makeDingtalkStreamHarness({ now: options.now, interactive: options.interactive })
    : await makeDingtalkHarness({ now: options.now, interactive: options.interactive });
  const { h, fake } = kit;
  const dir = await loadDirectory(h.db);
  const userId = (personId: string) => dir.person(personId)?.dingtalkUserId ?? personId;
  const conversation = (unitId: string) => dir.unit(unitId)!.dingtalkConversationId!;

  function view(delivery: FakeDelivery, index: number): MessageView {
    if (delivery.api === 'card') {
      const params = fake.cards.get(delivery.outTrackId!)!.cardParamMap;
      const form = params.form ? JSON.parse(params.form) : undefined;
      const buttons = [...JSON.parse(params.buttons ?? '[]').map((b: any) => b.text), ...(form ? [form.submit.text] : [])];
      return { id: delivery.outTrackId!, title: params.title!, text: `${params.title}\n${params.markdown}`, buttons };
    }
    const p = delivery.msgParam;
    const links = linksOf(p);
    if (delivery.msgKey === 'sampleText') return { id: String(index), title: p.content, text: p.content, buttons: [] };
    return { id: String(index), title: p.title, text: p.text, buttons: links.map((l) => l.title) };
  }

  const views = (match: (d: FakeDelivery) => boolean) =>
    fake.deliveries
      .map((d, i) => ({ d, i }))
      .filter(({ d }) => match(d))
      .map(({ d, i }) => view(d, i));

  const driver: PlatformDriver = {
    platform: `${options.interactive ? 'dingtalk (interactive cards)' : 'dingtalk (ActionCard)'}${stream ? ' over Stream' : ''}`,
    h,
    editsCards: options.interactive,
    async say(personId, text, sayOptions) {
      const message = { from: userId(personId), text, group: sayOptions?.unitChat ? conversation(sayOptions.unitChat) : undefined };
      if (stream) {
        const { ack } = await robotFrame(kit as StreamKit, message);
        expect(ack.code, ack.data).toBe(200);
        return;
      }
      const res = await postRobot(h, textCallback(message));
      expect(res.status, res.text).toBe(200);
      await h.settle();
    },
    inbox: async (personId) => views((d) => !d.group && d.to.includes(userId(personId))),
    chat: async (unitId) => views((d) => d.group && d.to.includes(conversation(unitId))),
    async click(personId, message, label, form = {}) {
      if (options.interactive) {
        const card = fake.cards.get(message.id);
        if (!card) throw new Error(`no card ${message.id}`);
        const params = card.cardParamMap;
        const submit = params.form ? JSON.parse(params.form).submit : undefined;
        const button = [...JSON.parse(params.buttons ?? '[]'), ...(submit ? [submit] : [])].find((b: any) => b.text === label);
        if (!button) throw new Error(`no button ${label} on ${message.title}`);
        const click = { userId: userId(personId), outTrackId: message.id, params: { action: button.action, payload: button.payload, ...form } };
        const res = stream ? await clickOverStream(kit as StreamKit, click) : await postCardClick(h, cardClickBody(click));
        expect(res.status, JSON.stringify(res.json)).toBe(200);
        // DingTalk applies the response's card data to the clicked card at once.
        if (res.json.cardData) card.cardParamMap = { ...card.cardParamMap, ...res.json.cardData.cardParamMap };
        await h.settle();
        return { toast: res.json.userPrivateData.cardParamMap.notice };
      }
      const delivery = fake.deliveries[Number(message.id)];
      const link = delivery ? linksOf(delivery.msgParam).find((l) => l.title === label) : undefined;
      if (!link) throw new Error(`no button ${label} on ${message.title}`);
      if (Object.keys(form).length) throw new Error('ActionCards cannot carry form input: type the command instead');
      const before = fake.deliveries.length;
      await driver.say(personId, decodeURIComponent(link.url.split('content=')[1]!));
      const answer = fake.deliveries.slice(before).find((d) => !d.group && d.to.includes(userId(personId)));
      return { toast: answer ? view(answer, fake.deliveries.indexOf(answer)).text : '' };
    },
    close: () => kit.close(),
  };
  return driver;
}

function linksOf(p: any): Array<{ title: string; url: string }> {
  const pairs: Array<[unknown, unknown]> = [
    [p.singleTitle, p.singleURL],
    [p.buttonTitle1, p.buttonUrl1],
    [p.buttonTitle2, p.buttonUrl2],
    ...[1, 2, 3, 4, 5].map((i): [unknown, unknown] => [p[`actionTitle${i}`], p[`actionURL${i}`]]),
  ];
  return pairs.filter(([t, u]) => typeof t === 'string' && typeof u === 'string').map(([t, u]) => ({ title: t as string, url: u as string }));
}

/** A click over Stream, answered as the HTTP route answers: the ACK's `{response}` is the callback response. */
async function clickOverStream(kit: StreamKit, click: Parameters<typeof cardClickBody>[0]) {
  const { ack } = await cardFrame(kit, click);
  return { status: ack.code, json: JSON.parse(ack.data).response };
}
