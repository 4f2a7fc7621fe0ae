/**
 * A bare 确认 / 取消 that no feature took (no open question, step or broadcast waiting): say so, instead of
 * treating it as a policy question the notice cannot answer (and logging it for staff as 未答问题).
 */
import { PLAIN_CANCEL_WORDS, PLAIN_CONFIRM_WORDS } from './broadcast/broadcast-intents';
import type { Intent } from './types';

export const nothingPendingIntent: Intent = async (turn) => {
  if (turn.action !== undefined) return undefined;
  const hint = turn.actor.kind === 'contact' ? '填写自查请输入“继续”或“开始自查”；' : '';
  if (PLAIN_CANCEL_WORDS.has(turn.command)) return [{ text: `现在没有进行中的操作需要取消。${hint}输入“帮助”查看我能做什么。` }];
  if (PLAIN_CONFIRM_WORDS.has(turn.command)) return [{ text: `现在没有等待确认的操作（可能已完成、已取消或已过期）。${hint}输入“帮助”查看我能做什么。` }];
  return undefined;
};
