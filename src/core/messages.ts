/**
 * The platform-neutral message model. The core speaks only this; each platform renders it
 * (Feishu card JSON 2.0, DingTalk cards, the sandbox page).
 */

export type Colour = 'blue' | 'green' | 'orange' | 'red' | 'grey' | 'purple';

/** A button sends `action` with `payload` back to the bot (compact: platforms limit callback size). */
export interface Button {
  label: string;
  action: string;
  payload?: Record<string, string>;
  style?: 'primary' | 'danger' | 'default';
  /**
   * The typed command that does the same, e.g. `/签收 DB-0012`. Platforms without callback buttons
   * (DingTalk ActionCard) make the button send it as the user's own message; when absent they fall
   * back to a generic encoding of `action` + `payload`.
   */
  command?: string;
}

export interface Field {
  label: string;
  value: string;
}

export interface SelectOption {
  label: string;
  value: string;
}

export interface FormInput {
  kind: 'text' | 'textarea' | 'date' | 'select';
  name: string;
  label: string;
  required?: boolean;
  placeholder?: string;
  initial?: string;
  options?: SelectOption[];
  /** A select where several options may be chosen; the values arrive comma-separated. */
  multiple?: boolean;
}

export interface ChartSeries {
  name: string;
  values: number[];
}

export type Block =
  | { type: 'markdown'; text: string }
  | { type: 'fields'; fields: Field[] }
  | { type: 'buttons'; buttons: Button[] }
  | { type: 'form'; name: string; inputs: FormInput[]; submit: Button }
  | { type: 'note'; text: string }
  | { type: 'divider' }
  | { type: 'chart'; title: string; categories: string[]; series: ChartSeries[] };

export interface Card {
  title: string;
  colour: Colour;
  blocks: Block[];
}

export type Message = { kind: 'text'; text: string } | { kind: 'card'; card: Card };

export const text = (value: string): Message => ({ kind: 'text', text: value });
export const cardMessage = (card: Card): Message => ({ kind: 'card', card });

/** Where a message goes: a person directly, or a unit's group chat. */
export type Recipient = { type: 'person'; personId: string } | { type: 'unit_chat'; unitId: string };

export const toPerson = (personId: string): Recipient => ({ type: 'person', personId });
export const toUnitChat = (unitId: string): Recipient => ({ type: 'unit_chat', unitId });

/** What a card click gets back at once: a toast and, where the state changed, the updated card. */
export interface ActionResponse {
  toast: { kind: 'info' | 'success' | 'error' | 'warning'; text: string };
  card?: Card;
}
