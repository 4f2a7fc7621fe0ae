/**
 * Intent templates answered from extracted facts: contacts, the document itself (number, basis, issuers),
 * deliverables (what, when, where, in which form, template), responsibilities and attachments.
 * Each returns undefined when its intent or entity is absent, so the next one can try.
 */
import { cnFullDate } from '../../domain/time';
import { answerWith, contactsText, dateText, docList } from './compose';
import type { Knowledge } from './knowledge';
import { CLOSING_ID, PREAMBLE_ID } from './notice-parser';
import type { PolicyAnswer } from './policy-types';
import { ASKS_WHAT_TO_SUBMIT, contentTokens, type DeliverableMatch, type Query } from './question';

const CONTACT = /电话|联系人|联系方式|联系谁|找谁|问谁|咨询|号码|热线|对接人/;
const DOC_NUMBER = /文号|发文字号|字号|文件号|几号文|发文号|编号/;
const BASIS = /(依据|根据|按照|基于)(的是)?(什么|哪个|哪份|哪一个|啥|哪些)?(上级)?(文件|文|通知)|上级文件|哪个文件|什么文件/;
const ISSUER = /谁发的|哪个部门发|哪些部门发|发文单位|发文机关|落款|哪天发|什么时候发|几号发|发布时间|何时发布|发布日期|印发|发布的/;
const RECIPIENT = /(交|送|报|寄|提交|报送|上报)给?谁|给谁|寄给|交到|送到|报到|报给|交给|送给|寄到|交往|送往|报往|(?:交|送|报)哪(?![些几样种类])|哪里|哪儿|什么地方|哪个部门收|谁收|接收|提交给|提交到|上报给|上报到|报送给|报送到|还是/;
const DUE = /什么时候|哪天|几号|何时|最晚|最迟|截止|期限|时间|日期|几月/;
const FORM = /形式|怎么交|如何交|怎么报|怎么送|怎么提交|如何提交|纸质|电子版|光盘|盖章|公章|加盖|份数|几份|u盘|邮件|邮箱|打印|原件|扫描件|网上|线上/;
const MATERIALS = /(哪些|什么|哪几份|哪两份|几份|啥|哪几样|哪几个)(材料|表|报告|东西|资料|文件)|交什么|报什么|填什么|填写什么|交哪些|填哪些|报哪些/;
const TEMPLATE = /模版|模板|格式|样表|参考|附件|怎么写|写什么|写哪些|包括|内容|部分|结构/;
/** Where to get a document's blank form ("情况报告表在哪下载", "去哪里领报告表"), not where to hand it in. */
const WHERE_TO_GET = /下载|获取|领取|索取|(?:哪里|哪儿|哪|何处)(?:能|可以)?(?:找到?|拿到?|领|要到?|下|获得|弄到?)|在哪(?!交|报|送|提交)/;
/** "要交吗", "需要提交吗": a yes/no question on handing a named document in. */
const SUBMIT_ASK = /交|提交|报送|上报|递交|上交|送交/;
const RESPONSIBLE = /负责|归谁|谁管|由谁|管哪|管什么|管辖|分管|哪个(部门|单位)(管|查|检查|负责)|谁来(查|检查)|谁查|谁检查|归哪|哪个部门/;
const SCOPE_ASK = /哪些|什么|啥|范围|哪几/;

export function contactAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  const named = k.contacts.filter((c) => q.text.includes(c.name));
  if ((!CONTACT.test(q.text) && named.length === 0) || k.contacts.length === 0) return undefined;
  const names = (o: { name: string; aliases: string[] }) => [o.name, ...o.aliases];
  const ofOffice = (c: (typeof k.contacts)[number]) =>
    q.offices.length === 0 || q.offices.some((o) => names(o).includes(c.office) || c.office.includes(o.name));
  const wanted = named.length > 0 ? named : k.contacts.filter(ofOffice);
  const list = wanted.length > 0 ? wanted : k.contacts;
  const direct = `${list.map((c) => `${c.office ? `${c.office}联系人` : '联系人'}${c.name}，联系电话${c.phone}`).join('；')}。`;
  const quote = k.notice.closingLines.filter((l) => /联系|电话|\d{7,}/.test(l)).join('');
  return answerWith(k, { direct, quote, sections: [CLOSING_ID], confidence: 0.95 });
}

export function documentAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  const f = k.facts;
  if (DOC_NUMBER.test(q.text) && f.docNumber) {
    return answerWith(k, { direct: `本通知的文号是${f.docNumber}（${f.title}）。`, sections: [PREAMBLE_ID], confidence: 0.95 });
  }
  if (BASIS.test(q.text) && f.basedOn) {
    const b = f.basedOn;
    const direct = `本次检查依据${b.issuers ?? ''}${b.title ? `《${b.title}》` : ''}${b.docNumber ? `（${b.docNumber}）` : ''}开展。`;
    return answerWith(k, { direct, quote: b.sentence, focus: b.docNumber ?? b.title, sections: [PREAMBLE_ID], confidence: 0.9 });
  }
  if (ISSUER.test(q.text) && (f.issuers.length > 0 || f.issuedOn)) {
    const who = f.issuers.length > 0 ? `由${f.issuers.join('、')}` : '';
    const when = f.issuedOn ? `于${cnFullDate(f.issuedOn)}` : '';
    return answerWith(k, { direct: `本通知${who}${when}发布。`, sections: [CLOSING_ID, PREAMBLE_ID], confidence: 0.9 });
  }
  return undefined;
}

/** Form words a question may ask about, and media the notice may not allow. */
const FORM_WORDS: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/公章|盖章/, '公章', '盖章'],
  [/光盘|刻盘/, '光盘', '刻光盘'],
  [/纸质/, '纸质', '纸质版'],
  [/电子/, '电子', '电子版'],
];
const OTHER_MEDIA = /u盘|邮件|邮箱|网上|线上|扫描件|传真|微信/;

/**
 * "要不要盖章" → 需要。 when the required forms include it; never a yes for a medium the notice does not name
 * ("要刻光盘吗" of a notice that wants the electronic copy by e-mail: 通知没有要求刻光盘).
 */
function formYes(q: Query, forms: string[]): string {
  const t = q.text;
  if (!q.yesNo) return '';
  if (OTHER_MEDIA.test(t)) return '通知要求的形式是：';
  const asked = FORM_WORDS.filter(([re]) => re.test(t));
  const missing = asked.filter(([, w]) => !forms.some((f) => f.includes(w)));
  if (missing.length > 0) return `通知没有要求${missing.map(([, , label]) => label).join('、')}，要求的形式是：`;
  return asked.length > 0 ? '需要。' : '';
}

function formsText(forms: string[]): string {
  return forms.map((f) => `“${f}”`).join('和');
}

/** Deliverables: what to hand in, by when, to whom, in which form, following which template. */
export function deliverableAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  const matches = q.deliverables;
  if (matches.length === 0) return undefined;
  const t = q.text;
  const askTemplate = TEMPLATE.test(t) && !FORM.test(t);
  const askGet = WHERE_TO_GET.test(t) && !FORM.test(t);
  if (askTemplate || askGet) {
    const withAttachment = matches.filter((m) => m.d.attachments.length > 0);
    const tpl = templateAnswer(k, q, withAttachment);
    if (tpl) return tpl;
    if (askGet) {
      const noForm = unattachedFormAnswer(k, matches.filter((m) => m.specific));
      if (noForm) return noForm;
    }
  }
  const m = matches[0] as DeliverableMatch;
  const specific = matches.filter((x) => x.specific);
  const names = specific.length > 0 ? specific.flatMap((x) => x.names) : m.names;
  const askRecipient = RECIPIENT.test(t);
  const askDue = DUE.test(t);
  const askForm = FORM.test(t);
  const askMaterials = MATERIALS.test(t) || ASKS_WHAT_TO_SUBMIT.test(t);
  const askSubmit = q.yesNo && m.specific && SUBMIT_ASK.test(t);
  if (!askRecipient && !askDue && !askForm && !askMaterials && !askSubmit) return undefined;
  if (!m.specific && !askMaterials && !askForm && !/材料|报告|交|报送|提交|上报|送/.test(t)) return undefined;
  const d = m.d;
  const due = dateText(k, d.due);
  const subject = docList(names);
  let direct: string;
  if (askSubmit && !askMaterials && !askRecipient && !askDue && !askForm) {
    const how = d.forms.length > 0 ? `以${formsText(d.forms)}形式，` : '';
    direct = `需要。${subject}须${how}于${due}前报送${d.recipient}。`;
  } else if (askMaterials && !askRecipient && !askDue && !askForm) {
    direct = `需要填写${docList(d.names)}，于${due}前报送${d.recipient}。`;
  } else if (askForm && d.forms.length > 0) {
    direct = `${formYes(q, d.forms)}${subject}须以${formsText(d.forms)}形式，于${due}前报送${d.recipient}。`;
  } else if (askRecipient && !askDue) {
    direct = `${subject}须报送${d.recipient}（截止${due}）。`;
  } else if (askDue && !askRecipient) {
    direct = `${subject}的截止日期是${cnFullDate(d.due)}，须于${due}前报送${d.recipient}。`;
  } else {
    direct = `${subject}须于${due}前报送${d.recipient}。`;
  }
  return answerWith(k, { direct, quote: d.sentence, focus: due, sections: [d.section], confidence: m.specific ? 0.92 : 0.8 });
}

function templateAnswer(k: Knowledge, q: Query, matches: DeliverableMatch[]): PolicyAnswer | undefined {
  for (const m of matches) {
    for (const attId of m.d.attachments) {
      const att = k.sections.get(attId);
      if (!att || !m.names.some((n) => att.heading.startsWith(n) || n.startsWith(att.heading))) continue;
      const parts = att.children.map((id) => k.sections.get(id)).filter((s) => s !== undefined);
      const ordinal = /第([一二三四五六七八九])(部分|点|项|条|个)/.exec(q.text)?.[1];
      const part = ordinal ? parts.find((p) => p.id === `${att.id}-${ordinal}`) : undefined;
      if (part) {
        const body = part.text.replace(new RegExp(`^${part.heading}。?\\n?`), '');
        return answerWith(k, {
          direct: `${docList([att.heading])}第${ordinal}部分是“${part.heading}”${body ? `：${body.split('\n')[0]}` : '。'}`,
          sections: [part.id],
          confidence: 0.9,
        });
      }
      if (parts.length === 0 && isEmptyAttachment(att)) {
        const named = m.names.filter((n) => n.startsWith(att.heading) || att.heading.startsWith(n));
        return unattachedFormAnswer(k, [{ ...m, names: named }], att.id);
      }
      const list = parts.map((p) => `${p.id.slice(att.id.length + 1)}、${p.heading}`).join('；');
      const direct = parts.length > 0
        ? `${docList(m.names.filter((n) => att.heading.startsWith(n)))}的参考格式见${att.title}，共${parts.length}部分：${list}。`
        : `${docList(m.names.filter((n) => n.startsWith(att.heading) || att.heading.startsWith(n)))}见${att.title}（通知正文未附其具体内容）。`;
      return answerWith(k, { direct, sections: [att.id], confidence: 0.9 });
    }
  }
  return undefined;
}

/** An attachment the notice only lists: its text is no more than its name. */
function isEmptyAttachment(att: { heading: string; text: string; children: string[] }): boolean {
  return att.children.length === 0 && att.text.replace(/\s/g, '').replace(att.heading.replace(/\s/g, ''), '').length === 0;
}

/**
 * "情况报告表在哪下载" when the notice lists the form as an attachment without its content, or attaches nothing for it:
 * say so, name the attachments that do have content, and give the contacts.
 */
function unattachedFormAnswer(k: Knowledge, matches: DeliverableMatch[], listedAs?: string): PolicyAnswer | undefined {
  const names = [...new Set(matches.flatMap((m) => m.names))];
  if (names.length === 0) return undefined;
  const listed = listedAs ? k.sections.get(listedAs) : undefined;
  const lines = [
    listed
      ? `通知的附件清单列有${listed.title}，但通知中没有附上${docList(names)}的具体内容，也没有说明从哪里下载或领取。`
      : `通知没有附${docList(names)}的模板，也没有说明从哪里下载或领取。`,
  ];
  const withContent = k.notice.sections.filter((s) => s.kind === 'attachment' && !s.parent && !isEmptyAttachment(s));
  if (withContent.length > 0) lines.push(`通知附有内容的附件是：${withContent.map((s) => s.title).join('；')}。`);
  lines.push(contactsText(k).replace(/^如需帮助/, '如需该表'));
  const sections = [...(listed ? [listed.id] : []), ...withContent.map((s) => s.id), ...new Set(matches.map((m) => m.d.section))];
  return answerWith(k, { direct: lines.join(''), sections, confidence: 0.8 });
}

/** Who is responsible for what (the notice's "X负责Y" clauses). */
export function responsibilityAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  const rs = k.facts.responsibilities;
  if (!RESPONSIBLE.test(q.text) || rs.length === 0) return undefined;
  const officeTokens = q.offices.map((o) => k.tokenizer.canonical(o.name));
  if (q.offices.length > 0 && SCOPE_ASK.test(q.text)) {
    const mine = rs.filter((r) => officeTokens.includes(k.tokenizer.canonical(r.office)));
    if (mine.length === 0) return undefined;
    const direct = mine.map((r) => `${r.office}负责${r.scope}`).join('；') + '。';
    return answerWith(k, { direct, sections: mine.map((r) => r.section), confidence: 0.92 });
  }
  // "哪个部门/单位" frames the question; 部门 is not what the responsibility is about.
  const frame = /(哪个|哪些|什么)(部门|单位)/.test(q.text) ? ['部门', '单位'] : [];
  const tokens = contentTokens(q, [...officeTokens, '负责', '检查', ...frame]);
  if (tokens.length === 0) return undefined;
  const scored = rs
    .map((r) => ({ r, cov: k.index.coverage(tokens, new Set(k.tokenizer.tokenize(r.scope))) }))
    .sort((a, b) => b.cov - a.cov);
  const best = scored[0];
  if (!best || best.cov < 0.5 || (scored[1] && scored[1].cov === best.cov)) return undefined;
  const { r } = best;
  return answerWith(k, { direct: `由${r.office}负责：${r.office}负责${r.scope}。`, sections: [r.section], confidence: 0.6 + 0.35 * best.cov });
}

/** The attachments the notice lists. */
export function attachmentsAnswer(k: Knowledge, q: Query): PolicyAnswer | undefined {
  if (!/几个附件|哪些附件|附件(有|是|都|包括)|有附件/.test(q.text)) return undefined;
  const atts = k.notice.sections.filter((s) => s.kind === 'attachment' && !s.parent);
  if (atts.length === 0) return undefined;
  const direct = `本通知有${atts.length}个附件：${atts.map((a) => `附件${a.id.slice(2)} ${a.heading}`).join('；')}。`;
  return answerWith(k, { direct, sections: [CLOSING_ID, ...atts.map((a) => a.id)], confidence: 0.9 });
}
