import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook, type Worksheet } from 'exceljs';
import { fixedClock } from '../../../domain/time';
import { csvField, toCsv } from '../../../handlers/export/csv';
import { parseCsv } from '../../../handlers/export/findings-import';
import { writeSummaryExport } from '../../../handlers/export/summary-workbook';
import { MemoryStaffStore } from '../../support/memory-staff-store';
import { campaign, setSelfCheck, staffBench } from '../../support/staff-fixture';

const LONG = `门户网站登录页存在SQL注入，"id" 参数未过滤, 可读取数据库。\n${'复现步骤与证据截图说明。'.repeat(500)}`;

async function seeded(): Promise<MemoryStaffStore> {
  const store = new MemoryStaffStore(campaign);
  setSelfCheck(store, 'jinrongjie', { submittedAt: '2016-07-07T15:30:00+08:00' });
  store.patchStatus('jinrongjie', (s) => {
    s.selfCheck.amendedAt = '2016-07-09T09:05:00+08:00';
  });
  setSelfCheck(store, 'yuetan', { answeredAreas: ['sm'], partialArea: 'dj' });
  await store.recordPaperReceived('jinrongjie', '2016-07-08T10:00:00+08:00', 'staff-1');
  await store.addFindings('jinrongjie', [
    { id: 'f-1', system: '门户网站', problem: LONG, severity: 'high', round: 1, dueDate: '2016-07-20' },
    { id: 'f-2', system: 'OA系统', problem: '弱口令', severity: 'low', round: 1, dueDate: '2016-08-31' },
  ], 'staff-1', '2016-07-01T10:00:00+08:00');
  await store.updateRemediation('jinrongjie', 'f-2', { status: 'fixed', note: '已改为强口令' }, 'jinrongjie-1', '2016-07-15T10:00:00+08:00');
  return store;
}

function rowValues(ws: Worksheet, n: number): string[] {
  const r = ws.getRow(n);
  const out: string[] = [];
  for (let c = 1; c <= ws.columnCount; c++) {
    const v = r.getCell(c).value;
    out.push(v === null || v === undefined ? '' : String(v));
  }
  return out;
}

describe('summary export', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'summary-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a workbook with 汇总, 问题清单 and 审计日志 that Excel (exceljs) reads back, one row per unit, nothing truncated', async () => {
    const store = await seeded();
    const out = join(dir, 'summary.xlsx');
    const counts = await writeSummaryExport('xlsx', out, { campaign, store, clock: fixedClock('2016-07-25T10:00:00+08:00') });
    expect(counts).toEqual({ units: 39, findings: 2, auditEntries: 4, files: [out] });

    const wb = new Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '问题清单', '审计日志']);

    const sum = wb.getWorksheet('汇总')!;
    expect(sum.rowCount).toBe(1 + campaign.units.length);
    const header = rowValues(sum, 1);
    for (const h of ['单位', '类型', '主管机构', '安全管理制度（已答/总数）', '自查提交时间', '修改时间', '纸质材料收到时间', '未关闭问题', '已关闭问题', '逾期整改事项']) expect(header).toContain(h);
    const jr = rowValues(sum, 1 + campaign.units.findIndex((u) => u.id === 'jinrongjie') + 1);
    const col = (h: string) => jr[header.indexOf(h)];
    expect(col('单位')).toBe('金融街街道');
    expect(col('类型')).toBe('街道');
    expect(col('主管机构')).toBe('区政府办');
    expect(col('安全管理制度（已答/总数）')).toBe('11/11');
    expect(col('自查状态')).toBe('已提交');
    expect(col('自查提交时间')).toBe('2016-07-07 15:30');
    expect(col('修改时间')).toBe('2016-07-09 09:05');
    expect(col('纸质材料收到时间')).toBe('2016-07-08 10:00');
    expect(col('未关闭问题')).toBe('1');
    expect(col('已关闭问题')).toBe('1');
    expect(col('逾期整改事项')).toBe('1');
    const yt = rowValues(sum, 1 + campaign.units.findIndex((u) => u.id === 'yuetan') + 1);
    expect(yt[header.indexOf('逾期材料')]).toContain('自查报告（逾期17天）');
    const party = rowValues(sum, 1 + campaign.units.findIndex((u) => u.id === 'quweiban') + 1);
    expect(party[header.indexOf('主管机构')]).toBe('区密码管理局');

    const findings = wb.getWorksheet('问题清单')!;
    const fh = rowValues(findings, 1);
    const f1 = rowValues(findings, 2);
    expect(f1[fh.indexOf('问题描述')]).toBe(LONG);
    expect(f1[fh.indexOf('严重程度')]).toBe('高');
    expect(f1[fh.indexOf('是否逾期')]).toBe('是');
    const f2 = rowValues(findings, 3);
    expect(f2[fh.indexOf('状态')]).toBe('已整改待复核');
    expect(f2[fh.indexOf('备注')]).toBe('已改为强口令');

    const audit = wb.getWorksheet('审计日志')!;
    const ah = rowValues(audit, 1);
    expect(ah).toEqual(['时间', '单位ID', '单位', '操作人ID', '操作人', '操作', '对象', '原值', '新值']);
    const last = rowValues(audit, audit.rowCount);
    expect(last.slice(0, 7)).toEqual(['2016-07-15 10:00', 'jinrongjie', '金融街街道', 'jinrongjie-1', '王晓明', 'remediation.update', 'f-2']);
    const added = [2, 3, 4].map((n) => rowValues(audit, n)).find((r) => r[6] === 'f-1');
    expect(added?.[8]).toContain(JSON.stringify(LONG).slice(1, -1));
  });

  it('writes the 汇总 sheet as CSV with a UTF-8 BOM that parses back to the same cells', async () => {
    const store = await seeded();
    const out = join(dir, 'summary.csv');
    await writeSummaryExport('csv', out, { campaign, store, clock: fixedClock('2016-07-25T10:00:00+08:00') });
    const raw = readFileSync(out);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(raw.toString('utf8'));
    expect(rows).toHaveLength(1 + campaign.units.length);
    const header = rows[0]!.cells;
    const jr = rows.find((r) => r.cells.includes('金融街街道'))!.cells;
    expect(jr[header.indexOf('主管机构')]).toBe('区政府办');
    expect(jr[header.indexOf('纸质材料收到时间')]).toBe('2016-07-08 10:00');
    // the other two sheets go next to it, every field whole
    const findings = parseCsv(readFileSync(join(dir, 'summary.问题清单.csv'), 'utf8'));
    const fh = findings[0]!.cells;
    expect(findings[1]?.cells[fh.indexOf('问题描述')]).toBe(LONG);
    const audit = parseCsv(readFileSync(join(dir, 'summary.审计日志.csv'), 'utf8'));
    expect(audit).toHaveLength(1 + 4);
  });

  it('quotes commas, quotes, line breaks and edge spaces, and round-trips long text', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('金融街街道')).toBe('金融街街道');
    const csv = toCsv(['a', 'b'], [[LONG, 42], ['x', undefined]]);
    const back = parseCsv(csv);
    expect(back[1]?.cells).toEqual([LONG, '42']);
    expect(back[2]?.cells).toEqual(['x', '']);
  });

  it('sends the workbook of the staff member\'s scope as a file from chat (导出汇总)', async () => {
    const b = staffBench('2016-07-25T10:00:00+08:00');
    const files: { to: unknown; name: string; data: Buffer }[] = [];
    b.deps.files = { sendFile: async (to, f) => void files.push({ to, ...f }) };
    const text = await b.say('staff-2', '导出汇总');
    expect(text).toContain('已发送汇总表');
    expect(files).toHaveLength(1);
    expect(files[0]?.to).toEqual({ openId: 'ou_staff_2' });
    expect(files[0]?.name).toMatch(/汇总-区密码管理局-20160725-1000\.xlsx$/);
    const wb = new Workbook();
    await wb.xlsx.load(files[0]!.data as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.getWorksheet('汇总')!.rowCount).toBe(1 + 6);
    delete b.deps.files;
    expect(await b.say('staff-2', '导出汇总 csv')).toContain('npm run export -- --summary --format csv');
  });
});
