/**
 * Schedule questions: the list of phases, when a phase or a dated event happens, and the overall period.
 * (Questions relative to today are in answer-today.ts.)
 */
import { cnFullDate } from '../../domain/time';
import { phaseLabel } from './answer-today';
import { answerWith, brief, dateText, rangeText } from './compose';
import type { Knowledge } from './knowledge';
import type { PolicyAnswer } from './policy-types';
import { contentTokens, matchPhase, type Query } from './question';
import { cnNumber, findDates, splitSentences } from './text-normalize';

const NOW = /现在|目前|当前|眼下|此刻|这会儿|今天|今日/;
const STAGES = /(哪几个|哪些|几个|分几个|分为几个|有什么|都有啥|有啥)阶段|阶段(有哪些|怎么划分|是怎样|怎么安排)|时间安排|进度安排|日程|整体安排|怎么安排|时间表/;
const WHOLE = /整个|整体|这次检查|本次检查|全部|总共|从几月到几月|前后|一共/;

export function stagesAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  const phases = k.facts.phases;
  const asksStages = STAGES.test(q.text) || (/阶段/.test(q.text) && /哪|几|什么|啥/.test(q.text) && !NOW.test(q.text));
  if (phases.length === 0 || !asksStages) return undefined;
  if (!STAGES.test(q.text) && matchPhase(k, q, ['阶段', '时间'])) return undefined;
  const list = phases.map((p, i) => `${i + 1}. ${p.name}：${rangeText(k, p.start, p.end)}`).join('；');
  const parents = [...new Set(phases.map((p) => k.sections.get(p.section)?.parent).filter((x): x is string => Boolean(x)))];
  return answerWith(k, {
    direct: `本次检查分为${phases.length}个阶段：${list}。`,
    sections: parents.length > 0 ? parents : phases.map((p) => p.section),
    confidence: 0.9,
  });
}

/** A question about one of several rounds or phases: 第一轮, 第2阶段, 二轮, first round … */
const ORDINAL = /第[一二三四五六七八九十\d]+|[一二两三四\d]轮|首轮|末轮|最后一轮/;

/** When does something happen: the phase dates, a dated sentence, or the overall period. */
export function whenAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  if (!q.tokens.includes('时间') && !/开始|结束|几月|多久|多长时间|期间|截止/.test(q.text)) return undefined;
  const cue = ['时间', '开始', '结束', '截止', '阶段'];
  const phase = matchPhase(k, q, cue);
  const period = k.facts.period;
  if (period && WHOLE.test(q.text) && !phase) {
    const m = findDates(period.sentence, k.facts.year).find((x) => !x.day && x.end);
    const focus = m ? period.sentence.slice(m.index, m.index + m.length) : undefined;
    const direct = `本次检查时间为${rangeText(k, period.start, period.end)}。`;
    return answerWith(k, { direct, quote: period.sentence, focus, sections: [period.section], confidence: 0.88 });
  }
  // The best dated sentence across the top sections; a phase's 时间 line counts with the phase name.
  const tokens = q.tokens.filter((t) => !cue.includes(t));
  if (tokens.length === 0) return undefined;
  let best: { text: string; section: string; score: number } | undefined;
  const dated: { text: string; section: string; score: number }[] = [];
  for (const h of q.hits.slice(0, 6)) {
    for (const s of k.index.rankSentences(h.section.id, tokens)) {
      if (findDates(s.text, k.facts.year).length === 0 || /^(时间|时限)：/.test(s.text)) continue;
      dated.push({ text: s.text, section: h.section.id, score: s.score });
      if (!best || s.score > best.score) best = { text: s.text, section: h.section.id, score: s.score };
    }
  }
  // The phase answers when its name (and undated description) covers the question at least as well as the
  // best dated sentence does ("第二轮检测什么时候" → the phase; "第一轮检测是几月" → the sentence saying 6月).
  const sentCov = best ? k.index.coverage(tokens, new Set(k.tokenizer.tokenize(best.text))) : 0;
  const undated = phase ? splitSentences(phase.summary).filter((x) => findDates(x, k.facts.year).length === 0) : [];
  const phaseText = phase ? [phase.name, ...undated].join('。') : '';
  const phaseCov = phase ? k.index.coverage(tokens, new Set(k.tokenizer.tokenize(phaseText))) : 0;
  if (phase && (phaseCov >= sentCov || sentCov < 0.5)) {
    const start = /开始|启动/.test(q.text) && !/结束/.test(q.text);
    const end = /结束|截止/.test(q.text) && !start;
    const direct = start
      ? `${phaseLabel(phase)}于${cnFullDate(phase.start)}开始（至${dateText(k, phase.end)}）。`
      : end
        ? `${phaseLabel(phase)}于${cnFullDate(phase.end)}结束（自${dateText(k, phase.start)}起）。`
        : `${phaseLabel(phase)}的时间是${rangeText(k, phase.start, phase.end)}。`;
    // The same activity can fall in more than one phase (the first round of 技术检测 in 6月, the second in 8–9月):
    // unless the question names one (第一轮, 第二轮 …), a dated sentence elsewhere that covers every word of the
    // question is said too.
    // Of those, one in another phase of the schedule says it best ("6月，…开展第一轮安全技术检测" in 八（一）, not
    // the overall "6月至11月…组织技术检测和现场抽查" of 四（三）).
    const phaseSections = new Set(k.facts.phases.map((p) => p.section));
    const covering = ORDINAL.test(q.text)
      ? []
      : dated.filter((d) => d.section !== phase.section && k.index.coverage(tokens, new Set(k.tokenizer.tokenize(d.text))) >= 0.99);
    const other = covering.filter((d) => phaseSections.has(d.section)).sort((a, b) => b.score - a.score)[0] ?? covering.sort((a, b) => b.score - a.score)[0];
    return answerWith(k, {
      direct: other ? `${direct}另外：${other.text}` : direct,
      quote: splitSentences(phase.summary)[0],
      sections: other ? [phase.section, other.section] : [phase.section],
      confidence: 0.9,
    });
  }
  if (best && k.index.coverage(tokens, new Set(k.tokenizer.tokenize(best.text))) >= 0.5) {
    return answerWith(k, { direct: best.text, sections: [best.section], confidence: 0.75 });
  }
  return undefined;
}

/** "技术检测有几轮", "分几轮", "How many rounds/times …" (English is translated to 多少轮/多少次). */
const HOW_MANY_ROUNDS = /(几|多少|哪几)(轮|次)|轮次/;
/** A numbered round in the notice: 第一轮, 第2轮. */
const ROUND = /第([一二三四五六七八九十\d]+)轮/;
/** A count of times or rounds in the notice: 不少于两次, 3轮. */
const TIMES = /[两二三四五六七八九十\d]+(次|轮)/;
const CN_COUNT = ['', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];
/** Characters quoted per round (the clause naming the round and what is next to it). */
const ROUND_QUOTE_MAX = 48;

interface Said {
  text: string;
  section: string;
}

/**
 * How many rounds of an activity there are: the notice's numbered rounds of it (第一轮…, 第二轮…, usually in
 * different phases), each with its time, and any sentence that counts it (不少于两次). Undefined when the notice
 * numbers no rounds of the activity (the general search answers then).
 */
export function roundsAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  if (!HOW_MANY_ROUNDS.test(q.text)) return undefined;
  const want = [...new Set(contentTokens(q, ['时间', '阶段']))];
  if (want.length === 0) return undefined;
  const rounds = new Map<number, Said & { clause: string }>();
  const counts: Said[] = [];
  for (const s of k.notice.sections) {
    if (s.kind !== 'body') continue;
    for (const { text, tokens } of k.index.sentences(s.id)) {
      if (k.index.coverage(want, tokens) < 0.99) continue;
      const r = ROUND.exec(text);
      const n = r?.[1] ? cnNumber(r[1]) : undefined;
      if (n !== undefined) {
        if (!rounds.has(n)) rounds.set(n, { text, section: s.id, clause: text.split(/[，；。]/).find((c) => ROUND.test(c)) ?? text });
      } else if (TIMES.test(text)) {
        counts.push({ text, section: s.id });
      }
    }
  }
  if (rounds.size === 0) return undefined;
  const ordered = [...rounds].sort(([a], [b]) => a - b);
  const parts = ordered.map(([n, r]) => {
    const phase = k.facts.phases.find((p) => p.section === r.section);
    const when = findDates(r.text, k.facts.year).length === 0 && phase ? `（${rangeText(k, phase.start, phase.end)}）` : '';
    return `第${n === 2 ? '二' : (CN_COUNT[n] ?? n)}轮${when}：${brief(r.text, r.clause, ROUND_QUOTE_MAX).replace(/[。；]$/, '')}（${r.section}）`;
  });
  const total = ordered.length;
  const lines = [`共${CN_COUNT[total] ?? total}轮。${parts.join('；')}。`];
  const count = counts[0];
  if (count) lines.push(`另外：${brief(count.text).replace(/[。；]$/, '')}（${count.section}）。`);
  const sections = [...ordered.map(([, r]) => r.section), ...(count ? [count.section] : [])];
  return answerWith(k, { direct: lines.join(''), sections, confidence: 0.88 });
}
