/**
 * `npm run import-findings -- FILE.xlsx|FILE.csv [--dry-run] [--by CONTACT_ID] [--now ISO] [--campaign DIR]`
 *
 * Imports a whole technical-detection round. Every row is validated first; if any row is rejected the
 * report lists each rejected row (number and problems) and nothing is imported (exit 2). Otherwise all rows
 * go in through `StaffStore.addFindingsBatch` (all or nothing) and each unit's contacts get one message
 * listing its new findings. Rows already imported (same unit, system and description) are skipped, so
 * running the same file twice is safe. `--dry-run` validates and reports without writing.
 */
import { parseArgs } from 'node:util';
import { loadCampaign, type Campaign } from '../../domain/campaign';
import type { Logger } from '../../domain/logger';
import type { MessageSender } from '../../domain/outbound';
import type { RemediationItem } from '../../domain/progress';
import { cnFullDate, fixedClock, systemClock, type Clock } from '../../domain/time';
import { formatRejected, readFindingsFile } from '../../handlers/export/findings-import';
import { cmd } from '../../handlers/help';
import { notifySummary, notifyUnitContacts } from '../../handlers/staff/notify';
import type { StaffStore } from '../../handlers/staff/ports';
import { SEVERITY_LABEL } from '../../handlers/staff/unit-facts';
import { createLogger } from '../logger';
import { bullPrefix } from '../jobs/jobs';
import { OutboundProducer } from '../jobs/outbound';
import { QueuedSender } from '../queued-sender';
import { makeKeys } from '../../store/keys';
import { RedisSelfCheckStore } from '../../store/self-check-store';
import { configFromCli, exitQuietlyOnEpipe, failOnStartError, openCliSession } from './common';

export interface ImportIo {
  campaign: Campaign;
  /** Opens the store (only when something is to be written); `close` releases connections. */
  openStore: () => Promise<{ store: StaffStore; close: () => Promise<void> }>;
  clock: Clock;
  logger: Logger;
  sender?: MessageSender;
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = '用法: npm run import-findings -- 文件.xlsx|文件.csv [--dry-run] [--by 登记人ID]';

/** Exit codes: 0 imported (or dry run clean), 1 usage or file error, 2 rows rejected (nothing imported). */
export async function runImportFindings(argv: string[], io: ImportIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { 'dry-run': { type: 'boolean', default: false }, by: { type: 'string' }, now: { type: 'string' }, campaign: { type: 'string' } } });
  } catch (e) {
    io.err(`参数错误: ${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) {
    io.err(USAGE);
    return 1;
  }
  const by = parsed.values.by ?? 'cli:import-findings';
  if (parsed.values.by !== undefined && io.campaign.contact(by)?.role !== 'staff') {
    io.err(`--by 应为检查工作组成员的联系人 ID（如 staff-1），“${by}”不是。`);
    return 1;
  }
  let result;
  try {
    result = await readFindingsFile(io.campaign, file);
  } catch (e) {
    io.err(`无法读取文件 ${file}: ${(e as Error).message}`);
    return 1;
  }
  if (result.rejected.length > 0) {
    io.err(`有 ${result.rejected.length} 行不合格，本次未导入任何数据（共 ${result.valid.length + result.rejected.length} 行）。请修改后重新导入：`);
    io.err(formatRejected(result.rejected));
    return 2;
  }
  if (result.valid.length === 0) {
    io.err('文件中没有数据行。');
    return 1;
  }
  const units = new Set(result.valid.map((v) => v.unitId));
  if (parsed.values['dry-run']) {
    io.out(`检查通过：${result.valid.length} 行，涉及 ${units.size} 个单位。（--dry-run，未写入）`);
    return 0;
  }
  const { store, close } = await io.openStore();
  try {
    const added = await store.addFindingsBatch(result.valid.map((v) => ({ unitId: v.unitId, finding: v.finding })), by, io.clock().format());
    io.out(`已导入 ${added.length} 个问题，涉及 ${new Set(added.map((a) => a.unitId)).size} 个单位${added.length < result.valid.length ? `；${result.valid.length - added.length} 行此前已导入，已跳过` : ''}。`);
    const deps = { campaign: io.campaign, clock: io.clock, logger: io.logger, sender: io.sender };
    for (const [unitId, items] of groupByUnit(added)) {
      const n = await notifyUnitContacts(deps, unitId, unitMessage(items), `import:${items[0]?.id ?? unitId}`);
      io.out(`${io.campaign.unit(unitId)?.name ?? unitId}：${items.length} 个问题，${notifySummary(n, '单位联系人')}`);
    }
    return 0;
  } finally {
    await close();
  }
}

function groupByUnit(items: RemediationItem[]): Map<string, RemediationItem[]> {
  const m = new Map<string, RemediationItem[]>();
  for (const i of items) m.set(i.unitId, [...(m.get(i.unitId) ?? []), i]);
  return m;
}

function unitMessage(items: RemediationItem[]) {
  const lines = [`【安全检查】检查工作组通报了技术检测发现的 ${items.length} 个问题，请按期整改并反馈（八（三））：`];
  items.forEach((i, k) => lines.push(`${k + 1}. ${i.system ?? ''}：${i.problem}（${i.severity ? SEVERITY_LABEL[i.severity] : ''}危，整改期限 ${i.plannedDate ? cnFullDate(i.plannedDate) : '未定'}）`));
  lines.push('输入“整改”查看并反馈整改进展。');
  return { text: lines.join('\n'), options: [{ label: '整改', action: cmd('整改') }] };
}

async function main(): Promise<void> {
  exitQuietlyOnEpipe();
  const argv = process.argv.slice(2);
  const pre = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { now: { type: 'string' }, campaign: { type: 'string' } } });
  const config = configFromCli({ now: typeof pre.values.now === 'string' ? pre.values.now : undefined, campaign: typeof pre.values.campaign === 'string' ? pre.values.campaign : undefined });
  let campaign: Campaign;
  try {
    campaign = loadCampaign(config.campaignPath);
  } catch (e) {
    failOnStartError(e);
  }
  let producer: OutboundProducer | undefined;
  const code = await runImportFindings(argv, {
    campaign,
    openStore: async () => {
      const session = await openCliSession(config);
      const keys = makeKeys(config.redisPrefix, campaign.id);
      // Notifications to the units' contacts go onto the outbound queue; a `serve` process delivers them.
      producer = new OutboundProducer(session.redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true }), { prefix: bullPrefix(keys) });
      const store = new RedisSelfCheckStore(session.redis, keys, campaign);
      return {
        store,
        close: async () => {
          await producer?.close();
          await session.close();
        },
      };
    },
    sender: new QueuedSender(campaign, () => {
      if (!producer) throw new Error('outbound queue not open');
      return producer;
    }),
    clock: config.now ? fixedClock(config.now, campaign.timezone) : systemClock(campaign.timezone),
    logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
    out: (l) => console.log(l),
    err: (l) => console.error(l),
  }).catch((e: unknown) => {
    console.error(`导入失败: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  });
  process.exit(code);
}

if (require.main === module) void main();
