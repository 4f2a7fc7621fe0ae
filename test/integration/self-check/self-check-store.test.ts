/** The Redis self-check store on the real test Redis: CAS, audit, TTL, read model, staff writes, round trips. */
import { join } from 'node:path';
import { loadConfig } from '../../../bot/config';
import { createRuntime } from '../../../bot/runtime';
import { loadCampaign } from '../../../domain/campaign';
import { silentLogger } from '../../../domain/logger';
import { initialState } from '../../../dialogs/self-check-state';
import { makeKeys, type Keys } from '../../../store/keys';
import type { RedisClient } from '../../../store/redis';
import { RedisSelfCheckStore, SELF_CHECK_TTL_SECONDS } from '../../../store/self-check-store';
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from '../../support/redis';

const campaign = loadCampaign(join(__dirname, '../../../campaigns/xicheng-2016'));
const AT = '2016-06-27T10:00:00+08:00';
const yes = { t: 'yesno' as const, v: '是' as const };
const no = { t: 'yesno' as const, v: '否' as const };

let redis: RedisClient;
let prefix: string;
let keys: Keys;
let store: RedisSelfCheckStore;

beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(() => redis.disconnect());
beforeEach(() => {
  prefix = uniquePrefix('scstore');
  keys = makeKeys(prefix, campaign.id);
  store = new RedisSelfCheckStore(redis, keys, campaign);
});
afterEach(async () => deletePrefix(redis, prefix));

describe('RedisSelfCheckStore', () => {
  it('versioned answers: a stale expected version is refused with the current record, nothing is lost', async () => {
    const first = await store.commit('jinrongjie', 'jinrongjie-1', 'jinrongjie-1', AT, undefined, { answer: { questionId: 'sm-policy', value: yes, expectedVer: 0 } });
    expect(first.ok).toBe(true);
    const stale = await store.commit('jinrongjie', 'jinrongjie-2', 'jinrongjie-2', AT, undefined, { answer: { questionId: 'sm-policy', value: no, expectedVer: 0 } });
    expect(stale).toEqual({ ok: false, conflict: 'answer', current: { value: yes, by: 'jinrongjie-1', at: AT, ver: 1 } });
    const snap = await store.loadUnit('jinrongjie');
    expect(snap.answers['sm-policy']).toMatchObject({ value: yes, ver: 1 });
  });

  it('another instance’s writes are seen at once by an instance that read the unit before (answers, staff writes, findings)', async () => {
    const other = new RedisSelfCheckStore(redis, keys, campaign);
    expect((await store.loadUnit('jinrongjie')).answers).toEqual({});
    await other.commit('jinrongjie', 'jinrongjie-2', 'jinrongjie-2', AT, undefined, { answer: { questionId: 'sm-policy', value: yes, expectedVer: 0 } });
    expect((await store.load('jinrongjie', 'jinrongjie-1')).unit.answers['sm-policy']).toMatchObject({ value: yes, by: 'jinrongjie-2' });
    await other.recordPaperReceived('jinrongjie', AT, 'staff-1');
    expect((await store.loadUnit('jinrongjie')).meta.paperReceivedAt).toBe(AT);
    await other.addFindingsBatch([{ unitId: 'jinrongjie', finding: { id: 'f-1', system: '门户网站', problem: '弱口令', severity: 'high', round: 1, dueDate: '2016-08-31' } }], 'staff-1', AT);
    expect((await store.loadUnit('jinrongjie')).remediation.map((r) => r.id)).toEqual(['f-1']);
    // A dialog-only step does not change the unit: the unit read returns just its version.
    const version = await redis.get(keys.unitVersion('jinrongjie'));
    await other.commit('jinrongjie', 'jinrongjie-2', 'jinrongjie-2', AT, { state: initialState('jinrongjie'), expectedRev: 0 }, {});
    expect(await redis.get(keys.unitVersion('jinrongjie'))).toBe(version);
    expect(await redis.ttl(keys.unitVersion('jinrongjie'))).toBeGreaterThan(SELF_CHECK_TTL_SECONDS - 60);
    await other.commit('jinrongjie', 'jinrongjie-2', 'jinrongjie-2', AT, undefined, { answer: { questionId: 'sm-responsibility', value: no, expectedVer: 0 } });
    expect((await store.load('jinrongjie', 'jinrongjie-1')).unit.answers['sm-responsibility']).toMatchObject({ value: no });
  });

  it('two contacts answering the same question at once: exactly one wins', async () => {
    const results = await Promise.all(
      ['jinrongjie-1', 'jinrongjie-2'].map((c, i) => store.commit('jinrongjie', c, c, AT, { state: initialState('jinrongjie'), expectedRev: 0 }, { answer: { questionId: 'dj-systems', value: { t: 'number', v: i + 1 }, expectedVer: 0 } })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toHaveLength(1);
    expect((await store.auditEntries('jinrongjie')).filter((e) => e.action === 'selfcheck.answer')).toHaveLength(1);
  });

  it('dialog state is compare-and-set per contact; an unknown version is discarded but its revision kept', async () => {
    const s = { ...initialState('jinrongjie'), phase: 'question' as const, questionId: 'sm-policy', areaId: 'sm', n: 3 };
    expect(await store.commit('jinrongjie', 'jinrongjie-1', 'jinrongjie-1', AT, { state: s, expectedRev: 0 }, {})).toEqual({ ok: true, rev: 1 });
    expect(await store.commit('jinrongjie', 'jinrongjie-1', 'jinrongjie-1', AT, { state: s, expectedRev: 0 }, {})).toEqual({ ok: false, conflict: 'dialog' });
    expect((await store.load('jinrongjie', 'jinrongjie-1')).dialog).toEqual({ state: s, rev: 1 });
    await redis.hset(keys.unitDialog('jinrongjie', 'jinrongjie-1'), 'state', JSON.stringify({ ...s, v: 99 }));
    expect((await store.load('jinrongjie', 'jinrongjie-1')).dialog).toEqual({ state: initialState('jinrongjie'), rev: 1 });
  });

  it('the audit stream is append-only: who, when, question, old and new value', async () => {
    await store.commit('jinrongjie', 'jinrongjie-1', 'jinrongjie-1', AT, undefined, { answer: { questionId: 'sm-policy', value: yes, expectedVer: 0 } });
    const firstId = (await redis.xrange(keys.unitAudit('jinrongjie'), '-', '+'))[0];
    await store.commit('jinrongjie', 'jinrongjie-2', 'jinrongjie-2', '2016-06-28T09:00:00+08:00', undefined, { answer: { questionId: 'sm-policy', value: no, expectedVer: 1 } });
    const audit = await store.auditEntries('jinrongjie');
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ by: 'jinrongjie-2', at: '2016-06-28T09:00:00+08:00', action: 'selfcheck.answer', target: 'sm-policy' });
    expect(JSON.parse(audit[1]?.oldValue ?? '{}')).toMatchObject({ value: yes, ver: 1 });
    expect(JSON.parse(audit[1]?.newValue ?? '{}')).toMatchObject({ value: no, ver: 2, by: 'jinrongjie-2' });
    expect((await redis.xrange(keys.unitAudit('jinrongjie'), '-', '+'))[0]).toEqual(firstId);
  });

  it('every write sets a long TTL on the keys it touches', async () => {
    const item = { id: 'sc-sm-policy', unitId: 'jinrongjie', source: 'selfcheck' as const, areaId: 'sm', questionId: 'sm-policy', problem: 'x', status: 'open' as const, createdAt: AT, updatedAt: AT };
    await store.commit('jinrongjie', 'jinrongjie-1', 'jinrongjie-1', AT, { state: initialState('jinrongjie'), expectedRev: 0 }, { answer: { questionId: 'sm-policy', value: no, expectedVer: 0 }, remediation: item });
    for (const k of [keys.unitCheck('jinrongjie'), keys.unitAudit('jinrongjie'), keys.unitRemediation('jinrongjie'), keys.unitDialog('jinrongjie', 'jinrongjie-1')]) {
      const ttl = await redis.ttl(k);
      expect(ttl).toBeGreaterThan(SELF_CHECK_TTL_SECONDS - 60);
    }
  });

  it('ProgressReader: per-area counts, submission, remediation; every unit in campaign order', async () => {
    await store.commit('jinrongjie', 'jinrongjie-1', 'jinrongjie-1', AT, undefined, { answer: { questionId: 'dj-systems', value: { t: 'number', v: 3 }, expectedVer: 0 }, metaIfAbsent: { startedAt: AT } });
    await store.commit('jinrongjie', 'jinrongjie-1', 'jinrongjie-1', AT, undefined, { answer: { questionId: 'dj-other', skipped: true, expectedVer: 0 } });
    await store.commit('jinrongjie', 'jinrongjie-1', 'jinrongjie-1', AT, undefined, { meta: { submittedAt: AT, submittedBy: 'jinrongjie-1' } });
    const st = await store.unitStatus('jinrongjie');
    expect(st.selfCheck).toMatchObject({ answered: 1, requiredAnswered: 1, total: 62, startedAt: AT, submittedAt: AT });
    expect(st.selfCheck.areas.dj).toEqual({ answered: 1, total: 7 });
    const all = await store.allUnitStatuses();
    expect(all.map((s) => s.unitId)).toEqual(campaign.units.map((u) => u.id));
    expect(all.find((s) => s.unitId === 'jinrongjie')?.selfCheck.submittedAt).toBe(AT);
  });

  it('staff writes: paper received, manual done, findings (idempotent), remediation updates with expected status', async () => {
    await store.recordPaperReceived('jinrongjie', '2016-07-07T15:00:00+08:00', 'staff-2');
    await store.markManualDone('jinrongjie', 'summary-to-city', '2016-07-30T10:00:00+08:00', 'staff-1');
    const f = { id: 'r1-jrj-oa', system: 'OA', problem: '存在弱口令', severity: 'high' as const, round: 1, dueDate: '2016-07-15' };
    expect(await store.addFindings('jinrongjie', [f], 'staff-1', AT)).toHaveLength(1);
    expect(await store.addFindings('jinrongjie', [f], 'staff-1', AT)).toHaveLength(0);
    expect(await store.updateRemediation('jinrongjie', 'r1-jrj-oa', { status: 'fixed' }, 'staff-1', AT, 'in-progress')).toMatchObject({ ok: false, reason: 'status-changed' });
    expect(await store.updateRemediation('jinrongjie', 'r1-jrj-oa', { status: 'in-progress', note: '已改口令' }, 'jinrongjie-1', AT, 'open')).toMatchObject({ ok: true, item: { status: 'in-progress', note: '已改口令' } });
    expect(await store.updateRemediation('jinrongjie', 'nope', { status: 'fixed' }, 'staff-1', AT)).toEqual({ ok: false, reason: 'not-found' });
    const st = await store.unitStatus('jinrongjie');
    expect(st.paperReceivedAt).toBe('2016-07-07T15:00:00+08:00');
    expect(st.manualDone).toEqual({ 'summary-to-city': '2016-07-30T10:00:00+08:00' });
    expect(st.remediation).toEqual([expect.objectContaining({ id: 'r1-jrj-oa', source: 'finding', plannedDate: '2016-07-15', status: 'in-progress' })]);
    expect((await store.auditEntries('jinrongjie')).map((e) => e.action)).toEqual(['paper.received', 'manual.done', 'finding.add', 'remediation.update']);
  });
});

describe('Redis cost of one answered question (through the real runtime)', () => {
  it('the self-check makes 2 round trips: one read script, one Lua commit', async () => {
    const config = loadConfig({ REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' });
    const rt = await createRuntime({ config, redisUrl: testRedisUrl(), logger: silentLogger, defaultNow: 'demo', campaign });
    // Observe (not mock) the commands the runtime's own connection sends: MONITOR would see other workers too.
    const seen: string[] = [];
    const client = rt.redis as unknown as { sendCommand: (cmd: { name: string }) => unknown };
    const original = client.sendCommand.bind(client);
    client.sendCommand = (cmd) => {
      seen.push(cmd.name.toLowerCase());
      return original(cmd);
    };
    try {
      const from = { contactId: 'jinrongjie-1' };
      await rt.handle({ from, text: '自查 等级保护' });
      const sc = rt.deps.selfCheck as RedisSelfCheckStore;
      const before = sc.roundTrips;
      seen.length = 0;
      const replies = await rt.handle({ from, text: '3' });
      expect(replies[0]?.text).toContain('已记录：3个');
      expect(sc.roundTrips - before).toBe(2);
      // EVALSHA (read: 3 × HGETALL inside) + EVALSHA (commit) for the self-check; Bottender's session adds a GET and a SET.
      expect(seen).toEqual(['get', 'evalsha', 'evalsha', 'set']);
    } finally {
      client.sendCommand = original;
      await rt.close();
    }
  });
});

describe('two contacts of one unit answering the same question at the same moment (runtime)', () => {
  it('no lost update: one answer is saved, the other contact is told and shown the current value', async () => {
    const config = loadConfig({ REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' });
    const rt = await createRuntime({ config, redisUrl: testRedisUrl(), logger: silentLogger, defaultNow: 'demo', campaign });
    try {
      const a = { contactId: 'jinrongjie-1' };
      const b = { contactId: 'jinrongjie-2' };
      await rt.handle({ from: a, text: '自查 应急管理' });
      await rt.handle({ from: b, text: '自查 应急管理' });
      const [ra, rb] = await Promise.all([rt.handle({ from: a, text: '是' }), rt.handle({ from: b, text: '否' })]);
      const texts = [ra, rb].map((r) => r.map((x) => x.text).join('\n'));
      const saved = texts.filter((t) => t.includes('已记录'));
      const told = texts.filter((t) => t.includes('刚刚已由'));
      expect(saved).toHaveLength(1);
      expect(told).toHaveLength(1);
      const snap = await (rt.deps.selfCheck as RedisSelfCheckStore).loadUnit('jinrongjie');
      expect(told[0]).toContain(`当前答案：${snap.answers['yj-plan']?.value?.t === 'yesno' ? snap.answers['yj-plan'].value.v : '?'}`);
      expect(snap.answers['yj-plan']?.ver).toBe(1);
    } finally {
      await rt.close();
    }
  });
});

describe('closing answers in the audit log', () => {
  it('record the previous value when changed', async () => {
    await store.commit('jinrongjie', 'jinrongjie-1', 'jinrongjie-1', AT, undefined, { meta: { opinions: '无' }, audit: [{ kind: 'closing', ref: 'opinions', value: '无' }] });
    await store.commit('jinrongjie', 'jinrongjie-2', 'jinrongjie-2', AT, undefined, { meta: { opinions: '建议加强培训' }, audit: [{ kind: 'closing', ref: 'opinions', value: '建议加强培训' }] });
    const audit = await store.auditEntries('jinrongjie');
    expect(audit.map((e) => [e.action, e.target, e.by, e.oldValue, e.newValue])).toEqual([
      ['selfcheck.closing', 'opinions', 'jinrongjie-1', undefined, '无'],
      ['selfcheck.closing', 'opinions', 'jinrongjie-2', '无', '建议加强培训'],
    ]);
    expect((await store.loadUnit('jinrongjie')).meta.opinions).toBe('建议加强培训');
  });
});
