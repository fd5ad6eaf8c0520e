import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxMessages } from '../../db/schema';
import type { Card } from '../../src/core/messages';
import { renderCard } from '../../src/platforms/feishu/cards';
import { makeHarness, postJson, type Harness } from '../helpers/harness';
import { sandboxUser } from '../helpers/sandbox';

/**
 * Every kind of card the bot sends, collected from a working week in the sandbox (each version of each
 * card, including forms opened by buttons and cards updated by clicks), rendered as Feishu card JSON 2.0
 * and checked against the rules of the JSON 2.0 structure and components we rely on:
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-structure
 */

/** The components our renderer may emit (JSON 2.0 rejects unknown tags). */
const ALLOWED_TAGS = new Set(['markdown', 'hr', 'column_set', 'column', 'button', 'form', 'input', 'select_static', 'date_picker', 'chart', 'plain_text']);
/** Header `template` colours of Feishu's palette. */
const HEADER_TEMPLATES = new Set([
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
]);
/** A card message's content may be at most 30 KB. */
const MAX_CARD_BYTES = 30 * 1024;

let h: Harness;
const seen = new Map<string, Card>();

type Json = Record<string, unknown>;

function nodes(value: unknown, visit: (node: Json, depthInForm: boolean) => void, inForm = false): void {
  if (Array.isArray(value)) value.forEach((v) => nodes(v, visit, inForm));
  else if (value && typeof value === 'object') {
    const node = value as Json;
    if (typeof node.tag === 'string') visit(node, inForm);
    for (const child of Object.values(node)) nodes(child, visit, inForm || node.tag === 'form');
  }
}

/** Collects every card the sandbox holds now (cards are updated in place, so call after each step). */
async function collect() {
  for (const row of await h.db.select({ payload: sandboxMessages.payload }).from(sandboxMessages)) {
    const message = row.payload as { kind: string; card?: Card };
    if (message.card) seen.set(JSON.stringify(message.card), message.card);
  }
}

async function say(person: string, text: string) {
  const replies = await sandboxUser(h, person).say(text);
  await collect();
  return replies;
}

/** Clicks the button (or form submit) `label` on the newest card titled `title` in `person`'s chat. */
async function click(person: string, title: string, label: string, form: Record<string, string> = {}) {
  const user = sandboxUser(h, person);
  const card = (await user.inbox()).filter((m) => m.message.kind === 'card' && m.message.card.title.startsWith(title)).pop();
  expect(card, `${person} has no card ${title}`).toBeDefined();
  const buttons = card!.message.card.blocks.flatMap((b: any) => (b.type === 'buttons' ? b.buttons : b.type === 'form' ? [b.submit] : []));
  const button = buttons.find((b: any) => b.label === label);
  expect(button, `no ${label} on ${title}`).toBeDefined();
  const result = await user.click(card!.messageId, { action: button.action, ...(button.payload ?? {}) }, form);
  if (result.card) seen.set(JSON.stringify(result.card), result.card);
  await collect();
  return result;
}

async function runJobsAt(beijing: string) {
  h.clock.set(`${beijing}+08:00`);
  expect((await postJson(h.app, '/sandbox/api/jobs/run', {})).status).toBe(200);
  await collect();
}

beforeAll(async () => {
  h = await makeHarness({ now: '2026-11-16T09:00:00+08:00' });
  // Help, forms opened by bare commands.
  for (const text of ['/帮助', '/帮助 请假', '/督办 新建', '/请假', '/会议请假', '/周报', '/台账', '/谁请假', '/审批', '/投递失败'])
    await say('linxiaomei', text);
  // Supervision: draft → send for approval → the leader's card → issued notices; a long-running item too.
  await say('linxiaomei', '/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇 收文日期=2026-11-16');
  await click('linxiaomei', '督查事项草稿 · DB-2026-0001', '送领导审定', { leader: 'zhaoming' });
  await click('zhaoming', '督查事项审定 · DB-2026-0001', '同意交办');
  await say('linxiaomei', '/督办 新建 来源=区政府文件 标题=老旧小区改造 主办=住建局 期限=2026-12-31 长期=是');
  await say('linxiaomei', '/督办 交办 DB-2026-0002 领导=赵明');
  for (const label of ['提交工作计划', '报送进展', '报送办结', '申请延期']) await click('zhangli', '督查通知 · DB-2026-0001', label);
  await click('zhangli', '督查通知 · DB-2026-0001', '签收');
  await say('zhangli', '/计划 DB-2026-0001 先排查后整改');
  await say('zhangli', '/进展 DB-2026-0001 已完成排查');
  await say('dengpeng', '/待办');
  await click('dengpeng', '办理进展报告 · DB-2026-0001', '审签通过');
  await click('linxiaomei', '办理进展报告 · DB-2026-0001', '退回重办', { reason: '请补充整改清单' });
  await say('zhangli', '/延期 DB-2026-0001 12月20日 原因：管网老化 进展：已排查 下一步：整改');
  await say('linxiaomei', '/督办 查看 DB-2026-0001');
  await say('zhangli', '/周报 DB-2026-0002 本周完成摸底');
  // Leave: a request and its approval, a late one, a meeting absence.
  await say('majun', '/请假 11月20日 出省 因私 哈尔滨 探亲');
  await click('zhaoming', '请假申请 · 马军', '同意');
  await say('majun', '/请假 11月16日 出省 因私 哈尔滨 探亲');
  await say('dengpeng', '/会议请假 常务会议 11月19日 赴省里参加培训');
  // The daily and weekly jobs: digests, chases, escalations, bulletins, weekly reminders.
  for (const day of ['2026-11-17T09:00:00', '2026-11-20T09:00:00', '2026-11-23T09:00:00', '2026-11-27T16:00:00', '2026-12-01T09:00:00']) await runJobsAt(day);
}, 120_000);
afterAll(() => h?.close());

describe('Feishu card JSON 2.0 rules, for every card the bot sends', () => {
  it('collects every kind of card (notice, approval, report, extension, forms, leave, meeting, digest, bulletin, escalation, ledger, help)', () => {
    const titles = [...seen.values()].map((c) => c.title);
    for (const kind of [
      '督查通知',
      '督查事项审定',
      '办理进展报告',
      '延期申请',
      '报送办理进展',
      '请假申请',
      '会议请假',
      '每日提醒',
      '督查通报',
      '督查台账',
      '督办助手 · 您可以使用的命令',
      '待办 · ',
      '待您决定',
      '报告退回重办',
      '督办升级',
      '登记督查事项',
      '请假未提交',
    ]) {
      expect(
        titles.some((t) => t.includes(kind)),
        `no ${kind} card among ${titles.join(' / ')}`,
      ).toBe(true);
    }
  });

  it('every component name is unique within its card (表单容器: names must be unique)', () => {
    for (const card of seen.values()) {
      const names: string[] = [];
      nodes(renderCard(card), (node) => void (typeof node.name === 'string' && names.push(node.name)));
      expect(
        names.filter((n, i) => names.indexOf(n) !== i),
        card.title,
      ).toEqual([]);
    }
  });

  it('form containers sit only at the body root, each with exactly one submit button and none outside a form', () => {
    for (const card of seen.values()) {
      const json = renderCard(card) as { body: { elements: Json[] } };
      const rootForms = json.body.elements.filter((e) => e.tag === 'form');
      let forms = 0;
      let strays = 0;
      nodes(json, (node, inForm) => {
        if (node.tag === 'form') forms += 1;
        if (node.form_action_type === 'submit' && !inForm) strays += 1;
      });
      expect(forms, card.title).toBe(rootForms.length);
      expect(strays, card.title).toBe(0);
      for (const form of rootForms) {
        let submits = 0;
        nodes(form.elements, (node) => void (node.form_action_type === 'submit' && (submits += 1)));
        expect(submits, card.title).toBe(1);
      }
    }
  });

  it('uses only the components we rely on, a header colour of Feishu’s palette, and stays under 30 KB', () => {
    for (const card of seen.values()) {
      const json = renderCard(card) as { header: { template: string } };
      nodes(json, (node) => expect(ALLOWED_TAGS.has(String(node.tag)), `${card.title}: tag ${String(node.tag)}`).toBe(true));
      expect(HEADER_TEMPLATES.has(json.header.template), card.title).toBe(true);
      expect(new TextEncoder().encode(JSON.stringify(json)).length, card.title).toBeLessThan(MAX_CARD_BYTES);
    }
  });
});
