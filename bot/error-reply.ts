/**
 * The one error path: log once with context, answer the person briefly. No stack traces reach users.
 */
import { isAppError, UserInputError } from '../domain/errors';
import type { Logger } from '../domain/logger';
import type { Reply } from '../domain/reply';

export const UNAVAILABLE_TEXT = '系统暂时无法访问数据，您刚才的输入没有保存。请稍后再发一次，已保存的内容不会丢失。';
export const INTERNAL_TEXT = '抱歉，处理您的消息时出了问题，您刚才的输入没有保存。请稍后再试；如果一直这样，请联系检查工作组。';

export function replyForError(err: unknown, logger: Logger): Reply[] {
  if (err instanceof UserInputError) return [{ text: err.message }];
  if (isAppError(err) && err.code === 'STORE_UNAVAILABLE') {
    logger.warn({ err: { name: err.name, code: err.code, message: err.message } }, 'store unavailable during turn');
    return [{ text: UNAVAILABLE_TEXT }];
  }
  logger.error({ err }, 'turn failed');
  return [{ text: INTERNAL_TEXT }];
}
