import { staffScope } from '../../../handlers/staff/scope';
import { STAFF_ONLY } from '../../../handlers/staff/staff-intent';
import { campaign, setSelfCheck, staffBench } from '../../support/staff-fixture';

const contact = (id: string) => {
  const c = campaign.contact(id);
  if (!c) throw new Error(id);
  return c;
};

describe('staff scope per 四', () => {
  it('gives 区政府办 the district departments and the 15 subdistricts, 区密码管理局 the party-system units, district staff all', () => {
    const gov = staffScope(contact('staff-1'), campaign);
    expect(gov.units.filter((u) => u.kind === '街道')).toHaveLength(15);
    expect(gov.units.some((u) => u.kind === '党委系统')).toBe(false);
    expect(gov.units.some((u) => u.id === 'kexinwei')).toBe(true);
    const crypto = staffScope(contact('staff-2'), campaign);
    expect(crypto.units.map((u) => u.kind)).toEqual(Array(6).fill('党委系统'));
    expect(crypto.crossAreas).toEqual(['nw', 'mm']);
    const admin = staffScope(contact('staff-admin'), campaign);
    expect(admin.units).toHaveLength(campaign.units.length);
    expect(gov.units.length + crypto.units.length).toBe(campaign.units.length);
  });

  it('refuses every staff command to unit contacts and unregistered people, and changes nothing', async () => {
    const b = staffBench();
    for (const text of ['进度总览', '未提交单位', '抽查候选', '登记问题', '收到材料 金融街街道', '复核', '导出汇总']) {
      expect(await b.say('jinrongjie-1', text)).toBe(STAFF_ONLY);
      expect(await b.say('somebody', text)).toBe(STAFF_ONLY);
    }
    expect((await b.store.unitStatus('jinrongjie')).paperReceivedAt).toBeUndefined();
    expect(await b.store.auditEntries('jinrongjie')).toEqual([]);
  });

  it('lets questions that merely start with a command word go on to Q&A for unit contacts', async () => {
    const b = staffBench();
    for (const text of ['收到材料了吗', '抽查候选是怎么定的', '进度']) expect(await b.say('jinrongjie-1', text)).not.toBe(STAFF_ONLY);
  });

  it('keeps office staff inside their units: detail, 收到材料 and 复核 of another office are refused', async () => {
    const b = staffBench();
    expect(await b.say('staff-1', '区委办公室')).toContain('不在您的检查范围');
    expect(await b.say('staff-1', '收到材料 区委办')).toContain('不在您的检查范围');
    expect((await b.store.unitStatus('quweiban')).paperReceivedAt).toBeUndefined();
    expect(await b.say('staff-2', '复核 金融街街道')).toContain('不在您的检查范围');
    expect(await b.say('staff-admin', '区委办公室')).toContain('区委办公室（党委系统，区密码管理局负责');
  });

  it('answers that the tools are not configured when the store is absent', async () => {
    const b = staffBench();
    delete b.deps.staff;
    expect(await b.say('staff-1', '进度总览')).toContain('尚未配置');
  });
});

describe('进度总览', () => {
  it('shows the scope compactly: one line per unit with area marks, and the submitted / in progress / not started counts', async () => {
    const b = staffBench();
    setSelfCheck(b.store, 'jinrongjie', { submittedAt: '2016-07-07T15:30:00+08:00' });
    setSelfCheck(b.store, 'xichangan', { submittedAt: '2016-07-08T11:00:00+08:00' });
    setSelfCheck(b.store, 'yuetan', { answeredAreas: ['sm', 'dj'], partialArea: 'nw' });
    const text = await b.say('staff-1', '进度总览');
    expect(text).toContain('区政府办负责的单位，33 个');
    expect(text).toContain('已提交 2，填报中 1，未开始 30');
    expect(text).toContain('金融街街道 ●●●●●●●● 已提交 100%');
    expect(text).toContain('月坛街道 ●●◐○○○○○ 填报中');
    expect(text).not.toContain('区委办公室');
    // compact: a header of four lines, one line per unit, a footer
    expect(text.split('\n').length).toBeLessThanOrEqual(33 + 7);
  });

  it('shows 区密码管理局 its party-system units plus the intranet and cryptography areas of the whole district (四（一）)', async () => {
    const b = staffBench();
    setSelfCheck(b.store, 'jinrongjie', { submittedAt: '2016-07-07T15:30:00+08:00' });
    setSelfCheck(b.store, 'yuetan', { answeredAreas: [], partialArea: 'mm' });
    const text = await b.say('staff-2', '进度总览');
    expect(text).toContain('区委办公室');
    expect(text).not.toContain('金融街街道 ');
    expect(text).toContain('四（一）全区情况');
    expect(text).toContain('内网安防：完成 1，部分 0，未填 38');
    expect(text).toContain('密码技术与产品：完成 1，部分 1，未填 37');
  });

  it('shows a unit in detail when staff type its name: areas, submission, paper copy with who recorded it, open items', async () => {
    const b = staffBench();
    setSelfCheck(b.store, 'jinrongjie', { submittedAt: '2016-07-07T15:30:00+08:00' });
    await b.say('staff-1', '收到材料 金融街 2016-07-08');
    const text = await b.say('staff-1', '金融街');
    expect(text).toContain('金融街街道（街道，区政府办负责，重要信息系统 3 个）');
    expect(text).toContain('提交时间：2016-07-07 15:30');
    expect(text).toContain('● 安全管理制度 11/11');
    expect(text).toContain('纸质材料与光盘：2016-07-08 09:00 收到（郁卓登记）');
    expect(text).toContain('自查报告：已完成 2016-07-07 15:30');
  });
});
