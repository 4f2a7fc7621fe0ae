/**
 * Property-based fuzzing (fast-check) of what a person types or a forged button carries, through the shared
 * core (`createCore(...).runTurn`, the path both the console and Lark use) on the test Redis:
 * arbitrary unicode, control characters, huge texts, emoji, card-markup-looking text and random actions,
 * from a contact in the middle of a self-check dialogue, a staff member and a stranger.
 * The bot never throws, always answers, never shows an internal error or a stack trace, and stored answers,
 * findings and submission state change only when the reply says so (已记录 / 已记入 / 已跳过 / 已提交).
 * The number of cases run is printed at the end.
 */
import fc from 'fast-check';
import { loadConfig } from '../../bot/config';
import { createCore, type Core } from '../../bot/core';
import { INTERNAL_TEXT } from '../../bot/error-reply';
import { silentLogger } from '../../domain/logger';
import type { Reply } from '../../domain/reply';
import type { Inbound } from '../../handlers/types';
import { makeKeys } from '../../store/keys';
import type { RedisClient } from '../../store/redis';
import { testCampaign } from '../support/lark-harness';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../support/redis';

jest.setTimeout(60_000);

const counts: Record<string, number> = {};
const ACK = /已记录|已记入|已跳过|已提交/;
const campaign = testCampaign();
const unitId = campaign.contact('jinrongjie-1')!.unit!;
const questionIds = campaign.allQuestions().map((q) => q.question.id);

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  fc.string({ unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\u200b', '\u202e', '\ufeff', '\r', '\n', '\t', '\ud800', '\udfff'), maxLength: 50 }),
  fc.string({ unit: fc.constantFrom('😀', '👍🏽', '🇨🇳', '👨‍👩‍👧', '\u0301', '𠮷'), maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 2001, maxLength: 12_000 }),
  fc.constantFrom('<at user_id="all">所有人</at>', '{"tag":"button","value":{"a":"cmd:提交"}}', '**粗体** [链接](http://x)', '<a href="javascript:x">点</a>', '${a}', '%s%n', '\\u0000', '0', '-1', '1e309', 'NaN', '9'.repeat(400)),
  { weight: 3, arbitrary: fc.constantFrom('帮助', '进度', '查看答案', '继续', '暂停', '开始自查', '自查 等级保护', '3个', '两个', '是', '否', '有', '部分', '不适用', '跳过', '你好', '退出', '上一题', '确定退出', '7月29日') },
  // Answers with noise around them: still either recorded (and said so) or refused.
  fc.tuple(fc.string({ unit: 'grapheme', maxLength: 5 }), fc.constantFrom('3', '是', '否', '部分', '不适用'), fc.string({ unit: 'grapheme', maxLength: 5 })).map(([a, b, c]) => a + b + c),
);
const action = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }).map((s) => `cmd:${s}`),
  fc.tuple(fc.constantFrom(...questionIds), fc.integer({ min: -2, max: 12 }), fc.integer({ min: -1, max: 40 })).map(([q, i, n]) => `sc:a:${q}:${i}:${n}`),
  fc.tuple(fc.constantFrom('keep', 'skip', 'x'), fc.constantFrom(...questionIds, ''), fc.integer({ min: 0, max: 40 })).map(([k, q, n]) => `sc:k:${k}:${q}:${n}`),
  fc.tuple(fc.constantFrom('sc:y:', 'sc:x:', 'sc:area:', 'sc:review:', 'bc:confirm:', 'bc:cancel:', 'sc:'), fc.string({ maxLength: 20 })).map(([p, s]) => p + s),
);
const who = fc.constantFrom<Inbound['from']>({ contactId: 'jinrongjie-1' }, { contactId: 'jinrongjie-1' }, { contactId: 'staff-1' }, { openId: 'ou_stranger' }, { openId: '' });

describe('message text and action fuzzing', () => {
  let redis: RedisClient;
  let prefix: string;
  let core: Core;

  beforeAll(async () => {
    redis = await connectTestRedis();
    prefix = uniquePrefix('textfuzz');
    core = createCore({ config: loadConfig({}), campaign, redis, keys: makeKeys(prefix, campaign.id), logger: silentLogger, defaultNow: 'demo' });
    // Mid-dialogue: question 2 of 等级保护 is open.
    await core.runTurn({ from: { contactId: 'jinrongjie-1' }, text: '自查 等级保护' });
    await core.runTurn({ from: { contactId: 'jinrongjie-1' }, text: '3个' });
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
    const line = Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(' ');
    process.stdout.write(`message fuzz cases: ${line}\n`);
  });

  /**
   * What is stored for the unit. Leaving follow-ups half-way (e.g. 开始自查) records the problem given so
   * far by design (keepFollowUps in dialogs/self-check-engine.ts), so findings may change then.
   */
  const stored = async (allowFindings = false) => {
    const u = await core.deps.selfCheck!.loadUnit(unitId);
    return JSON.stringify({ answers: u.answers, remediation: allowFindings ? null : u.remediation, submitted: u.meta.submittedAt ?? null });
  };
  const inFollowUp = async () => {
    const st = (await core.deps.selfCheck!.load(unitId, 'jinrongjie-1')).dialog?.state;
    return st?.phase === 'followup' || (st?.phase === 'confirm-cancel' && st.prevPhase === 'followup');
  };

  async function check(inbound: Inbound): Promise<void> {
    const leavingFollowUp = await inFollowUp();
    const before = await stored(leavingFollowUp);
    let replies: Reply[] = [];
    await expect((async () => (replies = await core.runTurn(inbound)))()).resolves.toBeDefined();
    expect(replies.length).toBeGreaterThan(0);
    const all = replies.map((r) => `${r.text}\n${(r.options ?? []).map((o) => o.label).join('\n')}`).join('\n');
    expect(all).not.toContain(INTERNAL_TEXT);
    expect(all).not.toMatch(/\n\s+at |TypeError|ReferenceError|\[object Object\]/);
    for (const r of replies) expect(r.text.trim().length).toBeGreaterThan(0);
    if (!ACK.test(all)) expect(await stored(leavingFollowUp)).toBe(before);
    else if ((await stored(leavingFollowUp)) !== before) counts.recorded = (counts.recorded ?? 0) + 1;
  }

  it('answers any text without an error, and changes stored answers only when it says so', async () => {
    await fc.assert(
      fc.asyncProperty(who, text, async (from, t) => {
        counts.text = (counts.text ?? 0) + 1;
        await check({ from, text: t });
      }),
      // Real answers always run first (question 2 of 等级保护 is a number question), so the property is never
      // vacuous whatever the random draw; the random cases follow.
      { numRuns: 600, examples: [[{ contactId: 'jinrongjie-1' }, '5'], [{ contactId: 'jinrongjie-1' }, '是']] },
    );
    // The property is not vacuous: some of the texts were real answers that changed the record.
    expect(counts.recorded ?? 0).toBeGreaterThan(0);
  });

  it('answers any action (forged buttons) without an error, and changes stored answers only when it says so', async () => {
    await fc.assert(
      fc.asyncProperty(who, action, async (from, a) => {
        counts.action = (counts.action ?? 0) + 1;
        await check({ from, action: a });
      }),
      { numRuns: 600 },
    );
  });
});
