/**
 * Reminder planning, pure: given the campaign, the units' statuses, snoozes and now, which reminders are
 * due now, grouped per person (several reminders become one message). Ids are deterministic so a store
 * can claim each (reminder, person) once:
 *   dl:<deliverable>:<unit>:<offset>   before/at a deadline, to the unit's contacts while it is pending
 *   rem:<unit>:<item>:<offset>         an open remediation item nearing/passing its planned date
 *   esc:<deliverable>:<office>:<days>  after a deadline, to the supervising office's staff (四), late units
 *   snz:<contact>:<until>              the 稍后提醒 follow-up at the next working morning
 * A slot is sendable when it has passed, is not older than `staleAfterHours`, it is not quiet hours, and
 * today is a working day (the day-of-deadline notice goes on any day). Only the newest passed slot of a
 * series is considered, so after downtime a person gets the latest relevant reminder, not a flood.
 */
import type { Campaign, Contact, Deliverable, Unit } from '../../domain/campaign';
import { deliverableDoneAt, isRemediationClosed, type UnitStatus } from '../../domain/progress';
import { cnDate, type Dayjs } from '../../domain/time';
import { WorkCalendar } from './calendar';

export type ReminderKind = 'deadline' | 'remediation' | 'escalation' | 'snooze';

export interface ReminderItem {
  id: string;
  kind: ReminderKind;
  /** ISO instant of the slot. */
  slot: string;
  /** One line of the merged message. */
  line: string;
}

export interface PlannedMessage {
  contactId: string;
  items: ReminderItem[];
}

export interface PlanInput {
  campaign: Campaign;
  statuses: UnitStatus[];
  now: Dayjs;
  /** contactId → ISO instant until which the person snoozed reminders. */
  snoozes?: Map<string, string>;
  /** A passed slot older than this is not sent any more (default 24 h). */
  staleAfterHours?: number;
}

export interface Plan {
  messages: PlannedMessage[];
  /** Why nothing went out, for the dry-run printout. */
  note?: 'quiet-hours' | 'non-working-day';
}

interface Slot {
  offset: number;
  date: string;
  at: Dayjs;
}

/** The newest passed, not stale, sendable slot of a series (or undefined). */
function currentSlot(slots: Slot[], now: Dayjs, staleMs: number, working: boolean, anyDay: (s: Slot) => boolean): Slot | undefined {
  const nowMs = now.valueOf();
  // valueOf comparisons: dayjs isAfter/isBefore on timezone objects re-run the tz conversion each time.
  const passed = slots.filter((s) => s.at.valueOf() <= nowMs).sort((a, b) => b.at.valueOf() - a.at.valueOf());
  const newest = passed[0];
  if (!newest || now.valueOf() - newest.at.valueOf() >= staleMs) return undefined;
  return working || anyDay(newest) ? newest : undefined;
}

export function contactsByUnit(campaign: Campaign): Map<string, Contact[]> {
  const m = new Map<string, Contact[]>();
  for (const c of campaign.contacts) if (c.role === 'contact' && c.unit) m.set(c.unit, [...(m.get(c.unit) ?? []), c]);
  return m;
}

function deadlineSlots(cal: WorkCalendar, d: Deliverable, offsets: number[]): Slot[] {
  const seen = new Set<string>();
  const out: Slot[] = [];
  for (const offset of [...offsets].sort((a, b) => a - b)) {
    // The day itself stays put (sent even on a weekend); earlier reminders move back to a working day.
    const date = offset === 0 ? d.due : cal.workingDayFrom(cal.addDays(d.due, -offset), -1);
    if (seen.has(date)) continue;
    seen.add(date);
    out.push({ offset, date, at: cal.at(date) });
  }
  return out;
}

function dueText(days: number): string {
  return days > 1 ? `还有 ${days} 天` : days === 1 ? '明天截止' : days === 0 ? '今天截止' : `已逾期 ${-days} 天`;
}

/** One calendar per campaign, so its memo of timezone computations survives between sweeps. */
const calendars = new WeakMap<Campaign, WorkCalendar>();
function calendarFor(campaign: Campaign): WorkCalendar {
  let cal = calendars.get(campaign);
  if (!cal) calendars.set(campaign, (cal = new WorkCalendar(campaign.reminders, campaign.timezone)));
  return cal;
}

export function planReminders(input: PlanInput): Plan {
  const { campaign, now } = input;
  const policy = campaign.reminders;
  const tz = campaign.timezone;
  const cal = calendarFor(campaign);
  const staleMs = (input.staleAfterHours ?? 24) * 3600_000;
  const local = now.tz(tz);
  if (cal.isQuiet(local)) return { messages: [], note: 'quiet-hours' };
  const today = local.format('YYYY-MM-DD');
  const working = cal.isWorkingDay(today);
  const statusOf = new Map(input.statuses.map((s) => [s.unitId, s]));
  const contacts = contactsByUnit(campaign);
  const perContact = new Map<string, ReminderItem[]>();
  const push = (contactIds: string[], item: ReminderItem) => contactIds.forEach((c) => perContact.set(c, [...(perContact.get(c) ?? []), item]));
  const pendingOf = (d: Deliverable, u: Unit) => {
    const s = statusOf.get(u.id);
    return !s || !deliverableDoneAt(d, s);
  };

  for (const d of campaign.deliverables.filter((x) => x.from === 'units')) {
    const slot = currentSlot(deadlineSlots(cal, d, policy.offsetsDays), now, staleMs, working, (s) => s.offset === 0);
    if (slot) {
      const line = `${d.name}：${cnDate(d.due)}截止（${dueText(cal.daysBetween(today, d.due))}），${d.forms.join('、')}报送${campaign.office(d.recipient)?.name ?? ''}（${d.clause}）`;
      const slotIso = slot.at.toISOString();
      for (const u of campaign.units) {
        if (!pendingOf(d, u)) continue;
        push((contacts.get(u.id) ?? []).map((c) => c.id), { id: `dl:${d.id}:${u.id}:${slot.offset}`, kind: 'deadline', slot: slotIso, line });
      }
    }
    // Escalation to the supervising office after the deadline, listing its late units.
    const escSlots = policy.escalateAfterDays.map((a) => {
      const date = cal.workingDayFrom(cal.addDays(d.due, a), 1);
      return { offset: a, date, at: cal.at(date) };
    });
    const esc = currentSlot(escSlots, now, staleMs, working, () => false);
    if (esc) {
      const late = campaign.units.filter((u) => pendingOf(d, u));
      for (const office of campaign.offices) {
        const mine = late.filter((u) => u.supervisor === office.id);
        if (mine.length === 0) continue;
        const staff = campaign.contacts.filter((c) => c.role === 'staff' && c.office === office.id).map((c) => c.id);
        const names = mine.slice(0, 40).map((u) => u.name).join('、') + (mine.length > 40 ? ` 等 ${mine.length} 个` : '');
        push(staff, {
          id: `esc:${d.id}:${office.id}:${esc.offset}`,
          kind: 'escalation',
          slot: esc.at.toISOString(),
          line: `【逾期】${d.name}（${cnDate(d.due)}截止）仍有 ${mine.length} 个${office.name}负责的单位未完成：${names}。按六（三）、九（一），这些单位列为现场抽查候选。`,
        });
      }
    }
  }

  for (const s of input.statuses) {
    const unitContacts = (contacts.get(s.unitId) ?? []).map((c) => c.id);
    if (unitContacts.length === 0) continue;
    for (const r of s.remediation) {
      if (isRemediationClosed(r.status) || !r.plannedDate) continue;
      const planned = r.plannedDate;
      const slots = policy.remediationOffsetsDays.map((k) => {
        const date = cal.workingDayFrom(cal.addDays(planned, -k), k > 0 ? -1 : 1);
        return { offset: k, date, at: cal.at(date) };
      });
      const slot = currentSlot(slots, now, staleMs, working, () => false);
      if (!slot) continue;
      const days = cal.daysBetween(today, planned);
      const state = days < 0 ? `计划 ${cnDate(planned)} 完成，已逾期 ${-days} 天` : days === 0 ? `计划今天（${cnDate(planned)}）完成` : `计划 ${cnDate(planned)} 完成，还有 ${days} 天`;
      push(unitContacts, { id: `rem:${s.unitId}:${r.id}:${slot.offset}`, kind: 'remediation', slot: slot.at.toISOString(), line: `整改事项“${r.problem}”：${state}` });
    }
  }

  // 稍后提醒: a follow-up at the snooze time with what is still pending (deliverables already in a deadline
  // line of the same message are not repeated).
  const snzParts = new Map<string, { until: string; parts: { deliverableId: string; text: string }[] }>();
  for (const [contactId, until] of input.snoozes ?? []) {
    const c = campaign.contact(contactId);
    const untilMs = Date.parse(until);
    if (!c || Number.isNaN(untilMs) || now.valueOf() < untilMs || now.valueOf() - untilMs >= staleMs || !working) continue;
    const u = c.unit ? campaign.unit(c.unit) : undefined;
    if (!u) continue;
    const horizon = Math.max(...policy.offsetsDays, 0);
    const parts = campaign.deliverables
      .filter((d) => d.from === 'units' && pendingOf(d, u) && cal.daysBetween(today, d.due) <= horizon)
      .map((d) => ({ deliverableId: d.id, text: `${d.name}：${cnDate(d.due)}截止（${dueText(cal.daysBetween(today, d.due))}）` }));
    snzParts.set(contactId, { until, parts });
  }

  const messages: PlannedMessage[] = [];
  for (const contactId of new Set([...perContact.keys(), ...snzParts.keys()])) {
    const until = input.snoozes?.get(contactId);
    if (until !== undefined && now.valueOf() < Date.parse(until)) continue;
    const items = perContact.get(contactId) ?? [];
    const snz = snzParts.get(contactId);
    if (snz) {
      const covered = new Set(items.filter((i) => i.kind === 'deadline').map((i) => i.id.split(':')[1]));
      const rest = snz.parts.filter((p) => !covered.has(p.deliverableId));
      const line = rest.length > 0 ? `您之前选择了稍后提醒，以下事项仍待完成：${rest.map((p) => p.text).join('；')}` : '您之前选择了稍后提醒，现提醒如下。';
      if (rest.length > 0 || items.length > 0) items.unshift({ id: `snz:${contactId}:${snz.until.slice(0, 16)}`, kind: 'snooze', slot: snz.until, line });
    }
    if (items.length > 0) messages.push({ contactId, items });
  }
  return { messages, note: messages.length === 0 && !working ? 'non-working-day' : undefined };
}
