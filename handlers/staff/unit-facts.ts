/**
 * Facts about one unit's progress that the staff views, the spot-check ranking and the summary export
 * share: self-check state, per-deliverable completion and lateness, overdue remediation items.
 * Pure functions of (campaign, status, now).
 */
import type { Campaign, Deliverable } from '../../domain/campaign';
import { deliverableDoneAt, isRemediationClosed, type RemediationItem, type UnitStatus } from '../../domain/progress';
import { dayjs, daysUntil, isoDateOf, type Dayjs } from '../../domain/time';

export type SelfCheckState = 'submitted' | 'in-progress' | 'not-started';

export const SELF_CHECK_STATE_LABEL: Record<SelfCheckState, string> = {
  submitted: '已提交',
  'in-progress': '填报中',
  'not-started': '未开始',
};

export function selfCheckState(s: UnitStatus): SelfCheckState {
  if (s.selfCheck.submittedAt) return 'submitted';
  if (s.selfCheck.answered > 0 || s.selfCheck.startedAt) return 'in-progress';
  return 'not-started';
}

export type AreaState = 'done' | 'partial' | 'none';

export function areaState(s: UnitStatus, areaId: string): AreaState {
  const a = s.selfCheck.areas[areaId];
  if (!a || a.answered === 0) return 'none';
  return a.answered >= a.total ? 'done' : 'partial';
}

export const AREA_MARK: Record<AreaState, string> = { done: '●', partial: '◐', none: '○' };

/** Deliverables each unit owes (八（一）、八（三）). */
export function unitDeliverables(campaign: Campaign): Deliverable[] {
  return campaign.deliverables.filter((d) => d.from === 'units');
}

export interface DeliverableFact {
  deliverable: Deliverable;
  /** The unit has nothing to deliver (remediation feedback without any remediation item). */
  notApplicable: boolean;
  doneAt?: string;
  /** Not done and the due date has passed: whole days since the due date (≥ 1). */
  daysOverdue?: number;
  /** Done after the due date: whole days late (≥ 1). */
  daysLate?: number;
}

export function deliverableFact(d: Deliverable, s: UnitStatus, now: Dayjs, tz: string): DeliverableFact {
  const notApplicable = d.completion === 'remediation' && s.remediation.length === 0 && s.manualDone[d.id] === undefined;
  const doneAt = notApplicable ? undefined : deliverableDoneAt(d, s);
  const fact: DeliverableFact = { deliverable: d, notApplicable, doneAt };
  if (notApplicable) return fact;
  if (doneAt) {
    const late = -daysUntil(d.due, dayjs(doneAt), tz);
    if (late > 0) fact.daysLate = late;
  } else {
    const overdue = -daysUntil(d.due, now, tz);
    if (overdue > 0) fact.daysOverdue = overdue;
  }
  return fact;
}

/** Remediation items not closed whose planned date is before today. */
export function overdueItems(s: UnitStatus, now: Dayjs, tz: string): RemediationItem[] {
  const today = isoDateOf(now, tz);
  return s.remediation.filter((r) => !isRemediationClosed(r.status) && r.plannedDate !== undefined && r.plannedDate < today);
}

export function openItems(s: UnitStatus): RemediationItem[] {
  return s.remediation.filter((r) => !isRemediationClosed(r.status));
}

/** `2016-07-08 17:30` in the campaign timezone ('' when absent). */
export function fmtTime(iso: string | undefined, tz: string): string {
  if (!iso) return '';
  const t = dayjs(iso);
  return t.isValid() ? t.tz(tz).format('YYYY-MM-DD HH:mm') : iso;
}

export const SEVERITY_LABEL: Record<'high' | 'medium' | 'low', string> = { high: '高', medium: '中', low: '低' };

export const STATUS_LABEL: Record<RemediationItem['status'], string> = {
  open: '未整改',
  'in-progress': '整改中',
  fixed: '已整改待复核',
  confirmed: '已确认',
  reopened: '已退回',
};
