/**
 * The OutreachPort handlers use: the reminder store plus broadcast fan-out into the outbound queue.
 * Fan-out is resumable: the broadcast record is written first (state `fanning`), jobs are added with
 * deterministic ids, then the record becomes `fanned`; `resumeBroadcasts` re-runs unfinished fan-outs
 * after a crash (re-added jobs are no-ops, settled recipients are skipped by the worker).
 */
import type { Campaign } from '../../domain/campaign';
import type { BroadcastDraft, OutreachPort } from '../../handlers/reminders/ports';
import { renderBroadcast } from '../../handlers/reminders/render';
import type { BroadcastRecord, ReminderStore } from '../../store/reminder-store';
import type { OutboundJob, OutboundProducer } from './outbound';

export interface OutreachDeps {
  campaign: Campaign;
  store: ReminderStore;
  /** Lazily obtained: console tools that never broadcast never open a queue connection. */
  producer: () => OutboundProducer;
}

function broadcastJobs(campaign: Campaign, rec: BroadcastRecord): { jobs: OutboundJob[]; missing: string[] } {
  const from = campaign.contact(rec.createdBy)?.name ?? '';
  const reply = renderBroadcast(campaign, from, rec.text);
  const jobs: OutboundJob[] = [];
  const missing: string[] = [];
  for (const contactId of rec.contactIds) {
    const openId = campaign.contact(contactId)?.openId;
    if (!openId) missing.push(contactId);
    else jobs.push({ messageId: rec.id, contactId, kind: 'broadcast', to: { openId }, reply });
  }
  return { jobs, missing };
}

export async function fanOut(deps: OutreachDeps, rec: BroadcastRecord): Promise<void> {
  const { jobs, missing } = broadcastJobs(deps.campaign, rec);
  for (const contactId of missing) {
    if (await deps.store.settled(rec.id, contactId)) continue;
    await deps.store.markFailed(rec.id, contactId, { messageId: rec.id, contactId, kind: 'broadcast', error: '未登记飞书账号（open_id）', attempts: 0, at: new Date().toISOString() });
  }
  await deps.producer().enqueue(jobs);
  await deps.store.setBroadcastState(rec, 'fanned');
}

/** Re-run fan-outs a crash interrupted (records still `fanning`). */
export async function resumeBroadcasts(deps: OutreachDeps): Promise<number> {
  let resumed = 0;
  for (const id of await deps.store.recentBroadcastIds(50)) {
    const rec = await deps.store.broadcast(id);
    if (rec?.state === 'fanning') {
      await fanOut(deps, rec);
      resumed += 1;
    }
  }
  return resumed;
}

export function createOutreach(deps: OutreachDeps): OutreachPort {
  const { store } = deps;
  return {
    snooze: (contactId, until) => store.snooze(contactId, until),
    ack: (contactId) => store.ack(contactId),
    saveDraft: (draft) => store.saveDraft(draft),
    loadDraft: (staffId) => store.loadDraft(staffId),
    clearDraft: (staffId) => store.clearDraft(staffId),
    async startBroadcast(draft: BroadcastDraft) {
      const rec = await store.createBroadcast(draft, draft.contactIds.length);
      if (rec.state === 'fanning') await fanOut(deps, rec);
      return { total: rec.total };
    },
    async broadcasts(limit) {
      const ids = await store.recentBroadcastIds(limit);
      const all = await Promise.all(ids.map((id) => store.broadcastStatus(id)));
      return all.filter((b) => b !== undefined);
    },
    deadLetters: (limit) => store.deadLetters(limit),
    async deliveryActive() {
      return (await deps.producer().queue.getWorkersCount()) > 0;
    },
  };
}
