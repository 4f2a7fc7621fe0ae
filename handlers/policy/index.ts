/**
 * Policy question answering over the campaign notice. The chat layer wires `createPolicyEngine` and
 * `looksLikeQuestion` into the router, and records every answer with `understood: false` (unanswered, off-topic
 * or below `CONFIDENCE_THRESHOLD`) through an `UnansweredLog` (`store/unanswered-log.ts`).
 */
export { createPolicyEngine, CONFIDENCE_THRESHOLD } from './policy-engine';
export { looksLikeQuestion } from './looks-like-question';
export { isConsequenceQuestion } from './answer-consequence';
export {
  POLICY_ACTION_PREFIX,
  type PolicyAnswer,
  type PolicyCampaign,
  type PolicyEngine,
  type PolicySource,
  type UnansweredEntry,
  type UnansweredLog,
} from './policy-types';
export { parseNotice, type NoticeSection, type ParsedNotice } from './notice-parser';
export { extractFacts, type NoticeFacts } from './notice-facts';
