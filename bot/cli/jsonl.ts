/** Reading JSON lines from stdin in order, one handler call at a time, with immediate flushed output. */
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

export async function forEachJsonLine(onLine: (value: unknown, raw: string) => Promise<unknown>): Promise<void> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const raw of rl) {
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      writeLine({ error: '这一行不是有效的 JSON (invalid JSON line)' });
      continue;
    }
    writeLine(await onLine(value, raw));
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * One JSON line on stdout, whole and flushed before the next turn is read (fs.writeSync, not the stream).
 * A pipe's fd is non-blocking: a full pipe (slow reader) is waited out, a partial write is finished, and a
 * reader that went away (`… | head -1`) ends the program quietly, like the stream handler in common.ts.
 */
export function writeLine(obj: unknown): void {
  let buf = Buffer.from(`${JSON.stringify(obj)}\n`);
  while (buf.length > 0) {
    try {
      buf = buf.subarray(writeSync(1, buf));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 5);
      else if (code === 'EPIPE') process.exit(0);
      else throw err;
    }
  }
}
