/**
 * The staff tools and the unit's 整改 flow as one intent (registered after help in router.ts).
 *
 * Staff commands: 进度总览 | 进度 [单位] | <单位名> | 未提交单位 [材料] | 抽查候选 [全部] | 登记问题 [单位] |
 * 收到材料 <单位> [日期] | 复核 [单位] | 导出汇总 [csv]. Every one checks the person's scope (scope.ts);
 * unit contacts and unregistered people who try one are told it is for staff.
 * Unit contacts: 整改 [编号].
 * An open flow (登记问题 steps, 整改 input, 退回 reason) takes the person's next text; 取消 leaves it, and
 * typing any command above abandons it.
 */
import type { Campaign } from '../../domain/campaign';
import type { Reply } from '../../domain/reply';
import { isFeatureCommand } from '../feature-commands';
import { looksLikeQuestion } from '../policy/looks-like-question';
import { cmd } from '../help';
import { continueRemediation, listRemediation, remediationAction, type UnitCtx } from '../remediation/unit-remediation';
import { continueReopen, listForReview, reviewAction, type ReviewCtx } from '../remediation/review';
import type { HandlerDeps, Intent, Turn } from '../types';
import { exportSummaryToChat } from './export-to-chat';
import { findDate } from './dates';
import { clearFlow, isStale, loadFlow, type FlowState } from './flow-state';
import { defaultDeliverable, findDeliverable, notSubmitted } from './not-submitted';
import { paperReceived } from './paper-received';
import { progressOverview, unitDetail } from './progress-overview';
import { continueRegister, startRegister, type RegisterCtx } from './register-finding';
import { deliverableScope, findUnit, inScope, staffScope } from './scope';
import { formatSpotCheck, rankSpotCheck } from './spot-check';

export const STAFF_ONLY = '该功能仅供检查工作组使用。如需查看本单位情况，请输入“整改”或“本周待办”。';
export const NOT_CONFIGURED = '检查工作组功能尚未配置（缺少进度数据存储），请联系系统管理员。';

export const STAFF_COMMANDS = ['进度总览', '未提交单位', '抽查候选', '登记问题', '收到材料', '复核', '导出汇总', '进度'] as const;
type StaffCommand = (typeof STAFF_COMMANDS)[number];

const CANCEL_WORDS = new Set(['取消', '退出', '算了', '不登记了', 'cancel']);

/**
 * What staff type instead of the command words, whole messages only (so a policy question such as
 * “现场抽查查哪些单位？” still goes to Q&A). For staff only: a unit contact's 进度 is their own self-check.
 */
const STAFF_ALIASES: ReadonlyMap<string, string> = new Map([
  ...['进度', '进度汇总', '汇总进度', '总体进度', '整体进度', '全部进度', '各单位进度', '所有单位进度', '单位进度', '自查进度', '总览', '查看进度'].map((w) => [w, '进度总览'] as const),
  ...['未交单位', '未交的单位', '没交的单位', '未提交的单位', '没提交的单位', '谁还没交', '还有谁没交', '哪些单位没交', '哪些单位还没交', '哪些单位没提交', '哪些单位还没提交'].map((w) => [w, '未提交单位'] as const),
  ...['导出', '导出报表', '导出表格', '导出汇总表', '导出excel', '汇总表'].map((w) => [w, '导出汇总'] as const),
  // English, as typed (lower case, spaces removed).
  ...['progress', 'overview', 'showprogress', 'progressoverview', 'howfararetheunits'].map((w) => [w, '进度总览'] as const),
  ...['whohasntsubmitted', "whohasn'tsubmitted", 'whohasnotsubmitted', 'notsubmitted', 'unitsnotsubmitted', 'missingreports'].map((w) => [w, '未提交单位'] as const),
  ...['export', 'exportthereport', 'exportreport', 'exportsummary', 'exportthesummary', 'exporttoexcel'].map((w) => [w, '导出汇总'] as const),
  ...['spotcheckcandidates', 'spotchecks', 'whotospotcheck'].map((w) => [w, '抽查候选'] as const),
]);

/** The staff command a staff member's whole message (`turn.command`, already lower-case) stands for, or itself. */
export function staffCommandOf(command: string): string {
  return STAFF_ALIASES.get(command) ?? command;
}

/**
 * The staff command a turn is, and its argument (spaces removed). A command word followed by something
 * that is not a valid argument ("抽查候选是怎么定的") is not a command: it goes on to Q&A. `strict` (for
 * people who are not staff) also requires a unit name after 收到材料 / 登记问题, so a unit contact's
 * question "收到材料了吗" is answered by Q&A instead of being refused.
 */
export function matchStaffCommand(command: string, campaign: Campaign, strict = false): { cmd: StaffCommand; rest: string } | undefined {
  for (const c of STAFF_COMMANDS) {
    if (!command.startsWith(c)) continue;
    const rest = command.slice(c.length);
    const ok =
      c === '进度总览' ? rest === ''
      : c === '进度' ? findUnit(campaign, rest) !== undefined
      : c === '抽查候选' ? rest === '' || rest === '全部' || rest === 'all'
      : c === '复核' ? rest === '' || findUnit(campaign, rest) !== undefined
      : c === '导出汇总' ? ['', 'csv', 'xlsx', 'excel'].includes(rest)
      : c === '未提交单位' ? rest === '' || findDeliverable(campaign, rest) !== undefined
      : c === '收到材料' || c === '登记问题' ? !strict || rest === '' || findUnit(campaign, findDate(rest, campaign.year).found?.rest ?? rest) !== undefined
      : true;
    return ok ? { cmd: c, rest } : undefined;
  }
  return undefined;
}

export function matchRemediation(command: string): { pick?: number } | undefined {
  const m = /^整改(?:第)?(\d{1,3})?(?:项)?$/u.exec(command);
  if (!m) return undefined;
  return m[1] ? { pick: Number(m[1]) } : {};
}

export const staffIntent: Intent = async (turn, deps) => {
  const actor = turn.actor;
  const command = actor.kind === 'staff' ? staffCommandOf(turn.command) : turn.command;
  const staffCmd = turn.action === undefined ? matchStaffCommand(command, deps.campaign, actor.kind !== 'staff') : undefined;
  const remCmd = turn.action === undefined ? matchRemediation(turn.command) : undefined;
  const isOurAction = turn.action !== undefined && /^(rem|rv):/.test(turn.action);

  if (actor.kind === 'unknown') return staffCmd ? [{ text: STAFF_ONLY }] : undefined;
  if (actor.kind === 'contact' && staffCmd) return [{ text: STAFF_ONLY }];
  if (actor.kind === 'staff' && remCmd) return [{ text: '“整改”供单位联系人反馈整改进展。检查工作组请用“复核”确认或退回整改结果，或输入单位名称查看其整改情况。' }];

  const store = deps.staff;
  const dialogs = deps.staffDialogs;
  if (!store || !dialogs) return staffCmd || remCmd || isOurAction ? [{ text: NOT_CONFIGURED }] : undefined;

  // An explicit command abandons an open flow, saying so.
  if (staffCmd || remCmd) {
    const left = await loadFlow(dialogs, actor.contact.id);
    await clearFlow(dialogs, actor.contact.id);
    if (left && !isStale(left.state, turn.now)) noteLeft(turn, left.state);
  }

  if (actor.kind === 'contact') {
    const ctx: UnitCtx = { deps, store, dialogs, contact: actor.contact, unit: actor.unit, now: turn.now };
    if (remCmd) return listRemediation(ctx, remCmd.pick);
    if (turn.action !== undefined) return turn.action.startsWith('rem:') ? remediationAction(ctx, turn.action) : undefined;
    const open = await openFlow(dialogs, actor.contact.id, turn);
    if (!open || (open.state.flow !== 'rem-progress' && open.state.flow !== 'rem-fix')) return undefined;
    if (CANCEL_WORDS.has(turn.command)) return cancel(dialogs, actor.contact.id);
    if (await passedOn(turn, deps, dialogs, actor.contact.id, open.state)) return undefined;
    return continueRemediation(ctx, open.state, turn.text);
  }

  // Staff.
  const scope = staffScope(actor.contact, deps.campaign);
  const ctx: RegisterCtx & ReviewCtx = { deps, store, dialogs, staff: actor.contact, scope, now: turn.now };
  if (turn.action !== undefined) return turn.action.startsWith('rv:') ? reviewAction(ctx, turn.action) : undefined;
  if (staffCmd) return runStaffCommand(staffCmd.cmd, staffCmd.rest, ctx, turn);

  const open = await openFlow(dialogs, actor.contact.id, turn);
  if (open) {
    if (CANCEL_WORDS.has(turn.command)) return cancel(dialogs, actor.contact.id);
    if (await passedOn(turn, deps, dialogs, actor.contact.id, open.state)) return undefined;
    if (open.state.flow === 'register') return continueRegister(ctx, open.state, open.rev, turn.text, turn.command);
    if (open.state.flow === 'review-reopen') return continueReopen(ctx, open.state, turn.text);
  }
  // A unit name on its own shows the unit's detail.
  const unit = findUnit(deps.campaign, turn.command);
  if (unit) return showUnit(ctx, unit.id);
  return undefined;
};

/** What a flow's person is told when it is left unfinished (nothing of it was saved). */
const LEFT: Record<FlowState['flow'], string> = {
  register: '（刚才未完成的“登记问题”没有保存。）',
  'review-reopen': '（刚才的“退回”没有完成，该整改事项的状态未改变。）',
  'rem-progress': '（刚才的“更新进展”没有完成，该整改事项未改变。）',
  'rem-fix': '（刚才的“已整改”没有完成，该整改事项未改变。）',
};

/** What an open flow still waits for, said after the answer to a question asked in the middle of it. */
const WAITING: Record<FlowState['flow'], string> = {
  register: '“登记问题”还在等您填写上面这一步，输入“取消”可放弃。',
  'review-reopen': '退回原因还没有填写：请输入原因，或输入“取消”放弃。',
  'rem-progress': '整改进展还没有填写：请输入进展，或输入“取消”放弃。',
  'rem-fix': '整改结果还没有填写：请简要说明整改结果，或输入“取消”放弃。',
};

function noteLeft(turn: Turn, state: FlowState): void {
  // A registration still at its first step has nothing to lose.
  if (state.flow === 'register' && Object.keys(state.data).length === 0) return;
  turn.notes?.before.push(LEFT[state.flow]);
}

/**
 * A question asked in the middle of a flow: it ends with a question mark or 吗/呢, or is English. Looser
 * signs (是否, 多少, 哪) are common in the flows' own input: “未明确是否开展等保测评” is a problem description.
 */
function isPlainQuestion(text: string): boolean {
  const t = text.trim();
  return /(?:[？?]|[吗呢][。.!！~～]*)$/u.test(t) || (/^[a-z]/i.test(t) && looksLikeQuestion(t));
}

/**
 * Whether an open flow lets this text go on to the other intents instead of taking it as its input:
 * another feature's command (广播, 本周待办, 进度 …) leaves the flow, as a staff command does, and says so;
 * a question is answered by the policy Q&A and the flow stays open, with a reminder after the answer.
 */
async function passedOn(turn: Turn, deps: HandlerDeps, dialogs: NonNullable<HandlerDeps['staffDialogs']>, contactId: string, state: FlowState): Promise<boolean> {
  if (isFeatureCommand(turn, deps.campaign)) {
    await clearFlow(dialogs, contactId);
    noteLeft(turn, state);
    return true;
  }
  if (isPlainQuestion(turn.text)) {
    turn.notes?.after.push(WAITING[state.flow]);
    return true;
  }
  return false;
}

/** The person's open flow, if any and not stale (a stale one is cleared and the text goes on). */
async function openFlow(dialogs: NonNullable<HandlerDeps['staffDialogs']>, contactId: string, turn: Turn) {
  const open = await loadFlow(dialogs, contactId);
  if (open && isStale(open.state, turn.now)) {
    await clearFlow(dialogs, contactId);
    return undefined;
  }
  return open;
}

async function cancel(dialogs: NonNullable<HandlerDeps['staffDialogs']>, contactId: string): Promise<Reply[]> {
  await clearFlow(dialogs, contactId);
  return [{ text: '已取消，没有保存任何修改。' }];
}

async function showUnit(ctx: RegisterCtx, unitId: string): Promise<Reply[]> {
  const unit = ctx.deps.campaign.unit(unitId);
  if (!unit) return [{ text: '没有找到该单位。' }];
  if (!inScope(ctx.scope, unitId)) return [{ text: `${unit.name}不在您的检查范围（${ctx.scope.label}）内。` }];
  const [s, audit] = await Promise.all([ctx.store.unitStatus(unitId), ctx.store.auditEntries(unitId)]);
  return [unitDetail(ctx.deps.campaign, unit, s, audit, ctx.now)];
}

async function runStaffCommand(c: StaffCommand, rest: string, ctx: RegisterCtx & ReviewCtx, turn: Turn): Promise<Reply[]> {
  const campaign = ctx.deps.campaign;
  switch (c) {
    case '进度总览':
    case '进度': {
      if (rest) {
        const unit = findUnit(campaign, rest);
        return unit ? showUnit(ctx, unit.id) : [{ text: `没有找到单位“${rest}”。输入“进度总览”查看全部单位。` }];
      }
      return [progressOverview(campaign, ctx.scope, await ctx.store.allUnitStatuses(), turn.now)];
    }
    case '未提交单位': {
      const d = rest ? findDeliverable(campaign, rest) : defaultDeliverable(campaign, turn.now);
      if (!d) {
        const names = campaign.deliverables.filter((x) => x.from === 'units').map((x) => x.name).join('、');
        return [{ text: `没有找到材料“${rest}”。可选：${names}。` }];
      }
      return [notSubmitted(campaign, deliverableScope(ctx.scope, ctx.staff, campaign, d.recipient), await ctx.store.allUnitStatuses(), d, turn.now)];
    }
    case '抽查候选': {
      const all = rest === '全部' || rest === 'all';
      const ranked = rankSpotCheck(campaign, ctx.scope.units, await ctx.store.allUnitStatuses(), turn.now);
      return [{ text: formatSpotCheck(ranked, ctx.scope.label, all ? ranked.length : 10), options: all ? [] : [{ label: '全部', action: cmd('抽查候选 全部') }] }];
    }
    case '登记问题':
      return startRegister(ctx, rest);
    case '收到材料': {
      const paper = campaign.deliverables.find((d) => d.completion === 'paper');
      return paperReceived(ctx.deps, ctx.store, ctx.staff, paper ? deliverableScope(ctx.scope, ctx.staff, campaign, paper.recipient) : ctx.scope, rest, turn.now);
    }
    case '复核': {
      if (!rest) return listForReview(ctx);
      const unit = findUnit(campaign, rest);
      if (!unit) return [{ text: `没有找到单位“${rest}”。` }];
      if (!inScope(ctx.scope, unit.id)) return [{ text: `${unit.name}不在您的检查范围（${ctx.scope.label}）内。` }];
      return listForReview(ctx, unit);
    }
    case '导出汇总':
      return exportSummaryToChat(ctx, rest.includes('csv') ? 'csv' : 'xlsx');
  }
}
