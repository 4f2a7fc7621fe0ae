/**
 * A unit contact's "what's due": their unit's deliverables not yet done (with due dates and days left),
 * open remediation items, what the current phase asks of them, and anything overdue (marked 逾期).
 */
import type { Campaign, Deliverable, Phase } from '../../domain/campaign';
import { deliverableDoneAt, isRemediationClosed, type RemediationItem, type UnitStatus } from '../../domain/progress';
import { cnDate, daysUntil, dayjs, type Dayjs } from '../../domain/time';
import { inPeriod, type Period } from './period';

export interface DueSource {
  section: string;
  title: string;
}

export interface DueAnswer {
  text: string;
  sources: DueSource[];
}

/** "还有 3 天" / "今天截止" / "逾期 2 天". */
export function daysLeftText(days: number): string {
  if (days > 1) return `还有 ${days} 天`;
  if (days === 1) return '明天截止';
  if (days === 0) return '今天截止';
  return `逾期 ${-days} 天`;
}

/** 八（一） → 八、时间安排（一） style title for a clause, using the notice's section heading. */
export function clauseSource(campaign: Campaign, clause: string): DueSource {
  const m = /^([一二三四五六七八九十]+)(（.+）)?$/.exec(clause);
  if (!m) return { section: clause, title: clause };
  const head = new RegExp(`^\\s*${m[1]}、([^\\n，。]{1,20})`, 'm').exec(campaign.noticeText);
  return { section: clause, title: head ? `${m[1]}、${head[1]!.trim()}${m[2] ?? ''}` : clause };
}

export function uniqueSources(xs: DueSource[]): DueSource[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x.section) ? false : (seen.add(x.section), true)));
}

/** Phases in which units act and that overlap the period (for overdue: the phase of today). */
export function phasesFor(campaign: Campaign, p: Period, actor: 'units' | 'staff'): Phase[] {
  const start = p.kind === 'overdue' ? p.today : p.start;
  const end = p.kind === 'overdue' ? p.today : p.end;
  return campaign.phases.filter((ph) => ph.actors.includes(actor) && ph.start <= end && ph.end >= start);
}

function openItems(s: UnitStatus): RemediationItem[] {
  return s.remediation.filter((r) => !isRemediationClosed(r.status));
}

function remLine(r: RemediationItem, now: Dayjs, tz: string): string {
  const when = r.plannedDate ? `计划 ${cnDate(r.plannedDate)} 完成，${daysLeftText(daysUntil(r.plannedDate, now, tz)).replace('截止', '到期')}` : '未填写计划完成日期';
  const late = r.plannedDate && daysUntil(r.plannedDate, now, tz) < 0 ? '【逾期】' : '';
  return `${late}${r.problem}（${when}）`;
}

export function unitDueView(campaign: Campaign, unitName: string, status: UnitStatus, p: Period, now: Dayjs): DueAnswer {
  const tz = campaign.timezone;
  const sources: DueSource[] = [];
  const mine = campaign.deliverables.filter((d) => d.from === 'units');
  const pending = mine.filter((d) => !deliverableDoneAt(d, status));
  const overdue = pending.filter((d) => d.due < p.today);
  const inRange = p.kind === 'overdue' ? [] : pending.filter((d) => inPeriod(d.due, p) && d.due >= p.today);
  const doneInRange = mine.filter((d) => deliverableDoneAt(d, status) && (p.kind === 'overdue' || inPeriod(d.due, p)));
  const items = openItems(status);
  const lateItems = items.filter((r) => r.plannedDate && r.plannedDate < p.today);
  const itemsInRange = p.kind === 'overdue' ? [] : items.filter((r) => r.plannedDate && r.plannedDate >= p.today && inPeriod(r.plannedDate, p));

  const lines: string[] = [`${unitName} · ${p.label}待办`];
  const dlLine = (d: Deliverable, prefix = '') => {
    sources.push(clauseSource(campaign, d.clause));
    return `${prefix}${d.name}：${cnDate(d.due)}截止（${daysLeftText(daysUntil(d.due, now, tz))}），${d.forms.join('、')}报送${campaign.office(d.recipient)?.name ?? ''}（${d.clause}）`;
  };
  if (overdue.length > 0 || lateItems.length > 0) {
    lines.push('', '⚠ 逾期事项：');
    overdue.forEach((d) => lines.push(`- 【逾期】${dlLine(d)}`));
    lateItems.forEach((r) => lines.push(`- ${remLine(r, now, tz)}`));
  }
  if (p.kind !== 'overdue') {
    const overdueInPeriod = overdue.some((d) => inPeriod(d.due, p));
    lines.push('', inRange.length > 0 ? '需要报送的材料：' : overdueInPeriod ? `${p.label}截止的材料已列在上面的逾期事项中，没有其他截止的报送材料。` : `${p.label}没有截止的报送材料。`);
    inRange.forEach((d) => lines.push(`- ${dlLine(d)}`));
    if (inRange.length === 0) {
      const next = pending.filter((d) => d.due > p.end).sort((a, b) => a.due.localeCompare(b.due))[0];
      if (next) lines.push(`下一个截止：${dlLine(next)}`);
    }
    if (itemsInRange.length > 0) {
      lines.push('', '整改事项（计划完成日期在此期间）：');
      itemsInRange.forEach((r) => lines.push(`- ${remLine(r, now, tz)}`));
    }
    const otherOpen = items.length - itemsInRange.length - lateItems.length;
    if (otherOpen > 0) lines.push(`另有 ${otherOpen} 项整改事项未完成${items.some((r) => !r.plannedDate) ? '（部分未填写计划完成日期）' : ''}。`);
    const phases = phasesFor(campaign, p, 'units');
    if (phases.length > 0) {
      // A phase of the period that is already over (on 7月9日, the week's 自查 phase ended 7月8日) says so.
      lines.push('', phases.some((ph) => ph.end < p.today) ? `${p.label}涉及的阶段：` : '当前阶段要求：');
      phases.forEach((ph) => {
        sources.push(clauseSource(campaign, ph.clause));
        const ended = ph.end < p.today ? `，已于${cnDate(ph.end)}结束` : '';
        lines.push(`- ${ph.name}（${cnDate(ph.start)}—${cnDate(ph.end)}，${ph.clause}${ended}）：${ph.summary}`);
      });
    }
  } else if (overdue.length === 0 && lateItems.length === 0) {
    lines.push('', '没有逾期事项。');
  }
  if (doneInRange.length > 0) {
    lines.push('', `已完成：${doneInRange.map((d) => `${d.name}（${cnDate(dayjs(deliverableDoneAt(d, status)).tz(tz).format('YYYY-MM-DD'))}）`).join('、')}`);
  }
  return { text: lines.join('\n'), sources: uniqueSources(sources) };
}
