/**
 * The unit's self-check in Redis (ioredis), and the progress read model built on it.
 *
 * Keys (all under the unit's hash tag, so multi-key Lua works on a cluster):
 *   unitCheck(u)        hash  a:<questionId> → AnswerRecord JSON {value?, skipped?, by, at, ver};
 *                             m:<field> → unit meta (startedAt, submittedAt, submittedBy, amendedAt, paperReceivedAt,
 *                             organisation, opinions, manual:<deliverableId>)
 *   unitAudit(u)        stream, append-only: kind, ref, by, at, old, new — never trimmed or rewritten
 *   unitRemediation(u)  hash  <itemId> → RemediationItem JSON
 *   unitDialog(u, c)    hash  rev, state (the contact's DialogState JSON)
 *   unitVersion(u)      string, changed by every write to the unit's check or remediation hash (a random start,
 *                       then INCR): a reader that has the unit at this version gets only the version back
 * Every write refreshes a 400-day TTL on the keys it touches (campaign data outlives the campaign year).
 * One answered question costs two round trips: one read script (`load`: the version, the contact's dialog hash, and
 * the unit's two hashes only when the version differs from the one this instance has) and one Lua `commit`.
 */
import type Redis from 'ioredis';
import { z } from 'zod';
import type { Campaign } from '../domain/campaign';
import { StoreConflictError } from '../domain/errors';
import { REMEDIATION_STATUSES, emptyUnitStatus, type RemediationItem, type RemediationStatus, type UnitStatus } from '../domain/progress';
import type { AuditEntry as StaffAuditEntry, NewFinding, RemediationPatch, StaffStore, UpdateResult } from '../handlers/staff/ports';
import { answerRecordSchema, type AnswerRecord, type AuditEntry, type CommitResult, type Effects, type SelfCheckStore, type StoredDialog, type UnitMeta, type UnitSnapshot } from '../dialogs/ports';
import { dialogStateSchema, initialState, type DialogState } from '../dialogs/self-check-state';
import type { Keys } from './keys';
import { guard } from './redis';

export const SELF_CHECK_TTL_SECONDS = 400 * 24 * 3600;

const remediationSchema = z.object({
  id: z.string().min(1),
  unitId: z.string().min(1),
  source: z.enum(['selfcheck', 'finding']),
  areaId: z.string().optional(),
  questionId: z.string().optional(),
  system: z.string().optional(),
  severity: z.enum(['high', 'medium', 'low']).optional(),
  round: z.number().int().optional(),
  problem: z.string().min(1),
  measure: z.string().optional(),
  plannedDate: z.string().optional(),
  status: z.enum(REMEDIATION_STATUSES),
  note: z.string().optional(),
  createdAt: z.string().min(1),
  updatedAt: z.string().min(1),
});

/** The contact's dialog key: under the unit's hash tag so it commits atomically with the answers. */
export function unitDialogKey(keys: Keys, unitId: string, contactId: string): string {
  return keys.unitDialog(unitId, contactId);
}

// KEYS: check, audit, remediation, dialog, version.  ARGV[1]: JSON payload (see commit()).
const COMMIT_LUA = `
local p = cjson.decode(ARGV[1])
local rev = tonumber(redis.call('HGET', KEYS[4], 'rev') or '0')
if p.dialog and rev ~= p.dialog.expectedRev then return {'conflict-dialog'} end
local function audit(action, target, old, new)
  redis.call('XADD', KEYS[2], '*', 'action', action, 'target', target, 'by', p.by, 'at', p.at, 'old', old, 'new', new)
end
if p.answer then
  local field = 'a:' .. p.answer.questionId
  local cur = redis.call('HGET', KEYS[1], field)
  local curVer = 0
  if cur then curVer = tonumber(cjson.decode(cur).ver) or 0 end
  if curVer ~= p.answer.expectedVer then return {'conflict-answer', cur or ''} end
  local rec = p.answer.prefix .. ',"ver":' .. (curVer + 1) .. '}'
  redis.call('HSET', KEYS[1], field, rec)
  audit(p.answer.kind, p.answer.questionId, cur or '', rec)
end
if p.remediation then
  local old = redis.call('HGET', KEYS[3], p.remediation.id)
  if p.remediation.expectOld ~= nil and p.remediation.expectOld ~= (old or '') then return {'conflict-remediation', old or ''} end
  redis.call('HSET', KEYS[3], p.remediation.id, p.remediation.json)
  audit(p.remediation.action, p.remediation.id, old or '', p.remediation.json)
  redis.call('EXPIRE', KEYS[3], p.ttl)
end
local oldMeta = {}
if p.meta then
  for k, v in pairs(p.meta) do
    oldMeta[k] = redis.call('HGET', KEYS[1], 'm:' .. k) or ''
    redis.call('HSET', KEYS[1], 'm:' .. k, v)
  end
end
if p.metaNx then
  for k, v in pairs(p.metaNx) do redis.call('HSETNX', KEYS[1], 'm:' .. k, v) end
end
if p.audit then
  for _, a in ipairs(p.audit) do
    local old = a.old or ''
    if a.meta then old = oldMeta[a.meta] or '' end
    audit(a.action, a.target, old, a.value)
  end
end
if p.answer or p.remediation or p.meta or p.metaNx then
  if redis.call('INCR', KEYS[5]) == 1 then redis.call('SET', KEYS[5], p.seed) end
  redis.call('EXPIRE', KEYS[5], p.ttl)
end
redis.call('EXPIRE', KEYS[1], p.ttl)
redis.call('EXPIRE', KEYS[2], p.ttl)
local newRev = rev
if p.dialog then
  newRev = rev + 1
  redis.call('HSET', KEYS[4], 'rev', newRev, 'state', p.dialog.state)
  redis.call('EXPIRE', KEYS[4], p.ttl)
end
return {'ok', newRev}
`;

// KEYS: per row (remediation, audit, version) triples.  ARGV[1]: JSON {by, at, ttl, seed, rows: [{id, json, finding}]}
// aligned with KEYS.
const FINDINGS_LUA = `
local p = cjson.decode(ARGV[1])
local added = {}
for i, r in ipairs(p.rows) do
  local rem = KEYS[3 * i - 2]
  local aud = KEYS[3 * i - 1]
  local ver = KEYS[3 * i]
  if redis.call('HSETNX', rem, r.id, r.json) == 1 then
    redis.call('XADD', aud, '*', 'action', 'finding.add', 'target', r.id, 'by', p.by, 'at', p.at, 'old', '', 'new', r.finding)
    if redis.call('INCR', ver) == 1 then redis.call('SET', ver, p.seed) end
    redis.call('EXPIRE', rem, p.ttl)
    redis.call('EXPIRE', aud, p.ttl)
    redis.call('EXPIRE', ver, p.ttl)
    table.insert(added, i)
  end
end
return added
`;

// KEYS: version, check, remediation, [dialog]. ARGV[1]: the version the reader has ('' for none). Returns
// {version, check, remediation, dialog}: the check and remediation hashes (flat field/value arrays) only when
// the version is unknown or differs (else false), the dialog hash always. One call for what used to be a
// pipeline of HGETALLs; a unit that has not changed since the last turn costs a GET.
const READ_UNIT_LUA = `
local v = redis.call('GET', KEYS[1]) or ''
local out = {v, false, false, false}
if v == '' or v ~= ARGV[1] then
  out[2] = redis.call('HGETALL', KEYS[2])
  out[3] = redis.call('HGETALL', KEYS[3])
end
if KEYS[4] then out[4] = redis.call('HGETALL', KEYS[4]) end
return out
`;

/** A random start for a unit's version, so a version is never reused after the keys expired and came back. */
function versionSeed(): string {
  return String(Math.floor(Math.random() * 2 ** 48));
}

/** Units read recently, at their version (frozen: shared between turns). Bounded; cleared when full. */
const UNIT_CACHE_MAX = 20_000;

/** Audit action codes (shared with the staff tools' AuditEntry.action). */
const ACTION: Record<AuditEntry['kind'], string> = {
  answer: 'selfcheck.answer', skip: 'selfcheck.skip', amend: 'selfcheck.amend', remediation: 'remediation.selfcheck', submit: 'selfcheck.submit',
  closing: 'selfcheck.closing', paper: 'paper.received', manual: 'manual.done', finding: 'finding.add',
};

type RedisWithCommit = Redis & {
  scReadUnit(numKeys: number, ...keysAndArgs: string[]): Promise<[string, string[] | null, string[] | null, string[] | null]>;
  scFindings(numKeys: number, ...args: string[]): Promise<number[]>;
  scCommit(k1: string, k2: string, k3: string, k4: string, k5: string, payload: string): Promise<[string, string | number] | [string]>;
};


export class RedisSelfCheckStore implements SelfCheckStore, StaffStore {
  /** Redis round trips made by this instance (a pipeline or a script call counts once). */
  roundTrips = 0;
  private readonly redis: RedisWithCommit;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
    private readonly campaign: Campaign,
    private readonly ttlSeconds = SELF_CHECK_TTL_SECONDS,
  ) {
    if (!(redis as unknown as Partial<RedisWithCommit>).scReadUnit) {
      redis.defineCommand('scCommit', { numberOfKeys: 5, lua: COMMIT_LUA });
      redis.defineCommand('scFindings', { lua: FINDINGS_LUA });
      redis.defineCommand('scReadUnit', { lua: READ_UNIT_LUA });
    }
    this.redis = redis as unknown as RedisWithCommit;
  }

  private async trip<T>(op: () => Promise<T>): Promise<T> {
    this.roundTrips++;
    return guard(op);
  }

  /** Units at the version last read (this instance's cache; the version in Redis decides whether it is current). */
  private readonly units = new Map<string, { version: string; unit: UnitSnapshot }>();

  /** The unit (from the cache when its version has not changed) and, if asked, one contact's dialog hash. */
  private async readUnit(unitId: string, dialogKey?: string): Promise<{ unit: UnitSnapshot; dialog: Record<string, string> }> {
    const k = this.keys;
    const cached = this.units.get(unitId);
    const keys = [k.unitVersion(unitId), k.unitCheck(unitId), k.unitRemediation(unitId), ...(dialogKey ? [dialogKey] : [])];
    const [version, check, rem, dlg] = await this.trip(() => this.redis.scReadUnit(keys.length, ...keys, cached?.version ?? ''));
    let unit: UnitSnapshot;
    if (cached && check === null && version === cached.version) unit = cached.unit;
    else {
      unit = deepFreeze(toSnapshot(unitId, flatToRecord(check), flatToRecord(rem)));
      if (version !== '') {
        if (this.units.size >= UNIT_CACHE_MAX) this.units.clear();
        this.units.set(unitId, { version, unit });
      }
    }
    return { unit, dialog: flatToRecord(dlg) };
  }

  async load(unitId: string, contactId: string): Promise<{ unit: UnitSnapshot; dialog: StoredDialog | undefined }> {
    const { unit, dialog } = await this.readUnit(unitId, unitDialogKey(this.keys, unitId, contactId));
    return { unit, dialog: toDialog(unitId, dialog) };
  }

  async loadUnit(unitId: string): Promise<UnitSnapshot> {
    return (await this.readUnit(unitId)).unit;
  }

  async commit(unitId: string, contactId: string, by: string, at: string, dialog: { state: DialogState; expectedRev: number } | undefined, effects: Effects): Promise<CommitResult> {
    const payload: Record<string, unknown> = { by, at, ttl: this.ttlSeconds, seed: versionSeed() };
    let stateJson: string | undefined;
    if (dialog) {
      stateJson = JSON.stringify(dialog.state);
      payload.dialog = { expectedRev: dialog.expectedRev, state: stateJson };
    }
    if (effects.answer) {
      const { questionId, value, skipped, expectedVer } = effects.answer;
      const rec = JSON.stringify({ ...(value ? { value } : {}), ...(skipped ? { skipped } : {}), by, at });
      payload.answer = { questionId, expectedVer, prefix: rec.slice(0, -1), kind: ACTION[effects.audit?.some((a) => a.kind === 'amend') ? 'amend' : skipped ? 'skip' : 'answer'] };
    }
    if (effects.remediation) payload.remediation = { id: effects.remediation.id, json: JSON.stringify(effects.remediation), action: ACTION.remediation };
    if (effects.meta && Object.keys(effects.meta).length) payload.meta = effects.meta;
    if (effects.metaIfAbsent && Object.keys(effects.metaIfAbsent).length) payload.metaNx = effects.metaIfAbsent;
    const audit = (effects.audit ?? []).filter((a) => !(a.kind === 'amend' && effects.answer));
    // Closing answers are unit meta fields: the script logs their previous value as `old`.
    if (audit.length) payload.audit = audit.map((a) => ({ action: ACTION[a.kind], target: a.ref, value: a.value, ...(a.kind === 'closing' ? { meta: a.ref } : {}) }));
    const k = this.keys;
    const res = await this.trip(() => this.redis.scCommit(k.unitCheck(unitId), k.unitAudit(unitId), k.unitRemediation(unitId), unitDialogKey(k, unitId, contactId), k.unitVersion(unitId), JSON.stringify(payload)));
    if (res[0] === 'ok') {
      // The next turn reads back exactly this text: keep the state it stands for (frozen, as parsed ones are).
      if (dialog && stateJson !== undefined) dialogs.remember(stateJson, deepFreeze(dialog.state));
      return { ok: true, rev: Number(res[1]) };
    }
    if (res[0] === 'conflict-dialog') return { ok: false, conflict: 'dialog' };
    const cur = typeof res[1] === 'string' && res[1] !== '' ? parseAnswer(res[1]) : undefined;
    return { ok: false, conflict: 'answer', current: cur };
  }

  /** The unit's audit log, oldest first (StaffStore). */
  async auditEntries(unitId: string): Promise<StaffAuditEntry[]> {
    const rows = await this.trip(() => this.redis.xrange(this.keys.unitAudit(unitId), '-', '+'));
    return rows.map(([, fields]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i] as string] = fields[i + 1] as string;
      const e: StaffAuditEntry = { at: f.at ?? '', unitId, by: f.by ?? '', action: f.action ?? '' };
      if (f.target) e.target = f.target;
      if (f.old) e.oldValue = f.old;
      if (f.new) e.newValue = f.new;
      return e;
    });
  }

  // ── staff writes (StaffStore) ─────────────────────────────────────────────

  private async unitWrite(unitId: string, by: string, at: string, w: { meta?: Record<string, string>; remediation?: { item: RemediationItem; expectOld: string; action: string }; audit?: { action: string; target: string; old?: string; value: string }[] }): Promise<boolean> {
    const payload: Record<string, unknown> = { by, at, ttl: this.ttlSeconds, seed: versionSeed() };
    if (w.remediation) payload.remediation = { id: w.remediation.item.id, json: JSON.stringify(w.remediation.item), expectOld: w.remediation.expectOld, action: w.remediation.action };
    if (w.meta) payload.meta = w.meta;
    if (w.audit?.length) payload.audit = w.audit;
    const k = this.keys;
    // KEYS[4] (the dialog) is unused without a dialog; any key in the unit's slot will do.
    const res = await this.trip(() => this.redis.scCommit(k.unitCheck(unitId), k.unitAudit(unitId), k.unitRemediation(unitId), k.unitCheck(unitId), k.unitVersion(unitId), JSON.stringify(payload)));
    return res[0] === 'ok';
  }

  private knownUnit(unitId: string): void {
    if (!this.campaign.unit(unitId)) throw new RangeError(`unknown unit ${unitId}`);
  }

  async recordPaperReceived(unitId: string, at: string, by: string): Promise<void> {
    this.knownUnit(unitId);
    const old = (await this.loadUnit(unitId)).meta.paperReceivedAt;
    await this.unitWrite(unitId, by, at, { meta: { paperReceivedAt: at }, audit: [{ action: 'paper.received', target: 'paper-materials', old: old ?? '', value: at }] });
  }

  /** Staff marked a `completion: manual` deliverable done. */
  async markManualDone(unitId: string, deliverableId: string, at: string, by: string): Promise<void> {
    this.knownUnit(unitId);
    await this.unitWrite(unitId, by, at, { meta: { [`manual:${deliverableId}`]: at }, audit: [{ action: 'manual.done', target: deliverableId, value: at }] });
  }

  async updateRemediation(unitId: string, itemId: string, patch: RemediationPatch, by: string, at: string, expectedStatus?: RemediationStatus): Promise<UpdateResult> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const raw = await this.trip(() => this.redis.hget(this.keys.unitRemediation(unitId), itemId));
      const cur = raw === null ? undefined : parseRemediation(raw);
      if (!cur || raw === null) return { ok: false, reason: 'not-found' };
      if (expectedStatus !== undefined && cur.status !== expectedStatus) return { ok: false, reason: 'status-changed', current: cur };
      const next: RemediationItem = { ...cur, updatedAt: at };
      if (patch.status !== undefined) next.status = patch.status;
      if (patch.note !== undefined) next.note = patch.note;
      if (patch.plannedDate !== undefined) next.plannedDate = patch.plannedDate;
      if (await this.unitWrite(unitId, by, at, { remediation: { item: next, expectOld: raw, action: 'remediation.update' } })) return { ok: true, item: next };
      // Lost a race with another writer: re-read and decide again.
    }
    throw new StoreConflictError(`remediation item ${itemId} changed concurrently`);
  }

  async addFindings(unitId: string, findings: NewFinding[], by: string, at: string): Promise<RemediationItem[]> {
    return this.addFindingsBatch(findings.map((finding) => ({ unitId, finding })), by, at);
  }

  /** All rows in one Lua script (atomic on a single Redis; a cluster would need one call per slot). */
  async addFindingsBatch(rows: { unitId: string; finding: NewFinding }[], by: string, at: string): Promise<RemediationItem[]> {
    for (const r of rows) this.knownUnit(r.unitId);
    if (rows.length === 0) return [];
    const items = rows.map(({ unitId, finding: f }): RemediationItem => ({
      id: f.id, unitId, source: 'finding', system: f.system, severity: f.severity, round: f.round, problem: f.problem, plannedDate: f.dueDate, status: 'open', createdAt: at, updatedAt: at,
    }));
    const keys = rows.flatMap((r) => [this.keys.unitRemediation(r.unitId), this.keys.unitAudit(r.unitId), this.keys.unitVersion(r.unitId)]);
    const payload = { by, at, ttl: this.ttlSeconds, seed: versionSeed(), rows: rows.map((r, i) => ({ id: r.finding.id, json: JSON.stringify(items[i]), finding: JSON.stringify(r.finding) })) };
    const added = await this.trip(() => this.redis.scFindings(keys.length, ...keys, JSON.stringify(payload)));
    return added.map((i) => items[Number(i) - 1]).filter((x): x is RemediationItem => x !== undefined);
  }

  // ── ProgressReader ────────────────────────────────────────────────────────

  async unitStatus(unitId: string): Promise<UnitStatus> {
    return toStatus(this.campaign, await this.loadUnit(unitId));
  }

  async allUnitStatuses(): Promise<UnitStatus[]> {
    const p = this.redis.pipeline();
    for (const u of this.campaign.units) p.hgetall(this.keys.unitCheck(u.id)).hgetall(this.keys.unitRemediation(u.id));
    const res = (await this.trip(() => p.exec())) ?? [];
    return this.campaign.units.map((u, i) => {
      const [e1, check] = res[2 * i] ?? [null, {}];
      const [e2, rem] = res[2 * i + 1] ?? [null, {}];
      if (e1 || e2) throw e1 ?? e2;
      return toStatus(this.campaign, toSnapshot(u.id, (check ?? {}) as Record<string, string>, (rem ?? {}) as Record<string, string>));
    });
  }
}

function flatToRecord(flat: string[] | null | undefined): Record<string, string> {
  const h: Record<string, string> = {};
  if (flat) for (let j = 0; j + 1 < flat.length; j += 2) h[flat[j] as string] = flat[j + 1] as string;
  return h;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Shared parsed records must not be changed by a caller. */
function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/**
 * Stored records are immutable strings (a change writes a new one), and most are read again and again: each
 * turn reads the unit's whole answer hash, its remediation items and the contact's dialog state, mostly
 * unchanged since the last turn. Parsed (zod-validated, frozen) records are kept by their raw text, bounded.
 * `null` remembers a record the schema rejects.
 */
function rawCache<T>(schema: z.ZodType<T>, max: number) {
  const parsed = new Map<string, T | null>();
  const remember = (raw: string, value: T | null) => {
    if (parsed.size >= max) parsed.clear();
    parsed.set(raw, value);
  };
  return {
    remember,
    parse(raw: string): T | undefined {
      let hit = parsed.get(raw);
      if (hit === undefined) {
        const p = schema.safeParse(parseJson(raw));
        hit = p.success ? deepFreeze(p.data) : null;
        remember(raw, hit);
      }
      return hit ?? undefined;
    },
  };
}

const answers = rawCache<AnswerRecord>(answerRecordSchema, 20_000);
const remediations = rawCache<RemediationItem>(remediationSchema as z.ZodType<RemediationItem>, 20_000);
// A contact's state is most often read back exactly as this process wrote it at the end of the previous turn:
// a commit remembers the state it wrote.
const dialogs = rawCache<DialogState>(dialogStateSchema, 10_000);

function parseAnswer(raw: string): AnswerRecord | undefined {
  return answers.parse(raw);
}

function parseRemediation(raw: string): RemediationItem | undefined {
  return remediations.parse(raw);
}

function toSnapshot(unitId: string, check: Record<string, string>, rem: Record<string, string>): UnitSnapshot {
  const answers: Record<string, AnswerRecord> = {};
  const meta: UnitMeta = { manualDone: {} };
  for (const [field, raw] of Object.entries(check)) {
    if (field.startsWith('a:')) {
      const rec = parseAnswer(raw);
      if (rec) answers[field.slice(2)] = rec;
    } else if (field.startsWith('m:manual:')) meta.manualDone[field.slice(9)] = raw;
    else if (field.startsWith('m:')) {
      const k = field.slice(2);
      if (['startedAt', 'submittedAt', 'submittedBy', 'amendedAt', 'paperReceivedAt', 'organisation', 'opinions'].includes(k)) (meta as unknown as Record<string, string>)[k] = raw;
    }
  }
  const remediation = Object.values(rem).map(parseRemediation).filter((r): r is RemediationItem => r !== undefined).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return { unitId, answers, meta, remediation };
}

function toDialog(unitId: string, h: Record<string, string>): StoredDialog | undefined {
  if (h.rev === undefined) return undefined;
  const rev = Number(h.rev) || 0;
  const state = dialogs.parse(h.state ?? '');
  // An unknown or damaged state is discarded (the contact starts from the menu); the revision is kept for CAS.
  return { state: state && state.unitId === unitId ? state : initialState(unitId), rev };
}

export function toStatus(campaign: Campaign, s: UnitSnapshot): UnitStatus {
  const st = emptyUnitStatus(campaign, s.unitId);
  let answered = 0;
  let requiredAnswered = 0;
  for (const a of campaign.areas) {
    const n = a.questions.filter((q) => s.answers[q.id]?.value !== undefined).length;
    answered += n;
    requiredAnswered += a.questions.filter((q) => q.required && s.answers[q.id]?.value !== undefined).length;
    st.selfCheck.areas[a.id] = { answered: n, total: a.questions.length };
  }
  st.selfCheck.answered = answered;
  st.selfCheck.requiredAnswered = requiredAnswered;
  if (s.meta.startedAt) st.selfCheck.startedAt = s.meta.startedAt;
  if (s.meta.submittedAt) st.selfCheck.submittedAt = s.meta.submittedAt;
  if (s.meta.amendedAt) st.selfCheck.amendedAt = s.meta.amendedAt;
  if (s.meta.paperReceivedAt) st.paperReceivedAt = s.meta.paperReceivedAt;
  st.manualDone = { ...s.meta.manualDone };
  st.remediation = s.remediation;
  return st;
}
