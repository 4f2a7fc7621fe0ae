/**
 * Top self-time functions of a V8 CPU profile (`node --cpu-prof`, e.g. `npm run bench -- --profile`, which
 * profiles the full bot into .bench-prof/). `npx tsx bench/profile-top.ts [file.cpuprofile] [rows]`; without a
 * file, the newest in .bench-prof/. Also sums self time by package (node_modules/<name>) and by project folder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

function newest(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  // Newest run first; within a run (same second), the largest file: tsx's loader thread writes a small one too.
  files.sort((a, b) => Math.floor(statSync(b).mtimeMs / 1000) - Math.floor(statSync(a).mtimeMs / 1000) || statSync(b).size - statSync(a).size);
  if (!files[0]) throw new Error(`no .cpuprofile in ${dir}`);
  return files[0];
}

function group(url: string): string {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] as string;
  if (!url) return '(native/gc/idle)';
  if (url.startsWith('node:')) return 'node core';
  const own = /\/work\/main\/([^/]+)\//.exec(url) ?? /\/([^/]+)\/[^/]+\.ts$/.exec(url);
  return own ? `project ${own[1]}/` : url;
}

const file = process.argv[2] ?? newest('.bench-prof');
const rows = Number(process.argv[3] ?? 25);
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const self = new Map<number, number>();
p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFn = new Map<string, number>();
const byGroup = new Map<string, number>();
for (const n of p.nodes) {
  const t = self.get(n.id) ?? 0;
  const { functionName, url, lineNumber } = n.callFrame;
  const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|work\/main)\//, '')}:${lineNumber + 1}` : ''}`;
  byFn.set(name, (byFn.get(name) ?? 0) + t);
  byGroup.set(group(url), (byGroup.get(group(url)) ?? 0) + t);
}
const show = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, v]) => console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`));
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n\nby function (self time):`);
show(byFn, rows);
console.log('\nby package / folder:');
show(byGroup, 15);
