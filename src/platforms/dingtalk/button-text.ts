import type { Button } from '../../core/messages';

/**
 * A button as the text the clicking user sends back (ActionCard fallback, no callback route): the
 * button's own typed command when the domain gave one (`/签收 DB-0012`), otherwise a generic
 * encoding of its action and payload, `【同意】 leave.approve id=12`, which the adapter turns back
 * into a card action. Either way the user's role is checked by the core, as for a real click.
 */
export function buttonText(button: Button): string {
  if (button.command) return button.command;
  const label = button.label.replace(/[【】\s]+/g, '');
  const pairs = Object.entries(button.payload ?? {}).map(([k, v]) => ` ${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return `【${label}】 ${button.action}${pairs.join('')}`;
}

const ENCODED = /^【[^【】]*】\s*([A-Za-z][\w.:-]*)((?:\s+[^\s=]+=\S*)*)\s*$/;

/** The action and payload of a generically encoded button text, or undefined for ordinary text. */
export function parseButtonText(text: string): { action: string; payload: Record<string, string> } | undefined {
  const match = ENCODED.exec(text.trim());
  if (!match) return undefined;
  const payload: Record<string, string> = {};
  try {
    for (const pair of match[2]!.trim().split(/\s+/).filter(Boolean)) {
      const at = pair.indexOf('=');
      payload[decodeURIComponent(pair.slice(0, at))] = decodeURIComponent(pair.slice(at + 1));
    }
  } catch {
    return undefined;
  }
  return { action: match[1]!, payload };
}

/** A link that makes the clicking user send `text` into the chat with the bot (docs/dingtalk.md, card buttons). */
export function sendMessageLink(text: string): string {
  return `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(text)}`;
}
