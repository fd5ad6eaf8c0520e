/** `键=值` lines of /来文 登记 and /发文 起草: a value runs to the next ` key=`; unknown or repeated keys are errors. */
import { UserError } from '../errors';

const KEY_START = /(?:^|\s)([\p{L}\p{N}_]+)[=＝]/gu;

export function parseFields<K extends string>(input: string, keys: readonly K[], example: string): Partial<Record<K, string>> {
  const text = input.trim();
  const starts = [...text.matchAll(KEY_START)];
  if (!starts.length) throw new UserError(`请按「键=值」填写，键之间用空格分隔，例如：\n${example}`);
  const leading = text.slice(0, starts[0]!.index).trim();
  if (leading) throw new UserError(`「${leading}」前缺少键名，请写成「键=值」，例如：\n${example}`);
  const fields: Partial<Record<K, string>> = {};
  starts.forEach((match, i) => {
    const key = match[1]! as K;
    if (!keys.includes(key)) throw new UserError(`不认识的项「${key}=」。可用的项：${keys.map((k) => `${k}=`).join(' ')}`);
    if (fields[key] !== undefined) throw new UserError(`「${key}=」写了两次，请只保留一个。`);
    const end = i + 1 < starts.length ? starts[i + 1]!.index : text.length;
    fields[key] = text.slice(match.index + match[0].length, end).trim();
  });
  return fields;
}

export function required<K extends string>(fields: Partial<Record<K, string>>, keys: readonly K[], example: string): void {
  for (const key of keys) if (!fields[key]?.trim()) throw new UserError(`缺少「${key}=」。例如：\n${example}`);
}

export function limited(value: string | undefined, key: string, max: number): string | null {
  const v = value?.trim() ?? '';
  if (v.length > max) throw new UserError(`「${key}=」太长（最多 ${max} 字），请精简后重新提交。`);
  return v || null;
}
