/**
 * 未提交单位 [材料]: the units in scope that have not completed a deliverable, most overdue first.
 * Without a name it picks the unit deliverable whose due date passed most recently (or, before any
 * deadline, the next one).
 */
import type { Campaign, Deliverable } from '../../domain/campaign';
import type { UnitStatus } from '../../domain/progress';
import type { Reply, ReplyOption } from '../../domain/reply';
import { cnDate, daysUntil, type Dayjs } from '../../domain/time';
import { cmd } from '../help';
import type { StaffScope } from './scope';
import { deliverableFact, SELF_CHECK_STATE_LABEL, selfCheckState, unitDeliverables } from './unit-facts';

function norm(s: string): string {
  return s.normalize('NFKC').replace(/[\s《》<>“”"]/g, '').toLowerCase();
}

/** A unit deliverable by id, name, or a part of its name (自查报告, 纸质, 整改). */
export function findDeliverable(campaign: Campaign, text: string): Deliverable | undefined {
  const t = norm(text);
  if (!t) return undefined;
  const ds = unitDeliverables(campaign);
  return ds.find((d) => d.id === t || norm(d.name) === t) ?? ds.find((d) => t.length >= 2 && norm(d.name).includes(t));
}

export function defaultDeliverable(campaign: Campaign, now: Dayjs): Deliverable | undefined {
  if (unitDeliverables(campaign).length === 0) return undefined;
  // Among deliverables due on the same day, the first in the campaign (自查报告 before 纸质材料).
  const ds = unitDeliverables(campaign);
  const past = ds.filter((d) => daysUntil(d.due, now, campaign.timezone) < 0);
  const pool = past.length > 0 ? past : ds;
  const pick = past.length > 0 ? pool.reduce((a, b) => (b.due > a.due ? b : a)) : pool.reduce((a, b) => (b.due < a.due ? b : a));
  return pick;
}

export function notSubmitted(campaign: Campaign, scope: StaffScope, statuses: UnitStatus[], d: Deliverable, now: Dayjs): Reply {
  const tz = campaign.timezone;
  const byUnit = new Map(statuses.map((s) => [s.unitId, s] as const));
  const missing: { name: string; days?: number; extra: string }[] = [];
  let na = 0;
  for (const u of scope.units) {
    const s = byUnit.get(u.id);
    if (!s) continue;
    const f = deliverableFact(d, s, now, tz);
    if (f.notApplicable) {
      na += 1;
      continue;
    }
    if (f.doneAt) continue;
    const extra = d.completion === 'selfcheck' ? `自查${SELF_CHECK_STATE_LABEL[selfCheckState(s)]} ${s.selfCheck.answered}/${s.selfCheck.total}` : d.completion === 'remediation' ? `未关闭 ${s.remediation.filter((r) => r.status !== 'fixed' && r.status !== 'confirmed').length} 项` : '';
    missing.push({ name: u.name, days: f.daysOverdue, extra });
  }
  missing.sort((a, b) => (b.days ?? 0) - (a.days ?? 0));
  const left = daysUntil(d.due, now, tz);
  const head = `${d.name}（${cnDate(d.due)}截止，${d.clause}${left >= 0 ? `，还有 ${left} 天` : `，已过截止日 ${-left} 天`}）`;
  const lines = [head];
  const applicable = scope.units.length - na;
  if (missing.length === 0) lines.push(`${scope.label}中 ${applicable} 个单位均已完成。`);
  else {
    lines.push(`${scope.label}中未完成 ${missing.length}/${applicable} 个：`);
    missing.forEach((m, i) => lines.push(`${i + 1}. ${m.name} — ${m.days ? `逾期 ${m.days} 天` : '未到期'}${m.extra ? `（${m.extra}）` : ''}`));
  }
  if (na > 0) lines.push(`另有 ${na} 个单位没有整改事项，无需反馈。`);
  const options: ReplyOption[] = unitDeliverables(campaign)
    .filter((x) => x.id !== d.id)
    .map((x) => ({ label: x.name, action: cmd(`未提交单位 ${x.name}`) }));
  return { text: lines.join('\n'), options };
}
