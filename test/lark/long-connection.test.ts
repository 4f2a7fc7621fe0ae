/**
 * Long-connection mode: events arrive through the SDK's EventDispatcher (as WSClient hands them over, in
 * plaintext) and go through the same pipeline: inbox, worker, replies; a button press answered inline.
 */
import { startWsClient, unflatten } from '../../bot/lark/ws';
import { StoreUnavailableError } from '../../domain/errors';
import { cardButtons } from '../support/fake-lark';
import { startStack, type Stack } from '../support/lark-harness';
import { cardActionEvent, messageEvent } from '../support/lark-webhook';

describe('Lark long connection (EventDispatcher)', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(async () => {
    await s.stop();
  });

  it('rebuilds the envelope the dispatcher flattened, keeping the card token in the event', () => {
    const flat = { schema: '2.0', event_id: 'e1', event_type: 'card.action.trigger', token: 'c-card', operator: { open_id: 'ou_1' } };
    expect(unflatten(flat)).toEqual({
      schema: '2.0',
      header: { event_id: 'e1', event_type: 'card.action.trigger', token: 'c-card' },
      event: { token: 'c-card', operator: { open_id: 'ou_1' } },
    });
  });

  it('answers a message and a button press, and drops a duplicate', async () => {
    const openId = 'ou_jinrongjie_1';
    const ev = messageEvent({ openId, text: '你好', messageId: 'om_ws_1' });
    expect(await s.svc.dispatcher.invoke(ev, { needCheck: false })).toEqual({});
    expect(await s.svc.dispatcher.invoke({ ...ev, header: { ...(ev.header as object), event_id: 'ev_ws_again' } }, { needCheck: false })).toEqual({});
    const card = (await s.fake.waitForMessages(1))[0]!;
    const start = cardButtons(card).find((b) => b.label === '开始自查')!;
    const res = (await s.svc.dispatcher.invoke(cardActionEvent({ openId, value: start.value }), { needCheck: false })) as { card?: { type: string } };
    expect(res.card?.type).toBe('raw');
    await s.fake.waitForMessages(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(s.fake.messages).toHaveLength(2);
    expect(s.turns).toEqual([{ from: { openId }, text: '你好' }, { from: { openId }, action: start.value.a }]);
  });

  it('makes the SDK answer 500 (so Lark re-pushes) when the event cannot be stored', async () => {
    const accept = s.svc.inbox.accept.bind(s.svc.inbox);
    s.svc.inbox.accept = async () => {
      throw new StoreUnavailableError('Redis unavailable');
    };
    try {
      await expect(s.svc.dispatcher.invoke(messageEvent({ openId: 'ou_x', text: 'hi' }), { needCheck: false })).rejects.toThrow('event not stored');
    } finally {
      s.svc.inbox.accept = accept;
    }
    expect(s.logger.entries.some((e) => e.level === 'error' && e.msg === 'Lark event not stored')).toBe(true);
  });

  it('restarts the SDK client with backoff after an error that stops it for good', async () => {
    const runner = startWsClient({ appId: 'cli_0123456789abcdef', appSecret: 'secret', domain: s.fake.url, dispatcher: s.svc.dispatcher, logger: s.logger, baseDelayMs: 50 });
    try {
      for (let i = 0; i < 100 && s.fake.wsEndpointRequests < 3; i++) await new Promise((r) => setTimeout(r, 50));
      expect(s.fake.wsEndpointRequests).toBeGreaterThanOrEqual(3);
      const restarts = s.logger.entries.filter((e) => e.msg === 'Lark long connection stopped; restarting');
      expect(restarts.length).toBeGreaterThanOrEqual(2);
      // Backoff doubles.
      const delays = restarts.map((e) => (e.obj as { restartInMs: number }).restartInMs);
      expect(delays.slice(0, 2)).toEqual([50, 100]);
    } finally {
      runner.stop();
    }
    const after = s.fake.wsEndpointRequests;
    await new Promise((r) => setTimeout(r, 400));
    expect(s.fake.wsEndpointRequests).toBe(after);
  });
});
