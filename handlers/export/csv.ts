/**
 * CSV as Excel reads it: UTF-8 with a byte-order mark (so Chinese is not garbled), CRLF line ends, RFC 4180
 * quoting (fields with a comma, quote, CR or LF, or leading/trailing spaces are quoted; quotes doubled).
 * Nothing is shortened. Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a
 * leading apostrophe, the usual guard against CSV formula injection from typed descriptions and notes.
 */
export type Cell = string | number | undefined;

export const UTF8_BOM = '\uFEFF';

export function csvField(v: Cell): string {
  if (v === undefined) return '';
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
