/**
 * Redis going away mid-dialogue: the person gets a "temporarily unavailable" reply (no stack trace), no
 * answer the bot acknowledged ("已记录") is lost, the bot reconnects by itself and the dialogue goes on at
 * the question where it stopped.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../bot/config';
import { UNAVAILABLE_TEXT } from '../../../bot/error-reply';
import { createRuntime, type Runtime } from '../../../bot/runtime';
import { silentLogger } from '../../../domain/logger';
import type { Reply } from '../../../domain/reply';
import { startPrivateRedis, type PrivateRedis } from '../../../store/private-redis';

const WHO = { contactId: 'jinrongjie-1' };
const text = (r: Reply[]) => r.map((x) => x.text).join('\n');

describe('Redis outage', () => {
  let server: PrivateRedis;
  let runtime: Runtime;
  const dir = mkdtempSync(join(tmpdir(), 'outage-redis-'));

  beforeAll(async () => {
    server = await startPrivateRedis({ dir, persist: true });
    const config = loadConfig({ REDIS_URL: server.url, LOG_LEVEL: 'silent' });
    runtime = await createRuntime({ config, redisUrl: server.url, logger: silentLogger, defaultNow: 'demo' });
  });
  afterAll(async () => {
    await runtime.close();
    await server.stop();
  });

  /** Send until the bot stops answering "unavailable" (it reconnects on its own), within 10 s. */
  async function sendWhenBack(t: string): Promise<Reply[]> {
    const deadline = Date.now() + 10_000;
    let r = await runtime.handle({ from: WHO, text: t });
    while (r[0]?.text === UNAVAILABLE_TEXT && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 200));
      r = await runtime.handle({ from: WHO, text: t });
    }
    return r;
  }

  it('answers politely while Redis is down mid-dialogue, keeps every acknowledged answer, and goes on where it stopped', async () => {
    expect(text(await runtime.handle({ from: WHO, text: '自查 等级保护' }))).toContain('【等级保护】第1/7题');
    expect(text(await runtime.handle({ from: WHO, text: '3个' }))).toContain('已记录：3个');
    const q3 = text(await runtime.handle({ from: WHO, text: '两个' }));
    expect(q3).toContain('已记录：2个');
    expect(q3).toContain('第3/7题');

    const port = server.port;
    await server.stop();
    // Answers and commands while Redis is down: one short polite reply each, never a stack trace.
    for (const t of ['已全部定级', '进度', '帮助']) {
      const down = await runtime.handle({ from: WHO, text: t });
      expect(down).toEqual([{ text: UNAVAILABLE_TEXT }]);
      expect(text(down)).not.toMatch(/\n\s+at |Error:|ECONNREFUSED/);
    }

    server = await startPrivateRedis({ dir, persist: true, port });
    // The answer given during the outage was not saved (the reply said so): sending it again records it at Q3.
    const again = text(await sendWhenBack('已全部定级'));
    expect(again).toContain('已记录：已全部定级');
    expect(again).toContain('第4/7题');

    const answers = text(await runtime.handle({ from: WHO, text: '查看答案' }));
    expect(answers).toContain('→ 3个');
    expect(answers).toContain('→ 2个');
    expect(answers).toContain('→ 已全部定级');
    // The dialogue goes on at question 4.
    expect(text(await runtime.handle({ from: WHO, text: '继续' }))).toContain('第4/7题');
  });
});
