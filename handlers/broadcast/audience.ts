/**
 * Broadcast audiences: all units, a kind of unit (街道 / 区级部门 / 党委系统), units still pending for a
 * deliverable (未完成自查报告), or named units (金融街、月坛). Returns the units and their contacts.
 */
import type { Campaign, Contact, Deliverable, Unit } from '../../domain/campaign';
import { UNIT_KINDS } from '../../domain/campaign';
import { deliverableDoneAt, type UnitStatus } from '../../domain/progress';

export interface Audience {
  label: string;
  units: Unit[];
  contacts: Contact[];
}

export type AudienceSpec =
  | { kind: 'all' }
  | { kind: 'unitKind'; unitKind: (typeof UNIT_KINDS)[number] }
  | { kind: 'pending'; deliverable: Deliverable }
  | { kind: 'named'; units: Unit[] };

export type AudienceParse = { ok: true; spec: AudienceSpec } | { ok: false; message: string };

const ALL = new Set(['全部', '全部单位', '所有单位', '全体', '全体单位', '各单位', 'all']);

function findDeliverable(campaign: Campaign, ref: string): Deliverable | undefined {
  const r = ref.replace(/^(的|了)/, '').trim();
  if (!r) return undefined;
  return (
    campaign.deliverables.find((d) => d.id === r || d.name === r) ??
    campaign.deliverables.find((d) => d.from === 'units' && (d.name.includes(r) || r.includes(d.name)))
  );
}

function findUnit(campaign: Campaign, name: string): Unit | undefined {
  return campaign.units.find((u) => u.id === name || u.name === name || u.aliases.includes(name));
}

export function parseAudience(campaign: Campaign, raw: string): AudienceParse {
  const s = raw.trim();
  if (ALL.has(s)) return { ok: true, spec: { kind: 'all' } };
  const kind = UNIT_KINDS.find((k) => s === k || s === `所有${k}` || s === `全部${k}` || s === `各${k}`);
  if (kind) return { ok: true, spec: { kind: 'unitKind', unitKind: kind } };
  const pending = /^(?:未完成|未提交|未交|未报送|还没交)(.*)$/.exec(s);
  if (pending) {
    const d = findDeliverable(campaign, pending[1] ?? '');
    if (!d) return { ok: false, message: `没有找到材料“${pending[1] ?? ''}”。可用：${campaign.deliverables.filter((x) => x.from === 'units').map((x) => x.name).join('、')}。` };
    return { ok: true, spec: { kind: 'pending', deliverable: d } };
  }
  const names = s.split(/[、,，;；]/).map((x) => x.trim()).filter(Boolean);
  const units: Unit[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    const u = findUnit(campaign, n);
    if (u) units.push(u);
    else unknown.push(n);
  }
  if (unknown.length > 0 || units.length === 0) {
    return { ok: false, message: `无法识别发送对象“${unknown.join('、') || s}”。可以是：全部单位、街道、区级部门、党委系统、未完成<材料名>（如“未完成自查报告”），或单位名（用顿号分隔）。` };
  }
  return { ok: true, spec: { kind: 'named', units: [...new Map(units.map((u) => [u.id, u])).values()] } };
}

export function resolveAudience(campaign: Campaign, spec: AudienceSpec, statuses: Map<string, UnitStatus>): Audience {
  let units: Unit[];
  let label: string;
  switch (spec.kind) {
    case 'all':
      units = campaign.units;
      label = '全部单位';
      break;
    case 'unitKind':
      units = campaign.units.filter((u) => u.kind === spec.unitKind);
      label = spec.unitKind;
      break;
    case 'pending':
      units = campaign.units.filter((u) => {
        const st = statuses.get(u.id);
        return !st || !deliverableDoneAt(spec.deliverable, st);
      });
      label = `未完成${spec.deliverable.name}的单位`;
      break;
    case 'named':
      units = spec.units;
      label = spec.units.map((u) => u.name).join('、');
      break;
  }
  const ids = new Set(units.map((u) => u.id));
  const contacts = campaign.contacts.filter((c) => c.role === 'contact' && c.unit !== undefined && ids.has(c.unit));
  return { label, units, contacts };
}
