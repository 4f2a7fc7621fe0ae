/**
 * The shipped campaign with some fields changed (deadlines, reminder policy), for tests.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { parseCampaign, type Campaign } from '../../domain/campaign';

const dir = path.join(__dirname, '../../campaigns/xicheng-2016');

export function shippedCampaignPath(): string {
  return dir;
}

/** Apply `edit` to the parsed YAML of the shipped campaign and load the result. */
export function campaignVariant(edit: (raw: Record<string, unknown>) => void): Campaign {
  const raw = parse(readFileSync(path.join(dir, 'campaign.yaml'), 'utf8')) as Record<string, unknown>;
  edit(raw);
  return parseCampaign(stringify(raw), path.join(dir, 'campaign.yaml'), readFileSync(path.join(dir, 'notice.txt'), 'utf8'));
}

/** A campaign with only the given unit deliverables (id, due) plus the shipped units and contacts. */
export function campaignWithDeadlines(deadlines: Record<string, string>): Campaign {
  return campaignVariant((raw) => {
    const dls = raw.deliverables as { id: string; due: string; from?: string }[];
    raw.deliverables = dls.filter((d) => d.id in deadlines).map((d) => ({ ...d, due: deadlines[d.id] }));
  });
}
