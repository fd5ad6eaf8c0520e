import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/core/calendar/load';
import { loadLeave } from '../../src/core/leave/store';
import { leaveCard } from '../../src/core/leave/cards';
import { md, type Card } from '../../src/core/messages';
import { loadDirectory } from '../../src/core/org/directory';
import type { Directory } from '../../src/core/org/directory';
import { extensionCard, noticeCard, reportCard } from '../../src/core/supervision/cards';
import { itemLight } from '../../src/core/supervision/light';
import { loadDetail } from '../../src/core/supervision/store';
import { timelineCard } from '../../src/core/supervision/timeline';
import type { ItemDetail } from '../../src/core/supervision/types';
import type { Leave } from '../../src/core/leave/types';
import type { WorkCalendar } from '../../src/core/calendar/types';
import { cardParams, escapeDingTalkMd, robotMessage } from '../../src/platforms/dingtalk/cards';
import { escapeLarkMd, renderCard } from '../../src/platforms/feishu/cards';
import { cardHtml } from '../../src/web/render/card';
import { mdToHtml } from '../../src/web/render/markdown';
import type { Harness } from '../helpers/harness';
import { cast, register, supervisionHarness } from '../supervision/helpers';

/** Typed text an attacker would try: links, mentions, tags, emphasis, list and heading starts, entities. */
const FRAGMENTS = [
  '[',
  ']',
  '(',
  ')',
  '[详情](https://evil.example)',
  '<at id="all"></at>',
  '<at user_id="all">所有人</at>',
  "<font color='red'>",
  '</font>',
  '<a href="https://evil.example">',
  '**',
  '*',
  '_',
  '~~',
  '`',
  '\\',
  '|',
  '#',
  '- ',
  '+ ',
  '1. ',
  '> ',
  '\n',
  ':OK:',
  '&#60;',
  '&lt;',
  '&',
  'https://evil.example',
  '！',
  '，',
];
const userText = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

const decodeEntities = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
const unescapeDingTalk = (s: string) =>
  s
    .replace(/\\([\s\S])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const LINE_START_MARKUP = /^\s*([#+-]|\d+\.)/m;

describe('user text escaped for each platform', () => {
  it('Feishu lark_md: no character that opens markup is left, and the entities give back the text as typed', () => {
    fc.assert(
      fc.property(userText, (text) => {
        const escaped = escapeLarkMd(text);
        expect(escaped).not.toMatch(/[[\]<>*_~`|\\]/);
        expect(escaped).not.toMatch(LINE_START_MARKUP);
        expect(escaped).not.toMatch(/:[A-Za-z]/);
        expect(decodeEntities(escaped)).toBe(text);
      }),
    );
  });

  it('DingTalk markdown: every character that opens markup is backslashed or an entity, and unescaping gives back the text', () => {
    fc.assert(
      fc.property(userText, (text) => {
        const escaped = escapeDingTalkMd(text);
        expect(escaped).not.toMatch(/[<>]/);
        expect(escaped.replace(/\\[\s\S]/g, '')).not.toMatch(/[[\]*_~`|\\]/);
        expect(escaped).not.toMatch(/^\s*([#+-]|\d+\.)/m);
        expect(unescapeDingTalk(escaped)).toBe(text);
      }),
    );
  });

  it('HTML: typed text inside bot markup yields only the bot’s own elements', () => {
    fc.assert(
      fc.property(userText, (text) => {
        const html = mdToHtml(md`**${text}**`);
        expect((html.match(/<[a-z]+/g) ?? []).filter((tag) => tag !== '<p' && tag !== '<br' && tag !== '<strong')).toEqual([]);
        expect((html.match(/<strong>/g) ?? []).length).toBeLessThanOrEqual(1);
      }),
    );
  });
});

let h: Harness;
let dir: Directory;
let calendar: WorkCalendar;
let detail: ItemDetail;
let leave: Leave;

beforeAll(async () => {
  h = await supervisionHarness('2026-09-30T09:00:00');
  const p = cast(h);
  const id = await register(p.office, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇 收文日期=2026-09-30');
  await p.office.say(`/督办 交办 ${id} 领导=赵明`);
  await p.zjjLiaison.say(`/计划 ${id} 先排查`);
  await p.zjjLiaison.say(`/进展 ${id} 已完成排查`);
  await p.zjjLiaison.say(`/延期 ${id} 10月20日 原因：管网老化 进展：已排查 下一步：整改`);
  await p.xlzHead.say('/请假 10月8日 出省 因私 哈尔滨 探亲');
  dir = await loadDirectory(h.db);
  calendar = await loadCalendar(h.db);
  detail = (await loadDetail(h.db, id))!;
  leave = (await loadLeave(h.db, 1))!;
  expect(detail.reports.length && detail.extensions.length && detail.plans.length).toBeTruthy();
});
afterAll(() => h?.close());

/** Every card that carries typed text, with `text` in every typed field. */
function cardsWith(text: string): Card[] {
  const item = { ...detail.item, title: text, content: text, reference: text, responsiblePerson: text, replyText: text };
  const report = { ...detail.reports[0]!, text, returnReason: text, sentBackReason: text };
  const extension = { ...detail.extensions[0]!, reason: text, progress: text, nextSteps: text, decisionNote: text };
  const mine: ItemDetail = { ...detail, item, reports: [report], extensions: [extension], plans: detail.plans.map((p) => ({ ...p, text })) };
  const light = itemLight(item, calendar, h.clock.now());
  const request = { ...leave.request, destination: text, reason: text, emergencyReport: text };
  return [
    noticeCard(mine, dir, light),
    reportCard(report, item, dir),
    extensionCard(extension, item, dir),
    timelineCard(mine, dir, light, [{ at: h.clock.now(), action: 'x', zh: text }]),
    leaveCard(dir, { ...leave, request, steps: leave.steps.map((s) => ({ ...s, reason: text })) }),
  ];
}

/** Every markdown string of a rendered Feishu card, without the bot's required-field star. */
function feishuMarkdown(json: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (o.tag === 'markdown') found.push(String(o.content).replace("<font color='red'>*</font>", ''));
      Object.values(o).forEach(walk);
    }
  };
  walk(json);
  return found;
}

describe('cards built from arbitrary typed text show it inert on every platform', () => {
  it('Feishu, DingTalk (robot message and interactive card) and HTML carry no link, mention or tag made of typed text', () => {
    fc.assert(
      fc.property(userText, (text) => {
        for (const card of cardsWith(text)) {
          for (const content of feishuMarkdown(renderCard(card))) expect(content, card.title).not.toMatch(/[[\]<>`~]/);
          const robot = JSON.parse(robotMessage({ kind: 'card', card }).msgParam) as { text: string };
          for (const markdown of [robot.text, cardParams(card).markdown ?? '']) {
            expect(markdown.replace(/\\[\s\S]/g, ''), card.title).not.toMatch(/[[\]<`~]/);
          }
          const html = cardHtml(card, { interactive: true });
          expect(html).not.toMatch(/<a |<at|<font|<code/i);
        }
      }),
      { numRuns: 60 },
    );
  });
});
