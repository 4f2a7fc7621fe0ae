/**
 * The general path: rank sections with BM25, answer with the best sentence of the best section (a yes/no
 * question gets 是/可以/需要 first when the notice says so), or list a section's parts when asked "which ones".
 */
import { answerWith, brief } from './compose';
import type { Knowledge } from './knowledge';
import type { NoticeSection } from './notice-parser';
import type { PolicyAnswer } from './policy-types';
import type { Query } from './question';
import type { Hit } from './search-index';
import { splitSentences } from './text-normalize';

const ENUM = /哪些|哪几|包括|包含|什么|有啥|几个|几种|几方面|几类|分几|都有|都查|都包括|内容|方面/;
/** A yes/no answer needs a sentence that covers most of the question; otherwise just quote the sentence. */
const YES_NO_MIN_COVERAGE = 0.9;
/** Longest list (characters) that still carries each part's one-line description. */
const ENUM_DETAIL_MAX = 220;
/** Below this summed idf a question is too vague to answer from one section. */
const VAGUE_WEIGHT = 1;
const QUANTITY = /多少|(?<!哪)几(个|次|人|份|名|家|项|天|周|轮|条|年|位|台)/;
const NUMBER = /\d|[两二三四五六七八九十百千]+(个|次|人|份|名|家|项|种|天|周|轮|条|年|类|位|台)/;
const NEGATION = /不得|不能|不可|无需|不需要|不必|禁止|严禁|不予/;

export interface SearchResult {
  answer?: PolicyAnswer;
  confidence: number;
  /** Closest sections, for "您是不是想问……". */
  closest: string[];
}

function yesWord(q: Query): string {
  const t = q.text;
  if (/可以|可不可以|能不能|能否|可否|能/.test(t)) return '可以';
  if (/需不需要|需要|要不要|用不用|要/.test(t)) return '需要';
  if (/算不算|算/.test(t)) return '算';
  if (/会不会|会/.test(t)) return '会';
  if (/有没有|有/.test(t)) return '有';
  return '是';
}

function childrenOf(k: Knowledge, s: NoticeSection): NoticeSection[] {
  return s.children.map((id) => k.sections.get(id)).filter((c): c is NoticeSection => c !== undefined);
}

/** "检查内容有哪些" → the parts of 五 with their headings (and a short description when there is one). */
function enumerate(k: Knowledge, s: NoticeSection, confidence: number): PolicyAnswer | undefined {
  const parts = childrenOf(k, s);
  if (parts.length < 2 || parts.some((p) => !p.heading)) return undefined;
  const label = (p: NoticeSection) => {
    const num = p.id.slice(s.id.length).replace(/^-/, '');
    return /^（/.test(num) ? num : `${num}、`;
  };
  const detail = (p: NoticeSection) => {
    const body = p.text.replace(new RegExp(`^${p.heading}[。：]?`), '').trim();
    const first = splitSentences(body)[0];
    return first && first.length <= 60 ? `（${first.replace(/[。；]$/, '')}）` : '';
  };
  const withDetail = parts.map((p) => `${label(p)}${p.heading}${detail(p)}`).join('；');
  const items = withDetail.length <= ENUM_DETAIL_MAX ? withDetail : parts.map((p) => `${label(p)}${p.heading}`).join('；');
  const name = s.heading || s.title;
  return answerWith(k, { direct: `${name}共${parts.length}项：${items}。`, quote: s.text || undefined, sections: [s.id], confidence });
}

/**
 * A clause that matched only through its parent's heading ("检查内容有哪些" → 五（四）, short, so BM25 likes it)
 * stands for the parent.
 */
function preferParent(k: Knowledge, hits: Hit[]): Hit | undefined {
  const top = hits[0];
  if (!top?.section.parent) return top;
  const parent = hits.find((h) => h.section.id === top.section.parent);
  if (!parent) return top;
  const parentHeading = new Set(k.tokenizer.tokenize(parent.section.heading));
  return [...top.matched].every((t) => parentHeading.has(t)) ? parent : top;
}

export function searchAnswer(k: Knowledge, q: Query): SearchResult {
  const hits = q.hits;
  const top = preferParent(k, hits);
  const closest = hits.slice(0, 3).map((h) => h.section.id);
  if (!top) return { confidence: 0, closest };
  const kids = childrenOf(k, top.section);
  const matched = new Set(top.matched);
  const cov = k.index.coverage(q.tokens, matched);
  // A question with hardly any specific words ("检查查什么") matches everything a little: be less sure.
  const specificity = [...new Set(q.tokens)].reduce((a, t) => a + k.index.weight(t), 0);
  const confidence = Math.min(1, 0.15 + 0.85 * cov) * (specificity < VAGUE_WEIGHT ? 0.4 : 1);
  if (kids.length > 0 && ENUM.test(q.text)) {
    const list = enumerate(k, top.section, confidence);
    if (list) return { answer: list, confidence, closest };
  }
  // Candidate sentences: the section's own, or its children's when it has no text of its own.
  const pool = top.section.text ? [top.section] : kids;
  const enumBonus = ENUM.test(q.text) ? 0.5 : 0;
  const ranked = pool
    .flatMap((s) =>
      k.index.rankSentences(s.id, q.tokens).map((r) => ({ ...r, section: s.id, heading: s.heading })),
    )
    .filter((r) => r.text.replace(/[。：]$/, '') !== r.heading && !/^(时间|时限)：/.test(r.text))
    .map((r) => ({ ...r, score: r.score + (enumBonus && /包括|、/.test(r.text) ? enumBonus : 0) }))
    .sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best) return { confidence: 0, closest };
  const focus = bestClause(k, best.text, q.tokens);
  let direct = brief(best.text, focus);
  const sentenceTokens = new Set(k.tokenizer.tokenize(best.text));
  const sentenceCov = k.index.coverage(q.tokens, sentenceTokens);
  const unknown = q.tokens.some((t) => !k.index.has(t) && k.index.weight(t) > 0);
  if (q.yesNo && !unknown && sentenceCov >= YES_NO_MIN_COVERAGE) {
    const yes = yesWord(q);
    direct = NEGATION.test(best.text) ? `不${yes === '可以' ? '可以' : yes}。${direct}` : `${yes}。${direct}`;
  }
  const second = ranked.find((r) => r !== best && r.score > 0 && r.section === best.section);
  // "几个人 / 多少钱" wants a number: a sentence without one does not answer it.
  const conf = QUANTITY.test(q.text) && !NUMBER.test(best.text) ? confidence * 0.4 : confidence;
  const answer = answerWith(k, { direct, quote: second?.text, sections: [best.section], confidence: conf });
  return { answer, confidence: conf, closest };
}

function bestClause(k: Knowledge, text: string, tokens: string[]): string | undefined {
  const want = new Set(tokens);
  let best: { clause: string; score: number } | undefined;
  for (const clause of text.split(/[，；。：]/)) {
    const score = [...new Set(k.tokenizer.tokenize(clause))].reduce((a, t) => a + (want.has(t) ? k.index.idf(t) : 0), 0);
    if (!best || score > best.score) best = { clause, score };
  }
  return best?.clause;
}

/** A whole section (for a chosen "您是不是想问……" option). */
export function sectionAnswer(k: Knowledge, id: string): PolicyAnswer | undefined {
  const s = k.sections.get(id);
  if (!s) return undefined;
  const kids = childrenOf(k, s);
  const body = s.text ? brief(s.text, undefined, 200) : '';
  const list = kids.length > 0 ? `包括：${kids.map((c) => c.title.slice(s.title.length).trim() || c.id).join('；')}。` : '';
  const direct = `${s.title}：${[body, list].filter(Boolean).join(' ') || '（无正文）'}`;
  return answerWith(k, { direct, sections: [s.id], confidence: 1 });
}
