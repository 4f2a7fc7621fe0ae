import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { runImportFindings, type ImportIo } from '../../../bot/cli/import-findings';
import { silentLogger } from '../../../domain/logger';
import type { OutboundMessage } from '../../../domain/outbound';
import { fixedClock } from '../../../domain/time';
import { readFindingsFile } from '../../../handlers/export/findings-import';
import { MemoryStaffStore } from '../../support/memory-staff-store';
import { campaign } from '../../support/staff-fixture';

const HEADER = ['单位', '信息系统', '问题描述', '严重程度', '检测轮次', '整改期限'];

async function xlsx(file: string, rows: (string | number | Date)[][]): Promise<void> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('第二轮检测');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

function io(store: MemoryStaffStore) {
  const out: string[] = [];
  const err: string[] = [];
  const sent: OutboundMessage[] = [];
  let opened = 0;
  const value: ImportIo = {
    campaign,
    openStore: async () => {
      opened += 1;
      return { store, close: async () => undefined };
    },
    clock: fixedClock('2016-08-10T10:00:00+08:00', campaign.timezone),
    logger: silentLogger,
    sender: {
      send: async (m) => {
        sent.push(m);
        return {};
      },
    },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  };
  return { value, out, err, sent, opened: () => opened };
}


describe('import-findings', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'import-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects the whole file when one row is bad, reporting the row number and each problem', async () => {
    const file = join(dir, 'round2.xlsx');
    await xlsx(file, [
      ['金融街街道', '门户网站', 'SQL注入', '高', 2, '2016-08-31'],
      ['火星街道', 'OA', '弱口令', '很高', 2, '2016-08-31'],
      ['kexinwei', '政务云', '未打补丁', '中', 2, new Date(Date.UTC(2016, 8, 15))],
    ]);
    const store = new MemoryStaffStore(campaign);
    const t = io(store);
    expect(await runImportFindings([file], t.value)).toBe(2);
    expect(t.err.join('\n')).toContain('有 1 行不合格，本次未导入任何数据');
    expect(t.err.join('\n')).toContain('第 3 行：单位：未知单位“火星街道”；严重程度请回答“高”“中”或“低”。');
    expect(t.opened()).toBe(0);
    for (const s of await store.allUnitStatuses()) expect(s.remediation).toEqual([]);
    expect(t.sent).toHaveLength(0);
  });

  it('imports a clean round through the store in one batch, notifies each unit once, and skips rows already imported', async () => {
    const file = join(dir, 'round2.xlsx');
    const long = `检测发现：${'存在越权访问，'.repeat(300)}`;
    await xlsx(file, [
      ['金融街', '门户网站', long, '高', '第二轮', '2016-08-31'],
      ['金融街街道', 'OA系统', '弱口令', 'low', 2, '2016/9/15'],
      ['kexinwei', '政务云', '未打补丁', '中', 2, new Date(Date.UTC(2016, 8, 15))],
      ['', '', '', '', '', ''],
    ]);
    const store = new MemoryStaffStore(campaign);
    const t = io(store);
    expect(await runImportFindings([file, '--by', 'staff-1'], t.value)).toBe(0);
    expect(t.out[0]).toBe('已导入 3 个问题，涉及 2 个单位。');
    const jr = (await store.unitStatus('jinrongjie')).remediation;
    expect(jr.map((r) => [r.system, r.severity, r.round, r.plannedDate, r.status])).toEqual([
      ['门户网站', 'high', 2, '2016-08-31', 'open'],
      ['OA系统', 'low', 2, '2016-09-15', 'open'],
    ]);
    expect(jr[0]?.problem).toBe(long);
    expect((await store.unitStatus('kexinwei')).remediation[0]?.plannedDate).toBe('2016-09-15');
    expect((await store.auditEntries('jinrongjie')).map((e) => [e.by, e.action])).toEqual([['staff-1', 'finding.add'], ['staff-1', 'finding.add']]);
    expect(t.sent.map((m) => m.to)).toEqual([{ openId: 'ou_jinrongjie_1' }, { openId: 'ou_jinrongjie_2' }, { openId: 'ou_kexinwei_1' }]);
    expect(t.sent[0]?.reply.text).toContain('技术检测发现的 2 个问题');

    const again = io(store);
    expect(await runImportFindings([file], again.value)).toBe(0);
    expect(again.out[0]).toContain('已导入 0 个问题');
    expect(again.out[0]).toContain('3 行此前已导入，已跳过');
    expect((await store.unitStatus('jinrongjie')).remediation).toHaveLength(2);
  });

  it('reads CSV with a BOM and quoted multi-line text; --dry-run writes nothing', async () => {
    const file = join(dir, 'round1.csv');
    writeFileSync(file, `\uFEFF${HEADER.join(',')}\r\n区委办,"内网门户","弱口令,""admin""\n可登录后台",高,1,2016年7月20日\r\n`, 'utf8');
    const r = await readFindingsFile(campaign, file);
    expect(r.rejected).toEqual([]);
    expect(r.valid[0]).toMatchObject({ row: 2, unitId: 'quweiban', finding: { problem: '弱口令,"admin"\n可登录后台', dueDate: '2016-07-20', round: 1 } });
    const store = new MemoryStaffStore(campaign);
    const t = io(store);
    expect(await runImportFindings([file, '--dry-run'], t.value)).toBe(0);
    expect(t.out[0]).toContain('检查通过：1 行，涉及 1 个单位');
    expect(t.opened()).toBe(0);
  });

  it('reports a missing column, duplicate rows, bad dates and unsupported files', async () => {
    const noDue = join(dir, 'a.csv');
    writeFileSync(noDue, '单位,信息系统,问题描述,严重程度,检测轮次\n金融街,OA,弱口令,高,1\n');
    expect((await readFindingsFile(campaign, noDue)).rejected).toEqual([{ row: 1, problems: [expect.stringContaining('缺少列：整改期限')] }]);
    const dup = join(dir, 'b.csv');
    writeFileSync(dup, `${HEADER.join(',')}\n金融街,OA,弱口令,高,1,2016-07-20\n金融街街道,OA,弱口令,中,1,2016-07-30\n天桥,OA,弱口令,高,1,2016-02-30\n`);
    const r = await readFindingsFile(campaign, dup);
    expect(r.rejected).toEqual([
      { row: 3, problems: ['与第 2 行重复（同一单位、系统和问题描述）'] },
      { row: 4, problems: ['整改期限：不是有效日期“2016-02-30”（应为 YYYY-MM-DD）'] },
    ]);
    const t = io(new MemoryStaffStore(campaign));
    expect(await runImportFindings([join(dir, 'x.txt')], t.value)).toBe(2);
    expect(t.err.join('\n')).toContain('不支持的文件类型');
    expect(await runImportFindings([], t.value)).toBe(1);
    expect(await runImportFindings([noDue, '--by', 'jinrongjie-1'], t.value)).toBe(1);
  });
});
