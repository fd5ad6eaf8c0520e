import { describe, expect, it } from 'vitest';
import { md, mdSource, type Card } from '../../src/core/messages';
import { buttonText, parseButtonText, sendMessageLink } from '../../src/platforms/dingtalk/button-text';
import { actionResponseMessage, cardCallbackResponse, cardParams, robotMessage } from '../../src/platforms/dingtalk/cards';

const notice: Card = {
  title: '督查通知 DB-0012',
  colour: 'orange',
  blocks: [
    { type: 'markdown', text: md`请于 **2026-12-01** 前报送工作计划。` },
    {
      type: 'fields',
      fields: [
        { label: '责任单位', value: '住建局' },
        { label: '办理时限', value: '2026-12-31' },
      ],
    },
    { type: 'note', text: md`依据《工作规则》第四十条` },
    {
      type: 'buttons',
      buttons: [
        { label: '签收', action: 'sup.ack', payload: { id: '12' }, style: 'primary', command: '/签收 DB-0012' },
        { label: '申请延期', action: 'sup.extend', payload: { id: '12' } },
      ],
    },
  ],
};

const param = (m: { msgParam: string }) => JSON.parse(m.msgParam);

describe('buttons as text the user sends back (ActionCard fallback)', () => {
  it('uses the button’s own command when the domain gave one', () => {
    expect(buttonText(notice.blocks[3]!.type === 'buttons' ? notice.blocks[3]!.buttons[0]! : ({} as never))).toBe('/签收 DB-0012');
  });

  it('encodes action and payload otherwise, and decodes them back', () => {
    const text = buttonText({ label: '同 意', action: 'leave.approve', payload: { id: '12', note: '同意 出差' } });
    expect(text).toBe('【同意】 leave.approve id=12 note=%E5%90%8C%E6%84%8F%20%E5%87%BA%E5%B7%AE');
    expect(parseButtonText(text)).toEqual({ action: 'leave.approve', payload: { id: '12', note: '同意 出差' } });
  });

  it.each(['/签收 DB-0012', '你好', '【同意】', '【同意】 /请假 明天', '【x】 a.b id=%E0%A4%A'])('reads %j as ordinary text', (text) => {
    expect(parseButtonText(text)).toBeUndefined();
  });

  it('links with dtmd://dingtalkclient/sendMessage and the URL-encoded text', () => {
    expect(sendMessageLink('/签收 DB-0012')).toBe('dtmd://dingtalkclient/sendMessage?content=%2F%E7%AD%BE%E6%94%B6%20DB-0012');
  });
});

describe('robot messages (sampleText, sampleMarkdown, sampleActionCard*)', () => {
  it('sends text as sampleText, flagged when urgent', () => {
    expect(robotMessage({ kind: 'text', text: '你好' })).toEqual({ msgKey: 'sampleText', msgParam: JSON.stringify({ content: '你好' }) });
    expect(param(robotMessage({ kind: 'text', text: '明天截止' }, { urgent: true })).content).toBe('【加急】明天截止');
  });

  it('sends a card without buttons as sampleMarkdown with its fields and notes', () => {
    const m = robotMessage({ kind: 'card', card: { ...notice, blocks: notice.blocks.slice(0, 3) } });
    expect(m.msgKey).toBe('sampleMarkdown');
    expect(param(m)).toEqual({
      title: '督查通知 DB-0012',
      text: '### 督查通知 DB-0012\n\n请于 **2026-12-01** 前报送工作计划。\n\n- **责任单位**：住建局\n- **办理时限**：2026-12-31\n\n> 依据《工作规则》第四十条',
    });
  });

  it('sends two buttons as sampleActionCard6 whose links send the commands', () => {
    const m = robotMessage({ kind: 'card', card: notice });
    expect(m.msgKey).toBe('sampleActionCard6');
    const p = param(m);
    expect(p.buttonTitle1).toBe('签收');
    expect(decodeURIComponent(p.buttonUrl1.split('content=')[1])).toBe('/签收 DB-0012');
    expect(decodeURIComponent(p.buttonUrl2.split('content=')[1])).toBe('【申请延期】 sup.extend id=12');
  });

  it.each([
    [1, 'sampleActionCard'],
    [3, 'sampleActionCard3'],
    [4, 'sampleActionCard4'],
    [5, 'sampleActionCard5'],
  ])('uses the right msgKey for %i button(s)', (n, msgKey) => {
    const buttons = Array.from({ length: n }, (_, i) => ({ label: `按钮${i + 1}`, action: 'x.y', payload: { i: String(i) } }));
    const m = robotMessage({ kind: 'card', card: { title: 't', colour: 'blue', blocks: [{ type: 'buttons', buttons }] } });
    expect(m.msgKey).toBe(msgKey);
    if (n > 2) expect(param(m)[`actionTitle${n}`]).toBe(`按钮${n}`);
  });

  it('lists buttons beyond five as commands to send', () => {
    const buttons = Array.from({ length: 7 }, (_, i) => ({ label: `按钮${i + 1}`, action: 'x.y', command: `/命令 ${i + 1}` }));
    const p = param(robotMessage({ kind: 'card', card: { title: 't', colour: 'blue', blocks: [{ type: 'buttons', buttons }] } }));
    expect(p.actionTitle5).toBe('按钮5');
    expect(p.text).toContain('- 按钮6：/命令 6\n- 按钮7：/命令 7');
  });

  it('in a group, tells people to @ the bot with the commands (dtmd messages do not reach it there)', () => {
    const p = param(robotMessage({ kind: 'card', card: notice }, { inGroup: true }));
    expect(p.text).toContain('在群内请 @机器人 发送：\n- 签收：/签收 DB-0012');
  });

  it('in a group, sends no ActionCard buttons at all: a dtmd link there never reaches the bot, only the listed commands do', () => {
    const m = robotMessage({ kind: 'card', card: notice }, { inGroup: true });
    expect(m.msgKey).toBe('sampleMarkdown');
    expect(m.msgParam).not.toContain('dtmd://');
  });

  it('shows the bot’s inline code as plain text (DingTalk markdown has no inline code), and typed backticks as typed', () => {
    const card: Card = { title: '/请假', colour: 'blue', blocks: [{ type: 'markdown', text: md`**用法**\n- \`/请假 12月4日 出省\`\n- ${'a `b`'}` }] };
    expect(param(robotMessage({ kind: 'card', card })).text).toBe('### /请假\n\n**用法**\n- /请假 12月4日 出省\n- a \\`b\\`');
  });

  it('names a form’s fields and the command to type instead', () => {
    const card: Card = {
      title: '请假',
      colour: 'blue',
      blocks: [
        {
          type: 'form',
          name: 'leave',
          inputs: [
            { kind: 'date', name: 'start', label: '开始日期', required: true },
            { kind: 'text', name: 'reason', label: '事由' },
          ],
          submit: { label: '提交', action: 'leave.submit', command: '/请假 开始日期 结束日期 事由' },
        },
      ],
    };
    expect(param(robotMessage({ kind: 'card', card })).text).toContain(
      '**需填写**：开始日期（必填）、事由\n\n钉钉消息中无法直接填写，请发送命令：/请假 开始日期 结束日期 事由',
    );
  });
});

describe('interactive card data for the office’s template', () => {
  it('turns the card into string values: title, colour, markdown, buttons with their callback params', () => {
    const params = cardParams(notice);
    expect(Object.values(params).every((v) => typeof v === 'string')).toBe(true);
    expect(params).toMatchObject({
      title: '督查通知 DB-0012',
      colour: 'orange',
      has_buttons: 'true',
      has_form: 'false',
      form: '',
      lastMessage: '督查通知 DB-0012',
    });
    expect(JSON.parse(params.buttons!)).toEqual([
      { text: '签收', style: 'primary', action: 'sup.ack', payload: '{"id":"12"}' },
      { text: '申请延期', style: 'default', action: 'sup.extend', payload: '{"id":"12"}' },
    ]);
  });

  it('describes a form’s inputs the way loop-rendered template forms take them', () => {
    const card: Card = {
      title: '延期',
      colour: 'blue',
      blocks: [
        {
          type: 'form',
          name: 'ext',
          inputs: [{ kind: 'select', name: 'days', label: '天数', options: [{ label: '七天', value: '7' }] }],
          submit: { label: '提交', action: 'sup.extend', payload: { id: '3' } },
        },
      ],
    };
    expect(JSON.parse(cardParams(card).form!)).toEqual({
      name: 'ext',
      fields: [{ type: 'SELECT', name: 'days', label: '天数', required: false, placeholder: '', default_string: '', options: [{ value: '7', text: '七天' }] }],
      submit: { text: '提交', style: 'default', action: 'sup.extend', payload: '{"id":"3"}' },
    });
  });

  it('answers a click with the new card for all and the toast for the clicker only', () => {
    expect(cardCallbackResponse({ toast: { kind: 'success', text: '已签收' }, card: notice })).toEqual({
      cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
      cardData: { cardParamMap: cardParams(notice) },
      userPrivateData: { cardParamMap: { notice: '已签收', notice_kind: 'success' } },
    });
    expect(cardCallbackResponse({ toast: { kind: 'error', text: '无权操作' } })).not.toHaveProperty('cardData');
  });

  it('turns a click’s answer into one reply when there is no card to update', () => {
    expect(actionResponseMessage({ toast: { kind: 'error', text: '无权操作' } })).toEqual({ kind: 'text', text: '无权操作' });
    const m = actionResponseMessage({ toast: { kind: 'success', text: '已签收' }, card: notice });
    const first = m.kind === 'card' ? m.card.blocks[0] : undefined;
    expect(first?.type === 'markdown' && mdSource(first.text)).toBe('**已签收**');
  });
});
