/** Shared fixtures for the policy tests: the real notice, the made-up second notice, engines and a fixed clock. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dayjs, type Dayjs } from '../../../domain/time';
import { createPolicyEngine, type PolicyCampaign, type PolicyEngine } from '../../../handlers/policy';

const ROOT = join(__dirname, '..', '..', '..');
export const XICHENG_NOTICE = readFileSync(join(ROOT, 'campaigns', 'xicheng-2016', 'notice.txt'), 'utf8');
/** A made-up notice in the same style: other district, year, dates, numbers, stray spaces and half-width marks. */
export const YUNXI_NOTICE = readFileSync(join(ROOT, 'test', 'fixtures', 'notices', 'yunxi-2019.txt'), 'utf8');

export const TZ = 'Asia/Shanghai';
export const at = (iso: string): Dayjs => dayjs(iso).tz(TZ);

let xicheng: PolicyEngine | undefined;
let yunxi: PolicyEngine | undefined;

/** Engine on the notice text alone (no campaign corrections), built once per test file. */
export function xichengEngine(): PolicyEngine {
  xicheng ??= createPolicyEngine({ noticeText: XICHENG_NOTICE, timezone: TZ });
  return xicheng;
}

export function yunxiEngine(): PolicyEngine {
  yunxi ??= createPolicyEngine({ noticeText: YUNXI_NOTICE, timezone: TZ });
  return yunxi;
}

export function engineFor(campaign: PolicyCampaign): PolicyEngine {
  return createPolicyEngine(campaign);
}

/** First line of a reply: the direct answer. */
export const firstLine = (reply: string): string => reply.split('\n')[0] ?? '';
