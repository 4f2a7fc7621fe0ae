/**
 * The fake Lark Open API (test/support/fake-lark.ts) in its own process, so the bench's sender and the
 * server it talks to do not share one event loop. Parent ↔ child over IPC: the child sends `{ url }` once
 * listening; on `'stats'` it answers with the send attempts and each recorded message's target.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { FakeLark } from '../test/support/fake-lark';

export interface FakeLarkStats {
  sendAttempts: number;
  targets: string[];
}

export interface FakeLarkProcess {
  url: string;
  stats(): Promise<FakeLarkStats>;
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
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

if (process.argv.includes('--child')) {
  void new FakeLark().start().then((fake) => {
    process.on('message', () => process.send?.({ sendAttempts: fake.sendAttempts, targets: fake.messages.map((m) => m.target) }));
    process.send?.({ url: fake.url });
  });
}
