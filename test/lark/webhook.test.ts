/**
 * Webhook security and the basic question/answer path, over real HTTP with encrypted, signed requests.
 */
import { randomBytes } from 'node:crypto';
import { StoreUnavailableError } from '../../domain/errors';
import { messageText } from '../support/fake-lark';
import { startStack, type Stack } from '../support/lark-harness';
import { challengeBody, encryptLark, messageEvent } from '../support/lark-webhook';

const KEY = 'enc-key-for-tests';
const TOKEN = 'vtoken';

describe('Lark webhook', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ encryptKey: KEY, verificationToken: TOKEN });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('answers the URL challenge, plain and encrypted, within 1 s', async () => {
    const t0 = Date.now();
    const plain = await s.postRaw(JSON.stringify(challengeBody('ch-plain')));
    expect(plain).toEqual({ status: 200, body: { challenge: 'ch-plain' } });
    const enc = await s.postRaw(JSON.stringify({ encrypt: encryptLark(JSON.stringify(challengeBody('ch-enc')), KEY) }));
    expect(enc).toEqual({ status: 200, body: { challenge: 'ch-enc' } });
    expect(Date.now() - t0).toBeLessThan(1000);
    // An encrypted challenge under another key does not prove itself.
    const wrong = await s.postRaw(JSON.stringify({ encrypt: encryptLark(JSON.stringify(challengeBody('x')), 'other') }));
    expect(wrong.status).toBe(401);
    const badToken = await s.postRaw(JSON.stringify(challengeBody('x', 'wrong')));
    expect(badToken.status).toBe(401);
  });

  it('answers a policy question from the demo contact', async () => {
    const before = s.fake.messages.length;
    const res = await s.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助' }));
    expect(res.status).toBe(200);
    const msgs = await s.fake.waitForMessages(before + 1);
    const m = msgs[before];
    expect(m?.target).toBe('ou_jinrongjie_1');
    expect(m?.receiveIdType).toBe('open_id');
    expect(m?.msgType).toBe('interactive');
    expect(messageText(m!)).toContain('王晓明');
  });

  it('tells an unknown user how to register', async () => {
    const before = s.fake.messages.length;
    await s.post(messageEvent({ openId: 'ou_stranger', text: '你好' }));
    const msgs = await s.fake.waitForMessages(before + 1);
    expect(messageText(msgs[before]!)).toContain('登记为单位联系人');
  });

  it('answers a duplicate delivery once (same message_id, new event_id, even after a 200)', async () => {
    const before = s.fake.messages.length;
    const messageId = `om_dup_${randomBytes(4).toString('hex')}`;
    const first = await s.post(messageEvent({ openId: 'ou_jinrongjie_2', text: '帮助', messageId }));
    const second = await s.post(messageEvent({ openId: 'ou_jinrongjie_2', text: '帮助', messageId }));
    expect([first.status, second.status]).toEqual([200, 200]);
    await s.fake.waitForMessages(before + 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(s.fake.messages.length).toBe(before + 1);
    expect(s.logger.entries.some((e) => e.msg === 'duplicate Lark message ignored')).toBe(true);
  });

  it('refuses a bad or missing signature with 401 and logs it', async () => {
    const before = s.fake.sendAttempts;
    const ev = messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助' });
    const unsigned = await s.post(ev, { sign: false });
    expect(unsigned.status).toBe(401);
    const body = JSON.stringify({ encrypt: encryptLark(JSON.stringify(ev), KEY) });
    const forged = await s.postRaw(body, {
      'content-type': 'application/json',
      'x-lark-request-timestamp': '1',
      'x-lark-request-nonce': 'n',
      'x-lark-signature': 'f'.repeat(64),
    });
    expect(forged.status).toBe(401);
    expect(s.logger.entries.filter((e) => e.msg === 'Lark request with a bad or missing signature refused').length).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.fake.sendAttempts).toBe(before);
  });

  it('refuses a wrong verification token', async () => {
    const res = await s.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助', token: 'not-the-token' }));
    expect(res.status).toBe(401);
  });

  it('rejects malformed JSON (400) and bodies over 1 MiB (413), ignores unknown events, 404s unknown paths', async () => {
    expect((await s.postRaw('{"schema": "2.0",')).status).toBe(400);
    expect((await s.postRaw(JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }))).status).toBe(413);
    const unknown = await s.post({ schema: '2.0', header: { event_id: 'ev_unknown_1', event_type: 'im.chat.member.bot.added_v1', token: TOKEN }, event: {} });
    expect(unknown).toEqual({ status: 200, body: {} });
    const r404 = await fetch(`${s.url}/webhooks/other`, { method: 'POST', body: '{}' });
    expect(r404.status).toBe(404);
    const health = await fetch(`${s.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('answers 503 (so Lark retries) when the event cannot be stored', async () => {
    const accept = s.svc.inbox.accept.bind(s.svc.inbox);
    s.svc.inbox.accept = async () => {
      throw new StoreUnavailableError('Redis unavailable');
    };
    try {
      const res = await s.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助' }));
      expect(res.status).toBe(503);
    } finally {
      s.svc.inbox.accept = accept;
    }
  });
});
