/**
 * Dates and the injectable clock. All campaign dates are calendar days in the campaign's timezone
 * (Asia/Shanghai for the shipped campaign); weeks run Monday to Sunday (ISO weeks).
 */
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import isoWeek from 'dayjs/plugin/isoWeek';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(isoWeek);
dayjs.extend(customParseFormat);

export { dayjs, type Dayjs };

/** The clock is injected everywhere; never call `dayjs()` or `Date.now()` in domain code for "now". */
export type Clock = () => Dayjs;

export const DEFAULT_TZ = 'Asia/Shanghai';

/** A clock that always returns the given instant, expressed in `tz`. */
export function fixedClock(iso: string, tz: string = DEFAULT_TZ): Clock {
  const at = dayjs(iso);
  if (!at.isValid()) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  const inTz = at.tz(tz);
  return () => inTz;
}

/** The real clock, expressed in `tz`. */
export function systemClock(tz: string = DEFAULT_TZ): Clock {
  return () => dayjs().tz(tz);
}

/** Strictly parse a `YYYY-MM-DD` calendar date (rejects 2016-02-30). Returns undefined when invalid. */
export function parseIsoDate(s: string, tz: string = DEFAULT_TZ): Dayjs | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const d = dayjs(s, 'YYYY-MM-DD', true);
  if (!d.isValid()) return undefined;
  return dayjs.tz(s, tz);
}

/** Midnight (start of day) of a `YYYY-MM-DD` date in `tz`. Throws on an invalid date. */
export function dayStart(date: string, tz: string = DEFAULT_TZ): Dayjs {
  const d = parseIsoDate(date, tz);
  if (!d) throw new RangeError(`not a calendar date: ${date}`);
  return d;
}

/** Whole calendar days from `now`'s date to `date` (negative when past), in `tz`. Throws on an invalid date. */
export function daysUntil(date: string, now: Dayjs, tz: string = DEFAULT_TZ): number {
  return daysBetween(isoDateOf(now, tz), date);
}

/** Whole calendar days from one `YYYY-MM-DD` date to another: plain calendar arithmetic, no timezone. */
export function daysBetween(from: string, to: string): number {
  return Math.round((calendarMs(to) - calendarMs(from)) / 86_400_000);
}

function calendarMs(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  // Date.UTC rolls 2016-02-30 over to March: a valid date is one that comes back unchanged.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return ms;
}

// The timezone plugin's conversion goes through Intl each time; one turn asks for the same instant's date
// many times (every deadline of a "what's due" view), so the last answer is kept.
let lastDate = { ms: Number.NaN, tz: '', date: '' };

/** `YYYY-MM-DD` of an instant in `tz`. */
export function isoDateOf(t: Dayjs, tz: string = DEFAULT_TZ): string {
  const ms = t.valueOf();
  if (ms === lastDate.ms && tz === lastDate.tz) return lastDate.date;
  const date = t.tz(tz).format('YYYY-MM-DD');
  lastDate = { ms, tz, date };
  return date;
}

// `format()` of a zoned instant goes through Intl too; a turn stamps several records with its one `now`.
const isoInstants = new WeakMap<Dayjs, string>();

/** `t.format()` (ISO 8601 with the zone's offset), computed once per Dayjs object. */
export function isoInstantOf(t: Dayjs): string {
  let iso = isoInstants.get(t);
  if (iso === undefined) {
    iso = t.format();
    isoInstants.set(t, iso);
  }
  return iso;
}

/** Chinese month/day form used in replies: 7月8日. */
export function cnDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return `${Number(m[2])}月${Number(m[3])}日`;
}

/** Full Chinese date: 2016年7月8日. */
export function cnFullDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}
