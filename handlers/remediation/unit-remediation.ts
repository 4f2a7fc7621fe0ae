/**
 * 整改 (unit contacts): the unit's open findings and self-check problems, numbered; choose one to update
 * its progress (a note and a planned date) or mark it fixed. Staff then confirm or reopen it (复核).
 * Every change goes through `StaffStore.updateRemediation`, which writes the audit entry.
 */
import type { Contact, Unit } from '../../domain/campaign';
import type { RemediationItem } from '../../domain/progress';
import type { Reply, ReplyOption } from '../../domain/reply';
import { isoDateOf, type Dayjs } from '../../domain/time';
import { cmd } from '../help';
import { findDate } from '../staff/dates';
import { pauseOpenSelfCheck } from '../self-check/pause';
import { clearFlow, startFlow, type FlowState } from '../staff/flow-state';
import { notifySupervisors } from '../staff/notify';
import type { StaffDialogStore, StaffStore, UpdateResult } from '../staff/ports';
import type { HandlerDeps } from '../types';
import { actionableItems, itemDetail, itemLine, itemTitle, shortLabel } from './format';

export const MAX_NOTE_CHARS = 1000;

export interface UnitCtx {
  deps: HandlerDeps;
  store: StaffStore;
  dialogs: StaffDialogStore;
  contact: Contact;
  unit: Unit;
  now: Dayjs;
}

export async function listRemediation(ctx: UnitCtx, pickNumber?: number): Promise<Reply[]> {
  const s = await ctx.store.unitStatus(ctx.unit.id);
  const items = actionableItems(s.remediation);
  if (pickNumber !== undefined) {
    const item = items[pickNumber - 1];
    if (!item) return [{ text: `没有第 ${pickNumber} 项。${items.length > 0 ? `请输入 1 到 ${items.length} 之间的编号。` : ''}` }];
    return showItem(ctx, item);
  }
  if (items.length === 0) return [{ text: `${ctx.unit.name}目前没有待整改的问题。技术检测发现问题或自查中回答“否/部分”时，会在这里出现。` }];
  const today = isoDateOf(ctx.now, ctx.deps.campaign.timezone);
  const lines = [`${ctx.unit.name}的整改事项（${items.length} 项）：`];
  items.forEach((r, i) => lines.push(`${i + 1}. ${itemLine(ctx.deps.campaign, r, r.status !== 'fixed' && r.plannedDate !== undefined && r.plannedDate < today)}`));
  lines.push('回复编号（如“整改 1”）查看并更新进展，或标记已整改。');
  const options: ReplyOption[] = items.slice(0, 10).map((r, i) => ({ label: `${i + 1}. ${shortLabel(r.system ?? r.problem)}`, action: `rem:pick:${r.id}` }));
  return [{ text: lines.join('\n'), options }];
}

function showItem(ctx: UnitCtx, item: RemediationItem): Reply[] {
  const options: ReplyOption[] = [];
  if (item.status === 'fixed') {
    return [{ text: `${itemDetail(ctx.deps.campaign, item)}\n已标记整改完成，等待检查工作组复核。`, options: [{ label: '返回列表', action: cmd('整改') }] }];
  }
  options.push({ label: '更新进展', action: `rem:prog:${item.id}` }, { label: '已整改', action: `rem:fix:${item.id}` }, { label: '返回列表', action: cmd('整改') });
  return [{ text: itemDetail(ctx.deps.campaign, item), options }];
}

async function findItem(ctx: UnitCtx, itemId: string): Promise<RemediationItem | undefined> {
  const s = await ctx.store.unitStatus(ctx.unit.id);
  return s.remediation.find((r) => r.id === itemId);
}

/** `rem:pick|prog|fix:<itemId>` options. Returns undefined for actions that are not ours. */
export async function remediationAction(ctx: UnitCtx, action: string): Promise<Reply[] | undefined> {
  const m = /^rem:(pick|prog|fix):(.{1,240})$/s.exec(action);
  if (!m) return undefined;
  const [, verb, itemId] = m as unknown as [string, 'pick' | 'prog' | 'fix', string];
  const item = await findItem(ctx, itemId);
  if (!item || item.status === 'confirmed') return [{ text: '这个整改事项已不存在或已关闭。输入“整改”查看最新列表。' }];
  if (verb === 'pick') return showItem(ctx, item);
  if (item.status === 'fixed') return [{ text: '该事项已标记整改完成，等待检查工作组复核。' }];
  const state: FlowState = { flow: verb === 'prog' ? 'rem-progress' : 'rem-fix', unitId: ctx.unit.id, itemId, expectedStatus: item.status, openedAt: ctx.now.format() };
  await startFlow(ctx.dialogs, ctx.contact.id, state);
  // The step takes the contact's next text: an open self-check question must not answer it first.
  const paused = await pauseOpenSelfCheck(ctx.deps, ctx.unit, ctx.contact, ctx.now);
  const y = ctx.deps.campaign.year;
  const text =
    verb === 'prog'
      ? `${itemTitle(ctx.deps.campaign, item)}\n请输入整改进展，可附计划完成日期，例如“已联系厂商升级，计划 ${y}-08-20 完成”。输入“取消”放弃。`
      : `${itemTitle(ctx.deps.campaign, item)}\n请简要说明整改结果，例如“已安装补丁并复测通过”。输入“取消”放弃。`;
  return [{ text: paused ? `${text}\n（自查问答已暂停，填完后输入“继续”接着自查。）` : text }];
}

function conflictReply(r: Exclude<UpdateResult, { ok: true }>): Reply[] {
  return r.reason === 'not-found'
    ? [{ text: '这个整改事项已不存在。输入“整改”查看最新列表。' }]
    : [{ text: '这个事项刚被修改过（可能是其他联系人或检查工作组）。输入“整改”查看最新状态后再操作。' }];
}

/** The typed answer of an open 更新进展 / 已整改 step. */
export async function continueRemediation(ctx: UnitCtx, state: Extract<FlowState, { flow: 'rem-progress' | 'rem-fix' }>, text: string): Promise<Reply[]> {
  const body = text.trim();
  if ([...body].length > MAX_NOTE_CHARS) return [{ text: `说明请控制在 ${MAX_NOTE_CHARS} 字以内。` }];
  const at = ctx.now.format();
  if (state.flow === 'rem-fix') {
    if (body.length < 2) return [{ text: '请简要说明整改结果，例如“已安装补丁并复测通过”。' }];
    const r = await ctx.store.updateRemediation(ctx.unit.id, state.itemId, { status: 'fixed', note: body }, ctx.contact.id, at, state.expectedStatus);
    await clearFlow(ctx.dialogs, ctx.contact.id);
    if (!r.ok) return conflictReply(r);
    await notifySupervisors(
      ctx.deps,
      ctx.unit.id,
      { text: `【整改待复核】${ctx.unit.name}（${ctx.contact.name}）已将以下事项标记为整改完成：\n${itemTitle(ctx.deps.campaign, r.item)}\n说明：${body}`, options: [{ label: '复核', action: cmd(`复核 ${ctx.unit.name}`) }] },
      `fixed:${r.item.id}:${r.item.updatedAt}`,
    );
    return [{ text: `已标记整改完成，等待检查工作组复核：\n${itemTitle(ctx.deps.campaign, r.item)}`, options: [{ label: '返回列表', action: cmd('整改') }] }];
  }
  const f = findDate(body, ctx.deps.campaign.year);
  if (f.invalid) return [{ text: `“${f.invalid}”不是有效日期，请重新输入。` }];
  if ((f.found?.rest ?? body).length < 2) return [{ text: '请写一句整改进展，例如“已联系厂商升级”。' }];
  if (f.found && f.found.date < isoDateOf(ctx.now, ctx.deps.campaign.timezone)) return [{ text: '计划完成日期不能早于今天，请重新输入。' }];
  const r = await ctx.store.updateRemediation(ctx.unit.id, state.itemId, { status: 'in-progress', note: body, plannedDate: f.found?.date }, ctx.contact.id, at, state.expectedStatus);
  await clearFlow(ctx.dialogs, ctx.contact.id);
  if (!r.ok) return conflictReply(r);
  return [{ text: `已更新整改进展${r.item.plannedDate ? `，计划 ${r.item.plannedDate} 完成` : ''}：\n${itemTitle(ctx.deps.campaign, r.item)}`, options: [{ label: '返回列表', action: cmd('整改') }] }];
}
