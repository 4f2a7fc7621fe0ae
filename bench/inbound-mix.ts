/**
 * The inbound benchmark's load: 1,000 distinct unit contacts (the shipped campaign with generated units, see
 * test/support/big-campaign.ts; open_ids `ou_c00000` …) each following a demo-style script that mixes policy
 * questions, self-check dialogues (start, area jump, answers) and "what's due". Event `i` goes to contact
 * `c = i mod 1000`, so one person's messages are 1,000 events apart (a person waits for the answer before
 * typing again) and every event has its own message_id. Contact `c` is at step `(floor(i / 1000) + c) mod 20`
 * of its script: each person goes through the script in order, but people are at different points of it,
 * as on a real campaign day, so any 2,000 consecutive events hold the whole mix. (Until the fourth session
 * every contact was at the same step, so a 2,000-event slice measured only two of the twenty steps.)
 */
import type { Campaign } from '../domain/campaign';
import { bigCampaign } from '../test/support/big-campaign';
import { larkRequest, messageEvent, type SignedRequest } from '../test/support/lark-webhook';

export const MIX_CONTACTS = 1000;

/** One contact's conversation, repeated from the start when it runs out. */
export const MIX_SCRIPT: readonly string[] = [
  '自查报告交给谁？',
  '开始自查',
  '自查 等级保护',
  '3',
  '2',
  '本周有什么要交的',
  '已全部定级',
  '现场抽查查哪些单位？',
  '是',
  '否',
  '进度',
  '自查报告什么时候截止？',
  '自查 安全管理制度',
  '是',
  '部分',
  '信息安全责任制文件未更新',
  '7月底前修订，由办公室负责',
  '7月29日',
  '本周有什么要交的',
  '继续',
];

let campaignCache: Campaign | undefined;
export function mixCampaign(): Campaign {
  campaignCache ??= bigCampaign(MIX_CONTACTS);
  return campaignCache;
}

export function mixOpenId(contact: number): string {
  return `ou_c${String(contact).padStart(5, '0')}`;
}

export interface MixEvent {
  messageId: string;
  openId: string;
  text: string;
  req: SignedRequest;
}

/** Event number `i` of the mix: signed and encrypted like Lark sends it, with a fresh message_id. */
export function mixEvent(i: number, encryptKey: string, tag: string): MixEvent {
  const contact = i % MIX_CONTACTS;
  const step = (Math.floor(i / MIX_CONTACTS) + contact) % MIX_SCRIPT.length;
  const openId = mixOpenId(contact);
  const text = MIX_SCRIPT[step] as string;
  const messageId = `om_${tag}_${i}_${Math.random().toString(36).slice(2, 10)}`;
  const req = larkRequest(messageEvent({ openId, text, messageId }), { encryptKey });
  return { messageId, openId, text, req };
}

/** Events `from` … `from + n - 1`, built before the clock starts (encryption is the sender's work, not the bot's). */
export function mixEvents(from: number, n: number, encryptKey: string, tag: string): MixEvent[] {
  return Array.from({ length: n }, (_, k) => mixEvent(from + k, encryptKey, tag));
}

/** The inbound message id a reply's Lark `uuid` (`m:<message_id>:<index>[:t]`) belongs to. */
export function messageIdOfUuid(uuid: string | undefined): string | undefined {
  const m = uuid ? /^m:(om_[^:]+):\d+(?::t)?$/.exec(uuid) : null;
  return m?.[1];
}
