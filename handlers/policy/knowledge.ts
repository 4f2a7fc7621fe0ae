/**
 * Everything the engine knows, built once per campaign: the section tree, the facts extracted from the notice
 * (with the campaign file's corrections applied), the office synonym groups, the tokenizer and the index.
 */
import { DEFAULT_TZ } from '../../domain/time';
import { extractFacts, type NoticeContact, type NoticeFacts } from './notice-facts';
import { parseNotice, type NoticeSection, type ParsedNotice } from './notice-parser';
import type { PolicyCampaign } from './policy-types';
import { SearchIndex } from './search-index';
import { Tokenizer } from './tokenizer';

export interface OfficeInfo {
  name: string;
  aliases: string[];
  /** Canonical token of the office (its name). */
  token: string;
}

/**
 * Something units hand in that the campaign file names but the notice does not define (the notice has no
 * sentence with its due date and recipient): answers about it must say they come from the campaign file.
 */
export interface CampaignDeliverable {
  name: string;
  /** The receiving office's name. */
  recipient: string;
  due: string;
  /** The notice clause the campaign file ties it to. */
  clause: string;
  /** Tokens of the name, and of the name and description together. */
  nameTokens: ReadonlySet<string>;
  tokens: ReadonlySet<string>;
}

/** How many units of one kind the campaign file lists (区级部门, 街道 …). */
export interface CampaignUnitKind {
  kind: string;
  count: number;
}

export interface Knowledge {
  notice: ParsedNotice;
  sections: Map<string, NoticeSection>;
  facts: NoticeFacts;
  /** Unit deliverables only the campaign file defines. */
  campaignDeliverables: CampaignDeliverable[];
  /** The units the campaign file lists, counted by kind in the file's order (empty without a campaign file). */
  campaignUnits: CampaignUnitKind[];
  offices: OfficeInfo[];
  /** Staff contacts for "not sure" replies and contact questions. */
  contacts: NoticeContact[];
  tokenizer: Tokenizer;
  index: SearchIndex;
  tz: string;
}

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** Dice similarity of character bigrams (0–1). */
export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return a === b ? 1 : 0;
  let n = 0;
  for (const g of x) if (y.has(g)) n++;
  return (2 * n) / (x.size + y.size);
}

/** The campaign file may correct dates of facts found in the notice (matched by clause and name). */
function applyCorrections(facts: NoticeFacts, campaign: PolicyCampaign): NoticeFacts {
  const phases = facts.phases.map((p) => {
    const best = (campaign.phases ?? [])
      .filter((c) => c.clause === p.section)
      .map((c) => ({ c, s: similarity(c.name, p.name) }))
      .sort((a, b) => b.s - a.s)[0];
    return best && best.s >= 0.5 ? { ...p, start: best.c.start, end: best.c.end } : p;
  });
  const deliverables = facts.deliverables.map((d) => {
    const matches = (campaign.deliverables ?? []).filter(
      (c) => c.clause === d.section && [...d.names, ...d.aliases].some((n) => similarity(n, c.name) >= 0.8),
    );
    const dues = new Set(matches.map((m) => m.due));
    const due = dues.size === 1 ? [...dues][0] : undefined;
    return due ? { ...d, due } : d;
  });
  return { ...facts, phases, deliverables };
}

function mergeOffices(facts: NoticeFacts, campaign: PolicyCampaign): OfficeInfo[] {
  const out: OfficeInfo[] = facts.offices.map((o) => ({ name: o.name, aliases: [...o.aliases], token: o.name }));
  for (const c of campaign.offices ?? []) {
    const names = [c.name, ...c.aliases];
    const hit = out.find((o) => names.includes(o.name) || o.aliases.some((a) => names.includes(a)));
    if (hit) {
      for (const n of names) if (n !== hit.name && !hit.aliases.includes(n)) hit.aliases.push(n);
    } else {
      out.push({ name: c.name, aliases: [...c.aliases], token: c.name });
    }
  }
  return out;
}

function staffContacts(facts: NoticeFacts, campaign: PolicyCampaign): NoticeContact[] {
  const fromCampaign = (campaign.offices ?? [])
    .filter((o) => o.contactName && o.phone)
    .map((o) => ({ office: o.name, name: o.contactName as string, phone: o.phone as string }));
  return fromCampaign.length > 0 ? fromCampaign : facts.contacts;
}

function campaignOnlyDeliverables(facts: NoticeFacts, campaign: PolicyCampaign, tokenizer: Tokenizer): CampaignDeliverable[] {
  const officeName = new Map((campaign.offices ?? []).map((o) => [o.id, o.name]));
  const noticeNames = facts.deliverables.flatMap((d) => [...d.names, ...d.aliases]);
  return (campaign.deliverables ?? [])
    .filter((c) => c.from !== 'staff' && !noticeNames.some((n) => similarity(n, c.name) >= 0.8))
    .map((c) => {
      const nameTokens = new Set(tokenizer.tokenize(c.name));
      const tokens = new Set([...nameTokens, ...tokenizer.tokenize(c.description ?? '')]);
      return { name: c.name, recipient: officeName.get(c.recipient) ?? c.recipient, due: c.due, clause: c.clause, nameTokens, tokens };
    });
}

function campaignUnitKinds(campaign: PolicyCampaign): CampaignUnitKind[] {
  const counts = new Map<string, number>();
  for (const u of campaign.units ?? []) counts.set(u.kind, (counts.get(u.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => ({ kind, count }));
}

export function buildKnowledge(campaign: PolicyCampaign): Knowledge {
  const notice = parseNotice(campaign.noticeText);
  const facts = applyCorrections(extractFacts(notice), campaign);
  const offices = mergeOffices(facts, campaign);
  const docNames = facts.deliverables.flatMap((d) => [...d.names, ...d.aliases]);
  const tokenizer = new Tokenizer({
    groups: offices.map((o) => [o.name, ...o.aliases]),
    phrases: [...docNames, ...notice.sections.filter((s) => s.kind === 'attachment').map((s) => s.heading)].filter(Boolean),
  });
  const index = new SearchIndex(notice.sections, tokenizer);
  tokenizer.learn(index.vocabulary());
  return {
    notice,
    sections: new Map(notice.sections.map((s) => [s.id, s])),
    facts,
    campaignDeliverables: campaignOnlyDeliverables(facts, campaign, tokenizer),
    campaignUnits: campaignUnitKinds(campaign),
    offices,
    contacts: staffContacts(facts, campaign),
    tokenizer,
    index,
    tz: campaign.timezone || DEFAULT_TZ,
  };
}
