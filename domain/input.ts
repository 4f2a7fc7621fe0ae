/**
 * Cleaning what a person typed, before any handler sees it.
 * - control characters and zero-width characters are removed (newlines and tabs become spaces in `norm`);
 * - `norm` is the NFKC form (full-width letters, digits and punctuation become half-width), lower-cased,
 *   with runs of whitespace collapsed: use it for matching commands, never for storing answers;
 * - `text` keeps the person's wording (for free-text answers), minus control characters.
 */
export const MAX_MESSAGE_CHARS = 2000;

export type InputProblem = 'empty' | 'too-long' | 'no-text';

export interface CleanInput {
  text: string;
  norm: string;
  problem?: InputProblem;
  /** Length in characters (code points) of the cleaned text. */
  length: number;
}

// C0/C1 controls except \t \n \r; zero-width and bidi controls; BOM.
// eslint-disable-next-line no-control-regex -- removing control characters is the point of this pattern
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const EMOJI_OR_SYMBOL = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Emoji_Component}\u{FE0F}\u{200D}\s\p{P}\p{S}]/gu;

export function cleanInput(raw: string | undefined | null): CleanInput {
  const text = (raw ?? '').replace(CONTROL, '').replace(/\r\n?/g, '\n').trim();
  const length = [...text].length;
  const norm = text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  if (length === 0) return { text, norm, length, problem: 'empty' };
  if (length > MAX_MESSAGE_CHARS) return { text, norm, length, problem: 'too-long' };
  // Emoji, punctuation and symbols only (digits and letters of any script count as text).
  if (text.replace(EMOJI_OR_SYMBOL, '').length === 0 && !/\d/.test(text)) return { text, norm, length, problem: 'no-text' };
  return { text, norm, length };
}

/** Command matching form: `norm` without spaces and trailing polite punctuation (帮助。 / 帮助! / 帮 助). */
export function commandForm(norm: string): string {
  return norm.replace(/\s+/g, '').replace(/[。.!！~～?？]+$/u, '');
}
