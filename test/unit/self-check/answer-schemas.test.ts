import { join } from 'node:path';
import { loadCampaign, type Question } from '../../../domain/campaign';
import { fixedClock } from '../../../domain/time';
import { answerSchema, followUpSchema, formatAnswer, isNegative, looksLikeMarkup, naReasonSchema, parseDate, parseYesNo } from '../../../dialogs/answer-schemas';

const campaign = loadCampaign(join(__dirname, '../../../campaigns/xicheng-2016'));
const q = (id: string): Question => {
  const found = campaign.allQuestions().find((x) => x.question.id === id)?.question;
  if (!found) throw new Error(id);
  return found;
};
// Monday 27 June 2016, 10:00 in Beijing.
const now = fixedClock('2016-06-27T10:00:00+08:00')();
const parse = (id: string, text: string) => answerSchema(q(id), { now }).safeParse(text);
const ok = (id: string, text: string) => {
  const r = parse(id, text);
  if (!r.success) throw new Error(`${text}: ${r.error.issues[0]?.message}`);
  return r.data;
};
const err = (id: string, text: string) => {
  const r = parse(id, text);
  if (r.success) throw new Error(`${text} should fail`);
  return r.error.issues[0]?.message ?? '';
};

describe('yes/no answers', () => {
  it.each([
    ['是', '是'], ['有', '是'], ['对', '是'], ['已', '是'], ['YES', '是'], ['y', '是'], ['是的。', '是'], ['１', '是'],
    ['否', '否'], ['没有', '否'], ['无', '否'], ['未', '否'], ['no', '否'], ['N', '否'],
    ['部分', '部分'], ['部分完成', '部分'], ['不适用', '不适用'], ['不涉及', '不适用'], ['4', '不适用'],
  ])('%s → %s', (text, v) => expect(ok('sm-policy', text)).toEqual({ t: 'yesno', v }));

  it('keeps an explanation after the answer word as a note (不适用 + reason in one message)', () => {
    expect(ok('dj-filing', '不适用，本单位没有二级以上系统')).toEqual({ t: 'yesno', v: '不适用', note: '本单位没有二级以上系统' });
    expect(ok('sm-media', '没有：介质台账还没建')).toEqual({ t: 'yesno', v: '否', note: '介质台账还没建' });
  });

  it('rejects other words with a hint naming the four answers', () => {
    expect(err('sm-policy', '也许')).toMatch(/是 \/ 否 \/ 部分 \/ 不适用/);
    expect(parseYesNo('有点')).toBeUndefined();
    expect(parseYesNo('是否')).toBeUndefined();
  });

  it('a reason for 不适用 must say something, and may not be markup', () => {
    expect(naReasonSchema.safeParse('无').success).toBe(false);
    expect(naReasonSchema.safeParse('<font color="red">x</font>').success).toBe(false);
    expect(naReasonSchema.safeParse('没有三级系统').success).toBe(true);
  });
});

describe('choice and multi answers', () => {
  it('accepts a number, the label, or a unique part of it', () => {
    expect(ok('dj-grading', '2')).toEqual({ t: 'choice', v: '部分定级' });
    expect(ok('dj-grading', '第3项')).toEqual({ t: 'choice', v: '未定级' });
    expect(ok('dj-grading', '已全部定级')).toEqual({ t: 'choice', v: '已全部定级' });
    expect(ok('dj-grading', '无信息系统')).toEqual({ t: 'choice', v: '本单位无信息系统' });
    expect(err('dj-grading', '5')).toMatch(/不是本题的选项.*1–4/);
    expect(err('wb-nature', '企业')).toMatch(/不是本题的选项/); // ambiguous: three options contain 企业
  });

  it('multi: numbers or labels separated by 、,，space; kept in campaign order, no duplicates', () => {
    expect(ok('wb-category', '3、1')).toEqual({ t: 'multi', v: ['系统开发', '安全服务'] });
    expect(ok('wb-category', '运行维护，系统开发 运行维护')).toEqual({ t: 'multi', v: ['系统开发', '运行维护'] });
    expect(ok('wb-category', '1,2,3')).toEqual({ t: 'multi', v: ['系统开发', '运行维护', '安全服务'] });
    expect(err('wb-category', '1、9')).toMatch(/“9”不是本题的选项/);
  });

  it('negative options and answers open follow-ups', () => {
    expect(isNegative({ t: 'choice', v: '未定级' }, q('dj-grading'))).toBe(true);
    expect(isNegative({ t: 'choice', v: '已全部定级' }, q('dj-grading'))).toBe(false);
    expect(isNegative({ t: 'yesno', v: '部分' }, q('sm-policy'))).toBe(true);
    expect(isNegative({ t: 'yesno', v: '不适用', note: 'x' }, q('sm-policy'))).toBe(false);
  });
});

describe('number answers', () => {
  it('accepts digits, full-width digits, units and small Chinese numerals', () => {
    expect(ok('dj-systems', '3')).toEqual({ t: 'number', v: 3 });
    expect(ok('dj-systems', '１２个')).toEqual({ t: 'number', v: 12 });
    expect(ok('dj-systems', '共5个')).toEqual({ t: 'number', v: 5 });
    expect(ok('dj-systems', '二十一')).toEqual({ t: 'number', v: 21 });
    expect(ok('dj-systems', '零')).toEqual({ t: 'number', v: 0 });
  });
  it('rejects with a specific message', () => {
    expect(err('dj-systems', '很多')).toMatch(/请输入一个数字/);
    expect(err('dj-systems', '1.5')).toMatch(/整数/);
    expect(err('dj-systems', '501')).toMatch(/不能大于 500/);
    expect(err('dj-systems', '-2')).toMatch(/不能小于 0/);
  });
});

describe('date answers (clock: Monday 2016-06-27)', () => {
  it.each([
    ['2016-07-08', '2016-07-08'], ['2016/7/8', '2016-07-08'], ['2016年7月8日', '2016-07-08'], ['7月8日', '2016-07-08'], ['7月8号', '2016-07-08'],
    ['7.8', '2016-07-08'], ['7-8', '2016-07-08'], ['7/8', '2016-07-08'], ['今天', '2016-06-27'], ['明天', '2016-06-28'], ['后天', '2016-06-29'],
    ['昨天', '2016-06-26'], ['本周三', '2016-06-29'], ['这周五', '2016-07-01'], ['周五', '2016-07-01'], ['下周五', '2016-07-08'], ['下周一', '2016-07-04'],
    ['下星期日', '2016-07-10'], ['上周五', '2016-06-24'],
  ])('%s → %s', (text, date) => expect(parseDate(text, now)).toBe(date));

  it('is strict about impossible dates and says so', () => {
    expect(parseDate('2月30日', now)).toBe('invalid');
    expect(parseDate('2016-13-01', now)).toBe('invalid');
    expect(err('yj-drill-date', '2月30日')).toMatch(/不是一个存在的日期/);
    expect(err('yj-drill-date', '过几天')).toMatch(/没有看懂日期/);
  });

  it('a planned remediation date may not lie in the past', () => {
    const planned = campaign.defaultFollowUps.find((f) => f.role === 'plannedDate');
    if (!planned) throw new Error('no plannedDate follow-up');
    const r = followUpSchema(planned, { now }).safeParse('6月1日');
    expect(r.success).toBe(false);
    expect(r.success ? '' : r.error.issues[0]?.message).toMatch(/不能早于今天/);
    expect(followUpSchema(planned, { now }).safeParse('下周五').success).toBe(true);
  });
});

describe('text answers', () => {
  it('keeps the wording; an answer containing 帮助 is an answer', () => {
    expect(ok('sm-other', '需要帮助：机房空间不足')).toEqual({ t: 'text', v: '需要帮助：机房空间不足' });
  });
  it('enforces maxLength and rejects card markup', () => {
    expect(err('sm-other', '字'.repeat(501))).toMatch(/不超过 500 字/);
    expect(err('sm-other', '{"tag":"div","text":{"tag":"lark_md","content":"x"}}')).toMatch(/卡片代码/);
    expect(looksLikeMarkup('<at user_id="all">所有人</at>')).toBe(true);
    expect(looksLikeMarkup('a < b 且 c > d')).toBe(false);
  });
  it('formats answers for summaries', () => {
    expect(formatAnswer({ t: 'number', v: 3 }, q('dj-systems'))).toBe('3个');
    expect(formatAnswer({ t: 'yesno', v: '不适用', note: '无三级系统' })).toBe('不适用（无三级系统）');
  });
});
