/**
 * Notifications from staff tools to people: a unit's contacts (new finding, 复核 result) or the staff of
 * the office that supervises a unit (an item marked fixed). Failures are logged and counted, never thrown:
 * the change itself is already stored.
 */
import { createHash } from 'node:crypto';
import type { Contact } from '../../domain/campaign';
import type { Reply } from '../../domain/reply';
import type { HandlerDeps } from '../types';

export interface NotifyResult {
  sent: string[];
  failed: string[];
  /** No sender configured. */
  skipped: boolean;
}

/** A per-person idempotency key of at most 50 characters (hashed when the readable form is longer). */
export function personalKey(eventKey: string, contactId: string): string {
  const full = `${eventKey}:${contactId}`;
  return full.length <= 50 ? full : `n:${createHash('sha256').update(full).digest('hex').slice(0, 40)}`;
}

async function notify(deps: HandlerDeps, people: Contact[], reply: Reply, dedupKey: string): Promise<NotifyResult> {
  const result: NotifyResult = { sent: [], failed: [], skipped: !deps.sender };
  if (!deps.sender) return result;
  for (const c of people) {
    if (!c.openId) continue;
    try {
      await deps.sender.send({ to: { openId: c.openId }, reply, dedupKey: personalKey(dedupKey, c.id) });
      result.sent.push(c.name);
    } catch (err) {
      deps.logger.warn({ err, contactId: c.id, dedupKey }, 'staff notification failed');
      result.failed.push(c.name);
    }
  }
  return result;
}

export function notifyUnitContacts(deps: HandlerDeps, unitId: string, reply: Reply, dedupKey: string): Promise<NotifyResult> {
  const people = deps.campaign.contacts.filter((c) => c.role === 'contact' && c.unit === unitId);
  return notify(deps, people, reply, dedupKey);
}

/** The staff of the unit's supervising office (not the district-wide staff, who would get every unit). */
export function notifySupervisors(deps: HandlerDeps, unitId: string, reply: Reply, dedupKey: string): Promise<NotifyResult> {
  const unit = deps.campaign.unit(unitId);
  const people = deps.campaign.contacts.filter((c) => c.role === 'staff' && c.scope === 'office' && c.office === unit?.supervisor);
  return notify(deps, people, reply, dedupKey);
}

export function notifySummary(r: NotifyResult, who: string): string {
  if (r.skipped) return '（未配置消息发送，未通知）';
  if (r.sent.length === 0 && r.failed.length === 0) return `（${who}没有登记飞书账号，未通知）`;
  return `已通知${who}：${r.sent.join('、') || '无'}${r.failed.length > 0 ? `；发送失败：${r.failed.join('、')}（已记录日志）` : ''}`;
}
