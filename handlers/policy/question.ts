/**
 * Question analysis: normalise (width, spaces, English glossary, typos), segment, rank sections, and recognise
 * the entities the notice defines (deliverables, offices, phases).
 */
import type { Knowledge, OfficeInfo } from './knowledge';
import type { Deliverable, Phase } from './notice-facts';
import type { Hit } from './search-index';
import { QUERY_EXPANSIONS } from './lexicon';
import { normalizeQuestion } from './text-normalize';
import { translateEnglish } from './tokenizer';

export interface DeliverableMatch {
  d: Deliverable;
  /** Names of the deliverable the question mentions (all names when it only says 材料/报告). */
  names: string[];
  specific: boolean;
}

export interface Query {
  raw: string;
  /** Normalised, English translated, typos repaired. */
  text: string;
  tokens: string[];
  hits: Hit[];
  /** Share of the question's weight the notice knows at all (0 = nothing the notice talks about). */
  onTopic: number;
  deliverables: DeliverableMatch[];
  offices: OfficeInfo[];
  /** The question was English. */
  english: boolean;
  /** A yes/no question (…吗, 要不要, 是否 …, Is/Can/Does …). */
  yesNo: boolean;
}

const GENERIC_DELIVERABLE = /材料|报告|报表|表格|东西|资料|文件|光盘|电子版|纸质|公章|盖章/;
/**
 * The question asks what to hand in without naming it: 要交什么, 需要提交哪些, and the object first (哪些需要报送,
 * 什么材料要交; also English "What do I need to submit?" → 什么需要报送). Not when or to whom (什么时候交, 交哪些部门),
 * nor which units hand in (哪些单位需要报送).
 */
export const ASKS_WHAT_TO_SUBMIT =
  /(?:交|提交|报送|上报|递交|上交|报)(?:什么|哪些|啥|哪几样)(?!单位|部门|机构|机关|时候|时间|地方)|(?:什么|哪些|啥)(?:材料|东西|资料|文件)?(?:需要|要|得|必须|应该|应当|须)?(?:交|提交|报送|上报|递交|上交)/;

/** The question names a document by the end of its name ("自查表" for 网络安全自查表), at least three characters. */
function hasSuffix(text: string, name: string): boolean {
  for (let len = name.length - 1; len >= 3; len--) if (text.includes(name.slice(-len))) return true;
  return false;
}

function matchDeliverables(k: Knowledge, text: string, tokens: Set<string>): DeliverableMatch[] {
  const out: DeliverableMatch[] = [];
  for (const d of k.facts.deliverables) {
    const names = d.names.filter((n) =>
      [n, ...d.aliases.filter((a) => n.startsWith(a))].some((x) => text.includes(x) || tokens.has(k.tokenizer.canonical(x)) || hasSuffix(text, x)),
    );
    if (names.length > 0) out.push({ d, names, specific: true });
  }
  if (out.length === 0 && (GENERIC_DELIVERABLE.test(text) || ASKS_WHAT_TO_SUBMIT.test(text))) {
    for (const d of k.facts.deliverables) out.push({ d, names: d.names, specific: false });
  }
  return out;
}

function matchOffices(k: Knowledge, tokens: Set<string>): OfficeInfo[] {
  return k.offices.filter((o) => tokens.has(k.tokenizer.canonical(o.name)));
}

/** Weight (relative to the maximum idf) of a leftover single character in the on-topic check. */
const LOOSE_CHAR_WEIGHT = 0.3;
/** Longer messages are read up to here (a question is short; this bounds the work per message). */
const MAX_QUESTION_CHARS = 200;
const YES_NO = /吗[？]?$|吗？|要不要|是不是|是否|需不需要|有没有|用不用|能不能|可不可以|算不算|会不会|能否|可否/;
const EN_YES_NO = /^(is|are|can|do|does|should|must|will|may|could|shall)\b/;

/** Attachments are templates, not policy: they rank lower unless the question is about a template. */
const ABOUT_TEMPLATE = /模版|模板|格式|附件|怎么写|写什么|写哪些|部分|样表/;
const ATTACHMENT_PRIOR = 0.6;

function rank(k: Knowledge, text: string, tokens: string[]): Hit[] {
  // The closing (signature, contacts) is for the contact and document intents, not for general questions.
  const hits = k.index.search(tokens, (s) => s.kind !== 'closing');
  if (ABOUT_TEMPLATE.test(text)) return hits;
  return hits
    .map((h) => (h.section.kind === 'attachment' ? { ...h, score: h.score * ATTACHMENT_PRIOR } : h))
    .sort((a, b) => b.score - a.score);
}

export function analyze(k: Knowledge, question: string): Query {
  const norm = normalizeQuestion(question.slice(0, MAX_QUESTION_CHARS));
  const english = /[a-z]{3,}/.test(norm) && !/[\u4e00-\u9fa5]/.test(norm);
  const text = k.tokenizer.repairTypos(translateEnglish(norm));
  const segmented = k.tokenizer.tokenize(text, false);
  // Parts of a word the notice knows add nothing to it: 现场 of 现场抽查 (a notice that says 现场检查, its synonym,
  // never uses 现场 alone) must not count as a word the notice lacks.
  const knownWords = segmented.filter((t) => k.index.has(t));
  const tokens = segmented.filter((t) => k.index.has(t) || !knownWords.some((w) => w.length > t.length && w.includes(t)));
  // Only words the notice uses: an expansion stands for the notice's own word, it must not make the question unknown.
  for (const [re, extra] of QUERY_EXPANSIONS) if (re.test(text)) tokens.push(...extra.filter((t) => k.index.has(t)));
  const tokenSet = new Set(tokens);
  let total = 0;
  let known = 0;
  for (const t of tokenSet) {
    const w = k.index.weight(t, true);
    total += w;
    if (k.index.has(t)) known += w;
  }
  for (const _ of k.tokenizer.looseChars(text)) total += LOOSE_CHAR_WEIGHT * k.index.maxIdf;
  const onTopic = total > 0 ? known / total : tokens.length > 0 ? 1 : 0;
  return {
    raw: question,
    text,
    tokens,
    hits: rank(k, text, tokens),
    onTopic,
    deliverables: matchDeliverables(k, text, tokenSet),
    offices: matchOffices(k, tokenSet),
    english,
    yesNo: YES_NO.test(text) || (english && EN_YES_NO.test(norm)),
  };
}

/** Tokens of the question other than the given ones (e.g. without the office or cue words). */
export function contentTokens(q: Query, drop: Iterable<string>): string[] {
  const d = new Set(drop);
  return q.tokens.filter((t) => !d.has(t));
}

/**
 * The phase the question is about: first by the phase names ("自查阶段" → 信息安全自查、检测, the name that the
 * question covers best and that has the fewest other words), then by the phases' text, if the match is clear.
 */
export function matchPhase(k: Knowledge, q: Query, drop: Iterable<string> = []): Phase | undefined {
  const tokens = contentTokens(q, drop);
  if (tokens.length === 0) return undefined;
  const want = new Set(tokens);
  const byName = k.facts.phases
    .map((p) => {
      const name = new Set(k.tokenizer.tokenize(p.name));
      const shared = [...name].filter((t) => want.has(t)).length;
      return { p, cov: k.index.coverage(tokens, name), frac: name.size > 0 ? shared / name.size : 0 };
    })
    .sort((a, b) => b.cov - a.cov || b.frac - a.frac);
  const [n1, n2] = byName;
  if (n1 && n1.cov >= 0.5 && !(n2 && n2.cov === n1.cov && n2.frac === n1.frac)) return n1.p;
  const phaseIds = new Set(k.facts.phases.map((p) => p.section));
  const hits = k.index.search(tokens, (s) => phaseIds.has(s.id));
  const best = hits[0];
  if (!best) return undefined;
  // Words like 检查 match every phase: demand some specific words, and a clear winner (or the name's choice).
  const specific = [...best.matched].reduce((a, t) => a + k.index.idf(t), 0) >= 1;
  const second = hits[1];
  const clear = !second || second.score <= best.score * 0.9 || (n1 !== undefined && n1.cov >= 0.3 && n1.p.section === best.section.id);
  if (!specific || !clear || k.index.coverage(tokens, best.matched) < 0.4) return undefined;
  return k.facts.phases.find((p) => p.section === best.section.id);
}
