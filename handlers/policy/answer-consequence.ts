/**
 * "What happens if …" questions: what the notice says befalls units that do not do something (on time, properly),
 * found by pattern in the notice's sentences, never typed in. Also says when the notice names no other penalty.
 */
import { answerWith, brief, notSure } from './compose';
import type { Knowledge } from './knowledge';
import type { PolicyAnswer } from './policy-types';
import type { Query } from './question';
import { normalizeQuestion } from './text-normalize';
import { translateEnglish } from './tokenizer';

/** The question names a penalty or consequence outright (后果, 处罚 …). English is translated before this runs. */
const PENALTY_ASK = /后果|处罚|惩罚|处分|惩处|罚款|问责|追责/;
/** The question asks what happens (会怎样, 怎么办 …). */
const CONSEQUENCE_ASK =
  /会怎样|会怎么样|会如何|怎么办|后果|处罚|惩罚|处分|惩处|罚|问责|追责|什么影响|有影响|影响吗|被处理|怎么处理|如何处理|要紧吗|有事吗|会被/;
/** …about not doing something, or not on time, or not properly. */
const FAILURE =
  /(不|没|未|没有)(交|报|提交|报送|上报|反馈|整改|按时|及时|认真|配合|参加|填|写)|逾期|超期|过期|误期|延误|晚交|迟交|晚报|迟报|交晚|报晚|晚了|不到位|敷衍|错过|拖延/;

/** Longer messages are read up to here (as the engine does). */
const MAX_RAW_CHARS = 200;
/** A sentence about units that fail at something (未及时提交, 不认真, 整改不到位 …). */
const FAILING_UNITS = /(未|不|没有)(及时|按时|认真|如实|提交|报送|反馈|整改|配合)|不及时|不到位|不认真|不完整/;
/** …and what is done to them. */
const SANCTION = /对象|作为|列为|纳入|通报|追究|问责|处罚|处分|扣分|批评|约谈/;
/** The inspection's outcome counts for something (绩效考评, 考核 …). */
const COUNTS_FOR = /(作为|纳入|计入)[^。；]{0,40}(考评|考核|评比|评优|奖惩|问责)|(考评|考核)[^。；]{0,20}依据/;
/** Words of an explicit penalty; when no sentence has one, the reply says the notice names none. */
const PENALTY = /处罚|处分|追究|问责|通报批评|扣分|罚款|约谈/;
/** "作为重点检查、现场抽查对象", "抽查对象包括" → the list the unit lands on. */
const TARGET = /(?:作为|列为|纳入)([^，。；]{2,20}?对象)|([^，。；、]{2,10}对象)包括/;

export interface ConsequenceSentence {
  text: string;
  section: string;
}

export interface Consequences {
  /** What the notice does to units that fail at what the question names, best match first. */
  targeted: ConsequenceSentence[];
  /** What the whole inspection counts for (绩效考评), when the notice says so. */
  general: ConsequenceSentence[];
  /** Some sentence names an explicit penalty. */
  penaltyNamed: boolean;
}

/** "不按时报送有什么后果", "逾期会被处罚吗", "晚交会怎样" (but not "自查中发现问题怎么办"). */
export function asksConsequence(text: string): boolean {
  return PENALTY_ASK.test(text) || (CONSEQUENCE_ASK.test(text) && FAILURE.test(text));
}

/**
 * The same test on a raw chat message (English translated first): lets the router send "Is there a penalty for late
 * submission?" or "逾期有什么影响" to policy Q&A instead of the "what is overdue" list.
 */
export function isConsequenceQuestion(raw: string): boolean {
  return asksConsequence(translateEnglish(normalizeQuestion(raw.slice(0, MAX_RAW_CHARS))));
}

/** The notice's sentences on consequences, ranked by the question's words. */
export function findConsequences(k: Knowledge, tokens: readonly string[], max = 2): Consequences {
  const want = new Set(tokens);
  const targeted: Array<ConsequenceSentence & { score: number; order: number }> = [];
  const general: ConsequenceSentence[] = [];
  let penaltyNamed = false;
  let order = 0;
  for (const s of k.notice.sections) {
    if (s.kind !== 'body') continue;
    for (const sentence of k.index.sentences(s.id)) {
      order++;
      if (FAILING_UNITS.test(sentence.text) && SANCTION.test(sentence.text)) {
        const score = [...want].reduce((a, t) => a + (sentence.tokens.has(t) ? k.index.idf(t) : 0), 0);
        targeted.push({ text: sentence.text, section: s.id, score, order });
        if (PENALTY.test(sentence.text)) penaltyNamed = true;
      } else if (COUNTS_FOR.test(sentence.text)) {
        general.push({ text: sentence.text, section: s.id });
      }
    }
  }
  // The matching sentences first; then in the notice's order (a sentence sharing no word still says what befalls
  // units that are late or careless, only less precisely).
  targeted.sort((a, b) => Number(b.score > 0) - Number(a.score > 0) || b.score - a.score || a.order - b.order);
  return { targeted: targeted.slice(0, max).map(({ text, section }) => ({ text, section })), general: general.slice(0, 1), penaltyNamed };
}

function cite(s: ConsequenceSentence): string {
  return `${brief(s.text).replace(/[。；]$/, '')}（${s.section}）`;
}

/** The lead and body of a consequence reply (without the citation line). */
export function consequenceText(c: Consequences): string | undefined {
  if (c.targeted.length === 0 && c.general.length === 0) return undefined;
  const targets = c.targeted
    .map((s) => TARGET.exec(s.text))
    .map((m) => (m ? (m[1] ?? m[2] ?? '') : ''))
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  const lines: string[] = [];
  if (c.targeted.length > 0) {
    const lead = targets[0] ? `通知写明，以下单位会被列为${targets[0]}：` : '通知写明：';
    lines.push(`${lead}${c.targeted.map(cite).join('；')}。`);
  }
  if (c.general.length > 0) lines.push(`${c.targeted.length > 0 ? '另外，' : '通知写明：'}${c.general.map(cite).join('；')}。`);
  if (!c.penaltyNamed) lines.push('通知没有写明其他处罚措施。');
  return lines.join('');
}

/** "不按时报送有什么后果", "Is there a penalty for late submission?" (with or without a named deliverable). */
export function consequenceAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  if (!asksConsequence(q.text)) return undefined;
  const c = findConsequences(k, q.tokens);
  const direct = consequenceText(c);
  // A notice that says nothing on consequences: not sure, rather than a clause that only shares words.
  if (!direct) return notSure(k, q.hits.slice(0, 3).map((h) => h.section.id), 0.2);
  const sections = [...c.targeted, ...c.general].map((s) => s.section);
  return answerWith(k, { direct, sections, confidence: c.targeted.length > 0 ? 0.85 : 0.6 });
}
