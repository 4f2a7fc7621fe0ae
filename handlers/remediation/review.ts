/**
 * 复核 (staff): items the units marked fixed, in the staff member's scope; confirm (→ confirmed) or reopen
 * with a reason (→ reopened). The unit's contacts are told either way.
 * Options: `rv:pick|ok|no:<unitId>:<itemId>`; unit and item are re-checked against the scope and the
 * store on every press (a stale or forged button changes nothing).
 */
import type { Unit } from '../../domain/campaign';
import type { RemediationItem } from '../../domain/progress';
import type { Reply, ReplyOption } from '../../domain/reply';
import { cmd } from '../help';
import { clearFlow, startFlow, type FlowState } from '../staff/flow-state';
import { notifySummary, notifyUnitContacts } from '../staff/notify';
import type { StaffCtx } from '../staff/ports';
import { inScope } from '../staff/scope';
import { STATUS_LABEL } from '../staff/unit-facts';
import { itemDetail, itemTitle, shortLabel } from './format';

export type ReviewCtx = StaffCtx;

export async function listForReview(ctx: ReviewCtx, unit?: Unit): Promise<Reply[]> {
  const units = unit ? [unit] : ctx.scope.units;
  const statuses = unit ? [await ctx.store.unitStatus(unit.id)] : await ctx.store.allUnitStatuses();
  const ids = new Set(units.map((u) => u.id));
  const pending: { unit: Unit; item: RemediationItem }[] = [];
  for (const s of statuses) {
    if (!ids.has(s.unitId)) continue;
    const u = ctx.deps.campaign.unit(s.unitId);
    if (!u) continue;
    for (const item of s.remediation) if (item.status === 'fixed') pending.push({ unit: u, item });
  }
  pending.sort((a, b) => a.item.updatedAt.localeCompare(b.item.updatedAt));
  const where = unit ? unit.name : ctx.scope.label;
  if (pending.length === 0) return [{ text: `${where}目前没有等待复核的整改事项。` }];
  const lines = [`待复核（${where}，${pending.length} 项，先报先审）：`];
  pending.forEach((p, i) => lines.push(`${i + 1}. ${p.unit.name} ${itemTitle(ctx.deps.campaign, p.item)}${p.item.note ? `\n   说明：${p.item.note}` : ''}`));
  const options: ReplyOption[] = pending.slice(0, 10).map((p, i) => ({ label: `${i + 1}. ${shortLabel(`${p.unit.name} ${p.item.system ?? p.item.problem}`)}`, action: `rv:pick:${p.unit.id}:${p.item.id}` }));
  return [{ text: lines.join('\n'), options }];
}

export async function reviewAction(ctx: ReviewCtx, action: string): Promise<Reply[] | undefined> {
  const m = /^rv:(pick|ok|no):([a-z0-9][a-z0-9_-]*):(.{1,200})$/s.exec(action);
  if (!m) return undefined;
  const [, verb, unitId, itemId] = m as unknown as [string, 'pick' | 'ok' | 'no', string, string];
  const unit = ctx.deps.campaign.unit(unitId);
  if (!unit || !inScope(ctx.scope, unitId)) return [{ text: '该单位不在您的检查范围内。' }];
  const s = await ctx.store.unitStatus(unitId);
  const item = s.remediation.find((r) => r.id === itemId);
  if (!item) return [{ text: '这个整改事项已不存在。输入“复核”查看最新列表。' }];
  if (item.status !== 'fixed') return [{ text: `该事项当前状态为“${STATUS_LABEL[item.status]}”，无需复核。输入“复核”查看最新列表。` }];
  if (verb === 'pick') {
    return [
      {
        text: `${unit.name}\n${itemDetail(ctx.deps.campaign, item)}`,
        options: [
          { label: '确认整改完成', action: `rv:ok:${unitId}:${itemId}` },
          { label: '退回重新整改', action: `rv:no:${unitId}:${itemId}` },
          { label: '返回列表', action: cmd('复核') },
        ],
      },
    ];
  }
  if (verb === 'no') {
    const state: FlowState = { flow: 'review-reopen', unitId, itemId, expectedStatus: 'fixed', openedAt: ctx.now.format() };
    await startFlow(ctx.dialogs, ctx.staff.id, state);
    return [{ text: `退回：${unit.name} ${itemTitle(ctx.deps.campaign, item)}\n请输入退回原因（将发给单位联系人），输入“取消”放弃。` }];
  }
  const r = await ctx.store.updateRemediation(unitId, itemId, { status: 'confirmed' }, ctx.staff.id, ctx.now.format(), 'fixed');
  if (!r.ok) return [{ text: '该事项刚被修改过，输入“复核”查看最新状态。' }];
  const n = await notifyUnitContacts(ctx.deps, unitId, { text: `【整改复核】检查工作组已确认以下事项整改完成：\n${itemTitle(ctx.deps.campaign, r.item)}` }, `confirmed:${itemId}`);
  return [{ text: `已确认整改完成：${unit.name} ${itemTitle(ctx.deps.campaign, r.item)}。${notifySummary(n, '单位联系人')}`, options: [{ label: '继续复核', action: cmd('复核') }] }];
}

/** The typed reason of an open 退回. */
export async function continueReopen(ctx: ReviewCtx, state: Extract<FlowState, { flow: 'review-reopen' }>, text: string): Promise<Reply[]> {
  const reason = text.trim();
  if ([...reason].length < 2) return [{ text: '请写明退回原因，例如“复测仍存在弱口令”。' }];
  if ([...reason].length > 1000) return [{ text: '退回原因请控制在 1000 字以内。' }];
  if (!inScope(ctx.scope, state.unitId)) {
    await clearFlow(ctx.dialogs, ctx.staff.id);
    return [{ text: '该单位不在您的检查范围内。' }];
  }
  const r = await ctx.store.updateRemediation(state.unitId, state.itemId, { status: 'reopened', note: `退回原因：${reason}` }, ctx.staff.id, ctx.now.format(), state.expectedStatus);
  await clearFlow(ctx.dialogs, ctx.staff.id);
  if (!r.ok) return [{ text: '该事项刚被修改过，未退回。输入“复核”查看最新状态。' }];
  const unitName = ctx.deps.campaign.unit(state.unitId)?.name ?? state.unitId;
  const n = await notifyUnitContacts(
    ctx.deps,
    state.unitId,
    { text: `【整改复核】检查工作组退回了以下事项，请重新整改：\n${itemTitle(ctx.deps.campaign, r.item)}\n退回原因：${reason}`, options: [{ label: '整改', action: cmd('整改') }] },
    `reopened:${state.itemId}:${r.item.updatedAt}`,
  );
  return [{ text: `已退回：${unitName} ${itemTitle(ctx.deps.campaign, r.item)}。${notifySummary(n, '单位联系人')}`, options: [{ label: '继续复核', action: cmd('复核') }] }];
}
