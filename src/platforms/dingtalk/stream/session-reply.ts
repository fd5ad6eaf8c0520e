import type { RobotReply } from '../webhook';

/**
 * Stream mode has no HTTP response to carry a fixed answer (unregistered sender, not a text), so it
 * goes to the message's `sessionWebhook` — a URL DingTalk hands out per conversation, valid ~90 min,
 * no access token and no monthly quota. Only a sendBySession URL on the configured oapi host is
 * used: the bot never posts to an address a payload names elsewhere.
 * https://open.dingtalk.com/document/development/robot-reply-and-send-messages
 */
export async function replyInSession(options: {
  sessionWebhook: unknown;
  oapiBaseUrl: string;
  reply: RobotReply;
  fetch?: typeof fetch;
}): Promise<{ ok: boolean; error?: string }> {
  const target = sessionUrl(options.sessionWebhook, options.oapiBaseUrl);
  if (!target) return { ok: false, error: `sessionWebhook 不是 ${options.oapiBaseUrl}/robot/sendBySession 地址，未回复` };
  try {
    const res = await (options.fetch ?? fetch)(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(options.reply),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => undefined)) as { errcode?: number; errmsg?: string } | undefined;
    if (!res.ok || (body?.errcode ?? 0) !== 0) return { ok: false, error: `sessionWebhook 回复失败（HTTP ${res.status}）：${body?.errmsg ?? ''}` };
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `sessionWebhook 回复失败：${(error as Error).message}` };
  }
}

function sessionUrl(value: unknown, oapiBaseUrl: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    const base = new URL(oapiBaseUrl);
    return url.origin === base.origin && url.pathname === '/robot/sendBySession' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
