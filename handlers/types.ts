/**
 * The contract between channels (bot/) and the domain handlers. A channel turns a platform event into an
 * `Inbound`, calls `handleTurn`, and renders the returned channel-neutral replies.
 */
import type { Campaign, Contact, Unit } from '../domain/campaign';
import type { Logger } from '../domain/logger';
import type { ProgressReader } from '../domain/progress';
import type { Reply, ReplyOption } from '../domain/reply';
import type { Clock, Dayjs } from '../domain/time';
import type { OutreachPort } from './reminders/ports';
import type { FileSender, StaffDialogStore, StaffStore } from './staff/ports';
import type { MessageSender } from '../domain/outbound';
import type { SelfCheckStore } from '../dialogs/ports';
import type { PolicyEngine, UnansweredLog } from './policy/policy-types';

export interface Inbound {
  /** Who sent it: a campaign contact id (console, scripts) or a Lark open_id. */
  from: { contactId?: string; openId?: string };
  /** Typed text (absent for option actions). */
  text?: string;
  /** An option's action string (button press, or a number typed in the console). Untrusted. */
  action?: string;
}

export type Actor =
  | { kind: 'contact'; contact: Contact; unit: Unit }
  | { kind: 'staff'; contact: Contact }
  | { kind: 'unknown'; openId?: string; contactId?: string };

/** One turn, after cleaning and identification. */
export interface Turn {
  actor: Actor;
  /** The person's text with control characters removed ('' for actions). */
  text: string;
  /** Normalised form for matching (NFKC, lower case, collapsed spaces). */
  norm: string;
  /** `norm` without spaces and trailing punctuation, for whole-command matching. */
  command: string;
  action?: string;
  now: Dayjs;
  /**
   * Lines an intent that passes the turn on wants shown with whatever answers it: `before` the replies (an open
   * step was left: "未完成的登记没有保存"), `after` them (a step still waits: "整改进展还没有填写"). Set by the router.
   */
  notes?: { before: string[]; after: string[] };
}

/** Everything handlers may use. Features add their ports here; bot/ builds the real ones. */
export interface HandlerDeps {
  campaign: Campaign;
  clock: Clock;
  logger: Logger;
  /** Units' progress (self-check, paper copy, remediation); absent = nobody has started. */
  progress?: ProgressReader;
  /** Reminders and broadcasts (snooze, ack, broadcast drafts and status, dead letters). */
  outreach?: OutreachPort;
  /** Staff tools and 整改 (findings, remediation updates, paper receipt, audit); absent = 未配置. */
  staff?: StaffStore;
  /** Per-person state of 登记问题 / 整改 / 复核 steps. */
  staffDialogs?: StaffDialogStore;
  /** Notifications to a unit's contacts (new findings, 复核 results). */
  sender?: MessageSender;
  /** Sends generated files (the summary workbook) to staff. */
  files?: FileSender;
  /** The units' self-check answers and the contacts' dialog state; absent = self-check unavailable. */
  selfCheck?: SelfCheckStore;
  /** Policy questions answered from the notice; absent = policy Q&A unavailable. */
  policy?: PolicyEngine;
  /** Not-understood policy questions kept for staff review (未答问题). */
  unanswered?: UnansweredLog;
  /**
   * The options of the last reply a person got on a channel that shows them as buttons (Lark), by open_id: a
   * typed label nothing else understood presses its button. Absent where the channel maps labels itself (console).
   */
  typedOptions?: { last(openId: string): Promise<ReplyOption[] | undefined> };
}

/**
 * An intent handler: returns replies when the turn is for it, `undefined` to pass it on.
 * Handlers are tried in order (see router.ts).
 */
export type Intent = (turn: Turn, deps: HandlerDeps) => Promise<Reply[] | undefined>;
