/**
 * 稍后提醒 / 收到 replies, the work calendar, and broadcast audiences, with an in-memory OutreachPort.
 */
import path from 'node:path';
import { loadCampaign } from '../../../domain/campaign';
import { silentLogger } from '../../../domain/logger';
import { dayjs, fixedClock } from '../../../domain/time';
import { parseAudience, resolveAudience } from '../../../handlers/broadcast/audience';
import { WorkCalendar } from '../../../handlers/reminders/calendar';
import type { BroadcastDraft, OutreachPort } from '../../../handlers/reminders/ports';
import { handleTurn } from '../../../handlers/router';
import { FakeProgress } from '../../support/fake-progress';

const campaign = loadCampaign(path.join(__dirname, '../../../campaigns/xicheng-2016'));

function memoryOutreach(workerRunning = true) {
  const snoozes = new Map<string, string>();
  const drafts = new Map<string, BroadcastDraft>();
  const started: BroadcastDraft[] = [];
  const port: OutreachPort = {
    snooze: async (c, u) => void snoozes.set(c, u),
    ack: async () => 'rm-1',
    saveDraft: async (d) => void drafts.set(d.createdBy, d),
    loadDraft: async (s) => drafts.get(s),
    clearDraft: async (s) => void drafts.delete(s),
    startBroadcast: async (d) => (started.push(d), { total: d.contactIds.length }),
    broadcasts: async () => [],
    deadLetters: async () => [],
    deliveryActive: async () => workerRunning,
  };
  return { port, snoozes, started };
}

const turn = async (as: string, text: string, now: string, outreach: OutreachPort, action?: string) =>
  (await handleTurn({ from: { contactId: as }, ...(action ? { action } : { text }) }, { campaign, clock: fixedClock(now, campaign.timezone), logger: silentLogger, progress: new FakeProgress(campaign), outreach }))[0]!;

describe('稍后提醒 and 收到', () => {
  it('snoozes to the next working morning, skipping the weekend and the Mid-Autumn holiday', async () => {
    const o = memoryOutreach();
    expect((await turn('jinrongjie-1', '稍后提醒', '2016-07-01T09:05:00+08:00', o.port)).text).toContain('7月4日（周一）09:00');
    expect(o.snoozes.get('jinrongjie-1')).toBe(dayjs('2016-07-04T09:00:00+08:00').toISOString());
    // Wed 9-14 → 9-15..17 off → Sunday 9-18 is a make-up working day.
    expect((await turn('jinrongjie-1', '稍后提醒', '2016-09-14T09:05:00+08:00', o.port)).text).toContain('9月18日（周日）09:00');
  });

  it('understands everyday forms of “later / tomorrow”, and not a different time (下周)', async () => {
    const o = memoryOutreach();
    for (const said of ['明天提醒我', '明天再提醒我吧', '过会儿再提醒', '提醒我明天', 'Remind me later']) {
      expect((await turn('jinrongjie-1', said, '2016-07-01T09:05:00+08:00', o.port)).text).toContain('7月4日（周一）09:00');
    }
    const later = (await turn('jinrongjie-1', '下周提醒我', '2016-07-01T09:05:00+08:00', o.port)).text;
    expect(later).toContain('只能推迟到下一个工作日上午');
    expect(later).not.toContain('不太确定');
  });

  it('acknowledges 收到', async () => {
    const o = memoryOutreach();
    expect((await turn('jinrongjie-1', '收到', '2016-07-01T09:05:00+08:00', o.port)).text).toContain('已记录您已收到');
  });
});

describe('WorkCalendar', () => {
  const cal = new WorkCalendar(campaign.reminders, campaign.timezone);
  it('knows weekends, holidays and 调休 days', () => {
    expect(cal.isWorkingDay('2016-07-04')).toBe(true);
    expect(cal.isWorkingDay('2016-07-09')).toBe(false);
    expect(cal.isWorkingDay('2016-10-03')).toBe(false);
    expect(cal.isWorkingDay('2016-10-08')).toBe(true);
  });
  it('treats 20:00–08:00 as quiet hours', () => {
    expect(cal.isQuiet(dayjs('2016-07-04T19:59:00+08:00'))).toBe(false);
    expect(cal.isQuiet(dayjs('2016-07-04T20:00:00+08:00'))).toBe(true);
    expect(cal.isQuiet(dayjs('2016-07-05T07:59:00+08:00'))).toBe(true);
    expect(cal.isQuiet(dayjs('2016-07-05T08:00:00+08:00'))).toBe(false);
  });
});

describe('broadcast audiences and confirmation', () => {
  const none = new Map();
  it('resolves kinds, pending units and named units', () => {
    const size = (s: string) => {
      const p = parseAudience(campaign, s);
      if (!p.ok) throw new Error(p.message);
      return resolveAudience(campaign, p.spec, none).units.length;
    };
    expect(size('全部单位')).toBe(39);
    expect(size('街道')).toBe(15);
    expect(size('区级部门')).toBe(18);
    expect(size('未完成自查报告')).toBe(39);
    expect(size('金融街、月坛')).toBe(2);
    expect(parseAudience(campaign, '未完成火星报告').ok).toBe(false);
  });

  it('shows size and text, then sends only after confirmation; cancel sends nothing', async () => {
    const o = memoryOutreach();
    const now = '2016-07-05T10:00:00+08:00';
    const preview = await turn('staff-1', '广播 金融街、月坛：明天上午来取光盘', now, o.port);
    expect(preview.text).toContain('2 个单位，3 位联系人');
    expect(preview.text).toContain('明天上午来取光盘');
    expect(o.started).toHaveLength(0);
    expect((await turn('staff-1', '取消广播', now, o.port)).text).toContain('已取消');
    expect((await turn('staff-1', '', now, o.port, preview.options![0]!.action)).text).toContain('没有待确认的广播');
    await turn('staff-1', '广播 金融街、月坛：明天上午来取光盘', now, o.port);
    const sent = (await turn('staff-1', '确认发送', now, o.port)).text;
    expect(sent).toContain('已开始发送');
    expect(sent).toContain('共 3 人');
    expect(o.started.map((d) => d.contactIds.length)).toEqual([3]);
  });

  it('says honestly that messages wait in the queue when no delivery process is running (console demo)', async () => {
    const o = memoryOutreach(false);
    const now = '2016-07-05T10:00:00+08:00';
    await turn('staff-1', '广播 金融街：请核对材料', now, o.port);
    const sent = (await turn('staff-1', '确认发送', now, o.port)).text;
    expect(sent).toContain('已加入发送队列');
    expect(sent).toContain('npm run serve');
    expect(sent).not.toContain('已开始发送');
  });
});
