import { CLOSING_ID, PREAMBLE_ID, parseNotice } from '../../../handlers/policy/notice-parser';
import { findDates, normalizeQuestion } from '../../../handlers/policy/text-normalize';
import { XICHENG_NOTICE, YUNXI_NOTICE } from './support';

describe('notice parser on the Xicheng 2016 notice', () => {
  const notice = parseNotice(XICHENG_NOTICE);
  const byId = new Map(notice.sections.map((s) => [s.id, s]));

  it('finds the nine top-level sections in order, with their headings', () => {
    const top = notice.sections.filter((s) => s.kind === 'body' && !s.parent);
    expect(top.map((s) => s.id)).toEqual(['一', '二', '三', '四', '五', '六', '七', '八', '九']);
    expect(top.map((s) => s.heading)).toEqual(['检查目的', '检查原则', '检查范围', '工作组织', '检查内容', '检查方式', '检查结果评定', '时间安排', '相关工作要求']);
  });

  it('finds the numbered clauses under their sections, with citation titles', () => {
    expect(byId.get('五')?.children).toEqual(['五（一）', '五（二）', '五（三）', '五（四）', '五（五）', '五（六）', '五（七）', '五（八）']);
    expect(byId.get('八')?.children).toEqual(['八（一）', '八（二）', '八（三）', '八（四）', '八（五）']);
    expect(byId.get('八（一）')?.title).toBe('八、时间安排（一）信息安全自查、检测');
    expect(byId.get('五（四）')?.title).toBe('五、检查内容（四）整合防护情况');
    // A clause whose first sentence is long has no heading of its own.
    expect(byId.get('二（一）')?.title).toBe('二、检查原则（一）');
  });

  it('reads attachment 1 and its parts, and attachment 2 from the attachment list', () => {
    expect(byId.get('附件1')?.heading).toBe('自查报告模版');
    expect(byId.get('附件1')?.children).toEqual(['附件1-一', '附件1-二', '附件1-三', '附件1-四']);
    expect(byId.get('附件1-三')?.heading).toBe('检查发现的主要问题及整改情况');
    expect(byId.get('附件2')?.heading).toBe('政务信息系统安全检查情况报告表');
  });

  it('joins lines broken mid-sentence and normalises half-width punctuation', () => {
    expect(byId.get('六（一）')?.text).toContain('对自查过程中发现的问题和薄弱环节，要及时组织整改。');
    expect(byId.get('八（一）')?.text).toContain('时间：2016年6月22日至7月8日。');
    expect(byId.get('四')?.text).toContain('区密码管理局（区委机要局）');
  });

  it('keeps the title and opening in 首段 and the signature and contacts in 落款, and drops the web page around it', () => {
    expect(notice.titleLine).toBe('西政办发〔2016〕13号关于组织2016年北京市西城区电子政务网络与信息系统安全检查工作的通知');
    expect(byId.get(PREAMBLE_ID)?.text).toContain('定于2016年6月至11月联合开展');
    expect(byId.get(CLOSING_ID)?.text).toContain('88064490');
    const all = notice.sections.map((s) => s.text).join('\n');
    expect(all).not.toContain('回到顶部');
    expect(all).not.toContain('12345');
    expect(all).not.toContain('信息详情');
  });
});

describe('notice parser on a different notice in the same style', () => {
  const notice = parseNotice(YUNXI_NOTICE);
  const ids = notice.sections.map((s) => s.id);

  it('finds its own sections without any code change', () => {
    expect(ids).toEqual(expect.arrayContaining(['一', '二（一）', '二（二）', '三（三）', '四', '五（一）', '五（四）', '六（二）', '附件1', '附件2', '附件2-三']));
    expect(notice.sections.find((s) => s.id === '五（一）')?.title).toBe('五、时间安排（一）部署自查');
  });

  it('repairs a stray space and a broken line inside sentences', () => {
    const text = (id: string) => notice.sections.find((s) => s.id === id)?.text ?? '';
    expect(text('一')).toContain('及时发现和消除风险隐患');
    expect(text('五（二）')).toContain('发现问题及时通知相关单位整改。');
  });
});

describe('text normalisation', () => {
  it('unifies widths, brackets of document numbers and spaces in questions', () => {
    expect(normalizeQuestion('  自 查报告 (附件1)?  ')).toBe('自查报告（附件1）？');
    expect(normalizeQuestion('ＷＨＥＮ is it due')).toBe('when is it due');
  });

  it('reads date ranges, deadlines and month spans, carrying the year forward', () => {
    const [range] = findDates('时间：2016年6月22日至7月8日。', 2000);
    expect(range).toMatchObject({ start: '2016-06-22', end: '2016-07-08', day: true });
    const [due] = findDates('于7月8日前报送', 2016);
    expect(due).toMatchObject({ start: '2016-07-08', before: true });
    const [months] = findDates('定于2016年6月至11月联合开展', 2016);
    expect(months).toMatchObject({ start: '2016-06', end: '2016-11', day: false });
    expect(findDates('2月30日前', 2016)).toEqual([]);
  });
});
