/**
 * Starts a private redis-server from PATH: for `npm start` without REDIS_URL (append-only persistence in
 * the data directory) and for the test suite (no persistence, a temporary directory).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';

export const REDIS_INSTALL_HINT =
  '找不到 redis-server。请安装 Redis（Debian/Ubuntu: sudo apt-get install redis-server；macOS: brew install redis），' +
  '或设置 REDIS_URL 指向已有的 Redis，例如 REDIS_URL=redis://127.0.0.1:6379/0\n' +
  '(redis-server not found on PATH: install Redis, or set REDIS_URL to an existing server.)';

export class RedisServerMissingError extends Error {
  constructor() {
    super(REDIS_INSTALL_HINT);
    this.name = new.target.name;
  }
}

export function redisServerOnPath(): boolean {
  const r = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}

export function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** Resolves true when something on `port` answers a Redis PING. */
export function pingPort(port: number, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolvePing) => {
    const sock = createConnection({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      sock.destroy();
      resolvePing(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** False when an already running private server (from another `npm start`) was reused. */
  owned: boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  dir: string;
  /** Append-only persistence (npm start) or none (tests). */
  persist: boolean;
  /** Reuse a server already started for the same dir (recorded in `redis.port`). */
  reuse?: boolean;
  /** Listen on this port instead of a free one (tests restart a server where clients expect it). */
  port?: number;
}

export async function startPrivateRedis(opts: StartOptions): Promise<PrivateRedis> {
  if (!redisServerOnPath()) throw new RedisServerMissingError();
  mkdirSync(opts.dir, { recursive: true });
  const portFile = join(opts.dir, 'redis.port');
  if (opts.reuse && existsSync(portFile)) {
    const port = Number(readFileSync(portFile, 'utf8').trim());
    if (port > 0 && (await pingPort(port))) {
      return { url: `redis://127.0.0.1:${port}/0`, port, owned: false, stop: async () => undefined };
    }
  }
  const port = opts.port ?? (await findFreePort());
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', opts.dir,
    '--save', '',
    '--appendonly', opts.persist ? 'yes' : 'no',
    '--appendfsync', 'everysec',
    '--maxmemory-policy', 'noeviction',
    '--daemonize', 'no',
    '--logfile', opts.persist ? join(opts.dir, 'redis.log') : '',
  ];
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  let exited = false;
  const exitPromise = new Promise<void>((r) => child.once('exit', () => { exited = true; r(); }));
  const deadline = Date.now() + 10_000;
  while (!(await pingPort(port))) {
    if (exited) throw new Error(`redis-server exited during start (port ${port}, dir ${opts.dir})`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer on port ${port} within 10 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (opts.reuse) writeFileSync(portFile, String(port));
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    owned: true,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM'); // redis flushes the AOF on SIGTERM
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(timer);
      if (opts.reuse) rmSync(portFile, { force: true });
    },
  };
}
