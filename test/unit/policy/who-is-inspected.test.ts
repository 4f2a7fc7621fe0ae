/**
 * "哪些单位要参加检查" asks who is inspected at all: the notice's addressees and the offices' remits (四（一）、四（二）),
 * not the spot-check candidates of 六（三）. "检查工作组有哪些部门" asks who founded the group (四's opening sentence).
 * Both on this notice and on another one.
 */
import { join } from 'node:path';
import { loadCampaign } from '../../../domain/campaign';
import { extractFacts } from '../../../handlers/policy/notice-facts';
import { parseNotice } from '../../../handlers/policy/notice-parser';
import { at, engineFor, firstLine, XICHENG_NOTICE, xichengEngine, YUNXI_NOTICE, yunxiEngine } from './support';

const NOW = at('2016-06-27T10:00:00+08:00');
const sections = (a: { sources: Array<{ section: string }> }) => a.sources.map((s) => s.section);

describe('which units are inspected', () => {
  const engine = xichengEngine();

  it('names the addressees and the groups of units from 四（一）、四（二）, not the spot-check objects', () => {
    for (const q of ['哪些单位要参加检查', '检查哪些单位', '被检查的单位有哪些', '哪些单位需要自查']) {
      const a = engine.answer(q, NOW);
      const line = firstLine(a.reply);
      expect(line).toContain('西城区各有关单位');
      expect(line).toContain('党委系统');
      expect(line).toContain('区级政府部门和15个街道办事处');
      expect(sections(a)).toEqual(expect.arrayContaining(['四（一）', '四（二）']));
      expect(sections(a)).not.toContain('六（三）');
      expect(sections(a)).not.toContain('九（一）');
      // Without a campaign file there is no unit list to count.
      expect(a.reply).not.toContain('不是通知原文');
    }
  });

  it('adds the clause in which the units do what was asked (自查)', () => {
    const a = engine.answer('哪些单位需要自查', NOW);
    expect(firstLine(a.reply)).toContain('各单位依据检查内容要求，组织开展自查');
    expect(sections(a)).toContain('六（一）');
  });

  it('counts the campaign file’s units, saying they are not the notice’s words', () => {
    const campaign = loadCampaign(join(__dirname, '..', '..', '..', 'campaigns', 'xicheng-2016'));
    const a = engineFor(campaign).answer('哪些单位要参加检查', NOW);
    expect(firstLine(a.reply)).toContain(`共${campaign.units.length}个单位`);
    expect(firstLine(a.reply)).toContain('不是通知原文');
    expect(sections(a)).toEqual(expect.arrayContaining(['四（一）', '四（二）']));
  });

  it('still answers spot-check and key-check questions from 六（三）and 九（一）', () => {
    const spot = engine.answer('现场抽查查哪些单位？', NOW);
    expect(sections(spot)).toEqual(['六（三）']);
    expect(spot.reply).toContain('重要信息系统多');
    const key = engine.answer('哪些单位会被重点检查', NOW);
    expect(sections(key)).toEqual(['九（一）']);
    expect(key.reply).toContain('整改不到位');
  });

  it('leaves who-does-the-checking questions to the remit clauses', () => {
    const a = engine.answer('党委系统的网络归谁检查', NOW);
    expect(sections(a)).toEqual(['四（一）']);
  });

  it('works on another notice: its addressees and its 职责分工 clauses', () => {
    const when = at('2019-05-10T10:00:00+08:00');
    const a = yunxiEngine().answer('哪些单位要参加检查', when);
    expect(firstLine(a.reply)).toContain('区各委办局、各街道（乡镇）');
    expect(firstLine(a.reply)).toContain('区网信办负责');
    expect(sections(a)).toEqual(expect.arrayContaining(['二（一）', '二（二）']));
    const self = yunxiEngine().answer('哪些单位需要自查', when);
    expect(sections(self)).toContain('五（一）');
  });

  it('reads the addressee line of both notices', () => {
    expect(extractFacts(parseNotice(XICHENG_NOTICE)).addressee).toBe('西城区各有关单位');
    expect(extractFacts(parseNotice(YUNXI_NOTICE)).addressee).toBe('区各委办局、各街道（乡镇）');
  });
});

describe('who makes up the working group', () => {
  const engine = xichengEngine();

  it('answers from 四’s opening sentence: the offices that jointly founded it', () => {
    for (const q of ['检查工作组有哪些部门', '检查工作组由谁组成', '工作组的成员有哪些', '检查组由哪几个部门组成']) {
      const a = engine.answer(q, NOW);
      expect(firstLine(a.reply)).toMatch(/检查工作组由区政府办、区密码管理局（区委机要局）联合成立/);
      expect(sections(a)).toEqual(['四']);
    }
  });

  it('does not take what the group does for who it is', () => {
    expect(sections(engine.answer('检查工作组检查哪些单位', NOW))).not.toEqual(['四']);
  });

  it('invents no members on a notice that founds no group', () => {
    const a = yunxiEngine().answer('检查工作组有哪些部门', at('2019-05-10T10:00:00+08:00'));
    expect(a.reply).not.toMatch(/联合成立/);
  });
});
