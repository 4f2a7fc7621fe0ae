/**
 * "What's due" for `npm run ask`: the same answer as the chat intent, with the clauses of the deliverables
 * and phases it mentions as sources.
 */
import type { Answerer } from '../ask';
import { answerDue } from './due-intent';

export const dueAnswerer: Answerer = async (turn, deps) => {
  const ans = await answerDue(turn, deps);
  if (!ans) return undefined;
  return { reply: ans.text, sources: ans.sources, confidence: turn.actor.kind === 'unknown' ? 0.5 : 0.95 };
};
