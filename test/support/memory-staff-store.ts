/**
 * In-memory StaffStore and StaffDialogStore: the reference behaviour of the ports in
 * handlers/staff/ports.ts, for unit tests. Not a Redis mock: it keeps plain objects.
 */
import type { Campaign } from '../../domain/campaign';
import { StoreConflictError } from '../../domain/errors';
import { emptyUnitStatus, type RemediationItem, type UnitStatus } from '../../domain/progress';
import type { AuditEntry, NewFinding, RemediationPatch, StaffDialogStore, StaffStore, UpdateResult } from '../../handlers/staff/ports';

export class MemoryStaffStore implements StaffStore {
  private readonly statuses = new Map<string, UnitStatus>();
  private readonly audit = new Map<string, AuditEntry[]>();

  constructor(private readonly campaign: Campaign) {
    for (const u of campaign.units) this.statuses.set(u.id, emptyUnitStatus(campaign, u.id));
  }

  /** Test helper: change a unit's status directly (no audit entry). */
  patchStatus(unitId: string, f: (s: UnitStatus) => void): void {
    f(this.get(unitId));
  }

  /** Test helper: add a self-check problem or any item as is. */
  putItem(item: RemediationItem): void {
    this.get(item.unitId).remediation.push({ ...item });
  }

  private get(unitId: string): UnitStatus {
    const s = this.statuses.get(unitId);
    if (!s) throw new Error(`unknown unit ${unitId}`);
    return s;
  }

  private log(e: AuditEntry): void {
    const list = this.audit.get(e.unitId) ?? [];
    list.push(e);
    this.audit.set(e.unitId, list);
  }

  async unitStatus(unitId: string): Promise<UnitStatus> {
    return structuredClone(this.statuses.get(unitId) ?? emptyUnitStatus(this.campaign, unitId));
  }

  async allUnitStatuses(): Promise<UnitStatus[]> {
    return this.campaign.units.map((u) => structuredClone(this.get(u.id)));
  }

  async addFindings(unitId: string, findings: NewFinding[], by: string, at: string): Promise<RemediationItem[]> {
    return this.addFindingsBatch(findings.map((finding) => ({ unitId, finding })), by, at);
  }

  async addFindingsBatch(rows: { unitId: string; finding: NewFinding }[], by: string, at: string): Promise<RemediationItem[]> {
    for (const r of rows) this.get(r.unitId); // validate every unit before writing anything
    const added: RemediationItem[] = [];
    for (const { unitId, finding: f } of rows) {
      const s = this.get(unitId);
      if (s.remediation.some((i) => i.id === f.id)) continue;
      const item: RemediationItem = {
        id: f.id,
        unitId,
        source: 'finding',
        system: f.system,
        severity: f.severity,
        round: f.round,
        problem: f.problem,
        plannedDate: f.dueDate,
        status: 'open',
        createdAt: at,
        updatedAt: at,
      };
      s.remediation.push(item);
      added.push(structuredClone(item));
      this.log({ at, unitId, by, action: 'finding.add', target: f.id, newValue: JSON.stringify(f) });
    }
    return added;
  }

  async updateRemediation(unitId: string, itemId: string, patch: RemediationPatch, by: string, at: string, expectedStatus?: RemediationItem['status']): Promise<UpdateResult> {
    const s = this.statuses.get(unitId);
    const item = s?.remediation.find((i) => i.id === itemId);
    if (!item) return { ok: false, reason: 'not-found' };
    if (expectedStatus !== undefined && item.status !== expectedStatus) return { ok: false, reason: 'status-changed', current: structuredClone(item) };
    const before = { status: item.status, note: item.note, plannedDate: item.plannedDate };
    if (patch.status !== undefined) item.status = patch.status;
    if (patch.note !== undefined) item.note = patch.note;
    if (patch.plannedDate !== undefined) item.plannedDate = patch.plannedDate;
    item.updatedAt = at;
    const after = { status: item.status, note: item.note, plannedDate: item.plannedDate };
    this.log({ at, unitId, by, action: 'remediation.update', target: itemId, oldValue: JSON.stringify(before), newValue: JSON.stringify(after) });
    return { ok: true, item: structuredClone(item) };
  }

  async recordPaperReceived(unitId: string, at: string, by: string): Promise<void> {
    const s = this.get(unitId);
    const old = s.paperReceivedAt;
    s.paperReceivedAt = at;
    this.log({ at, unitId, by, action: 'paper.received', target: 'paper-materials', oldValue: old, newValue: at });
  }

  async auditEntries(unitId: string): Promise<AuditEntry[]> {
    return structuredClone(this.audit.get(unitId) ?? []);
  }
}

export class MemoryStaffDialogStore implements StaffDialogStore {
  private readonly data = new Map<string, { rev: number; state: unknown }>();

  async load(key: string): Promise<{ rev: number; state: unknown } | undefined> {
    const v = this.data.get(key);
    return v ? structuredClone(v) : undefined;
  }

  async save(key: string, state: unknown, expectedRev: number): Promise<number> {
    const cur = this.data.get(key)?.rev ?? 0;
    if (cur !== expectedRev) throw new StoreConflictError(`dialog ${key}: expected rev ${expectedRev}, found ${cur}`);
    const rev = cur + 1;
    this.data.set(key, { rev, state: structuredClone(state) });
    return rev;
  }

  async clear(key: string): Promise<void> {
    this.data.delete(key);
  }
}
