/**
 * Questions the notice leaves open, answered honestly rather than with a clause that merely shares words:
 * - "整改结果反馈给谁": the notice names no recipient. The campaign file may (a deliverable only it defines); the
 *   reply says so and says where that comes from. Either way it quotes the notice's closest clauses.
 * - "自查报告谁签字": a word the notice never uses (签字) that has a close counterpart in it (加盖单位公章).
 */
import { cnFullDate } from '../../domain/time';
import { ORG_NAME, subjectOf } from './answer-actor';
import { findConsequences, consequenceText } from './answer-consequence';
import { answerWith, brief, contactsText, dateText, docList } from './compose';
import type { CampaignDeliverable, Knowledge } from './knowledge';
import { NEAR_TERMS, SYNONYM_GROUPS } from './lexicon';
import type { PolicyAnswer } from './policy-types';
import { contentTokens, type Query } from './question';

/** "…报给谁", "…反馈给谁", "交到哪里", "谁接收" (not "报哪些": that asks what). */
const TO_WHOM =
  /(提交|报送|上报|递交|反馈|汇报|交|送|(?<!通)报|寄|发)(给|到|至|往)?(谁|哪个部门|哪个单位|哪里|哪儿|哪(?![些几个类种样一]))|(谁|哪个部门)来?(收|接收)/;
/** "将评定情况向各单位反馈", "向各单位通报……检查结果": the clause names who receives it. */
const TO_ORG = new RegExp(`向(?:${ORG_NAME})[^，。；]{0,30}?(?:反馈|通报|报送|报告|提交|上报|汇报)`);
/** "将检查情况统一报送区委机要局": what comes before the verb goes to the organisation after it. */
const SEND_ORG = new RegExp(`(?:报送|上报|提交|反馈|通报|报告|报至|送至|送交|递交)(?:至|给|到)?(?:${ORG_NAME})`);
/** Words that say what is handed over without naming it, or to whom ("哪个部门"). */
const HANDED = ['报送', '反馈', '情况', '结果', '材料', '部门', '单位', '机构'];
/** A sentence in which someone receives or gathers what units send. */
const RECEIVES = /收集|接收|汇总|收到|受理/;
/** Share of the question's words a campaign deliverable must cover. */
const MIN_COVERAGE = 0.7;
const MAX_QUOTES = 2;

interface Quoted {
  text: string;
  section: string;
  /** The part of the sentence to keep when it is shortened. */
  focus?: string;
}

function cite(s: Quoted): string {
  return `${brief(s.text, s.focus).replace(/[。；]$/, '')}（${s.section}）`;
}

/** The campaign file's deliverable the question is about: its name shares a word, and it covers the question. */
function campaignDeliverable(k: Knowledge, object: readonly string[]): CampaignDeliverable | undefined {
  return k.campaignDeliverables
    .map((d) => ({ d, named: object.filter((t) => d.nameTokens.has(t)).length, cov: k.index.coverage(object, d.tokens) }))
    .filter((x) => x.named > 0 && x.cov >= MIN_COVERAGE)
    .sort((a, b) => b.named - a.named || b.cov - a.cov)[0]?.d;
}

/** The notice's sentences on handing over what the question names, the ones saying who gathers it first. */
function handoverSentences(k: Knowledge, q: Query, object: readonly string[]): Quoted[] {
  const found: Array<Quoted & { score: number }> = [];
  for (const s of k.notice.sections) {
    if (s.kind !== 'body') continue;
    for (const { text, tokens } of k.index.sentences(s.id)) {
      if (!object.every((t) => tokens.has(t))) continue;
      // The thing and its handing over in one clause ("未及时反馈技术检测整改结果"), not just somewhere in the sentence.
      const clause = text.split(/[，；。]/).find((c) => {
        const ct = new Set(k.tokenizer.tokenize(c));
        return object.every((t) => ct.has(t)) && (ct.has('报送') || ct.has('反馈'));
      });
      if (!clause) continue;
      const shared = [...new Set(q.tokens)].reduce((a, t) => a + (tokens.has(t) ? k.index.idf(t) : 0), 0);
      const receiver = RECEIVES.test(text) && subjectOf(text) ? k.index.maxIdf : 0;
      found.push({ text, section: s.id, focus: clause, score: shared + receiver });
    }
  }
  const out: Quoted[] = [];
  for (const f of found.sort((a, b) => b.score - a.score)) {
    if (out.length >= MAX_QUOTES) break;
    if (!out.some((o) => o.section === f.section)) out.push({ text: f.text, section: f.section, focus: f.focus });
  }
  return out;
}

/** Some clause of the notice says who receives what the question names (then it is not a gap). */
function recipientStated(k: Knowledge, object: readonly string[]): boolean {
  for (const s of k.notice.sections) {
    if (s.kind !== 'body') continue;
    for (const { text, tokens } of k.index.sentences(s.id)) {
      if (!object.every((t) => tokens.has(t))) continue;
      for (const clause of text.split(/[，；。]/)) {
        if (!object.every((t) => k.tokenizer.tokenize(clause).includes(t))) continue;
        if (TO_ORG.test(clause)) return true;
        const m = SEND_ORG.exec(clause);
        if (m && object.every((t) => k.tokenizer.tokenize(clause.slice(0, m.index), false).includes(t))) return true;
      }
    }
  }
  return false;
}

/** "整改结果反馈给谁" when the notice defines no such deliverable. */
export function unstatedRecipientAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  const m = TO_WHOM.exec(q.text);
  if (!m || q.deliverables.length > 0) return undefined;
  const object = [...new Set(contentTokens(q, HANDED))];
  if (object.length === 0) return undefined;
  // Part of a document the notice does define ("自查情况" of 自查报告), or a recipient the notice names: not a gap.
  const inDocument = k.facts.deliverables.some((d) => {
    const names = new Set([...d.names, ...d.aliases].flatMap((n) => k.tokenizer.tokenize(n)));
    return object.every((t) => names.has(t));
  });
  if (inDocument || recipientStated(k, object)) return undefined;
  const fromCampaign = campaignDeliverable(k, object);
  const quotes = handoverSentences(k, q, object);
  if (!fromCampaign && quotes.length === 0) return undefined;
  // Say what was asked in the asker's words ("整改结果反馈给谁"), else by its key words.
  const before = q.text.slice(0, m.index).replace(/^(请问|我们|我|咱们|本单位|单位)(的)?/, '');
  const subject = /^[\u4e00-\u9fa5]{2,16}$/.test(before) ? before : object.join('');
  const verb = m[1] ?? '报';
  const lines = [`通知原文没有写明${subject}${verb}给谁。`];
  if (fromCampaign) {
    lines.push(
      `按本次检查的工作安排（检查工作组在活动配置中设定，不是通知原文）：“${fromCampaign.name}”报送${fromCampaign.recipient}，截止${cnFullDate(fromCampaign.due)}。`,
    );
  }
  if (quotes.length > 0) lines.push(`通知中相关的条款：${quotes.map(cite).join('；')}。`);
  if (!fromCampaign) lines.push(`${contactsText(k).replace(/^如需帮助/, '如需确认')}`);
  const sections = [...(fromCampaign ? [fromCampaign.clause] : []), ...quotes.map((x) => x.section)];
  return answerWith(k, { direct: lines.join(''), sections, confidence: fromCampaign ? 0.8 : 0.6 });
}

/** The form of a lexicon word the question used (签名 for the group 签字). */
function surfaceForm(text: string, canonical: string): string {
  const group = SYNONYM_GROUPS.find((g) => g[0] === canonical) ?? [canonical];
  return [...group].sort((a, b) => b.length - a.length).find((w) => text.includes(w)) ?? canonical;
}

/** "自查报告谁签字" of a notice that never mentions signing: say so, and give its closest requirement. */
export function absentTermAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  for (const [word, near] of NEAR_TERMS) {
    if (!q.tokens.includes(word) || k.index.has(word)) continue;
    const present = near.filter((n) => k.index.has(n));
    if (present.length === 0) continue;
    const others = [...new Set(q.tokens)].filter((t) => t !== word);
    let best: { text: string; section: string; clause: string; score: number } | undefined;
    for (const s of k.notice.sections) {
      if (s.kind !== 'body') continue;
      for (const { text, tokens } of k.index.sentences(s.id)) {
        if (!present.some((n) => tokens.has(n))) continue;
        const score = others.reduce((a, t) => a + (tokens.has(t) ? k.index.idf(t) : 0), 0);
        if (best && best.score >= score) continue;
        const clause = text.split(/[，；。]/).find((c) => present.some((n) => k.tokenizer.tokenize(c).includes(n))) ?? text;
        best = { text, section: s.id, clause, score };
      }
    }
    if (!best) continue;
    const w = surfaceForm(q.text, word);
    const who = /谁|哪个|哪位|什么人/.test(q.text) ? `，也没有规定由谁${w}` : '';
    const direct = `通知没有提到${w}${who}。通知的相关要求是：${best.clause.replace(/[。；]$/, '')}。`;
    return answerWith(k, { direct, sections: [best.section], confidence: 0.75 });
  }
  return undefined;
}

/** Verbs of handing something in. */
const SUBMIT_VERB = '(?:提交|报送|上报|递交|上交|送交|交)';
/** "要交X吗", "需要提交X吗": the object after the verb. */
const SUBMIT_OBJECT_AFTER = new RegExp(
  `^(?:请问)?(?:我们|我|咱们|本单位|单位|各单位)?(?:还|也)?(?:需要|需|要|必须|得|是否需要|是否要|是否|用不用|要不要|需不需要)?${SUBMIT_VERB}(?:一份|份)?([\\u4e00-\\u9fa5]{2,16}?)(?:吗|么|不)?[？?。]?$`,
);
/** "X要交吗", "X需不需要提交": the object before the verb. */
const SUBMIT_OBJECT_BEFORE = new RegExp(
  `^(?:请问)?(?:我们|我|咱们|本单位|单位|各单位)?(?:的)?([\\u4e00-\\u9fa5]{2,16}?)(?:也|还)?(?:是否需要|是否要|是否|需不需要|要不要|用不用|需要|需|要|必须|得)?${SUBMIT_VERB}(?:上去)?(?:吗|么|不)?[？?。]?$`,
);
/** What the object must end with to be a document (not a form such as 光盘, nor a question word). */
const DOCUMENT_LIKE = /(报告|证明|证书|报表|清单|记录|台账|方案|预案|制度|协议|合同|复印件|扫描件|截图|照片|回执|说明|材料|文件|表|书|单)$/;
/** Objects that say nothing of which document (answered by the deliverable intent). */
const GENERIC_OBJECT = /^(材料|资料|文件|东西|报告|报表|表格?|什么|哪些|纸质\S*|电子\S*|光盘)$/;
/** Words of a document's name that say what kind of paper it is, not what it is about. */
const DOCUMENT_WORDS = new Set(['报告', '证明', '证书', '报表', '清单', '记录', '台账', '材料', '文件', '表', '复印件', '扫描件', '截图', '照片', '回执', '说明', '报送']);

/** The document a yes/no "do we hand in X" question names, in the asker's words. */
function askedDocument(q: Query): string | undefined {
  if (!q.yesNo) return undefined;
  const text = q.text.replace(/\s+/g, '');
  const x = SUBMIT_OBJECT_AFTER.exec(text)?.[1] ?? SUBMIT_OBJECT_BEFORE.exec(text)?.[1];
  if (!x || GENERIC_OBJECT.test(x) || !DOCUMENT_LIKE.test(x)) return undefined;
  return x;
}

/** The body clause that talks most about the words of `object`, if it covers at least half of them. */
function mentionOf(k: Knowledge, object: readonly string[], skip: ReadonlySet<string>): Quoted | undefined {
  if (object.length === 0) return undefined;
  const hit = k.index.search(object, (s) => s.kind === 'body' && !skip.has(s.id)).find((h) => k.index.coverage(object, h.matched) >= 0.5);
  if (!hit) return undefined;
  const s = hit.section;
  const body = s.heading ? s.text.replace(new RegExp(`^${s.heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[。：]?\\n?`), '') : s.text;
  return { text: body || s.text, section: s.id };
}

/** What the notice does require units to hand in: "《A》和《B》，于7月8日前报送X（八（一））". */
function requiredText(k: Knowledge): { text: string; sections: string[] } | undefined {
  const ds = k.facts.deliverables;
  if (ds.length === 0) return undefined;
  const text = ds.map((d) => `${docList(d.names)}，于${dateText(k, d.due)}前报送${d.recipient}（${d.section}）`).join('；');
  return { text, sections: ds.map((d) => d.section) };
}

/**
 * "等保测评报告要交吗" of a notice whose deliverables do not include it: the notice does not require it; what it does
 * require; and where the notice mentions the subject (a check item, say), so the asker knows how it comes up.
 */
export function unlistedDocumentAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  if (q.deliverables.some((m) => m.specific)) return undefined;
  const x = askedDocument(q);
  if (!x) return undefined;
  const required = requiredText(k);
  if (!required) return undefined;
  const object = [...new Set(k.tokenizer.tokenize(x))].filter((t) => !DOCUMENT_WORDS.has(t) && k.index.has(t));
  const mention = mentionOf(k, object, new Set(required.sections));
  const lines = [`通知没有要求单位报送“${x}”。`, `通知要求各单位报送的是：${required.text}。`];
  if (mention) {
    const title = k.sections.get(mention.section)?.title ?? mention.section;
    const asItem = /检查内容/.test(title) ? '这是检查内容之一，单位自查时要对照检查，但通知没有要求单独报送相关材料。' : '';
    lines.push(`通知在“${title}”中提到：${cite(mention)}。${asItem}`);
  }
  lines.push(contactsText(k).replace(/^如需帮助/, '如需确认'));
  const sections = [...required.sections, ...(mention ? [mention.section] : [])];
  return answerWith(k, { direct: lines.join(''), sections, confidence: 0.75 });
}

/** "能延期吗", "可以晚几天交吗", "截止日期能推迟吗": asking for more time. */
const EXTENSION = /延期|推迟|延后|延长|宽限|缓交|缓报|顺延|展期|往后推|晚(?:几|一|两|三|些|点|一点)?(?:天|日|周)?(?:交|报|提交|报送|上报)|晚(?:几|一|两|三)(?:天|日|周)|迟(?:几|一|两|三)?(?:天|日)(?:交|报)?/;
/** …and whether it is allowed. */
const PERMISSION = /能|可以|可否|允许|行不行|行吗|可不可以|申请|同意|批准|通融|吗/;

/**
 * "截止日期能延期吗": the notice provides no extension (when it says nothing about one); the deadlines it sets; what it
 * says befalls units that are late; and whom to ask about a special case.
 */
export function extensionAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  if (!EXTENSION.test(q.text) || !PERMISSION.test(q.text)) return undefined;
  // A notice that does speak of extensions is left to the general search, which quotes it.
  const noticeText = k.notice.sections.filter((s) => s.kind === 'body').map((s) => s.text).join('\n');
  if (/延期|推迟|延后|宽限|缓交|顺延/.test(noticeText)) return undefined;
  const specific = q.deliverables.filter((m) => m.specific);
  const ds = specific.length > 0 ? specific.map((m) => m.d) : k.facts.deliverables;
  if (ds.length === 0) return undefined;
  const names = specific.length > 0 ? specific.flatMap((m) => m.names) : undefined;
  const lines = ['通知没有关于延期报送的规定。'];
  const due = ds.map((d) => `${docList(names ?? d.names)}须于${dateText(k, d.due)}前报送${d.recipient}（${d.section}）`).join('；');
  lines.push(`通知规定的期限是：${due}。`);
  const c = findConsequences(k, [...q.tokens, '及时', '报送', '提交']);
  const late = c.targeted.length > 0 ? consequenceText({ ...c, general: [] }) : undefined;
  if (late) lines.push(`关于未按时报送：${late.replace(/通知没有写明其他处罚措施。$/, '')}`);
  lines.push(contactsText(k).replace(/^如需帮助，请联系/, '如有特殊情况，请提前联系'));
  const sections = [...ds.map((d) => d.section), ...c.targeted.map((s) => s.section)];
  return answerWith(k, { direct: lines.join(''), sections, confidence: 0.75 });
}
