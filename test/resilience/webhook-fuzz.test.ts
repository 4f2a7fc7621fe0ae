/**
 * Property-based fuzzing (fast-check) of what a stranger controls on the webhook, against the real express
 * server, connector, intake, inbox and worker on the test Redis:
 * - any body and headers without a valid signature: a 4xx, never a 5xx, and nothing stored or sent;
 * - a genuine event whose signature, timestamp, nonce or body was tampered with: 401, nothing stored;
 * - signed, well-formed events with arbitrary text, content, message types and chat types: 200, and every
 *   one is handled (the inbox drains) with replies that never show an internal error or a stack trace;
 * - signed card button presses with arbitrary values: refused with a toast, nothing queued or stored.
 * The number of cases run is printed at the end.
 */
import fc from 'fast-check';
import { INTERNAL_TEXT } from '../../bot/error-reply';
import { cardButtons, messageText } from '../support/fake-lark';
import { startStack, type Stack } from '../support/lark-harness';
import { cardActionEvent, encryptLark, larkRequest, messageEvent, signLark } from '../support/lark-webhook';
import { waitFor } from '../support/wait';

jest.setTimeout(60_000);

const KEY = 'fuzz-key';
const counts: Record<string, number> = {};
const count = (name: string) => (counts[name] = (counts[name] ?? 0) + 1);
const STACK_TRACE = /\n\s+at |Error:|TypeError|undefined|\[object Object\]/;

const printable = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const headerName = fc.constantFrom('x-lark-signature', 'x-lark-request-timestamp', 'x-lark-request-nonce', 'content-type', 'x-forwarded-for', 'x-request-id');
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', '<at user_id="all">所有人</at>', '{"tag":"button"}', '帮助', '进度', '自查 等级保护', '3个', '确认发送', '1', '99'),
  fc.string({ unit: 'grapheme', minLength: 4000, maxLength: 6000 }),
);

describe('webhook fuzzing', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ encryptKey: KEY, verificationToken: 'vtoken' });
  });
  afterAll(async () => {
    await s.stop();
    const line = Object.entries(counts)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    process.stdout.write(`webhook fuzz cases: ${line}\n`);
  });

  /** Every key under the stack's prefix with its serialized value. */
  async function snapshot(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, batch] = await s.redis.scan(cursor, 'MATCH', `${s.prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const k of batch) out.set(k, (await s.redis.dumpBuffer(k))?.toString('hex') ?? '');
    } while (cursor !== '0');
    return out;
  }
  const idle = () => waitFor(async () => (await s.svc.inbox.pendingCount()) === 0 && (await s.svc.inbox.length()) === 0, 20_000);

  it('refuses unsigned, forged and malformed requests with a 4xx and stores nothing', async () => {
    const before = await snapshot();
    const sent = s.fake.sendAttempts;
    const body = fc.oneof(
      fc.json(),
      anyText,
      fc.jsonValue().map((v) => JSON.stringify({ encrypt: v })),
      fc.string({ unit: 'binary-ascii', maxLength: 300 }).map((v) => JSON.stringify({ encrypt: v })),
      fc.record({ schema: fc.constant('2.0'), header: fc.object(), event: fc.object() }).map((v) => JSON.stringify(v)),
      fc.constant(JSON.stringify(messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助' }))),
      fc.string({ unit: 'grapheme', maxLength: 100 }).map((t) => JSON.stringify({ encrypt: encryptLark(JSON.stringify(messageEvent({ openId: 'ou_jinrongjie_1', text: t })), KEY) })),
    );
    const headers = fc.dictionary(headerName, printable, { maxKeys: 5 });
    await fc.assert(
      fc.asyncProperty(body, headers, async (b, h) => {
        count('unsigned');
        const res = await s.postRaw(b, h);
        if (res.status === 200) {
          // Only a URL challenge may be answered without a signature.
          expect(res.body).toHaveProperty('challenge');
          return;
        }
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
    expect(await snapshot()).toEqual(before);
    expect(s.fake.sendAttempts).toBe(sent);
  });

  it('refuses a genuine event whose signature, timestamp, nonce or body was tampered with (401)', async () => {
    const before = await snapshot();
    const sent = s.fake.sendAttempts;
    const tamper = fc.oneof(
      fc.record({ field: fc.constantFrom('x-lark-signature', 'x-lark-request-timestamp', 'x-lark-request-nonce'), value: printable }),
      fc.record({ field: fc.constant('drop'), value: fc.constantFrom('x-lark-signature', 'x-lark-request-timestamp', 'x-lark-request-nonce') }),
      fc.record({ field: fc.constant('body'), value: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 20 }) }),
      fc.record({ field: fc.constant('wrong-key'), value: printable }),
    );
    await fc.assert(
      fc.asyncProperty(tamper, anyText, async (t, text) => {
        count('tampered');
        const req = larkRequest(messageEvent({ openId: 'ou_jinrongjie_1', text }), { encryptKey: KEY });
        const headers = { ...req.headers };
        let body = req.body;
        if (t.field === 'drop') delete headers[t.value];
        else if (t.field === 'body') {
          const parsed = JSON.parse(body) as { encrypt: string };
          body = JSON.stringify({ encrypt: parsed.encrypt, extra: t.value });
        } else if (t.field === 'wrong-key') {
          headers['x-lark-signature'] = signLark(headers['x-lark-request-timestamp']!, headers['x-lark-request-nonce']!, `${KEY}x${t.value}`, body);
        } else {
          fc.pre(headers[t.field] !== t.value);
          headers[t.field] = t.value;
        }
        const res = await s.postRaw(body, headers);
        expect(res.status).toBe(401);
      }),
      { numRuns: 200 },
    );
    expect(await snapshot()).toEqual(before);
    expect(s.fake.sendAttempts).toBe(sent);
  });

  it('refuses card button presses with arbitrary values with a toast; nothing is queued', async () => {
    // A real card first, so forged values can also name a live card token.
    await s.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '开始自查' }));
    await waitFor(() => s.fake.messages.some((m) => cardButtons(m).length > 0));
    const card = s.fake.messages.find((m) => cardButtons(m).length > 0)!;
    const buttons = cardButtons(card);
    const liveToken = buttons[0]!.value.t;
    await idle();
    const before = await snapshot();
    const sent = s.fake.sendAttempts;
    const offered = new Set(buttons.map((b) => b.value.a));
    const value = fc.oneof(
      fc.jsonValue(),
      fc.record({ a: fc.string({ maxLength: 300 }), t: fc.string({ maxLength: 80 }) }),
      fc.record({ a: fc.string({ minLength: 1, maxLength: 100 }), t: fc.constant(liveToken) }),
      fc.record({ a: fc.constantFrom(...offered), t: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) }),
      fc.record({ a: fc.constantFrom('cmd:帮助', 'bc:confirm:x', 'sc:answer:q1:yes'), t: fc.constant(liveToken) }),
    );
    await fc.assert(
      fc.asyncProperty(value, fc.constantFrom('ou_jinrongjie_1', 'ou_jinrongjie_2', 'ou_stranger'), async (v, openId) => {
        count('card');
        const isOffered = typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { t?: unknown }).t === liveToken && offered.has((v as { a: string }).a);
        fc.pre(!isOffered);
        const res = await s.post(cardActionEvent({ openId, value: v }));
        expect(res.status).toBe(200);
        const toast = (res.body as { toast?: { type: string; content: string } }).toast;
        expect(['error', 'warning', 'info']).toContain(toast?.type);
        expect(toast?.content).not.toMatch(STACK_TRACE);
        expect(res.body).not.toHaveProperty('card');
      }),
      { numRuns: 200 },
    );
    expect(await s.svc.inbox.length()).toBe(0);
    expect(await snapshot()).toEqual(before);
    expect(s.fake.sendAttempts).toBe(sent);
  });

  it('accepts signed well-formed events with arbitrary content (200) and handles every one without an internal error', async () => {
    const first = s.fake.messages.length;
    const event = fc.record({
      openId: fc.constantFrom('ou_jinrongjie_1', 'ou_jinrongjie_2', 'ou_staff_1', 'ou_stranger', ''),
      text: anyText,
      chatType: fc.constantFrom('p2p' as const, 'group' as const),
      messageType: fc.constantFrom('text', 'post', 'image', 'file', 'sticker', 'interactive', 'audio', 'weird'),
      rawContent: fc.option(fc.oneof(fc.json(), anyText), { nil: undefined }),
      mention: fc.boolean(),
    });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        count('signed');
        const content = e.rawContent ?? (e.messageType === 'post' ? JSON.stringify({ title: '', content: [[{ tag: 'text', text: e.text }]] }) : JSON.stringify({ text: e.mention ? `@_user_1 ${e.text}` : e.text }));
        const ev = messageEvent({
          openId: e.openId,
          chatType: e.chatType,
          messageType: e.messageType,
          content,
          mentions: e.mention ? [{ key: '@_user_1', id: { open_id: s.fake.botOpenId }, name: 'bot' }] : undefined,
        });
        const res = await s.post(ev);
        expect(res.status).toBe(200);
        accepted++;
      }),
      { numRuns: 200 },
    );
    await idle();
    const replies = s.fake.messages.slice(first).map(messageText);
    expect(accepted).toBe(200);
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) {
      expect(r).not.toContain(INTERNAL_TEXT);
      expect(r).not.toMatch(/\n\s+at /);
    }
    expect(s.logger.entries.filter((x) => x.level === 'error')).toEqual([]);
  });
});
