/**
 * Public types of the policy question-answering engine.
 */
import type { Campaign } from '../../domain/campaign';
import type { ReplyOption } from '../../domain/reply';
import type { Dayjs } from '../../domain/time';

/** A section the reply rests on: `section` like 八（一）, `title` like 八、时间安排（一）信息安全自查、检测. */
export interface PolicySource {
  section: string;
  title: string;
}

export interface PolicyAnswer {
  reply: string;
  sources: PolicySource[];
  /** 0–1. Below the engine's threshold the reply says it is not sure. */
  confidence: number;
  /** False when the engine did not find an answer (the chat layer records these). */
  understood: boolean;
  /** "您是不是想问……" suggestions; actions are `policy:<sectionId>`. */
  options?: ReplyOption[];
}

export interface PolicyEngine {
  answer(question: string, now: Dayjs): PolicyAnswer;
  /** The text of one section (for a chosen `policy:<sectionId>` option); undefined for an unknown id. */
  answerSection(sectionId: string): PolicyAnswer | undefined;
}

/** What the engine needs from a campaign; a full `Campaign` fits. */
export type PolicyCampaign = Pick<Campaign, 'noticeText' | 'timezone'> & Partial<Pick<Campaign, 'offices' | 'phases' | 'deliverables' | 'units'>>;

export interface UnansweredEntry {
  question: string;
  /** ISO-8601 instant. */
  at: string;
  /** Who asked (hashed user id or contact id), when known. */
  by?: string;
  confidence: number;
}

/** Low-confidence and unanswered questions, kept for staff review (`未答问题`). */
export interface UnansweredLog {
  record(e: UnansweredEntry): Promise<void>;
  /** Most recent first. */
  list(limit: number): Promise<UnansweredEntry[]>;
}

/** Action prefix of the "您是不是想问……" options. */
export const POLICY_ACTION_PREFIX = 'policy:';
