/**
 * How a remediation item (a technical-detection finding or a self-check problem) is shown in chat.
 */
import type { Campaign } from '../../domain/campaign';
import { isRemediationClosed, type RemediationItem } from '../../domain/progress';
import { SEVERITY_LABEL, STATUS_LABEL } from '../staff/unit-facts';

/** Items a unit still works on or waits on (everything but confirmed), findings first, then by planned date. */
export function actionableItems(items: RemediationItem[]): RemediationItem[] {
  return items
    .filter((r) => r.status !== 'confirmed')
    .sort(
      (a, b) =>
        Number(isRemediationClosed(a.status)) - Number(isRemediationClosed(b.status)) ||
        Number(a.source !== 'finding') - Number(b.source !== 'finding') ||
        (a.plannedDate ?? '9999').localeCompare(b.plannedDate ?? '9999') ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id.localeCompare(b.id),
    );
}

export function itemTitle(campaign: Campaign, r: RemediationItem): string {
  if (r.source === 'finding') {
    const sev = r.severity ? `${SEVERITY_LABEL[r.severity]}危` : '';
    return `【检测${r.round ? `第${r.round}轮` : ''}${sev ? `·${sev}` : ''}】${r.system ? `${r.system}：` : ''}${r.problem}`;
  }
  const area = r.areaId ? campaign.area(r.areaId)?.short : undefined;
  return `【自查${area ? `·${area}` : ''}】${r.problem}`;
}

export function itemLine(campaign: Campaign, r: RemediationItem, overdue: boolean): string {
  const bits = [STATUS_LABEL[r.status]];
  if (r.plannedDate) bits.push(`计划 ${r.plannedDate}${overdue ? '，已逾期' : ''}`);
  return `${itemTitle(campaign, r)}（${bits.join('，')}）`;
}

export function itemDetail(campaign: Campaign, r: RemediationItem): string {
  const lines = [itemTitle(campaign, r), `状态：${STATUS_LABEL[r.status]}`];
  if (r.measure) lines.push(`整改措施：${r.measure}`);
  if (r.plannedDate) lines.push(`计划完成：${r.plannedDate}`);
  if (r.note) lines.push(`备注：${r.note}`);
  return lines.join('\n');
}

/** Short form for button labels (Lark buttons truncate long text). */
export function shortLabel(s: string, max = 18): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : s;
}
