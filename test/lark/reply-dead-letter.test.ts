/**
 * A chat reply Lark finally will not take is not lost silently: it joins the dead-letter list staff see with
 * 投递失败 (as 回复, with the person's name and unit, or the open_id of somebody the campaign does not know),
 * its inbox entry is acknowledged (not retried for ever), and other people's replies still go out.
 */
import { messageText, type SentMessage } from '../support/fake-lark';
import { startStack, type Stack } from '../support/lark-harness';
import { messageEvent } from '../support/lark-webhook';
import { waitFor } from '../support/wait';

const KEY = 'dead-letter-key';
// Short claim intervals: an entry left unacknowledged would be picked up and sent again within the test.
const WORKER = { claimIntervalMs: 100, claimIdleMs: 100 };

const to = (openId: string) => (req: { body: Record<string, unknown> }) => req.body.receive_id === openId;
/** The replies of one inbound message only (their uuids are `m:<message_id>:<index>[:t]`). */
const repliesOf = (messageId: string) => (req: { body: Record<string, unknown> }) => String(req.body.uuid).startsWith(`m:${messageId}:`);

/** Post a signed message from `openId` and return the next message the bot sends to `openId`. */
async function ask(s: Stack, openId: string, text: string): Promise<SentMessage> {
  const before = s.fake.messages.length;
  expect((await s.post(messageEvent({ openId, text }))).status).toBe(200);
  let found: SentMessage | undefined;
  await waitFor(() => (found = s.fake.messages.slice(before).find((m) => m.target === openId)) !== undefined);
  return found!;
}

const replyFailures = (s: Stack) => s.logger.entries.filter((e) => e.msg === 'Lark reply could not be sent');

describe('a Lark reply that cannot be sent', () => {
  let s: Stack;
  beforeEach(async () => {
    s = await startStack({ encryptKey: KEY, worker: WORKER });
  });
  afterEach(async () => {
    await s.stop();
  });

  it('is listed under 投递失败 as 回复 with the person and unit, while another person is answered', async () => {
    // Lark refuses every send to 王晓明 (not in the bot's availability): a card and its text fallback, at once.
    for (let i = 0; i < 4; i++) s.fake.failNext({ status: 400, code: 230013 }, to('ou_jinrongjie_1'));
    expect((await s.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助' }))).status).toBe(200);
    // Another person, same moment: answered as usual.
    const other = await ask(s, 'ou_yuetan_1', '帮助');
    expect(messageText(other)).toContain('帮助');

    await waitFor(() => replyFailures(s).length === 1);
    await waitFor(async () => (await s.svc.inbox.pendingCount()) === 0);
    // Acknowledged: with recovery every 100 ms, an unfinished entry would be tried again by now.
    const attempts = s.fake.sendAttempts;
    await new Promise((r) => setTimeout(r, 500));
    expect(s.fake.sendAttempts).toBe(attempts);
    expect(s.fake.messages.filter((m) => m.target === 'ou_jinrongjie_1')).toEqual([]);

    const list = messageText(await ask(s, 'ou_staff_1', '投递失败'));
    expect(list).toContain('投递失败（最近 1 条）');
    expect(list).toMatch(/回复 → 王晓明（[^）]+）：飞书拒绝（code 230013，HTTP 400）\n/);
    // A reply has no attempt count (several Lark calls); Lark refused, so nothing was retried.
    expect(list).not.toContain('尝试');
    expect(list).not.toContain('重试');
    expect(list).toContain('请电话联系这些人员');
    // Never the person's message or the bot's answer.
    expect(list).not.toContain('帮助');
  });

  it('shows the open_id of somebody the campaign does not know, and says the retries ran out', async () => {
    // 5xx on every try: the harness's retry policy gives up after 4 attempts; a card then falls back to text.
    for (let i = 0; i < 8; i++) s.fake.failNext({ status: 503 }, to('ou_stranger_42'));
    await s.post(messageEvent({ openId: 'ou_stranger_42', text: '帮助' }));
    await waitFor(() => replyFailures(s).length === 1);
    await waitFor(async () => (await s.svc.inbox.pendingCount()) === 0);

    const list = messageText(await ask(s, 'ou_staff_1', '投递失败'));
    expect(list).toContain('回复 → 未登记的飞书用户（open_id ou_stranger_42）：飞书服务出错（code 1，HTTP 503），自动重试后仍失败');
  });

  it('acknowledges the entry even when the dead letter cannot be recorded', async () => {
    await s.stop();
    s = await startStack({
      encryptKey: KEY,
      worker: WORKER,
      deadLetters: {
        add: () => Promise.reject(new Error('dead-letter store down')),
      },
    });
    for (let i = 0; i < 4; i++) s.fake.failNext({ status: 400, code: 230013 }, repliesOf('om_dl_unrecorded'));
    await s.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助', messageId: 'om_dl_unrecorded' }));
    await waitFor(() => s.logger.entries.some((e) => e.msg === 'failed Lark reply not recorded as a dead letter'));
    await waitFor(async () => (await s.svc.inbox.pendingCount()) === 0);
    const attempts = s.fake.sendAttempts;
    await new Promise((r) => setTimeout(r, 500));
    expect(s.fake.sendAttempts).toBe(attempts);
    expect(replyFailures(s)).toHaveLength(1);
    // The next message from the same person is handled normally (nothing stuck in the chat's order).
    expect(messageText(await ask(s, 'ou_jinrongjie_1', '帮助'))).toContain('王晓明');
  });
});
