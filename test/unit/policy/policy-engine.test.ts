import fc from 'fast-check';
import type { Campaign } from '../../../domain/campaign';
import { POLICY_ACTION_PREFIX } from '../../../handlers/policy';
import { at, engineFor, firstLine, TZ, XICHENG_NOTICE, xichengEngine, yunxiEngine } from './support';

const NOW = at('2016-06-27T10:00:00+08:00');

describe('policy answers on the Xicheng notice', () => {
  const engine = xichengEngine();

  it('answers a deadline question with the date first, a short quote, and the citation', () => {
    const a = engine.answer('自查报告啥时候截止啊', NOW);
    expect(a.understood).toBe(true);
    expect(firstLine(a.reply)).toContain('2016年7月8日');
    expect(a.reply).toMatch(/原文：“.*7月8日前.*”/);
    expect(a.reply).toContain('依据：八、时间安排（一）信息安全自查、检测');
    expect(a.sources).toEqual([{ section: '八（一）', title: '八、时间安排（一）信息安全自查、检测' }]);
    expect(a.confidence).toBeGreaterThan(0.8);
  });

  it('names every mention of an activity that happens in two phases, unless the question names a round', () => {
    const both = firstLine(engine.answer('技术检测是什么时候', NOW).reply);
    expect(both).toContain('2016年8月1日至9月30日');
    // The other mention is the first round in the schedule (八（一）), not the overall 6月至11月 of 四（三）.
    expect(both).toContain('6月，北京市及西城区开展第一轮安全技术检测');
    expect(engine.answer('技术检测是什么时候', NOW).sources.map((x) => x.section)).toContain('八（一）');
    const second = engine.answer('第二轮技术检测什么时候', NOW).reply;
    expect(firstLine(second)).toContain('8月1日至9月30日');
    expect(second).not.toContain('另外');
    // A sentence elsewhere that shares only some words is not added (7月8日 belongs to the 自查 phase).
    const fix = engine.answer('整改反馈什么时候交', NOW).reply;
    expect(firstLine(fix)).toContain('9月30日');
    expect(fix).not.toContain('另外');
  });

  it('says where to hand the materials in and in which form', () => {
    expect(firstLine(engine.answer('材料交到哪', NOW).reply)).toContain('区委机要局（区密码管理局）');
    const form = firstLine(engine.answer('电子版怎么交', NOW).reply);
    expect(form).toContain('光盘');
    expect(form).toContain('公章');
    expect(firstLine(engine.answer('要不要盖章', NOW).reply)).toMatch(/^需要。/);
  });

  it('does not say yes to a medium the notice does not name', () => {
    const a = firstLine(engine.answer('电子版用U盘交可以吗', NOW).reply);
    expect(a).not.toMatch(/^(需要|可以)/);
    expect(a).toContain('刻光盘');
  });

  it('understands colloquial, misspelt and English questions', () => {
    expect(firstLine(engine.answer('子查报告交到哪里', NOW).reply)).toContain('区委机要局');
    expect(firstLine(engine.answer('When is the self-inspection report due?', NOW).reply)).toContain('7月8日');
    expect(firstLine(engine.answer('Who is responsible for inspecting the street offices?', NOW).reply)).toContain('区政府办');
  });

  it('answers who is responsible, from the notice’s 负责 clauses', () => {
    const a = engine.answer('党委系统的网络归谁检查', NOW);
    expect(firstLine(a.reply)).toMatch(/^由区密码管理局负责/);
    expect(a.sources.map((s) => s.section)).toEqual(['四（一）']);
  });

  it('answers yes/no questions with the yes first when the notice says so', () => {
    const a = engine.answer('可以委托检测机构吗', NOW);
    expect(firstLine(a.reply)).toMatch(/^可以。/);
    expect(a.reply).toContain('资质');
    expect(a.sources[0]?.section).toBe('九（二）');
  });

  it('lists the parts of a section when asked which ones', () => {
    const a = engine.answer('检查内容有哪些', NOW);
    expect(firstLine(a.reply)).toMatch(/^检查内容共8项：（一）安全管理制度落实情况；/);
    expect(a.sources[0]?.section).toBe('五');
  });

  it('counts days to the deadline from today', () => {
    expect(firstLine(engine.answer('自查报告还剩几天截止', at('2016-07-01T09:00:00+08:00')).reply)).toContain('还有7天');
    expect(firstLine(engine.answer('自查报告还剩几天截止', at('2016-07-08T18:00:00+08:00')).reply)).toContain('今天就是截止日');
    expect(firstLine(engine.answer('自查报告现在交还来得及吗', at('2016-07-10T09:00:00+08:00')).reply)).toContain('已经过了2天');
  });

  it('names the current phase, or the gap between phases', () => {
    const a = engine.answer('现在是什么阶段', at('2016-07-20T09:00:00+08:00'));
    expect(firstLine(a.reply)).toContain('“汇总分析、上报整改情况和自查报告”阶段');
    expect(a.sources.map((s) => s.section)).toEqual(['八（二）']);
    const gap = firstLine(engine.answer('现在是什么阶段', at('2016-10-03T09:00:00+08:00')).reply);
    expect(gap).toContain('不在任何阶段内');
    expect(gap).toContain('10月8日开始');
    expect(firstLine(engine.answer('现在是什么阶段', at('2016-12-10T09:00:00+08:00')).reply)).toContain('已经结束');
  });

  it('says what is due today, or that nothing is and what comes next', () => {
    expect(firstLine(engine.answer('今天有什么截止的吗', at('2016-07-08T08:00:00+08:00')).reply)).toContain('《自查报告》');
    const none = firstLine(engine.answer('今天有什么截止的吗', at('2016-07-01T08:00:00+08:00')).reply);
    expect(none).toContain('没有截止的事项');
    expect(none).toContain('下一个截止日期是7月8日');
  });

  it('answers questions about today that carry no other words', () => {
    expect(firstLine(engine.answer('现在该干什么', at('2016-06-28T10:00:00+08:00')).reply)).toContain('“信息安全自查、检测”阶段');
    expect(firstLine(engine.answer('本周有什么要交的', at('2016-07-04T10:00:00+08:00')).reply)).toContain('《自查报告》');
  });

  it('reads the time in the campaign timezone, not the instant’s offset', () => {
    // 2016-07-07T17:00Z is already 7月8日 in Beijing.
    expect(firstLine(engine.answer('自查报告还剩几天截止', at('2016-07-07T17:00:00Z')).reply)).toContain('今天就是截止日');
  });

  it('gives the contacts from the notice, filtered by office', () => {
    const a = engine.answer('机要局电话多少', NOW);
    expect(firstLine(a.reply)).toBe('区密码管理局联系人樊月辉，联系电话88064490。');
    expect(a.sources.map((s) => s.section)).toEqual(['落款']);
  });

  it('answers an off-topic question honestly: no sources, no options, says it does not know, gives the contacts', () => {
    for (const q of ['周末加班有调休吗', '给我讲个笑话', '北京明天会下雨吗', 'What is the weather like today?', '还有几天放假']) {
      const a = engine.answer(q, NOW);
      expect(a.understood).toBe(false);
      expect(a.sources).toEqual([]);
      expect(a.options).toBeUndefined();
      expect(a.reply).toContain('不太确定');
      expect(a.reply).toContain('郁卓 88064740');
      expect(a.confidence).toBeLessThan(0.5);
    }
  });

  it('is not sure about a question too vague to point at one clause', () => {
    const a = engine.answer('What does the inspection check?', NOW);
    expect(a.understood).toBe(false);
    expect(a.options?.length).toBeGreaterThan(0);
  });

  it('offers the closest sections when a question is about the inspection but not answered by it', () => {
    const a = engine.answer('检查组几个人', NOW);
    expect(a.understood).toBe(false);
    expect(a.sources).toEqual([]);
    expect(a.reply).toContain('您是不是想问');
    expect(a.options?.length).toBeGreaterThanOrEqual(2);
    expect(a.options?.length).toBeLessThanOrEqual(3);
    for (const o of a.options ?? []) {
      expect(o.action.startsWith(POLICY_ACTION_PREFIX)).toBe(true);
      const chosen = engine.answerSection(o.action.slice(POLICY_ACTION_PREFIX.length));
      expect(chosen?.sources[0]?.title).toBe(o.label);
    }
  });

  it('answers a chosen section with its text and rejects an unknown id', () => {
    const a = engine.answerSection('八（四）');
    expect(a?.reply).toContain('2016年10月8日至10月31日');
    expect(a?.sources).toEqual([{ section: '八（四）', title: '八、时间安排（四）信息安全现场抽查' }]);
    expect(engine.answerSection('十二（九）')).toBeUndefined();
  });
});

describe('campaign file corrections and contacts', () => {
  const offices = [
    { id: 'gov', name: '区政府办', aliases: ['政府办公室'], clause: '四（二）', responsibility: 'x', contactName: '张工', phone: '12345678' },
  ] as unknown as Campaign['offices'];
  const phases = [
    { id: 'self', name: '信息安全自查、检测', start: '2016-06-22', end: '2016-07-15', actors: ['units'], clause: '八（一）', summary: 'x' },
  ] as unknown as Campaign['phases'];
  const engine = engineFor({ noticeText: XICHENG_NOTICE, timezone: TZ, offices, phases });

  it('uses a corrected phase date from the campaign file', () => {
    expect(firstLine(engine.answer('自查阶段是什么时间', NOW).reply)).toContain('2016年6月22日至7月15日');
  });

  it('gives the campaign’s staff contacts and understands the campaign’s office aliases', () => {
    expect(engine.answer('给我讲个笑话', NOW).reply).toContain('张工 12345678');
    expect(firstLine(engine.answer('政府办公室负责哪些单位', NOW).reply)).toContain('15个街道办事处');
  });
});

describe('policy answers on a made-up notice (same code, different notice)', () => {
  const engine = yunxiEngine();
  const may = at('2019-05-10T10:00:00+08:00');

  it('answers deadline, recipient and form from that notice', () => {
    const a = engine.answer('自查表什么时候交', may);
    expect(firstLine(a.reply)).toContain('《网络安全自查表》的截止日期是2019年5月24日');
    expect(a.reply).toContain('依据：五、时间安排（一）部署自查');
    expect(firstLine(engine.answer('材料交到哪', may).reply)).toContain('区网信办');
  });

  it('knows its phases relative to today and its contacts', () => {
    expect(firstLine(engine.answer('现在是什么阶段', at('2019-06-10T09:00:00+08:00')).reply)).toContain('“远程检测”阶段');
    expect(firstLine(engine.answer('大数据中心电话', may).reply)).toContain('010-66019876');
  });

  it('does not answer about a topic that notice lacks, even one the other notice covers', () => {
    const a = engine.answer('等保测评要查吗', may);
    expect(a.sources).toEqual([]);
    expect(a.reply).toContain('李明 66012345');
  });
});

describe('robustness', () => {
  const engine = xichengEngine();

  it('answers any text without throwing, with a confidence in 0–1 and sources only when it understood', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 0, max: 400 }), (q, day) => {
        const a = engine.answer(q, at('2016-06-01T00:00:00+08:00').add(day, 'day'));
        expect(a.confidence).toBeGreaterThanOrEqual(0);
        expect(a.confidence).toBeLessThanOrEqual(1);
        if (!a.understood) expect(a.sources).toEqual([]);
        for (const s of a.sources) expect(engine.answerSection(s.section)?.sources[0]?.title).toBe(s.title);
      }),
      { numRuns: 300 },
    );
  });

  it('handles empty, huge and symbol-only questions as not understood', () => {
    for (const q of ['', '   ', '？？？', '😀😀', 'a'.repeat(5000)]) {
      const a = engine.answer(q, NOW);
      expect(a.understood).toBe(false);
      expect(a.reply).toContain('88064740');
    }
  });

  it('parses a text that is not a notice at all without inventing facts', () => {
    const engine2 = engineFor({ noticeText: '今天天气很好。\n我们去公园。', timezone: TZ });
    const a = engine2.answer('现在是什么阶段', NOW);
    expect(a.understood).toBe(false);
    expect(a.sources).toEqual([]);
  });
});
