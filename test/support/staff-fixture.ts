/**
 * A staff-tools test bench: the shipped campaign, the in-memory StaffStore and dialog store, a recording
 * MessageSender and a settable fixed clock; `say(as, text)` / `press(as, action)` run a turn through the
 * router with only help and the staff intent (the other features are tested on their own).
 */
import { join } from 'node:path';
import { loadCampaign } from '../../domain/campaign';
import { silentLogger } from '../../domain/logger';
import type { MessageSender, OutboundMessage } from '../../domain/outbound';
import type { UnitStatus } from '../../domain/progress';
import type { Reply } from '../../domain/reply';
import { fixedClock } from '../../domain/time';
import { helpIntent } from '../../handlers/help';
import { handleTurn } from '../../handlers/router';
import { staffIntent } from '../../handlers/staff/staff-intent';
import type { HandlerDeps } from '../../handlers/types';
import { MemoryStaffDialogStore, MemoryStaffStore } from './memory-staff-store';

export const campaign = loadCampaign(join(__dirname, '../../campaigns/xicheng-2016'));

export function staffBench(now = '2016-07-12T10:00:00+08:00') {
  const store = new MemoryStaffStore(campaign);
  const dialogs = new MemoryStaffDialogStore();
  const sent: OutboundMessage[] = [];
  const sender: MessageSender = {
    send: async (m) => {
      sent.push(m);
      return {};
    },
  };
  const deps: HandlerDeps = { campaign, clock: fixedClock(now, campaign.timezone), logger: silentLogger, staff: store, staffDialogs: dialogs, sender };
  const run = (as: string, text?: string, action?: string): Promise<Reply[]> => handleTurn({ from: { contactId: as }, text, action }, deps, [helpIntent, staffIntent]);
  return {
    store,
    dialogs,
    sent,
    deps,
    setNow(iso: string) {
      deps.clock = fixedClock(iso, campaign.timezone);
    },
    /** All reply texts of a typed message, joined. */
    say: async (as: string, text: string) => (await run(as, text)).map((r) => r.text).join('\n'),
    replies: (as: string, text: string) => run(as, text),
    press: (as: string, action: string) => run(as, undefined, action),
  };
}

/** Mark a unit's self-check: every area fully answered and submitted at `submittedAt` (or partly answered). */
export function setSelfCheck(store: MemoryStaffStore, unitId: string, opts: { submittedAt?: string; answeredAreas?: string[]; partialArea?: string }): void {
  store.patchStatus(unitId, (s: UnitStatus) => {
    const done = opts.answeredAreas ?? (opts.submittedAt ? Object.keys(s.selfCheck.areas) : []);
    let answered = 0;
    for (const [id, a] of Object.entries(s.selfCheck.areas)) {
      a.answered = done.includes(id) ? a.total : id === opts.partialArea ? 1 : 0;
      answered += a.answered;
    }
    s.selfCheck.answered = answered;
    s.selfCheck.requiredAnswered = Math.min(answered, s.selfCheck.required);
    if (answered > 0) s.selfCheck.startedAt = '2016-06-25T09:00:00+08:00';
    if (opts.submittedAt) s.selfCheck.submittedAt = opts.submittedAt;
  });
}
