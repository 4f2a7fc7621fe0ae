/**
 * The self-check intent: the runner around the pure engine (dialogs/self-check-engine.ts). It is the only
 * place doing I/O for the dialogue: one pipelined read (unit + dialog), one atomic commit (answer + audit +
 * remediation + dialog state). Commands are matched as whole commands or as option actions only, so an
 * answer that merely contains 帮助 is still an answer.
 */
import { answerSchema, formatAnswer } from '../../dialogs/answer-schemas';
import { parseScAction, SC_PREFIX } from '../../dialogs/self-check-actions';
import { currentPrompt, onAnswerConflict, resolveArea, step, type EngineCtx, type EngineInput, type StepResult } from '../../dialogs/self-check-engine';
import { areaSummary, locate, progressText } from '../../dialogs/self-check-render';
import { initialState, isOpen, pickedNow, type DialogState } from '../../dialogs/self-check-state';
import type { SelfCheckStore, UnitSnapshot } from '../../dialogs/ports';
import { isoInstantOf } from '../../domain/time';
import type { Reply } from '../../domain/reply';
import { reportDocx, reportModel } from '../report/self-check-report';
import { registrationHint } from '../actor';
import { isFeatureCommand } from '../feature-commands';
import { looksLikeQuestion } from '../policy/looks-like-question';
import type { HandlerDeps, Intent, Turn } from '../types';

type Kind = EngineInput['kind'];

/** Whole commands (after `commandForm`: no spaces, no trailing punctuation, lower case). */
const COMMANDS: Record<string, Kind> = {
  帮助: 'help', 帮忙: 'help', help: 'help', '?': 'help', 说明: 'help', 这题什么意思: 'help', 什么意思: 'help', 怎么填: 'help', 这题怎么填: 'help', 这个怎么填: 'help', 怎么回答: 'help', 不明白: 'help', 看不懂: 'help',
  上一题: 'back', 上一个: 'back', 上一步: 'back', 返回上一题: 'back',
  跳过: 'skip', 下一题: 'skip', 跳过本题: 'skip', 跳过此题: 'skip', skip: 'skip',
  保留: 'keep', 保留当前答案: 'keep', 不变: 'keep', 维持原答案: 'keep',
  暂停: 'pause', 稍后: 'pause', 稍后再填: 'pause', 稍后再说: 'pause', 等一下: 'pause', 先停一下: 'pause', 暂停自查: 'pause', pause: 'pause',
  继续: 'resume', 继续自查: 'resume', 接着填: 'resume', 继续填写: 'resume', resume: 'resume', continue: 'resume',
  进度: 'progress', progress: 'progress', myprogress: 'progress', 自查进度: 'progress', 查看进度: 'progress', 我的进度: 'progress', 本单位进度: 'progress', 自查做到哪了: 'progress', 做到哪了: 'progress', 填到哪了: 'progress', 自查完成了多少: 'progress',
  查看答案: 'answers', 查看本方面答案: 'answers', 我的答案: 'answers', 查看回答: 'answers', 修改答案: 'answers', 我要修改答案: 'answers', 改答案: 'answers',
  取消: 'cancel', 退出: 'cancel', 退出自查: 'cancel', 取消自查: 'cancel',
  你好: 'greet', 您好: 'greet', hi: 'greet', hello: 'greet', hey: 'greet', 嗨: 'greet', 在吗: 'greet', 在不在: 'greet', 早: 'greet', 早上好: 'greet', 下午好: 'greet', 晚上好: 'greet',
  提交自查: 'submit', 提交: 'submit', 提交自查报告: 'submit',
  开始自查: 'start', startselfcheck: 'start', selfcheck: 'start', 自查: 'start', 填写自查: 'start', 单位自查: 'start', 自查目录: 'start', 目录: 'start', 返回目录: 'start',
};
/** Commands that open or drive the self-check even with nothing open (others pass through when idle). */
const ENTRY: Kind[] = ['start', 'area', 'review', 'progress', 'submit', 'resume', 'answers', 'edit'];
const DONE_WORDS = new Set(['完成选择', '完成', '选好了', '选完了', '好了', '确定', '确认', 'done']);
const YES_WORDS = new Set(['确认', '确定', '确认提交', '确定退出', '是', '是的', '好', '好的', '对', 'yes', 'y', 'ok']);
const NO_WORDS = new Set(['返回修改', '继续填写', '否', '不', '不要', '算了', 'no', 'n', '返回']);

function parseNumber(s: string): number | undefined {
  if (/^\d{1,3}$/.test(s)) return Number(s);
  const cn = '一二三四五六七八九十';
  if (s.length === 1 && cn.includes(s)) return cn.indexOf(s) + 1;
  return undefined;
}

/** Typed text → engine input (commands and area jumps), or a plain answer. */
export function classifyText(turn: Turn, campaign: HandlerDeps['campaign'], state: DialogState): EngineInput {
  const c = turn.command;
  if (state.phase === 'confirm-submit' || state.phase === 'confirm-cancel') {
    if (YES_WORDS.has(c)) return { kind: 'yes' };
    if (NO_WORDS.has(c)) return { kind: 'no' };
  }
  // A multiple-choice question with options ticked: the typed form of the 完成选择 button.
  if (state.phase === 'question' && DONE_WORDS.has(c) && pickedNow(state).length > 0) return { kind: 'done' };
  const kind = COMMANDS[c];
  if (kind) return { kind } as EngineInput;
  const edit = /^(?:修改|更改|改)第?(\d{1,3}|[一二三四五六七八九十])题?$/u.exec(c);
  const n = edit ? parseNumber(edit[1] ?? '') : undefined;
  if (n !== undefined) return { kind: 'edit', number: n };
  const jump = /^(?:开始|填写|进入)?自查[:：]?(.+)$/u.exec(c) ?? /^(?:开始|填写)(.+?)(?:自查)?$/u.exec(c) ?? /^(.+?)自查$/u.exec(c);
  const areaId = jump ? resolveArea(campaign, jump[1] ?? '') : undefined;
  if (areaId) return { kind: 'area', areaId };
  return { kind: 'text', text: turn.text };
}

interface Loaded {
  store: SelfCheckStore;
  ctx: EngineCtx;
  state: DialogState;
  rev: number;
}

async function loadFor(turn: Turn, deps: HandlerDeps): Promise<Loaded | undefined> {
  const store = deps.selfCheck;
  if (!store || turn.actor.kind !== 'contact') return undefined;
  const unitId = turn.actor.unit.id;
  const { unit, dialog } = await store.load(unitId, turn.actor.contact.id);
  return { store, ctx: { campaign: deps.campaign, unit, now: turn.now, contactId: turn.actor.contact.id }, state: dialog?.state ?? initialState(unitId), rev: dialog?.rev ?? 0 };
}

/**
 * What this intent loaded for a turn it passed on unchanged: when the policy intent then answers and re-asks the
 * open question (openQuestionPrompt, same turn), it needs no second read.
 */
const passedOn = new WeakMap<Turn, Loaded>();

const STALE = '这个按钮来自之前的问题，已经失效。当前的问题是：';
const FORGED = '这个选项无法识别，没有做任何修改。';

/** Check an `sc:` action against the dialog state; returns the engine input or a reply. */
function actionInput(action: string, l: Loaded): EngineInput | Reply[] {
  const a = parseScAction(action);
  const s = l.state;
  const prompt = currentPrompt(l.ctx, s);
  const again = (lead: string): Reply[] => (prompt ? [{ text: lead }, prompt] : [{ text: `${lead}请输入“开始自查”或“继续”。` }]);
  if (!a) return again(FORGED);
  if ('areaId' in a) return l.ctx.campaign.area(a.areaId) ? { kind: a.kind, areaId: a.areaId } : again(FORGED);
  const n: number = a.n;
  if (n < s.n) return again(STALE);
  if (n > s.n) return again(FORGED);
  if (!('questionId' in a)) return s.phase === 'confirm-submit' || s.phase === 'confirm-cancel' ? { kind: a.kind } : again(FORGED);
  const loc = locate(l.ctx.campaign, s.questionId);
  const target = s.phase === 'followup' ? (loc ? l.ctx.campaign.followUpsOf(loc.question)[s.followUpIndex]?.id : undefined) : s.phase === 'closing' ? ['organisation', 'opinions'][s.closingIndex] : s.questionId;
  if (a.questionId !== target) return again(FORGED);
  if (a.kind === 'answer') return s.phase === 'question' ? { kind: 'option', index: a.index } : again(FORGED);
  return { kind: a.kind };
}

function staffOrUnknown(turn: Turn, deps: HandlerDeps, input: EngineInput): Reply[] | undefined {
  if (turn.actor.kind === 'unknown') {
    if (!ENTRY.includes(input.kind)) return undefined;
    return [{ text: `自查只能由已登记的单位联系人填写。${registrationHint(deps.campaign)}` }];
  }
  if (turn.actor.kind === 'staff') {
    if (!['start', 'area', 'submit', 'resume'].includes(input.kind)) return undefined;
    return [{ text: '您是检查工作组成员，不需要填写单位自查；可以查看任一单位的自查情况，例如输入“查看自查 金融街街道”。' }];
  }
  return undefined;
}

/** 查看自查 <单位>: staff read any unit; a contact reads their own. */
async function viewUnit(turn: Turn, deps: HandlerDeps): Promise<Reply[] | undefined> {
  const m = /^(?:查看自查|自查情况|查看单位自查)[:：]?(.+)$/u.exec(turn.command);
  if (!m || !deps.selfCheck) return undefined;
  const q = m[1] ?? '';
  const unit = deps.campaign.units.find((u) => [u.id, u.name, ...u.aliases].some((w) => w.toLowerCase() === q));
  if (!unit) return [{ text: `没有找到单位“${turn.text.replace(/^\S*?(查看自查|自查情况|查看单位自查)[:：]?\s*/u, '')}”，请输入单位全称，例如“查看自查 金融街街道”。` }];
  if (turn.actor.kind === 'unknown') return [{ text: `只有检查工作组和本单位联系人可以查看单位自查。${registrationHint(deps.campaign)}` }];
  if (turn.actor.kind === 'contact' && turn.actor.unit.id !== unit.id) return [{ text: '您只能查看本单位的自查情况。' }];
  const snap: UnitSnapshot = await deps.selfCheck.loadUnit(unit.id);
  const ctx: EngineCtx = { campaign: deps.campaign, unit: snap, now: turn.now, contactId: turn.actor.contact.id };
  const body = deps.campaign.areas.map((a) => areaSummary(ctx, a)).join('\n\n');
  return [{ text: `${unit.name}\n${progressText(ctx)}` }, { text: body }];
}

/** Whether a step changed the dialog state (then it is committed). Field by field; `draft` is a flat record. */
function changed(a: DialogState, b: DialogState): boolean {
  if (a === b) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof DialogState)[]);
  for (const k of keys) {
    if (k === 'draft') {
      const da = a.draft;
      const db = b.draft;
      if (da === db) continue;
      const dk = Object.keys(da);
      if (dk.length !== Object.keys(db).length || dk.some((x) => da[x] !== db[x])) return true;
    } else if (a[k] !== b[k]) return true;
  }
  return false;
}

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The 自查报告 draft as a file on Lark; elsewhere, how to export it. */
async function deliverReport(turn: Turn, deps: HandlerDeps, unitId: string): Promise<Reply> {
  const unit = deps.campaign.unit(unitId);
  const cli = `也可以由检查工作组导出：npm run export -- --unit ${unitId} --format docx --out 自查报告.docx`;
  const openId = turn.actor.kind === 'contact' ? turn.actor.contact.openId : undefined;
  if (!deps.files || !deps.selfCheck || !unit || !openId) return { text: `自查报告草稿（Word，附件1格式）：当前渠道不能发送文件。${cli}` };
  try {
    const model = reportModel(deps.campaign, unit, await deps.selfCheck.loadUnit(unitId));
    await deps.files.sendFile({ openId }, { name: `${model.title}（草稿）.docx`, data: await reportDocx(model), mime: DOCX_MIME });
    return { text: `已把《${model.title}》草稿（Word）发送给您，请核对、补充后打印盖章。` };
  } catch (err) {
    deps.logger.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : String(err), unitId }, 'self-check report not sent');
    return { text: `自查报告草稿暂时没能发送，请稍后输入“自查报告”再试。${cli}` };
  }
}

async function run(l: Loaded, turn: Turn, input: EngineInput, deps: HandlerDeps): Promise<Reply[] | undefined> {
  let result: StepResult | undefined = step(l.ctx, l.state, input);
  if (!result) return undefined;
  if (!changed(l.state, result.state) && !result.effects) return result.replies;
  const by = l.ctx.contactId;
  const at = isoInstantOf(turn.now);
  const commit = await l.store.commit(l.state.unitId, by, by, at, { state: result.state, expectedRev: l.rev }, result.effects ?? {});
  if (commit.ok) {
    if (result.effects?.meta?.submittedAt) return [...result.replies, await deliverReport(turn, deps, l.state.unitId)];
    return result.replies;
  }
  if (commit.conflict === 'dialog') return [{ text: '您的进度刚刚在另一处被更新，这次的输入没有保存。请再发一次。' }];
  // Lost the race on the answer: show the current value, keep the dialog on the question.
  const attempted = result.effects?.answer?.value ? formatAnswer(result.effects.answer.value, locate(l.ctx.campaign, l.state.questionId)?.question) : turn.text || '跳过';
  result = onAnswerConflict(l.ctx, l.state, attempted, commit.current);
  const retry = await l.store.commit(l.state.unitId, by, by, at, { state: result.state, expectedRev: l.rev }, {});
  return retry.ok ? result.replies : [{ text: '您的进度刚刚在另一处被更新，这次的输入没有保存。请再发一次。' }];
}

export const selfCheckIntent: Intent = async (turn, deps) => {
  if (!deps.selfCheck) return undefined;
  const view = await viewUnit(turn, deps);
  if (view) return view;
  const isSc = turn.action?.startsWith(SC_PREFIX) === true;
  if (turn.action !== undefined && !isSc) return undefined;
  if (turn.actor.kind !== 'contact') {
    const probe: EngineInput = isSc ? { kind: 'start' } : classifyText(turn, deps.campaign, initialState('-'));
    return staffOrUnknown(turn, deps, probe);
  }
  const l = await loadFor(turn, deps);
  if (!l) return undefined;
  passedOn.set(turn, l);
  let input: EngineInput;
  if (isSc && turn.action) {
    const a = actionInput(turn.action, l);
    if (Array.isArray(a)) return a;
    input = a;
    if (l.state.paused && input.kind !== 'area' && input.kind !== 'review') l.state = { ...l.state, paused: false };
  } else {
    input = classifyText(turn, deps.campaign, l.state);
  }
  // Other features' whole commands are never answers: 整改 mid-question opens the remediation list.
  if (input.kind === 'text' && isFeatureCommand(turn, deps.campaign)) return undefined;
  if (input.kind === 'text' && isOpen(l.state) && looksLikeQuestion(turn.text)) {
    const q = l.state.phase === 'question' ? locate(deps.campaign, l.state.questionId)?.question : undefined;
    // A policy question asked mid-dialogue is not an answer to a yes/no, choice, number or date question.
    if (q && q.type !== 'text' && !answerSchema(q, { now: turn.now }).safeParse(turn.text).success) return undefined;
    // Free text (a text question, a follow-up, a 不适用 reason, a closing field) takes anything, so only an
    // explicit question — a 问句 ending in a question mark — is answered instead of recorded.
    const freeText = (q && q.type === 'text') || ['followup', 'na-reason', 'closing'].includes(l.state.phase);
    if (freeText && /[？?]\s*$/u.test(turn.text)) return undefined;
    // Waiting for 确认/返回 (submit or leave): a question is answered, then the confirmation is asked again.
    if (l.state.phase === 'confirm-submit' || l.state.phase === 'confirm-cancel') return undefined;
  }
  // From here on the turn is this intent's and may write: what was loaded is no longer to be reused.
  passedOn.delete(turn);
  if (input.kind === 'text' && !isOpen(l.state) && /^(自查报告|生成自查报告|自查报告草稿|导出自查报告)$/u.test(turn.command)) return [await deliverReport(turn, deps, l.state.unitId)];
  return run(l, turn, input, deps);
};

/** The open question's prompt for this person, or undefined (used to re-ask after a policy answer). */
export async function openQuestionPrompt(turn: Turn, deps: HandlerDeps): Promise<Reply | undefined> {
  const l = passedOn.get(turn) ?? (await loadFor(turn, deps));
  if (!l || !isOpen(l.state)) return undefined;
  return currentPrompt(l.ctx, l.state);
}
