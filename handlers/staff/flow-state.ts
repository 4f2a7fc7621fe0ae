/**
 * The per-person state of the staff and remediation flows, validated with zod on every load (a record of
 * an unknown shape is discarded, not misread). One flow per person at a time, keyed by contact id.
 */
import { z } from 'zod';
import { REMEDIATION_STATUSES } from '../../domain/progress';
import { dayjs, type Dayjs } from '../../domain/time';
import type { StaffDialogStore } from './ports';

export const REGISTER_STEPS = ['unit', 'system', 'problem', 'severity', 'round', 'due', 'confirm'] as const;
export type RegisterStep = (typeof REGISTER_STEPS)[number];

const registerState = z.object({
  flow: z.literal('register'),
  /** Dialog id: the finding id derives from it, so a replayed 确认 adds nothing twice. */
  id: z.string().min(1),
  step: z.enum(REGISTER_STEPS),
  data: z.object({
    unitId: z.string().optional(),
    system: z.string().optional(),
    problem: z.string().optional(),
    severity: z.enum(['high', 'medium', 'low']).optional(),
    round: z.number().int().optional(),
    dueDate: z.string().optional(),
  }),
});

const itemRef = {
  unitId: z.string().min(1),
  itemId: z.string().min(1),
  expectedStatus: z.enum(REMEDIATION_STATUSES),
  /** ISO instant the step was opened; a one-question step left unanswered goes stale (see isStale). */
  openedAt: z.string().min(1),
};

/** Minutes after which an unanswered 更新进展 / 已整改 / 退回 step stops taking the person's text. */
export const ITEM_STEP_IDLE_MINUTES = 30;

const flowState = z.discriminatedUnion('flow', [
  registerState,
  z.object({ flow: z.literal('rem-progress'), ...itemRef }),
  z.object({ flow: z.literal('rem-fix'), ...itemRef }),
  z.object({ flow: z.literal('review-reopen'), ...itemRef }),
]);

export type FlowState = z.output<typeof flowState>;
export type RegisterState = z.output<typeof registerState>;

export function flowKey(contactId: string): string {
  return `staff-flow:${contactId}`;
}

export async function loadFlow(store: StaffDialogStore, contactId: string): Promise<{ rev: number; state: FlowState } | undefined> {
  const raw = await store.load(flowKey(contactId));
  if (!raw) return undefined;
  const parsed = flowState.safeParse(raw.state);
  if (!parsed.success) {
    await store.clear(flowKey(contactId));
    return undefined;
  }
  return { rev: raw.rev, state: parsed.data };
}

export async function saveFlow(store: StaffDialogStore, contactId: string, state: FlowState, rev: number): Promise<number> {
  return store.save(flowKey(contactId), state, rev);
}

export async function clearFlow(store: StaffDialogStore, contactId: string): Promise<void> {
  await store.clear(flowKey(contactId));
}

/** Start a flow, replacing whatever flow the person had open. Returns the revision. */
export async function startFlow(store: StaffDialogStore, contactId: string, state: FlowState): Promise<number> {
  await store.clear(flowKey(contactId));
  return store.save(flowKey(contactId), state, 0);
}

/**
 * A one-question step (progress note, fix note, reopen reason) opened more than ITEM_STEP_IDLE_MINUTES ago:
 * the person has moved on (e.g. back to the self-check), so their text must not become a note.
 */
export function isStale(state: FlowState, now: Dayjs): boolean {
  if (state.flow === 'register') return false;
  const opened = dayjs(state.openedAt);
  return !opened.isValid() || now.diff(opened, 'minute') >= ITEM_STEP_IDLE_MINUTES;
}
