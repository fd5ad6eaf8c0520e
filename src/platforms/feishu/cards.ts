import { renderMd, type Block, type Button, type Card, type Colour, type FormInput, type Md, type ChatMessage } from '../../core/messages';

/**
 * The core message model → Feishu card JSON 2.0. JSON 2.0 rejects unknown properties, so only
 * documented fields are emitted; it supports shared cards only (`update_multi: true`), which is what
 * lets a PATCH or a callback response update the card for everyone who received it.
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-structure
 */

type Json = Record<string, unknown>;

const plain = (content: string) => ({ tag: 'plain_text', content });

/**
 * Text as lark_md shows it literally: every character that opens markup anywhere (emphasis, code,
 * links, tags such as `<at>` and `<font>`, tables) becomes an HTML entity, which the markdown component
 * shows as the character itself; so do a heading, list or rule opened at a line's start, and the colon
 * of an emoji code (`:OK:`).
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-components/content-components/rich-text
 */
export function escapeLarkMd(text: string): string {
  const entity = (c: string) => `&#${c.charCodeAt(0)};`;
  return text
    .replace(/[&<>*_~`\\[\]|]/g, entity)
    .replace(/:(?=[A-Za-z])/g, entity)
    .replace(/^(\s*)([#+-]|\d+\.)/gm, (_, space: string, mark: string) => space + mark.replace(/[#+.-]/, entity));
}

const larkMd = (value: Md) => renderMd(value, escapeLarkMd);

/**
 * A text message: Feishu parses `<at user_id="…">` in it and has no escape, so a zero-width space after
 * every `<` keeps typed text from mentioning anyone (the bot's own text messages mention no one).
 * https://open.feishu.cn/document/server-docs/im-v1/message-content-description/create_json
 */
const inertText = (text: string) => text.replace(/</g, '<\u200b');

/** Header templates of the same names exist in Feishu's palette. */
const TEMPLATE: Record<Colour, string> = { blue: 'blue', green: 'green', orange: 'orange', red: 'red', grey: 'grey', purple: 'purple' };

const BUTTON_TYPE: Record<NonNullable<Button['style']>, string> = { primary: 'primary_filled', danger: 'danger', default: 'default' };

/** A callback button: the click comes back as `card.action.trigger` with `action.value` = `{action, ...payload}`. */
function button(b: Button, extra: Json = {}): Json {
  return {
    tag: 'button',
    text: plain(b.label),
    type: BUTTON_TYPE[b.style ?? 'default'],
    behaviors: [{ type: 'callback', value: { action: b.action, ...(b.payload ?? {}) } }],
    ...extra,
  };
}

/**
 * Side by side, each element in its own column (JSON 2.0 has no `action` row); `flex_mode: flow` moves
 * a column that does not fit to the next line, so five buttons wrap on a phone instead of squeezing.
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/containers/column-set
 */
function row(elements: Json[]): Json {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: '8px',
    columns: elements.map((element) => ({ tag: 'column', elements: [element] })),
  };
}

/** Label/value pairs two to a row. */
function fields(block: Extract<Block, { type: 'fields' }>): Json[] {
  const rows: Json[] = [];
  for (let i = 0; i < block.fields.length; i += 2) {
    rows.push({
      tag: 'column_set',
      horizontal_spacing: '12px',
      columns: block.fields.slice(i, i + 2).map((f) => ({
        tag: 'column',
        width: 'weighted',
        weight: 1,
        elements: [{ tag: 'markdown', content: `**${escapeLarkMd(f.label)}**\n${escapeLarkMd(f.value)}` }],
      })),
    });
  }
  return rows;
}

/** A form field: its label as markdown above it (date pickers and selects have no label of their own). */
function input(i: FormInput): Json[] {
  const label: Json = { tag: 'markdown', content: `**${escapeLarkMd(i.label)}**${i.required ? "<font color='red'>*</font>" : ''}` };
  const placeholder = plain(i.placeholder ?? i.label);
  const common = { name: i.name, required: Boolean(i.required), placeholder };
  if (i.kind === 'date') return [label, { tag: 'date_picker', ...common, ...(i.initial ? { initial_date: i.initial } : {}) }];
  if (i.kind === 'select') {
    // multi_select_static submits an array, which inbound joins with commas (see formFields).
    return [
      label,
      {
        tag: i.multiple ? 'multi_select_static' : 'select_static',
        ...common,
        width: 'fill',
        options: (i.options ?? []).map((o) => ({ text: plain(o.label), value: o.value })),
        ...(i.initial && !i.multiple ? { initial_option: i.initial } : {}),
      },
    ];
  }
  return [
    label,
    {
      tag: 'input',
      ...common,
      width: 'fill',
      ...(i.kind === 'textarea' ? { input_type: 'multiline_text' } : {}),
      max_length: 1000,
      ...(i.initial ? { default_value: i.initial } : {}),
    },
  ];
}

/** VChart bar spec for `chart` blocks (tag `chart`): one bar per category and series. */
function chart(block: Extract<Block, { type: 'chart' }>): Json {
  const values = block.categories.flatMap((category, i) => block.series.map((s) => ({ category, series: s.name, value: s.values[i] ?? 0 })));
  return {
    tag: 'chart',
    chart_spec: {
      type: 'bar',
      title: { text: block.title },
      data: { values },
      xField: ['category', 'series'],
      yField: 'value',
      seriesField: 'series',
      legends: { visible: block.series.length > 1, orient: 'bottom' },
    },
  };
}

function elements(block: Block): Json[] {
  switch (block.type) {
    case 'markdown':
      return [{ tag: 'markdown', content: larkMd(block.text) }];
    case 'note':
      return [{ tag: 'markdown', content: larkMd(block.text), text_size: 'notation' }];
    case 'divider':
      return [{ tag: 'hr' }];
    case 'fields':
      return fields(block);
    case 'buttons':
      return [row(block.buttons.map((b) => button(b)))];
    case 'form':
      // A form lives at the body root; the form, every field and the submit button need card-unique
      // names, and a field may share the form's own name (`meeting`), so the container's is suffixed.
      return [
        {
          tag: 'form',
          name: `${block.name}_form`,
          elements: [
            ...block.inputs.flatMap(input),
            button({ ...block.submit, style: block.submit.style ?? 'primary' }, { name: `${block.name}_submit`, form_action_type: 'submit' }),
          ],
        },
      ];
    case 'chart':
      return [chart(block)];
  }
}

export function renderCard(card: Card): Json {
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: plain(card.title), template: TEMPLATE[card.colour] },
    body: { elements: card.blocks.flatMap(elements) },
  };
}

/** `msg_type` and `content` (a JSON string) for the send and reply APIs. */
export function renderMessage(message: ChatMessage): { msgType: 'text' | 'interactive'; content: string } {
  if (message.kind === 'text') return { msgType: 'text', content: JSON.stringify({ text: inertText(message.text) }) };
  return { msgType: 'interactive', content: JSON.stringify(renderCard(message.card)) };
}
