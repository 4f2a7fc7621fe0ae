/**
 * Notice text → section tree. Works on the plain text of a Chinese government notice as copied from a web page:
 * site chrome before the title and after the last attachment is dropped, stray spaces and half/full-width
 * variants are normalised, and lines broken mid-sentence are joined.
 *
 * Section ids: 一 … 九 (top level), 五（一） (numbered clauses), 附件1 and 附件1-一 (attachments and their parts),
 * plus 首段 (title and opening paragraph) and 落款 (signature, date, attachment list, contacts).
 */
import { collapseSpaces, compactSpaces, normalizeChars } from './text-normalize';

export type SectionKind = 'preamble' | 'body' | 'closing' | 'attachment';

export interface NoticeSection {
  id: string;
  /** Heading without the number, e.g. 时间安排, 信息安全自查、检测; empty when the clause has none. */
  heading: string;
  /** Citation title, e.g. 八、时间安排（一）信息安全自查、检测. */
  title: string;
  /** The section's own text (children excluded), paragraphs separated by \n. */
  text: string;
  kind: SectionKind;
  parent?: string;
  children: string[];
}

export interface ParsedNotice {
  sections: NoticeSection[];
  /** The title line (document number and title), cleaned. */
  titleLine: string;
  /** Closing lines with their inner spacing kept (contacts are read from these). */
  closingLines: string[];
  /** Attachment names from the 附件： list, by number. */
  attachmentNames: Map<string, string>;
}

export const PREAMBLE_ID = '首段';
export const CLOSING_ID = '落款';

const L1 = /^([一二三四五六七八九十]{1,3})、(.*)$/;
const L2 = /^（([一二三四五六七八九十]{1,3})）(.*)$/;
const ATTACH_LIST = /^附件：(.*)$/;
const ATTACH_START = /^附件(\d{1,2})(?:[：:.．、]?(.{0,40}))?$/;
const LIST_ITEM = /^(\d{1,2})[.．、](.+)$/;
const CONTACT = /^（?联系人|^联系电话|^联系方式/;
const DATE_LINE = /^\d{4}年\d{1,2}月\d{1,2}日$/;
const ORG = '[\\u4e00-\\u9fa5]{2,20}(?:办公室|局|委员会|委|政府|中心|办|室)';
const SIGNATURE = new RegExp(`^${ORG}(?: ${ORG})*$`);
const FOOTER = /^(政策文件|分享|回到顶部|政务服务热线|地址：|技术支持|官方微信|主办：|承办：|政府网站标识码|京ICP|京公网安备|打印本页|关闭窗口|【打印】|扫一扫)/;
const TITLE_LINE = /〔\d{4}〕\d{1,4}号|^关于.{4,}(通知|意见|方案)$/;
const STATUS_PREFIX = /^[（【[]?(失效|废止|已失效|有效)[）】\]]?/;
const TERMINAL = /[。；！？：”）]$/;
/** A "label：value" line such as 发布时间：2016-06-22 or 时间：… is never continued by the next line. */
const LABEL = /^[^，。]{1,8}：/;

/**
 * Split a numbered line's rest into heading and text: "安全管理制度落实情况。检查…" → heading 安全管理制度落实情况.
 * A long first sentence is body text, not a heading.
 */
function splitHeading(rest: string): { heading: string; text: string } {
  const m = /^([^。：，；]{1,24})(?:[。：]|$)/.exec(rest);
  if (!m || m[1] === undefined) return { heading: '', text: rest };
  const heading = m[1].trim();
  const more = rest.slice(m[0].length).trim().length > 0;
  return { heading, text: more || m[0].endsWith('。') ? rest : '' };
}

class Builder {
  readonly sections: NoticeSection[] = [];
  private readonly paragraphs = new Map<string, string[]>();

  add(s: Omit<NoticeSection, 'text' | 'children'>, firstText = ''): NoticeSection {
    const section: NoticeSection = { ...s, text: '', children: [] };
    this.sections.push(section);
    this.paragraphs.set(section.id, firstText ? [firstText] : []);
    if (s.parent) this.sections.find((p) => p.id === s.parent)?.children.push(section.id);
    return section;
  }

  /** Append a line, joining it to the previous paragraph when that one was broken mid-sentence. */
  append(id: string, line: string, join = true): void {
    const paras = this.paragraphs.get(id);
    if (!paras) return;
    const last = paras[paras.length - 1];
    const broken = last !== undefined && last.length >= 15 && !TERMINAL.test(last) && !LABEL.test(last) && !LABEL.test(line);
    if (join && broken) paras[paras.length - 1] = last + line;
    else paras.push(line);
  }

  finish(): NoticeSection[] {
    for (const s of this.sections) s.text = (this.paragraphs.get(s.id) ?? []).join('\n');
    return this.sections;
  }
}

/** Parse a notice's plain text into sections. */
export function parseNotice(raw: string): ParsedNotice {
  const rawLines = normalizeChars(raw).split('\n');
  const lines = rawLines.map((l) => ({ compact: compactSpaces(l), spaced: collapseSpaces(l) })).filter((l) => l.compact.length > 0);
  const b = new Builder();
  const closingLines: string[] = [];
  const attachmentNames = new Map<string, string>();

  let start = lines.findIndex((l) => TITLE_LINE.test(l.compact.replace(STATUS_PREFIX, '')));
  if (start < 0) start = 0;
  const titleLine = (lines[start]?.compact ?? '').replace(STATUS_PREFIX, '');
  b.add({ id: PREAMBLE_ID, heading: '', title: '通知标题及首段', kind: 'preamble' }, titleLine);
  const closing = b.add({ id: CLOSING_ID, heading: '', title: '落款（发文单位、日期、附件、联系人）', kind: 'closing' });

  let current = PREAMBLE_ID;
  let top: NoticeSection | undefined;
  let attachment: NoticeSection | undefined;
  let inClosing = false;
  let inAttachList = false;
  let expectSubtitle = false;

  for (const { compact: line, spaced } of lines.slice(start + 1)) {
    if (FOOTER.test(line)) break;
    const att = ATTACH_START.exec(line);
    if (att && att[1] !== undefined && (att[2] === undefined || att[2].length <= 30)) {
      const id = `附件${att[1]}`;
      const name = att[2]?.trim() || attachmentNames.get(att[1]) || '';
      attachment = b.add({ id, heading: name, title: `附件${att[1]}${name ? ` ${name}` : ''}`, kind: 'attachment' });
      attachmentNames.set(att[1], name);
      current = id;
      inClosing = false;
      inAttachList = false;
      expectSubtitle = true;
      continue;
    }
    if (attachment) {
      const l1 = L1.exec(line);
      if (l1 && l1[1] !== undefined) {
        const { heading, text } = splitHeading(l1[2] ?? '');
        const id = `${attachment.id}-${l1[1]}`;
        b.add({ id, heading, title: `${attachment.title} ${l1[1]}、${heading}`, kind: 'attachment', parent: attachment.id }, text);
        current = id;
      } else if (expectSubtitle && attachment.heading && line.startsWith(attachment.heading)) {
        attachment.title = `附件${attachment.id.slice(2)} ${line}`;
      } else {
        b.append(current, line);
      }
      expectSubtitle = false;
      continue;
    }
    const listMatch = LIST_ITEM.exec(line);
    if (inAttachList && listMatch && listMatch[1] !== undefined && listMatch[2] !== undefined) {
      attachmentNames.set(listMatch[1], listMatch[2]);
      closingLines.push(spaced);
      b.append(closing.id, spaced, false);
      continue;
    }
    inAttachList = false;
    const list = ATTACH_LIST.exec(line);
    if (list || CONTACT.test(line) || (top && (DATE_LINE.test(line) || SIGNATURE.test(spaced)))) {
      inClosing = true;
      if (list) {
        inAttachList = true;
        const first = LIST_ITEM.exec(list[1] ?? '');
        if (first && first[1] !== undefined && first[2] !== undefined) attachmentNames.set(first[1], first[2]);
      }
    }
    if (inClosing) {
      closingLines.push(spaced);
      // The closing keeps its spaces: they separate fields ("区政府办 郁卓 联系电话：…").
      b.append(closing.id, spaced, false);
      continue;
    }
    const l1 = L1.exec(line);
    if (l1 && l1[1] !== undefined) {
      const { heading, text } = splitHeading(l1[2] ?? '');
      top = b.add({ id: l1[1], heading, title: `${l1[1]}、${heading}`, kind: 'body' }, text);
      current = top.id;
      continue;
    }
    const l2 = L2.exec(line);
    if (l2 && l2[1] !== undefined && top) {
      const { heading, text } = splitHeading(l2[2] ?? '');
      const id = `${top.id}（${l2[1]}）`;
      b.add({ id, heading, title: `${top.title}（${l2[1]}）${heading}`, kind: 'body', parent: top.id }, text);
      current = id;
      continue;
    }
    b.append(current, line);
  }
  // Attachments named in the list but without a body in the text still get a section (their name only).
  for (const [num, name] of attachmentNames) {
    const id = `附件${num}`;
    const existing = b.sections.find((s) => s.id === id);
    if (existing) {
      if (!existing.heading) {
        existing.heading = name;
        existing.title = `附件${num} ${name}`;
      }
    } else {
      b.add({ id, heading: name, title: `附件${num} ${name}`, kind: 'attachment' }, name);
    }
  }
  return { sections: b.finish(), titleLine, closingLines, attachmentNames };
}
