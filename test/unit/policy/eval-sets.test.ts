/**
 * The quality bar of the policy Q&A, guarded in `npm test`: at least 95 % on the shared dev questions and on
 * the campaign's own set (the same scoring as `npm run eval:qa`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCampaign } from '../../../domain/campaign';
import { createPolicyEngine } from '../../../handlers/policy';
import { loadQaSet, runQaSet } from '../../../handlers/policy/qa-set';

const root = join(__dirname, '../../..');
const campaign = loadCampaign(join(root, 'campaigns/xicheng-2016'));
const engine = createPolicyEngine(campaign);
const devSet = join(root, '..', 'shared', 'qa', 'dev-questions.json');

function expectAtLeast95(file: string): void {
  const r = runQaSet(engine, loadQaSet(file), campaign.timezone);
  const failures = r.failures.map((f) => `${f.c.q}: ${f.why}`);
  expect({ rate: r.passed / r.total >= 0.95, failures }).toEqual({ rate: true, failures: expect.any(Array) });
  expect(r.total).toBeGreaterThan(0);
}

describe('policy Q&A accuracy', () => {
  it('answers at least 95 % of the project set (≥ 80 questions)', () => {
    const file = join(campaign.dir, 'qa-eval.json');
    expect(loadQaSet(file).length).toBeGreaterThanOrEqual(80);
    expectAtLeast95(file);
  });

  (existsSync(devSet) ? it : it.skip)('answers at least 95 % of the shared dev questions (../shared/qa)', () => {
    expectAtLeast95(devSet);
  });
});
