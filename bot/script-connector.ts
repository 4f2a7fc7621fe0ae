/**
 * A Bottender connector for the console and JSON-lines channels: a request body is one turn
 * `{ as, text?, action?, now? }`; the context collects channel-neutral replies and returns them as the
 * synchronous response. Used with `new Bot({ sync: true })`.
 */
import { EventEmitter } from 'node:events';
import Context from 'bottender/dist/context/Context';
import type { Reply } from '../domain/reply';

export type ScriptBody = {
  as: string;
  text?: string;
  action?: string;
  now?: string;
};

export class ScriptEvent {
  constructor(readonly rawEvent: ScriptBody) {}
  get isMessage(): boolean {
    return true;
  }
  get isText(): boolean {
    return this.rawEvent.text !== undefined;
  }
  get message(): { text: string } | null {
    return this.rawEvent.text !== undefined ? { text: this.rawEvent.text } : null;
  }
}

/** The script channel needs no platform client. */
export type ScriptClient = Record<string, never>;

export class ScriptContext extends Context<ScriptClient, ScriptEvent> {
  readonly replies: Reply[] = [];
  get platform(): string {
    return 'console';
  }
  async sendText(text: string): Promise<void> {
    this.replies.push({ text });
  }
  sendReplies(replies: Reply[]): void {
    this.replies.push(...replies);
    this.response = { status: 200, headers: {}, body: { replies: this.replies } };
  }
}

export class ScriptConnector {
  readonly platform = 'console';
  readonly client: ScriptClient = {};

  getUniqueSessionKey(event: ScriptEvent): string | null {
    return event.rawEvent.as;
  }
  async updateSession(): Promise<void> {}
  mapRequestToEvents(body: ScriptBody): ScriptEvent[] {
    return [new ScriptEvent(body)];
  }
  createContext(params: { event: ScriptEvent; session?: Record<string, unknown> | null; initialState?: Record<string, unknown> | null; requestContext?: unknown; emitter?: EventEmitter | null }): ScriptContext {
    return new ScriptContext({ client: this.client, event: params.event, session: params.session ?? null, initialState: params.initialState ?? {}, emitter: params.emitter ?? null } as never);
  }
  /** Bottender's HTTP server calls this (missing from its .d.ts); scripts never go through HTTP. */
  preprocess(): { shouldNext: true } {
    return { shouldNext: true };
  }
}
