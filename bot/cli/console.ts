/**
 * `npm start`: an interactive console chat with the bot on the campaign, as the demo unit contact.
 * Typed or piped input; every line is handled, in order. A number, or an option's whole label, chooses one of
 * the last options shown.
 * Console commands: /as <contact-id>, /now <ISO>, /exit.
 */
import { createInterface } from 'node:readline';
import { createLogger } from '../logger';
import { bootRedis, type BootedRedis } from '../redis-boot';
import { lastOptions, optionByLabel, renderText } from '../render-text';
import { createRuntime, type Runtime } from '../runtime';
import type { ReplyOption } from '../../domain/reply';
import { configFromCli, exitQuietlyOnEpipe, failOnStartError, parseCli } from './common';

async function main(): Promise<void> {
  exitQuietlyOnEpipe();
  const { values } = parseCli({ as: { type: 'string', default: 'jinrongjie-1' }, now: { type: 'string' }, campaign: { type: 'string' } });
  const config = configFromCli({ now: values.now, campaign: values.campaign });
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let redis: BootedRedis | undefined;
  let runtime: Runtime;
  try {
    redis = await bootRedis(config);
    runtime = await createRuntime({ config, redisUrl: redis.url, logger, defaultNow: 'demo' });
  } catch (err) {
    await redis?.stop();
    failOnStartError(err);
  }
  let as = values.as ?? 'jinrongjie-1';
  let now: string | undefined;
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const who = () => {
    const c = runtime.campaign.contact(as);
    if (!c) return `${as}（未登记用户）`;
    const unit = c.unit ? runtime.campaign.unit(c.unit)?.name : runtime.campaign.office(c.office ?? '')?.name;
    return `${c.name}（${unit ?? ''}${c.role === 'staff' ? '，检查工作组' : '，单位联系人'}）`;
  };
  const clockNote =
    runtime.clockOrigin === 'demo'
      ? `演示时钟 ${runtime.clock().format('YYYY-MM-DD HH:mm')}（活动在过去；用 --now 或 BOT_NOW 改变）`
      : runtime.clockOrigin === 'BOT_NOW'
        ? `固定时钟 ${runtime.clock().format('YYYY-MM-DD HH:mm')}`
        : '系统时钟';
  out(`== ${runtime.campaign.title} ==`);
  out(`Redis: ${redis.origin}；${clockNote}`);
  out(`您现在的身份：${who()}。输入数字选择选项；/as <联系人id> 切换身份，/now <时间> 设定时钟，/exit 退出。`);
  out('');

  let options: ReplyOption[] = [];
  const turn = async (input: { text?: string; action?: string }) => {
    const replies = await runtime.handle({ from: { contactId: as }, ...input }, now ? { now } : {});
    for (const r of replies) out(`机器人> ${renderText(r).replace(/\n/g, '\n        ')}`);
    // A number refers to the options of the latest reply only (a number question's prompt has none).
    options = lastOptions(replies);
    out('');
  };

  await turn({ text: '你好' });
  const rl = createInterface({ input: process.stdin, terminal: process.stdin.isTTY === true });
  const prompt = () => process.stdout.write('您> ');
  if (process.stdin.isTTY) prompt();

  // Lines are queued and handled one after another, so piped input never loses a line.
  let chain: Promise<void> = Promise.resolve();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await chain;
    await runtime.close();
    await redis?.stop();
    out('再见！');
    process.exit(0);
  };
  rl.on('line', (line) => {
    chain = chain.then(async () => {
      if (stopping) return;
      const t = line.trim();
      if (!process.stdin.isTTY) out(`您> ${line}`);
      if (t === '/exit' || t === '/quit') return void stop();
      // A number, or an option's whole label, picks one of the last reply's options.
      const number = /^\d{1,2}$/.test(t) ? Number(t) : undefined;
      const chosen = number !== undefined ? options[number - 1] : optionByLabel(options, t);
      if (t.startsWith('/as ')) {
        as = t.slice(4).trim();
        options = [];
        out(`已切换身份：${who()}\n`);
      } else if (t.startsWith('/now ')) {
        const v = t.slice(5).trim();
        try {
          configFromCli({ now: v });
          now = v;
          out(`时钟已设为 ${v}\n`);
        } catch {
          out('时间格式应为 ISO-8601，例如 2016-07-01T09:00:00+08:00\n');
        }
      } else if (chosen) {
        await turn({ action: chosen.action });
      } else if (number !== undefined && options.length > 0) {
        // A number beyond the options shown is a slip, not a question for the notice.
        out(`机器人> 没有第 ${t} 项，请输入 1–${options.length} 之间的序号，或直接输入文字。\n`);
      } else {
        await turn({ text: line });
      }
      if (process.stdin.isTTY) prompt();
    });
  });
  // End of piped input: finish every queued line first.
  rl.on('close', () => void chain.then(() => stop()));
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
