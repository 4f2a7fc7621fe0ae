/**
 * A contact's place in the self-check dialogue. Stored per contact (versioned), validated on every read;
 * a record with an unknown `v` is discarded and the contact starts from the menu (answers are unaffected).
 */
import { z } from 'zod';

export const PHASES = ['idle', 'menu', 'question', 'na-reason', 'followup', 'closing', 'confirm-submit', 'confirm-cancel'] as const;
export type Phase = (typeof PHASES)[number];

export const dialogStateSchema = z.object({
  v: z.literal(1),
  unitId: z.string().min(1),
  phase: z.enum(PHASES),
  /** The area the contact is in (also after finishing it, for 修改第N题 / 查看答案). */
  areaId: z.string().optional(),
  /** The open question (phases question, na-reason, followup). */
  questionId: z.string().optional(),
  /** fill: next unanswered question; review: next question in order. */
  mode: z.enum(['fill', 'review']).default('fill'),
  /** After 修改第N题: the question to return to. */
  returnTo: z.string().optional(),
  /** Failed attempts at the open prompt. */
  attempts: z.number().int().min(0).default(0),
  /** The answer version the contact saw when the question was shown (0 = unanswered). */
  seenVer: z.number().int().min(0).default(0),
  followUpIndex: z.number().int().min(0).default(0),
  /** Follow-up answers so far, by follow-up id (dates as YYYY-MM-DD). */
  draft: z.record(z.string(), z.string()).default({}),
  closingIndex: z.number().int().min(0).default(0),
  /** The phase to return to when 取消 is not confirmed. */
  prevPhase: z.enum(PHASES).optional(),
  paused: z.boolean().default(false),
  /** Prompt counter: option actions carry it, so presses on older prompts are recognised as stale. */
  n: z.number().int().min(0).default(0),
  /**
   * Options ticked so far on a multiple-choice question (pressing an option ticks or unticks it; 完成选择
   * answers). Valid only for question `q` at prompt `n`: any other step makes them stale.
   */
  picked: z.object({ q: z.string(), n: z.number().int().min(0), i: z.array(z.number().int().min(0).max(50)).max(51) }).optional(),
});
export type DialogState = z.output<typeof dialogStateSchema>;

export function initialState(unitId: string): DialogState {
  return { v: 1, unitId, phase: 'idle', mode: 'fill', attempts: 0, seenVer: 0, followUpIndex: 0, draft: {}, closingIndex: 0, paused: false, n: 0 };
}

/** True when a prompt is waiting for this contact's answer (typed text goes to it). */
export function isOpen(s: DialogState | undefined): boolean {
  return s !== undefined && s.phase !== 'idle' && s.phase !== 'menu' && !s.paused;
}

/** The options ticked at the open multiple-choice prompt (stale picks, from another question or prompt, are none). */
export function pickedNow(s: DialogState): number[] {
  return s.picked && s.picked.q === s.questionId && s.picked.n === s.n ? s.picked.i : [];
}
