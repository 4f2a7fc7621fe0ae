/**
 * Common English questions get the answer their Chinese form gets: the translation knows inflected and hyphenated
 * words (spot-checked, rounds, submitted), the working group ("inspection team"), burning a CD and the schedule
 * as a whole; and the Chinese forms that were weak (我需要提交什么, 技术检测有几轮) are answered from the notice.
 * Checked on the real notice and on another one.
 */
import { translateEnglish } from '../../../handlers/policy/tokenizer';
import { at, firstLine, xichengEngine, yunxiEngine } from './support';

const NOW = at('2016-06-27T10:00:00+08:00');
const YUNXI_NOW = at('2019-05-10T10:00:00+08:00');
const sections = (a: { sources: Array<{ section: string }> }) => a.sources.map((s) => s.section);

describe('English translation', () => {
  it('reads inflected and hyphenated forms as the glossary words', () => {
    expect(translateEnglish('which units will be spot-checked？')).toBe('哪些单位现场抽查？');
    expect(translateEnglish('how many rounds of technical testing are there？')).toBe('多少轮技术检测');
    expect(translateEnglish('what needs to be submitted？')).toBe('什么需要报送？');
    expect(translateEnglish("what's the inspection team's phone number？")).toBe('什么检查工作组电话？');
    expect(translateEnglish('do we need to burn a cd？')).toBe('需要刻光盘？');
  });
});

describe('English questions answered like their Chinese forms', () => {
  const engine = xichengEngine();

  it('gives the contacts for the inspection team’s phone number', () => {
    const zh = engine.answer('检查组的电话是多少', NOW);
    for (const q of ['What is the phone number of the inspection team?', "What's the inspection team's phone number?"]) {
      const a = engine.answer(q, NOW);
      expect(a.understood).toBe(true);
      expect(firstLine(a.reply)).toBe(firstLine(zh.reply));
      expect(firstLine(a.reply)).toContain('郁卓，联系电话88064740');
      expect(firstLine(a.reply)).toContain('樊月辉，联系电话88064490');
    }
  });

  it('gives the spot-check objects (六（三）) for which units are spot-checked', () => {
    for (const q of ['Which units will be spot-checked?', 'Which units are selected for on-site inspection?', '现场抽查查哪些单位？']) {
      const a = engine.answer(q, NOW);
      expect(sections(a)).toEqual(['六（三）']);
      expect(a.reply).toContain('抽查对象包括重要信息系统多');
    }
  });

  it('gives what units hand in (八（一）), not the district’s summary (八（二）)', () => {
    for (const q of ['What do I need to submit?', 'What needs to be submitted?', '我需要提交什么', '需要交什么材料', '要交哪些']) {
      const a = engine.answer(q, NOW);
      expect(sections(a)).toEqual(['八（一）']);
      expect(firstLine(a.reply)).toContain('《自查报告》和《政务信息系统安全检查情况报告表》');
      expect(firstLine(a.reply)).toContain('7月8日前报送区委机要局');
      expect(a.reply).toContain('电子版（刻光盘）');
      expect(a.reply).toContain('加盖单位公章');
    }
  });

  it('says yes to burning a CD', () => {
    for (const q of ['Do we need to burn a CD?', 'Should the materials be burned to a disc?', '要刻光盘吗']) {
      const a = engine.answer(q, NOW);
      expect(firstLine(a.reply)).toMatch(/^需要。/);
      expect(firstLine(a.reply)).toContain('电子版（刻光盘）');
      expect(sections(a)).toEqual(['八（一）']);
    }
  });

  it('gives both rounds of technical testing, with their clauses', () => {
    for (const q of ['How many rounds of technical testing are there?', 'How many times will technical testing be done?', '技术检测有几轮']) {
      const a = engine.answer(q, NOW);
      const line = firstLine(a.reply);
      expect(line).toMatch(/^共两轮/);
      expect(line).toContain('第一轮');
      expect(line).toContain('6月');
      expect(line).toContain('第二轮（2016年8月1日至9月30日）');
      expect(sections(a).slice(0, 2)).toEqual(['八（一）', '八（三）']);
      expect(sections(a)).toContain('六（二）');
    }
  });

  it('gives the phases of 八 for the schedule and the overall timeline', () => {
    const zh = engine.answer('时间安排是怎样的', NOW);
    for (const q of ['What is the overall timeline?', 'What is the schedule?', 'What are the phases of the inspection?']) {
      const a = engine.answer(q, NOW);
      expect(firstLine(a.reply)).toBe(firstLine(zh.reply));
      expect(firstLine(a.reply)).toMatch(/^本次检查分为5个阶段/);
      expect(sections(a)).toEqual(['八']);
    }
  });
});

describe('on another notice', () => {
  const engine = yunxiEngine();

  it('gives its own contacts, schedule, deliverables and on-site checks', () => {
    expect(firstLine(engine.answer('What is the phone number of the inspection team?', YUNXI_NOW).reply)).toContain('李明，联系电话66012345');
    expect(firstLine(engine.answer('What is the overall timeline?', YUNXI_NOW).reply)).toMatch(/^本次检查分为4个阶段/);
    const submit = engine.answer('What do I need to submit?', YUNXI_NOW);
    expect(firstLine(submit.reply)).toContain('《网络安全自查表》和《自查工作报告》');
    expect(sections(submit)).toEqual(['五（一）']);
    for (const q of ['Which units will be spot-checked?', '现场抽查查哪些单位']) {
      const a = engine.answer(q, YUNXI_NOW);
      expect(a.understood).toBe(true);
      expect(sections(a)).toEqual(['五（三）']);
    }
  });

  it('does not say yes to a CD the notice does not ask for', () => {
    for (const q of ['Do we need to burn a CD?', '要刻光盘吗']) {
      const line = firstLine(engine.answer(q, YUNXI_NOW).reply);
      expect(line).toMatch(/^通知没有要求刻光盘/);
      expect(line).toContain('电子版（发送至邮箱）');
    }
  });

  it('leaves rounds to the general search when the notice numbers none', () => {
    const a = engine.answer('How many rounds of technical testing are there?', YUNXI_NOW);
    expect(a.reply).not.toContain('共两轮');
  });
});
