/**
 * `npm run bench`: the combined benchmark (issue 7). A private redis-server, the fake Lark Open API in its own
 * process (bench/fake-lark-process.ts), and two bots in their own processes (bench/bot-process.ts): the real
 * Lark pipeline (`full`) and the bare Bottender echo bot (`baseline`, bench/baseline.ts). This process is the
 * load generator. Then the Q&A, broadcast and sweep benches. Prints the machine, a table, and as its last
 * line one JSON object.
 *
 *   npm run bench                 full run (a few minutes)
 *   npm run bench -- --quick      smaller counts (a smoke run, figures noisier)
 *   npm run bench -- --profile    also write a CPU profile of the full bot (.bench-prof/*.cpuprofile;
 *                                 summarise with `npx tsx bench/profile-top.ts`)
 *   npm run bench -- --autopipeline   experiment: ioredis auto-pipelining in both bots (not in production)
 *
 * Inbound throughput: closed loop, 32 requests in flight, signed + encrypted events from the 1,000-contact
 * mix (bench/inbound-mix.ts); after a warm-up of each bot, alternating slices A B B A A B B A; a slice
 * counts from its first request to the last reply recorded by the fake. Latency: open loop at a paced
 * 200 events/s, each event from its scheduled send time to the arrival of its last reply at the fake.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startPrivateRedis } from '../store/private-redis';
import { createRedis, waitReady, type RedisClient } from '../store/redis';
import { benchBroadcast } from './broadcast';
import { startBotProcess, type BotProcess } from './bot-process';
import { startFakeLarkProcess, type FakeLarkProcess } from './fake-lark-process';
import { messageIdOfUuid, mixEvents, type MixEvent } from './inbound-mix';
import { runQaBench } from './qa';
import { benchSweep } from './sweep';

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
const autoPipeline = process.argv.includes('--autopipeline');
const CONCURRENCY = 32;
const WARMUP = quick ? 1000 : 3000;
const SLICE = quick ? 500 : 2000;
const SLICE_ORDER = quick ? ['A', 'B', 'B', 'A'] : ['A', 'B', 'B', 'A', 'A', 'B', 'B', 'A'];
const PACED_RATE = 200;
const PACED_N = quick ? 600 : 3000;
const PACED_WARMUP = quick ? 100 : 1200;
const ENCRYPT_KEY = 'bench-encrypt-key';

const now = () => performance.timeOrigin + performance.now();
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const log = (s: string) => console.error(s);

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
/** Requests sent again because a kept-alive socket was closed by the bot's server as it was reused. */
let resent = 0;
function post(url: string, ev: MixEvent, attempt = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/webhooks/lark`, { method: 'POST', agent, headers: { ...ev.req.headers, 'content-length': Buffer.byteLength(ev.req.body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // The server closes sockets idle for 5 s; one can close just as it is reused between phases. Lark
      // delivers again on a failed request, and the bot de-duplicates by message_id, so do the same, once.
      if (attempt === 0 && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
        resent++;
        post(url, ev, 1).then(resolve, reject);
      } else reject(err);
    });
    req.end(ev.req.body);
  });
}

interface Driver {
  bot: BotProcess;
  tag: string;
  /** Next mix index (both bots walk the same sequence: the same load). */
  next: number;
  /** Events accepted so far (HTTP 200) = the handled count to wait for. */
  posted: number;
}

/** Last reply arrival per inbound message id, from the fake's log since the previous call. */
async function lastArrivals(fake: FakeLarkProcess): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [uuid, t] of await fake.arrivals()) {
    const id = messageIdOfUuid(uuid);
    if (id) out.set(id, Math.max(out.get(id) ?? 0, t));
  }
  return out;
}

interface SliceResult {
  events: number;
  seconds: number;
  missing: number;
  errors: number;
  /** Redis commands processed during the slice (only one bot is loaded at a time). */
  redisCommands: number;
  /** CPU ms used during the slice by the bot's process and by redis-server. */
  botCpuMs: number;
  redisCpuMs: number;
}

let monitor: RedisClient | undefined;
async function redisCommands(): Promise<number> {
  const info = monitor ? await monitor.info('stats') : '';
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Calls per Redis command (INFO commandstats), to see which commands an event costs. */
async function commandCalls(): Promise<Map<string, number>> {
  const info = monitor ? await monitor.info('commandstats') : '';
  const out = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out.set(m[1] as string, Number(m[2]));
  return out;
}

/** SLOWLOG entries (commands over the threshold), as "COMMAND n ms", newest first. */
async function slowCommands(): Promise<string> {
  if (!monitor) return 'unknown';
  const entries = (await monitor.call('SLOWLOG', 'GET', '20')) as [number, number, number, string[]][];
  // A script shows its first key (which says which script it is); another command its first argument.
  const what = (argv: string[]) => (argv[0]?.toLowerCase() === 'evalsha' ? `EVALSHA ${argv[3] ?? ''}` : `${String(argv[0] ?? '?').toUpperCase()} ${argv[1] ?? ''}`).trimEnd();
  return entries.map(([, , micros, argv]) => `${what(argv)} ${(micros / 1000).toFixed(1)} ms`).join(', ') || 'none';
}

async function redisCpuMs(): Promise<number> {
  const info = monitor ? await monitor.info('cpu') : '';
  const f = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (f('used_cpu_sys') + f('used_cpu_user')) * 1000;
}

async function closedLoop(d: Driver, fake: FakeLarkProcess, n: number): Promise<SliceResult> {
  const events = mixEvents(d.next, n, ENCRYPT_KEY, d.tag);
  d.next += n;
  let i = 0;
  let errors = 0;
  const c0 = await redisCommands();
  const [cpu0, rcpu0] = [(await d.bot.stats()).cpuMs, await redisCpuMs()];
  const t0 = now();
  const lane = async () => {
    while (i < events.length) {
      const ev = events[i++] as MixEvent;
      if ((await post(d.bot.url, ev)) !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  d.posted += n - errors;
  const handled = await d.bot.wait(d.posted);
  if (handled < d.posted) log(`  ${d.tag}: only ${handled} of ${d.posted} events handled after 60 s`);
  d.posted = handled;
  const arrivals = await lastArrivals(fake);
  let end = t0;
  let missing = 0;
  for (const ev of events) {
    const t = arrivals.get(ev.messageId);
    if (t === undefined) missing++;
    else end = Math.max(end, t);
  }
  const redisCommandsUsed = (await redisCommands()) - c0 - 2;
  const [cpu1, rcpu1] = [(await d.bot.stats()).cpuMs, await redisCpuMs()];
  return { events: n, seconds: (end - t0) / 1000, missing, errors, redisCommands: redisCommandsUsed, botCpuMs: cpu1 - cpu0, redisCpuMs: rcpu1 - rcpu0 };
}

interface PacedResult {
  p50: number;
  p99: number;
  max: number;
  achievedRate: number;
  missing: number;
  /** Events over 50 ms, grouped into bursts (gaps of < 1 s): "offset s ×count". */
  slowBursts: string[];
}

/** Open loop: event k is due at t0 + k / rate, whatever the replies do; latency counts from that due time. */
async function paced(d: Driver, fake: FakeLarkProcess, n: number, rate: number): Promise<PacedResult> {
  const events = mixEvents(d.next, n, ENCRYPT_KEY, d.tag);
  d.next += n;
  const due: number[] = [];
  const acked: number[] = [];
  const sends: Promise<number>[] = [];
  const t0 = now() + 20;
  let k = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const t = now();
      while (k < n && t0 + (k * 1000) / rate <= t) {
        due[k] = t0 + (k * 1000) / rate;
        const j = k;
        sends.push(post(d.bot.url, events[k] as MixEvent).then((status) => ((acked[j] = now()), status)));
        k++;
      }
      if (k >= n) return resolve();
      setTimeout(tick, Math.max(0, t0 + (k * 1000) / rate - now()));
    };
    tick();
  });
  const lastSend = now();
  const statuses = await Promise.all(sends);
  const errors = statuses.filter((s) => s !== 200).length;
  d.posted += n - errors;
  const handled = await d.bot.wait(d.posted);
  if (handled < d.posted) log(`  ${d.tag}: only ${handled} of ${d.posted} events handled after 60 s`);
  d.posted = handled;
  const arrivals = await lastArrivals(fake);
  const lat: number[] = [];
  let missing = 0;
  events.forEach((ev, j) => {
    const t = arrivals.get(ev.messageId);
    if (t === undefined) missing++;
    else lat.push(t - (due[j] as number));
  });
  // Slow events grouped into bursts; for each, how much of the worst latency came before the webhook's 200
  // (request delivery and intake) and how much after (inbox, turn, sending).
  const bursts: { at: number; last: number; count: number; worst: number; toAck: number }[] = [];
  events.forEach((ev, j) => {
    const t = arrivals.get(ev.messageId);
    const l = t === undefined ? 0 : t - (due[j] as number);
    if (l <= 50) return;
    const at = ((due[j] as number) - t0) / 1000;
    const toAck = (acked[j] ?? 0) - (due[j] as number);
    const b = bursts[bursts.length - 1];
    if (b && at - b.last < 1) {
      b.last = at;
      b.count++;
      if (l > b.worst) [b.worst, b.toAck] = [l, toAck];
    } else bursts.push({ at, last: at, count: 1, worst: l, toAck });
  });
  lat.sort((a, b) => a - b);
  return {
    slowBursts: bursts.map((b) => `${b.at.toFixed(1)}–${b.last.toFixed(1)} s: ${b.count} events, worst ${Math.round(b.worst)} ms (${Math.round(b.toAck)} ms to the 200)`),
    p50: round(pct(lat, 50)), p99: round(pct(lat, 99)), max: round(lat[lat.length - 1] ?? 0), achievedRate: round(n / ((lastSend - t0) / 1000)), missing: missing + errors };
}

function machine(): { cpu: string; cores: number; node: string; redis: string; load: string } {
  let redis = 'unknown';
  try {
    redis = /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ?? redis;
  } catch {
    redis = 'redis-server not on PATH';
  }
  return { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, redis, load: loadavg().map((x) => x.toFixed(2)).join(' ') };
}

async function main(): Promise<void> {
  const started = now();
  const m = machine();
  log(`machine: ${m.cpu}, ${m.cores} cores; Node ${m.node}; Redis ${m.redis}; load average ${m.load}${quick ? '; --quick' : ''}${autoPipeline ? '; --autopipeline' : ''}`);
  const redis = await startPrivateRedis({ dir: mkdtempSync(join(tmpdir(), 'bench-redis-')), persist: false });
  const fake = await startFakeLarkProcess();
  monitor = createRedis(redis.url, { name: 'bench-monitor' });
  await waitReady(monitor);
  // Redis records its own stalls over 10 ms (LATENCY LATEST), to tell them from the bot's.
  await monitor.config('SET', 'latency-monitor-threshold', '10');
  // And which commands took over 5 ms (SLOWLOG), read after each paced run.
  await monitor.config('SET', 'slowlog-log-slower-than', '5000');
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const spec = { redisUrl: redis.url, larkUrl: fake.url, encryptKey: ENCRYPT_KEY, autoPipeline };
  const fullBot = await startBotProcess({ ...spec, mode: 'full', prefix: `${prefix}-full`, execArgv: profile ? ['--cpu-prof', '--cpu-prof-dir=.bench-prof'] : [] });
  const baseBot = await startBotProcess({ ...spec, mode: 'baseline', prefix: `${prefix}-base`, execArgv: profile ? ['--cpu-prof', '--cpu-prof-dir=.bench-prof/baseline'] : [] });
  const A: Driver = { bot: fullBot, tag: 'full', next: 0, posted: 0 };
  const B: Driver = { bot: baseBot, tag: 'base', next: 0, posted: 0 };

  log(`warm-up: ${WARMUP} events to each bot`);
  const wa = await closedLoop(A, fake, WARMUP);
  const wb = await closedLoop(B, fake, WARMUP);
  log(`  warm-up full ${round(wa.events / wa.seconds, 0)}/s, baseline ${round(wb.events / wb.seconds, 0)}/s`);
  const sums = { A: { events: 0, seconds: 0, missing: 0, errors: 0, commands: 0, botCpu: 0, redisCpu: 0, rates: [] as number[] }, B: { events: 0, seconds: 0, missing: 0, errors: 0, commands: 0, botCpu: 0, redisCpu: 0, rates: [] as number[] } };
  const perCommand = new Map<string, number>();
  for (const [s, side] of SLICE_ORDER.entries()) {
    const d = side === 'A' ? A : B;
    const before = side === 'A' ? await commandCalls() : undefined;
    const r = await closedLoop(d, fake, SLICE);
    if (before) for (const [c, n] of await commandCalls()) perCommand.set(c, (perCommand.get(c) ?? 0) + n - (before.get(c) ?? 0));
    const acc = sums[side as 'A' | 'B'];
    acc.events += r.events;
    acc.seconds += r.seconds;
    acc.missing += r.missing;
    acc.errors += r.errors;
    acc.commands += r.redisCommands;
    acc.botCpu += r.botCpuMs;
    acc.redisCpu += r.redisCpuMs;
    acc.rates.push(r.events / r.seconds);
    log(`  slice ${s + 1} ${side === 'A' ? 'full    ' : 'baseline'} ${r.events} events in ${r.seconds.toFixed(2)} s = ${round(r.events / r.seconds, 0)}/s${r.missing + r.errors ? ` (${r.missing} without reply, ${r.errors} HTTP errors)` : ''}`);
  }
  const top = [...perCommand].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  log(`  full bot, Redis calls per event: ${top.map(([c, n]) => `${c} ${round(n / sums.A.events, 2)}`).join(', ')}`);
  const cpuPerEvent = (x: typeof sums.A) => ({ bot: round(x.botCpu / x.events, 3), redis: round(x.redisCpu / x.events, 3) });
  const cpuA = cpuPerEvent(sums.A);
  const cpuB = cpuPerEvent(sums.B);
  log(`  CPU ms per event: full bot ${cpuA.bot} + redis ${cpuA.redis}; baseline bot ${cpuB.bot} + redis ${cpuB.redis}`);
  const inbound = sums.A.events / sums.A.seconds;
  const baseline = sums.B.events / sums.B.seconds;
  const full = await fullBot.stats();
  const baseBefore = await baseBot.stats();

  log(`paced ${PACED_RATE}/s: ${PACED_N} events to each bot (after ${PACED_WARMUP} paced warm-up events)`);
  const genLoop = monitorEventLoopDelay({ resolution: 10 });
  genLoop.enable();
  const loopNote = async (d: Driver) => {
    const s = await d.bot.stats();
    const f = await fake.stats();
    const note = `event-loop delay: bot max ${s.loopDelayMaxMs} ms (p99 ${s.loopDelayP99Ms}), load generator max ${Math.round(genLoop.max / 1e6)} ms, fake Lark max ${f.loopDelayMaxMs} ms`;
    genLoop.reset();
    return note;
  };
  await paced(A, fake, PACED_WARMUP, PACED_RATE);
  await A.bot.resetPeak();
  await fake.stats();
  genLoop.reset();
  const pa = await paced(A, fake, PACED_N, PACED_RATE);
  const loopA = await loopNote(A);
  await paced(B, fake, PACED_WARMUP, PACED_RATE);
  await B.bot.resetPeak();
  await fake.stats();
  genLoop.reset();
  const pb = await paced(B, fake, PACED_N, PACED_RATE);
  const loopB = await loopNote(B);
  genLoop.disable();
  log(`  full p50 ${pa.p50} ms, p99 ${pa.p99} ms, max ${pa.max} ms; baseline p50 ${pb.p50} ms, p99 ${pb.p99} ms`);
  log(`  full, events over 50 ms: ${pa.slowBursts.join('; ') || 'none'}`);
  log(`  baseline, events over 50 ms: ${pb.slowBursts.join('; ') || 'none'}`);
  log(`  full ${loopA}; baseline ${loopB}`);
  const stalls = (await monitor.call('LATENCY', 'LATEST')) as [string, number, number, number][];
  log(`  Redis stalls over 10 ms (whole run so far): ${stalls.map(([ev, , last, max]) => `${ev} latest ${last} ms, max ${max} ms`).join('; ') || 'none'}`);
  log(`  Redis commands over 5 ms (whole run so far): ${await slowCommands()}`);
  const fullAfter = await fullBot.stats();
  const baseStats = await baseBot.stats();
  log(`  GC pauses: full bot longest ${fullAfter.gcMaxMs} ms, ${fullAfter.gcOver20} over 20 ms; baseline longest ${baseStats.gcMaxMs} ms, ${baseStats.gcOver20} over 20 ms`);
  // Decomposition (not an aim): the real pipeline with the handlers replaced by an echo, against the baseline
  // again (B C C B), shows what the durable inbox, worker and stored replies cost on their own.
  log('pipeline with an echo turn (no handlers): B C C B');
  await fullBot.close();
  const echoBot = await startBotProcess({ ...spec, mode: 'full', echoTurn: true, prefix: `${prefix}-echo` });
  const C: Driver = { bot: echoBot, tag: 'echo', next: 0, posted: 0 };
  await closedLoop(C, fake, WARMUP);
  const dec = { B: { events: 0, seconds: 0, cpu: 0 }, C: { events: 0, seconds: 0, cpu: 0 } };
  for (const side of ['B', 'C', 'C', 'B'] as const) {
    const r = await closedLoop(side === 'B' ? B : C, fake, SLICE);
    dec[side].events += r.events;
    dec[side].seconds += r.seconds;
    dec[side].cpu += r.botCpuMs;
  }
  const echoRate = dec.C.events / dec.C.seconds;
  const echoRatio = echoRate / (dec.B.events / dec.B.seconds);
  log(`  echo pipeline ${round(echoRate, 0)}/s, ratio ${round(echoRatio, 3)} against the baseline's ${round(dec.B.events / dec.B.seconds, 0)}/s; bot CPU ${round(dec.C.cpu / dec.C.events, 3)} ms per event (baseline ${round(dec.B.cpu / dec.B.events, 3)})`);
  await Promise.all([echoBot.close(), baseBot.close()]);
  await fake.close();
  monitor?.disconnect();

  log('policy Q&A …');
  const qa = runQaBench();
  process.env.REDIS_URL = redis.url;
  log('broadcast to 10,000 …');
  const bc = await benchBroadcast(10_000, 2_000);
  log('reminder sweep …');
  const sw = await benchSweep();
  await redis.stop();

  const result = {
    inbound_msgs_per_s: round(inbound, 0),
    inbound_p99_ms: pa.p99,
    inbound_p50_ms: pa.p50,
    baseline_msgs_per_s: round(baseline, 0),
    ratio_vs_baseline: round(inbound / baseline, 3),
    baseline_p99_ms: pb.p99,
    inbound_lost: sums.A.missing + sums.A.errors + pa.missing,
    redis_cmds_per_event: round(sums.A.commands / sums.A.events, 1),
    baseline_redis_cmds_per_event: round(sums.B.commands / sums.B.events, 1),
    echo_pipeline_msgs_per_s: round(echoRate, 0),
    echo_pipeline_ratio_vs_baseline: round(echoRatio, 3),
    bot_cpu_ms_per_event: cpuA.bot,
    baseline_bot_cpu_ms_per_event: cpuB.bot,
    redis_cpu_ms_per_event: cpuA.redis,
    baseline_redis_cpu_ms_per_event: cpuB.redis,
    qa_p50_ms: qa.qa_p50_ms,
    qa_p99_ms: qa.qa_p99_ms,
    qa_index_build_ms: round(qa.qa_index_build_ms, 0),
    broadcast_rate_ratio: bc.broadcast_rate_ratio,
    broadcast_duplicates: bc.broadcast_duplicates,
    broadcast_lost: bc.broadcast_lost,
    rss_mb: Math.max(full.peakRssMb, fullAfter.peakRssMb),
    baseline_rss_mb: Math.max(baseBefore.peakRssMb, baseStats.peakRssMb),
    sweep_ms: sw.sweep_ms,
    cpu: m.cpu,
    cores: m.cores,
    node: m.node,
    redis: m.redis,
    load_avg_at_start: m.load,
    webhook_requests_resent: resent,
    bench_seconds: round((now() - started) / 1000, 0),
  };
  const aim = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  console.log(`\nMachine: ${m.cpu}, ${m.cores} cores · Node ${m.node} · Redis ${m.redis} · load average at start ${m.load}\n`);
  console.table({
    'inbound msgs/s (full pipeline, 32 in flight)': { value: result.inbound_msgs_per_s, aim: '', note: `median slice ${round(median(sums.A.rates), 0)}/s` },
    'baseline msgs/s (Bottender echo)': { value: result.baseline_msgs_per_s, aim: '', note: `median slice ${round(median(sums.B.rates), 0)}/s` },
    'ratio vs baseline': { value: result.ratio_vs_baseline, aim: `≥ 0.7 ${aim(result.ratio_vs_baseline >= 0.7)}`, note: 'A B B A slices' },
    'inbound p99 ms @200/s': { value: result.inbound_p99_ms, aim: `< 50 ${aim(result.inbound_p99_ms < 50)}`, note: `p50 ${pa.p50}, max ${pa.max}; baseline p99 ${pb.p99}` },
    'inbound events without reply': { value: result.inbound_lost, aim: '0', note: '' },
    'same pipeline, echo instead of handlers': { value: result.echo_pipeline_msgs_per_s, aim: '', note: `ratio ${result.echo_pipeline_ratio_vs_baseline} (B C C B)` },
    'Redis commands per event (full / baseline)': { value: result.redis_cmds_per_event, aim: '', note: `baseline ${result.baseline_redis_cmds_per_event}` },
    'policy Q&A p50 / p99 ms': { value: result.qa_p50_ms, aim: '', note: `p99 ${qa.qa_p99_ms}; index build ${result.qa_index_build_ms} ms` },
    'broadcast rate ratio (10,000 @ 2,000/s)': { value: result.broadcast_rate_ratio, aim: '', note: `${bc.seconds} s` },
    'broadcast duplicates / lost': { value: `${bc.broadcast_duplicates} / ${bc.broadcast_lost}`, aim: '0 / 0', note: `uuid resends ${bc.uuid_resends}` },
    'bot peak RSS MB (full / baseline)': { value: result.rss_mb, aim: '', note: `baseline ${result.baseline_rss_mb}` },
    'reminder sweep ms (1,000 units × 10)': { value: result.sweep_ms, aim: '', note: `${sw.messages} messages, ${sw.claims} claims` },
  });
  console.log(JSON.stringify(result));
  agent.destroy();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[Math.floor((s.length - 1) / 2)] as number) + (s[Math.ceil((s.length - 1) / 2)] as number)) / 2 : 0;
}

main()
  .then(() => process.exit(0))
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
