/**
 * Reminder planning over simulated time: at 09:00 local on the right working days, never in quiet hours,
 * the day-of notice even on a weekend, holidays and 调休 honoured, nothing after submission, the newest
 * reminder only after downtime, and escalation of late units to the supervising office.
 */
import { loadCampaign, type Campaign } from '../../../domain/campaign';
import { dayjs, type Dayjs } from '../../../domain/time';
import { planReminders } from '../../../handlers/reminders/planner';
import { campaignWithDeadlines, shippedCampaignPath } from '../../support/campaign-variant';
import { FakeProgress } from '../../support/fake-progress';

/** Run the planner every `stepMin` minutes, claiming like the store does; returns sends as `local time → ids`. */
async function simulate(campaign: Campaign, progress: FakeProgress, from: string, to: string, contact: string, stepMin = 60, snoozes = new Map<string, string>()) {
  const claimed = new Set<string>();
  const sends: { at: string; ids: string[] }[] = [];
  // Progress does not change within one simulated stretch (tests change it between calls).
  const statuses = await progress.allUnitStatuses();
  for (let t: Dayjs = dayjs(from); !t.isAfter(dayjs(to)); t = t.add(stepMin, 'minute')) {
    const plan = planReminders({ campaign, statuses, now: t, snoozes });
    const m = plan.messages.find((x) => x.contactId === contact);
    const fresh = (m?.items ?? []).filter((i) => !claimed.has(i.id));
    fresh.forEach((i) => claimed.add(i.id));
    if (fresh.length > 0) sends.push({ at: t.tz(campaign.timezone).format('MM-DD ddd HH:mm'), ids: fresh.map((i) => i.id) });
  }
  return sends;
}

const shipped = loadCampaign(shippedCampaignPath());

describe('deadline reminders', () => {
  it('go out at 09:00 local 7, 3, 1 days before and on the day, to pending units only', async () => {
    const c = campaignWithDeadlines({ 'self-check-report': '2016-07-08' });
    const sends = await simulate(c, new FakeProgress(c), '2016-06-28T00:00:00+08:00', '2016-07-10T23:59:00+08:00', 'jinrongjie-1');
    expect(sends).toEqual([
      { at: '07-01 Fri 09:00', ids: ['dl:self-check-report:jinrongjie:7'] },
      { at: '07-05 Tue 09:00', ids: ['dl:self-check-report:jinrongjie:3'] },
      { at: '07-07 Thu 09:00', ids: ['dl:self-check-report:jinrongjie:1'] },
      { at: '07-08 Fri 09:00', ids: ['dl:self-check-report:jinrongjie:0'] },
    ]);
  });

  it('move weekend reminders to the previous working day, but send the day-of notice on a Sunday', async () => {
    const c = campaignWithDeadlines({ 'self-check-report': '2016-07-10' });
    const sends = await simulate(c, new FakeProgress(c), '2016-06-28T00:00:00+08:00', '2016-07-11T23:59:00+08:00', 'jinrongjie-1');
    expect(sends.map((s) => s.at)).toEqual(['07-01 Fri 09:00', '07-07 Thu 09:00', '07-08 Fri 09:00', '07-10 Sun 09:00']);
  });

  it('honour public holidays and make-up working days (调休)', async () => {
    // Mid-Autumn 2016: 9-15..9-17 off, Sunday 9-18 a working day.
    const c = campaignWithDeadlines({ 'self-check-report': '2016-09-19' });
    const sends = await simulate(c, new FakeProgress(c), '2016-09-10T00:00:00+08:00', '2016-09-19T23:59:00+08:00', 'jinrongjie-1');
    expect(sends.map((s) => s.at)).toEqual(['09-12 Mon 09:00', '09-14 Wed 09:00', '09-18 Sun 09:00', '09-19 Mon 09:00']);
  });

  it('stop for a unit as soon as it has submitted', async () => {
    const c = campaignWithDeadlines({ 'self-check-report': '2016-07-08' });
    const p = new FakeProgress(c);
    const before = await simulate(c, p, '2016-06-28T00:00:00+08:00', '2016-07-04T15:00:00+08:00', 'jinrongjie-1');
    expect(before.map((s) => s.at)).toEqual(['07-01 Fri 09:00']);
    p.submitSelfCheck('jinrongjie', '2016-07-04T15:00:00+08:00');
    expect(await simulate(c, p, '2016-07-04T15:00:00+08:00', '2016-07-10T23:59:00+08:00', 'jinrongjie-1')).toEqual([]);
    const other = await simulate(c, p, '2016-07-05T00:00:00+08:00', '2016-07-05T23:59:00+08:00', 'yuetan-1');
    expect(other).toHaveLength(1);
  });

  it('send nothing in quiet hours', () => {
    for (const t of ['2016-07-05T20:00:00+08:00', '2016-07-05T23:00:00+08:00', '2016-07-06T07:59:00+08:00']) {
      const plan = planReminders({ campaign: shipped, statuses: [], now: dayjs(t) });
      expect(plan).toEqual({ messages: [], note: 'quiet-hours' });
    }
  });

  it('after downtime send only the newest still-relevant reminder', async () => {
    const c = campaignWithDeadlines({ 'self-check-report': '2016-07-08' });
    const statuses = await new FakeProgress(c).allUnitStatuses();
    const at = (t: string) => planReminders({ campaign: c, statuses, now: dayjs(t) }).messages.find((m) => m.contactId === 'jinrongjie-1')?.items.map((i) => i.id);
    // Down from 6-30 to 7-07 10:00: the 7-01 and 7-05 reminders are past; only the 1-day one goes.
    expect(at('2016-07-07T10:00:00+08:00')).toEqual(['dl:self-check-report:jinrongjie:1']);
    // Back on 7-06 at 10:00: the 7-05 09:00 reminder is more than a day old, nothing is sent.
    expect(at('2016-07-06T10:00:00+08:00')).toBeUndefined();
  });
});

describe('remediation reminders and escalation', () => {
  it('remind about an open item before and after its planned date, and stop when fixed', async () => {
    const c = campaignWithDeadlines({ 'self-check-report': '2016-12-30' });
    const p = new FakeProgress(c).addRemediation('jinrongjie', { id: 'r1', problem: '弱口令', plannedDate: '2016-08-10' });
    const sends = await simulate(c, p, '2016-08-01T00:00:00+08:00', '2016-08-20T23:59:00+08:00', 'jinrongjie-1', 60);
    expect(sends.map((s) => `${s.at} ${s.ids.join(',')}`)).toEqual([
      '08-05 Fri 09:00 rem:jinrongjie:r1:3',
      '08-10 Wed 09:00 rem:jinrongjie:r1:0',
      '08-15 Mon 09:00 rem:jinrongjie:r1:-3',
      '08-17 Wed 09:00 rem:jinrongjie:r1:-7',
    ]);
    p.setRemediationStatus('jinrongjie', 'r1', 'fixed', '2016-08-12T10:00:00+08:00');
    expect(await simulate(c, p, '2016-08-13T00:00:00+08:00', '2016-08-20T23:59:00+08:00', 'jinrongjie-1', 60)).toEqual([]);
  });

  it('escalate late units to the supervising office’s staff on the next working day', async () => {
    const c = campaignWithDeadlines({ 'self-check-report': '2016-07-08' });
    const p = new FakeProgress(c);
    c.units.filter((u) => u.id !== 'jinrongjie' && u.id !== 'zuzhibu').forEach((u) => p.submitSelfCheck(u.id, '2016-07-07T10:00:00+08:00'));
    const plan = planReminders({ campaign: c, statuses: await p.allUnitStatuses(), now: dayjs('2016-07-11T09:00:00+08:00') });
    const staff1 = plan.messages.find((m) => m.contactId === 'staff-1')?.items ?? [];
    const staff2 = plan.messages.find((m) => m.contactId === 'staff-2')?.items ?? [];
    expect(staff1.map((i) => i.id)).toEqual(['esc:self-check-report:gov-office:1']);
    expect(staff1[0]!.line).toMatch(/仍有 1 个区政府办负责的单位未完成：金融街街道。.*现场抽查候选/);
    expect(staff2[0]!.line).toContain('区委组织部');
    expect(plan.messages.find((m) => m.contactId === 'jinrongjie-1')).toBeUndefined();
  });
});

describe('稍后提醒', () => {
  it('holds reminders until the snooze time, then sends one follow-up with what is still pending', async () => {
    const c = campaignWithDeadlines({ 'self-check-report': '2016-07-08' });
    const p = new FakeProgress(c);
    // Snoozed on Friday 7-01 at 09:05 → next working morning is Monday 7-04 09:00.
    const snoozes = new Map([['jinrongjie-1', dayjs('2016-07-04T09:00:00+08:00').toISOString()]]);
    const sends = await simulate(c, p, '2016-07-01T09:30:00+08:00', '2016-07-05T23:59:00+08:00', 'jinrongjie-1', 30, snoozes);
    expect(sends[0]).toEqual({ at: '07-04 Mon 09:00', ids: [`snz:jinrongjie-1:${snoozes.get('jinrongjie-1')!.slice(0, 16)}`] });
    expect(sends[1]).toEqual({ at: '07-05 Tue 09:00', ids: ['dl:self-check-report:jinrongjie:3'] });
  });
});
