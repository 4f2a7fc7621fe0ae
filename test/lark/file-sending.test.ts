/**
 * Files on Lark through the real stack (signed webhook → inbox → worker → core → LarkFileSender → fake Lark):
 * staff 导出汇总 gets the summary workbook, a unit contact's 自查报告 gets the Word draft; the upload is
 * retried like a send; over-30-MB and empty files are refused before anything is uploaded
 * (the exact limit and file types: test/unit/lark/file-sender.test.ts).
 */
import { Workbook } from 'exceljs';
import JSZip from 'jszip';
import { UserInputError } from '../../domain/errors';
import { MAX_FILE_BYTES } from '../../bot/lark/file-sender';
import type { SentMessage } from '../support/fake-lark';
import { startStack, type Stack } from '../support/lark-harness';
import { messageEvent } from '../support/lark-webhook';

const KEY = 'file-sending-key';
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function fileMessages(s: Stack, openId: string): SentMessage[] {
  return s.fake.messages.filter((m) => m.msgType === 'file' && m.target === openId);
}

describe('files sent to people on Lark', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ encryptKey: KEY });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('staff 导出汇总: the summary workbook is uploaded as xls and sent to them as a file message', async () => {
    const before = s.fake.messages.length;
    await s.post(messageEvent({ openId: 'ou_staff_1', text: '导出汇总' }));
    await s.fake.waitForMessages(before + 2);

    expect(s.fake.uploads).toHaveLength(1);
    const up = s.fake.uploads[0];
    expect(up?.fileType).toBe('xls');
    expect(up?.name).toMatch(/-汇总-.*\.xlsx$/);
    const wb = new Workbook();
    await wb.xlsx.load(up?.data as unknown as ArrayBuffer);
    const header = (wb.getWorksheet('汇总')?.getRow(1).values ?? []) as unknown[];
    expect(header).toContain('单位');

    const files = fileMessages(s, 'ou_staff_1');
    expect(files).toHaveLength(1);
    expect(files[0]?.receiveIdType).toBe('open_id');
    expect(JSON.parse(files[0]?.content ?? '{}')).toEqual({ file_key: up?.fileKey });
    expect(s.fake.texts().some((t) => t.includes('已发送汇总表'))).toBe(true);
    expect(s.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('a unit contact who answered a question gets the 自查报告 draft as a .docx, after a retried upload', async () => {
    const uploadsBefore = s.fake.uploads.length;
    // The first upload attempt fails with a 503: the sender retries it (lark-call.ts).
    s.fake.failNext({ status: 503 }, (r) => r.path === '/open-apis/im/v1/files');
    for (const text of ['自查 等级保护', '3', '暂停']) {
      const n = s.fake.messages.length;
      await s.post(messageEvent({ openId: 'ou_jinrongjie_1', text }));
      await s.fake.waitForMessages(n + 1);
    }
    const before = s.fake.messages.length;
    await s.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '自查报告' }));
    await s.fake.waitForMessages(before + 2);

    expect(s.fake.uploads).toHaveLength(uploadsBefore + 1);
    const up = s.fake.uploads[uploadsBefore];
    expect(up?.fileType).toBe('doc');
    expect(up?.name).toBe('2016年金融街街道网络与信息系统安全自查工作总结报告（草稿）.docx');
    const xml = await (await JSZip.loadAsync(up?.data ?? Buffer.alloc(0))).file('word/document.xml')?.async('string');
    expect((xml ?? '').replace(/<[^>]+>/g, '')).toContain('本单位在用的电子政务信息系统共有多少个：3个');

    const files = fileMessages(s, 'ou_jinrongjie_1');
    expect(files).toHaveLength(1);
    expect(JSON.parse(files[0]?.content ?? '{}')).toEqual({ file_key: up?.fileKey });
    expect(s.fake.texts().some((t) => t.includes('草稿（Word）发送给您'))).toBe(true);
    expect(s.logger.entries.some((e) => e.msg === 'lark upload retry')).toBe(true);
    expect(s.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('refuses a file over 30 MB, and an empty one, before uploading anything', async () => {
    const uploadsBefore = s.fake.uploads.length;
    const messagesBefore = s.fake.messages.length;
    const to = { openId: 'ou_staff_1' };
    const tooBig = s.svc.files.sendFile(to, { name: '汇总.xlsx', data: Buffer.alloc(MAX_FILE_BYTES + 1), mime: XLSX_MIME });
    await expect(tooBig).rejects.toBeInstanceOf(UserInputError);
    await expect(tooBig).rejects.toThrow('超过飞书单个文件 30 MB 的上限');
    await expect(s.svc.files.sendFile(to, { name: '空.xlsx', data: Buffer.alloc(0), mime: XLSX_MIME })).rejects.toBeInstanceOf(UserInputError);
    expect(s.fake.uploads).toHaveLength(uploadsBefore);
    expect(s.fake.messages).toHaveLength(messagesBefore);
  });
});
