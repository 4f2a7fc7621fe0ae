/**
 * Questions the notice answers only by what it leaves out: a document it does not ask for (等保测评报告), an
 * extension it does not provide, a form it lists without attaching it. Each reply says so honestly, then gives
 * what the notice does say (with its clauses), on this notice and on another one.
 */
import { at, firstLine, xichengEngine, yunxiEngine } from './support';

const NOW = at('2016-06-27T10:00:00+08:00');
const YUNXI_NOW = at('2019-05-10T10:00:00+08:00');
const sections = (a: { sources: Array<{ section: string }> }) => a.sources.map((s) => s.section);

describe('a document the notice does not ask units to hand in', () => {
  const engine = xichengEngine();

  it('says it is not required, names the required ones, and where the notice checks the subject', () => {
    for (const q of ['等保测评报告要交吗', '需要交等保备案证明吗', '我们要提交等级保护测评报告吗']) {
      const a = engine.answer(q, NOW);
      expect(firstLine(a.reply)).toMatch(/^通知没有要求单位报送/);
      expect(a.reply).toContain('《自查报告》和《政务信息系统安全检查情况报告表》');
      expect(a.reply).toContain('7月8日');
      expect(a.reply).toContain('定级、备案和测评');
      expect(sections(a)).toEqual(['八（一）', '五（二）']);
    }
  });

  it('still answers yes for what the notice requires', () => {
    const a = engine.answer('自查报告要交吗', NOW);
    expect(firstLine(a.reply)).toMatch(/^需要。《自查报告》/);
    expect(sections(a)).toEqual(['八（一）']);
    for (const q of ['纸质材料要盖章吗', '要刻光盘吗']) {
      const b = engine.answer(q, NOW);
      expect(firstLine(b.reply)).toMatch(/^需要。/);
      expect(sections(b)).toEqual(['八（一）']);
    }
  });

  it('works on another notice, without inventing a mention', () => {
    const a = yunxiEngine().answer('网站安全报告要交吗', YUNXI_NOW);
    expect(firstLine(a.reply)).toMatch(/^通知没有要求单位报送/);
    expect(a.reply).toContain('《网络安全自查表》和《自查工作报告》');
    expect(sections(a)).toEqual(['五（一）', '三（二）']);
    expect(firstLine(yunxiEngine().answer('自查表要交吗', YUNXI_NOW).reply)).toMatch(/^需要。/);
  });
});

describe('asking for an extension the notice does not provide', () => {
  it('says so, gives the deadline, what befalls late units and whom to ask', () => {
    for (const q of ['截止日期能延期吗', '可以晚几天交吗', '自查报告可以推迟几天交吗']) {
      const a = xichengEngine().answer(q, NOW);
      expect(firstLine(a.reply)).toMatch(/^通知没有关于延期报送的规定/);
      expect(a.reply).toContain('7月8日前报送区委机要局');
      expect(a.reply).toContain('现场抽查对象');
      expect(a.reply).toContain('88064740');
      expect(sections(a)).toEqual(['八（一）', '六（三）', '九（一）']);
    }
  });

  it('leaves "what if we are late" to the consequence answer', () => {
    expect(firstLine(xichengEngine().answer('晚交会怎样', NOW).reply)).not.toContain('延期');
  });

  it('names no consequence another notice does not state', () => {
    const a = yunxiEngine().answer('截止日期能延期吗', YUNXI_NOW);
    expect(firstLine(a.reply)).toMatch(/^通知没有关于延期报送的规定/);
    expect(a.reply).toContain('5月24日前报送区网信办');
    expect(a.reply).not.toContain('抽查对象');
    expect(sections(a)).toEqual(['五（一）']);
  });
});

describe('where to get a form the notice lists but does not attach', () => {
  it('says the notice does not attach it or say where to get it, and points to the attachment it has', () => {
    for (const q of ['情况报告表在哪下载', '报告表模板在哪', '情况报告表去哪里领']) {
      const a = xichengEngine().answer(q, NOW);
      expect(firstLine(a.reply)).toContain('没有附上《政务信息系统安全检查情况报告表》的具体内容');
      expect(firstLine(a.reply)).toContain('附件1 自查报告模版');
      expect(a.reply).toContain('88064490');
      expect(sections(a)).toEqual(['附件2', '附件1', '八（一）']);
    }
  });

  it('keeps the template answer for an attachment with content', () => {
    const a = xichengEngine().answer('自查报告模板在哪里', NOW);
    expect(firstLine(a.reply)).toMatch(/^《自查报告》的参考格式见附件1/);
    expect(sections(a)).toEqual(['附件1']);
  });

  it('works on another notice, whose listed-only attachment is the first one', () => {
    const a = yunxiEngine().answer('自查表在哪下载', YUNXI_NOW);
    expect(firstLine(a.reply)).toContain('没有附上《网络安全自查表》的具体内容');
    expect(firstLine(a.reply)).toContain('附件2 自查工作报告提纲');
    expect(sections(a)).toEqual(['附件1', '附件2', '五（一）']);
  });
});
