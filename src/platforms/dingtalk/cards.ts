import {
  md,
  renderMd,
  type ActionResponse,
  type Block,
  type Button,
  type Card,
  type FormInput,
  type Md,
  type ChatMessage,
  type Message,
} from '../../core/messages';
import { buttonText, sendMessageLink } from './button-text';

/**
 * The core message model rendered for DingTalk, two ways:
 * - robot messages (`msgKey` + `msgParam` for oToMessages/batchSend and groupMessages/send): text,
 *   markdown, or an ActionCard whose buttons make the user send the equivalent command (no setup);
 * - interactive-card data (`cardParamMap`, all values strings) for the office's card template,
 *   whose buttons call back to POST /webhooks/dingtalk/card. docs/dingtalk.md documents the template's variables.
 * https://open.dingtalk.com/document/development/robot-message-type
 */

export interface RobotMessage {
  msgKey: string;
  /** A JSON string, as the API wants it. */
  msgParam: string;
}

const URGENT = '【加急】';
/** ActionCards hold at most five buttons (sampleActionCard2..5); the rest are listed as commands. */
const MAX_ACTION_CARD_BUTTONS = 5;

export function cardButtons(card: Card): Button[] {
  return card.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
}

/**
 * Text as DingTalk markdown shows it literally: the HTML it accepts (`<font>`, `<a>`) as entities, a
 * backslash before every character that opens markup anywhere (CommonMark backslash escapes,
 * https://spec.commonmark.org/0.31.2/#backslash-escapes), and before a heading, list or rule opened at a
 * line's start.
 */
export function escapeDingTalkMd(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/[\\`*_[\]~|]/g, '\\$&')
    .replace(/^(\s*)([#+-]|\d+\.)/gm, (_, space: string, mark: string) => space + mark.replace(/[#+.-]/, '\\$&'));
}

/** DingTalk markdown has no inline code: the bot's code spans show as plain text. */
const dingTalkMd = (value: Md) => renderMd(value, escapeDingTalkMd, (markup) => markup.replace(/`/g, ''));

function formInput(input: FormInput): string {
  return escapeDingTalkMd(`${input.label}${input.required ? '（必填）' : ''}`);
}

function blockMarkdown(block: Block): string {
  switch (block.type) {
    case 'markdown':
      return dingTalkMd(block.text);
    case 'fields':
      return block.fields.map((f) => `- **${escapeDingTalkMd(f.label)}**：${escapeDingTalkMd(f.value)}`).join('\n');
    case 'note':
      return dingTalkMd(block.text)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'chart':
      return [
        `**${escapeDingTalkMd(block.title)}**`,
        ...block.categories.map(
          (category, i) => `- ${escapeDingTalkMd(category)}：${escapeDingTalkMd(block.series.map((s) => `${s.name} ${s.values[i] ?? '—'}`).join('，'))}`,
        ),
      ].join('\n');
    case 'form':
    case 'buttons':
    case 'divider':
      return '';
  }
}

/** The card's text blocks as DingTalk markdown (headings, bold, lists and quotes are supported). */
export function cardMarkdown(card: Card): string {
  return card.blocks.map(blockMarkdown).filter(Boolean).join('\n\n');
}

/** Robot messages cannot hold inputs: name the fields and the command that does the same. */
function formFallback(card: Card): string[] {
  return card.blocks.flatMap((b) =>
    b.type === 'form'
      ? [
          `**需填写**：${b.inputs.map(formInput).join('、')}`,
          b.submit.command
            ? `钉钉消息中无法直接填写，请发送命令：${escapeDingTalkMd(b.submit.command)}`
            : '钉钉消息中无法直接填写，请发送「/帮助 命令」查看文字用法后直接发送命令。',
        ]
      : [],
  );
}

function param(value: object): string {
  return JSON.stringify(value);
}

/**
 * Text, markdown or ActionCard for the robot send APIs. `inGroup`: a dtmd link's message is not an @ of
 * the bot there, so DingTalk never delivers it; a group card carries no buttons, only the commands to send.
 */
export function robotMessage(message: ChatMessage, options: { urgent?: boolean; inGroup?: boolean } = {}): RobotMessage {
  const prefix = options.urgent ? URGENT : '';
  if (message.kind === 'text') return { msgKey: 'sampleText', msgParam: param({ content: `${prefix}${message.text}` }) };
  const card = message.card;
  const title = `${prefix}${card.title}`;
  const buttons = cardButtons(card);
  const shown = options.inGroup ? [] : buttons.slice(0, MAX_ACTION_CARD_BUTTONS);
  const typed = options.inGroup ? buttons : buttons.slice(MAX_ACTION_CARD_BUTTONS);
  const parts = [`### ${escapeDingTalkMd(title)}`, cardMarkdown(card), ...formFallback(card)];
  if (typed.length) {
    // In a group the text a dtmd link sends is not an @ of the bot, so the bot would never see it.
    parts.push(
      `${options.inGroup ? '在群内请 @机器人 发送' : '也可发送'}：\n${typed.map((b) => `- ${escapeDingTalkMd(b.label)}：${escapeDingTalkMd(buttonText(b))}`).join('\n')}`,
    );
  }
  const text = parts.filter(Boolean).join('\n\n');
  const links = shown.map((b) => ({ title: b.label, url: sendMessageLink(buttonText(b)) }));
  if (links.length === 0) return { msgKey: 'sampleMarkdown', msgParam: param({ title, text }) };
  if (links.length === 1) return { msgKey: 'sampleActionCard', msgParam: param({ title, text, singleTitle: links[0]!.title, singleURL: links[0]!.url }) };
  if (links.length === 2) {
    return {
      msgKey: 'sampleActionCard6',
      msgParam: param({ title, text, buttonTitle1: links[0]!.title, buttonUrl1: links[0]!.url, buttonTitle2: links[1]!.title, buttonUrl2: links[1]!.url }),
    };
  }
  const numbered = Object.fromEntries(
    links.flatMap((l, i) => [
      [`actionTitle${i + 1}`, l.title],
      [`actionURL${i + 1}`, l.url],
    ]),
  );
  return { msgKey: `sampleActionCard${links.length}`, msgParam: param({ title, text, ...numbered }) };
}

const INPUT_TYPES: Record<FormInput['kind'], string> = { text: 'TEXT', textarea: 'TEXTAREA', date: 'DATE', select: 'SELECT' };

/** A button as the template's loop item: its callback params are `{action, payload}` (payload a JSON string). */
function templateButton(button: Button) {
  return { text: button.label, style: button.style ?? 'default', action: button.action, payload: JSON.stringify(button.payload ?? {}) };
}

/** The values of the office's generic card template (docs/dingtalk.md, interactive cards). Every value is a string. */
export function cardParams(card: Card, options: { urgent?: boolean } = {}): Record<string, string> {
  const buttons = cardButtons(card).map(templateButton);
  const form = card.blocks.find((b): b is Extract<Block, { type: 'form' }> => b.type === 'form');
  const title = `${options.urgent ? URGENT : ''}${card.title}`;
  return {
    title,
    colour: card.colour,
    markdown: cardMarkdown(card),
    buttons: JSON.stringify(buttons),
    has_buttons: String(buttons.length > 0),
    form: form
      ? JSON.stringify({
          name: form.name,
          fields: form.inputs.map((i) => ({
            // The card template has single selects only: several choices are typed, comma-separated.
            type: i.multiple ? INPUT_TYPES.text : INPUT_TYPES[i.kind],
            name: i.name,
            label: i.label,
            required: Boolean(i.required),
            placeholder: i.multiple ? `逗号分隔，可选：${(i.options ?? []).map((o) => o.label).join('、')}` : (i.placeholder ?? ''),
            default_string: i.initial ?? '',
            options: (i.options ?? []).map((o) => ({ value: o.value, text: o.label })),
          })),
          submit: templateButton(form.submit),
        })
      : '',
    has_form: String(Boolean(form)),
    lastMessage: title,
  };
}

/**
 * The answer to a card click, within DingTalk's 2 s: the new public card data when the state changed,
 * and the toast as the clicker's private `notice` (only they see it).
 * https://open.dingtalk.com/document/development/event-callback-card
 */
export function cardCallbackResponse(response: ActionResponse) {
  return {
    cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
    ...(response.card ? { cardData: { cardParamMap: cardParams(response.card) } } : {}),
    userPrivateData: { cardParamMap: { notice: response.toast.text, notice_kind: response.toast.kind } },
  };
}

/** Without callbacks (ActionCard fallback) the click's answer is one reply: the toast atop the new card. */
export function actionResponseMessage(response: ActionResponse): Message {
  if (!response.card) return { kind: 'text', text: response.toast.text };
  return { kind: 'card', card: { ...response.card, blocks: [{ type: 'markdown', text: md`**${response.toast.text}**` }, ...response.card.blocks] } };
}
