/**
 * Dates as staff and unit contacts type them: 2016-07-31, 2016/7/31, 2016.7.31, 2016年7月31日, 7月31日
 * (the campaign year). Parsed strictly: 2016-02-30 is rejected.
 */
import { parseIsoDate } from '../../domain/time';

const FULL = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/u;
const SHORT = /(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/u;

export interface FoundDate {
  /** YYYY-MM-DD */
  date: string;
  /** The text with the date removed and trimmed. */
  rest: string;
}

function iso(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** Find one date in free text. `valid: false` when something looks like a date but is not a real day. */
export function findDate(text: string, year: number): { found?: FoundDate; invalid?: string } {
  const t = text.normalize('NFKC');
  const full = FULL.exec(t);
  const short = full ? null : SHORT.exec(t);
  const m = full ?? short;
  if (!m) return {};
  const date = full ? iso(full[1] as string, full[2] as string, full[3] as string) : iso(String(year), (short as RegExpExecArray)[1] as string, (short as RegExpExecArray)[2] as string);
  if (!parseIsoDate(date)) return { invalid: m[0] };
  const rest = (t.slice(0, m.index) + t.slice(m.index + m[0].length)).replace(/\s+/g, ' ').replace(/^[\s，,。；;]+|[\s，,。；;]+$/g, '').trim();
  return { found: { date, rest } };
}
