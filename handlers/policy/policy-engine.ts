/**
 * The policy question-answering engine: pure and synchronous. Built once per campaign (parse, extract, index);
 * each question goes through intent templates that read extracted facts, then general retrieval; below the
 * confidence threshold it says it is not sure, suggests the closest sections and gives the staff contacts.
 */
import type { Dayjs } from '../../domain/time';
import { actorAnswer, groupMembersAnswer } from './answer-actor';
import { consequenceAnswer } from './answer-consequence';
import { absentTermAnswer, extensionAnswer, unlistedDocumentAnswer, unstatedRecipientAnswer } from './answer-gaps';
import { attachmentsAnswer, contactAnswer, deliverableAnswer, documentAnswer, responsibilityAnswer } from './answer-facts';
import { searchAnswer, sectionAnswer } from './answer-search';
import { roundsAnswer, stagesAnswer, whenAnswer } from './answer-time';
import { timeRelativeAnswer } from './answer-today';
import { inspectedUnitsAnswer } from './answer-units';
import { notSure } from './compose';
import { buildKnowledge, type Knowledge } from './knowledge';
import type { PolicyAnswer, PolicyCampaign, PolicyEngine } from './policy-types';
import { analyze, type Query } from './question';

/** Answers below this confidence become "not sure". */
export const CONFIDENCE_THRESHOLD = 0.5;
/** Below this share of known words the question is not about the notice at all. */
const ON_TOPIC_MIN = 0.5;

type Intent = (k: Knowledge, q: Query, now: Dayjs) => PolicyAnswer | undefined;

/**
 * Questions about today need no content words ("现在该干什么", "本周有什么要交的"), so they may run when the
 * question has no words at all besides time and question words; but not when it names another topic ("还有几天放假").
 */
const CLOCK_INTENTS: readonly Intent[] = [timeRelativeAnswer];

const INTENTS: readonly Intent[] = [
  contactAnswer,
  documentAnswer,
  extensionAnswer,
  consequenceAnswer,
  attachmentsAnswer,
  stagesAnswer,
  roundsAnswer,
  unlistedDocumentAnswer,
  deliverableAnswer,
  unstatedRecipientAnswer,
  absentTermAnswer,
  groupMembersAnswer,
  inspectedUnitsAnswer,
  responsibilityAnswer,
  actorAnswer,
  whenAnswer,
];

export function answerQuestion(k: Knowledge, question: string, now: Dayjs): PolicyAnswer {
  const q = analyze(k, question);
  const closest = q.hits.slice(0, 3).map((h) => h.section.id);
  const settle = (a: PolicyAnswer) => (a.confidence >= CONFIDENCE_THRESHOLD ? a : notSure(k, closest, a.confidence));
  const onTopic = q.tokens.length > 0 && q.onTopic >= ON_TOPIC_MIN;
  if (onTopic || q.tokens.length === 0) {
    for (const intent of CLOCK_INTENTS) {
      const a = intent(k, q, now);
      if (a) return settle(a);
    }
  }
  if (!onTopic) return notSure(k, [], q.onTopic * 0.3);
  for (const intent of INTENTS) {
    const a = intent(k, q, now);
    if (a) return settle(a);
  }
  const r = searchAnswer(k, q);
  return r.answer && r.confidence >= CONFIDENCE_THRESHOLD ? r.answer : notSure(k, r.closest, r.confidence);
}

export function createPolicyEngine(campaign: PolicyCampaign): PolicyEngine {
  const k = buildKnowledge(campaign);
  return {
    answer: (question, now) => answerQuestion(k, question, now),
    answerSection: (sectionId) => sectionAnswer(k, sectionId),
  };
}
