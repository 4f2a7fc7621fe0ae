import type { RemediationItem } from '../../../domain/progress';
import { staffBench } from '../../support/staff-fixture';

async function withFinding() {
  const b = staffBench('2016-08-10T10:00:00+08:00');
  await b.store.addFindings('jinrongjie', [{ id: 'f-r2-portal', system: '门户网站', problem: '存在SQL注入漏洞', severity: 'high', round: 2, dueDate: '2016-08-31' }], 'staff-1', '2016-08-05T10:00:00+08:00');
  const selfItem: RemediationItem = { id: 'sc-sm-media', unitId: 'jinrongjie', source: 'selfcheck', areaId: 'sm', questionId: 'sm-media', problem: '未建立存储介质台账', plannedDate: '2016-09-15', status: 'open', createdAt: '2016-07-01T10:00:00+08:00', updatedAt: '2016-07-01T10:00:00+08:00' };
  b.store.putItem(selfItem);
  return b;
}

const status = async (b: Awaited<ReturnType<typeof withFinding>>) => (await b.store.unitStatus('jinrongjie')).remediation.find((r) => r.id === 'f-r2-portal');

describe('整改 (unit contact) and 复核 (staff)', () => {
  it('takes an item from open through progress, fixed, reopened and confirmed, with every change in the audit log', async () => {
    const b = await withFinding();
    const [list] = await b.replies('jinrongjie-1', '整改');
    expect(list?.text).toContain('金融街街道的整改事项（2 项）');
    expect(list?.text).toContain('1. 【检测第2轮·高危】门户网站：存在SQL注入漏洞（未整改，计划 2016-08-31）');
    expect(list?.text).toContain('2. 【自查·安全管理制度】未建立存储介质台账');
    expect(list?.options?.[0]?.action).toBe('rem:pick:f-r2-portal');

    const [detail] = await b.press('jinrongjie-1', 'rem:pick:f-r2-portal');
    expect(detail?.options?.map((o) => o.label)).toEqual(['更新进展', '已整改', '返回列表']);
    expect((await b.press('jinrongjie-1', 'rem:prog:f-r2-portal'))[0]?.text).toContain('请输入整改进展');
    expect(await b.say('jinrongjie-1', '已联系厂商修复，计划 2016-08-20 完成')).toContain('已更新整改进展，计划 2016-08-20 完成');
    expect(await status(b)).toMatchObject({ status: 'in-progress', plannedDate: '2016-08-20', note: '已联系厂商修复，计划 2016-08-20 完成' });

    // "整改 1" picks by number; mark fixed: the supervising office's staff are told, not the district admin
    expect((await b.replies('jinrongjie-2', '整改 1'))[0]?.options?.[1]?.action).toBe('rem:fix:f-r2-portal');
    await b.press('jinrongjie-2', 'rem:fix:f-r2-portal');
    expect(await b.say('jinrongjie-2', '已修复并复测通过')).toContain('已标记整改完成，等待检查工作组复核');
    expect(await status(b)).toMatchObject({ status: 'fixed', note: '已修复并复测通过' });
    expect(b.sent.map((m) => m.to)).toEqual([{ openId: 'ou_staff_1' }]);
    expect(b.sent[0]?.reply.text).toContain('【整改待复核】金融街街道（李静）');

    // staff-1 reviews and reopens with a reason
    const [queue] = await b.replies('staff-1', '复核');
    expect(queue?.text).toContain('待复核（区政府办负责的单位，1 项');
    expect(queue?.text).toContain('说明：已修复并复测通过');
    expect(queue?.options?.[0]?.action).toBe('rv:pick:jinrongjie:f-r2-portal');
    const [pick] = await b.press('staff-1', 'rv:pick:jinrongjie:f-r2-portal');
    expect(pick?.options?.map((o) => o.label)).toEqual(['确认整改完成', '退回重新整改', '返回列表']);
    expect((await b.press('staff-1', 'rv:no:jinrongjie:f-r2-portal'))[0]?.text).toContain('请输入退回原因');
    expect(await b.say('staff-1', '复测仍可注入')).toContain('已退回：金融街街道');
    expect(await status(b)).toMatchObject({ status: 'reopened', note: '退回原因：复测仍可注入' });
    expect(b.sent.slice(1).map((m) => m.to)).toEqual([{ openId: 'ou_jinrongjie_1' }, { openId: 'ou_jinrongjie_2' }]);
    expect(b.sent[1]?.reply.text).toContain('退回原因：复测仍可注入');

    // fixed again, then confirmed
    await b.press('jinrongjie-1', 'rem:fix:f-r2-portal');
    await b.say('jinrongjie-1', '已更换查询组件，第三方复测通过');
    expect(await b.press('staff-1', 'rv:ok:jinrongjie:f-r2-portal').then((r) => r[0]?.text)).toContain('已确认整改完成');
    expect(await status(b)).toMatchObject({ status: 'confirmed' });
    // a stale button changes nothing
    expect(await b.press('staff-1', 'rv:ok:jinrongjie:f-r2-portal').then((r) => r[0]?.text)).toContain('无需复核');
    // the confirmed item leaves the unit's list
    expect(await b.say('jinrongjie-1', '整改')).toContain('（1 项）');

    const audit = (await b.store.auditEntries('jinrongjie')).filter((e) => e.target === 'f-r2-portal');
    expect(audit.map((e) => [e.by, e.action, JSON.parse(e.newValue ?? '{}').status])).toEqual([
      ['staff-1', 'finding.add', undefined],
      ['jinrongjie-1', 'remediation.update', 'in-progress'],
      ['jinrongjie-2', 'remediation.update', 'fixed'],
      ['staff-1', 'remediation.update', 'reopened'],
      ['jinrongjie-1', 'remediation.update', 'fixed'],
      ['staff-1', 'remediation.update', 'confirmed'],
    ]);
    expect(JSON.parse(audit[3]?.oldValue ?? '{}')).toMatchObject({ status: 'fixed', note: '已修复并复测通过' });
  });

  it('does not overwrite a change made meanwhile by the other contact (stale status)', async () => {
    const b = await withFinding();
    await b.press('jinrongjie-1', 'rem:prog:f-r2-portal');
    await b.press('jinrongjie-2', 'rem:fix:f-r2-portal');
    await b.say('jinrongjie-2', '已修复');
    expect(await b.say('jinrongjie-1', '正在修复')).toContain('刚被修改过');
    expect(await status(b)).toMatchObject({ status: 'fixed', note: '已修复' });
  });

  it('refuses forged or out-of-scope review buttons and bad progress input', async () => {
    const b = await withFinding();
    await b.press('jinrongjie-1', 'rem:fix:f-r2-portal');
    await b.say('jinrongjie-1', '已修复');
    expect(await b.press('staff-2', 'rv:ok:jinrongjie:f-r2-portal').then((r) => r[0]?.text)).toContain('不在您的检查范围');
    expect(await b.press('jinrongjie-1', 'rv:ok:jinrongjie:f-r2-portal').then((r) => r[0]?.text ?? '')).not.toContain('已确认');
    expect(await b.press('xichangan-1', 'rem:pick:f-r2-portal').then((r) => r[0]?.text)).toContain('已不存在或已关闭');
    expect(await status(b)).toMatchObject({ status: 'fixed' });

    await b.press('jinrongjie-1', 'rem:prog:sc-sm-media');
    expect(await b.say('jinrongjie-1', '正在建台账 2016-02-30')).toContain('不是有效日期');
    expect(await b.say('jinrongjie-1', '正在建台账，计划 2016-08-01')).toContain('不能早于今天');
    expect(await b.say('jinrongjie-1', '取消')).toContain('已取消');
    const item = (await b.store.unitStatus('jinrongjie')).remediation.find((r) => r.id === 'sc-sm-media');
    expect(item?.status).toBe('open');
  });

  it('stops taking text as a note when the step was left unanswered for 30 minutes', async () => {
    const b = await withFinding();
    await b.press('jinrongjie-1', 'rem:prog:f-r2-portal');
    b.setNow('2016-08-10T10:31:00+08:00');
    expect(await b.say('jinrongjie-1', '是')).not.toContain('已更新整改进展');
    expect(await status(b)).toMatchObject({ status: 'open' });
    expect(await b.store.auditEntries('jinrongjie')).toHaveLength(1);
  });

  it('tells staff that 整改 is for units, and a unit with nothing open that there is nothing to do', async () => {
    const b = staffBench();
    expect(await b.say('staff-1', '整改')).toContain('复核');
    expect(await b.say('xichangan-1', '整改')).toContain('目前没有待整改的问题');
  });
});
