/**
 * "What's due" periods: the words people use (本周/这周/下周/今天/明天/本月/逾期, "this week") turned into an
 * inclusive range of calendar days in the campaign's timezone. Weeks run Monday to Sunday (ISO weeks).
 */
import { cnDate, dayjs, isoDateOf, type Dayjs } from '../../domain/time';

export const PERIOD_KINDS = ['today', 'tomorrow', 'thisWeek', 'nextWeek', 'thisMonth', 'overdue'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** Inclusive `YYYY-MM-DD` bounds. For `overdue`: start is far in the past, end is yesterday. */
  start: string;
  end: string;
  /** Today in the campaign timezone. */
  today: string;
  /** How the period is named in replies: 本周（7月4日—7月10日）. */
  label: string;
}

const PERIOD_WORDS: { kind: PeriodKind; re: RegExp }[] = [
  { kind: 'overdue', re: /逾期|过期|超期|超时|迟交|overdue|\blate\b/ },
  { kind: 'nextWeek', re: /下周|下个?星期|下礼拜|next\s*week/ },
  { kind: 'thisWeek', re: /本周|这周|这个?星期|本星期|这礼拜|this\s*week/ },
  { kind: 'tomorrow', re: /明天|明日|tomorrow/ },
  { kind: 'today', re: /今天|今日|today/ },
  { kind: 'thisMonth', re: /本月|这个?月|this\s*month/ },
];

/** Words that make a period question about duties ("要交", "截止", "due" ...). */
const DUE_WORDS = /要交|要报|要做|要干|要完成|要提交|要报送|截止|到期|待办|要办|有什么事|有啥|有什么|有哪些|什么任务|任务|due|deadline|to\s*do|todo/;

/** Whole commands that ask "what's due" without naming a period (this week is meant). */
const BARE_COMMANDS = new Set(['待办', '我的待办', '待办事项', '有什么要交的', '有什么要做的', '要交什么', "what'sdue", 'whatsdue', 'whatisdue', 'due', 'todo']);

/** The period a question asks about, or undefined when it is not a "what's due" question. */
export function detectPeriod(norm: string, command: string): PeriodKind | undefined {
  if (BARE_COMMANDS.has(command)) return 'thisWeek';
  const kind = PERIOD_WORDS.find((p) => p.re.test(norm))?.kind;
  if (!kind) return undefined;
  if (kind === 'overdue') {
    // 逾期了什么 / 有哪些逾期 / 逾期事项 / overdue? — but not "逾期会怎样" (a policy question).
    return /什么|哪些|哪个|吗|事项|清单|情况|单位|列表|\?|？|what|which|list|^逾期$|^overdue$/.test(norm) && !/怎么办|会怎样|后果|处罚|怎么处理/.test(norm)
      ? 'overdue'
      : undefined;
  }
  return DUE_WORDS.test(norm) ? kind : undefined;
}

function fmtRange(start: string, end: string): string {
  return start === end ? cnDate(start) : `${cnDate(start)}—${cnDate(end)}`;
}

/** The date range of a period, relative to `now` in `tz`. */
export function periodRange(kind: PeriodKind, now: Dayjs, tz: string): Period {
  // Calendar arithmetic on the local date (as a UTC day): only "today" needs the timezone.
  const todayS = isoDateOf(now, tz);
  const today = dayjs.utc(todayS);
  const d = (x: Dayjs) => x.format('YYYY-MM-DD');
  switch (kind) {
    case 'today':
      return { kind, start: todayS, end: todayS, today: todayS, label: `今天（${cnDate(todayS)}）` };
    case 'tomorrow': {
      const t = d(today.add(1, 'day'));
      return { kind, start: t, end: t, today: todayS, label: `明天（${cnDate(t)}）` };
    }
    case 'thisWeek': {
      const s = d(today.isoWeekday(1));
      const e = d(today.isoWeekday(7));
      return { kind, start: s, end: e, today: todayS, label: `本周（${fmtRange(s, e)}）` };
    }
    case 'nextWeek': {
      const s = d(today.isoWeekday(1).add(7, 'day'));
      const e = d(today.isoWeekday(7).add(7, 'day'));
      return { kind, start: s, end: e, today: todayS, label: `下周（${fmtRange(s, e)}）` };
    }
    case 'thisMonth': {
      const s = d(today.startOf('month'));
      const e = d(today.endOf('month'));
      return { kind, start: s, end: e, today: todayS, label: `本月（${fmtRange(s, e)}）` };
    }
    case 'overdue':
      return { kind, start: '0000-01-01', end: d(today.subtract(1, 'day')), today: todayS, label: `截至${cnDate(todayS)}已逾期` };
  }
}

export function inPeriod(date: string, p: Period): boolean {
  return date >= p.start && date <= p.end;
}
