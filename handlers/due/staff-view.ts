/**
 * The staff view of "what's due": deadlines in the period and how many units are still pending for each
 * (names on request), overdue deliverables and remediation items, and phase changes. Scope per 四: staff
 * see the units their office supervises, plus every unit for deliverables their office receives;
 * district-scope staff see every unit.
 */
import type { Campaign, Contact, Deliverable, Unit } from '../../domain/campaign';
import { deliverableDoneAt, isRemediationClosed, type UnitStatus } from '../../domain/progress';
import { cnDate, daysUntil, type Dayjs } from '../../domain/time';
import { inPeriod, type Period } from './period';
import { clauseSource, daysLeftText, phasesFor, uniqueSources, type DueAnswer, type DueSource } from './unit-view';

/** Units a staff member answers for on a deliverable. */
export function unitsInScope(campaign: Campaign, staff: Contact, d?: Deliverable): Unit[] {
  if (staff.scope === 'district') return campaign.units;
  if (d && d.recipient === staff.office) return campaign.units;
  return campaign.units.filter((u) => u.supervisor === staff.office);
}

/** Units of `units` that have not completed `d`. */
export function pendingUnits(d: Deliverable, units: Unit[], statuses: Map<string, UnitStatus>): Unit[] {
  return units.filter((u) => {
    const s = statuses.get(u.id);
    return !s || !deliverableDoneAt(d, s);
  });
}

function names(units: Unit[], max = 60): string {
  const shown = units.slice(0, max).map((u) => u.name);
  return units.length > max ? `${shown.join('、')} 等 ${units.length} 个` : shown.join('、');
}

export function staffDueView(campaign: Campaign, staff: Contact, statuses: Map<string, UnitStatus>, p: Period, now: Dayjs, withNames: boolean): DueAnswer {
  const tz = campaign.timezone;
  const sources: DueSource[] = [];
  const office = staff.office ? campaign.office(staff.office) : undefined;
  const scopeLabel = staff.scope === 'district' ? '全区' : `${office?.name ?? ''}负责的单位`;
  const lines: string[] = [`检查工作组 · ${p.label}（${scopeLabel}）`];
  const unitDls = campaign.deliverables.filter((d) => d.from === 'units');

  if (p.kind !== 'overdue') {
    const dueNow = unitDls.filter((d) => inPeriod(d.due, p) && d.due >= p.today);
    lines.push('', dueNow.length > 0 ? '期间截止的材料：' : `${p.label}没有单位报送材料截止。`);
    for (const d of dueNow) {
      const scope = unitsInScope(campaign, staff, d);
      const pending = pendingUnits(d, scope, statuses);
      sources.push(clauseSource(campaign, d.clause));
      lines.push(`- ${d.name}：${cnDate(d.due)}截止（${daysLeftText(daysUntil(d.due, now, tz))}，${d.clause}），未完成 ${pending.length}/${scope.length} 个单位`);
      if (withNames && pending.length > 0) lines.push(`  未完成：${names(pending)}`);
    }
    const ours = campaign.deliverables.filter((d) => d.from === 'staff' && inPeriod(d.due, p) && d.due >= p.today);
    ours.forEach((d) => {
      sources.push(clauseSource(campaign, d.clause));
      lines.push(`- 工作组任务：${d.name}，${cnDate(d.due)}截止（${daysLeftText(daysUntil(d.due, now, tz))}，${d.clause}）`);
    });
  }

  const late = unitDls.filter((d) => d.due < p.today);
  const lateLines: string[] = [];
  for (const d of late) {
    const pending = pendingUnits(d, unitsInScope(campaign, staff, d), statuses);
    if (pending.length === 0) continue;
    sources.push(clauseSource(campaign, d.clause));
    lateLines.push(`- 【逾期】${d.name}（${cnDate(d.due)}截止）：${pending.length} 个单位未完成${withNames ? `：${names(pending)}` : ''}`);
  }
  const scopeUnits = unitsInScope(campaign, staff);
  const lateItems = scopeUnits.flatMap((u) =>
    (statuses.get(u.id)?.remediation ?? [])
      .filter((r) => !isRemediationClosed(r.status) && r.plannedDate !== undefined && r.plannedDate < p.today)
      .map((r) => ({ unit: u, r })),
  );
  if (lateItems.length > 0) {
    const byUnit = new Map<string, number>();
    lateItems.forEach(({ unit }) => byUnit.set(unit.name, (byUnit.get(unit.name) ?? 0) + 1));
    lateLines.push(`- 【逾期】整改事项 ${lateItems.length} 项，涉及 ${byUnit.size} 个单位：${[...byUnit].map(([n, c]) => `${n} ${c} 项`).join('、')}`);
  }
  if (lateLines.length > 0) {
    lines.push('', '⚠ 逾期：', ...lateLines);
    if (late.length > 0) lines.push('按通知六（三）、九（一），未及时提交自查报告、未及时反馈整改结果的单位列为现场抽查对象。');
  } else if (p.kind === 'overdue') {
    lines.push('', '没有逾期事项。');
  }

  if (p.kind !== 'overdue') {
    const changes = campaign.phases.filter((ph) => inPeriod(ph.start, p) || inPeriod(ph.end, p));
    if (changes.length > 0) {
      lines.push('', '阶段变化：');
      changes.forEach((ph) => {
        sources.push(clauseSource(campaign, ph.clause));
        const parts = [inPeriod(ph.start, p) ? `${cnDate(ph.start)}开始` : '', inPeriod(ph.end, p) ? `${cnDate(ph.end)}结束` : ''].filter(Boolean);
        lines.push(`- ${ph.name}（${ph.clause}）${parts.join('，')}`);
      });
    } else {
      const current = phasesFor(campaign, p, 'staff');
      if (current.length > 0) lines.push('', `当前阶段：${current.map((ph) => `${ph.name}（${ph.clause}）`).join('、')}`);
    }
  }
  if (!withNames && lines.some((l) => /未完成 [1-9]|个单位未完成/.test(l))) lines.push('', '需要名单请在问题后加“名单”，例如“本周有什么要交的 名单”。');
  return { text: lines.join('\n'), sources: uniqueSources(sources) };
}
