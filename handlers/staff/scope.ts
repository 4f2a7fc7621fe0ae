/**
 * Which units a staff member sees, per 四 of the notice:
 * - 四（二） `gov-office` (区政府办): the units it supervises in the campaign (区级部门 and the 15 街道);
 * - 四（一） `crypto-bureau` (区密码管理局): the units it supervises (党委系统). 四（一） also makes it responsible
 *   for the intranet (电子政务内网) and cryptography (密码技术与产品) checks of every unit: its staff see those
 *   areas' completion for the whole district in 进度总览 (`crossAreas`), but the unit lists, findings,
 *   复核 and exports stay limited to the units it supervises;
 * - a contact with `scope: district` sees every unit.
 * The supervising office comes from `units[].supervisor` in the campaign, so a campaign that moves a unit
 * moves it here too.
 */
import type { Campaign, Contact, Unit } from '../../domain/campaign';

/** Areas an office checks in every unit (not only the units it supervises), by office id. */
const CROSS_UNIT_AREAS: Record<string, string[]> = {
  // 四（一）: 电子政务内网 (五（三）内网安防) and 密码技术与产品 (五（五）).
  'crypto-bureau': ['nw', 'mm'],
};

export interface StaffScope {
  /** Shown in replies: 区政府办负责的单位 / 全区. */
  label: string;
  district: boolean;
  /** The units, in campaign order. */
  units: Unit[];
  /** Area ids this person follows across all units of the district (see 四（一）). */
  crossAreas: string[];
}

export function staffScope(contact: Contact, campaign: Campaign): StaffScope {
  if (contact.scope === 'district' || contact.office === undefined) {
    return { label: '全区', district: true, units: [...campaign.units], crossAreas: [] };
  }
  const office = campaign.office(contact.office);
  const units = campaign.units.filter((u) => u.supervisor === contact.office);
  const crossAreas = (CROSS_UNIT_AREAS[contact.office] ?? []).filter((a) => campaign.area(a) !== undefined);
  return { label: `${office?.name ?? contact.office}负责的单位`, district: false, units, crossAreas };
}

export function inScope(scope: StaffScope, unitId: string): boolean {
  return scope.units.some((u) => u.id === unitId);
}

function norm(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** Find a unit by id, name or alias (exact, after normalising width, case and spaces). */
export function findUnit(campaign: Campaign, text: string): Unit | undefined {
  const t = norm(text);
  if (t.length === 0) return undefined;
  return campaign.units.find((u) => norm(u.id) === t || norm(u.name) === t || u.aliases.some((a) => norm(a) === t));
}

/**
 * The units a staff member follows for one deliverable: their scope, widened to the whole district when
 * their office is the deliverable's recipient (八（一）: every unit sends the sealed paper copy and CD to
 * 区委机要局（区密码管理局）, so its staff record and chase them for all units). Used by 未提交单位 and
 * 收到材料 only; details, findings, 复核 and exports keep the 四 scope.
 */
export function deliverableScope(scope: StaffScope, contact: Contact, campaign: Campaign, recipient: string): StaffScope {
  if (scope.district || contact.office !== recipient) return scope;
  const office = campaign.office(recipient);
  return { ...scope, label: `全区（${office?.name ?? recipient}为报送对象）`, units: [...campaign.units] };
}
