import { loadConfig } from '../../../bot/config';
import { ConfigError } from '../../../domain/errors';

function problems(env: Record<string, string>, overrides = {}): string[] {
  try {
    loadConfig(env, overrides);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected ConfigError');
}

describe('loadConfig', () => {
  it('gives working defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.redisUrl).toBeUndefined();
    expect(c.campaignPath).toMatch(/campaigns\/xicheng-2016$/);
    expect(c.port).toBe(3000);
    expect(c.lark.mode).toBe('webhook');
    expect(c.lark.domain).toBe('https://open.feishu.cn');
    expect(c.lark.sendRate).toBe(50);
    expect(c.lark.sendRatePerUser).toBe(5);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names each bad variable with its problem and never echoes the value', () => {
    const secret = 'redis://:hunter2@';
    const p = problems({ REDIS_URL: 'http://example.com', PORT: '70000', LARK_MODE: 'socket', BOT_NOW: 'yesterday', LARK_SEND_RATE: '-1', LARK_APP_SECRET: '' , LARK_DOMAIN: secret });
    const names = p.map((l) => l.split(':')[0]);
    expect(names).toEqual(expect.arrayContaining(['REDIS_URL', 'PORT', 'LARK_MODE', 'BOT_NOW', 'LARK_SEND_RATE']));
    expect(p.join('\n')).not.toContain('hunter2');
    expect(p.join('\n')).not.toContain('yesterday');
  });

  it('lets --now override BOT_NOW and reports it under its own name', () => {
    expect(loadConfig({ BOT_NOW: '2016-07-01T09:00:00+08:00' }, { now: '2016-07-08T09:00:00+08:00' }).now).toBe('2016-07-08T09:00:00+08:00');
    expect(problems({}, { now: 'tomorrow' })[0]).toMatch(/^--now: /);
  });

  it('accepts 0 to switch a send limiter off and strips a trailing slash from LARK_DOMAIN', () => {
    const c = loadConfig({ LARK_SEND_RATE: '0', LARK_SEND_RATE_PER_USER: '0', LARK_DOMAIN: 'http://127.0.0.1:9999/' });
    expect(c.lark.sendRate).toBe(0);
    expect(c.lark.sendRatePerUser).toBe(0);
    expect(c.lark.domain).toBe('http://127.0.0.1:9999');
  });
});
