/**
 * Ports the staff tools (进度总览, 登记问题, 收到材料, 复核 …), the unit's 整改 flow and the summary export
 * need beyond `ProgressReader`. `store/` implements them on the self-check store; the in-memory
 * implementation in `test/support/memory-staff-store.ts` is the reference behaviour.
 *
 * Every write appends audit entries in the same atomic step as the change (Redis: one MULTI or Lua
 * script), so the audit log never disagrees with the data.
 *
 * The executable contract is test/support/staff-store-contract.ts (run on the memory stores in
 * test/unit/staff and on RedisSelfCheckStore / RedisStaffDialogStore in test/integration/staff).
 */
import type { ProgressReader, RemediationItem, RemediationStatus } from '../../domain/progress';
import type { Contact } from '../../domain/campaign';
import type { Recipient } from '../../domain/outbound';
import type { Dayjs } from '../../domain/time';
import type { HandlerDeps } from '../types';
import type { StaffScope } from './scope';

/** A finding from technical detection, as staff register it (one row of a detection round). */
export interface NewFinding {
  /**
   * Caller-chosen id, unique within the campaign. Deterministic (dialog id, or a hash of the import row),
   * so a replayed registration or a re-imported file does not create duplicates.
   */
  id: string;
  system: string;
  /** The problem as reported by the detection team. Stored as `RemediationItem.problem`, never shortened. */
  problem: string;
  severity: 'high' | 'medium' | 'low';
  /** Detection round: 1 (June, 八（一）) or 2 (August–September, 八（三）). */
  round: number;
  /** Remediation due date, YYYY-MM-DD; stored as the item's initial `plannedDate`. */
  dueDate: string;
}

/** A change to one remediation item. Absent fields are left as they are. */
export interface RemediationPatch {
  status?: RemediationStatus;
  /** Free text (unit: progress note; staff: the reason for reopening). Replaces the previous note. */
  note?: string;
  /** YYYY-MM-DD */
  plannedDate?: string;
}

export type UpdateResult =
  | { ok: true; item: RemediationItem }
  /** `not-found`: no such item for the unit. `status-changed`: `expectedStatus` did not match (`current` shows it). */
  | { ok: false; reason: 'not-found' | 'status-changed'; current?: RemediationItem };

/** One line of a unit's audit log: who changed what, when, from which value to which. */
export interface AuditEntry {
  /** ISO-8601 instant with offset. */
  at: string;
  unitId: string;
  /** Campaign contact id of the person (or `cli:<name>` for command-line imports). */
  by: string;
  /** What happened, a stable code: `finding.add`, `remediation.update`, `paper.received`, `selfcheck.answer`, … */
  action: string;
  /** What it happened to: a remediation item id, a question id, a deliverable id. */
  target?: string;
  /** Previous and new value, as short readable text (JSON for structured values). */
  oldValue?: string;
  newValue?: string;
}

export interface StaffStore extends ProgressReader {
  /**
   * Add findings to one unit. Findings whose `id` already exists for the unit are skipped (idempotent
   * replay). Appends one `finding.add` audit entry per added finding. Returns the items actually added
   * (status `open`, `source: 'finding'`, `plannedDate = dueDate`, `createdAt = updatedAt = at`).
   * An unknown unit id is a programming error (callers resolve units from the campaign): it throws.
   */
  addFindings(unitId: string, findings: NewFinding[], by: string, at: string): Promise<RemediationItem[]>;

  /**
   * Add a whole detection round across units, all or nothing: either every new row is stored (with its
   * audit entry) or none is (Redis: one MULTI/Lua over every unit touched). Ids that already exist are
   * skipped as in `addFindings`. Throws before writing anything if a unit id is unknown.
   */
  addFindingsBatch(rows: { unitId: string; finding: NewFinding }[], by: string, at: string): Promise<RemediationItem[]>;

  /**
   * Change one remediation item (a finding or a self-check problem). When `expectedStatus` is given and
   * the item's status differs, nothing is written and `{ ok: false, reason: 'status-changed' }` is
   * returned (a stale button, or two people acting at once). On success sets `updatedAt = at` and appends
   * one `remediation.update` audit entry with the old and new status/note/plannedDate.
   */
  updateRemediation(
    unitId: string,
    itemId: string,
    patch: RemediationPatch,
    by: string,
    at: string,
    expectedStatus?: RemediationStatus,
  ): Promise<UpdateResult>;

  /**
   * Record that the sealed paper copy and the CD arrived (`UnitStatus.paperReceivedAt = at`). Overwrites
   * an earlier record (a correction); appends a `paper.received` audit entry with the old and new instant.
   */
  recordPaperReceived(unitId: string, at: string, by: string): Promise<void>;

  /** The unit's audit log, oldest first. An unknown unit or a unit without changes gives `[]`. */
  auditEntries(unitId: string): Promise<AuditEntry[]>;
}

/**
 * Per-person state of the staff and remediation flows (登记问题 steps, 整改 progress input, 复核 reopen
 * reason). `load` gives `undefined` on a miss; `save` throws `StoreConflictError` when `expectedRev` is
 * not the stored revision (`0` = must not exist yet) and returns the new revision; every save sets a TTL
 * (suggested 24 h). `state` is opaque JSON: the handlers validate it with zod on every load.
 */
export interface StaffDialogStore {
  load(key: string): Promise<{ rev: number; state: unknown } | undefined>;
  save(key: string, state: unknown, expectedRev: number): Promise<number>;
  clear(key: string): Promise<void>;
}

/** Sends a generated file (the summary workbook) to a person; bot/ implements it with Lark's file upload. */
export interface FileSender {
  sendFile(to: Recipient, file: { name: string; data: Buffer; mime: string }): Promise<void>;
}

/** What a staff command step works with: the ports, who is acting, their scope per 四, and the turn's time. */
export interface StaffCtx {
  deps: HandlerDeps;
  store: StaffStore;
  dialogs: StaffDialogStore;
  staff: Contact;
  scope: StaffScope;
  now: Dayjs;
}
