/**
 * Bottender connector for Lark. `preprocess` sees the raw request (before Bottender camelCases the body):
 * it decrypts, answers the URL challenge, checks the signature and the Verification Token, and refuses
 * everything else with a status code (Lark's own SDK adapter answers 200 and silently drops; we do not).
 * `mapRequestToEvents` turns the decrypted body into one `LarkEvent` (lark-event.ts).
 */
import { EventEmitter } from 'node:events';
import Context from 'bottender/dist/context/Context';
import { z } from 'zod';
import type { Logger } from '../../domain/logger';
import { decryptLark, verifyLarkSignature } from './crypto';
import { mapLarkBody, type LarkEvent, type MapOptions } from './lark-event';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface PreprocessContext {
  method?: string;
  path?: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody?: Buffer | string;
  body: unknown;
}

export type PreprocessResult = { shouldNext: true; body: Record<string, unknown> } | { shouldNext: false; response: HttpResponse };

export interface LarkConnectorOptions extends MapOptions {
  encryptKey?: string;
  verificationToken?: string;
  logger: Logger;
}

export class LarkBottenderEvent {
  constructor(readonly lark: LarkEvent) {}
  get rawEvent(): LarkEvent {
    return this.lark;
  }
  get isMessage(): boolean {
    return this.lark.type === 'message';
  }
  get isText(): boolean {
    return this.lark.type === 'message' && this.lark.text !== undefined;
  }
  get message(): { text: string } | null {
    return this.lark.type === 'message' && this.lark.text !== undefined ? { text: this.lark.text } : null;
  }
}

// Bottender's Event type wants a JSON rawEvent; ours is a typed union, so the generic is loosened here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class LarkContext extends Context<Record<string, never>, any> {
  get platform(): string {
    return 'lark';
  }
  get larkEvent(): LarkEvent {
    return (this._event as LarkBottenderEvent).lark;
  }
  /** Replies go out through the inbox worker, never inline. */
  async sendText(): Promise<void> {
    throw new Error('LarkContext.sendText is not used: replies go through the inbox worker');
  }
  respond(status: number, body: unknown): void {
    this.response = { status, headers: { 'content-type': 'application/json' }, body };
  }
}

const challengeSchema = z.object({ type: z.literal('url_verification'), challenge: z.string().min(1).max(512), token: z.string().optional() });
const tokenSchema = z.object({ header: z.object({ token: z.string() }).partial().optional(), token: z.string().optional() });

function json(status: number, body: unknown): { shouldNext: false; response: HttpResponse } {
  return { shouldNext: false, response: { status, headers: { 'content-type': 'application/json' }, body } };
}

function header(h: PreprocessContext['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

export class LarkConnector {
  readonly platform = 'lark';
  readonly client: Record<string, never> = {};

  private botOpenId: string | undefined;

  constructor(private readonly opts: LarkConnectorOptions) {
    this.botOpenId = opts.botOpenId;
  }

  /** Learned at start-up from the bot info endpoint (see fetchBotOpenId). */
  setBotOpenId(openId: string | undefined): void {
    this.botOpenId = openId;
  }

  /** Verify and decrypt a webhook request; answers challenges and refusals itself. */
  preprocess(ctx: PreprocessContext): PreprocessResult {
    const log = this.opts.logger;
    const { encryptKey, verificationToken } = this.opts;
    if (!ctx.body || typeof ctx.body !== 'object' || Array.isArray(ctx.body)) return json(400, { error: 'body must be a JSON object' });
    let payload = ctx.body as Record<string, unknown>;
    if ('encrypt' in payload) {
      if (typeof payload.encrypt !== 'string') return json(400, { error: 'bad encrypt field' });
      if (!encryptKey) {
        log.warn({ path: ctx.path }, 'encrypted Lark request but LARK_ENCRYPT_KEY is not set');
        return json(400, { error: 'encrypted body but no encrypt key configured' });
      }
      const dec = decryptLark(payload.encrypt, encryptKey);
      if (!dec.ok) {
        log.warn({ reason: dec.reason }, 'Lark request did not decrypt (wrong LARK_ENCRYPT_KEY or forged)');
        return json(401, { error: 'cannot decrypt' });
      }
      try {
        const inner: unknown = JSON.parse(dec.plaintext);
        if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return json(400, { error: 'decrypted body is not an object' });
        payload = inner as Record<string, unknown>;
      } catch {
        return json(400, { error: 'decrypted body is not JSON' });
      }
    }

    const tokenOk = (given: string | undefined) => !verificationToken || given === verificationToken;

    // URL verification: no signature headers are sent; an encrypted one proves itself by decrypting.
    const challenge = challengeSchema.safeParse(payload);
    if (challenge.success) {
      if (!tokenOk(challenge.data.token)) {
        log.warn({}, 'url_verification with a wrong verification token');
        return json(401, { error: 'bad token' });
      }
      return json(200, { challenge: challenge.data.challenge });
    }

    if (encryptKey) {
      const raw = ctx.rawBody ?? JSON.stringify(ctx.body);
      const ok = verifyLarkSignature(
        { timestamp: header(ctx.headers, 'x-lark-request-timestamp'), nonce: header(ctx.headers, 'x-lark-request-nonce'), signature: header(ctx.headers, 'x-lark-signature') },
        encryptKey,
        raw,
      );
      if (!ok) {
        log.warn({ hasSignature: header(ctx.headers, 'x-lark-signature') !== undefined }, 'Lark request with a bad or missing signature refused');
        return json(401, { error: 'bad signature' });
      }
    }
    if (verificationToken) {
      const t = tokenSchema.safeParse(payload);
      const given = t.success ? (t.data.header?.token ?? t.data.token) : undefined;
      if (!tokenOk(given)) {
        log.warn({}, 'Lark request with a wrong verification token refused');
        return json(401, { error: 'bad token' });
      }
    }
    return { shouldNext: true, body: payload };
  }

  getUniqueSessionKey(): null {
    // No Bottender session: state lives in our own stores; the inbox orders work per chat.
    return null;
  }

  async updateSession(): Promise<void> {}

  mapRequestToEvents(body: unknown): LarkBottenderEvent[] {
    // Always one event: Bottender reads contexts[0].response.
    return [new LarkBottenderEvent(mapLarkBody(body, { botOpenId: this.botOpenId }))];
  }

  createContext(params: { event: LarkBottenderEvent; requestContext?: unknown; emitter?: EventEmitter | null }): LarkContext {
    return new LarkContext({ client: this.client, event: params.event, session: null, initialState: {}, requestContext: params.requestContext, emitter: params.emitter ?? null } as never);
  }
}
