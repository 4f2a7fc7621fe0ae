/**
 * `FileSender` for Lark: upload the file (`POST /open-apis/im/v1/files`, multipart) for a `file_key`, then send
 * a `file` message with it through `LarkSender` (same limiters, retries and `uuid` de-duplication as text).
 *
 * Lark refuses files over 30 MB and empty files, so both are checked before anything is uploaded and come
 * out as a `UserInputError` (its Chinese text is safe to show). The upload is retried like a send
 * (lark-call.ts): the data is a Buffer, so a retry re-sends the same bytes. A retried upload may leave an
 * unused `file_key` behind on Lark; the message itself is keyed on the `file_key`, so it goes out once.
 * Give it a client with a longer timeout than messages (UPLOAD_TIMEOUT_MS; see lark-service.ts).
 *
 * Note: `client.im.file.create` returns only `data` (null when Lark answers HTTP 200 with a code ≠ 0, so
 * that code is lost); HTTP errors keep their code through the AxiosError.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import { LarkApiError, UserInputError } from '../../domain/errors';
import type { Logger } from '../../domain/logger';
import type { Recipient } from '../../domain/outbound';
import type { FileSender } from '../../handlers/staff/ports';
import { callLark, DEFAULT_RETRY, type RetryPolicy } from './lark-call';
import type { LarkSender } from './sender';

/** Lark's upload limit: "文件大小不得超过 30 MB". */
export const MAX_FILE_BYTES = 30 * 1024 * 1024;

/** Per-request timeout for an upload (the client's default 5 s is for messages): 30 MB at ~4 Mbit/s. */
export const UPLOAD_TIMEOUT_MS = 60_000;

export type LarkFileType = 'opus' | 'mp4' | 'pdf' | 'doc' | 'xls' | 'ppt' | 'stream';

const BY_EXTENSION: Record<string, LarkFileType> = {
  xls: 'xls', xlsx: 'xls', doc: 'doc', docx: 'doc', ppt: 'ppt', pptx: 'ppt', pdf: 'pdf', mp4: 'mp4', opus: 'opus',
};

const BY_MIME: Record<string, LarkFileType> = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xls',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'doc',
  'application/msword': 'doc',
  'application/pdf': 'pdf',
};

/** Lark's `file_type` for a file: by extension, then by MIME type; anything else is a plain `stream`. */
export function larkFileType(name: string, mime: string): LarkFileType {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return (ext ? BY_EXTENSION[ext] : undefined) ?? BY_MIME[mime.split(';')[0]?.trim().toLowerCase() ?? ''] ?? 'stream';
}

export interface LarkFileSenderOptions {
  client: lark.Client;
  sender: LarkSender;
  logger: Logger;
  retry?: RetryPolicy;
}

export class LarkFileSender implements FileSender {
  constructor(private readonly opts: LarkFileSenderOptions) {}

  async sendFile(to: Recipient, file: { name: string; data: Buffer; mime: string }): Promise<void> {
    checkSize(file.name, file.data.length);
    const fileType = larkFileType(file.name, file.mime);
    const onRetry = ({ attempt, waitMs, error }: { attempt: number; waitMs: number; error: Error }) =>
      this.opts.logger.warn({ attempt, waitMs, larkCode: error instanceof LarkApiError ? error.larkCode : undefined, err: error.message }, 'lark upload retry');
    const uploaded = await callLark(
      async () => {
        const data = await this.opts.client.im.file.create({ data: { file_type: fileType, file_name: file.name, file: file.data } });
        if (!data?.file_key) throw new LarkApiError(-1, 'Lark file upload answered without a file_key', 200);
        return { code: 0, data };
      },
      this.opts.retry ?? DEFAULT_RETRY,
      onRetry,
    );
    const fileKey = uploaded?.file_key;
    if (!fileKey) throw new LarkApiError(-1, 'Lark file upload answered without a file_key', 200);
    await this.opts.sender.sendFileKey(to, fileKey, `file:${fileKey}`);
    this.opts.logger.info({ fileType, bytes: file.data.length }, 'lark file sent');
  }
}

function checkSize(name: string, bytes: number): void {
  if (bytes === 0) throw new UserInputError(`文件“${name}”是空的，无法发送。`);
  if (bytes > MAX_FILE_BYTES) {
    const mb = (bytes / 1024 / 1024).toFixed(1);
    throw new UserInputError(`文件“${name}”有 ${mb} MB，超过飞书单个文件 30 MB 的上限，无法在聊天中发送。请联系检查工作组在服务器上导出。`);
  }
}
