/**
 * The shipped campaign with `n` generated units (one contact each) instead of the real ones, for
 * broadcast tests and the benches. Unit `u00001` … supervised by 区政府办; deliverables as shipped.
 */
import type { Campaign } from '../../domain/campaign';
import { campaignVariant } from './campaign-variant';

export function bigCampaign(n: number, edit?: (raw: Record<string, unknown>) => void): Campaign {
  return campaignVariant((raw) => {
    const pad = (i: number) => String(i).padStart(5, '0');
    raw.units = Array.from({ length: n }, (_, i) => ({ id: `u${pad(i)}`, name: `单位${pad(i)}`, kind: i % 3 === 0 ? '街道' : '区级部门', supervisor: i % 2 ? 'gov-office' : 'crypto-bureau' }));
    const staff = (raw.contacts as { role: string }[]).filter((c) => c.role === 'staff');
    raw.contacts = [...staff, ...Array.from({ length: n }, (_, i) => ({ id: `c${pad(i)}`, name: `联系人${pad(i)}`, role: 'contact', unit: `u${pad(i)}`, openId: `ou_c${pad(i)}` }))];
    edit?.(raw);
  });
}
