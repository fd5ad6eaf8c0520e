/**
 * A card button's callback value is `{action, ...payload}` (the core's `Button`); payload values
 * become strings. A nested value (a hand-made or forged click) keeps its JSON text, so an error
 * quotes what was sent instead of "[object Object]". Shared by every platform that receives
 * such values (Feishu card callbacks, the sandbox).
 */
export function actionOf(value: unknown): { action: string; payload: Record<string, string> } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { action: '', payload: {} };
  const { action, ...rest } = value as Record<string, unknown>;
  const payload = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  return { action: typeof action === 'string' ? action : '', payload };
}
