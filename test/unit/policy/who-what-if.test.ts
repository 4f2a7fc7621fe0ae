/**
 * Questions users found answered weakly: who does an activity, to whom a unit reports what the notice names no
 * recipient for, what happens when a unit is late, who signs, which systems are inspected. Each must cite the
 * clause that answers it (not one that merely shares words), on this notice and on another one.
 */
import { join } from 'node:path';
import { loadCampaign } from '../../../domain/campaign';
import { isConsequenceQuestion } from '../../../handlers/policy';
import { at, engineFor, firstLine, TZ, XICHENG_NOTICE, xichengEngine, yunxiEngine } from './support';

const NOW = at('2016-06-27T10:00:00+08:00');
const sections = (a: { sources: Array<{ section: string }> }) => a.sources.map((s) => s.section);

describe('who does an activity the notice has no 负责 clause for', () => {
  const engine = xichengEngine();

  it('names the working group that does the on-site spot checks, not the 谁主管谁负责 principle', () => {
    for (const q of ['现场抽查由谁负责？', '谁来做现场抽查', 'Who is responsible for the on-site spot checks?']) {
      const a = engine.answer(q, NOW);
      expect(firstLine(a.reply)).toMatch(/^由安全检查工作组负责/);
      expect(firstLine(a.reply)).toContain('区政府办、区密码管理局（区委机要局）联合成立');
      expect(sections(a)).toContain('六（三）');
      expect(sections(a)).toContain('四');
      expect(sections(a)).not.toContain('二（一）');
    }
  });

  it('names every office that does it, and only the one a narrower question is about', () => {
    const both = engine.answer('技术检测由哪个部门负责', NOW);
    expect(firstLine(both.reply)).toMatch(/^由区政府办、区密码管理局负责/);
    expect(sections(both)).toEqual(['六（二）']);
    expect(firstLine(engine.answer('政务内网的技术检测由谁组织', NOW).reply)).toMatch(/^由区密码管理局负责/);
    expect(firstLine(engine.answer('谁来组织自查', NOW).reply)).toMatch(/^由各单位负责/);
  });

  it('keeps the 负责 clauses for the offices’ own remits', () => {
    const a = engine.answer('党委系统的网络归谁检查', NOW);
    expect(firstLine(a.reply)).toMatch(/^由区密码管理局负责/);
    expect(sections(a)).toEqual(['四（一）']);
  });

  it('works on another notice: the doer and the office it works with', () => {
    const a = yunxiEngine().answer('现场检查由谁负责', at('2019-05-10T10:00:00+08:00'));
    expect(firstLine(a.reply)).toMatch(/^由区网信办会同区大数据中心负责/);
    expect(sections(a)).toEqual(['五（三）']);
  });
});

describe('to whom, when the notice names no recipient', () => {
  const campaign = loadCampaign(join(__dirname, '..', '..', '..', 'campaigns', 'xicheng-2016'));
  const withCampaign = engineFor(campaign);

  it('says the notice does not say, gives the campaign file’s recipient as such, and quotes the closest clauses', () => {
    for (const q of ['整改结果反馈给谁', '整改情况报给谁', '整改反馈交给哪个部门']) {
      const a = withCampaign.answer(q, NOW);
      expect(firstLine(a.reply)).toMatch(/^通知原文没有写明/);
      expect(firstLine(a.reply)).toContain('报送区政府办');
      expect(firstLine(a.reply)).toContain('不是通知原文');
      expect(sections(a)).toContain('八（二）');
      // 七 is the working group's feedback to the units: the other direction.
      expect(sections(a)).not.toContain('七');
    }
  });

  it('on the notice alone, says it does not say and who to ask, without inventing a recipient', () => {
    const a = xichengEngine().answer('整改结果反馈给谁', NOW);
    expect(firstLine(a.reply)).toMatch(/^通知原文没有写明整改结果反馈给谁/);
    expect(a.reply).not.toContain('报送区政府办');
    expect(a.reply).toContain('郁卓 88064740');
    expect(sections(a)).toContain('八（二）');
  });

  it('still answers from the notice where it does name the recipient', () => {
    const a = withCampaign.answer('评定情况反馈给谁', NOW);
    expect(a.reply).toContain('向各单位反馈');
    expect(a.reply).not.toContain('没有写明');
    expect(sections(a)).toEqual(['七']);
    expect(firstLine(withCampaign.answer('自查报告交给谁', NOW).reply)).toContain('区委机要局');
  });
});

describe('what happens when a unit is late', () => {
  const engine = xichengEngine();

  it('cites who becomes a spot-check target, and what the results count for, and says there is no other penalty', () => {
    for (const q of ['不交自查报告会怎样', '不按时报送有什么后果', 'Is there a penalty for late submission?']) {
      const a = engine.answer(q, NOW);
      expect(firstLine(a.reply)).toContain('现场抽查对象');
      expect(a.reply).toContain('未及时提交自查报告');
      expect(a.reply).toContain('绩效考评');
      expect(a.reply).toContain('通知没有写明其他处罚措施');
      expect(sections(a)).toEqual(expect.arrayContaining(['六（三）', '九（一）', '九（四）']));
    }
  });

  it('adds the deadline when the question names the document', () => {
    expect(engine.answer('不交自查报告会怎样', NOW).reply).toContain('还有11天');
    expect(firstLine(engine.answer('自查报告现在交还来得及吗', at('2016-07-10T09:00:00+08:00')).reply)).toContain('已经过了2天');
  });

  it('is not sure on a notice that says nothing about it', () => {
    const a = yunxiEngine().answer('逾期会怎样', at('2019-05-10T10:00:00+08:00'));
    expect(a.understood).toBe(false);
    expect(a.reply).toContain('李明 66012345');
  });

  it('tells the router a consequence question from a “what is overdue” one', () => {
    for (const q of ['Is there a penalty for late submission?', '逾期有什么影响', '不按时报送有什么后果', '逾期会被处罚吗']) {
      expect(isConsequenceQuestion(q)).toBe(true);
    }
    for (const q of ['逾期了什么', '有哪些逾期', 'What is overdue?', '本周有什么要交的', '自查中发现问题怎么办']) {
      expect(isConsequenceQuestion(q)).toBe(false);
    }
  });
});

describe('a word the notice never uses', () => {
  it('says the notice does not mention signing, and quotes the seal requirement', () => {
    const engine = xichengEngine();
    for (const q of ['自查报告谁签字', 'Who signs the self-check report?']) {
      const a = engine.answer(q, NOW);
      expect(firstLine(a.reply)).toMatch(/^通知没有提到签字，也没有规定由谁签字/);
      expect(firstLine(a.reply)).toContain('加盖单位公章');
      expect(sections(a)).toEqual(['八（一）']);
    }
    expect(firstLine(engine.answer('自查报告要领导签字吗', NOW).reply)).toMatch(/^通知没有提到签字。/);
  });

  it('does not say so of a notice that does require a signature', () => {
    const signed = engineFor({ noticeText: XICHENG_NOTICE.replace('加盖单位公章', '加盖单位公章并由单位主要负责人签字'), timezone: TZ });
    expect(signed.answer('自查报告谁签字', NOW).reply).not.toContain('没有提到签字');
  });

  it('works on another notice’s seal requirement', () => {
    const a = yunxiEngine().answer('自查表谁签字', at('2019-05-10T10:00:00+08:00'));
    expect(firstLine(a.reply)).toContain('加盖公章');
    expect(sections(a)).toEqual(['五（一）']);
  });
});

describe('which systems are inspected', () => {
  it('answers from the scope section', () => {
    const engine = xichengEngine();
    for (const q of ['哪些系统要检查', '检查哪些系统', 'Which systems are inspected?']) {
      const a = engine.answer(q, NOW);
      expect(a.understood).toBe(true);
      expect(a.reply).toContain('电子政务信息系统');
      expect(a.reply).toContain('政务云平台');
      expect(sections(a)[0]).toMatch(/^三/);
    }
  });
});
