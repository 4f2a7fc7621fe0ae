/**
 * A unit's progress in the campaign, as the rest of the product reads it: the self-check, the paper copy,
 * remediation items. The self-check store writes it; "what's due", reminders, staff tools and exports read
 * it through `ProgressReader`. Deliverable completion is derived here, in one place.
 */
import type { Campaign, Deliverable } from './campaign';

export const REMEDIATION_STATUSES = ['open', 'in-progress', 'fixed', 'confirmed', 'reopened'] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

/** Closed = nothing left for the unit to do (fixed and awaiting review counts as closed for reminders). */
export function isRemediationClosed(s: RemediationStatus): boolean {
  return s === 'fixed' || s === 'confirmed';
}

export interface RemediationItem {
  id: string;
  unitId: string;
  /** A negative self-check answer, or a finding registered by staff from technical detection. */
  source: 'selfcheck' | 'finding';
  /** For self-check items: the area and question it came from. */
  areaId?: string;
  questionId?: string;
  /** For findings: the system, severity and detection round. */
  system?: string;
  severity?: 'high' | 'medium' | 'low';
  round?: number;
  /** Short description of the problem. */
  problem: string;
  measure?: string;
  /** YYYY-MM-DD */
  plannedDate?: string;
  status: RemediationStatus;
  note?: string;
  createdAt: string;
  updatedAt: string;
}

export interface SelfCheckProgress {
  /** Answered questions (required and optional). */
  answered: number;
  /** Required questions in the campaign, and how many of them are answered. */
  required: number;
  requiredAnswered: number;
  total: number;
  /** Per area: answered / total. */
  areas: Record<string, { answered: number; total: number }>;
  /** ISO instants. */
  startedAt?: string;
  submittedAt?: string;
  amendedAt?: string;
}

export interface UnitStatus {
  unitId: string;
  selfCheck: SelfCheckProgress;
  /** When staff recorded the sealed paper copy and CD (收到材料). */
  paperReceivedAt?: string;
  /** Deliverables staff marked done by hand (`completion: manual`), id → ISO instant. */
  manualDone: Record<string, string>;
  remediation: RemediationItem[];
}

export interface ProgressReader {
  unitStatus(unitId: string): Promise<UnitStatus>;
  /** Every unit of the campaign, in campaign order. */
  allUnitStatuses(): Promise<UnitStatus[]>;
}

/** When the unit completed the deliverable (ISO instant), or undefined if it has not. */
export function deliverableDoneAt(d: Deliverable, s: UnitStatus): string | undefined {
  switch (d.completion) {
    case 'selfcheck':
      return s.selfCheck.submittedAt;
    case 'paper':
      return s.paperReceivedAt;
    case 'remediation': {
      const findings = s.remediation.filter((r) => r.source === 'finding' || r.source === 'selfcheck');
      if (findings.length === 0) return s.manualDone[d.id];
      if (findings.every((r) => isRemediationClosed(r.status))) {
        return findings.map((r) => r.updatedAt).sort().at(-1);
      }
      return undefined;
    }
    case 'manual':
      return s.manualDone[d.id];
  }
}

/** An empty status for a unit that has not started. */
export function emptyUnitStatus(campaign: Campaign, unitId: string): UnitStatus {
  const areas: SelfCheckProgress['areas'] = {};
  let required = 0;
  let total = 0;
  for (const a of campaign.areas) {
    areas[a.id] = { answered: 0, total: a.questions.length };
    total += a.questions.length;
    required += a.questions.filter((q) => q.required).length;
  }
  return {
    unitId,
    selfCheck: { answered: 0, required, requiredAnswered: 0, total, areas },
    manualDone: {},
    remediation: [],
  };
}
