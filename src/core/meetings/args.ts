import { UserError } from '../errors';

/**
 * `名称=全区安全生产会议 日期=12月10日` → fields, for the meeting and seal commands. A value runs to
 * the next ` key=`; unknown or repeated keys are errors naming the keys that exist.
 */
export function keyValues<K extends string>(input: string, keys: readonly K[], example: string): Partial<Record<K, string>> {
  const text = input.trim();
  const starts = [...text.matchAll(/(?:^|\s)([\p{L}\p{N}_]+)[=＝]/gu)];
  if (!starts.length) throw new UserError(`请按「键=值」填写，键之间用空格分隔，例如：${example}`);
  const leading = text.slice(0, starts[0]!.index).trim();
  if (leading) throw new UserError(`「${leading}」前缺少键名，请写成「键=值」。例如：${example}`);
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

export function required(value: string | undefined, what: string, example: string, max = 100): string {
  const v = value?.trim() ?? '';
  if (!v) throw new UserError(`请写明${what}。例如：${example}`);
  if (v.length > max) throw new UserError(`${what}太长（最多 ${max} 字），请精简。`);
  return v;
}

export const YES = ['是', '有', '涉及', 'y', 'yes'];
export const NO = ['否', '无', '不涉及', 'n', 'no'];
export function yesNo(value: string | undefined, what: string): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (!v || NO.includes(v)) return false;
  if (YES.includes(v)) return true;
  throw new UserError(`「${what}=」请填 是 或 否。`);
}
