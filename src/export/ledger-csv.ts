/**
 * The ledger as CSV for Excel: UTF-8 with a BOM (Excel otherwise reads Chinese as GBK), CRLF line
 * ends, RFC 4180 quoting. Cells that Excel would run as a formula are prefixed with ' (OWASP CSV injection).
 */
export const BOM = '\uFEFF';

export function toCsv(table: string[][]): string {
  return `${BOM}${table.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
