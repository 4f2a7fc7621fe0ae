/**
 * On Lark a turn's replies become one message where they can: each message is a separate bubble and a
 * separate Open API call, and a turn that answers a policy question mid-dialogue ("answer" + "back to the
 * open question") or resumes ("好的，我们接着来。" + the question) reads better as one bubble whose buttons
 * sit under the question they belong to. See docs/decisions/005-one-lark-message-per-turn.md.
 *
 * Rules: text-only replies are joined (a blank line apart) onto the next reply; a reply with options ends
 * its message, so buttons always belong to the last text in the message; a message never grows past
 * `maxBytes` of text (the rest starts a new message).
 */
import type { Reply } from '../../domain/reply';

/** Well under a card's 30 KB with its buttons, and far under a text message's 150 KB. */
export const ONE_MESSAGE_MAX_BYTES = 16 * 1024;

export function oneMessagePerTurn(replies: readonly Reply[], maxBytes = ONE_MESSAGE_MAX_BYTES): Reply[] {
  if (replies.length < 2) return [...replies];
  const out: Reply[] = [];
  let pending: string | undefined;
  let pendingBytes = 0;
  for (const r of replies) {
    const bytes = Buffer.byteLength(r.text, 'utf8');
    if (pending !== undefined && pendingBytes + 2 + bytes > maxBytes) {
      out.push({ text: pending });
      pending = undefined;
    }
    const text = pending === undefined ? r.text : `${pending}\n\n${r.text}`;
    if (r.options && r.options.length > 0) {
      out.push({ text, options: r.options });
      pending = undefined;
      pendingBytes = 0;
    } else {
      pendingBytes = pending === undefined ? bytes : pendingBytes + 2 + bytes;
      pending = text;
    }
  }
  if (pending !== undefined) out.push({ text: pending });
  return out;
}
