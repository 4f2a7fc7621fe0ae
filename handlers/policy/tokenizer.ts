/**
 * Segmentation for ranking: known phrases first (longest match, mapped to their synonym group's canonical form),
 * then jieba (search mode) on the rest. Questions additionally get English → Chinese keywords and one-character
 * typo repair against the notice's own long words.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { DOMAIN_WORDS, ENGLISH_GLOSSARY, ENGLISH_STOPWORDS, OFFTOPIC_WORDS, QUESTION_PHRASES, STOPWORDS, SYNONYM_GROUPS } from './lexicon';

let shared: Jieba | undefined;

/** One jieba instance per process (loading the dictionary takes ~150 ms), with the domain words added. */
export function jieba(): Jieba {
  if (!shared) {
    shared = Jieba.withDict(dict);
    const words = new Set<string>([...DOMAIN_WORDS, ...OFFTOPIC_WORDS, ...SYNONYM_GROUPS.flat().filter((w) => /^[\u4e00-\u9fa5]{2,}$/.test(w))]);
    shared.loadDict(Buffer.from([...words].map((w) => `${w} 20000 n`).join('\n')));
  }
  return shared;
}

const CJK = /[\u4e00-\u9fa5]/;
/** Memoised segmentations kept (notice sentences and names repeat on every question). */
const MEMO_MAX = 20000;
/** Question and function characters: a window containing one is not a misspelt domain word. */
const QUESTION_CHARS = /[什么哪吗呢的了是有啥谁几怎咋要不]/;
/** Counts and question numbers (两份, 几个, 哪几, 三次) carry no content. */
const COUNT = /^(哪|几|多少|两|[一二三四五六七八九十百\d])+[份个次项条种天月号年周轮类部分样家名张]?$/;
/** Words of the glossary's keys (content words only: a stopword is never a lemma). */
const ENGLISH_VOCAB: ReadonlySet<string> = new Set(
  Object.keys(ENGLISH_GLOSSARY)
    .flatMap((key) => key.split(/[\s-]+/))
    .filter((w) => /^[a-z]+$/.test(w) && !ENGLISH_STOPWORDS.has(w)),
);

/** Base forms an inflected word may come from: checks → check, issued → issue, submitted → submit, testing → test. */
function baseForms(w: string): string[] {
  const out: string[] = [];
  const undouble = (stem: string) => (/([b-df-hj-np-tv-z])\1$/.test(stem) ? [stem.slice(0, -1)] : []);
  if (/ie[sd]$/.test(w)) out.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('es')) out.push(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss')) out.push(w.slice(0, -1));
  if (w.endsWith('ed')) out.push(w.slice(0, -2), w.slice(0, -1), ...undouble(w.slice(0, -2)));
  if (w.endsWith('ing')) out.push(w.slice(0, -3), `${w.slice(0, -3)}e`, ...undouble(w.slice(0, -3)));
  return out;
}

/** The glossary form of an English word: its base form when the glossary knows that (spot-checked → spot check). */
function englishLemma(w: string): string {
  if (ENGLISH_STOPWORDS.has(w)) return w;
  return baseForms(w).find((b) => b.length >= 2 && ENGLISH_VOCAB.has(b)) ?? w;
}

/**
 * Hyphens between letters become spaces, "what's" becomes "what is", possessives go ("team's" → team), and every
 * word takes its glossary form.
 */
function englishForms(q: string): string {
  return q
    .replace(/(?<=[a-z])-(?=[a-z])/g, ' ')
    .replace(/([a-z]+)'s(?![a-z])/g, (m, w: string) => (ENGLISH_STOPWORDS.has(m) ? `${w} is` : w))
    .replace(/(?<![a-z'])[a-z]+(?![a-z'])/g, englishLemma);
}

/**
 * The glossary keyed by glossary forms ("spot checks" and "spot-checked" both become "spot check"). Where two keys
 * meet, the one already in that form wins (contact over contacts), else the first.
 */
const GLOSSARY_FORMS: ReadonlyMap<string, string> = (() => {
  const out = new Map<string, string>();
  const exact = new Set<string>();
  for (const [key, value] of Object.entries(ENGLISH_GLOSSARY)) {
    const form = englishForms(key);
    if (exact.has(form) || (out.has(form) && form !== key)) continue;
    out.set(form, value);
    if (form === key) exact.add(form);
  }
  return out;
})();
const ENGLISH_PHRASES = [...GLOSSARY_FORMS.keys()].sort((a, b) => b.length - a.length);
const ENGLISH_RE = new RegExp(`(?<![a-z])(${ENGLISH_PHRASES.map((p) => p.replace(/[-]/g, '\\-')).join('|')})(?![a-z])`, 'g');

/** Replace English words and phrases by Chinese keywords; drop English stopwords. Chinese text passes through. */
export function translateEnglish(q: string): string {
  if (!/[a-z]/.test(q)) return q;
  const replaced = englishForms(q).replace(ENGLISH_RE, (m) => ` ${GLOSSARY_FORMS.get(m) ?? m} `);
  return replaced
    .split(/(\s+)/)
    .filter((w) => !ENGLISH_STOPWORDS.has(w.replace(/[^a-z']/g, '')) || !/[a-z]/.test(w))
    .join('')
    .replace(/\s+/g, ' ')
    .replace(/(?<=[\u4e00-\u9fa5？]) (?=[\u4e00-\u9fa5？])/g, '')
    .trim();
}

export interface TokenizerOptions {
  /** Extra synonym groups: an office and its aliases (kept whole, never split into parts). */
  groups?: readonly (readonly string[])[];
  /** Extra phrases to keep whole (document names, headings). */
  phrases?: readonly string[];
}

export class Tokenizer {
  private readonly canon = new Map<string, string>();
  private readonly phrases: string[];
  /** Names that are never split into parts (offices: 区密码管理局 is not about 密码). */
  private readonly whole = new Set<string>();
  /** Long words the typo repair compares against (filled by `learn`). */
  private readonly longWords = new Set<string>();
  private readonly memo = new Map<string, string[]>();
  private readonly nouns = new Map<string, boolean>();
  /** Everyday words that are never about the notice. */
  readonly offTopic: ReadonlySet<string> = new Set(OFFTOPIC_WORDS);

  constructor(opts: TokenizerOptions = {}) {
    for (const group of [...SYNONYM_GROUPS, ...(opts.groups ?? [])]) {
      const head = group[0];
      if (!head) continue;
      for (const w of group) this.canon.set(w, head);
    }
    for (const group of opts.groups ?? []) for (const w of group) this.whole.add(w);
    const phraseSet = new Set<string>();
    for (const w of [...this.canon.keys(), ...DOMAIN_WORDS, ...(opts.phrases ?? [])]) if (w.length >= 2) phraseSet.add(w);
    this.phrases = [...phraseSet].sort((a, b) => b.length - a.length);
    for (const w of [...DOMAIN_WORDS, ...(opts.phrases ?? [])]) if (w.length >= 4 && CJK.test(w)) this.longWords.add(w);
  }

  canonical(w: string): string {
    return this.canon.get(w) ?? w;
  }

  /** Remember the notice's long words as typo-repair targets. */
  learn(words: Iterable<string>): void {
    for (const w of words) if (w.length >= 4 && /^[\u4e00-\u9fa5]+$/.test(w)) this.longWords.add(w);
  }

  /**
   * Repair one wrong character in a long word ("自查报高" → "自查报告", "子查报告" → "自查报告"). Only where jieba
   * found no word (a single-character piece), so real words next to each other ("情况报给") stay as they are.
   */
  repairTypos(q: string): string {
    const loose = new Uint8Array(q.length);
    let pos = 0;
    for (const piece of jieba().cut(q, false)) {
      if (piece.length === 1) loose[pos] = 1;
      pos += piece.length;
    }
    let out = q;
    for (const w of this.longWords) {
      if (out.includes(w)) continue;
      const n = w.length;
      for (let i = 0; i + n <= out.length; i++) {
        let diff = -1;
        for (let k = 0; k < n; k++) {
          if (out.charCodeAt(i + k) === w.charCodeAt(k)) continue;
          diff = diff === -1 ? i + k : -2;
          if (diff === -2) break;
        }
        if (diff < 0 || !loose[diff]) continue;
        const window = out.slice(i, i + n);
        if (!/^[\u4e00-\u9fa5]+$/.test(window) || QUESTION_CHARS.test(out.charAt(diff))) continue;
        out = out.slice(0, i) + w + out.slice(i + n);
        break;
      }
    }
    return out;
  }

  /** Nouns (and English words) not in the notice suggest another topic; verbs and particles do not. */
  isNounLike(token: string): boolean {
    if (!CJK.test(token)) return true;
    let v = this.nouns.get(token);
    if (v === undefined) {
      v = jieba().tag(token, false).some((t) => /^(n|vn|t|s|nr|ns|nt|nz|j|l|i)/.test(t.tag));
      if (this.nouns.size >= MEMO_MAX) this.nouns.clear();
      this.nouns.set(token, v);
    }
    return v;
  }

  private addToken(out: string[], raw: string): void {
    const w = raw.trim().toLowerCase();
    if (!w) return;
    const c = this.canon.get(w);
    if (c) {
      out.push(c);
      return;
    }
    if (STOPWORDS.has(w) || COUNT.test(w)) return;
    if (/^\d+$/.test(w)) {
      if (w.length >= 2) out.push(w);
      return;
    }
    if (CJK.test(w) ? w.length < 2 : !/^[a-z][a-z0-9-]+$/.test(w)) return;
    out.push(w);
  }

  /**
   * Single characters jieba left alone that are neither stopwords nor synonyms ("年会" → 年/会 when 年会 is not in
   * the dictionary). Ranking ignores them; the on-topic check counts them a little.
   */
  looseChars(text: string): string[] {
    const out: string[] = [];
    for (const w of jieba().cut(text.toLowerCase().replace(QUESTION_PHRASES, ' '), false)) {
      if (w.length === 1 && CJK.test(w) && !STOPWORDS.has(w) && !this.canon.has(w) && !QUESTION_CHARS.test(w)) out.push(w);
    }
    return out;
  }

  /**
   * Tokens of a text (documents and questions alike), canonicalised, stopwords removed. Notice texts are memoised
   * (`memo`); questions are not, so a repeated question costs what a new one does.
   */
  tokenize(text: string, memo = true): string[] {
    if (!memo) return this.segment(text);
    const hit = this.memo.get(text);
    if (hit) return [...hit];
    const out = this.segment(text);
    if (this.memo.size >= MEMO_MAX) this.memo.clear();
    this.memo.set(text, out);
    return [...out];
  }

  private segment(text: string): string[] {
    const t = text.toLowerCase().replace(QUESTION_PHRASES, ' ');
    const taken = new Uint8Array(t.length);
    const out: string[] = [];
    for (const p of this.phrases) {
      let from = 0;
      for (;;) {
        const i = t.indexOf(p, from);
        if (i < 0) break;
        from = i + 1;
        let free = true;
        for (let k = i; k < i + p.length; k++) if (taken[k]) free = false;
        if (!free) continue;
        taken.fill(1, i, i + p.length);
        const c = this.canonical(p);
        out.push(c);
        // Parts of a long name help partial matches; parts of a synonym (第三方 → 第三, 三方) are noise.
        if (CJK.test(p) && !this.whole.has(p) && (c === p || p.length >= 5)) {
          for (const sub of jieba().cutForSearch(p, false)) if (sub !== p) this.addToken(out, sub);
        }
      }
    }
    let rest = '';
    for (let k = 0; k < t.length; k++) rest += taken[k] ? ' ' : t.charAt(k);
    for (const chunk of rest.split(/[\s，。；：、！？“”‘’（）《》〔〕,.;:!?()"'\-—/]+/)) {
      if (!chunk) continue;
      for (const w of jieba().cutForSearch(chunk, false)) this.addToken(out, w);
    }
    return out;
  }
}
