import { describe, expect, it } from 'vitest';
import { md, type Card } from '../../src/core/messages';
import { renderCard, renderMessage } from '../../src/platforms/feishu/cards';

const card: Card = {
  title: '请假申请',
  colour: 'orange',
  blocks: [
    { type: 'markdown', text: md`**马军** 申请事假` },
    {
      type: 'fields',
      fields: [
        { label: '开始', value: '2026-12-01' },
        { label: '结束', value: '2026-12-02' },
        { label: '天数', value: '2' },
      ],
    },
    {
      type: 'buttons',
      buttons: [
        { label: '同意', action: 'leave.approve', payload: { id: '12' }, style: 'primary' },
        { label: '驳回', action: 'leave.reject', payload: { id: '12' }, style: 'danger' },
      ],
    },
    { type: 'divider' },
    {
      type: 'form',
      name: 'leave',
      submit: { label: '提交', action: 'leave.submit', payload: { draft: '3' } },
      inputs: [
        { kind: 'date', name: 'start', label: '开始日期', required: true, initial: '2026-12-01' },
        {
          kind: 'select',
          name: 'scope',
          label: '去向',
          options: [
            { label: '市内', value: 'city' },
            { label: '省外', value: 'out' },
          ],
          initial: 'city',
        },
        { kind: 'text', name: 'place', label: '地点', placeholder: '例如 北京' },
        { kind: 'textarea', name: 'reason', label: '事由', required: true },
      ],
    },
    { type: 'note', text: md`依据《工作规则》第六十八条` },
    {
      type: 'chart',
      title: '按时办结率',
      categories: ['兴隆镇', '住建局'],
      series: [
        { name: '办结', values: [3, 5] },
        { name: '逾期', values: [1, 0] },
      ],
    },
  ],
};

describe('card JSON 2.0 rendering', () => {
  const json = renderCard(card) as any;
  const elements = json.body.elements;

  it('declares schema 2.0, a shared card and the header colour', () => {
    expect(json.schema).toBe('2.0');
    expect(json.config).toEqual({ update_multi: true });
    expect(json.header).toEqual({ title: { tag: 'plain_text', content: '请假申请' }, template: 'orange' });
  });

  it('renders markdown, fields two to a row, a divider and notes in small print', () => {
    expect(elements[0]).toEqual({ tag: 'markdown', content: '**马军** 申请事假' });
    expect(elements[1].tag).toBe('column_set');
    expect(elements[1].columns.map((c: any) => c.elements[0].content)).toEqual(['**开始**\n2026-12-01', '**结束**\n2026-12-02']);
    expect(elements[2].columns.map((c: any) => c.elements[0].content)).toEqual(['**天数**\n2']);
    expect(elements[4]).toEqual({ tag: 'hr' });
    expect(elements[6]).toEqual({ tag: 'markdown', content: '依据《工作规则》第六十八条', text_size: 'notation' });
  });

  it('renders buttons side by side, each calling back with {action, ...payload}', () => {
    const buttons = elements[3].columns.map((c: any) => c.elements[0]);
    expect(buttons).toEqual([
      {
        tag: 'button',
        text: { tag: 'plain_text', content: '同意' },
        type: 'primary_filled',
        behaviors: [{ type: 'callback', value: { action: 'leave.approve', id: '12' } }],
      },
      {
        tag: 'button',
        text: { tag: 'plain_text', content: '驳回' },
        type: 'danger',
        behaviors: [{ type: 'callback', value: { action: 'leave.reject', id: '12' } }],
      },
    ]);
  });

  it('lets a row of buttons wrap onto the next line on a narrow phone instead of squeezing them (flex_mode flow)', () => {
    expect(elements[3]).toMatchObject({ tag: 'column_set', flex_mode: 'flow' });
  });

  it('renders a form at the body root with named fields and a submit button', () => {
    const form = elements[5];
    expect(form).toMatchObject({ tag: 'form', name: 'leave_form' });
    const fields = form.elements.filter((e: any) => e.tag !== 'markdown');
    expect(fields.map((f: any) => [f.tag, f.name])).toEqual([
      ['date_picker', 'start'],
      ['select_static', 'scope'],
      ['input', 'place'],
      ['input', 'reason'],
      ['button', 'leave_submit'],
    ]);
    expect(fields[0]).toMatchObject({ required: true, initial_date: '2026-12-01' });
    expect(fields[1]).toMatchObject({
      initial_option: 'city',
      options: [
        { text: { tag: 'plain_text', content: '市内' }, value: 'city' },
        { text: { tag: 'plain_text', content: '省外' }, value: 'out' },
      ],
    });
    expect(fields[2]).toMatchObject({ placeholder: { tag: 'plain_text', content: '例如 北京' }, required: false });
    expect(fields[3]).toMatchObject({ input_type: 'multiline_text', required: true });
    expect(fields[4]).toMatchObject({
      form_action_type: 'submit',
      type: 'primary_filled',
      behaviors: [{ type: 'callback', value: { action: 'leave.submit', draft: '3' } }],
    });
    expect(form.elements.filter((e: any) => e.tag === 'markdown').map((e: any) => e.content)).toEqual([
      "**开始日期**<font color='red'>*</font>",
      '**去向**',
      '**地点**',
      "**事由**<font color='red'>*</font>",
    ]);
  });

  it('renders a chart block as a VChart bar spec', () => {
    expect(elements[7]).toEqual({
      tag: 'chart',
      chart_spec: {
        type: 'bar',
        title: { text: '按时办结率' },
        data: {
          values: [
            { category: '兴隆镇', series: '办结', value: 3 },
            { category: '兴隆镇', series: '逾期', value: 1 },
            { category: '住建局', series: '办结', value: 5 },
            { category: '住建局', series: '逾期', value: 0 },
          ],
        },
        xField: ['category', 'series'],
        yField: 'value',
        seriesField: 'series',
        legends: { visible: true, orient: 'bottom' },
      },
    });
  });

  it('sends text as msg_type text and cards as interactive, content a JSON string', () => {
    expect(renderMessage({ kind: 'text', text: '你好' })).toEqual({ msgType: 'text', content: '{"text":"你好"}' });
    const rendered = renderMessage({ kind: 'card', card });
    expect(rendered.msgType).toBe('interactive');
    expect(JSON.parse(rendered.content)).toEqual(json);
  });

  it('a text message quoting typed text mentions no one: a typed <at user_id="all"> stays text', () => {
    const { text } = JSON.parse(renderMessage({ kind: 'text', text: '已收到：<at user_id="all">所有人</at>' }).content) as { text: string };
    expect(text).not.toContain('<at');
    expect(text.replace(/\u200b/g, '')).toBe('已收到：<at user_id="all">所有人</at>');
  });
});
