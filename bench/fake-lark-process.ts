/**
 * The fake Lark Open API (test/support/fake-lark.ts) in its own process, so the bench's sender and the
 * server it talks to do not share one event loop. Parent ↔ child over IPC: the child sends `{ url }` once
 * listening; on `'stats'` it answers with the send attempts and each recorded message's target; on
 * `'arrivals'` with `[uuid, receivedAtMs]` of every message recorded since the last `'arrivals'` (epoch ms,
 * sub-millisecond: `performance.timeOrigin + performance.now()`), forgetting those messages (bench/run.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FakeLark } from '../test/support/fake-lark';

export interface FakeLarkStats {
  sendAttempts: number;
  targets: string[];
  /** Longest event-loop delay of the fake since the previous `'stats'` (10 ms resolution), ms. */
  loopDelayMaxMs: number;
}

export interface FakeLarkProcess {
  url: string;
  stats(): Promise<FakeLarkStats>;
  arrivals(): Promise<[string, number][]>;
  close(): Promise<void>;
}

export async function startFakeLarkProcess(): Promise<FakeLarkProcess> {
  const child: ChildProcess = fork(__filename, ['--child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`fake Lark process exited (${code})`)));
  });
  return {
    url,
    stats: () =>
      new Promise<FakeLarkStats>((resolve) => {
        child.once('message', (m) => resolve(m as FakeLarkStats));
        child.send('stats');
      }),
    arrivals: () =>
      new Promise<[string, number][]>((resolve) => {
        child.once('message', (m) => resolve((m as { arrivals: [string, number][] }).arrivals));
        child.send('arrivals');
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

if (process.argv.includes('--child')) {
  void new FakeLark().start().then((fake) => {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    let arrivals: [string, number][] = [];
    const push = fake.messages.push.bind(fake.messages);
    fake.messages.push = (...ms) => {
      const t = performance.timeOrigin + performance.now();
      for (const m of ms) arrivals.push([m.uuid ?? '', t]);
      return push(...ms);
    };
    process.on('message', (m) => {
      if (m === 'arrivals') {
        process.send?.({ arrivals });
        arrivals = [];
        fake.messages.length = 0;
        return;
      }
      process.send?.({ sendAttempts: fake.sendAttempts, targets: fake.messages.map((x) => x.target), loopDelayMaxMs: Math.round(loop.max / 1e6) });
      loop.reset();
    });
    process.on('disconnect', () => process.exit(0));
    process.send?.({ url: fake.url });
  });
}
