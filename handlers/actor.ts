import type { Campaign } from '../domain/campaign';
import type { Actor, Inbound } from './types';

/** Map a sender to a campaign contact; an unregistered sender is `unknown`. */
export function resolveActor(from: Inbound['from'], campaign: Campaign): Actor {
  const contact =
    (from.contactId !== undefined ? campaign.contact(from.contactId) : undefined) ??
    (from.openId !== undefined ? campaign.contactByOpenId(from.openId) : undefined);
  if (!contact) return { kind: 'unknown', openId: from.openId, contactId: from.contactId };
  if (contact.role === 'staff') return { kind: 'staff', contact };
  const unit = contact.unit !== undefined ? campaign.unit(contact.unit) : undefined;
  if (!unit) return { kind: 'unknown', openId: from.openId, contactId: from.contactId };
  return { kind: 'contact', contact, unit };
}

/** The registration hint for unknown users: the contacts of the office named in the notice. */
export function registrationHint(campaign: Campaign): string {
  const lines = campaign.offices
    .filter((o) => o.contactName || o.phone)
    .map((o) => `${o.name}${o.contactName ? ` ${o.contactName}` : ''}${o.phone ? `（电话 ${o.phone}）` : ''}`);
  return lines.length > 0
    ? `如需为本单位填报自查，请联系检查工作组登记为单位联系人：${lines.join('；')}。`
    : '如需为本单位填报自查，请联系检查工作组登记为单位联系人。';
}
