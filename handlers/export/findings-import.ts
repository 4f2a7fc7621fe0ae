/**
 * A detection round from a spreadsheet (.xlsx via exceljs, or .csv), validated row by row with zod.
 * Columns (first row, any order; Chinese or English names): 单位 (id, name or alias), 信息系统, 问题描述,
 * 严重程度 (高/中/低), 检测轮次 (1/2), 整改期限 (date). Blank rows are skipped. The caller imports only when
 * no row is rejected (`StaffStore.addFindingsBatch`, all or nothing).
 * Row numbers are the spreadsheet's (the header is row 1 when it is the first row).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Workbook, type CellValue } from 'exceljs';
import { z } from 'zod';
import type { Campaign } from '../../domain/campaign';
import { findDate } from '../staff/dates';
import type { NewFinding } from '../staff/ports';
import { roundSchema, severitySchema, systemSchema } from '../staff/register-finding';
import { findUnit } from '../staff/scope';

const COLUMNS = {
  unit: { label: '单位', names: ['单位', '单位名称', '被检测单位', '单位id', 'unit', 'unitid', 'unit_id'] },
  system: { label: '信息系统', names: ['信息系统', '系统', '系统名称', 'system'] },
  problem: { label: '问题描述', names: ['问题描述', '问题', '描述', '问题详情', 'problem', 'description'] },
  severity: { label: '严重程度', names: ['严重程度', '风险等级', '等级', '危险等级', 'severity'] },
  round: { label: '检测轮次', names: ['检测轮次', '轮次', 'round'] },
  due: { label: '整改期限', names: ['整改期限', '整改截止日期', '截止日期', '完成期限', '整改完成期限', 'due', 'duedate', 'due_date'] },
} as const;
type Column = keyof typeof COLUMNS;

/** Detection reports can be long; chat input stops at 2,000 characters, a spreadsheet cell at 32,767. */
export const MAX_IMPORT_PROBLEM_CHARS = 10000;
const problemSchema = z.string().trim().min(2, { message: '请描述发现的问题。' }).max(MAX_IMPORT_PROBLEM_CHARS, { message: `问题描述超过 ${MAX_IMPORT_PROBLEM_CHARS} 字，请精简或拆分。` });

export interface ImportedFinding {
  row: number;
  unitId: string;
  finding: NewFinding;
}

export interface RejectedRow {
  row: number;
  problems: string[];
}

export interface ImportResult {
  valid: ImportedFinding[];
  rejected: RejectedRow[];
}

/** Cells of one sheet row as text; `row` is the 1-based row number. */
export interface RawRow {
  row: number;
  cells: string[];
}

function headerKey(s: string): string {
  return s.normalize('NFKC').replace(/[\s*（）()]/g, '').toLowerCase();
}

function rowSchema(campaign: Campaign) {
  const dateSchema = z.string().transform((s, ctx) => {
    const f = findDate(s, campaign.year);
    if (!f.found || f.found.rest !== '') {
      ctx.addIssue({ code: 'custom', message: `不是有效日期“${s}”（应为 YYYY-MM-DD）` });
      return z.NEVER;
    }
    return f.found.date;
  });
  return z.object({
    unit: z.string().transform((s, ctx) => {
      const u = findUnit(campaign, s);
      if (!u) {
        ctx.addIssue({ code: 'custom', message: s.trim() ? `未知单位“${s}”` : '不能为空' });
        return z.NEVER;
      }
      return u.id;
    }),
    system: systemSchema,
    problem: problemSchema,
    severity: severitySchema,
    round: roundSchema,
    due: dateSchema,
  });
}

/** Deterministic id: re-importing the same round adds nothing twice. */
export function findingId(unitId: string, round: number, system: string, problem: string): string {
  const h = createHash('sha256').update(`${unitId}\u0000${system}\u0000${problem}`).digest('hex').slice(0, 16);
  return `f-r${round}-${h}`;
}

export function validateRows(campaign: Campaign, rows: RawRow[]): ImportResult {
  const result: ImportResult = { valid: [], rejected: [] };
  const [head, ...body] = rows;
  if (!head) return { valid: [], rejected: [{ row: 1, problems: ['文件是空的，没有表头'] }] };
  const index = new Map<Column, number>();
  head.cells.forEach((h, i) => {
    const k = headerKey(h);
    for (const [col, def] of Object.entries(COLUMNS) as [Column, (typeof COLUMNS)[Column]][]) {
      if (!index.has(col) && (def.names as readonly string[]).includes(k)) index.set(col, i);
    }
  });
  const missing = (Object.keys(COLUMNS) as Column[]).filter((c) => !index.has(c));
  if (missing.length > 0) {
    return { valid: [], rejected: [{ row: head.row, problems: [`缺少列：${missing.map((c) => COLUMNS[c].label).join('、')}（表头应包含 ${Object.values(COLUMNS).map((c) => c.label).join('、')}）`] }] };
  }
  const schema = rowSchema(campaign);
  const seen = new Map<string, number>();
  for (const r of body) {
    if (r.cells.every((c) => c.trim() === '')) continue;
    const input = Object.fromEntries((Object.keys(COLUMNS) as Column[]).map((c) => [c, (r.cells[index.get(c) as number] ?? '').trim()]));
    const p = schema.safeParse(input);
    if (!p.success) {
      result.rejected.push({
        row: r.row,
        problems: p.error.issues.map((i) => {
          const label = COLUMNS[i.path[0] as Column]?.label ?? String(i.path[0] ?? '');
          return i.message.startsWith(label) ? i.message : `${label}：${i.message}`;
        }),
      });
      continue;
    }
    const v = p.data;
    const id = findingId(v.unit, v.round, v.system, v.problem);
    const dup = seen.get(id);
    if (dup !== undefined) {
      result.rejected.push({ row: r.row, problems: [`与第 ${dup} 行重复（同一单位、系统和问题描述）`] });
      continue;
    }
    seen.set(id, r.row);
    result.valid.push({ row: r.row, unitId: v.unit, finding: { id, system: v.system, problem: v.problem, severity: v.severity, round: v.round, dueDate: v.due } });
  }
  return result;
}

// ───────── reading files ─────────

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, optional UTF-8 BOM). */
export function parseCsv(text: string): RawRow[] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.map((cells, i) => ({ row: i + 1, cells }));
}

function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10); // exceljs dates are UTC midnight of the day
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as CellValue);
    if ('error' in v) return '';
    return '';
  }
  return String(v);
}

export async function readXlsxRows(data: Buffer): Promise<RawRow[]> {
  const wb = new Workbook();
  // exceljs types `load` with the pre-generic Buffer type; a Node 20 Buffer is what it expects at run time.
  await wb.xlsx.load(data as unknown as Parameters<typeof wb.xlsx.load>[0]);
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const rows: RawRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= r.cellCount; c++) cells.push(cellText(r.getCell(c).value));
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** Read and validate a .xlsx or .csv file. */
export async function readFindingsFile(campaign: Campaign, file: string): Promise<ImportResult> {
  const ext = extname(file).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.csv') return { valid: [], rejected: [{ row: 0, problems: [`不支持的文件类型“${ext || '无扩展名'}”，请使用 .xlsx 或 .csv`] }] };
  const data = await readFile(file);
  const rows = ext === '.xlsx' ? await readXlsxRows(data) : parseCsv(data.toString('utf8'));
  return validateRows(campaign, rows);
}

export function formatRejected(rejected: RejectedRow[]): string {
  return rejected.map((r) => `第 ${r.row} 行：${r.problems.join('；')}`).join('\n');
}
