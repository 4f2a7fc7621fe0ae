/**
 * `npm run serve` as a real child process (one node process, no tsx wrapper, so SIGKILL kills the bot
 * itself), pointed at a FakeLark and a Redis prefix, for crash tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './cli';

export interface ServeChild {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hooks run. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful stop of serve.ts. */
  stop(): Promise<void>;
}

export interface ServeChildOptions {
  port: number;
  redisUrl: string;
  prefix: string;
  larkDomain: string;
  encryptKey: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export async function startServeChild(o: ServeChildOptions): Promise<ServeChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bot/cli/serve.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(o.port),
      REDIS_URL: o.redisUrl,
      REDIS_PREFIX: o.prefix,
      LARK_APP_ID: `cli_${o.prefix.replace(/[^A-Za-z0-9]/g, '')}`,
      LARK_APP_SECRET: 'secret',
      LARK_ENCRYPT_KEY: o.encryptKey,
      LARK_VERIFICATION_TOKEN: 'vtoken',
      LARK_DOMAIN: o.larkDomain,
      LARK_SEND_RATE_PER_USER: '0',
      LOG_LEVEL: 'warn',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  const url = `http://127.0.0.1:${o.port}`;
  const deadline = Date.now() + (o.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (exited) throw new Error(`serve exited during start:\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve not ready within ${o.readyTimeoutMs ?? 20_000} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => out,
    async kill() {
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(t);
    },
  };
}
