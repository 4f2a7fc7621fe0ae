/**
 * What staff read in 投递失败 for a chat reply that could not be sent: short, no message content, and honest
 * about retries (said only when the sender's retry budget was used up).
 */
import { replyFailureText } from '../../../bot/lark/inbox-worker';
import { usedRetries } from '../../../bot/lark/lark-call';
import { LarkApiError, LarkHttpError, StoreCorruptError } from '../../../domain/errors';
import { deadLetterSchema } from '../../../handlers/reminders/ports';

describe('replyFailureText', () => {
  it('gives the Lark code and HTTP status, never Lark’s message', () => {
    const refused = new LarkApiError(230013, 'Lark HTTP 400 code 230013: user 王晓明 said 帮助', 400);
    expect(replyFailureText(refused)).toBe('飞书拒绝（code 230013，HTTP 400）');
    expect(replyFailureText(new LarkApiError(230002, 'Lark code 230002: bot not in chat', 200))).toBe('飞书拒绝（code 230002，HTTP 200）');
  });

  it('says the retries ran out only for kinds the sender retries', () => {
    expect(replyFailureText(new LarkApiError(1, 'Lark HTTP 503 code 1', 503))).toBe('飞书服务出错（code 1，HTTP 503），自动重试后仍失败');
    expect(replyFailureText(new LarkApiError(-502, 'Lark HTTP 502', 502))).toBe('飞书服务出错（HTTP 502），自动重试后仍失败');
    expect(replyFailureText(new LarkApiError(99991400, 'Lark HTTP 429 code 99991400', 429))).toBe('飞书拒绝（code 99991400，HTTP 429），自动重试后仍失败');
    expect(replyFailureText(new LarkApiError(230020, 'Lark code 230020', 200))).toBe('飞书拒绝（code 230020，HTTP 200），自动重试后仍失败');
    expect(replyFailureText(new LarkHttpError('no answer from Lark (ECONNRESET)'))).toBe('无法连接飞书，自动重试后仍失败');
  });

  it('names anything else by its class only', () => {
    expect(replyFailureText(new LarkApiError(-1, 'Cannot read properties of undefined (reading "text")'))).toBe('飞书调用失败');
    expect(replyFailureText(new StoreCorruptError('card 帮助: not JSON'))).toBe('StoreCorruptError');
    expect(replyFailureText(new TypeError('x is not a function'))).toBe('TypeError');
    expect(replyFailureText('a string')).toBe('未知错误');
  });

  it('usedRetries matches what callLark retries', () => {
    expect(usedRetries(new LarkApiError(230013, '', 400))).toBe(false);
    expect(usedRetries(new LarkApiError(-1, ''))).toBe(false);
    expect(usedRetries(new LarkApiError(1, '', 500))).toBe(true);
    expect(usedRetries(new LarkHttpError(''))).toBe(true);
  });
});

describe('deadLetterSchema', () => {
  const old = { messageId: 'rm-2016-07-05-jinrongjie-1-1', contactId: 'jinrongjie-1', kind: 'reminder', error: '飞书拒绝（code 230013）', attempts: 5, at: '2016-07-05T02:00:00.000Z' };
  it('still reads records of the old kinds', () => {
    for (const kind of ['reminder', 'broadcast', 'notice']) expect(deadLetterSchema.parse({ ...old, kind })).toEqual({ ...old, kind });
  });
  it('reads a reply without an attempt count, and rejects unknown kinds', () => {
    const reply = { messageId: 'm:om_1:0', contactId: 'ou_unknown', kind: 'reply', error: '无法连接飞书，自动重试后仍失败', at: old.at };
    expect(deadLetterSchema.parse(reply)).toEqual(reply);
    expect(deadLetterSchema.safeParse({ ...old, kind: 'chat' }).success).toBe(false);
  });
});
