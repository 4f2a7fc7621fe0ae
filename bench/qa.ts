/**
 * Policy Q&A benchmark: index build time (first build, which loads the jieba dictionary, and a rebuild), then
 * per-question latency over every question of the shared dev set and the campaign's own set, after a warm-up.
 * `tsx bench/qa.ts [--campaign DIR]` prints a table and a final JSON line; `runQaBench()` returns the numbers.
 */
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCampaign } from '../domain/campaign';
import { createPolicyEngine } from '../handlers/policy';
import { caseNow, loadQaSet } from '../handlers/policy/qa-set';

export interface QaBenchResult {
  qa_index_build_ms: number;
  qa_p50_ms: number;
  qa_p99_ms: number;
}

export interface QaBenchOptions {
  campaignDir?: string;
  devSet?: string;
  /** Timed passes over all questions (after one warm-up pass). */
  rounds?: number;
}

interface Detail extends QaBenchResult {
  rebuildMs: number;
  questions: number;
  samples: number;
  meanMs: number;
  maxMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function measure(opts: QaBenchOptions = {}): Detail {
  const campaign = loadCampaign(opts.campaignDir ?? 'campaigns/xicheng-2016');
  let t = performance.now();
  const engine = createPolicyEngine(campaign);
  const buildMs = performance.now() - t;
  t = performance.now();
  createPolicyEngine(campaign);
  const rebuildMs = performance.now() - t;

  const cases = [
    ...loadQaSet(opts.devSet ? resolve(opts.devSet) : resolve(__dirname, '..', '..', 'shared', 'qa', 'dev-questions.json')),
    ...loadQaSet(join(campaign.dir, 'qa-eval.json')),
  ].map((c) => ({ q: c.q, now: caseNow(c, campaign.timezone) }));
  for (const c of cases) engine.answer(c.q, c.now);
  const samples: number[] = [];
  for (let r = 0; r < (opts.rounds ?? 20); r++) {
    for (const c of cases) {
      const s = performance.now();
      engine.answer(c.q, c.now);
      samples.push(performance.now() - s);
    }
  }
  samples.sort((a, b) => a - b);
  return {
    qa_index_build_ms: round3(buildMs),
    qa_p50_ms: round3(percentile(samples, 50)),
    qa_p99_ms: round3(percentile(samples, 99)),
    rebuildMs: round3(rebuildMs),
    questions: cases.length,
    samples: samples.length,
    meanMs: round3(samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length)),
    maxMs: round3(samples[samples.length - 1] ?? 0),
  };
}

export function runQaBench(opts: QaBenchOptions = {}): QaBenchResult {
  const d = measure(opts);
  return { qa_index_build_ms: d.qa_index_build_ms, qa_p50_ms: d.qa_p50_ms, qa_p99_ms: d.qa_p99_ms };
}

if (require.main === module) {
  const i = process.argv.indexOf('--campaign');
  const d = measure({ campaignDir: i >= 0 ? process.argv[i + 1] : undefined });
  console.table({
    'index build, first (ms)': d.qa_index_build_ms,
    'index rebuild (ms)': d.rebuildMs,
    questions: d.questions,
    'timed answers': d.samples,
    'latency p50 (ms)': d.qa_p50_ms,
    'latency p99 (ms)': d.qa_p99_ms,
    'latency mean (ms)': d.meanMs,
    'latency max (ms)': d.maxMs,
  });
  console.log(JSON.stringify({ qa_index_build_ms: d.qa_index_build_ms, qa_p50_ms: d.qa_p50_ms, qa_p99_ms: d.qa_p99_ms }));
}
