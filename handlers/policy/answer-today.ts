/**
 * Questions relative to today (the injected clock, in the campaign timezone): what is due today / this week,
 * the current phase, days left, the next deadline, and whether it is too late.
 */
import { cnFullDate, daysUntil, isoDateOf, type Dayjs } from '../../domain/time';
import { asksConsequence, consequenceText, findConsequences } from './answer-consequence';
import { answerWith, dateText, docList, rangeText } from './compose';
import type { Knowledge } from './knowledge';
import type { Deliverable, Phase } from './notice-facts';
import type { PolicyAnswer } from './policy-types';
import { contentTokens, matchPhase, type Query } from './question';
import { splitSentences } from './text-normalize';

const NOW = /现在|目前|当前|眼下|此刻|这会儿|今天|今日/;
const PHASE_CUE = /阶段|进度|做什么|干什么|该干|该做|要做|进行到|处于|哪一步|什么时期|节点/;
const WHICH_PHASE = /^(现在|目前)?(是|处于|在)?(什么|哪个)阶段/;
const DAYS_LEFT =
  /(还有|还剩|剩下?|距离?|离|差)[^，。]{0,12}(几天|多少天|多久|多长时间|几个?星期|几周)|(几天|多少天)(后|以后)?就?(截止|到期|结束|开始)/;
const WINDOW = /(今天|今日|明天|这周|本周|这个星期|这几天|最近)[^，。]{0,8}(截止|到期|要交|交什么|报送|有什么要|有啥要|要报|要做)/;
const NEXT = /(下一个|下个|最近的?|接下来|马上|即将|快要)[^，。]{0,6}(截止|节点|阶段|任务|要做|要交)/;
const LATE = /过了|逾期|迟交|晚交|来得及|还能交|超期|延期|补交|晚了|没交|未交|没按时|不按时|没及时|不及时/;

export function phaseLabel(p: Phase): string {
  return `“${p.name}”阶段`;
}

function byDue(k: Knowledge): Deliverable[] {
  return [...k.facts.deliverables].sort((a, b) => a.due.localeCompare(b.due));
}

function dueLine(k: Knowledge, x: Deliverable, now: Dayjs): string {
  const n = daysUntil(x.due, now, k.tz);
  const when = n === 0 ? '今天就是截止日' : n > 0 ? `还有${n}天` : `已经过了${-n}天`;
  return `${docList(x.names)}的截止日期是${cnFullDate(x.due)}，${when}`;
}

/** What is due in a window (今天, 明天, 本周, 这几天), or that nothing is and what comes next. */
function dueInWindow(k: Knowledge, t: string, now: Dayjs): PolicyAnswer {
  const [a, b] = /明天/.test(t)
    ? [now.add(1, 'day'), now.add(1, 'day')]
    : /这周|本周|这个星期/.test(t)
      ? [now, now.endOf('isoWeek')]
      : /这几天|最近/.test(t)
        ? [now, now.add(7, 'day')]
        : [now, now];
  const from = isoDateOf(a, k.tz);
  const to = isoDateOf(b, k.tz);
  const label = from !== to ? `${dateText(k, from)}至${dateText(k, to)}` : `${from === isoDateOf(now, k.tz) ? '今天' : '明天'}（${dateText(k, from)}）`;
  const due = byDue(k).filter((x) => x.due >= from && x.due <= to);
  const ending = k.facts.phases.filter((p) => p.end >= from && p.end <= to);
  if (due.length > 0 || ending.length > 0) {
    const parts = [
      ...due.map((x) => `${docList(x.names)}须于${dateText(k, x.due)}前报送${x.recipient}`),
      ...ending.map((p) => `${phaseLabel(p)}于${dateText(k, p.end)}结束`),
    ];
    return answerWith(k, {
      direct: `${label}截止的有：${parts.join('；')}。`,
      quote: due[0]?.sentence,
      focus: due[0] ? dateText(k, due[0].due) : undefined,
      sections: [...due, ...ending].map((x) => x.section),
      confidence: 0.92,
    });
  }
  const next = byDue(k).find((x) => x.due > to);
  const tail = next
    ? `下一个截止日期是${dateText(k, next.due)}：${docList(next.names)}报送${next.recipient}（还有${daysUntil(next.due, now, k.tz)}天）。`
    : '之后也没有待报送的材料。';
  return answerWith(k, { direct: `${label}没有截止的事项。${tail}`, sections: next ? [next.section] : [], confidence: 0.88 });
}

function currentPhase(k: Knowledge, now: Dayjs): PolicyAnswer {
  const d = isoDateOf(now, k.tz);
  const phases = k.facts.phases;
  const inside = phases.filter((p) => p.start <= d && d <= p.end);
  const head = `现在（${cnFullDate(d)}）`;
  const p = inside[0];
  if (p) {
    const due = k.facts.deliverables.filter((x) => x.due >= p.start && x.due <= p.end && x.due >= d);
    const extra = due
      .map((x) => `本阶段须于${dateText(k, x.due)}前将${docList(x.names)}报送${x.recipient}（还有${daysUntil(x.due, now, k.tz)}天）`)
      .join('；');
    return answerWith(k, {
      direct: `${head}处于${inside.map(phaseLabel).join('和')}（${rangeText(k, p.start, p.end)}）。${extra ? `${extra}。` : ''}`,
      quote: splitSentences(p.summary)[0],
      sections: inside.map((x) => x.section),
      confidence: 0.92,
    });
  }
  const before = phases.filter((x) => x.end < d).sort((a, b) => b.end.localeCompare(a.end))[0];
  const after = phases.filter((x) => x.start > d).sort((a, b) => a.start.localeCompare(b.start))[0];
  let direct = `${head}没有找到对应的阶段。`;
  if (!before && after) {
    direct = `${head}检查尚未开始，第一个阶段${phaseLabel(after)}将于${dateText(k, after.start)}开始。`;
  } else if (before && !after) {
    direct = `${head}本次检查的各阶段已经结束，最后一个阶段${phaseLabel(before)}已于${dateText(k, before.end)}结束。`;
  } else if (before && after) {
    direct = `${head}不在任何阶段内：${phaseLabel(before)}已于${dateText(k, before.end)}结束，下一阶段${phaseLabel(after)}将于${dateText(k, after.start)}开始。`;
  }
  const sections = [before?.section, after?.section].filter((x): x is string => Boolean(x));
  return answerWith(k, { direct, sections, confidence: 0.88 });
}

function nextDeadline(k: Knowledge, now: Dayjs): PolicyAnswer | undefined {
  const d = isoDateOf(now, k.tz);
  const next = byDue(k).find((x) => x.due >= d);
  if (next) {
    return answerWith(k, {
      direct: `下一个截止日期是${cnFullDate(next.due)}：${docList(next.names)}须报送${next.recipient}（还有${daysUntil(next.due, now, k.tz)}天）。`,
      quote: next.sentence,
      focus: dateText(k, next.due),
      sections: [next.section],
      confidence: 0.9,
    });
  }
  const phase = k.facts.phases.find((p) => p.start > d);
  if (!phase) return undefined;
  return answerWith(k, { direct: `下一个节点是${phaseLabel(phase)}，${dateText(k, phase.start)}开始。`, sections: [phase.section], confidence: 0.85 });
}

/** Days left to a deliverable's deadline, or to the start or end of a phase. */
function daysLeft(k: Knowledge, q: Query, now: Dayjs): PolicyAnswer | undefined {
  const t = q.text;
  const phase = matchPhase(k, q, ['截止', '时间', '开始', '结束']);
  const wantsDeliverable = q.deliverables.some((m) => m.specific) || /截止|交|报送/.test(t);
  if (phase && !wantsDeliverable) {
    const start = /开始|启动/.test(t);
    const target = start ? phase.start : phase.end;
    const n = daysUntil(target, now, k.tz);
    const verb = start ? '开始' : '结束';
    const direct =
      n > 0
        ? `距${phaseLabel(phase)}${verb}（${cnFullDate(target)}）还有${n}天。`
        : n === 0
          ? `${phaseLabel(phase)}今天${verb}。`
          : `${phaseLabel(phase)}已于${dateText(k, target)}${verb}（${-n}天前）。`;
    return answerWith(k, { direct, sections: [phase.section], confidence: 0.9 });
  }
  const d = isoDateOf(now, k.tz);
  const x = q.deliverables.find((m) => m.specific)?.d ?? byDue(k).find((y) => y.due >= d) ?? byDue(k).at(-1);
  if (!x) return undefined;
  return answerWith(k, { direct: `${dueLine(k, x, now)}。`, quote: x.sentence, focus: dateText(k, x.due), sections: [x.section], confidence: 0.9 });
}

/** Too late? The deadline against today, and the notice's own words on units that are not on time. */
function lateAnswer(k: Knowledge, q: Query, now: Dayjs): PolicyAnswer | undefined {
  const x = (q.deliverables.find((m) => m.specific) ?? q.deliverables[0])?.d;
  if (!x) return undefined;
  const n = daysUntil(x.due, now, k.tz);
  const status = n >= 0 ? `还没有过截止日期：${dueLine(k, x, now)}` : `${dueLine(k, x, now)}（已逾期）`;
  const c = findConsequences(k, [...q.tokens, '及时']);
  const said = asksConsequence(q.text) ? consequenceText(c) : undefined;
  const first = c.targeted[0];
  return answerWith(k, {
    direct: said ? `${said}${status}。` : `${status}。`,
    quote: said ? undefined : first?.text,
    sections: [x.section, ...(said ? [...c.targeted, ...c.general] : first ? [first] : []).map((s) => s.section)],
    confidence: 0.85,
  });
}

export function timeRelativeAnswer(k: Knowledge, q: Query, now: Dayjs): PolicyAnswer | undefined {
  const t = q.text;
  const hasPhases = k.facts.phases.length > 0;
  if (WINDOW.test(t)) return dueInWindow(k, t, now);
  if (hasPhases && ((NOW.test(t) && PHASE_CUE.test(t) && !LATE.test(t)) || WHICH_PHASE.test(t))) return currentPhase(k, now);
  const bareDeadline = /截止|到期/.test(t) && contentTokens(q, ['截止', '时间']).length === 0;
  if (NEXT.test(t) || bareDeadline) return nextDeadline(k, now);
  if (DAYS_LEFT.test(t)) return daysLeft(k, q, now);
  if ((LATE.test(t) || asksConsequence(t)) && q.deliverables.length > 0) return lateAnswer(k, q, now);
  return undefined;
}
