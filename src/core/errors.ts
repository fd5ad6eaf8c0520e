/**
 * An error the user can fix: a Chinese message saying what is wrong and how to fix it, and the
 * article of the Work Rules that decided it, if any. Whatever the command had prepared is discarded.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly article?: number,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Chinese numerals for article numbers as the Work Rules write them (第六十八条). */
export function articleZh(n: number): string {
  const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 10) return `第${digits[n]}条`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `第${tens === 1 ? '' : digits[tens]}十${ones ? digits[ones] : ''}条`;
}

/** "依据《工作规则》第六十八条，…" — how every rule-based decision is worded (docs/rules.md). */
export function citing(article: number, text: string): string {
  return `依据《工作规则》${articleZh(article)}，${text}`;
}
