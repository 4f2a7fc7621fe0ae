/**
 * What reminders and broadcasts need from storage and the outbound queue, declared here (handlers stay
 * pure); store/reminder-store.ts and bot/jobs/outreach.ts implement it.
 */
import { z } from 'zod';

export const broadcastDraftSchema = z.object({
  id: z.string().regex(/^bc-[A-Za-z0-9-]+$/),
  createdBy: z.string().min(1),
  audienceLabel: z.string().min(1),
  unitIds: z.array(z.string()),
  contactIds: z.array(z.string()).min(1),
  text: z.string().min(1).max(2000),
  createdAt: z.string().min(1),
});
export type BroadcastDraft = z.output<typeof broadcastDraftSchema>;

export interface BroadcastStatus {
  id: string;
  createdBy: string;
  audienceLabel: string;
  text: string;
  total: number;
  sent: number;
  failed: number;
  acked: number;
  createdAt: string;
}

/**
 * A message that finally could not be delivered (staff: 投递失败). `reply` is a chat answer the Lark inbox
 * worker could not send; its `contactId` is the open_id when the person is not in the campaign, and it has no
 * `attempts` (a reply may take several Lark calls: card, text fallback, each with retries; the error text
 * says whether retries were used up). Records of the older kinds always carry `attempts`.
 */
export const deadLetterSchema = z.object({
  messageId: z.string(),
  contactId: z.string(),
  kind: z.enum(['reminder', 'broadcast', 'notice', 'reply']),
  error: z.string(),
  attempts: z.number().int().optional(),
  at: z.string(),
});
export type DeadLetter = z.output<typeof deadLetterSchema>;

export interface OutreachPort {
  /** 稍后提醒: hold this person's reminders until `until` (ISO instant). */
  snooze(contactId: string, until: string): Promise<void>;
  /** 收到: acknowledge the last proactive message sent to the person; returns its id, if any. */
  ack(contactId: string, at: string): Promise<string | undefined>;
  /** A staff member's broadcast awaiting confirmation (one per person, expires). */
  saveDraft(draft: BroadcastDraft): Promise<void>;
  loadDraft(staffId: string): Promise<BroadcastDraft | undefined>;
  clearDraft(staffId: string): Promise<void>;
  /** Record the broadcast and fan it out through the outbound queue. Idempotent per draft id. */
  startBroadcast(draft: BroadcastDraft): Promise<{ total: number }>;
  /** Whether any delivery worker (a `serve` process) is connected to the outbound queue right now. */
  deliveryActive(): Promise<boolean>;
  /** Newest first. */
  broadcasts(limit: number): Promise<BroadcastStatus[]>;
  /** Newest first. */
  deadLetters(limit: number): Promise<DeadLetter[]>;
}
