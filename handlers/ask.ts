/**
 * The question-answering path without dialogue state (`npm run ask`): a reply, the notice sections it
 * rests on, and a confidence. Intents that can answer stateless questions are tried in order.
 */
import { cleanInput, commandForm } from '../domain/input';
import { resolveActor } from './actor';
import { dueAnswerer } from './due/due-answerer';
import { helpIntent } from './help';
import { policyAnswerer } from './policy/policy-intent';
import type { HandlerDeps, Inbound, Turn } from './types';

export interface AskSource {
  section: string;
  title: string;
}

export interface AskResult {
  reply: string;
  sources: AskSource[];
  confidence: number;
}

/** A stateless answerer: returns undefined when the question is not for it. */
export type Answerer = (turn: Turn, deps: HandlerDeps) => Promise<AskResult | undefined>;

const helpAnswerer: Answerer = async (turn, deps) => {
  const replies = await helpIntent(turn, deps);
  if (!replies) return undefined;
  return { reply: replies.map((r) => r.text).join('\n'), sources: [], confidence: 1 };
};

export function defaultAnswerers(): Answerer[] {
  return [helpAnswerer, dueAnswerer, policyAnswerer];
}

export async function ask(question: string, from: Inbound['from'], deps: HandlerDeps, answerers: Answerer[] = defaultAnswerers()): Promise<AskResult> {
  const input = cleanInput(question);
  if (input.problem) return { reply: '请输入一个文字问题，例如“自查报告交给谁？”', sources: [], confidence: 0 };
  const turn: Turn = { actor: resolveActor(from, deps.campaign), text: input.text, norm: input.norm, command: commandForm(input.norm), now: deps.clock() };
  for (const a of answerers) {
    const r = await a(turn, deps);
    if (r) return r;
  }
  return { reply: '抱歉，我暂时无法回答这个问题。', sources: [], confidence: 0 };
}
