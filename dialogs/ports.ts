/**
 * What the self-check dialogue needs from storage, declared here and implemented in store/ (ioredis).
 * Answers belong to the unit; dialog state (where a contact is) belongs to the contact.
 */
import { z } from 'zod';
import type { RemediationItem } from '../domain/progress';
import { answerValueSchema } from './answer-schemas';
import type { DialogState } from './self-check-state';

/** One stored answer. `ver` starts at 1 and grows with every change (compare-and-set). */
export const answerRecordSchema = z.object({
  value: answerValueSchema.optional(),
  /** An optional question the unit chose to skip. */
  skipped: z.literal(true).optional(),
  by: z.string().min(1),
  at: z.string().min(1),
  ver: z.number().int().min(1),
});
export type AnswerRecord = z.output<typeof answerRecordSchema>;

/** Free-text answers at the end of the dialogue (report sections 一 and 四). */
export const CLOSING_FIELDS = ['organisation', 'opinions'] as const;
export type ClosingField = (typeof CLOSING_FIELDS)[number];

export interface UnitMeta {
  startedAt?: string;
  submittedAt?: string;
  submittedBy?: string;
  amendedAt?: string;
  paperReceivedAt?: string;
  manualDone: Record<string, string>;
  organisation?: string;
  opinions?: string;
}

/** Everything about one unit's self-check, read in one round trip. */
export interface UnitSnapshot {
  unitId: string;
  answers: Record<string, AnswerRecord>;
  meta: UnitMeta;
  remediation: RemediationItem[];
}

export interface StoredDialog {
  state: DialogState;
  /** Store revision for compare-and-set; 0 when there is none yet. */
  rev: number;
}

/** One audit entry; the store adds the old value of answers itself. */
export interface AuditEntry {
  kind: 'answer' | 'skip' | 'remediation' | 'submit' | 'amend' | 'closing' | 'paper' | 'manual' | 'finding';
  /** Question id, item id, field, ... */
  ref: string;
  value: string;
}

/** Changes of one turn, written atomically together with the dialog state. */
export interface Effects {
  answer?: { questionId: string; value?: AnswerRecord['value']; skipped?: true; expectedVer: number };
  remediation?: RemediationItem;
  /** Unit meta fields to set (`submittedAt`, `amendedAt`, `organisation`, ...). */
  meta?: Partial<Record<'submittedAt' | 'submittedBy' | 'amendedAt' | ClosingField, string>>;
  /** Meta set only when absent (`startedAt`). */
  metaIfAbsent?: Partial<Record<'startedAt', string>>;
  audit?: AuditEntry[];
}

export type CommitResult =
  | { ok: true; rev: number }
  | { ok: false; conflict: 'answer'; current: AnswerRecord | undefined }
  | { ok: false; conflict: 'dialog' };

export interface SelfCheckStore {
  /** The unit's answers, meta and remediation items plus the contact's dialog, in one round trip. */
  load(unitId: string, contactId: string): Promise<{ unit: UnitSnapshot; dialog: StoredDialog | undefined }>;
  loadUnit(unitId: string): Promise<UnitSnapshot>;
  /**
   * Write the effects and the dialog state in one atomic step: the answer only if its version still is
   * `expectedVer` (0 = unanswered), the dialog only if its revision still is `expectedRev`. Every change is
   * appended to the unit's audit log with who and when.
   */
  commit(unitId: string, contactId: string, by: string, at: string, dialog: { state: DialogState; expectedRev: number } | undefined, effects: Effects): Promise<CommitResult>;
}
