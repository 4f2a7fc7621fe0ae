/**
 * `npm run eval:qa [-- --campaign DIR] [--dev FILE] [--own FILE]`: score the policy engine on the shared dev
 * questions and on the campaign's own set (`<campaign>/qa-eval.json`). Prints accuracy per set and every
 * failing question with its reply; exits 1 when a set is below 95 %.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCampaign } from '../../domain/campaign';
import { isAppError } from '../../domain/errors';
import { createPolicyEngine } from '../../handlers/policy';
import { loadQaSet, runQaSet } from '../../handlers/policy/qa-set';

const PASS_RATE = 0.95;
/** The shared dev questions, next to the repository (`../shared/qa/`). */
const DEV_SET = resolve(__dirname, '..', '..', '..', 'shared', 'qa', 'dev-questions.json');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): number {
  const campaignDir = arg('campaign') ?? 'campaigns/xicheng-2016';
  const campaign = loadCampaign(campaignDir);
  const engine = createPolicyEngine(campaign);
  const sets: Array<[string, string]> = [
    ['dev', arg('dev') ? resolve(arg('dev') as string) : DEV_SET],
    ['own', resolve(arg('own') ?? join(campaign.dir, 'qa-eval.json'))],
  ];
  let ok = true;
  for (const [name, file] of sets) {
    if (!existsSync(file)) {
      console.error(`${name}: ${file} not found`);
      ok = false;
      continue;
    }
    const r = runQaSet(engine, loadQaSet(file), campaign.timezone);
    const rate = r.passed / r.total;
    console.log(`${name}: ${r.passed}/${r.total} = ${(rate * 100).toFixed(1)}%  (${file})`);
    for (const f of r.failures) {
      console.log(`  ✗ ${f.c.q}${f.c.now ? `  [now ${f.c.now}]` : ''}  — ${f.why} (confidence ${f.answer.confidence.toFixed(2)})`);
      console.log(`    ${f.answer.reply.replace(/\n/g, '\n    ')}`);
    }
    if (rate < PASS_RATE) ok = false;
  }
  return ok ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(isAppError(err) ? err.message : err);
  process.exitCode = 1;
}
