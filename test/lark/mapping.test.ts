/**
 * Pure parts of the channel: event mapping (as Bottender hands bodies over, camelCased), cards, text
 * neutralisation and the send limiter.
 */
import { buildCard, buildChosenCard } from '../../bot/lark/cards';
import { callLark } from '../../bot/lark/lark-call';
import { mapLarkBody, readText } from '../../bot/lark/lark-event';
import { RateLimiter } from '../../bot/lark/rate-limiter';
import { larkUuid, neutralizeTags } from '../../bot/lark/sender';

const camel = (ev: { chatType: string; content: string; mentions?: unknown[]; messageType?: string }) => ({
  schema: '2.0',
  header: { eventId: 'ev1', eventType: 'im.message.receive_v1' },
  event: {
    sender: { senderId: { openId: 'ou_a' }, senderType: 'user' },
    message: { messageId: 'om1', chatId: 'oc1', chatType: ev.chatType, messageType: ev.messageType ?? 'text', content: ev.content, mentions: ev.mentions },
  },
});

describe('Lark event mapping', () => {
  it('removes the bot mention placeholder and keeps other mentions as names', () => {
    const ev = camel({
      chatType: 'group',
      content: JSON.stringify({ text: '@_user_1 请问 @_user_2 的单位要交什么' }),
      mentions: [
        { key: '@_user_1', id: { openId: 'ou_bot' }, name: '检查助手' },
        { key: '@_user_2', id: { openId: 'ou_b' }, name: '李静' },
      ],
    });
    expect(mapLarkBody(ev, { botOpenId: 'ou_bot' })).toMatchObject({ type: 'message', chatType: 'group', text: '请问 @李静 的单位要交什么' });
    // Mentioning only somebody else: not for the bot.
    expect(mapLarkBody(ev, { botOpenId: 'ou_other_bot' })).toMatchObject({ type: 'ignored' });
  });

  it('reads posts with and without a locale wrapper, and refuses other types as text', () => {
    const post = { title: '问题', content: [[{ tag: 'text', text: '自查报告' }, { tag: 'a', text: '交给谁', href: 'https://x' }], [{ tag: 'img', image_key: 'k' }]] };
    expect(readText('post', JSON.stringify(post))).toBe('问题\n自查报告交给谁');
    expect(readText('post', JSON.stringify({ zh_cn: post }))).toBe('问题\n自查报告交给谁');
    expect(readText('image', JSON.stringify({ image_key: 'k' }))).toBeUndefined();
    expect(readText('text', 'not json')).toBeUndefined();
    expect(mapLarkBody(camel({ chatType: 'p2p', messageType: 'sticker', content: '{}' }))).toMatchObject({ type: 'message', text: undefined });
  });

  it('ignores unknown and malformed events instead of failing', () => {
    expect(mapLarkBody({ schema: '2.0', header: { eventId: 'e', eventType: 'contact.user.created_v3' }, event: {} })).toMatchObject({ type: 'ignored' });
    expect(mapLarkBody({ schema: '2.0', header: { eventId: 'e', eventType: 'im.message.receive_v1' }, event: { message: 1 } })).toMatchObject({ type: 'ignored' });
    expect(mapLarkBody({ type: 'event_callback' })).toMatchObject({ type: 'ignored' });
  });
});

describe('Lark cards and text', () => {
  it('shows user-controlled text as plain_text, never as markup', () => {
    const evil = '**粗体** <at id=all></at> [link](https://evil) {"tag":"button"}';
    const card = buildCard({ text: evil, options: [{ label: '<font color=red>是</font>', action: 'cmd:是' }] }, 'tok-12345678');
    const json = JSON.stringify(card);
    expect(json).not.toContain('"tag":"markdown"');
    expect(json).not.toContain('lark_md');
    const els = (card.body as { elements: { tag: string; text: { tag: string; content: string } }[] }).elements;
    expect(els[0]).toEqual({ tag: 'div', text: { tag: 'plain_text', content: evil } });
    expect(els[1]?.text).toEqual({ tag: 'plain_text', content: '<font color=red>是</font>' });
    const chosen = buildChosenCard(evil, { label: 'x', action: 'y' }).body as { elements: { tag: string }[] };
    expect(chosen.elements.map((e) => e.tag)).toEqual(['div', 'hr', 'div']);
  });

  it('neutralises tags in text messages and keeps uuids within 50 characters', () => {
    expect(neutralizeTags('看 <at user_id="all"></at> 和 a<b 以及 1 < 2')).toBe('看 ＜at user_id="all">＜/at> 和 a＜b 以及 1 < 2');
    expect(larkUuid('m:om_short:0')).toBe('m:om_short:0');
    expect(larkUuid(`m:${'x'.repeat(80)}:0`).length).toBeLessThanOrEqual(50);
  });
});

describe('send limiter', () => {
  it('lets one second of messages through, then paces; 0 switches it off', () => {
    let now = 0;
    const lim = new RateLimiter(5, () => now);
    const waits = Array.from({ length: 7 }, () => lim.reserve('u1'));
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(waits[5]).toBe(200);
    expect(waits[6]).toBe(400);
    expect(lim.reserve('u2')).toBe(0);
    now = 2000;
    expect(lim.reserve('u1')).toBe(0);
    const off = new RateLimiter(0);
    expect(Array.from({ length: 100 }, () => off.reserve('x')).every((w) => w === 0)).toBe(true);
  });
});

describe('Lark error classification', () => {
  it('keeps the Lark code of a refused token request and does not retry it', async () => {
    let calls = 0;
    await expect(
      callLark(async () => {
        calls++;
        throw new Error('failed to get tenant_access_token, code: 10014, msg: app secret invalid');
      }),
    ).rejects.toMatchObject({ larkCode: 10014 });
    expect(calls).toBe(1);
  });
});
