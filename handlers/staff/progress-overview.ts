/**
 * 进度总览 (units × areas, compact) and the detail of one unit (typing its name).
 */
import type { Campaign, Unit } from '../../domain/campaign';
import type { UnitStatus } from '../../domain/progress';
import type { Reply, ReplyOption } from '../../domain/reply';
import { cnDate, type Dayjs } from '../../domain/time';
import { cmd } from '../help';
import type { AuditEntry } from './ports';
import type { StaffScope } from './scope';
import {
  AREA_MARK,
  areaState,
  deliverableFact,
  fmtTime,
  openItems,
  overdueItems,
  SELF_CHECK_STATE_LABEL,
  selfCheckState,
  SEVERITY_LABEL,
  STATUS_LABEL,
  unitDeliverables,
} from './unit-facts';

function pct(answered: number, total: number): string {
  return total === 0 ? '—' : `${Math.round((answered / total) * 100)}%`;
}

export function progressOverview(campaign: Campaign, scope: StaffScope, statuses: UnitStatus[], now: Dayjs): Reply {
  const byUnit = new Map(statuses.map((s) => [s.unitId, s] as const));
  const counts = { submitted: 0, 'in-progress': 0, 'not-started': 0 };
  const rows: string[] = [];
  for (const u of scope.units) {
    const s = byUnit.get(u.id);
    if (!s) continue;
    const state = selfCheckState(s);
    counts[state] += 1;
    const marks = campaign.areas.map((a) => AREA_MARK[areaState(s, a.id)]).join('');
    const open = openItems(s).length;
    const overdue = overdueItems(s, now, campaign.timezone).length;
    const tail = [
      s.paperReceivedAt ? '纸质✓' : '',
      open > 0 ? `问题${open}` : '',
      overdue > 0 ? `逾期${overdue}` : '',
    ].filter(Boolean).join(' ');
    rows.push(`${u.name} ${marks} ${SELF_CHECK_STATE_LABEL[state]} ${pct(s.selfCheck.answered, s.selfCheck.total)}${tail ? ` ${tail}` : ''}`);
  }
  const legend = campaign.areas.map((a, i) => `${i + 1}${a.short}`).join(' ');
  const lines = [
    `进度总览（${scope.label}，${scope.units.length} 个，截至 ${cnDate(now.tz(campaign.timezone).format('YYYY-MM-DD'))}）`,
    `已提交 ${counts.submitted}，填报中 ${counts['in-progress']}，未开始 ${counts['not-started']}`,
    `检查内容：${legend}（● 完成 ◐ 部分 ○ 未填）`,
    ...rows,
  ];
  if (scope.crossAreas.length > 0) lines.push('', ...crossAreaLines(campaign, scope, statuses));
  lines.push('', '输入单位名称查看详情；“未提交单位”查看逾期；“抽查候选”查看建议抽查的单位。');
  const options: ReplyOption[] = [
    { label: '未提交单位', action: cmd('未提交单位') },
    { label: '抽查候选', action: cmd('抽查候选') },
    { label: '复核', action: cmd('复核') },
  ];
  return { text: lines.join('\n'), options };
}

/** 四（一）: the crypto bureau follows the intranet and cryptography areas in every unit. */
function crossAreaLines(campaign: Campaign, scope: StaffScope, statuses: UnitStatus[]): string[] {
  const out = ['四（一）全区情况（所有单位）：'];
  for (const areaId of scope.crossAreas) {
    const area = campaign.area(areaId);
    if (!area) continue;
    let done = 0;
    let partial = 0;
    let none = 0;
    for (const s of statuses) {
      const st = areaState(s, areaId);
      if (st === 'done') done += 1;
      else if (st === 'partial') partial += 1;
      else none += 1;
    }
    out.push(`${area.short}：完成 ${done}，部分 ${partial}，未填 ${none}`);
  }
  return out;
}

export function unitDetail(campaign: Campaign, unit: Unit, s: UnitStatus, audit: AuditEntry[], now: Dayjs): Reply {
  const tz = campaign.timezone;
  const office = campaign.office(unit.supervisor);
  const sc = s.selfCheck;
  const lines = [
    `${unit.name}（${unit.kind}，${office?.name ?? unit.supervisor}负责，重要信息系统 ${unit.importantSystems} 个）`,
    `自查：${SELF_CHECK_STATE_LABEL[selfCheckState(s)]}，已答 ${sc.answered}/${sc.total}（必答 ${sc.requiredAnswered}/${sc.required}）`,
  ];
  if (sc.submittedAt) lines.push(`提交时间：${fmtTime(sc.submittedAt, tz)}${sc.amendedAt ? `，最近修改 ${fmtTime(sc.amendedAt, tz)}` : ''}`);
  for (const a of campaign.areas) {
    const p = sc.areas[a.id] ?? { answered: 0, total: a.questions.length };
    lines.push(`  ${AREA_MARK[areaState(s, a.id)]} ${a.short} ${p.answered}/${p.total}`);
  }
  const paperBy = [...audit].reverse().find((e) => e.action === 'paper.received');
  const who = paperBy ? campaign.contact(paperBy.by)?.name ?? paperBy.by : undefined;
  lines.push(s.paperReceivedAt ? `纸质材料与光盘：${fmtTime(s.paperReceivedAt, tz)} 收到${who ? `（${who}登记）` : ''}` : '纸质材料与光盘：未收到');
  lines.push('报送材料：');
  for (const d of unitDeliverables(campaign)) {
    const f = deliverableFact(d, s, now, tz);
    const state = f.notApplicable
      ? '无需报送（无整改事项）'
      : f.doneAt
        ? `已完成 ${fmtTime(f.doneAt, tz)}${f.daysLate ? `（晚 ${f.daysLate} 天）` : ''}`
        : f.daysOverdue
          ? `未完成，逾期 ${f.daysOverdue} 天`
          : `未完成（${cnDate(d.due)}截止）`;
    lines.push(`  ${d.name}：${state}`);
  }
  const open = openItems(s);
  const overdue = new Set(overdueItems(s, now, tz).map((r) => r.id));
  lines.push(`问题与整改：共 ${s.remediation.length} 项，未关闭 ${open.length} 项，逾期 ${overdue.size} 项`);
  for (const r of open.slice(0, 10)) {
    const what = r.source === 'finding' ? `[检测${r.round ?? ''}轮·${r.severity ? SEVERITY_LABEL[r.severity] : ''}] ${r.system ?? ''}` : `[自查·${campaign.area(r.areaId ?? '')?.short ?? ''}]`;
    lines.push(`  ${what} ${r.problem}（${STATUS_LABEL[r.status]}${r.plannedDate ? `，计划 ${r.plannedDate}` : ''}${overdue.has(r.id) ? '，已逾期' : ''}）`);
  }
  if (open.length > 10) lines.push(`  …另有 ${open.length - 10} 项，见导出的汇总表。`);
  const options: ReplyOption[] = [
    { label: '登记问题', action: cmd(`登记问题 ${unit.name}`) },
    { label: '收到材料', action: cmd(`收到材料 ${unit.name}`) },
    { label: '复核', action: cmd(`复核 ${unit.name}`) },
  ];
  return { text: lines.join('\n'), options };
}
