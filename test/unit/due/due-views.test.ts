/**
 * "What's due" as a contact and as staff sees it, through the router (chat) and the ask path.
 */
import path from 'node:path';
import { loadCampaign } from '../../../domain/campaign';
import { silentLogger } from '../../../domain/logger';
import { fixedClock } from '../../../domain/time';
import { ask } from '../../../handlers/ask';
import { handleTurn } from '../../../handlers/router';
import type { HandlerDeps } from '../../../handlers/types';
import { FakeProgress } from '../../support/fake-progress';

const campaign = loadCampaign(path.join(__dirname, '../../../campaigns/xicheng-2016'));
const deps = (now: string, progress = new FakeProgress(campaign)): HandlerDeps => ({ campaign, clock: fixedClock(now, campaign.timezone), logger: silentLogger, progress });
const say = async (as: string, text: string, d: HandlerDeps) => (await handleTurn({ from: { contactId: as }, text }, d)).map((r) => r.text).join('\n');

const MON = '2016-07-04T09:00:00+08:00';

describe('a unit contact', () => {
  it('sees this week’s deliverables with days left and the current phase', async () => {
    const text = await say('jinrongjie-1', '本周有什么要交的', deps(MON));
    expect(text).toContain('金融街街道');
    expect(text).toContain('本周（7月4日—7月10日）');
    expect(text).toMatch(/自查报告：7月8日截止（还有 4 天）/);
    expect(text).toContain('信息安全自查、检测');
    expect(text).not.toContain('逾期');
  });

  it('does not list a submitted deliverable as due', async () => {
    const p = new FakeProgress(campaign).submitSelfCheck('jinrongjie', '2016-07-02T10:00:00+08:00');
    const text = await say('jinrongjie-1', '这周要交什么东西？有什么要交的', deps(MON, p));
    expect(text).not.toMatch(/- 自查报告/);
    expect(text).toMatch(/- 纸质材料与光盘：7月8日截止/);
    expect(text).toContain('已完成：自查报告（7月2日）');
  });

  it('marks overdue deliverables and remediation items 逾期', async () => {
    const p = new FakeProgress(campaign).addRemediation('jinrongjie', { id: 'r1', problem: '未建立存储介质台账', plannedDate: '2016-07-05' });
    const text = await say('jinrongjie-1', '逾期了什么', deps('2016-07-11T10:00:00+08:00', p));
    expect(text).toMatch(/【逾期】自查报告：7月8日截止（逾期 3 天）/);
    expect(text).toMatch(/【逾期】未建立存储介质台账（计划 7月5日 完成/);
  });

  it('on the day after the deadline, says the week’s deliverables are the overdue ones and that their phase has ended', async () => {
    const text = await say('jinrongjie-1', '本周有什么要交的', deps('2016-07-09T09:00:00+08:00'));
    expect(text).toMatch(/【逾期】自查报告：7月8日截止（逾期 1 天）/);
    expect(text).toContain('本周（7月4日—7月10日）截止的材料已列在上面的逾期事项中');
    expect(text).not.toContain('本周（7月4日—7月10日）没有截止的报送材料');
    expect(text).toContain('信息安全自查、检测（6月22日—7月8日，八（一），已于7月8日结束）');
    expect(text).not.toContain('当前阶段要求');
  });

  it('names the next deadline when nothing is due in the period', async () => {
    const text = await say('jinrongjie-1', '下周有什么要交的', deps('2016-07-18T09:00:00+08:00'));
    expect(text).toContain('下周（7月25日—7月31日）没有截止的报送材料');
    expect(text).toMatch(/下一个截止：技术检测整改反馈：9月30日截止/);
  });
});

describe('staff', () => {
  it('sees each deadline with how many units are pending, and names on request', async () => {
    const p = new FakeProgress(campaign).submitSelfCheck('jinrongjie', '2016-07-02T10:00:00+08:00').submitSelfCheck('yuetan', '2016-07-03T10:00:00+08:00');
    const text = await say('staff-admin', '本周有什么要交的', deps(MON, p));
    expect(text).toMatch(/自查报告：7月8日截止（还有 4 天，八（一）），未完成 37\/39 个单位/);
    expect(text).toMatch(/阶段变化/);
    expect(text).not.toContain('西长安街街道');
    const named = await say('staff-admin', '本周有什么要交的 名单', deps(MON, p));
    expect(named).toContain('西长安街街道');
    expect(named.split('\n').find((l) => l.startsWith('  未完成') && l.includes('西长安街'))).not.toContain('金融街街道');
  });

  it('office staff see their office’s units (四), district staff all', async () => {
    const text = await say('staff-2', '逾期了什么', deps('2016-10-10T10:00:00+08:00'));
    // crypto-bureau receives the self-check report from every unit, but supervises only the 6 party units.
    expect(text).toMatch(/【逾期】自查报告（7月8日截止）：39 个单位未完成/);
    expect(text).toMatch(/【逾期】技术检测整改反馈（9月30日截止）：6 个单位未完成/);
    expect(text).toContain('现场抽查');
  });

  it('sees overdue remediation items per unit', async () => {
    const p = new FakeProgress(campaign).addRemediation('desheng', { id: 'x', problem: '弱口令', plannedDate: '2016-08-01' });
    const text = await say('staff-1', '本月有什么要做的', deps('2016-08-10T10:00:00+08:00', p));
    expect(text).toContain('整改事项 1 项，涉及 1 个单位：德胜街道 1 项');
  });
});

describe('npm run ask path', () => {
  it('answers with the clause of each deliverable as a source', async () => {
    const r = await ask('本周有什么要交的', { contactId: 'staff-1' }, deps(MON));
    expect(r.reply).toContain('未完成 33/33');
    expect(r.sources).toContainEqual({ section: '八（一）', title: '八、时间安排（一）' });
    expect(r.confidence).toBeGreaterThan(0.9);
  });
});
