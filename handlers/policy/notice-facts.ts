/**
 * Facts extracted from a parsed notice by pattern, never typed in: document number and basis, issuers and date,
 * phases with date ranges, deliverables (due date, recipient, form), responsibilities, offices and contacts.
 */
import { CLOSING_ID, PREAMBLE_ID, type NoticeSection, type ParsedNotice } from './notice-parser';
import { findDates, splitSentences } from './text-normalize';

export interface Phase {
  section: string;
  name: string;
  start: string;
  end: string;
  /** What happens in the phase: its text without the 时间 line. */
  summary: string;
}

export interface Deliverable {
  section: string;
  /** Display names (the fullest form found in the notice), e.g. 自查报告, 政务信息系统安全检查情况报告表. */
  names: string[];
  /** Shorter forms the notice also uses (…情况报告 for …情况报告表). */
  aliases: string[];
  due: string;
  recipient: string;
  forms: string[];
  /** The sentence that sets it. */
  sentence: string;
  /** Attachment sections that give its template or form. */
  attachments: string[];
}

export interface Responsibility {
  section: string;
  office: string;
  scope: string;
  sentence: string;
}

export interface Office {
  name: string;
  aliases: string[];
}

export interface NoticeContact {
  office: string;
  name: string;
  phone: string;
}

export interface NoticeFacts {
  title: string;
  docNumber?: string;
  basedOn?: { docNumber?: string; title?: string; issuers?: string; sentence: string };
  issuedOn?: string;
  issuers: string[];
  /** Whom the notice is addressed to (its 主送 line, "西城区各有关单位"), without the colon. */
  addressee?: string;
  year: number;
  /** Overall period, month precision (YYYY-MM), with the sentence that states it. */
  period?: { start: string; end: string; sentence: string; section: string };
  phases: Phase[];
  deliverables: Deliverable[];
  responsibilities: Responsibility[];
  offices: Office[];
  contacts: NoticeContact[];
}

const DOC_NO = /[\u4e00-\u9fa5]{1,10}〔\d{4}〕\d{1,4}号/g;
const ORG_END = '(?:办公室|局|委员会|委|办|室|中心|组)';
const SUBMIT_MAIN = /(统一)?(报送|提交|上报|送交|报至|递交|上交)(至|到|给)?/;
const SUBMIT_SHORT = /(统一)?(报|交|送)(至|到|给)?/;

function yearOf(notice: ParsedNotice): number {
  const m = /〔(\d{4})〕/.exec(notice.titleLine) ?? /(20\d{2})年/.exec(notice.sections.map((s) => s.text).join('\n'));
  return m && m[1] ? Number(m[1]) : new Date().getUTCFullYear();
}

function stripDocNumber(title: string): string {
  return title.replace(DOC_NO, '').trim();
}

function extractPhases(sections: NoticeSection[], year: number): Phase[] {
  const out: Phase[] = [];
  for (const s of sections) {
    if (s.kind !== 'body' || !s.parent) continue;
    const lines = s.text.split('\n');
    const timeIdx = lines.findIndex((l) => /^(时间|时限|起止时间)：/.test(l));
    const source = timeIdx >= 0 ? lines[timeIdx] ?? '' : s.heading;
    const range = findDates(source, year).find((d) => d.day && d.end);
    if (!range || !range.end) continue;
    const name = s.heading.replace(/[（(][^）)]*\d+月[^）)]*[）)]/, '').trim() || s.title;
    const summary = lines.filter((_, i) => i !== timeIdx).join('\n');
    out.push({ section: s.id, name, start: range.start, end: range.end, summary });
  }
  return out;
}

/** All 《…》 names in the notice, unified: a name that is another plus 表/模版 collapses into the longer one. */
function documentNames(notice: ParsedNotice): Map<string, string> {
  const names = new Set<string>();
  for (const s of notice.sections) for (const m of s.text.matchAll(/《([^》]{2,40})》/g)) if (m[1]) names.add(m[1]);
  for (const n of notice.attachmentNames.values()) names.add(n);
  const canonical = new Map<string, string>();
  const all = [...names];
  for (const n of all) {
    const longer = all.filter((o) => o !== n && o.startsWith(n) && o.length - n.length <= 1).sort((a, b) => b.length - a.length)[0];
    canonical.set(n, longer ?? n);
  }
  return canonical;
}

function extractDeliverables(notice: ParsedNotice, year: number): Deliverable[] {
  const canon = documentNames(notice);
  const attachments = notice.sections.filter((s) => s.kind === 'attachment' && !s.parent);
  const out: Deliverable[] = [];
  for (const s of notice.sections) {
    if (s.kind !== 'body') continue;
    for (const sentence of splitSentences(s.text)) {
      const due = findDates(sentence, year).find((d) => d.day && d.before && !d.end);
      if (!due) continue;
      const after = sentence.slice(due.index + due.length);
      // The verb comes after the "以…形式" clause, whose own words (发送至邮箱) must not be taken for it.
      const formEnd = /以.+?形式/.exec(after);
      const verbFrom = formEnd ? (formEnd.index ?? 0) + formEnd[0].length : 0;
      const tail = after.slice(verbFrom);
      const verb = SUBMIT_MAIN.exec(tail) ?? SUBMIT_SHORT.exec(tail);
      if (!verb) continue;
      const recipient = tail.slice((verb.index ?? 0) + verb[0].length).replace(/[。；，].*$/, '').trim();
      const before = sentence.slice(0, due.index);
      let raw = [...before.matchAll(/《([^》]+)》/g)].map((m) => m[1] ?? '').filter(Boolean);
      if (raw.length === 0) {
        const m = /将([^，。；]{2,20}?)(?:于|在)?$/.exec(before.replace(/[于在]$/, ''));
        if (m && m[1]) raw = [m[1]];
      }
      if (raw.length === 0 || !recipient) continue;
      const names = [...new Set(raw.map((n) => canon.get(n) ?? n))];
      const aliases = [...canon.entries()].filter(([k, v]) => k !== v && names.includes(v)).map(([k]) => k);
      const formMatch = /以(.+?)(?:的)?形式/.exec(after);
      const forms = formMatch && formMatch[1] ? formMatch[1].split(/与|和|及|以及|、|或/).map((f) => f.trim()).filter(Boolean) : [];
      const linked = attachments
        .filter((a) => names.some((n) => a.heading.startsWith(n) || n.startsWith(a.heading)))
        .map((a) => a.id)
        .sort();
      out.push({ section: s.id, names, aliases, due: due.start, recipient, forms, sentence, attachments: linked });
    }
  }
  return out;
}

function extractResponsibilities(sections: NoticeSection[]): Responsibility[] {
  const out: Responsibility[] = [];
  const re = new RegExp(`^([\\u4e00-\\u9fa5]{2,12}?${ORG_END})负责(.+?)。?$`);
  for (const s of sections) {
    if (s.kind !== 'body') continue;
    for (const sentence of splitSentences(s.text)) {
      const m = re.exec(sentence);
      if (m && m[1] && m[2]) out.push({ section: s.id, office: m[1], scope: m[2].replace(/[。；]$/, ''), sentence });
    }
  }
  return out;
}

/** 区委机要局 → 机要局; 区政府办 → 政府办 (only when what is left is still a name). */
function shortForms(name: string): string[] {
  const m = /^(区委|区|县委|县|市委|市)(.{3,})$/.exec(name);
  return m && m[2] ? [m[2]] : [];
}

function extractOffices(notice: ParsedNotice, responsibilities: Responsibility[], contacts: NoticeContact[]): Office[] {
  const names = [...new Set([...responsibilities.map((r) => r.office), ...contacts.map((c) => c.office)])];
  const aliases = new Map(names.map((n) => [n, new Set<string>(shortForms(n))]));
  const text = notice.sections.map((s) => s.text).join('\n');
  const pair = new RegExp(`([\\u4e00-\\u9fa5]{2,16}?${ORG_END})（([\\u4e00-\\u9fa5]{2,16}?${ORG_END})）`, 'g');
  for (const m of text.matchAll(pair)) {
    const [x, y] = [m[1] ?? '', m[2] ?? ''];
    for (const [known, other] of [[y, x], [x, y]] as const) {
      const name = names.find((n) => known.endsWith(n));
      if (!name) continue;
      // Trim leading words ("统一报送区委机要局") back to the name that starts like the known office.
      const cut = other.lastIndexOf(name.charAt(0));
      const alias = cut >= 0 ? other.slice(cut) : other;
      if (alias !== name && alias.length >= 3) {
        aliases.get(name)?.add(alias);
        for (const s of shortForms(alias)) aliases.get(name)?.add(s);
      }
    }
  }
  return names.map((name) => ({ name, aliases: [...(aliases.get(name) ?? [])] }));
}

function extractContacts(closingLines: string[], knownOffices: string[]): NoticeContact[] {
  const start = closingLines.findIndex((l) => /联系人|联系电话|电话/.test(l));
  if (start < 0) return [];
  const block = closingLines.slice(start).join('\n').replace(/^（?联系人[：:]?/, '').replace(/）\s*$/, '');
  const out: NoticeContact[] = [];
  for (const entry of block.split(/[；;\n]/)) {
    const phone = /(?:\d{3,4}-)?\d{7,8}|1\d{10}/.exec(entry);
    if (!phone) continue;
    const rest = entry
      .slice(0, phone.index)
      .replace(/(联系)?电话|手机|tel/gi, '')
      .replace(/[：:，,（）()]/g, ' ')
      .trim();
    const parts = rest.split(/\s+/).filter(Boolean);
    let office = '';
    let name = '';
    if (parts.length >= 2) {
      name = parts[parts.length - 1] ?? '';
      office = parts.slice(0, -1).join('');
    } else if (parts[0]) {
      const known = knownOffices.find((o) => parts[0]?.startsWith(o));
      office = known ?? '';
      name = known ? parts[0].slice(known.length) : parts[0];
    }
    if (name) out.push({ office, name, phone: phone[0] });
  }
  return out;
}

export function extractFacts(notice: ParsedNotice): NoticeFacts {
  const byId = new Map(notice.sections.map((s) => [s.id, s]));
  const preamble = byId.get(PREAMBLE_ID)?.text ?? '';
  const closing = byId.get(CLOSING_ID)?.text ?? '';
  const year = yearOf(notice);
  const docNumber = [...notice.titleLine.matchAll(DOC_NO)][0]?.[0];
  const title = stripDocNumber(notice.titleLine);

  let basedOn: NoticeFacts['basedOn'];
  for (const sentence of splitSentences(preamble)) {
    const m = /(?:依据|根据|按照)([^《，。]{0,60})《([^》]+)》(?:（([^）]*?〔\d{4}〕\d+号)）)?/.exec(sentence);
    if (m) {
      basedOn = { issuers: m[1]?.trim() || undefined, title: m[2], docNumber: m[3], sentence };
      break;
    }
  }
  const dateLine = closing.split('\n').find((l) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(l));
  const issued = findDates(dateLine ?? '', year)[0]?.start ?? /发布时间：(\d{4}-\d{2}-\d{2})/.exec(preamble)?.[1];
  const sig = notice.closingLines.find((l) => new RegExp(`^[\\u4e00-\\u9fa5]{2,20}${ORG_END}|政府$`).test(l) && !/[：，。]/.test(l));
  const issuers = sig ? sig.split(/\s+/).filter(Boolean) : [];

  let period: NoticeFacts['period'];
  for (const s of notice.sections.filter((x) => x.kind === 'preamble' || (x.kind === 'body' && !x.parent))) {
    for (const sentence of splitSentences(s.text)) {
      const d = findDates(sentence, year).find((x) => !x.day && x.end);
      if (d && d.end) {
        period = { start: d.start, end: d.end, sentence, section: s.id };
        break;
      }
    }
    if (period) break;
  }

  // The 主送 line: a short line of the preamble that ends in a colon and names units ("区各委办局、各街道（乡镇）：").
  const addressee = preamble
    .split('\n')
    .map((l) => /^([^：。，]{2,40})：$/.exec(l.trim())?.[1])
    .find((l) => l !== undefined && /单位|部门|机关|委办局|街道|乡镇|各/.test(l) && !/^(发布时间|时间|根据|依据)/.test(l));

  const responsibilities = extractResponsibilities(notice.sections);
  const contacts0 = extractContacts(notice.closingLines, responsibilities.map((r) => r.office));
  const offices = extractOffices(notice, responsibilities, contacts0);
  return {
    title,
    docNumber,
    basedOn,
    issuedOn: issued,
    issuers,
    addressee,
    year,
    period,
    phases: extractPhases(notice.sections, year),
    deliverables: extractDeliverables(notice, year),
    responsibilities,
    offices,
    contacts: contacts0,
  };
}
