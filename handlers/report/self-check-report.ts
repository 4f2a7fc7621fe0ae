/**
 * The unit's 自查报告 draft, following 附件1 (自查报告模版) of the notice: a title and four sections.
 *   一 organisation of the self-check   ← the closing answer "organisation" + who/when from the record
 *   二 results per area                  ← every question and its answer, area by area (五（一）…（八）)
 *   三 problems and remediation          ← remediation items (self-check follow-ups and staff findings)
 *   四 opinions and suggestions          ← the closing answer "opinions"
 * `reportModel` is plain data (tested directly); `reportDocx` renders it with the docx library.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Campaign, Unit } from '../../domain/campaign';
import { formatAnswer } from '../../dialogs/answer-schemas';
import type { UnitSnapshot } from '../../dialogs/ports';
import { cnFullDate } from '../../domain/time';

/** Section headings exactly as in 附件1. */
export const REPORT_HEADINGS = [
  '一、本单位安全检查工作组织开展情况。',
  '二、本单位信息安全主要工作情况',
  '三、检查发现的主要问题及整改情况。',
  '四、对信息安全工作的意见和建议。',
] as const;

const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const STATUS: Record<string, string> = { open: '待整改', 'in-progress': '整改中', fixed: '已整改', confirmed: '已整改（已复核）', reopened: '重新整改' };

export interface ReportModel {
  title: string;
  note: string;
  sections: { heading: string; blocks: { subheading?: string; paragraphs: string[] }[] }[];
}

const dateOf = (iso?: string) => (iso ? cnFullDate(iso.slice(0, 10)) : undefined);

export function reportModel(campaign: Campaign, unit: Unit, s: UnitSnapshot): ReportModel {
  const by = new Set(Object.values(s.answers).map((a) => a.by));
  const contributors = campaign.contacts.filter((c) => by.has(c.id)).map((c) => c.name);
  const answered = Object.values(s.answers).filter((a) => a.value !== undefined).length;
  const org: string[] = [];
  if (s.meta.organisation) org.push(s.meta.organisation);
  org.push(
    `本单位按照《关于组织${campaign.title}工作的通知》（${campaign.notice.docNumber}）要求，对照“五、检查内容”八个方面开展自查` +
      `${dateOf(s.meta.startedAt) ? `，自${dateOf(s.meta.startedAt)}开始` : ''}${contributors.length ? `，由${contributors.join('、')}填报` : ''}，共回答 ${answered} 题` +
      `${dateOf(s.meta.submittedAt) ? `，于${dateOf(s.meta.submittedAt)}提交` : '（尚未提交）'}${s.meta.amendedAt ? `，${dateOf(s.meta.amendedAt)}更正` : ''}。`,
  );

  const results = campaign.areas.map((area, i) => ({
    subheading: `（${CN_NUM[i] ?? i + 1}）${area.title}`,
    paragraphs: area.questions.map((q, k) => {
      const r = s.answers[q.id];
      const val = r?.value ? formatAnswer(r.value, q) : r?.skipped ? '未填写' : '（未答）';
      return `${k + 1}. ${q.text.replace(/[？?](（可多选）)?$/u, '')}：${val}`;
    }),
  }));

  const items = s.remediation;
  const problems = items.length
    ? items.map((r, i) => {
        const area = r.areaId ? campaign.area(r.areaId)?.short : undefined;
        const src = r.source === 'finding' ? `技术检测${r.round ? `（第${r.round}轮）` : ''}${r.system ? `·${r.system}` : ''}` : `自查·${area ?? ''}`;
        return [
          `${i + 1}. 【${src}】${r.problem}`,
          r.measure ? `整改措施：${r.measure}` : undefined,
          r.plannedDate ? `计划完成：${cnFullDate(r.plannedDate)}` : undefined,
          `状态：${STATUS[r.status] ?? r.status}`,
          r.note ? `备注：${r.note}` : undefined,
        ].filter(Boolean).join('；') + '。';
      })
    : ['本次自查未发现需要整改的问题。'];

  return {
    title: `${campaign.year}年${unit.name}网络与信息系统安全自查工作总结报告`,
    note: `（草稿：根据自查问答自动生成，请核对、补充后打印，加盖单位公章。）`,
    sections: [
      { heading: REPORT_HEADINGS[0], blocks: [{ paragraphs: org }] },
      { heading: REPORT_HEADINGS[1], blocks: results },
      { heading: REPORT_HEADINGS[2], blocks: [{ paragraphs: problems }] },
      { heading: REPORT_HEADINGS[3], blocks: [{ paragraphs: [s.meta.opinions && s.meta.opinions !== '无' ? s.meta.opinions : '无。'] }] },
    ],
  };
}

const FONT = '仿宋';

function para(text: string, opts: { heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]; center?: boolean; bold?: boolean } = {}): Paragraph {
  return new Paragraph({
    heading: opts.heading,
    alignment: opts.center ? AlignmentType.CENTER : undefined,
    spacing: { after: 120 },
    children: [new TextRun({ text, bold: opts.bold, font: FONT, size: opts.heading === HeadingLevel.TITLE ? 36 : 28 })],
  });
}

export async function reportDocx(model: ReportModel): Promise<Buffer> {
  const children: Paragraph[] = [para(model.title, { heading: HeadingLevel.TITLE, center: true, bold: true }), para(model.note, { center: true })];
  for (const sec of model.sections) {
    children.push(para(sec.heading, { heading: HeadingLevel.HEADING_1, bold: true }));
    for (const b of sec.blocks) {
      if (b.subheading) children.push(para(b.subheading, { heading: HeadingLevel.HEADING_2, bold: true }));
      for (const p of b.paragraphs) children.push(para(p));
    }
  }
  const doc = new Document({ creator: 'inspection-bot', title: model.title, sections: [{ children }] });
  return Packer.toBuffer(doc);
}
