/**
 * "What's due" periods: the words people type map to the right Monday–Sunday week, day or month in
 * Asia/Shanghai, and questions that are not about duties are left to other intents.
 */
import { commandForm, cleanInput } from '../../../domain/input';
import { dayjs } from '../../../domain/time';
import { detectPeriod, periodRange } from '../../../handlers/due/period';

const TZ = 'Asia/Shanghai';
const detect = (text: string) => {
  const { norm } = cleanInput(text);
  return detectPeriod(norm, commandForm(norm));
};

describe('detectPeriod', () => {
  it.each([
    ['本周有什么要交的', 'thisWeek'],
    ['这周有什么要做的？', 'thisWeek'],
    ['下周有什么截止的', 'nextWeek'],
    ['今天有什么要交的', 'today'],
    ['明天截止什么', 'tomorrow'],
    ['本月有哪些要报送的', 'thisMonth'],
    ['逾期了什么', 'overdue'],
    ['有哪些逾期', 'overdue'],
    ["What's due this week?", 'thisWeek'],
    ['待办', 'thisWeek'],
  ])('%s → %s', (text, kind) => {
    expect(detect(text)).toBe(kind);
  });

  it.each(['自查报告交给谁？', '逾期会怎样', '本周天气怎么样', '开始自查', '帮助'])('leaves “%s” to other intents', (text) => {
    expect(detect(text)).toBeUndefined();
  });
});

describe('periodRange', () => {
  // 2016-07-10 is a Sunday; 23:30 on Sunday in Beijing is still the week of Monday 7-04.
  const sundayLate = dayjs('2016-07-10T23:30:00+08:00');

  it('runs weeks Monday to Sunday in the campaign timezone', () => {
    const p = periodRange('thisWeek', sundayLate, TZ);
    expect([p.start, p.end]).toEqual(['2016-07-04', '2016-07-10']);
    expect(p.label).toBe('本周（7月4日—7月10日）');
  });

  it('uses local time, not UTC, at the week boundary', () => {
    // 2016-07-10T16:30Z is Monday 00:30 in Beijing: a new week.
    const p = periodRange('thisWeek', dayjs('2016-07-10T16:30:00Z'), TZ);
    expect([p.start, p.end]).toEqual(['2016-07-11', '2016-07-17']);
  });

  it('computes next week, tomorrow, this month and overdue', () => {
    const now = dayjs('2016-07-04T09:00:00+08:00');
    expect(periodRange('nextWeek', now, TZ)).toMatchObject({ start: '2016-07-11', end: '2016-07-17' });
    expect(periodRange('tomorrow', now, TZ)).toMatchObject({ start: '2016-07-05', end: '2016-07-05' });
    expect(periodRange('thisMonth', now, TZ)).toMatchObject({ start: '2016-07-01', end: '2016-07-31' });
    expect(periodRange('overdue', now, TZ)).toMatchObject({ end: '2016-07-03', today: '2016-07-04' });
  });
});
