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

/**
 * The option whose label was typed (“已整改” for the button 已整改, “门户网站” for “1. 门户网站”), as pressing it.
 * Only a whole label, so typed answers that merely contain one stay text.
 */
export function optionByLabel(options: readonly ReplyOption[], typed: string): ReplyOption | undefined {
  const t = typed.replace(/\s+/g, '');
  if (t === '') return undefined;
  return options.find((o) => {
    // "✓ 系统开发" (a ticked option of a multiple-choice question) is typed as 系统开发.
    const label = o.label.replace(/\s+/g, '').replace(/^✓/, '');
    return label === t || label.replace(/^\d{1,2}[.、]/, '') === t;
  });
}
