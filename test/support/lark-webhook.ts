/**
 * Builds webhook requests the way Lark sends them: schema 2.0 envelopes, AES-256-CBC encryption with a
 * random IV prepended, and `X-Lark-Signature = sha256(timestamp + nonce + encryptKey + body)`.
 * Checked against Lark's published test vector in test/lark/crypto.test.ts.
 */
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';

export function encryptLark(plaintext: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function signLark(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + body, 'utf8').digest('hex');
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** Encrypt (when a key is given) and sign a payload like Lark does. */
export function larkRequest(payload: unknown, opts: { encryptKey?: string; sign?: boolean } = {}): SignedRequest {
  const json = JSON.stringify(payload);
  if (!opts.encryptKey) return { body: json, headers: { 'content-type': 'application/json' } };
  const body = JSON.stringify({ encrypt: encryptLark(json, opts.encryptKey) });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.sign !== false) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = signLark(timestamp, nonce, opts.encryptKey, body);
  }
  return { body, headers };
}

export interface TextEventOptions {
  openId: string;
  text?: string;
  chatType?: 'p2p' | 'group';
  chatId?: string;
  messageId?: string;
  eventId?: string;
  token?: string;
  appId?: string;
  messageType?: string;
  content?: string;
  mentions?: { key: string; id: { open_id: string }; name: string }[];
}

export function messageEvent(o: TextEventOptions): Record<string, unknown> {
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? `ev_${randomUUID().replace(/-/g, '')}`,
      event_type: 'im.message.receive_v1',
      create_time: String(Date.now()),
      token: o.token ?? 'vtoken',
      app_id: o.appId ?? 'cli_test',
      tenant_key: 'tk_test',
    },
    event: {
      sender: { sender_id: { open_id: o.openId, union_id: `on_${o.openId}` }, sender_type: 'user', tenant_key: 'tk_test' },
      message: {
        message_id: o.messageId ?? `om_${randomUUID().replace(/-/g, '')}`,
        create_time: String(Date.now()),
        chat_id: o.chatId ?? `oc_p2p_${o.openId}`,
        chat_type: o.chatType ?? 'p2p',
        message_type: o.messageType ?? 'text',
        content: o.content ?? JSON.stringify({ text: o.text ?? '' }),
        mentions: o.mentions,
      },
    },
  };
}

export function cardActionEvent(o: {
  openId: string;
  value: unknown;
  messageId?: string;
  chatId?: string;
  eventId?: string;
  token?: string;
}): Record<string, unknown> {
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? `ev_${randomUUID().replace(/-/g, '')}`,
      event_type: 'card.action.trigger',
      create_time: String(Date.now() * 1000),
      token: o.token ?? 'vtoken',
      app_id: 'cli_test',
      tenant_key: 'tk_test',
    },
    event: {
      operator: { open_id: o.openId, union_id: `on_${o.openId}` },
      token: 'c-card-update-token',
      action: { value: o.value, tag: 'button' },
      host: 'im_message',
      context: { open_message_id: o.messageId ?? 'om_card', open_chat_id: o.chatId ?? `oc_p2p_${o.openId}` },
    },
  };
}

export function challengeBody(challenge: string, token = 'vtoken'): Record<string, unknown> {
  return { challenge, token, type: 'url_verification' };
}
