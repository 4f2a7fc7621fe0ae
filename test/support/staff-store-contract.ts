/**
 * The StaffStore contract (handlers/staff/ports.ts) as a reusable jest suite: run it on the in-memory
 * store (test/unit/staff) and on the Redis store (test/integration/staff). Every case is behaviour the
 * staff tools rely on.
 */
import type { Campaign } from '../../domain/campaign';
import { StoreConflictError } from '../../domain/errors';
import type { StaffDialogStore, StaffStore } from '../../handlers/staff/ports';

export interface ContractSubject {
  store: StaffStore;
  cleanup: () => Promise<void>;
}

const AT = '2016-08-10T10:00:00+08:00';
const LATER = '2016-08-11T09:30:00+08:00';
const portal = { id: 'f-portal', system: '门户网站', problem: `SQL注入，"id" 参数\n${'长'.repeat(3000)}`, severity: 'high' as const, round: 2, dueDate: '2016-08-31' };
const oa = { id: 'f-oa', system: 'OA系统', problem: '弱口令', severity: 'low' as const, round: 2, dueDate: '2016-09-15' };

export function staffStoreContract(name: string, campaign: Campaign, make: () => Promise<ContractSubject>): void {
  describe(`StaffStore contract: ${name}`, () => {
    let subject: ContractSubject;
    beforeEach(async () => {
      subject = await make();
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('adds findings as open items with every field whole, audits each, and skips ids already present', async () => {
      const { store } = subject;
      const added = await store.addFindings('jinrongjie', [portal, oa], 'staff-1', AT);
      expect(added.map((i) => i.id).sort()).toEqual(['f-oa', 'f-portal']);
      const s = await store.unitStatus('jinrongjie');
      const item = s.remediation.find((r) => r.id === 'f-portal');
      expect(item).toMatchObject({ unitId: 'jinrongjie', source: 'finding', system: '门户网站', severity: 'high', round: 2, plannedDate: '2016-08-31', status: 'open', problem: portal.problem });
      expect(item?.createdAt).toBe(AT);
      const audit = await store.auditEntries('jinrongjie');
      expect(audit.filter((e) => e.action === 'finding.add').map((e) => [e.by, e.target]).sort()).toEqual([['staff-1', 'f-oa'], ['staff-1', 'f-portal']]);
      expect(await store.addFindings('jinrongjie', [portal], 'staff-2', LATER)).toEqual([]);
      expect((await store.unitStatus('jinrongjie')).remediation).toHaveLength(2);
    });

    it('adds a batch across units all or nothing: an unknown unit writes nothing anywhere', async () => {
      const { store } = subject;
      await expect(store.addFindingsBatch([{ unitId: 'jinrongjie', finding: portal }, { unitId: 'no-such-unit', finding: oa }], 'cli', AT)).rejects.toThrow();
      expect((await store.unitStatus('jinrongjie')).remediation).toEqual([]);
      expect(await store.auditEntries('jinrongjie')).toEqual([]);
      const added = await store.addFindingsBatch([{ unitId: 'jinrongjie', finding: portal }, { unitId: 'quweiban', finding: oa }], 'cli', AT);
      expect(added.map((i) => i.unitId).sort()).toEqual(['jinrongjie', 'quweiban']);
      const all = await store.allUnitStatuses();
      expect(all.map((s) => s.unitId)).toEqual(campaign.units.map((u) => u.id));
      expect(all.find((s) => s.unitId === 'quweiban')?.remediation.map((r) => r.id)).toEqual(['f-oa']);
    });

    it('updates an item only when the expected status matches, and audits old and new values', async () => {
      const { store } = subject;
      await store.addFindings('jinrongjie', [portal], 'staff-1', AT);
      expect(await store.updateRemediation('jinrongjie', 'nope', { status: 'fixed' }, 'jinrongjie-1', LATER)).toEqual({ ok: false, reason: 'not-found' });
      const stale = await store.updateRemediation('jinrongjie', 'f-portal', { status: 'confirmed' }, 'staff-1', LATER, 'fixed');
      expect(stale).toMatchObject({ ok: false, reason: 'status-changed', current: { status: 'open' } });
      const r = await store.updateRemediation('jinrongjie', 'f-portal', { status: 'in-progress', note: '已联系厂商', plannedDate: '2016-08-20' }, 'jinrongjie-1', LATER, 'open');
      expect(r).toMatchObject({ ok: true, item: { status: 'in-progress', note: '已联系厂商', plannedDate: '2016-08-20', updatedAt: LATER, system: '门户网站' } });
      const item = (await store.unitStatus('jinrongjie')).remediation[0];
      expect(item).toMatchObject({ status: 'in-progress', note: '已联系厂商', plannedDate: '2016-08-20', updatedAt: LATER, createdAt: AT });
      const upd = (await store.auditEntries('jinrongjie')).filter((e) => e.action === 'remediation.update');
      expect(upd).toHaveLength(1);
      expect(upd[0]).toMatchObject({ by: 'jinrongjie-1', target: 'f-portal', at: LATER });
      expect(JSON.parse(upd[0]?.oldValue ?? '{}')).toMatchObject({ status: 'open' });
      expect(JSON.parse(upd[0]?.newValue ?? '{}')).toMatchObject({ status: 'in-progress', note: '已联系厂商' });
    });

    it('records the paper copy (overwriting on correction) with audit entries, oldest first', async () => {
      const { store } = subject;
      await store.recordPaperReceived('jinrongjie', '2016-07-08T10:00:00+08:00', 'staff-1');
      await store.recordPaperReceived('jinrongjie', '2016-07-07T09:00:00+08:00', 'staff-admin');
      expect((await store.unitStatus('jinrongjie')).paperReceivedAt).toBe('2016-07-07T09:00:00+08:00');
      const audit = await store.auditEntries('jinrongjie');
      expect(audit.map((e) => [e.action, e.by, e.newValue])).toEqual([
        ['paper.received', 'staff-1', '2016-07-08T10:00:00+08:00'],
        ['paper.received', 'staff-admin', '2016-07-07T09:00:00+08:00'],
      ]);
      expect(audit[1]?.oldValue).toBe('2016-07-08T10:00:00+08:00');
      expect(await store.auditEntries('xichangan')).toEqual([]);
    });
  });
}

export function staffDialogStoreContract(name: string, make: () => Promise<{ store: StaffDialogStore; cleanup: () => Promise<void> }>): void {
  describe(`StaffDialogStore contract: ${name}`, () => {
    let subject: { store: StaffDialogStore; cleanup: () => Promise<void> };
    beforeEach(async () => {
      subject = await make();
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('misses with undefined, saves with revisions, refuses a stale revision, clears', async () => {
      const d = subject.store;
      expect(await d.load('staff-1')).toBeUndefined();
      expect(await d.save('staff-1', { flow: 'x', text: '金融街 "门户"' }, 0)).toBe(1);
      await expect(d.save('staff-1', { flow: 'y' }, 0)).rejects.toBeInstanceOf(StoreConflictError);
      expect(await d.save('staff-1', { flow: 'y' }, 1)).toBe(2);
      expect(await d.load('staff-1')).toEqual({ rev: 2, state: { flow: 'y' } });
      expect(await d.load('staff-2')).toBeUndefined();
      await d.clear('staff-1');
      expect(await d.load('staff-1')).toBeUndefined();
      expect(await d.save('staff-1', { flow: 'z' }, 0)).toBe(1);
    });
  });
}
