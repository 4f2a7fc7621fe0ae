/**
 * The entry points as a user runs them: chat --jsonl (one line out per line in, restart keeps Redis
 * state), ask, and start-up errors that name the problem.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { jsonLines, ROOT, runCli } from '../../support/cli';
import { testRedisUrl, uniquePrefix } from '../../support/redis';

type ChatOut = { replies?: { text: string; options?: { label: string; action: string }[] }[]; restarted?: boolean; error?: string };

describe('chat --jsonl', () => {
  it('answers each input line with exactly one output line, in order, and survives a restart', async () => {
    const env = { REDIS_URL: testRedisUrl(), REDIS_PREFIX: uniquePrefix('cli') };
    const stdin = [
      { text: '你好' },
      'this is not json',
      { as: 'staff-1', text: '帮助' },
      { restart: true },
      { text: '帮助' },
      { action: 'cmd:帮助' },
      { as: 'nobody', text: '帮助' },
      { text: '' },
    ]
      .map((l) => (typeof l === 'string' ? l : JSON.stringify(l)))
      .join('\n');
    const r = await runCli('bot/cli/chat.ts', ['--jsonl'], { env, stdin: `${stdin}\n` });
    expect(r.code).toBe(0);
    const out = jsonLines(r.stdout) as ChatOut[];
    expect(out).toHaveLength(8);
    expect(out[0]?.replies?.[0]?.text).toContain('王晓明');
    expect(out[1]?.error).toBeDefined();
    expect(out[2]?.replies?.[0]?.text).toContain('进度总览');
    expect(out[3]).toEqual({ restarted: true });
    // `as` sticks across turns and restarts: still staff-1.
    expect(out[4]?.replies?.[0]?.text).toContain('郁卓');
    expect(out[5]?.replies?.[0]?.text).toContain('进度总览');
    expect(out[6]?.replies?.[0]?.text).toContain('88064740');
    expect(out[7]?.replies?.[0]?.text).toContain('没有收到文字');
  });
});

describe('chat --jsonl', () => {
  it('exits promptly and quietly after a turn that queued a message for staff (remediation marked fixed)', async () => {
    const env = { REDIS_URL: testRedisUrl(), REDIS_PREFIX: uniquePrefix('cli-exit') };
    const lines = [
      { as: 'jinrongjie-1', text: '自查 安全管理制度' },
      { text: '否' },
      { text: '制度未更新' },
      { text: '7月底前修订' },
      { text: '7月29日' },
      { text: '暂停' },
      { text: '整改 1' },
    ];
    const first = await runCli('bot/cli/chat.ts', ['--jsonl'], { env, stdin: `${lines.map((l) => JSON.stringify(l)).join('\n')}\n` });
    expect(first.code).toBe(0);
    const item = (jsonLines(first.stdout) as ChatOut[]).at(-1)?.replies?.[0]?.options?.find((o) => o.label === '已整改');
    expect(item?.action).toMatch(/^rem:fix:/);
    // Marking it fixed tells the inspection staff: the console's producer opens its own connection on first use.
    const fix = [{ as: 'jinrongjie-1', action: item?.action }, { text: '已修订并印发' }];
    const started = Date.now();
    const r = await runCli('bot/cli/chat.ts', ['--jsonl'], { env, stdin: `${fix.map((l) => JSON.stringify(l)).join('\n')}\n`, timeoutMs: 20_000 });
    expect(r.code).toBe(0);
    expect((jsonLines(r.stdout) as ChatOut[]).at(-1)?.replies?.[0]?.text).toContain('等待检查工作组复核');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.stderr).not.toMatch(/ECONNREFUSED|Error:/);
  });
});

describe('ask', () => {
  it('answers 帮助 as JSON with reply, sources and confidence', async () => {
    const r = await runCli('bot/cli/ask.ts', ['--json', '帮助'], { env: { REDIS_URL: testRedisUrl() } });
    expect(r.code).toBe(0);
    const [out] = jsonLines(r.stdout) as { reply: string; sources: unknown[]; confidence: number }[];
    expect(out?.reply).toContain('政策咨询');
    expect(Array.isArray(out?.sources)).toBe(true);
    expect(out?.confidence).toBeGreaterThanOrEqual(0);
    expect(out?.confidence).toBeLessThanOrEqual(1);
  });

  it('reads questions as JSON lines and answers in the same order', async () => {
    const stdin = ['{"q":"帮助"}', '{"q":"help","as":"staff-1"}', 'oops'].join('\n');
    const r = await runCli('bot/cli/ask.ts', ['--jsonl'], { env: { REDIS_URL: testRedisUrl() }, stdin: `${stdin}\n` });
    expect(r.code).toBe(0);
    const out = jsonLines(r.stdout) as { reply?: string; error?: string }[];
    expect(out).toHaveLength(3);
    expect(out[0]?.reply).toContain('自查问答');
    expect(out[1]?.reply).toContain('进度总览');
  });

  it('stops quietly when its reader goes away early (ask --jsonl | head -1): exit 0, no stack trace', async () => {
    const stdin = Array.from({ length: 400 }, () => '{"q":"自查报告交给谁？"}').join('\n');
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'bot/cli/ask.ts'), '--jsonl'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', REDIS_URL: testRedisUrl() },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like `head -1`: read the first answer, then close the pipe while answers are still being written.
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(`${stdin}\n`);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('start-up errors', () => {
  it('refuses a campaign file with an impossible date, naming the field, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'campaign-'));
    const data = parse(readFileSync(join(ROOT, 'campaigns/xicheng-2016/campaign.yaml'), 'utf8')) as { deliverables: { due: string }[]; contacts: { unit?: string }[] };
    data.deliverables[0]!.due = '2016-07-32';
    writeFileSync(join(dir, 'campaign.yaml'), stringify(data));
    copyFileSync(join(ROOT, 'campaigns/xicheng-2016/notice.txt'), join(dir, 'notice.txt'));
    const r = await runCli('bot/cli/chat.ts', ['--jsonl'], { env: { REDIS_URL: testRedisUrl(), CAMPAIGN: dir } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('deliverables.0.due');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a contact of an unknown unit, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'campaign-'));
    const data = parse(readFileSync(join(ROOT, 'campaigns/xicheng-2016/campaign.yaml'), 'utf8')) as { contacts: { unit?: string }[] };
    const i = data.contacts.findIndex((c) => c.unit !== undefined);
    data.contacts[i]!.unit = 'atlantis';
    writeFileSync(join(dir, 'campaign.yaml'), stringify(data));
    copyFileSync(join(ROOT, 'campaigns/xicheng-2016/notice.txt'), join(dir, 'notice.txt'));
    const r = await runCli('bot/cli/ask.ts', ['帮助'], { env: { REDIS_URL: testRedisUrl(), CAMPAIGN: dir } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`contacts.${i}.unit`);
    expect(r.stderr).toContain('atlantis');
  });

  it('without REDIS_URL and without redis-server on PATH, says how to install one or set REDIS_URL', async () => {
    const nodeOnly = mkdtempSync(join(tmpdir(), 'node-only-'));
    symlinkSync(process.execPath, join(nodeOnly, 'node'));
    const r = await runCli('bot/cli/console.ts', [], { env: { PATH: nodeOnly, DATA_DIR: join(nodeOnly, 'data') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apt-get install redis-server');
    expect(r.stderr).toContain('REDIS_URL');
  });

  it('prints `NAME: problem` for bad configuration and exits 1', async () => {
    const r = await runCli('bot/cli/chat.ts', ['--jsonl'], { env: { REDIS_URL: 'mysql://nope', PORT: 'abc' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/REDIS_URL: /);
    expect(r.stderr).not.toContain('mysql://nope');
  });
});
