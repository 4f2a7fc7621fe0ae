/**
 * Chats and cards: group mentions, rich text, unsupported types, and a button press through a whole
 * dialogue step (card sent → click answered inline with the updated card → action turn → next reply).
 */
import { fetchBotOpenId } from '../../bot/lark/lark-service';
import { cardButtons, messageText } from '../support/fake-lark';
import { startStack, type Stack } from '../support/lark-harness';
import { cardActionEvent, messageEvent } from '../support/lark-webhook';

const KEY = 'dialogue-key';

describe('Lark chats and cards', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ encryptKey: KEY });
    s.svc.connector.setBotOpenId(await fetchBotOpenId(s.svc.client, s.logger));
  });
  afterAll(async () => {
    await s.stop();
  });

  it('ignores group messages without a mention of the bot, answers with one (placeholder removed)', async () => {
    const chatId = 'oc_group_1';
    const before = s.fake.messages.length;
    const plain = await s.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助', chatType: 'group', chatId }));
    expect(plain.status).toBe(200);
    const other = await s.post(
      messageEvent({ openId: 'ou_jinrongjie_1', text: '@_user_1 帮助', chatType: 'group', chatId, mentions: [{ key: '@_user_1', id: { open_id: 'ou_someone' }, name: '张三' }] }),
    );
    expect(other.status).toBe(200);
    const messageId = 'om_group_mention_1';
    await s.post(
      messageEvent({ openId: 'ou_jinrongjie_1', text: '@_user_1 帮助', chatType: 'group', chatId, messageId, mentions: [{ key: '@_user_1', id: { open_id: s.fake.botOpenId }, name: 'bot' }] }),
    );
    const msgs = await s.fake.waitForMessages(before + 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.fake.messages.length).toBe(before + 1);
    const m = msgs[before]!;
    expect(m.kind).toBe('reply');
    expect(m.target).toBe(messageId);
    expect(s.turns.at(-1)).toEqual({ from: { openId: 'ou_jinrongjie_1' }, text: '帮助' });
  });

  it('reads rich-text (post) messages as text and asks politely for text otherwise', async () => {
    const before = s.fake.messages.length;
    const content = JSON.stringify({ title: '', content: [[{ tag: 'text', text: '帮' }, { tag: 'text', text: '助' }]] });
    await s.post(messageEvent({ openId: 'ou_jinrongjie_2', messageType: 'post', content }));
    await s.fake.waitForMessages(before + 1);
    expect(s.turns.at(-1)).toEqual({ from: { openId: 'ou_jinrongjie_2' }, text: '帮助' });
    await s.post(messageEvent({ openId: 'ou_jinrongjie_2', messageType: 'image', content: JSON.stringify({ image_key: 'img_1' }) }));
    const msgs = await s.fake.waitForMessages(before + 2);
    expect(messageText(msgs[before + 1]!)).toContain('请发送文字');
  });

  it('carries a button press through a dialogue step; forged, stale and repeated clicks are refused', async () => {
    const openId = 'ou_jinrongjie_1';
    const before = s.fake.messages.length;
    await s.post(messageEvent({ openId, text: '你好' }));
    const card = (await s.fake.waitForMessages(before + 1))[before]!;
    expect(card.msgType).toBe('interactive');
    const buttons = cardButtons(card);
    expect(buttons.map((b) => b.label)).toContain('开始自查');
    const start = buttons.find((b) => b.label === '开始自查')!;

    // Forged: an action the card never offered, a value that is not an object, someone else's card.
    const forged = await s.post(cardActionEvent({ openId, value: { a: 'cmd:广播 全体', t: start.value.t } }));
    expect(forged.body).toEqual({ toast: expect.objectContaining({ type: 'error' }) });
    const notObject = await s.post(cardActionEvent({ openId, value: 'cmd:开始自查' }));
    expect(notObject.body).toEqual({ toast: expect.objectContaining({ type: 'error' }) });
    const stranger = await s.post(cardActionEvent({ openId: 'ou_jinrongjie_2', value: start.value }));
    expect((stranger.body as { card?: unknown }).card).toBeUndefined();
    const stale = await s.post(cardActionEvent({ openId, value: { a: start.value.a, t: 'unknown-token-123' } }));
    expect(stale.body).toEqual({ toast: expect.objectContaining({ type: 'warning' }) });
    expect(s.turns.filter((t) => t.action !== undefined)).toHaveLength(0);

    // The real click: answered at once with the card showing the choice and no buttons.
    const t0 = Date.now();
    const click = await s.post(cardActionEvent({ openId, value: start.value, messageId: card.messageId }));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(click.status).toBe(200);
    const body = click.body as { toast: { content: string }; card: { type: string; data: { body: { elements: { tag: string; text?: { content: string } }[] } } } };
    expect(body.toast.content).toContain('开始自查');
    expect(body.card.type).toBe('raw');
    expect(body.card.data.body.elements.some((e) => e.tag === 'button')).toBe(false);
    expect(body.card.data.body.elements.map((e) => e.text?.content ?? '').join('\n')).toContain('已选择：开始自查');

    // The action runs as a turn and its reply is sent.
    await s.fake.waitForMessages(before + 2);
    expect(s.turns.at(-1)).toEqual({ from: { openId }, action: start.value.a });
    expect(s.fake.messages[before + 1]?.target).toBe(openId);

    // A second click on the same card changes nothing.
    const again = await s.post(cardActionEvent({ openId, value: buttons[1]!.value }));
    expect(again.body).toEqual({ toast: expect.objectContaining({ content: '这张卡片已经选择过了。' }) });
    await new Promise((r) => setTimeout(r, 300));
    expect(s.turns.filter((t) => t.action !== undefined)).toHaveLength(1);
  });

  it('falls back to numbered text when the card is refused', async () => {
    const before = s.fake.messages.length;
    s.fake.failNext({ status: 200, code: 230099 }, (r) => r.body.msg_type === 'interactive');
    await s.post(messageEvent({ openId: 'ou_jinrongjie_2', text: '帮助' }));
    const m = (await s.fake.waitForMessages(before + 1))[before]!;
    expect(m.msgType).toBe('text');
    expect(messageText(m)).toMatch(/\[1\] 开始自查/);
    // Typing the number chooses the option.
    await s.post(messageEvent({ openId: 'ou_jinrongjie_2', text: '1' }));
    await s.fake.waitForMessages(before + 2);
    expect(s.turns.at(-1)).toEqual({ from: { openId: 'ou_jinrongjie_2' }, action: 'cmd:开始自查' });
  });

  it('takes a typed number as the press of that button of the last card, as the console does', async () => {
    const openId = 'ou_xinjiekou_1';
    const before = s.fake.messages.length;
    await s.post(messageEvent({ openId, text: '帮助' }));
    const card = (await s.fake.waitForMessages(before + 1))[before]!;
    expect(card.msgType).toBe('interactive');
    const first = cardButtons(card)[0]!;
    await s.post(messageEvent({ openId, text: '1' }));
    await s.fake.waitForMessages(before + 2);
    expect(s.turns.at(-1)).toEqual({ from: { openId }, action: first.value.a });
  });

  it('takes a typed button label nothing else understands as the press of that button (更新进展 under an item card)', async () => {
    const openId = 'ou_yuetan_1';
    const say = async (text: string) => {
      const before = s.fake.messages.length;
      await s.post(messageEvent({ openId, text }));
      return (await s.fake.waitForMessages(before + 1))[before]!;
    };
    for (const t of ['自查 安全管理制度', '否', '制度未更新', '7月底前修订', '7月29日', '暂停']) await say(t);
    const item = await say('整改 1');
    expect(cardButtons(item).map((b) => b.label)).toEqual(['更新进展', '已整改', '返回列表']);
    expect(messageText(await say('更新进展'))).toContain('请输入整改进展');
    // Text that is an answer stays text: the progress note is recorded, not matched against old buttons.
    expect(messageText(await say('已联系厂商修订'))).toContain('已更新整改进展');
  });

  it('forgets numbered options once a later reply went out without them: a number is then an answer', async () => {
    const openId = 'ou_xichangan_1';
    const before = s.fake.messages.length;
    s.fake.failNext({ status: 200, code: 230099 }, (r) => r.body.msg_type === 'interactive');
    await s.post(messageEvent({ openId, text: '帮助' }));
    expect(messageText((await s.fake.waitForMessages(before + 1))[before]!)).toMatch(/\[1\] 开始自查/);
    // A reply without options (a policy answer) comes in between.
    await s.post(messageEvent({ openId, text: '自查报告交给谁？' }));
    const answer = (await s.fake.waitForMessages(before + 2))[before + 1]!;
    expect(answer.msgType).toBe('text');
    expect(messageText(answer)).toContain('区委机要局');
    await s.post(messageEvent({ openId, text: '1' }));
    await s.fake.waitForMessages(before + 3);
    expect(s.turns.at(-1)).toEqual({ from: { openId }, text: '1' });
  });
});
