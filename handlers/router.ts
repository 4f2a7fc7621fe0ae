/**
 * The turn pipeline: clean the input, identify the sender, answer input problems, then offer the turn to
 * each intent in order. Channel-neutral: returns replies, does no I/O of its own.
 */
import { cleanInput, commandForm, MAX_MESSAGE_CHARS } from '../domain/input';
import { optionByLabel, type Reply } from '../domain/reply';
import { resolveActor } from './actor';
import { cmd, helpIntent, helpReply } from './help';
import { selfCheckIntent } from './self-check/self-check-intent';
import { broadcastIntent } from './broadcast/broadcast-intents';
import { dueIntent } from './due/due-intent';
import { ackIntent, snoozeIntent } from './reminders/reminder-intents';
import { staffIntent } from './staff/staff-intent';
import { nothingPendingIntent } from './nothing-pending';
import { looksLikeQuestion } from './policy/looks-like-question';
import { policyIntent } from './policy/policy-intent';
import type { HandlerDeps, Inbound, Intent, Turn } from './types';

/** Longest action string accepted from a button or a script; anything longer is forged. */
export const MAX_ACTION_CHARS = 256;

/** Longest text that can be a button's label typed out (labels are short: 更新进展, 确认整改完成 …). */
const MAX_LABEL_CHARS = 16;

/**
 * A typed button label that no feature understood as text (更新进展 under an item shown as a card): pressed,
 * as the console does with the options it printed. Only where the channel keeps the person's last options
 * (`typedOptions`, Lark), only for short texts that are not questions, and only after the features that take
 * text, so it costs a read only for text nothing else took.
 */
const typedLabelIntent: Intent = async (turn, deps) => {
  if (turn.action !== undefined || !deps.typedOptions || [...turn.text].length > MAX_LABEL_CHARS || looksLikeQuestion(turn.text)) return undefined;
  const openId = turn.actor.kind === 'unknown' ? turn.actor.openId : turn.actor.contact.openId;
  if (!openId) return undefined;
  const option = optionByLabel((await deps.typedOptions.last(openId)) ?? [], turn.text);
  if (!option) return undefined;
  return handleTurn({ from: turn.actor.kind === 'unknown' ? { openId } : { contactId: turn.actor.contact.id }, action: option.action }, deps);
};

/** The intents of the product, in priority order. Features register here. */
export function defaultIntents(): Intent[] {
  // The self-check dialogue goes first (an open question takes the answer in one load), and passes on the
  // other features' whole commands (整改, 广播, 收到 …). Policy questions come last: they answer anything
  // else, and re-ask an open self-check question.
  return [selfCheckIntent, helpIntent, staffIntent, dueIntent, ackIntent, snoozeIntent, broadcastIntent, typedLabelIntent, nothingPendingIntent, policyIntent];
}

export async function handleTurn(inbound: Inbound, deps: HandlerDeps, intents: Intent[] = defaultIntents()): Promise<Reply[]> {
  const actor = resolveActor(inbound.from, deps.campaign);
  const now = deps.clock();

  let rawText = inbound.text;
  let action = inbound.action;
  if (action !== undefined) {
    if (typeof action !== 'string' || action.length === 0 || action.length > MAX_ACTION_CHARS) {
      return [{ text: '这个选项无法识别，可能已经过期。请重新输入，或输入“帮助”查看可用功能。' }];
    }
    // `cmd:` options replay a typed command.
    if (action.startsWith('cmd:')) {
      rawText = action.slice(4);
      action = undefined;
    }
  }

  const input = cleanInput(action !== undefined ? '' : rawText);
  if (action === undefined && input.problem) {
    switch (input.problem) {
      case 'empty':
        return [{ text: '没有收到文字内容。请直接输入您的问题或回答，输入“帮助”查看我能做什么。' }];
      case 'too-long':
        return [{ text: `消息太长了（${input.length} 字），请控制在 ${MAX_MESSAGE_CHARS} 字以内，可以分几条发送。` }];
      case 'no-text':
        return [{ text: '我只能理解文字内容 🙂 请用文字输入您的问题或回答，输入“帮助”查看我能做什么。' }];
    }
  }

  const notes = { before: [] as string[], after: [] as string[] };
  const turn: Turn = { actor, text: input.text, norm: input.norm, command: commandForm(input.norm), action, now, notes };
  for (const intent of intents) {
    const replies = await intent(turn, deps);
    if (replies) return withNotes(replies, notes);
  }
  if (action !== undefined) {
    return withNotes([{ text: '这个选项已经失效（可能是旧消息上的按钮）。请重新操作，或输入“帮助”。' }], notes);
  }
  const help = helpReply(turn, deps);
  return withNotes(
    [
      {
        text: `抱歉，我没有理解“${shorten(input.text)}”。\n\n${help.text}`,
        options: help.options ?? [{ label: '帮助', action: cmd('帮助') }],
      },
    ],
    notes,
  );
}

/** The passing intents' notes, as the first reply's first lines and the last reply's last ones. */
function withNotes(replies: Reply[], notes: { before: string[]; after: string[] }): Reply[] {
  if (notes.before.length === 0 && notes.after.length === 0) return replies;
  const out = replies.map((r) => ({ ...r }));
  const first = out[0];
  const last = out[out.length - 1];
  if (!first || !last) return [{ text: [...notes.before, ...notes.after].join('\n') }];
  if (notes.before.length > 0) first.text = `${notes.before.join('\n')}\n\n${first.text}`;
  if (notes.after.length > 0) last.text = `${last.text}\n\n${notes.after.join('\n')}`;
  return out;
}

function shorten(s: string, max = 30): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : s;
}
