/**
 * JSON from outside (webhook bodies, JSON inside them, sandbox API requests) is parsed with bounds on
 * its depth, number of values and length. An unbounded value reaches code that walks it recursively
 * (JSON.stringify, zod) and overflows the stack: a request must be refused with 400 before that.
 */

export const JSON_LIMITS = {
  /** Real payloads nest below 10 levels (Feishu event envelopes, card values, DingTalk callbacks). */
  maxDepth: 32,
  maxValues: 10_000,
  maxChars: 1024 * 1024,
} as const;

/** `error` completes a subject: 「请求体」+「嵌套过深（JSON 上限 32 层）」. */
export type BoundedJson = { ok: true; value: unknown } | { ok: false; reason: 'syntax' | 'limits'; error: string };

/** Depth and value count, walked with an explicit stack (no recursion); stops at the first bound exceeded. */
function exceededBound(root: unknown, limits: typeof JSON_LIMITS): string | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 1 }];
  let values = 0;
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (++values > limits.maxValues) return `值过多（JSON 上限 ${limits.maxValues} 个值）`;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limits.maxDepth) return `嵌套过深（JSON 上限 ${limits.maxDepth} 层）`;
    for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
  }
  return undefined;
}

export function parseBoundedJson(text: string, limits: typeof JSON_LIMITS = JSON_LIMITS): BoundedJson {
  if (text.length > limits.maxChars) return { ok: false, reason: 'limits', error: `过长（JSON 上限 ${limits.maxChars} 个字符）` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'syntax', error: '不是合法的 JSON' };
  }
  const exceeded = exceededBound(value, limits);
  return exceeded ? { ok: false, reason: 'limits', error: exceeded } : { ok: true, value };
}
