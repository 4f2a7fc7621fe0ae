/** On Lark (a FileSender is present) the 自查报告 draft is sent to the contact as a .docx file. */
import { join } from 'node:path';
import JSZip from 'jszip';
import { createDeps, withClock } from '../../../bot/deps';
import { loadCampaign } from '../../../domain/campaign';
import { silentLogger } from '../../../domain/logger';
import { fixedClock } from '../../../domain/time';
import { handleTurn } from '../../../handlers/router';
import type { FileSender } from '../../../handlers/staff/ports';
import { makeKeys } from '../../../store/keys';
import type { RedisClient } from '../../../store/redis';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../../support/redis';

const campaign = loadCampaign(join(__dirname, '../../../campaigns/xicheng-2016'));

describe('自查报告 as a file', () => {
  let redis: RedisClient;
  const prefix = uniquePrefix('screpfile');
  beforeAll(async () => {
    redis = await connectTestRedis();
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('sends the Word draft to the contact who asks for it', async () => {
    const sent: { to: unknown; name: string; data: Buffer; mime: string }[] = [];
    const files: FileSender = { sendFile: async (to, f) => void sent.push({ to, ...f }) };
    const deps = { ...withClock(createDeps({ campaign, redis, keys: makeKeys(prefix, campaign.id), logger: silentLogger }).deps, fixedClock('2016-06-27T10:00:00+08:00')), files };
    await handleTurn({ from: { openId: 'ou_jinrongjie_1' }, text: '自查 等级保护' }, deps);
    await handleTurn({ from: { openId: 'ou_jinrongjie_1' }, text: '3' }, deps);
    const replies = await handleTurn({ from: { openId: 'ou_jinrongjie_1' }, text: '暂停' }, deps).then(() => handleTurn({ from: { openId: 'ou_jinrongjie_1' }, text: '自查报告' }, deps));
    expect(replies[0]?.text).toContain('草稿（Word）发送给您');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toEqual({ openId: 'ou_jinrongjie_1' });
    expect(sent[0]?.name).toBe('2016年金融街街道网络与信息系统安全自查工作总结报告（草稿）.docx');
    const xml = await (await JSZip.loadAsync(sent[0]?.data ?? Buffer.alloc(0))).file('word/document.xml')?.async('string');
    expect((xml ?? '').replace(/<[^>]+>/g, '')).toContain('本单位在用的电子政务信息系统共有多少个：3个');
  });
});
