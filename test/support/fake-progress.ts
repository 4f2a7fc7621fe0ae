/**
 * An in-memory ProgressReader (our own port, not a Redis mock) for tests of "what's due", reminders and
 * broadcasts: start every unit empty, then mark deliverables done or add remediation items.
 */
import type { Campaign } from '../../domain/campaign';
import { emptyUnitStatus, type ProgressReader, type RemediationItem, type UnitStatus } from '../../domain/progress';

export class FakeProgress implements ProgressReader {
  private readonly statuses = new Map<string, UnitStatus>();

  constructor(private readonly campaign: Campaign) {
    for (const u of campaign.units) this.statuses.set(u.id, emptyUnitStatus(campaign, u.id));
  }

  private get(unitId: string): UnitStatus {
    const s = this.statuses.get(unitId);
    if (!s) throw new Error(`unknown unit ${unitId}`);
    return s;
  }

  async unitStatus(unitId: string): Promise<UnitStatus> {
    return structuredClone(this.get(unitId));
  }

  async allUnitStatuses(): Promise<UnitStatus[]> {
    return this.campaign.units.map((u) => structuredClone(this.get(u.id)));
  }

  /** Submit the self-check (completes `completion: selfcheck` deliverables). */
  submitSelfCheck(unitId: string, at: string): this {
    this.get(unitId).selfCheck.submittedAt = at;
    return this;
  }

  receivePaper(unitId: string, at: string): this {
    this.get(unitId).paperReceivedAt = at;
    return this;
  }

  markManual(unitId: string, deliverableId: string, at: string): this {
    this.get(unitId).manualDone[deliverableId] = at;
    return this;
  }

  addRemediation(unitId: string, item: Partial<RemediationItem> & { id: string; problem: string }): this {
    this.get(unitId).remediation.push({ source: 'selfcheck', status: 'open', createdAt: '2016-06-25T00:00:00Z', updatedAt: '2016-06-25T00:00:00Z', ...item, unitId });
    return this;
  }

  setRemediationStatus(unitId: string, itemId: string, status: RemediationItem['status'], at: string): this {
    const r = this.get(unitId).remediation.find((x) => x.id === itemId);
    if (!r) throw new Error(`unknown item ${itemId}`);
    r.status = status;
    r.updatedAt = at;
    return this;
  }
}
