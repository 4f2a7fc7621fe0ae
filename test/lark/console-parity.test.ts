/**
 * "The demo contact can do everything over signed webhooks that they can do in the console": the same
 * script of typed messages and option choices goes through the console runtime and through the Lark channel
 * (encrypted, signed webhooks; button presses on the cards), and both must give the same replies. Lark
 * shows a turn's replies as one message where it can (bot/lark/one-message.ts), so the console's replies are
 * compared after the same joining; the script includes a turn with two replies.
 */
import { loadConfig } from '../../bot/config';
import { oneMessagePerTurn } from '../../bot/lark/one-message';
import { createRuntime, type Runtime } from '../../bot/runtime';
import { silentLogger } from '../../domain/logger';
import type { Reply } from '../../domain/reply';
import { cardButtons, messageText, type SentMessage } from '../support/fake-lark';
import { startStack, testCampaign, type Stack } from '../support/lark-harness';
import { cardActionEvent, messageEvent } from '../support/lark-webhook';
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from '../support/redis';

type Step = { text: string } | { choose: string };

const SCRIPT: Step[] = [
  { text: '你好' },
  { choose: '开始自查' },
  { text: '帮助' },
  { choose: '本周待办' },
  { text: '自查报告交给谁？' },
  { text: '帮助' },
  { text: '开始自查' },
  { choose: '等级保护 0/7' },
  // A policy question at an open question: the answer and the question asked again, in one Lark message.
  { text: '现场抽查查哪些单位？' },
];

const KEY = 'parity-key';

function shown(r: Reply): { text: string; options: string[] } {
  return { text: r.text, options: (r.options ?? []).map((o) => o.label) };
}
function shownLark(m: SentMessage): { text: string; options: string[] } {
  return { text: messageText(m), options: cardButtons(m).map((b) => b.label) };
}

describe('Lark channel matches the console', () => {
  let s: Stack;
  let consoleBot: Runtime;
  const consolePrefix = uniquePrefix('parity-console');
  beforeAll(async () => {
    s = await startStack({ encryptKey: KEY });
    consoleBot = await createRuntime({ config: loadConfig({ REDIS_PREFIX: consolePrefix }), redisUrl: testRedisUrl(), logger: silentLogger, defaultNow: 'demo', campaign: testCampaign() });
  });
  afterAll(async () => {
    await s.stop();
    await consoleBot.close();
    const r = await connectTestRedis();
    await deletePrefix(r, consolePrefix);
    r.disconnect();
  });

  it('gives the demo contact the same replies for the same script', async () => {
    const openId = 'ou_jinrongjie_1';
    let lastConsole: Reply[] = [];
    let lastCard: SentMessage | undefined;
    let joinedTurns = 0;
    for (const step of SCRIPT) {
      const before = s.fake.messages.length;
      let expected: Reply[];
      if ('text' in step) {
        const replies = await consoleBot.handle({ from: { contactId: 'jinrongjie-1' }, text: step.text });
        if (replies.length > 1) joinedTurns++;
        expected = oneMessagePerTurn(replies);
        expect((await s.post(messageEvent({ openId, text: step.text }))).status).toBe(200);
      } else {
        const option = lastConsole.flatMap((r) => r.options ?? []).find((o) => o.label === step.choose);
        expect(option).toBeDefined();
        expected = oneMessagePerTurn(await consoleBot.handle({ from: { contactId: 'jinrongjie-1' }, action: option!.action }));
        const button = lastCard ? cardButtons(lastCard).find((b) => b.label === step.choose) : undefined;
        expect(button).toBeDefined();
        const click = await s.post(cardActionEvent({ openId, value: button!.value, messageId: lastCard!.messageId }));
        expect(click.status).toBe(200);
      }
      const got = (await s.fake.waitForMessages(before + expected.length)).slice(before);
      await new Promise((r) => setTimeout(r, 150));
      expect(s.fake.messages.length).toBe(before + expected.length);
      expect(got.map(shownLark)).toEqual(expected.map(shown));
      lastConsole = expected;
      lastCard = [...got].reverse().find((m) => m.msgType === 'interactive') ?? lastCard;
    }
    expect(joinedTurns).toBe(1);
    const last = messageText(s.fake.messages[s.fake.messages.length - 1]!);
    expect(last).toContain('现场抽查');
    expect(last).toContain('回到刚才的问题');
  });
});
