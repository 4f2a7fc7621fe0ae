/**
 * The contract between channels (bot/) and the domain handlers. A channel turns a platform event into an
 * `Inbound`, calls `handleTurn`, and renders the returned channel-neutral replies.
 */
import type { Campaign, Contact, Unit } from '../domain/campaign';
import type { Logger } from '../domain/logger';
import type { Reply } from '../domain/reply';
import type { Clock, Dayjs } from '../domain/time';

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
}

/** Everything handlers may use. Features add their ports here; bot/ builds the real ones. */
export interface HandlerDeps {
  campaign: Campaign;
  clock: Clock;
  logger: Logger;
}

/**
 * An intent handler: returns replies when the turn is for it, `undefined` to pass it on.
 * Handlers are tried in order (see router.ts).
 */
export type Intent = (turn: Turn, deps: HandlerDeps) => Promise<Reply[] | undefined>;
