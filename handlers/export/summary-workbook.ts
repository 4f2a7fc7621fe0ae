/**
 * The district summary (八（二）汇总): sheet 汇总 (one row per unit), 问题清单 (every remediation item, every
 * field) and 审计日志 (every audit entry), as an xlsx workbook (exceljs) or the 汇总 sheet as CSV.
 * Every field is kept whole: Excel's only limit is 32,767 characters per cell, far above any input limit.
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Workbook } from 'exceljs';
import type { Campaign, Unit } from '../../domain/campaign';
import type { RemediationItem, UnitStatus } from '../../domain/progress';
import { isoDateOf, type Clock, type Dayjs } from '../../domain/time';
import type { AuditEntry, StaffStore } from '../staff/ports';
import {
  deliverableFact,
  fmtTime,
  openItems,
  overdueItems,
  SELF_CHECK_STATE_LABEL,
  selfCheckState,
  SEVERITY_LABEL,
  STATUS_LABEL,
  unitDeliverables,
} from '../staff/unit-facts';
import { toCsv, type Cell } from './csv';

export interface Sheet {
  name: string;
  header: string[];
  rows: Cell[][];
}

export interface SummaryModel {
  summary: Sheet;
  findings: Sheet;
  audit: Sheet;
}

export const SHEET_NAMES = { summary: '汇总', findings: '问题清单', audit: '审计日志' } as const;

function summarySheet(campaign: Campaign, units: Unit[], byUnit: Map<string, UnitStatus>, now: Dayjs): Sheet {
  const tz = campaign.timezone;
  const deliverables = unitDeliverables(campaign);
  const header = [
    '序号', '单位ID', '单位', '类型', '主管机构', '重要信息系统数',
    ...campaign.areas.map((a) => `${a.short}（已答/总数）`),
    '自查状态', '已答题数', '总题数', '自查提交时间', '修改时间', '纸质材料收到时间',
    ...deliverables.map((d) => `${d.name}（${d.due}）`),
    '问题总数', '未关闭问题', '已关闭问题', '技术检测问题', '逾期整改事项', '逾期材料',
  ];
  const rows: Cell[][] = units.map((u, i) => {
    const s = byUnit.get(u.id);
    if (!s) return [i + 1, u.id, u.name, u.kind, campaign.office(u.supervisor)?.name ?? u.supervisor];
    const facts = deliverables.map((d) => deliverableFact(d, s, now, tz));
    const open = openItems(s).length;
    return [
      i + 1, u.id, u.name, u.kind, campaign.office(u.supervisor)?.name ?? u.supervisor, u.importantSystems,
      ...campaign.areas.map((a) => {
        const p = s.selfCheck.areas[a.id] ?? { answered: 0, total: a.questions.length };
        return `${p.answered}/${p.total}`;
      }),
      SELF_CHECK_STATE_LABEL[selfCheckState(s)], s.selfCheck.answered, s.selfCheck.total,
      fmtTime(s.selfCheck.submittedAt, tz), fmtTime(s.selfCheck.amendedAt, tz), fmtTime(s.paperReceivedAt, tz),
      ...facts.map((f) =>
        f.notApplicable ? '无需报送' : f.doneAt ? `已完成 ${fmtTime(f.doneAt, tz)}${f.daysLate ? `（晚${f.daysLate}天）` : ''}` : f.daysOverdue ? `未完成（逾期${f.daysOverdue}天）` : '未完成',
      ),
      s.remediation.length, open, s.remediation.length - open, s.remediation.filter((r) => r.source === 'finding').length,
      overdueItems(s, now, tz).length,
      facts.filter((f) => f.daysOverdue).map((f) => `${f.deliverable.name}（逾期${f.daysOverdue}天）`).join('；'),
    ];
  });
  return { name: SHEET_NAMES.summary, header, rows };
}

function findingsSheet(campaign: Campaign, units: Unit[], byUnit: Map<string, UnitStatus>, now: Dayjs): Sheet {
  const tz = campaign.timezone;
  const today = isoDateOf(now, tz);
  const header = ['单位ID', '单位', '事项ID', '来源', '检查内容', '问题ID', '信息系统', '严重程度', '检测轮次', '问题描述', '整改措施', '计划完成日期', '状态', '备注', '创建时间', '更新时间', '是否逾期'];
  const rows: Cell[][] = [];
  for (const u of units) {
    for (const r of byUnit.get(u.id)?.remediation ?? []) rows.push(findingRow(campaign, u, r, today, tz));
  }
  return { name: SHEET_NAMES.findings, header, rows };
}

function findingRow(campaign: Campaign, u: Unit, r: RemediationItem, today: string, tz: string): Cell[] {
  const overdue = r.status !== 'fixed' && r.status !== 'confirmed' && r.plannedDate !== undefined && r.plannedDate < today;
  return [
    u.id, u.name, r.id, r.source === 'finding' ? '技术检测' : '单位自查',
    r.areaId ? campaign.area(r.areaId)?.short ?? r.areaId : '', r.questionId ?? '', r.system ?? '',
    r.severity ? SEVERITY_LABEL[r.severity] : '', r.round ?? '', r.problem, r.measure ?? '', r.plannedDate ?? '',
    STATUS_LABEL[r.status], r.note ?? '', fmtTime(r.createdAt, tz), fmtTime(r.updatedAt, tz), overdue ? '是' : '否',
  ];
}

function auditSheet(campaign: Campaign, units: Unit[], audits: Map<string, AuditEntry[]>): Sheet {
  const tz = campaign.timezone;
  const header = ['时间', '单位ID', '单位', '操作人ID', '操作人', '操作', '对象', '原值', '新值'];
  const entries = units.flatMap((u) => (audits.get(u.id) ?? []).map((e) => ({ u, e })));
  entries.sort((a, b) => a.e.at.localeCompare(b.e.at));
  const rows: Cell[][] = entries.map(({ u, e }) => [fmtTime(e.at, tz), u.id, u.name, e.by, campaign.contact(e.by)?.name ?? e.by, e.action, e.target ?? '', e.oldValue ?? '', e.newValue ?? '']);
  return { name: SHEET_NAMES.audit, header, rows };
}

/** The three sheets, for the given units (default: every unit of the campaign). */
export function buildSummaryModel(campaign: Campaign, statuses: UnitStatus[], audits: Map<string, AuditEntry[]>, now: Dayjs, units: Unit[] = [...campaign.units]): SummaryModel {
  const byUnit = new Map(statuses.map((s) => [s.unitId, s] as const));
  return {
    summary: summarySheet(campaign, units, byUnit, now),
    findings: findingsSheet(campaign, units, byUnit, now),
    audit: auditSheet(campaign, units, audits),
  };
}

export async function loadSummaryModel(campaign: Campaign, store: StaffStore, now: Dayjs, units: Unit[] = [...campaign.units]): Promise<SummaryModel> {
  const statuses = await store.allUnitStatuses();
  const audits = new Map<string, AuditEntry[]>();
  for (const u of units) audits.set(u.id, await store.auditEntries(u.id));
  return buildSummaryModel(campaign, statuses, audits, now, units);
}

export async function summaryXlsx(model: SummaryModel, title: string): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = 'inspection-bot';
  wb.title = title;
  for (const sheet of [model.summary, model.findings, model.audit]) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(sheet.header).font = { bold: true };
    for (const r of sheet.rows) ws.addRow(r.map((c) => c ?? ''));
    sheet.header.forEach((h, i) => {
      const longest = Math.max([...h].length, ...sheet.rows.map((r) => [...String(r[i] ?? '')].length));
      ws.getColumn(i + 1).width = Math.min(60, Math.max(8, longest * 1.6));
      if (longest > 40) ws.getColumn(i + 1).alignment = { wrapText: true, vertical: 'top' };
    });
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out);
}

export function summaryCsv(model: SummaryModel): string {
  return toCsv(model.summary.header, model.summary.rows);
}

export interface SummaryExportDeps {
  campaign: Campaign;
  store: StaffStore;
  clock: Clock;
}

/** Sibling file for another sheet of a CSV export: `summary.csv` → `summary.问题清单.csv`. */
export function csvSiblingPath(out: string, sheet: string): string {
  const ext = extname(out);
  return `${ext ? out.slice(0, -ext.length) : out}.${sheet}${ext || '.csv'}`;
}

/**
 * `npm run export -- --summary --format xlsx|csv --out FILE` calls this (bot/cli/export.ts).
 * xlsx: one workbook with the three sheets. csv: the 汇总 sheet in FILE, and 问题清单 and 审计日志 next
 * to it (`FILE.问题清单.csv`, `FILE.审计日志.csv`), since a CSV holds one sheet.
 * Returns the counts and the files written.
 */
export async function writeSummaryExport(format: 'xlsx' | 'csv', out: string, deps: SummaryExportDeps): Promise<{ units: number; findings: number; auditEntries: number; files: string[] }> {
  const model = await loadSummaryModel(deps.campaign, deps.store, deps.clock());
  const files = [out];
  if (format === 'xlsx') await writeFile(out, await summaryXlsx(model, deps.campaign.title));
  else {
    await writeFile(out, summaryCsv(model), 'utf8');
    for (const sheet of [model.findings, model.audit]) {
      const path = csvSiblingPath(out, sheet.name);
      await writeFile(path, toCsv(sheet.header, sheet.rows), 'utf8');
      files.push(path);
    }
  }
  return { units: model.summary.rows.length, findings: model.findings.rows.length, auditEntries: model.audit.rows.length, files };
}
