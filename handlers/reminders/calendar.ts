/**
 * Working days and quiet hours for proactive messages. A day is a working day unless it is a weekend
 * (when the policy skips weekends) or a listed public holiday; a listed make-up working day (调休) is a
 * working day even on a weekend. Quiet hours wrap midnight (20:00–08:00).
 */
import type { ReminderPolicy } from '../../domain/campaign';
import { dayjs, type Dayjs } from '../../domain/time';

export class WorkCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;
  /** Memo of tz computations (they dominate planning time); bounded by the campaign's date range. */
  private readonly memo = new Map<string, unknown>();

  constructor(
    readonly policy: ReminderPolicy,
    readonly tz: string,
  ) {
    this.holidays = new Set(policy.holidays);
    this.workdays = new Set(policy.workdays);
  }

  /** `YYYY-MM-DD` of an instant in the campaign timezone. */
  dateOf(t: Dayjs): string {
    return t.tz(this.tz).format('YYYY-MM-DD');
  }

  private cached<T>(key: string, f: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = f();
    this.memo.set(key, v);
    return v;
  }

  isWorkingDay(date: string): boolean {
    return this.cached(`w${date}`, () => this.computeWorkingDay(date));
  }

  private computeWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    if (!this.policy.skipWeekends) return true;
    // A calendar date's weekday does not depend on the timezone; UTC parsing is much faster than tz.
    const wd = dayjs.utc(date).isoWeekday();
    return wd <= 5;
  }

  addDays(date: string, n: number): string {
    return this.cached(`a${date}${n}`, () => dayjs.utc(date).add(n, 'day').format('YYYY-MM-DD'));
  }

  /** Whole days from `from` to `to` (both `YYYY-MM-DD`), negative when `to` is earlier. */
  daysBetween(from: string, to: string): number {
    return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  }

  /** The working day on or before `date` (or on or after, with `dir = 1`). Bounded to 60 days. */
  workingDayFrom(date: string, dir: -1 | 1): string {
    let d = date;
    for (let i = 0; i < 60 && !this.isWorkingDay(d); i++) d = this.addDays(d, dir);
    return d;
  }

  /** The instant of `HH:mm` (default: the policy's sendAt) on `date`. */
  at(date: string, hhmm: string = this.policy.sendAt): Dayjs {
    return this.cached(`t${date}${hhmm}`, () => dayjs.tz(`${date} ${hhmm}`, 'YYYY-MM-DD HH:mm', this.tz));
  }

  /** True when `t` falls in quiet hours (no proactive sends at all). */
  isQuiet(t: Dayjs): boolean {
    const hm = t.tz(this.tz).format('HH:mm');
    const { start, end } = this.policy.quietHours;
    if (start === end) return false;
    return start < end ? hm >= start && hm < end : hm >= start || hm < end;
  }

  /** The next working day after today, at sendAt: where 稍后提醒 moves reminders to. */
  nextWorkingMorning(now: Dayjs): Dayjs {
    const today = this.dateOf(now);
    return this.at(this.workingDayFrom(this.addDays(today, 1), 1));
  }
}
