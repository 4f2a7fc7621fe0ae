import type { RemediationItem } from '../../../domain/progress';
import { rankSpotCheck, SPOT_CHECK_WEIGHTS } from '../../../handlers/staff/spot-check';
import { staffScope } from '../../../handlers/staff/scope';
import { fixedClock } from '../../../domain/time';
import { campaign, setSelfCheck, staffBench } from '../../support/staff-fixture';

function item(unitId: string, over: Partial<RemediationItem>): RemediationItem {
  return { id: `i-${Math.random().toString(36).slice(2, 8)}`, unitId, source: 'finding', problem: '弱口令', status: 'open', createdAt: '2016-06-28T10:00:00+08:00', updatedAt: '2016-06-28T10:00:00+08:00', ...over };
}

describe('未提交单位', () => {
  it('lists the units that have not submitted the self-check report with days overdue, and leaves out those that did (even late)', async () => {
    const b = staffBench('2016-07-12T10:00:00+08:00');
    setSelfCheck(b.store, 'jinrongjie', { submittedAt: '2016-07-07T15:30:00+08:00' });
    setSelfCheck(b.store, 'xichangan', { submittedAt: '2016-07-10T11:00:00+08:00' });
    setSelfCheck(b.store, 'yuetan', { answeredAreas: ['sm'] });
    const text = await b.say('staff-1', '未提交单位');
    expect(text).toContain('自查报告（7月8日截止，八（一），已过截止日 4 天）');
    expect(text).toContain('未完成 31/33 个');
    expect(text).toContain('月坛街道 — 逾期 4 天（自查填报中 11/62）');
    expect(text).not.toContain('金融街街道');
    expect(text).not.toContain('西长安街街道');
  });

  it('answers for a named deliverable: the paper copy is missing until staff record it', async () => {
    const b = staffBench('2016-07-12T10:00:00+08:00');
    await b.say('staff-1', '收到材料 金融街街道');
    const text = await b.say('staff-1', '未提交单位 纸质材料');
    expect(text).toContain('纸质材料与光盘');
    expect(text).toContain('未完成 32/33 个');
    expect(text).not.toContain('金融街街道');
  });

  it('before the deadline says how many days are left and that nobody is overdue yet', async () => {
    const b = staffBench('2016-07-01T10:00:00+08:00');
    const text = await b.say('staff-1', '未提交单位');
    expect(text).toContain('还有 7 天');
    expect(text).toContain('1. 西长安街街道 — 未到期');
  });

  it('shows the recipient office every unit for its deliverable (八（一）: reports and paper copies go to 区密码管理局)', async () => {
    const b = staffBench('2016-07-12T10:00:00+08:00');
    expect(await b.say('staff-2', '收到材料 金融街街道')).toContain('登记人 樊月辉');
    const text = await b.say('staff-2', '未提交单位 纸质材料');
    expect(text).toContain('全区（区密码管理局为报送对象）中未完成 38/39 个');
    expect(text).not.toContain('金融街街道');
    // but the unit's detail stays with its supervising office (四)
    expect(await b.say('staff-2', '金融街街道')).toContain('不在您的检查范围');
  });

  it('for remediation feedback counts only units with remediation items', async () => {
    const b = staffBench('2016-10-05T10:00:00+08:00');
    b.store.putItem(item('jinrongjie', { plannedDate: '2016-08-31' }));
    const text = await b.say('staff-1', '未提交单位 整改');
    expect(text).toContain('技术检测整改反馈（9月30日截止');
    expect(text).toContain('未完成 1/1 个');
    expect(text).toContain('1. 金融街街道 — 逾期 5 天（未关闭 1 项）');
    expect(text).toContain('另有 38 个单位没有整改事项');
  });
});

describe('抽查候选 (六（三）、九（一）)', () => {
  const now = fixedClock('2016-10-05T10:00:00+08:00', campaign.timezone)();

  it('ranks by the documented weights and shows each reason with its numbers', async () => {
    const b = staffBench('2016-10-05T10:00:00+08:00');
    // 金融街: 3 systems, 2 findings (1 high, 1 overdue), self-check 2 days late, feedback overdue
    setSelfCheck(b.store, 'jinrongjie', { submittedAt: '2016-07-10T09:00:00+08:00' });
    b.store.putItem(item('jinrongjie', { severity: 'high', plannedDate: '2016-08-31' }));
    b.store.putItem(item('jinrongjie', { severity: 'low', plannedDate: '2016-10-20', status: 'fixed' }));
    // 科信委: 8 systems, everything on time
    setSelfCheck(b.store, 'kexinwei', { submittedAt: '2016-07-05T09:00:00+08:00' });
    // 月坛: never submitted
    const all = staffScope(campaign.contact('staff-1')!, campaign);
    for (const u of all.units) if (!['jinrongjie', 'kexinwei', 'yuetan'].includes(u.id)) setSelfCheck(b.store, u.id, { submittedAt: '2016-07-01T09:00:00+08:00' });
    const ranked = rankSpotCheck(campaign, all.units, await b.store.allUnitStatuses(), now);
    const W = SPOT_CHECK_WEIGHTS;
    expect(ranked[0]?.unit.id).toBe('jinrongjie');
    expect(ranked[0]?.score).toBe(3 * W.importantSystem + 2 * W.finding + 1 * W.highFinding + W.selfCheckLate + 1 * W.remediationOverdue + W.feedbackOverdue);
    expect(ranked[0]?.reasons.map((r) => r.text)).toEqual([
      '重要信息系统 3 个',
      '技术检测问题 2 个（未关闭 1 个）',
      '其中高危 1 个',
      '自查报告晚交 2 天',
      '整改事项超过计划日期 1 项',
      '整改结果未反馈，已逾期 5 天',
    ]);
    expect(ranked[1]?.unit.id).toBe('yuetan');
    expect(ranked[1]?.reasons.map((r) => r.text)).toContain('自查报告未提交，已逾期 89 天');
    // A unit whose only reason is its many systems comes after every unit with another reason.
    const kexinwei = ranked.findIndex((c) => c.unit.id === 'kexinwei');
    expect(kexinwei).toBe(2);
    expect(ranked[2]?.reasons).toHaveLength(1);
  });

  it('answers 抽查候选 in chat with reasons, clauses, points and the scoring rule', async () => {
    const b = staffBench('2016-10-05T10:00:00+08:00');
    b.store.putItem(item('quweiban', { severity: 'high', plannedDate: '2016-09-01' }));
    const text = await b.say('staff-2', '抽查候选');
    expect(text.split('\n')[1]).toBe('1. 区委办公室 得分 20');
    expect(text).toContain('· 技术检测问题 1 个（未关闭 1 个）（六（三），+2）');
    expect(text).toContain('计分：');
    expect(text).not.toContain('金融街');
  });
});
