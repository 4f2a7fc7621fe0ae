/**
 * Lark webhook / long-connection payloads (schema 2.0) mapped to the few fields the bot uses. Input is the
 * body as Bottender hands it to connectors: keys camelCased (`message_id` → `messageId`), `message.content`
 * still a JSON string. Only used fields are parsed (zod); everything unknown is ignored, not an error.
 */
import { z } from 'zod';

export type LarkEvent =
  | {
      type: 'message';
      eventId: string;
      messageId: string;
      chatId: string;
      chatType: 'p2p' | 'group';
      openId: string;
      /** Undefined for message types we cannot read as text. */
      text: string | undefined;
    }
  | { type: 'card'; eventId: string; openId: string; value: unknown; messageId?: string; chatId?: string }
  | { type: 'ignored'; eventId?: string; eventType?: string; reason: string };

const envelope = z.object({
  schema: z.literal('2.0'),
  header: z.object({ eventId: z.string().min(1).max(128), eventType: z.string().min(1).max(128) }),
  event: z.unknown(),
});

const mention = z.object({ key: z.string(), id: z.object({ openId: z.string().optional() }).partial().optional(), name: z.string().optional() });

const messageEvent = z.object({
  sender: z.object({ senderId: z.object({ openId: z.string().min(1).max(128) }), senderType: z.string().optional() }),
  message: z.object({
    messageId: z.string().min(1).max(128),
    chatId: z.string().min(1).max(128),
    chatType: z.string(),
    messageType: z.string(),
    content: z.string().max(200_000),
    mentions: z.array(mention).max(100).nullish(),
  }),
});

const cardEvent = z.object({
  operator: z.object({ openId: z.string().min(1).max(128) }),
  action: z.object({ value: z.unknown() }),
  context: z.object({ openMessageId: z.string().optional(), openChatId: z.string().optional() }).partial().optional(),
});

export interface MapOptions {
  /** The bot's own open_id, when known: only mentions of it count in groups. Unknown: any mention counts. */
  botOpenId?: string;
}

export function mapLarkBody(body: unknown, opts: MapOptions = {}): LarkEvent {
  const env = envelope.safeParse(body);
  if (!env.success) return { type: 'ignored', reason: 'not a schema 2.0 event' };
  const { eventId, eventType } = env.data.header;
  if (eventType === 'im.message.receive_v1') return mapMessage(eventId, env.data.event, opts);
  if (eventType === 'card.action.trigger') {
    const ev = cardEvent.safeParse(env.data.event);
    if (!ev.success) return { type: 'ignored', eventId, eventType, reason: 'malformed card action' };
    return {
      type: 'card',
      eventId,
      openId: ev.data.operator.openId,
      value: ev.data.action.value,
      messageId: ev.data.context?.openMessageId,
      chatId: ev.data.context?.openChatId,
    };
  }
  return { type: 'ignored', eventId, eventType, reason: 'unhandled event type' };
}

function mapMessage(eventId: string, event: unknown, opts: MapOptions): LarkEvent {
  const ev = messageEvent.safeParse(event);
  if (!ev.success) return { type: 'ignored', eventId, eventType: 'im.message.receive_v1', reason: 'malformed message' };
  const { sender, message } = ev.data;
  if (sender.senderType && sender.senderType !== 'user') return { type: 'ignored', eventId, reason: 'not from a user' };
  const chatType = message.chatType === 'p2p' ? 'p2p' : message.chatType === 'group' ? 'group' : undefined;
  if (!chatType) return { type: 'ignored', eventId, reason: `chat type ${message.chatType}` };
  const mentions = message.mentions ?? [];
  const isBot = (m: z.output<typeof mention>) => (opts.botOpenId ? m.id?.openId === opts.botOpenId : true);
  if (chatType === 'group' && !mentions.some(isBot)) return { type: 'ignored', eventId, reason: 'group message without mention' };
  let text = readText(message.messageType, message.content);
  if (text !== undefined) {
    for (const m of mentions) text = text.split(m.key).join(isBot(m) ? '' : `@${m.name ?? ''}`);
    text = text.replace(/[ \t]{2,}/g, ' ').trim();
  }
  return { type: 'message', eventId, messageId: message.messageId, chatId: message.chatId, chatType, openId: sender.senderId.openId, text };
}

const textContent = z.object({ text: z.string() });
const postTag = z.object({ tag: z.string(), text: z.string().optional(), userName: z.string().optional(), user_name: z.string().optional(), userId: z.string().optional(), user_id: z.string().optional() });
const postBody = z.object({ title: z.string().nullish(), content: z.array(z.array(postTag)) });

/** Text of a `text` or `post` message; undefined for other types or unreadable content. */
export function readText(messageType: string, content: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (messageType === 'text') {
    const t = textContent.safeParse(parsed);
    return t.success ? t.data.text : undefined;
  }
  if (messageType !== 'post') return undefined;
  // Received posts are `{title, content}`; sent ones may be wrapped in a locale (`{zh_cn: {...}}`).
  let post = postBody.safeParse(parsed);
  if (!post.success && parsed && typeof parsed === 'object') {
    for (const v of Object.values(parsed)) {
      post = postBody.safeParse(v);
      if (post.success) break;
    }
  }
  if (!post.success) return undefined;
  const lines = post.data.content.map((para) =>
    para
      .map((el) => {
        if (el.tag === 'text' || el.tag === 'a' || el.tag === 'md' || el.tag === 'code_block') return el.text ?? '';
        // Mentions keep their placeholder (`@_user_1`) so the mention logic treats them like text messages.
        if (el.tag === 'at') return el.userId ?? el.user_id ?? '';
        return '';
      })
      .join(''),
  );
  const title = post.data.title?.trim();
  return [title, ...lines].filter((l) => l !== undefined && l !== '').join('\n');
}
