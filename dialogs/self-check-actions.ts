/**
 * Option actions of the self-check (button payloads). Untrusted: parsed with zod, then checked against the
 * dialog state (prompt counter `n`, open question) by the engine's caller.
 *   sc:a:<questionId>:<optionIndex>:<n>   answer with option i of the open question / follow-up prompt
 *   sc:k:<keep|skip|done>:<questionId>:<n> keep the current answer / skip an optional question / answer a
 *                                         multiple-choice question with the options ticked so far
 *   sc:y:<n> / sc:x:<n>                   confirm / decline the open confirmation
 *   sc:area:<areaId>                      open an area (menu)
 *   sc:review:<areaId>                    review an area from its first question
 */
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/);
const num = z.coerce.number().int().min(0).max(1_000_000);

export type ScAction =
  | { kind: 'answer'; questionId: string; index: number; n: number }
  | { kind: 'keep' | 'skip' | 'done'; questionId: string; n: number }
  | { kind: 'yes' | 'no'; n: number }
  | { kind: 'area' | 'review'; areaId: string };

const answerParts = z.tuple([z.literal('a'), id, num.max(50), num]);
const keepParts = z.tuple([z.literal('k'), z.enum(['keep', 'skip', 'done']), id, num]);
const confirmParts = z.tuple([z.enum(['y', 'x']), num]);
const areaParts = z.tuple([z.enum(['area', 'review']), id]);

export const SC_PREFIX = 'sc:';

/** Parse an `sc:` action; undefined when malformed (forged or from another version). */
export function parseScAction(action: string): ScAction | undefined {
  if (!action.startsWith(SC_PREFIX) || action.length > 200) return undefined;
  const parts = action.slice(SC_PREFIX.length).split(':');
  const a = answerParts.safeParse(parts);
  if (a.success) return { kind: 'answer', questionId: a.data[1], index: a.data[2], n: a.data[3] };
  const k = keepParts.safeParse(parts);
  if (k.success) return { kind: k.data[1], questionId: k.data[2], n: k.data[3] };
  const c = confirmParts.safeParse(parts);
  if (c.success) return { kind: c.data[0] === 'y' ? 'yes' : 'no', n: c.data[1] };
  const ar = areaParts.safeParse(parts);
  if (ar.success) return { kind: ar.data[0], areaId: ar.data[1] };
  return undefined;
}

export const act = {
  answer: (questionId: string, index: number, n: number) => `sc:a:${questionId}:${index}:${n}`,
  keep: (questionId: string, n: number) => `sc:k:keep:${questionId}:${n}`,
  skip: (questionId: string, n: number) => `sc:k:skip:${questionId}:${n}`,
  done: (questionId: string, n: number) => `sc:k:done:${questionId}:${n}`,
  yes: (n: number) => `sc:y:${n}`,
  no: (n: number) => `sc:x:${n}`,
  area: (areaId: string) => `sc:area:${areaId}`,
  review: (areaId: string) => `sc:review:${areaId}`,
};
