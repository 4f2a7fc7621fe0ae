/**
 * The unanswered-question log on a real Redis: newest first, capped, TTL set, unreadable entries skipped.
 * Each test uses its own key prefix and deletes only its own keys.
 */
import { makeKeys } from '../../store/keys';
import type { RedisClient } from '../../store/redis';
import { createRedisUnansweredLog } from '../../store/unanswered-log';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../support/redis';

describe('Redis unanswered-question log', () => {
  let redis: RedisClient;
  let prefix: string;
  let key: string;

  beforeAll(async () => {
    redis = await connectTestRedis();
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(() => {
    prefix = uniquePrefix('unanswered');
    key = makeKeys(prefix, 'xicheng-2016').unanswered();
  });
  afterEach(async () => {
    await deletePrefix(redis, prefix);
  });

  it('lists recorded questions newest first, with who asked and the confidence', async () => {
    const log = createRedisUnansweredLog(redis, key);
    await log.record({ question: '周末加班有调休吗', at: '2016-06-27T10:00:00+08:00', by: 'c-1', confidence: 0 });
    await log.record({ question: '区政府办在哪办公', at: '2016-06-27T10:05:00+08:00', confidence: 0.42 });
    expect(await log.list(10)).toEqual([
      { question: '区政府办在哪办公', at: '2016-06-27T10:05:00+08:00', confidence: 0.42 },
      { question: '周末加班有调休吗', at: '2016-06-27T10:00:00+08:00', by: 'c-1', confidence: 0 },
    ]);
    expect(await log.list(1)).toHaveLength(1);
  });

  it('keeps only the most recent entries and refreshes a TTL on every write', async () => {
    const log = createRedisUnansweredLog(redis, key, { maxEntries: 3, ttlSeconds: 600 });
    for (let i = 1; i <= 5; i++) await log.record({ question: `问题${i}`, at: `2016-06-27T10:0${i}:00+08:00`, confidence: 0.1 });
    expect((await log.list(100)).map((e) => e.question)).toEqual(['问题5', '问题4', '问题3']);
    expect(await redis.llen(key)).toBe(3);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('skips entries that are not valid JSON or have the wrong shape instead of failing the review', async () => {
    const log = createRedisUnansweredLog(redis, key);
    await log.record({ question: '食堂几点开饭', at: '2016-06-27T11:00:00+08:00', confidence: 0 });
    await redis.lpush(key, 'not json', JSON.stringify({ question: '', at: 'x', confidence: 7 }));
    await log.record({ question: '给我讲个笑话', at: '2016-06-27T11:01:00+08:00', confidence: 0 });
    expect((await log.list(10)).map((e) => e.question)).toEqual(['给我讲个笑话', '食堂几点开饭']);
  });

  it('clamps the confidence, trims long questions and returns nothing for a zero limit', async () => {
    const log = createRedisUnansweredLog(redis, key, { maxQuestionLength: 10 });
    await log.record({ question: `  ${'很长的问题'.repeat(5)}  `, at: '2016-06-27T12:00:00+08:00', confidence: 1.7 });
    const [e] = await log.list(5);
    expect(e?.question).toBe('很长的问题很长的问题');
    expect(e?.confidence).toBe(1);
    expect(await log.list(0)).toEqual([]);
  });
});
