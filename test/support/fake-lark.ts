/**
 * A fake Lark Open API on loopback for tests and benchmarks: the real SDK `Client` talks to it via
 * `domain: fake.url`. It serves the tenant token, message create / reply / patch, card update and bot info,
 * records what was sent (de-duplicating on `uuid` like Lark does for 1 h), and can be scripted to fail:
 * 429 with `x-ogw-ratelimit-reset`, 5xx, a Lark business code (e.g. 230020), or a hang.
 *
 * What it does not model: real rate limits, token expiry, card schema validation, message ids per chat.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { boundaryOf, parseMultipart } from './multipart';

export interface SentMessage {
  kind: 'create' | 'reply';
  /** open_id / chat_id for create; the replied-to message id for reply. */
  target: string;
  receiveIdType?: string;
  msgType: string;
  content: string;
  uuid?: string;
  messageId: string;
}

/** A file uploaded with `POST /open-apis/im/v1/files` (multipart). */
export interface UploadedFile {
  fileKey: string;
  /** `file_type`: xls, doc, pdf, ppt, stream, … */
  fileType: string;
  name: string;
  size: number;
  data: Buffer;
}

export type Failure =
  | { status: 429; resetSec: number }
  | { status: 500 | 502 | 503 }
  | { status: 200 | 400; code: number }
  | { hang: true };

export interface ScriptedFailure {
  failure: Failure;
  /** Only requests matching this (default: any message send). */
  match?: (req: { path: string; body: Record<string, unknown> }) => boolean;
}

export class FakeLark {
  readonly messages: SentMessage[] = [];
  readonly patches: { messageId: string; content: string }[] = [];
  readonly cardUpdates: unknown[] = [];
  /** Files uploaded (`im/v1/files`); sent as `msg_type: 'file'` messages, recorded in `messages`. */
  readonly uploads: UploadedFile[] = [];
  tokenRequests = 0;
  /** Long-connection endpoint discoveries, and the answer given (default: a non-retryable refusal). */
  wsEndpointRequests = 0;
  wsEndpointReply: { code: number; msg: string } = { code: 1000040350, msg: 'too many connections' };
  /** Every request to a message endpoint, including failed and de-duplicated ones. */
  sendAttempts = 0;
  botOpenId = 'ou_fake_bot';
  private readonly failures: ScriptedFailure[] = [];
  private readonly byUuid = new Map<string, string>();
  private readonly sockets = new Set<Socket>();
  private readonly waiters: { n: number; resolve: () => void }[] = [];
  private server: Server | undefined;
  private seq = 0;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    const addr = this.server.address();
    this.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The next matching message send(s) fail this way (each entry is used once). */
  failNext(failure: Failure, match?: ScriptedFailure['match']): void {
    this.failures.push({ failure, match });
  }

  /** Resolves when at least `n` messages have been recorded. */
  waitForMessages(n: number, timeoutMs = 5000): Promise<SentMessage[]> {
    if (this.messages.length >= n) return Promise.resolve(this.messages);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`fake Lark: ${this.messages.length} of ${n} messages after ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(t);
          resolve(this.messages);
        },
      });
    });
  }

  /** Texts of recorded messages (cards: their plain_text elements joined). */
  texts(): string[] {
    return this.messages.map((m) => messageText(m));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method === 'POST' && (req.url ?? '').split('?')[0] === '/open-apis/im/v1/files') return this.handleUpload(req, res, Buffer.concat(chunks));
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = rawBody ? (JSON.parse(rawBody) as Record<string, unknown>) : {};
    } catch {
      return send(res, 400, { code: 9499, msg: 'bad json' });
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    if (req.method === 'POST' && path === '/open-apis/auth/v3/tenant_access_token/internal') {
      this.tokenRequests++;
      if (!body.app_id || !body.app_secret) return send(res, 200, { code: 10003, msg: 'invalid param' });
      return send(res, 200, { code: 0, msg: 'ok', tenant_access_token: `t-fake-${this.tokenRequests}`, expire: 7200 });
    }
    if (req.method === 'POST' && path === '/callback/ws/endpoint') {
      this.wsEndpointRequests++;
      return send(res, 200, { ...this.wsEndpointReply, data: {} });
    }
    if (!String(req.headers.authorization ?? '').startsWith('Bearer t-fake-')) return send(res, 401, { code: 99991663, msg: 'invalid token' });
    if (req.method === 'GET' && path === '/open-apis/bot/v3/info') return send(res, 200, { code: 0, msg: 'ok', bot: { open_id: this.botOpenId, app_name: 'fake' } });

    const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
    const isCreate = req.method === 'POST' && path === '/open-apis/im/v1/messages';
    if (isCreate || (req.method === 'POST' && reply)) {
      this.sendAttempts++;
      const idx = this.failures.findIndex((f) => !f.match || f.match({ path, body }));
      if (idx >= 0) {
        const [f] = this.failures.splice(idx, 1);
        const failure = f?.failure;
        if (failure && 'hang' in failure) return; // never answer
        if (failure && failure.status === 429) {
          res.setHeader('x-ogw-ratelimit-reset', String(failure.resetSec));
          return send(res, 429, { code: 99991400, msg: 'request trigger frequency limit' });
        }
        if (failure && 'code' in failure) return send(res, failure.status, { code: failure.code, msg: 'scripted failure' });
        if (failure) return send(res, failure.status, { code: 1, msg: 'internal error' });
      }
      const uuid = typeof body.uuid === 'string' ? body.uuid : undefined;
      const known = uuid ? this.byUuid.get(uuid) : undefined;
      if (known) return send(res, 200, { code: 0, msg: 'ok', data: { message_id: known } });
      const messageId = `om_fake_${++this.seq}`;
      if (uuid) this.byUuid.set(uuid, messageId);
      this.messages.push({
        kind: isCreate ? 'create' : 'reply',
        target: isCreate ? String(body.receive_id) : String(reply?.[1]),
        receiveIdType: url.searchParams.get('receive_id_type') ?? undefined,
        msgType: String(body.msg_type),
        content: String(body.content),
        uuid,
        messageId,
      });
      for (const w of this.waiters.splice(0)) {
        if (this.messages.length >= w.n) w.resolve();
        else this.waiters.push(w);
      }
      return send(res, 200, { code: 0, msg: 'ok', data: { message_id: messageId, chat_id: 'oc_fake' } });
    }
    const patch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(path);
    if (req.method === 'PATCH' && patch) {
      this.patches.push({ messageId: String(patch[1]), content: String(body.content) });
      return send(res, 200, { code: 0, msg: 'ok', data: {} });
    }
    if (req.method === 'POST' && path === '/open-apis/interactive/v1/card/update') {
      this.cardUpdates.push(body);
      return send(res, 200, { code: 0, msg: 'ok' });
    }
    return send(res, 404, { code: 404, msg: 'not found' });
  }

  /**
   * File upload. Scripted failures apply only when their `match` accepts `{ path: '/open-apis/im/v1/files' }`
   * (so a plain `failNext` still targets message sends). Like Lark, refuses empty and over-30-MB files
   * (HTTP 400; the codes here are not checked against Lark's).
   */
  private handleUpload(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    if (!String(req.headers.authorization ?? '').startsWith('Bearer t-fake-')) return send(res, 401, { code: 99991663, msg: 'invalid token' });
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) return send(res, 400, { code: 234001, msg: 'not multipart' });
    const parts = parseMultipart(raw, boundary);
    const field = (n: string) => parts.find((p) => p.name === n)?.data;
    const body = { file_type: field('file_type')?.toString('utf8'), file_name: field('file_name')?.toString('utf8') };
    const path = '/open-apis/im/v1/files';
    const idx = this.failures.findIndex((f) => f.match?.({ path, body }) === true);
    if (idx >= 0) {
      const [f] = this.failures.splice(idx, 1);
      const failure = f?.failure;
      if (failure && 'hang' in failure) return;
      if (failure && failure.status === 429) {
        res.setHeader('x-ogw-ratelimit-reset', String(failure.resetSec));
        return send(res, 429, { code: 99991400, msg: 'request trigger frequency limit' });
      }
      if (failure && 'code' in failure) return send(res, failure.status, { code: failure.code, msg: 'scripted failure' });
      if (failure) return send(res, failure.status, { code: 1, msg: 'internal error' });
    }
    const data = field('file');
    if (!body.file_type || !body.file_name || !data) return send(res, 400, { code: 234001, msg: 'invalid param' });
    if (data.length === 0 || data.length > 30 * 1024 * 1024) return send(res, 400, { code: 234006, msg: 'file size exceeds limit or is empty' });
    const fileKey = `file_v2_fake_${++this.seq}`;
    this.uploads.push({ fileKey, fileType: body.file_type, name: body.file_name, size: data.length, data: Buffer.from(data) });
    return send(res, 200, { code: 0, msg: 'ok', data: { file_key: fileKey } });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/** The human-readable text of a recorded message (cards: their non-button text elements). */
export function messageText(m: SentMessage): string {
  const c = JSON.parse(m.content) as { text?: string; body?: { elements?: { tag?: string; text?: { content?: string } }[] } };
  if (m.msgType === 'text') return String(c.text);
  if (m.msgType === 'file') return `[file ${String((c as { file_key?: string }).file_key)}]`;
  return (c.body?.elements ?? [])
    .filter((e) => e.tag !== 'button' && typeof e.text?.content === 'string')
    .map((e) => e.text?.content)
    .join('\n');
}

/** The buttons of a recorded card message: label and callback value. */
export function cardButtons(m: SentMessage): { label: string; value: { a: string; t: string } }[] {
  if (m.msgType !== 'interactive') return [];
  const c = JSON.parse(m.content) as { body?: { elements?: Record<string, unknown>[] } };
  return (c.body?.elements ?? [])
    .filter((e) => e.tag === 'button')
    .map((e) => ({
      label: String((e.text as { content?: string } | undefined)?.content),
      value: ((e.behaviors as { value: { a: string; t: string } }[] | undefined) ?? [])[0]?.value ?? { a: '', t: '' },
    }));
}
