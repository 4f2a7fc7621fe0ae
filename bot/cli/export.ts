/**
 * `npm run export -- --unit ID --format docx|json --out FILE`   one unit: the 自查报告 draft (docx, 附件1's four
 *                                                               sections) or its answers + audit trail (json, archive)
 * `npm run export -- --summary --format xlsx|csv --out FILE`    all units: the staff summary workbook
 * Connects to Redis like the other entry points (REDIS_URL, or the private server of `npm start`).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Campaign } from '../../domain/campaign';
import type { Clock } from '../../domain/time';
import { writeSummaryExport } from '../../handlers/export/summary-workbook';
import { reportDocx, reportModel } from '../../handlers/report/self-check-report';
import { makeKeys } from '../../store/keys';
import { RedisSelfCheckStore } from '../../store/self-check-store';
import { cliClock, configFromCli, exitQuietlyOnEpipe, openCliSession } from './common';

const USAGE = [
  '用法: npm run export -- --unit 单位ID --format docx|json --out 文件',
  '      npm run export -- --summary --format xlsx|csv --out 文件',
].join('\n');

export interface ExportIo {
  campaign: Campaign;
  store: RedisSelfCheckStore;
  clock: Clock;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Exit codes: 0 written, 1 usage error or unknown unit. */
export async function runExport(argv: string[], io: ExportIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { unit: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, summary: { type: 'boolean', default: false }, now: { type: 'string' }, campaign: { type: 'string' } } }));
  } catch (err) {
    io.err(`参数错误: ${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  const { unit: unitArg, format, out } = values;
  if (!out) {
    io.err(`缺少 --out\n${USAGE}`);
    return 1;
  }
  if (values.summary) {
    if (format !== 'xlsx' && format !== 'csv') {
      io.err(`--summary 需要 --format xlsx 或 csv\n${USAGE}`);
      return 1;
    }
    const r = await writeSummaryExport(format, out, { campaign: io.campaign, store: io.store, clock: io.clock });
    io.out(`已导出汇总：${r.units} 个单位，${r.findings} 个问题 → ${out}`);
    return 0;
  }
  const unit = unitArg ? io.campaign.units.find((u) => u.id === unitArg || u.name === unitArg || u.aliases.includes(unitArg)) : undefined;
  if (!unit) {
    io.err(`${unitArg ? `未知单位 "${unitArg}"` : '缺少 --unit'}（单位 id 例如 jinrongjie）\n${USAGE}`);
    return 1;
  }
  const snap = await io.store.loadUnit(unit.id);
  if (format === 'docx') {
    const model = reportModel(io.campaign, unit, snap);
    await writeFile(out, await reportDocx(model));
    io.out(`已生成《${model.title}》草稿 → ${out}${snap.meta.submittedAt ? '' : '（注意：本单位尚未提交自查）'}`);
    return 0;
  }
  if (format === 'json') {
    const audit = await io.store.auditEntries(unit.id);
    const doc = { campaign: io.campaign.id, unit: { id: unit.id, name: unit.name }, exportedAt: io.clock().format(), meta: snap.meta, answers: snap.answers, remediation: snap.remediation, audit };
    await writeFile(out, `${JSON.stringify(doc, null, 2)}\n`, 'utf8');
    io.out(`已导出 ${unit.name} 的答案 ${Object.keys(snap.answers).length} 条、审计记录 ${audit.length} 条 → ${out}`);
    return 0;
  }
  io.err(`--format 应为 docx 或 json\n${USAGE}`);
  return 1;
}

async function main(): Promise<void> {
  exitQuietlyOnEpipe();
  const argv = process.argv.slice(2);
  const nowArg = argv[argv.indexOf('--now') + 1];
  const campaignArg = argv[argv.indexOf('--campaign') + 1];
  const config = configFromCli({ now: argv.includes('--now') ? nowArg : undefined, campaign: argv.includes('--campaign') ? campaignArg : undefined });
  const session = await openCliSession(config);
  const { campaign, redis } = session;
  const store = new RedisSelfCheckStore(redis, makeKeys(config.redisPrefix, campaign.id), campaign);
  const clock = cliClock(config, campaign);
  let code = 1;
  try {
    code = await runExport(argv, { campaign, store, clock, out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) });
  } finally {
    await session.close();
  }
  process.exit(code);
}

if (require.main === module) void main();
