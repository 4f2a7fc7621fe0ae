/** LarkFileSender without a network: Lark's 30 MB limit is checked before any upload; file types. */
import { LarkFileSender, larkFileType, MAX_FILE_BYTES } from '../../../bot/lark/file-sender';
import { UserInputError } from '../../../domain/errors';
import { silentLogger } from '../../../domain/logger';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function setup() {
  const calls: { step: string; detail: unknown }[] = [];
  const client = {
    im: {
      file: {
        create: async (p: { data: { file_type: string; file_name: string; file: Buffer } }) => {
          calls.push({ step: 'upload', detail: { type: p.data.file_type, name: p.data.file_name, size: p.data.file.length } });
          return { file_key: 'file_v2_1' };
        },
      },
    },
  };
  const sender = { sendFileKey: async (to: unknown, fileKey: string) => void calls.push({ step: 'message', detail: { to, fileKey } }) };
  const files = new LarkFileSender({ client: client as never, sender: sender as never, logger: silentLogger });
  return { files, calls };
}

describe('LarkFileSender size limit', () => {
  it('refuses a file over 30 MB with a Chinese UserInputError and uploads nothing', async () => {
    const { files, calls } = setup();
    const p = files.sendFile({ openId: 'ou_staff_1' }, { name: '汇总.xlsx', data: Buffer.alloc(MAX_FILE_BYTES + 1), mime: XLSX_MIME });
    await expect(p).rejects.toBeInstanceOf(UserInputError);
    await expect(p).rejects.toThrow('“汇总.xlsx”有 30.0 MB，超过飞书单个文件 30 MB 的上限');
    expect(calls).toEqual([]);
  });

  it('refuses an empty file', async () => {
    const { files, calls } = setup();
    await expect(files.sendFile({ chatId: 'oc_1' }, { name: '空.docx', data: Buffer.alloc(0), mime: 'x' })).rejects.toThrow('是空的');
    expect(calls).toEqual([]);
  });

  it('sends exactly 30 MB: upload, then a file message with the file_key', async () => {
    const { files, calls } = setup();
    await files.sendFile({ chatId: 'oc_1' }, { name: '汇总.xlsx', data: Buffer.alloc(MAX_FILE_BYTES), mime: XLSX_MIME });
    expect(calls).toEqual([
      { step: 'upload', detail: { type: 'xls', name: '汇总.xlsx', size: MAX_FILE_BYTES } },
      { step: 'message', detail: { to: { chatId: 'oc_1' }, fileKey: 'file_v2_1' } },
    ]);
  });

  it('maps names and MIME types to Lark file types', () => {
    expect(larkFileType('汇总.xlsx', XLSX_MIME)).toBe('xls');
    expect(larkFileType('报告.DOCX', 'application/octet-stream')).toBe('doc');
    expect(larkFileType('report', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('doc');
    expect(larkFileType('汇总.csv', 'text/csv; charset=utf-8')).toBe('stream');
  });
});
