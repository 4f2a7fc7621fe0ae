/**
 * A bare 确认 / 取消, thanks or "好的" that no feature took (no open question, step or broadcast waiting): a short
 * polite answer, instead of treating it as a policy question the notice cannot answer (and logging it for staff
 * as 未答问题). Last before policy Q&A, so any open flow that takes these words gets them first.
 */
import { PLAIN_CANCEL_WORDS, PLAIN_CONFIRM_WORDS } from './broadcast/broadcast-intents';
import type { Intent } from './types';

const THANKS_WORDS: ReadonlySet<string> = new Set(['谢谢', '谢谢你', '谢谢您', '多谢', '感谢', '非常感谢', '辛苦了', 'thanks', 'thankyou', 'thx']);
const OK_WORDS: ReadonlySet<string> = new Set(['好的', '好', '嗯', '嗯嗯', '行', '可以', '明白', '明白了', '了解', '懂了', 'ok', 'okay']);

export const nothingPendingIntent: Intent = async (turn) => {
  if (turn.action !== undefined) return undefined;
  if (THANKS_WORDS.has(turn.command)) return [{ text: '不客气！有问题随时问我，输入“帮助”查看我能做什么。' }];
  if (OK_WORDS.has(turn.command)) return [{ text: '好的。需要时随时找我，输入“帮助”查看我能做什么。' }];
  const hint = turn.actor.kind === 'contact' ? '填写自查请输入“继续”或“开始自查”；' : '';
  if (PLAIN_CANCEL_WORDS.has(turn.command)) return [{ text: `现在没有进行中的操作需要取消。${hint}输入“帮助”查看我能做什么。` }];
  if (PLAIN_CONFIRM_WORDS.has(turn.command)) return [{ text: `现在没有等待确认的操作（可能已完成、已取消或已过期）。${hint}输入“帮助”查看我能做什么。` }];
  return undefined;
};
