/** Renders channel-neutral replies as plain text with numbered options (console and text fallback). */
import type { Reply, ReplyOption } from '../domain/reply';

export function renderText(reply: Reply, startIndex = 1): string {
  const opts = reply.options ?? [];
  if (opts.length === 0) return reply.text;
  return `${reply.text}\n${opts.map((o, i) => `  [${i + startIndex}] ${o.label}`).join('\n')}`;
}

/**
 * The options a typed number refers to: the last reply's. A reply without options after them ends them: after
 * a policy answer with suggestions, the re-asked question "共有多少个？" takes "3" as its answer.
 */
export function lastOptions(replies: Reply[]): ReplyOption[] {
  return replies[replies.length - 1]?.options ?? [];
}

export { optionByLabel } from '../domain/reply';
