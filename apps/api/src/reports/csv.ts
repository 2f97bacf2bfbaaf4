/**
 * RFC 4180 text: CRLF line ends, a header row, a field quoted when it holds a comma, a double quote,
 * CR or LF (inner quotes doubled). Fields that would start a formula in a spreadsheet (`=`, `+`, `-`,
 * `@`) are left as they are: reports hold ids, numbers and instants, and a negative number must stay one.
 */
export type CsvValue = string | number | boolean | null | undefined;

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, CsvValue>[]): string {
  const lines = [columns.map(field).join(',')];
  for (const row of rows) lines.push(columns.map((c) => field(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Nested objects become dotted columns (`businessMinutes.p50`), in the order their keys first appear. */
export function flattenRow(row: object, prefix = ''): Record<string, CsvValue> {
  const out: Record<string, CsvValue> = {};
  for (const [key, value] of Object.entries(row)) {
    const name = `${prefix}${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      Object.assign(out, flattenRow(value as object, `${name}.`));
    else out[name] = value as CsvValue;
  }
  return out;
}

export function columnsOf(rows: readonly Record<string, CsvValue>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}
