/**
 * 抽查候选: units the notice says should be spot-checked, ranked by a transparent weighted score.
 *
 * 六（三）: 重要信息系统多、技术检测问题多、未及时提交自查报告、未及时反馈技术检测整改结果;
 * 九（一）: 报送材料不及时、存在问题较多、整改不到位.
 *
 * Score = Σ weight × count, each term shown to staff with its numbers:
 * | term                                   | weight | source                                  |
 * |----------------------------------------|--------|-----------------------------------------|
 * | important systems                      | 1 each | campaign `units[].importantSystems`     |
 * | technical-detection findings           | 2 each | findings of any status (问题多)          |
 * | … of which high severity               | +2 each|                                         |
 * | open self-check problems               | 1 each | 九（一）存在问题较多                      |
 * | self-check report late / not submitted | 5      | the `selfcheck` deliverable, after due  |
 * | remediation items past planned date    | 3 each | not fixed/confirmed, plannedDate < today|
 * | remediation feedback overdue           | 5      | the `remediation` deliverable, after due|
 * Ties: more important systems first, then campaign order. Units whose only reason is their systems are
 * listed after every unit with another reason (they rank by systems alone).
 */
import type { Campaign, Unit } from '../../domain/campaign';
import { isRemediationClosed, type UnitStatus } from '../../domain/progress';
import type { Dayjs } from '../../domain/time';
import { deliverableFact, overdueItems } from './unit-facts';

export const SPOT_CHECK_WEIGHTS = {
  importantSystem: 1,
  finding: 2,
  highFinding: 2,
  selfCheckProblem: 1,
  selfCheckLate: 5,
  remediationOverdue: 3,
  feedbackOverdue: 5,
} as const;

export interface SpotCheckReason {
  /** Stable code, e.g. `findings`. */
  code: keyof typeof SPOT_CHECK_WEIGHTS;
  /** Readable, with the numbers: 技术检测问题 3 个（高危 1 个，未关闭 2 个）. */
  text: string;
  clause: string;
  points: number;
}

export interface SpotCheckCandidate {
  unit: Unit;
  score: number;
  reasons: SpotCheckReason[];
}

export function rankSpotCheck(campaign: Campaign, units: Unit[], statuses: UnitStatus[], now: Dayjs): SpotCheckCandidate[] {
  const W = SPOT_CHECK_WEIGHTS;
  const tz = campaign.timezone;
  const byUnit = new Map(statuses.map((s) => [s.unitId, s] as const));
  const selfDeliverable = campaign.deliverables.find((d) => d.from === 'units' && d.completion === 'selfcheck');
  const feedbackDeliverable = campaign.deliverables.find((d) => d.from === 'units' && d.completion === 'remediation');
  const out: SpotCheckCandidate[] = [];
  for (const unit of units) {
    const s = byUnit.get(unit.id);
    if (!s) continue;
    const reasons: SpotCheckReason[] = [];
    if (unit.importantSystems > 0) {
      reasons.push({ code: 'importantSystem', text: `重要信息系统 ${unit.importantSystems} 个`, clause: '六（三）', points: unit.importantSystems * W.importantSystem });
    }
    const findings = s.remediation.filter((r) => r.source === 'finding');
    if (findings.length > 0) {
      const high = findings.filter((r) => r.severity === 'high').length;
      const open = findings.filter((r) => !isRemediationClosed(r.status)).length;
      reasons.push({ code: 'finding', text: `技术检测问题 ${findings.length} 个（未关闭 ${open} 个）`, clause: '六（三）', points: findings.length * W.finding });
      if (high > 0) reasons.push({ code: 'highFinding', text: `其中高危 ${high} 个`, clause: '六（三）', points: high * W.highFinding });
    }
    const selfProblems = s.remediation.filter((r) => r.source === 'selfcheck' && !isRemediationClosed(r.status)).length;
    if (selfProblems > 0) {
      reasons.push({ code: 'selfCheckProblem', text: `自查发现问题未关闭 ${selfProblems} 个`, clause: '九（一）', points: selfProblems * W.selfCheckProblem });
    }
    if (selfDeliverable) {
      const f = deliverableFact(selfDeliverable, s, now, tz);
      if (f.daysOverdue) reasons.push({ code: 'selfCheckLate', text: `自查报告未提交，已逾期 ${f.daysOverdue} 天`, clause: '六（三）', points: W.selfCheckLate });
      else if (f.daysLate) reasons.push({ code: 'selfCheckLate', text: `自查报告晚交 ${f.daysLate} 天`, clause: '六（三）', points: W.selfCheckLate });
    }
    const overdue = overdueItems(s, now, tz);
    if (overdue.length > 0) {
      reasons.push({ code: 'remediationOverdue', text: `整改事项超过计划日期 ${overdue.length} 项`, clause: '九（一）', points: overdue.length * W.remediationOverdue });
    }
    if (feedbackDeliverable) {
      const f = deliverableFact(feedbackDeliverable, s, now, tz);
      if (f.daysOverdue) reasons.push({ code: 'feedbackOverdue', text: `整改结果未反馈，已逾期 ${f.daysOverdue} 天`, clause: '六（三）', points: W.feedbackOverdue });
    }
    out.push({ unit, score: reasons.reduce((a, r) => a + r.points, 0), reasons });
  }
  const order = new Map(campaign.units.map((u, i) => [u.id, i] as const));
  const onlySystems = (c: SpotCheckCandidate) => c.reasons.every((r) => r.code === 'importantSystem');
  return out
    .filter((c) => c.score > 0)
    .sort(
      (a, b) =>
        Number(onlySystems(a)) - Number(onlySystems(b)) ||
        b.score - a.score ||
        b.unit.importantSystems - a.unit.importantSystems ||
        (order.get(a.unit.id) ?? 0) - (order.get(b.unit.id) ?? 0),
    );
}

export function formatSpotCheck(candidates: SpotCheckCandidate[], scopeLabel: string, limit: number): string {
  if (candidates.length === 0) return `${scopeLabel}暂无抽查候选单位。`;
  const shown = candidates.slice(0, limit);
  const lines = [`抽查候选（${scopeLabel}，依据六（三）、九（一），按得分排序）：`];
  shown.forEach((c, i) => {
    lines.push(`${i + 1}. ${c.unit.name} 得分 ${c.score}`);
    for (const r of c.reasons) lines.push(`   · ${r.text}（${r.clause}，+${r.points}）`);
  });
  if (candidates.length > shown.length) lines.push(`…共 ${candidates.length} 个单位，输入“抽查候选 全部”查看全部。`);
  const w = SPOT_CHECK_WEIGHTS;
  lines.push(
    `计分：重要系统每个 ${w.importantSystem} 分，检测问题每个 ${w.finding} 分（高危另加 ${w.highFinding}），自查问题未关闭每个 ${w.selfCheckProblem} 分，` +
      `自查报告晚交或未交 ${w.selfCheckLate} 分，整改逾期每项 ${w.remediationOverdue} 分，整改反馈逾期 ${w.feedbackOverdue} 分。`,
  );
  return lines.join('\n');
}
