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

export function writeLine(obj: unknown): void {
  // fs.writeSync keeps each line whole and flushed before the next turn is read.
  writeSync(1, `${JSON.stringify(obj)}\n`);
}
