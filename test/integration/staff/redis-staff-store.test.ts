/**
 * The staff ports on Redis: the StaffStore contract on the store the bot runs with
 * (store/self-check-store.ts), the StaffDialogStore contract on store/staff-dialog-store.ts, and one
 * chase-to-closure conversation plus the summary workbook on both.
 */
import { Workbook } from 'exceljs';
import { silentLogger } from '../../../domain/logger';
import type { OutboundMessage } from '../../../domain/outbound';
import { fixedClock } from '../../../domain/time';
import { loadSummaryModel, summaryXlsx } from '../../../handlers/export/summary-workbook';
import { helpIntent } from '../../../handlers/help';
import { handleTurn } from '../../../handlers/router';
import { staffIntent } from '../../../handlers/staff/staff-intent';
import type { HandlerDeps } from '../../../handlers/types';
import { makeKeys } from '../../../store/keys';
import type { RedisClient } from '../../../store/redis';
import { RedisSelfCheckStore } from '../../../store/self-check-store';
import { RedisStaffDialogStore } from '../../../store/staff-dialog-store';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../../support/redis';
import { campaign } from '../../support/staff-fixture';
import { staffDialogStoreContract, staffStoreContract } from '../../support/staff-store-contract';

let redis: RedisClient;
beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(() => {
  redis.disconnect();
});

staffStoreContract('redis', campaign, async () => {
  const prefix = uniquePrefix('staff');
  return { store: new RedisSelfCheckStore(redis, makeKeys(prefix, campaign.id), campaign), cleanup: () => deletePrefix(redis, prefix) };
});

staffDialogStoreContract('redis', async () => {
  const prefix = uniquePrefix('staffflow');
  return { store: new RedisStaffDialogStore(redis, makeKeys(prefix, campaign.id), 60), cleanup: () => deletePrefix(redis, prefix) };
});

describe('staff tools on Redis', () => {
  const prefix = uniquePrefix('staffe2e');
  afterAll(() => deletePrefix(redis, prefix));

  it('registers a finding, the unit fixes it, staff confirm it, and the summary workbook shows it closed with its audit trail', async () => {
    const keys = makeKeys(prefix, campaign.id);
    const store = new RedisSelfCheckStore(redis, keys, campaign);
    const dialogs = new RedisStaffDialogStore(redis, keys, 600);
    const sent: OutboundMessage[] = [];
    const deps: HandlerDeps = {
      campaign,
      clock: fixedClock('2016-08-10T10:00:00+08:00', campaign.timezone),
      logger: silentLogger,
      staff: store,
      staffDialogs: dialogs,
      sender: { send: async (m) => (sent.push(m), {}) },
    };
    const say = async (as: string, text?: string, action?: string) => (await handleTurn({ from: { contactId: as }, text, action }, deps, [helpIntent, staffIntent]));

    for (const t of ['登记问题 金融街', '门户网站', '后台弱口令 admin/admin', '高', '2', '2016-08-31']) await say('staff-1', t);
    expect((await say('staff-1', '确认'))[0]?.text).toContain('已登记：金融街街道 门户网站');
    const [list] = await say('jinrongjie-1', '整改');
    const pick = list?.options?.[0]?.action ?? '';
    expect(pick).toMatch(/^rem:pick:/);
    await say('jinrongjie-1', undefined, pick.replace('rem:pick:', 'rem:fix:'));
    expect((await say('jinrongjie-1', '已改为强口令并启用双因素'))[0]?.text).toContain('等待检查工作组复核');
    const [queue] = await say('staff-1', '复核');
    const rv = queue?.options?.[0]?.action ?? '';
    expect((await say('staff-1', undefined, rv.replace('rv:pick:', 'rv:ok:')))[0]?.text).toContain('已确认整改完成');
    expect(sent.map((m) => m.to)).toEqual([{ openId: 'ou_jinrongjie_1' }, { openId: 'ou_jinrongjie_2' }, { openId: 'ou_staff_1' }, { openId: 'ou_jinrongjie_1' }, { openId: 'ou_jinrongjie_2' }]);

    const model = await loadSummaryModel(campaign, store, deps.clock());
    const wb = new Workbook();
    await wb.xlsx.load((await summaryXlsx(model, campaign.title)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const findings = wb.getWorksheet('问题清单')!;
    const header = (findings.getRow(1).values as unknown[]).slice(1);
    const row = (findings.getRow(2).values as unknown[]).slice(1);
    expect(row[header.indexOf('问题描述')]).toBe('后台弱口令 admin/admin');
    expect(row[header.indexOf('状态')]).toBe('已确认');
    const audit = wb.getWorksheet('审计日志')!;
    const who = [];
    for (let r = 2; r <= audit.rowCount; r++) who.push(audit.getRow(r).getCell(5).value);
    expect(who).toEqual(['郁卓', '王晓明', '郁卓']);
  });
});
