/**
 * Property: whatever a campaign file contains, loading it either succeeds or fails with a CampaignError
 * whose problems each name a field path — never another exception, never a crash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { parseCampaign } from '../../../domain/campaign';
import { CampaignError } from '../../../domain/errors';

const dir = join(__dirname, '../../../campaigns/xicheng-2016');
const yamlText = readFileSync(join(dir, 'campaign.yaml'), 'utf8');
const notice = readFileSync(join(dir, 'notice.txt'), 'utf8');
const base = parse(yamlText) as Record<string, unknown>;

type Path = (string | number)[];
function paths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(v)) v.slice(0, 3).forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}
const allPaths = paths(base);

function setAt(root: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cur = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = value;
  return copy;
}

const runs = { count: 0 };

function expectCleanOutcome(text: string): void {
  runs.count++;
  try {
    parseCampaign(text, 'fuzz.yaml', notice);
  } catch (err) {
    expect(err).toBeInstanceOf(CampaignError);
    const problems = (err as CampaignError).problems;
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(/^[^\s:][^:]*: ./);
  }
}

describe('campaign file fuzzing', () => {
  it('replacing any field with any JSON value gives a CampaignError naming a field, or a valid campaign', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allPaths), fc.jsonValue({ maxDepth: 2 }), (path, value) => {
        expectCleanOutcome(stringify(setAt(base, path, value)));
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary text, and truncated or corrupted YAML, never escape as anything but CampaignError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => expectCleanOutcome(s)),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.nat({ max: yamlText.length }), fc.string({ maxLength: 5 }), (cut, junk) => {
        expectCleanOutcome(yamlText.slice(0, cut) + junk + yamlText.slice(cut + junk.length));
      }),
      { numRuns: 60 },
    );
  });

  afterAll(() => {
    // Reported in the issue note: how many cases ran.
    process.stdout.write(`campaign fuzz cases: ${runs.count}\n`);
  });
});
