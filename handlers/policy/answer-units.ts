/**
 * "哪些单位要参加检查" / "检查哪些单位": who is inspected at all, not who is picked for the on-site spot checks
 * (those questions name the kind of check: 现场抽查, 重点检查 …, and go to the general search). The notice answers
 * it with its addressees (主送 "西城区各有关单位") and the offices' remits ("X负责……的安全检查工作"), which name the
 * groups of units. The campaign file's list of units is added as such, never as the notice's words.
 */
import { subjectOf } from './answer-actor';
import { answerWith, brief } from './compose';
import type { Knowledge } from './knowledge';
import { PREAMBLE_ID } from './notice-parser';
import type { PolicyAnswer } from './policy-types';
import type { Query } from './question';

/** The question asks which units (or who) take part: 哪些单位, 哪类部门, 对象是谁, 单位有哪些, 谁要参加 … */
const WHICH_UNITS =
  /(哪些|哪类|哪几类|哪种|哪几种|什么)(样的)?(单位|部门|机关)|(单位|部门|机关|对象)[^，。？]{0,3}(哪些|哪几类|哪几种|谁|什么)|谁(要|需要|得|必须|应当)?(参加|参与|接受)/;
/** …but asks who does the checking ("哪个部门负责检查", "哪些单位来检查"), not who is checked. */
const DOER = /负责|牵头|主管|组织|由谁|由哪|谁来|来(查|检查|抽查|检测)|管/;
/** Words that say "units" or "take part" without narrowing which ones. */
const UNIT_WORDS = ['单位', '部门', '机关', '对象', '范围', '全区', '参加', '参与', '接受'];
/** An organisational subject that is the units themselves ("各单位", "各有关单位"). */
const THE_UNITS = /^(各有关|各相关|各|有关|相关)单位$/;
/** A remit about inspecting (not, say, about collecting reports). */
const INSPECTS = /检查|检测|抽查/;

/** Tokens of the notice's title: 安全检查, 电子政务, 信息系统 … frame the whole notice, they narrow nothing. */
function titleTokens(k: Knowledge): Set<string> {
  return new Set(k.tokenizer.tokenize(k.facts.title));
}

/** "各单位依据检查内容要求，组织开展自查" for 哪些单位需要自查: the clause in which the units themselves do it. */
function unitsDo(k: Knowledge, activity: readonly string[]): { text: string; section: string } | undefined {
  if (activity.length === 0) return undefined;
  let best: { text: string; section: string; heading: boolean } | undefined;
  for (const s of k.notice.sections) {
    if (s.kind !== 'body') continue;
    const heading = new Set(k.tokenizer.tokenize(s.heading));
    const headed = activity.every((t) => heading.has(t));
    for (const { text, tokens } of k.index.sentences(s.id)) {
      const subject = subjectOf(text);
      if (!subject || !THE_UNITS.test(subject) || !activity.every((t) => tokens.has(t))) continue;
      // A clause headed by the activity (单位自查) says it best; otherwise the first such sentence.
      if (!best || (headed && !best.heading)) best = { text, section: s.id, heading: headed };
    }
  }
  return best;
}

export function inspectedUnitsAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  if (!WHICH_UNITS.test(q.text) || DOER.test(q.text)) return undefined;
  const title = titleTokens(k);
  const frame = new Set([...UNIT_WORDS, ...title, '检查', '自查']);
  // Any other word narrows the question (现场抽查, 重点检查, 信息系统多 …): the general search answers that.
  if (q.tokens.some((t) => !frame.has(t))) return undefined;
  const remits = k.facts.responsibilities.filter((r) => INSPECTS.test(r.scope));
  const addressee = k.facts.addressee;
  if (remits.length === 0 && !addressee) return undefined;
  const lines: string[] = [];
  lines.push(addressee ? `本次检查面向${addressee}（通知的主送单位）。` : '本次检查面向全区各单位。');
  if (remits.length > 0) {
    lines.push(`按通知的职责分工：${remits.map((r) => `${r.office}负责${r.scope}（${r.section}）`).join('；')}。`);
  }
  const activity = [...new Set(q.tokens)].filter((t) => !UNIT_WORDS.includes(t) && !title.has(t));
  const own = unitsDo(k, activity);
  if (own) lines.push(`通知对各单位的要求：${brief(own.text).replace(/[。；]$/, '')}（${own.section}）。`);
  if (k.campaignUnits.length > 0) {
    const total = k.campaignUnits.reduce((a, u) => a + u.count, 0);
    const kinds = k.campaignUnits.map((u) => `${u.kind}${u.count}个`).join('、');
    lines.push(`另据本次检查的活动配置（检查工作组登记的单位名单，不是通知原文），共${total}个单位：${kinds}。`);
  }
  const sections = [...remits.map((r) => r.section), ...(addressee ? [PREAMBLE_ID] : []), ...(own ? [own.section] : [])];
  return answerWith(k, { direct: lines.join(''), sections, confidence: 0.85 });
}
