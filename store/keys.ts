/**
 * Every Redis key is built here. Keys are `<prefix>:<campaign>:...`; the prefix comes from config
 * (REDIS_PREFIX, default `ib`) so tests and deployments never collide. Per-unit keys carry the unit id in a
 * hash tag `{campaign:unit}` so that a unit's records stay in one Redis Cluster slot (multi-key Lua works).
 */
export interface Keys {
  readonly base: string;
  /** Bottender sessions: `<base>:session:<platform>:<key>` */
  session(sessionId: string): string;
  sessionPattern(): string;
  /** A contact's dialog state (which area/question is open). */
  dialog(contactId: string): string;
  /** A unit's self-check record (answers, revision, submission). */
  unitCheck(unitId: string): string;
  /** A unit's append-only audit log (a Redis stream). */
  unitAudit(unitId: string): string;
  /** A unit's remediation items. */
  unitRemediation(unitId: string): string;
  /** A unit's data version: changes whenever its answers, meta or remediation items change (read caches). */
  unitVersion(unitId: string): string;
  /** A unit contact's self-check dialog state (under the unit's hash tag: commits atomically with answers). */
  unitDialog(unitId: string, contactId: string): string;
  /** Per-unit hash tag used by the keys above. */
  unitTag(unitId: string): string;
  /** Low-confidence / unanswered policy questions (capped list). */
  unanswered(): string;
  /** Free-form namespaced key for a feature, e.g. keys.ns('reminder', 'claim', id). */
  ns(...parts: string[]): string;
}

export function makeKeys(prefix: string, campaignId: string): Keys {
  if (!/^[A-Za-z0-9:_-]+$/.test(prefix)) throw new RangeError(`bad key prefix: ${prefix}`);
  const base = `${prefix}:${campaignId}`;
  const tag = (unitId: string) => `{${campaignId}:${unitId}}`;
  return Object.freeze({
    base,
    session: (id: string) => `${base}:session:${id}`,
    sessionPattern: () => `${base}:session:*`,
    dialog: (contactId: string) => `${base}:dialog:${contactId}`,
    unitTag: tag,
    unitCheck: (unitId: string) => `${prefix}:${tag(unitId)}:check`,
    unitAudit: (unitId: string) => `${prefix}:${tag(unitId)}:audit`,
    unitRemediation: (unitId: string) => `${prefix}:${tag(unitId)}:remediation`,
    unitVersion: (unitId: string) => `${prefix}:${tag(unitId)}:ver`,
    unitDialog: (unitId: string, contactId: string) => `${prefix}:${tag(unitId)}:dialog:${contactId}`,
    unanswered: () => `${base}:qa:unanswered`,
    ns: (...parts: string[]) => `${base}:${parts.join(':')}`,
  });
}
