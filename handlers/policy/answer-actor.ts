/**
 * "Who does X" when the notice has no "…负责X" clause for it: the sentences whose subject is an office or a
 * working group and in which X is what that subject does ("安全检查工作组……选取部分单位进行现场抽查").
 * A sentence that only mentions X as an input ("结合……现场抽查情况") or as a principle does not count.
 */
import { answerWith, brief } from './compose';
import type { Knowledge } from './knowledge';
import type { PolicyAnswer } from './policy-types';
import { contentTokens, type Query } from './question';

/** Who-questions: 由谁, 谁来/谁负责/谁组织…, 由哪个部门, 哪个单位负责 … (English "who" is translated to 谁). */
const WHO =
  /由谁|谁(来|负责|组织|开展|实施|牵头|执行|进行|做|搞|主管|查|检查|抽查|检测)|(由|是)哪(个|些|一个)(部门|单位|机构|组)|哪(个|些)(部门|单位|机构)(来|负责|组织|开展|进行|实施|牵头)/;
/** Words that frame a who-question rather than name the activity. */
const FRAME = ['负责', '组织', '开展', '进行', '实施', '牵头', '执行', '部门', '单位', '机构', '检查', '主管'];
/** Verbs that make what follows them the doer's own work. */
const DOING = /进行|组织|开展|负责|实施|承担|牵头|执行|完成/g;
/** "通报各相关单位组织整改": the verb's doer is the unit told, not the sentence's subject. */
const PIVOT = /(通报|通知|要求|督促|指导|责成|请)[^，。；]{0,12}(单位|部门)$/;
/** Where a subject ends: a verb or preposition that starts the predicate (检查 only for offices: 检查工作组 is a name). */
const STOP = '负责|组织|开展|进行|配合|共同|结合|联合|采用|收集|选取|会同|牵头|成立|组成|实施|依据|根据|按照|通过|对|于|向|将|按|应';
const CJK_NAME_CHAR = (stop: string) => `(?:(?!${stop})[\\u4e00-\\u9fa5])`;
const OFFICE = `${CJK_NAME_CHAR(`${STOP}|检查`)}{1,20}?(?:办公室|局|委员会|委|办|中心)(?:（[^）]{2,16}）)?`;
const GROUP = `(?:${CJK_NAME_CHAR(STOP)}{0,8}?(?:工作组|检查组|小组))`;
const UNITS = '(?:各有关|各相关|各|有关|相关)单位';
const NAME = `(?:${OFFICE}${GROUP}?|${GROUP}|${UNITS})`;
/** An organisation's name (office, working group, the units), as a regular-expression source. */
export const ORG_NAME = NAME;
/** "区政府办、区密码管理局", "区网信办会同区大数据中心": several doers. */
const SUBJECT = new RegExp(`^(${NAME}(?:(?:[、和与及]|会同)${NAME})*)`);
const ANY_NAME = new RegExp(NAME, 'g');
/** "X联合成立……工作组": who a working group consists of. */
const FOUNDED = /^(.{2,40}?)(?:联合|共同)?(?:成立|组成|组建)([^，。；]{0,30}?(?:工作组|检查组|小组))/;
/** Sentences quoted at most. */
const MAX_SENTENCES = 2;

interface Candidate {
  text: string;
  section: string;
  doer: string;
  clause: string;
  order: number;
  /** Weight of the question's words in the section heading (a clause headed 现场抽查 is about it). */
  heading: number;
}

/** The subject of a sentence or clause when it is an organisation (office, working group, the units themselves). */
export function subjectOf(text: string): string | undefined {
  return SUBJECT.exec(text)?.[1];
}

/**
 * The head of what follows a verb: the words that go when its last characters are cut ("完成信息安全自查纠正" → 整改,
 * not 信息安全; "进行整改落实" → 整改).
 */
function headOf(k: Knowledge, phrase: string): Set<string> {
  const all = new Set(k.tokenizer.tokenize(phrase, false));
  for (let cut = 1; cut < phrase.length; cut++) {
    const rest = new Set(k.tokenizer.tokenize(phrase.slice(0, -cut), false));
    const gone = [...all].filter((t) => !rest.has(t));
    if (gone.length > 0) return new Set(gone);
  }
  return all;
}

/**
 * Who does `want` in this sentence: the clause that holds all of it, some of it after a doing verb, and its doer
 * (the clause's own subject, or the last one before it: Chinese drops a repeated subject).
 */
function doerIn(k: Knowledge, sentence: string, want: readonly string[]): { doer: string; clause: string } | undefined {
  let subject: string | undefined;
  for (const clause of sentence.split(/[，；。：]/)) {
    subject = subjectOf(clause) ?? subject;
    if (!subject) continue;
    const tokens = new Set(k.tokenizer.tokenize(clause));
    if (!want.every((t) => tokens.has(t))) continue;
    // The question names another organisation in the clause ("市里谁来抽查" → 配合北京市检查工作组): not the doer's.
    const others = [...clause.slice(subjectOf(clause)?.length ?? 0).matchAll(ANY_NAME)].map((m) => m[0]);
    if (others.some((o) => k.tokenizer.tokenize(o).some((t) => want.includes(t)))) continue;
    for (const m of clause.matchAll(DOING)) {
      const at = m.index ?? 0;
      if (PIVOT.test(clause.slice(0, at))) continue;
      const head = headOf(k, clause.slice(at + m[0].length));
      if (want.some((t) => head.has(t))) return { doer: subject, clause };
    }
  }
  return undefined;
}

/** "（工作组由区政府办、区密码管理局联合成立）" when the first actor is a working group the notice sets up elsewhere. */
function foundedBy(k: Knowledge, actor: string): { text: string; founders: string; section: string } | undefined {
  if (!/(工作组|检查组|小组)$/.test(actor)) return undefined;
  for (const s of k.notice.sections) {
    if (s.kind !== 'body') continue;
    for (const { text } of k.index.sentences(s.id)) {
      const m = FOUNDED.exec(text);
      const founders = m?.[1]?.trim();
      if (!m || !founders || !subjectOf(founders)) continue;
      // Already named in the actor ("区政府办、区密码管理局检查工作组"): nothing to add.
      const names = founders.replace(/（[^）]*）/g, '').split(/[、和与及]/).filter(Boolean);
      if (names.every((n) => actor.includes(n))) return undefined;
      return { text: `该工作组由${founders}${m[0].includes('联合') ? '联合' : ''}成立`, founders, section: s.id };
    }
  }
  return undefined;
}

export function actorAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  if (!WHO.test(q.text)) return undefined;
  const want = [...new Set(contentTokens(q, FRAME))];
  if (want.length === 0) return undefined;
  const found: Candidate[] = [];
  let order = 0;
  for (const s of k.notice.sections) {
    if (s.kind !== 'body') continue;
    const heading = new Set(k.tokenizer.tokenize(s.heading));
    const headingWeight = want.reduce((a, t) => a + (heading.has(t) ? k.index.idf(t) : 0), 0);
    for (const { text } of k.index.sentences(s.id)) {
      order++;
      const hit = doerIn(k, text, want);
      if (hit) found.push({ text, section: s.id, ...hit, order, heading: headingWeight });
    }
  }
  if (found.length === 0) return undefined;
  // Clauses headed by the activity say best who does it; otherwise the notice's order (organisation comes first).
  const top = Math.max(...found.map((c) => c.heading));
  const chosen = found
    .filter((c) => c.heading === top)
    .sort((a, b) => a.order - b.order)
    .slice(0, MAX_SENTENCES);
  const first = chosen[0] as Candidate;
  const founded = foundedBy(k, first.doer);
  // Name each doer once; one already named as the group's founders is not repeated.
  const doers: string[] = [];
  for (const c of chosen) {
    const names = c.doer.split(/[、和与及]|会同/);
    const known = [...doers, founded?.founders ?? ''].join('、');
    if (!names.every((n) => known.includes(n.replace(/（[^）]*）/g, '')))) doers.push(c.doer);
  }
  const quotes = chosen.map((c) => `${brief(c.text, c.clause).replace(/[。；]$/, '')}（${c.section}）`).join('；');
  const note = founded ? `（${founded.text}，见${founded.section}）` : '';
  const direct = `由${doers.join('、')}负责${note}。通知原文：${quotes}。`;
  const sections = [...chosen.map((c) => c.section), ...(founded ? [founded.section] : [])];
  return answerWith(k, { direct, sections, confidence: 0.85 });
}

/** The question names a working group ("检查工作组", "检查组")… */
const GROUP_WORD = /工作组|检查组|小组/;
/** …and asks who makes it up: 由谁组成, 有哪些部门, 成员, 包括哪几个单位, 是谁成立的 … */
const MEMBERS =
  /成员|组成|构成|成立|组建|(有|包括|包含|含|是)(哪些|哪几个|哪几家|哪两个|几个|什么|谁)|由(谁|哪)|是谁|(哪些|哪几个|哪两个|几个)(部门|单位|机构)/;
/** …not what the group does ("检查工作组检查哪些单位", "工作组负责什么"). */
const GROUP_DOES = /(工作组|检查组|小组)[^，。？]*(查|检测|负责|开展|组织|做|干|来|去|管)/;
/** Words that frame a who-makes-up-the-group question. */
const MEMBER_FRAME = ['成立', '部门', '单位', '机构', '成员', '对象', '参加', '参与', '检查', '工作'];

/** "检查工作组有哪些部门": the offices that founded the group ("区政府办、区密码管理局联合成立……检查工作组"). */
export function groupMembersAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  if (!GROUP_WORD.test(q.text) || !MEMBERS.test(q.text) || GROUP_DOES.test(q.text)) return undefined;
  const want = [...new Set(contentTokens(q, MEMBER_FRAME))];
  for (const s of k.notice.sections) {
    if (s.kind !== 'body') continue;
    for (const { text } of k.index.sentences(s.id)) {
      const m = FOUNDED.exec(text);
      const founders = m?.[1]?.trim();
      const group = m?.[2]?.trim();
      if (!m || !founders || !group || !subjectOf(founders)) continue;
      // Every other word of the question is in the founding clause (not "北京市检查工作组" for the district's group).
      const clause = new Set(k.tokenizer.tokenize(m[0]));
      if (!want.every((t) => clause.has(t))) continue;
      const direct = `${group}由${founders}${m[0].includes('联合') ? '联合' : ''}成立。`;
      return answerWith(k, { direct, quote: text, sections: [s.id], confidence: 0.9 });
    }
  }
  return undefined;
}
