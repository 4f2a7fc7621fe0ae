/** Renders channel-neutral replies as plain text with numbered options (console and text fallback). */
import type { Reply, ReplyOption } from '../domain/reply';

export function renderText(reply: Reply, startIndex = 1): string {
  const opts = reply.options ?? [];
  if (opts.length === 0) return reply.text;
  return `${reply.text}\n${opts.map((o, i) => `  [${i + startIndex}] ${o.label}`).join('\n')}`;
}

/** The options of the last reply that has any: what a typed number refers to. */
export function lastOptions(replies: Reply[]): ReplyOption[] {
  for (let i = replies.length - 1; i >= 0; i--) {
    const o = replies[i]?.options;
    if (o && o.length > 0) return o;
  }
  return [];
}
