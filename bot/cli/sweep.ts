/**
 * `npm run sweep -- --now ISO [--dry-run] [--deliver]`: run one reminder sweep and print what was (or, with
 * --dry-run, would be) sent. Without --dry-run the reminders are claimed (never sent twice) and queued on
 * the outbound queue for the running bot's worker; `--deliver` also runs a local worker with the log
 * sender so the messages are printed here (use it only where no Lark bot is running).
 */
import { loadCampaign, type Campaign } from '../../domain/campaign';
import { renderReminder } from '../../handlers/reminders/render';
import { dayjs, fixedClock, systemClock } from '../../domain/time';
import { makeKeys } from '../../store/keys';
import { createRedis, waitReady, type RedisClient } from '../../store/redis';
import { ReminderStore } from '../../store/reminder-store';
import { createDeps } from '../deps';
import { bullPrefix } from '../jobs/jobs';
import { createOutboundWorker, OutboundProducer } from '../jobs/outbound';
import { runLockedSweep, runSweep, type SweepReport } from '../jobs/sweep';
import { createLogger } from '../logger';
import { bootRedis, type BootedRedis } from '../redis-boot';
import { LogSender } from '../senders/log-sender';
import { configFromCli, exitQuietlyOnEpipe, failOnStartError, parseCli } from './common';

function print(campaign: Campaign, report: SweepReport, dryRun: boolean): void {
  const out = (s: string): void => {
    process.stdout.write(`${s}\n`);
  };
  const when = dayjs(report.now).tz(campaign.timezone).format('YYYY-MM-DD HH:mm');
  if (report.locked) return out(`另一个提醒扫描正在运行（${when}），本次跳过。`);
  if (report.recovered) out(`恢复了 ${report.recovered} 条上次中断未排队的提醒。`);
  if (report.messages.length === 0) {
    const why = report.note === 'quiet-hours' ? '（免打扰时段）' : report.note === 'non-working-day' ? '（非工作日）' : '';
    return out(`${when}：没有需要发送的提醒${why}。`);
  }
  out(`${when}：${dryRun ? '将发送' : '已排队发送'} ${report.messages.length} 条提醒${report.capped.length ? `；${report.capped.length} 人已达当日上限` : ''}。`);
  for (const m of report.messages) {
    const c = campaign.contact(m.contactId);
    out(`\n→ ${c?.name ?? m.contactId}（${m.contactId}）${m.messageId ? ` [${m.messageId}]` : ''}`);
    out(renderReminder(campaign, m.contactId, m.lines).text.replace(/^/gm, '  '));
  }
}

async function main(): Promise<void> {
  exitQuietlyOnEpipe();
  const { values } = parseCli({ now: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, deliver: { type: 'boolean', default: false }, campaign: { type: 'string' } });
  const config = configFromCli({ now: values.now, campaign: values.campaign });
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let booted: BootedRedis | undefined;
  let campaign: Campaign;
  let app: RedisClient;
  let qconn: RedisClient;
  try {
    campaign = loadCampaign(config.campaignPath);
    booted = await bootRedis(config);
    app = createRedis(booted.url, { name: 'inspection-bot-sweep' });
    qconn = createRedis(booted.url, { purpose: 'queue', name: 'inspection-bot-sweep-queue' });
    await Promise.all([waitReady(app), waitReady(qconn)]);
  } catch (err) {
    await booted?.stop();
    failOnStartError(err);
  }
  const keys = makeKeys(config.redisPrefix, campaign.id);
  const { deps, close: closeDeps } = createDeps({ campaign, redis: app, keys, logger });
  const store = new ReminderStore(app, keys);
  const prefix = bullPrefix(keys);
  const producer = new OutboundProducer(qconn, { prefix, rate: config.lark.sendRate });
  const now = (config.now ? fixedClock(config.now, campaign.timezone) : systemClock(campaign.timezone))();
  const sweepDeps = { campaign, progress: deps.progress!, store, producer, logger };
  try {
    const dryRun = values['dry-run'] === true;
    const report = dryRun ? await runSweep(sweepDeps, now, { dryRun: true }) : await runLockedSweep(sweepDeps, now);
    print(campaign, report, dryRun);
    if (!dryRun && values.deliver && report.messages.length > 0) {
      const printed = new Set<string>();
      const worker = createOutboundWorker({ connection: qconn, prefix, sender: new LogSender({ logger, sink: (m) => printed.add(m.dedupKey ?? '') }), store, logger, rate: config.lark.sendRate });
      const deadline = Date.now() + 15_000;
      const settled = async () => (await Promise.all(report.messages.map((m) => store.settled(m.messageId!, m.contactId)))).every(Boolean);
      while (!(await settled()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await worker.close();
      process.stdout.write(`\n已通过日志发送器投递 ${printed.size} 条。\n`);
    }
  } finally {
    await producer.close();
    await closeDeps();
    app.disconnect();
    qconn.disconnect();
    await booted.stop();
  }
}

void main();
