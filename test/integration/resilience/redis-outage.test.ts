/**
 * Redis going away mid-conversation: the person gets a "temporarily unavailable" reply (no stack trace),
 * and once Redis is back the bot reconnects by itself and the conversation goes on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../bot/config';
import { UNAVAILABLE_TEXT } from '../../../bot/error-reply';
import { createRuntime, type Runtime } from '../../../bot/runtime';
import { silentLogger } from '../../../domain/logger';
import { startPrivateRedis, type PrivateRedis } from '../../../store/private-redis';

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

  it('answers politely while Redis is down and recovers when it is back', async () => {
    const ok = await runtime.handle({ from: { contactId: 'jinrongjie-1' }, text: '帮助' });
    expect(ok[0]?.text).toContain('自查问答');

    const port = server.port;
    await server.stop();
    const down = await runtime.handle({ from: { contactId: 'jinrongjie-1' }, text: '帮助' });
    expect(down).toEqual([{ text: UNAVAILABLE_TEXT }]);

    server = await startPrivateRedis({ dir, persist: true, port });
    const deadline = Date.now() + 10_000;
    let back = await runtime.handle({ from: { contactId: 'jinrongjie-1' }, text: '帮助' });
    while (back[0]?.text === UNAVAILABLE_TEXT && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      back = await runtime.handle({ from: { contactId: 'jinrongjie-1' }, text: '帮助' });
    }
    expect(back[0]?.text).toContain('自查问答');
  });
});
