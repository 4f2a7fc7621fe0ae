/**
 * Text normalisation for notices and questions: half/full-width variants, stray spaces, Chinese numerals and
 * date expressions. Pure functions, no state.
 */

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十二 → 12, 二十 → 20 (up to 99). Returns undefined for anything else. */
export function cnNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? (CN_DIGITS[m[1]] ?? 0) : 1) * 10 + (m[2] ? (CN_DIGITS[m[2]] ?? 0) : 0);
  if (s.length === 1 && CN_DIGITS[s] !== undefined) return CN_DIGITS[s];
  return undefined;
}

const CJK = '\\u3400-\\u9fff';
const WORD = 'A-Za-z0-9';

/** Full-width ASCII → half-width; ideographic and no-break spaces → space; unify punctuation to the Chinese forms. */
export function normalizeChars(s: string): string {
  let t = s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2002-\u200b\u3000\t\ufeff]/g, ' ')
    .replace(/[\uff01-\uff5e]/g, (c) => {
      const h = String.fromCharCode(c.charCodeAt(0) - 0xfee0);
      // Keep the Chinese punctuation forms we unify to below.
      return '（）：；，？！'.includes(c) ? c : /[A-Za-z0-9.\-/]/.test(h) ? h : c;
    })
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/;/g, '；')
    .replace(/\?/g, '？')
    .replace(/!/g, '！')
    .replace(/(?<!\d):|:(?!\d)/g, '：')
    .replace(/,(?!\d)|(?<!\d),/g, '，')
    .replace(/[—–―]{1,2}|－|~|～/g, '—');
  // Document-number brackets: 西政办发[2016]13号, 西政办发（2016）13号 → 〔2016〕
  t = t.replace(new RegExp(`([${CJK}])\\s*[\\[［【（〔]\\s*(\\d{4})\\s*[\\]］】）〕]\\s*(\\d{1,4})\\s*号`, 'g'), '$1〔$2〕$3号');
  return t;
}

/** Remove spaces except between two ASCII word characters ("自 查报告" → "自查报告", "ISO 27001" kept). */
export function compactSpaces(line: string): string {
  return line
    .trim()
    .replace(/\s+/g, ' ')
    .replace(new RegExp(`(?<![${WORD}]) | (?![${WORD}])`, 'g'), '');
}

/** Spaces collapsed but kept (for lines where a space separates fields, e.g. "区政府办 郁卓"). */
export function collapseSpaces(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** Normalise a user question: characters, spacing, lower-case Latin. */
export function normalizeQuestion(q: string): string {
  return compactSpaces(normalizeChars(q).replace(/\n/g, ' ')).toLowerCase();
}

/** Sentences of a paragraph text: split after 。；！？ and line breaks. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[。；！？])|\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export interface DateMention {
  /** YYYY-MM-DD, or YYYY-MM for month-only mentions. */
  start: string;
  /** Range end (same precision), when the mention is a range. */
  end?: string;
  /** Day precision (false for "6月至11月"). */
  day: boolean;
  index: number;
  length: number;
  /** Followed by 前/之前 (a deadline). */
  before: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const DATE_PART = String.raw`(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})[日号])?`;
const DATE_RE = new RegExp(`${DATE_PART}(?:\\s*(?:至|到|—|-)\\s*${DATE_PART})?(之?前)?`, 'g');

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Date expressions in a text: 2016年6月22日至7月8日, 7月8日前, 6月至11月, 6月. Dates without a year take the
 * year last mentioned before them, else `defaultYear`.
 */
export function findDates(text: string, defaultYear: number): DateMention[] {
  const out: DateMention[] = [];
  let year = defaultYear;
  for (const m of text.matchAll(DATE_RE)) {
    const y1 = m[1] ? Number(m[1]) : year;
    const mo1 = Number(m[2]);
    const d1 = m[3] ? Number(m[3]) : undefined;
    const y2 = m[4] ? Number(m[4]) : y1;
    const mo2 = m[5] ? Number(m[5]) : undefined;
    const d2 = m[6] ? Number(m[6]) : undefined;
    year = m[4] ? y2 : y1;
    const day = d1 !== undefined && (mo2 === undefined || d2 !== undefined);
    if (mo1 < 1 || mo1 > 12 || (mo2 !== undefined && (mo2 < 1 || mo2 > 12))) continue;
    if (day && (!validDay(y1, mo1, d1 as number) || (mo2 !== undefined && !validDay(y2, mo2, d2 as number)))) continue;
    const fmt = (yy: number, mm: number, dd: number | undefined) => (day && dd !== undefined ? `${yy}-${pad(mm)}-${pad(dd)}` : `${yy}-${pad(mm)}`);
    out.push({
      start: fmt(y1, mo1, d1),
      end: mo2 !== undefined ? fmt(y2, mo2, d2) : undefined,
      day,
      index: m.index ?? 0,
      length: m[0].length,
      before: Boolean(m[7]),
    });
  }
  return out;
}
