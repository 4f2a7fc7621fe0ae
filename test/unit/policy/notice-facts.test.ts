import { extractFacts } from '../../../handlers/policy/notice-facts';
import { parseNotice } from '../../../handlers/policy/notice-parser';
import { XICHENG_NOTICE, YUNXI_NOTICE } from './support';

describe('facts extracted from the Xicheng 2016 notice', () => {
  const f = extractFacts(parseNotice(XICHENG_NOTICE));

  it('reads the document number, title, basis, issuers and date', () => {
    expect(f.docNumber).toBe('西政办发〔2016〕13号');
    expect(f.title).toBe('关于组织2016年北京市西城区电子政务网络与信息系统安全检查工作的通知');
    expect(f.basedOn).toMatchObject({ docNumber: '京经信委发〔2016〕29号', title: '关于开展2016年北京市电子政务网络与信息系统安全检查工作的通知' });
    expect(f.basedOn?.issuers).toContain('北京市密码管理局');
    expect(f.issuers).toEqual(['西城区人民政府办公室', '西城区密码管理局']);
    expect(f.issuedOn).toBe('2016-06-22');
    expect(f.period).toMatchObject({ start: '2016-06', end: '2016-11' });
  });

  it('finds the self-report deliverable: due 7月8日, to 区委机要局（区密码管理局）, on paper with the seal and on CD', () => {
    expect(f.deliverables).toHaveLength(1);
    const d = f.deliverables[0];
    expect(d).toMatchObject({ section: '八（一）', due: '2016-07-08', recipient: '区委机要局（区密码管理局）' });
    expect(d?.names).toEqual(['自查报告', '政务信息系统安全检查情况报告表']);
    expect(d?.aliases).toEqual(['政务信息系统安全检查情况报告']);
    expect(d?.forms.join('|')).toMatch(/纸质版.*公章/);
    expect(d?.forms.some((x) => x.includes('光盘'))).toBe(true);
    expect(d?.attachments).toEqual(['附件1', '附件2']);
  });

  it('finds the five phases with their date ranges', () => {
    expect(f.phases.map((p) => [p.section, p.name, p.start, p.end])).toEqual([
      ['八（一）', '信息安全自查、检测', '2016-06-22', '2016-07-08'],
      ['八（二）', '汇总分析、上报整改情况和自查报告', '2016-07-09', '2016-07-31'],
      ['八（三）', '信息安全检测和整改反馈', '2016-08-01', '2016-09-30'],
      ['八（四）', '信息安全现场抽查', '2016-10-08', '2016-10-31'],
      ['八（五）', '综合评定', '2016-11-01', '2016-11-30'],
    ]);
    expect(f.phases[2]?.summary).toContain('第二轮安全技术检测');
  });

  it('finds who is responsible for whom, and the offices with their other names', () => {
    const resp = new Map(f.responsibilities.map((r) => [r.office, r]));
    expect(resp.get('区政府办')?.scope).toContain('区级政府部门和15个街道办事处');
    expect(resp.get('区政府办')?.section).toBe('四（二）');
    expect(resp.get('区密码管理局')?.scope).toContain('密码技术与产品');
    expect(resp.get('区密码管理局')?.scope).toContain('党委系统');
    const crypto = f.offices.find((o) => o.name === '区密码管理局');
    expect(crypto?.aliases).toEqual(expect.arrayContaining(['区委机要局', '机要局']));
  });

  it('finds the staff contacts and their phone numbers', () => {
    expect(f.contacts).toEqual([
      { office: '区政府办', name: '郁卓', phone: '88064740' },
      { office: '区密码管理局', name: '樊月辉', phone: '88064490' },
    ]);
  });
});

describe('facts extracted from a made-up notice in the same style (no code change)', () => {
  const f = extractFacts(parseNotice(YUNXI_NOTICE));

  it('reads its number from half-width brackets, its basis and its date', () => {
    expect(f.docNumber).toBe('云政办发〔2019〕7号');
    expect(f.basedOn?.docNumber).toBe('省网信发〔2019〕12号');
    expect(f.issuedOn).toBe('2019-04-28');
    expect(f.year).toBe(2019);
  });

  it('reads its phases, including a range written with a dash', () => {
    expect(f.phases.map((p) => [p.name, p.start, p.end])).toEqual([
      ['部署自查', '2019-05-06', '2019-05-24'],
      ['远程检测', '2019-06-03', '2019-07-31'],
      ['现场检查', '2019-09-02', '2019-09-30'],
      ['总结通报', '2019-10-08', '2019-10-25'],
    ]);
  });

  it('reads its deliverable without taking "发送至邮箱" for the recipient', () => {
    expect(f.deliverables).toEqual([
      expect.objectContaining({
        names: ['网络安全自查表', '自查工作报告'],
        due: '2019-05-24',
        recipient: '区网信办',
        forms: ['纸质版（加盖公章）', '电子版（发送至邮箱）'],
        attachments: ['附件1', '附件2'],
      }),
    ]);
  });

  it('reads its responsibilities and contacts, including a phone with an area code', () => {
    expect(f.responsibilities.map((r) => r.office)).toEqual(['区网信办', '区大数据中心']);
    expect(f.contacts).toEqual([
      { office: '区网信办', name: '李明', phone: '66012345' },
      { office: '区大数据中心', name: '王芳', phone: '010-66019876' },
    ]);
  });
});
