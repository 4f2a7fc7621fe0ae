/**
 * Policy questions in chat: answered from the notice anywhere, for registered and unknown users alike.
 * In the middle of a self-check the dialogue passes a question-like text on (it is not a valid answer), this
 * intent answers it and re-asks the open question. Not-understood questions are kept for staff (`未答问题`).
 */
import type { Reply } from '../../domain/reply';
import type { AskResult, Answerer } from '../ask';
import { openQuestionPrompt } from '../self-check/self-check-intent';
import type { HandlerDeps, Intent, Turn } from '../types';
import { POLICY_ACTION_PREFIX, type PolicyAnswer } from './policy-types';

const UNANSWERED_COMMANDS = new Set(['未答问题', '未回答问题', '未答', 'unanswered']);

async function recordIfUnknown(turn: Turn, deps: HandlerDeps, a: PolicyAnswer): Promise<void> {
  if (a.understood || !deps.unanswered) return;
  const by = turn.actor.kind === 'unknown' ? undefined : turn.actor.contact.id;
  try {
    await deps.unanswered.record({ question: turn.text, at: turn.now.format(), by, confidence: a.confidence });
  } catch (err) {
    // The person still gets the honest "not sure" reply; losing the review entry is logged, not fatal.
    deps.logger.warn({ err }, 'could not record an unanswered question');
  }
}

function toReply(a: PolicyAnswer): Reply {
  return a.options && a.options.length > 0 ? { text: a.reply, options: a.options } : { text: a.reply };
}

async function withReask(turn: Turn, deps: HandlerDeps, replies: Reply[]): Promise<Reply[]> {
  const open = await openQuestionPrompt(turn, deps);
  return open ? [...replies, { ...open, text: `回到刚才的问题：\n${open.text}` }] : replies;
}

async function listUnanswered(turn: Turn, deps: HandlerDeps): Promise<Reply[]> {
  if (turn.actor.kind !== 'staff') return [{ text: '“未答问题”仅供检查工作组使用。' }];
  if (!deps.unanswered) return [{ text: '未答问题记录尚未配置。' }];
  const items = await deps.unanswered.list(30);
  if (items.length === 0) return [{ text: '目前没有未能回答的问题。' }];
  const lines = items.map((e, i) => `${i + 1}. ${e.at.slice(0, 16).replace('T', ' ')}  ${e.question}（置信度 ${e.confidence.toFixed(2)}${e.by ? `，${e.by}` : ''}）`);
  return [{ text: `最近 ${items.length} 个未能确定回答的问题（新的在前）：\n${lines.join('\n')}\n可据此补充通知解读或联系提问人。` }];
}

export const policyIntent: Intent = async (turn, deps) => {
  if (!deps.policy) return undefined;
  if (turn.action !== undefined) {
    if (!turn.action.startsWith(POLICY_ACTION_PREFIX)) return undefined;
    const a = deps.policy.answerSection(turn.action.slice(POLICY_ACTION_PREFIX.length));
    return a ? withReask(turn, deps, [toReply(a)]) : undefined;
  }
  if (UNANSWERED_COMMANDS.has(turn.command)) return listUnanswered(turn, deps);
  const a = deps.policy.answer(turn.text, turn.now);
  await recordIfUnknown(turn, deps, a);
  return withReask(turn, deps, [toReply(a)]);
};

/** The same engine for `npm run ask`: reply, sources and confidence. */
export const policyAnswerer: Answerer = async (turn, deps): Promise<AskResult | undefined> => {
  if (!deps.policy) return undefined;
  const a = deps.policy.answer(turn.text, turn.now);
  return { reply: a.reply, sources: a.sources, confidence: a.confidence };
};
