/**
 * The shipped campaign file (campaigns/xicheng-2016/campaign.yaml): what the bot and its users rely on,
 * checked against the notice 西政办发〔2016〕13号. Also: a broken copy is refused with the bad field named.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadCampaign, parseCampaign, type Campaign } from '../../domain/campaign';
import { CampaignError } from '../../domain/errors';

const dir = path.join(__dirname, '../../campaigns/xicheng-2016');
const yamlText = readFileSync(path.join(dir, 'campaign.yaml'), 'utf8');
const noticeText = readFileSync(path.join(dir, 'notice.txt'), 'utf8');

const SUBDISTRICTS: [string, string][] = [
  ['xichangan', '西长安街街道'],
  ['xinjiekou', '新街口街道'],
  ['yuetan', '月坛街道'],
  ['zhanlanlu', '展览路街道'],
  ['desheng', '德胜街道'],
  ['jinrongjie', '金融街街道'],
  ['shichahai', '什刹海街道'],
  ['dashilan', '大栅栏街道'],
  ['tianqiao', '天桥街道'],
  ['chunshu', '椿树街道'],
  ['taoranting', '陶然亭街道'],
  ['guanganmennei', '广安门内街道'],
  ['niujie', '牛街街道'],
  ['baizhifang', '白纸坊街道'],
  ['guanganmenwai', '广安门外街道'],
];

/** The parts of the raw YAML document the broken-copy tests change. */
interface RawDoc {
  deliverables: { id: string; due: string }[];
  contacts: { id: string; unit?: string }[];
  units: { id: string; kind: string }[];
}

/** Problems reported for a modified copy of the shipped YAML (fails the test if it is accepted). */
function problemsOf(mutate: (doc: RawDoc) => void): string[] {
  const doc = parse(yamlText) as RawDoc;
  mutate(doc);
  try {
    parseCampaign(stringify(doc), 'x.yaml', noticeText);
  } catch (err) {
    expect(err).toBeInstanceOf(CampaignError);
    return (err as CampaignError).problems;
  }
  throw new Error('broken campaign was accepted');
}

describe('campaigns/xicheng-2016', () => {
  let c: Campaign;
  beforeAll(() => {
    c = loadCampaign(dir);
  });

  it('loads, with the notice it names', () => {
    expect(c.id).toBe('xicheng-2016');
    expect(c.year).toBe(2016);
    expect(c.timezone).toBe('Asia/Shanghai');
    expect(c.notice.docNumber).toBe('西政办发〔2016〕13号');
    expect(c.notice.basedOn).toBe('京经信委发〔2016〕29号');
    expect(c.notice.issuedOn).toBe('2016-06-22');
    expect(c.noticeText).toContain('西政办发〔2016〕13号');
    expect(c.demoNow).toBe('2016-06-27T10:00:00+08:00');
  });

  it('has the two offices of 四 with their contacts', () => {
    expect(c.office('gov-office')).toMatchObject({ name: '区政府办', clause: '四（二）', contactName: '郁卓', phone: '88064740' });
    expect(c.office('crypto-bureau')).toMatchObject({ name: '区密码管理局', clause: '四（一）', contactName: '樊月辉', phone: '88064490' });
    expect(c.office('crypto-bureau')?.aliases).toEqual(expect.arrayContaining(['区委机要局', '机要局']));
  });

  it('has the eight areas of 五, in order, each titled as in the notice', () => {
    expect(c.areas.map((a) => a.clause)).toEqual(['一', '二', '三', '四', '五', '六', '七', '八'].map((n) => `五（${n}）`));
    expect(c.areas.map((a) => a.short)).toEqual([
      '安全管理制度',
      '等级保护',
      '内网安防',
      '门户网站整合防护',
      '密码技术与产品',
      '服务外包',
      '应急管理',
      '漏洞排查整改',
    ]);
    for (const a of c.areas) expect(noticeText).toContain(a.title);
    const aliases = c.areas.flatMap((a) => a.aliases);
    for (const word of ['等保', '密码', '外包', '应急', '漏洞', '制度', '门户网站', '内网']) expect(aliases).toContain(word);
  });

  it('asks at least 5 questions per area and 45 in all, each with help and a clause', () => {
    for (const a of c.areas) expect(a.questions.length).toBeGreaterThanOrEqual(5);
    expect(c.allQuestions().length).toBeGreaterThanOrEqual(45);
    for (const { question: q } of c.allQuestions()) {
      expect(q.help.length).toBeGreaterThan(0);
      expect(q.clause).toMatch(/^[一二三四五六七八九]（[一二三四五六七八]）$/);
    }
    const types = new Set(c.allQuestions().map(({ question }) => question.type));
    for (const t of ['yesno', 'choice', 'multi', 'number', 'date', 'text']) expect(types).toContain(t);
  });

  it('marks 未定级 as a problem answer and asks the three default follow-ups', () => {
    const grading = c.allQuestions().find(({ question }) => question.id === 'dj-grading')?.question;
    expect(grading?.options?.find((o) => o.value === '未定级')?.negative).toBe(true);
    expect(grading?.options?.find((o) => o.value === '已全部定级')?.negative).toBe(false);
    expect(c.defaultFollowUps.map((f) => [f.id, f.type, f.role])).toEqual([
      ['problem', 'text', 'problem'],
      ['measure', 'text', 'measure'],
      ['planned', 'date', 'plannedDate'],
    ]);
  });

  it('lists all 15 subdistricts as 街道 under the 区政府办', () => {
    const streets = c.units.filter((u) => u.kind === '街道');
    expect(streets).toHaveLength(15);
    for (const [id, name] of SUBDISTRICTS) {
      expect(c.unit(id)).toMatchObject({ name, kind: '街道', supervisor: 'gov-office' });
      expect(c.unit(id)?.aliases).toContain(name.replace(/街道$/, ''));
    }
    expect(c.unit('jinrongjie')?.importantSystems).toBe(3);
  });

  it('lists at least 10 district departments under the 区政府办 and party-system units under the 区密码管理局', () => {
    const depts = c.units.filter((u) => u.kind === '区级部门');
    expect(depts.length).toBeGreaterThanOrEqual(10);
    for (const u of depts) expect(u.supervisor).toBe('gov-office');
    const party = c.units.filter((u) => u.kind === '党委系统');
    expect(party.length).toBeGreaterThanOrEqual(5);
    for (const u of party) expect(u.supervisor).toBe('crypto-bureau');
  });

  it('has the demo identities, and a contact for every unit', () => {
    expect(c.contact('jinrongjie-1')).toMatchObject({ name: '王晓明', role: 'contact', unit: 'jinrongjie', openId: 'ou_jinrongjie_1' });
    expect(c.contact('staff-1')).toMatchObject({ name: '郁卓', role: 'staff', office: 'gov-office', scope: 'office', openId: 'ou_staff_1' });
    expect(c.contact('jinrongjie-2')).toMatchObject({ role: 'contact', unit: 'jinrongjie', openId: 'ou_jinrongjie_2' });
    expect(c.contact('staff-2')).toMatchObject({ name: '樊月辉', role: 'staff', office: 'crypto-bureau', openId: 'ou_staff_2' });
    expect(c.contact('staff-admin')).toMatchObject({ role: 'staff', office: 'gov-office', scope: 'district', openId: 'ou_staff_admin' });
    expect(c.contactByOpenId('ou_jinrongjie_1')?.id).toBe('jinrongjie-1');
    expect(c.contactByOpenId('ou_staff_1')?.id).toBe('staff-1');
    for (const u of c.units) {
      expect(c.contact(`${u.id}-1`)).toMatchObject({ role: 'contact', unit: u.id, openId: `ou_${u.id}_1` });
    }
  });

  it('asks for the self-check report by 2016-07-08, to the 区密码管理局, on paper and on CD', () => {
    expect(c.deliverable('self-check-report')).toMatchObject({
      name: '自查报告',
      due: '2016-07-08',
      recipient: 'crypto-bureau',
      clause: '八（一）',
      from: 'units',
      completion: 'selfcheck',
    });
    expect(c.deliverable('self-check-report')?.forms).toEqual(['纸质版加盖单位公章', '电子版（刻光盘）']);
    expect(c.deliverable('status-report-form')).toMatchObject({ due: '2016-07-08', recipient: 'crypto-bureau', completion: 'selfcheck' });
    expect(c.deliverable('paper-materials')).toMatchObject({ due: '2016-07-08', completion: 'paper' });
    expect(c.deliverable('remediation-feedback')).toMatchObject({ due: '2016-09-30', completion: 'remediation', clause: '八（三）' });
    expect(c.deliverable('summary-to-city')).toMatchObject({ due: '2016-07-31', from: 'staff', completion: 'manual' });
  });

  it('has the phases of 八 with their dates', () => {
    const dates = Object.fromEntries(c.phases.map((p) => [p.id, [p.clause, p.start, p.end]]));
    expect(dates).toEqual({
      'self-check': ['八（一）', '2016-06-22', '2016-07-08'],
      'detection-round-1': ['八（一）', '2016-06-01', '2016-06-30'],
      summary: ['八（二）', '2016-07-09', '2016-07-31'],
      'detection-round-2': ['八（三）', '2016-08-01', '2016-09-30'],
      'spot-check': ['八（四）', '2016-10-08', '2016-10-31'],
      evaluation: ['八（五）', '2016-11-01', '2016-11-30'],
    });
  });

  it('reminds on working days, knowing the 2016 holidays and make-up days', () => {
    expect(c.reminders).toMatchObject({ offsetsDays: [7, 3, 1, 0], sendAt: '09:00', skipWeekends: true, maxPerPersonPerDay: 3 });
    expect(c.reminders.holidays).toEqual(expect.arrayContaining(['2016-06-09', '2016-09-15', '2016-10-01', '2016-10-07']));
    expect(c.reminders.workdays).toEqual(['2016-06-12', '2016-09-18', '2016-10-08', '2016-10-09']);
  });
});

describe('a broken copy of the campaign is refused, naming the field', () => {
  it('accepts the unmodified text', () => {
    expect(() => parseCampaign(yamlText, 'x.yaml', noticeText)).not.toThrow();
  });

  it('refuses a due date that is not a calendar day', () => {
    const problems = problemsOf((doc) => {
      const first = doc.deliverables[0];
      if (first) first.due = '2016-02-30';
    });
    expect(problems.some((p) => p.startsWith('deliverables.0.due:'))).toBe(true);
  });

  it('refuses a contact of an unknown unit', () => {
    const n = (parse(yamlText) as RawDoc).contacts.findIndex((x) => x.id === 'jinrongjie-1');
    expect(n).toBeGreaterThanOrEqual(0);
    const problems = problemsOf((d) => {
      const contact = d.contacts[n];
      if (contact) contact.unit = 'nowhere';
    });
    const line = problems.find((p) => p.startsWith(`contacts.${n}.unit:`));
    expect(line).toBeDefined();
    expect(line).toContain('nowhere');
  });

  it('refuses an unknown unit kind', () => {
    const problems = problemsOf((doc) => {
      const first = doc.units[0];
      if (first) first.kind = '事业单位';
    });
    const line = problems.find((p) => p.startsWith('units.0.kind:'));
    expect(line).toBeDefined();
    expect(line).toContain('街道');
  });
});
