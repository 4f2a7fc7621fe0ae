/**
 * BM25 over the notice's sections, plus sentence-level scoring inside a section for quoting. A section's document
 * is its heading (counted twice), its parent's heading and its own text.
 */
import { FRAME_WORDS, NEAR_TERM_WORDS } from './lexicon';
import type { NoticeSection } from './notice-parser';
import { splitSentences } from './text-normalize';
import type { Tokenizer } from './tokenizer';

const K1 = 1.2;
const B = 0.75;
/** Weight (relative to the maximum idf) of an unknown verb or particle (遵循, 容易); unknown nouns weigh fully. */
const UNKNOWN_NON_NOUN = 0.3;
/**
 * Canonical tokens that frame a question rather than say what it is about (时间 from 什么时候/几号): they help
 * ranking but do not count as understanding ("今天几号" is not answered by a 时间 line).
 */
const FRAME_TOKENS: ReadonlySet<string> = new Set(['时间', '截止', '阶段']);

export interface IndexedSentence {
  text: string;
  tokens: ReadonlySet<string>;
}

interface Doc {
  section: NoticeSection;
  tf: Map<string, number>;
  len: number;
  sentences: IndexedSentence[];
}

export interface Hit {
  section: NoticeSection;
  score: number;
  /** Query tokens found in the section. */
  matched: Set<string>;
}

export class SearchIndex {
  private readonly docs: Doc[];
  private readonly df = new Map<string, number>();
  private readonly avgLen: number;
  readonly maxIdf: number;

  constructor(
    sections: readonly NoticeSection[],
    private readonly tokenizer: Tokenizer,
  ) {
    const byId = new Map(sections.map((s) => [s.id, s]));
    this.docs = sections.map((section) => {
      const parent = section.parent ? byId.get(section.parent) : undefined;
      const tokens = [
        ...tokenizer.tokenize(section.heading),
        ...tokenizer.tokenize(section.heading),
        ...tokenizer.tokenize(parent?.heading ?? ''),
        ...tokenizer.tokenize(section.text),
      ];
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      const sentences = splitSentences(section.text).map((text) => ({ text, tokens: new Set(tokenizer.tokenize(text)) }));
      return { section, tf, len: tokens.length, sentences };
    });
    for (const d of this.docs) for (const t of d.tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.avgLen = this.docs.reduce((a, d) => a + d.len, 0) / Math.max(1, this.docs.length);
    this.maxIdf = Math.log(1 + (this.docs.length + 0.5) / 0.5);
  }

  /** Tokens the notice uses (for typo repair and "is this about the notice" checks). */
  vocabulary(): IterableIterator<string> {
    return this.df.keys();
  }

  has(token: string): boolean {
    return this.df.has(token);
  }

  idf(token: string): number {
    const df = this.df.get(token) ?? 0;
    return Math.log(1 + (this.docs.length - df + 0.5) / (df + 0.5));
  }

  /**
   * Weight of a query token for coverage: its idf when the notice uses it, 0 for a question-frame word the notice
   * does not use (截止, 文号 …; also 签字, whose absence the reply explains), the maximum idf for any other noun it does
   * not use (天气, 食堂, or 等级保护 in a notice without it) and a little for a verb it does not use (遵循, 划分 …).
   * Frame words (时间, 阶段) weigh 0 for coverage but count `forTopic`: a question about 阶段 is about the notice even
   * though 阶段 alone answers nothing.
   */
  weight(token: string, forTopic = false): number {
    if (FRAME_TOKENS.has(token) && !forTopic) return 0;
    if (this.tokenizer.offTopic.has(token)) return this.maxIdf;
    if (this.df.has(token)) return this.idf(token);
    if (FRAME_WORDS.has(token) || NEAR_TERM_WORDS.has(token)) return 0;
    return this.tokenizer.isNounLike(token) ? this.maxIdf : UNKNOWN_NON_NOUN * this.maxIdf;
  }

  /** Sections ranked by BM25 (only those matching at least one token), best first. */
  search(query: readonly string[], filter?: (s: NoticeSection) => boolean): Hit[] {
    const terms = [...new Set(query)];
    const hits: Hit[] = [];
    for (const d of this.docs) {
      if (filter && !filter(d.section)) continue;
      let score = 0;
      const matched = new Set<string>();
      for (const t of terms) {
        const f = d.tf.get(t);
        if (!f) continue;
        matched.add(t);
        score += (this.idf(t) * f * (K1 + 1)) / (f + K1 * (1 - B + (B * d.len) / this.avgLen));
      }
      if (score > 0) hits.push({ section: d.section, score, matched });
    }
    return hits.sort((a, b) => b.score - a.score);
  }

  /** Share of the question's weight that a set of matched tokens covers (0–1). */
  coverage(query: readonly string[], matched: ReadonlySet<string>): number {
    let total = 0;
    let got = 0;
    for (const t of new Set(query)) {
      const w = this.weight(t);
      total += w;
      if (matched.has(t)) got += w;
    }
    return total > 0 ? got / total : 0;
  }

  sentences(sectionId: string): readonly IndexedSentence[] {
    return this.docs.find((d) => d.section.id === sectionId)?.sentences ?? [];
  }

  /** Sentences of a section ranked by the idf of the query tokens they contain. */
  rankSentences(sectionId: string, query: readonly string[]): Array<{ text: string; score: number }> {
    const terms = [...new Set(query)];
    return this.sentences(sectionId)
      .map((s, i) => ({ text: s.text, score: terms.reduce((a, t) => a + (s.tokens.has(t) ? this.idf(t) : 0), 0) - i * 1e-3 }))
      .sort((a, b) => b.score - a.score);
  }
}
