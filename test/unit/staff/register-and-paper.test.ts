import { staffBench } from '../../support/staff-fixture';

describe('登记问题 dialogue', () => {
  it('registers a finding step by step, stores every field, audits it and notifies the unit contacts', async () => {
    const b = staffBench('2016-07-12T10:00:00+08:00');
    expect(await b.say('staff-1', '登记问题')).toContain('请输入被检测单位名称');
    expect(await b.say('staff-1', '金融街')).toContain('单位：金融街街道。请输入存在问题的信息系统名称');
    expect(await b.say('staff-1', '门户网站')).toContain('请描述发现的问题');
    const long = `登录页面存在SQL注入漏洞，参数 id 未过滤。${'详细复现步骤。'.repeat(100)}`;
    const sev = await b.replies('staff-1', long);
    expect(sev[0]?.options?.map((o) => o.label)).toEqual(['高', '中', '低']);
    const round = await b.press('staff-1', sev[0]?.options?.[0]?.action ?? '');
    expect(round[0]?.text).toContain('第几轮技术检测');
    expect(await b.press('staff-1', 'cmd:2').then((r) => r[0]?.text)).toContain('整改期限');
    const confirm = await b.say('staff-1', '8月31日');
    expect(confirm).toContain('单位：金融街街道');
    expect(confirm).toContain('严重程度：高');
    expect(confirm).toContain('检测轮次：第二轮');
    expect(confirm).toContain('整改期限：2016年8月31日');
    expect(b.sent).toHaveLength(0);

    const done = await b.say('staff-1', '确认');
    expect(done).toContain('已登记：金融街街道 门户网站（高，整改期限 2016年8月31日）');
    expect(done).toContain('已通知单位联系人：王晓明、李静');

    const [item] = (await b.store.unitStatus('jinrongjie')).remediation;
    expect(item).toMatchObject({ source: 'finding', system: '门户网站', severity: 'high', round: 2, plannedDate: '2016-08-31', status: 'open', problem: long });
    const audit = await b.store.auditEntries('jinrongjie');
    expect(audit).toEqual([expect.objectContaining({ by: 'staff-1', action: 'finding.add', target: item?.id })]);
    expect(b.sent.map((m) => m.to)).toEqual([{ openId: 'ou_jinrongjie_1' }, { openId: 'ou_jinrongjie_2' }]);
    expect(b.sent[0]?.reply.text).toContain('系统：门户网站');
    expect(b.sent[0]?.reply.options?.[0]?.action).toBe('cmd:整改');
    expect(b.sent[0]?.dedupKey?.length).toBeLessThanOrEqual(50);

    // The dialogue is over: 确认 again is not a second registration.
    await b.say('staff-1', '确认');
    expect((await b.store.unitStatus('jinrongjie')).remediation).toHaveLength(1);
  });

  it('re-asks on bad answers, goes back with 返回, and 取消 leaves without storing anything', async () => {
    const b = staffBench('2016-07-12T10:00:00+08:00');
    expect(await b.say('staff-1', '登记问题 区委办')).toContain('区委办公室不在您的检查范围');
    expect(await b.say('staff-1', '不存在的单位')).toContain('没有找到单位');
    await b.say('staff-1', '金融街街道');
    await b.say('staff-1', '门户网站');
    await b.say('staff-1', '弱口令');
    expect(await b.say('staff-1', '很高')).toContain('严重程度请回答');
    await b.say('staff-1', '中');
    expect(await b.say('staff-1', '3')).toContain('检测轮次请回答 1 或 2');
    await b.say('staff-1', '第一轮');
    expect(await b.say('staff-1', '2016-02-30')).toContain('不是有效日期');
    expect(await b.say('staff-1', '2016-07-01')).toContain('不能早于今天');
    expect(await b.say('staff-1', '返回')).toContain('第几轮技术检测');
    expect(await b.say('staff-1', '取消')).toContain('已取消');
    expect((await b.store.unitStatus('jinrongjie')).remediation).toHaveLength(0);
    expect(b.sent).toHaveLength(0);
  });

  it('starts with the unit when given, and a new command abandons the open dialogue', async () => {
    const b = staffBench('2016-07-12T10:00:00+08:00');
    expect(await b.say('staff-1', '登记问题 金融街')).toContain('单位：金融街街道。');
    expect(await b.say('staff-1', '进度总览')).toContain('进度总览');
    // 门户网站 is no longer taken as the system name
    expect(await b.say('staff-1', '门户网站')).not.toContain('请描述发现的问题');
  });
});

describe('收到材料', () => {
  it('records the paper copy and CD now, by whom, in the audit log; a second time only shows the record', async () => {
    const b = staffBench('2016-07-07T16:20:00+08:00');
    expect(await b.say('staff-1', '收到材料 金融街街道')).toBe('已记录：金融街街道的纸质材料（加盖公章）与光盘于 2016-07-07 16:20 收到，登记人 郁卓。');
    expect((await b.store.unitStatus('jinrongjie')).paperReceivedAt).toBe('2016-07-07T16:20:00+08:00');
    expect(await b.store.auditEntries('jinrongjie')).toEqual([expect.objectContaining({ by: 'staff-1', action: 'paper.received', newValue: '2016-07-07T16:20:00+08:00' })]);
    expect(await b.say('staff-1', '收到材料 金融街')).toContain('已于 2016-07-07 16:20 登记收到');
    expect(await b.store.auditEntries('jinrongjie')).toHaveLength(1);
  });

  it('takes a past date as a correction, flags lateness, and refuses future dates and unknown units', async () => {
    const b = staffBench('2016-07-12T10:00:00+08:00');
    expect(await b.say('staff-admin', '收到材料 区委办 2016年7月11日')).toContain('于 2016-07-11 09:00 收到（晚于 2016年7月8日 截止日），登记人 陈立新');
    expect(await b.say('staff-admin', '收到材料 区委办 7月13日')).toContain('不能晚于今天');
    expect(await b.say('staff-admin', '收到材料 火星办')).toContain('没有找到单位');
    expect(await b.say('staff-admin', '收到材料')).toContain('用法');
  });
});
