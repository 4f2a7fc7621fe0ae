/** The 自查报告 .docx and the JSON archive, written by the export CLI's runner from the real store. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { runExport } from '../../../bot/cli/export';
import { loadCampaign } from '../../../domain/campaign';
import { fixedClock } from '../../../domain/time';
import { REPORT_HEADINGS } from '../../../handlers/report/self-check-report';
import { makeKeys } from '../../../store/keys';
import type { RedisClient } from '../../../store/redis';
import { RedisSelfCheckStore } from '../../../store/self-check-store';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../../support/redis';

const campaign = loadCampaign(join(__dirname, '../../../campaigns/xicheng-2016'));
const AT = '2016-06-27T10:00:00+08:00';
let redis: RedisClient;
let prefix: string;
let store: RedisSelfCheckStore;
let dir: string;

beforeAll(async () => {
  redis = await connectTestRedis();
  prefix = uniquePrefix('screport');
  store = new RedisSelfCheckStore(redis, makeKeys(prefix, campaign.id), campaign);
  dir = mkdtempSync(join(tmpdir(), 'sc-report-'));
  const put = (qid: string, value: Parameters<RedisSelfCheckStore['commit']>[5]['answer'] extends infer A ? (A extends { value?: infer V } ? V : never) : never, by = 'jinrongjie-1') =>
    store.commit('jinrongjie', by, by, AT, undefined, { answer: { questionId: qid, value, expectedVer: 0 } });
  await put('dj-systems', { t: 'number', v: 3 });
  await put('dj-grading', { t: 'choice', v: '部分定级' });
  await put('dj-filing', { t: 'yesno', v: '不适用', note: '没有二级以上系统' }, 'jinrongjie-2');
  await put('sm-policy', { t: 'yesno', v: '是' });
  await store.commit('jinrongjie', 'jinrongjie-1', 'jinrongjie-1', AT, undefined, {
    remediation: { id: 'sc-dj-grading', unitId: 'jinrongjie', source: 'selfcheck', areaId: 'dj', questionId: 'dj-grading', problem: '办公自动化系统尚未定级', measure: '7月底前完成定级', plannedDate: '2016-07-29', status: 'open', createdAt: AT, updatedAt: AT },
    meta: { organisation: '由分管副主任牵头，信息科组织自查。', opinions: '建议统一组织等保测评培训。', submittedAt: AT, submittedBy: 'jinrongjie-1' },
    metaIfAbsent: { startedAt: AT },
  });
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { campaign, store, clock: fixedClock(AT), out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) } };
};

describe('npm run export -- --unit jinrongjie', () => {
  it('--format docx: a Word file with the title, the four sections of 附件1 and the answers', async () => {
    const file = join(dir, 'report.docx');
    const x = io();
    expect(await runExport(['--unit', 'jinrongjie', '--format', 'docx', '--out', file], x.io)).toBe(0);
    expect(x.out.join('\n')).toContain('2016年金融街街道网络与信息系统安全自查工作总结报告');
    const zip = await JSZip.loadAsync(readFileSync(file));
    const xml = await zip.file('word/document.xml')?.async('string');
    const text = (xml ?? '').replace(/<[^>]+>/g, '');
    expect(text).toContain('2016年金融街街道网络与信息系统安全自查工作总结报告');
    const positions = REPORT_HEADINGS.map((h) => text.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions); // in order 一 二 三 四
    expect(text).toContain('由分管副主任牵头，信息科组织自查。');
    expect(text).toContain('由王晓明、李静填报');
    expect(text).toContain('（二）信息安全等级保护开展情况');
    expect(text).toContain('本单位在用的电子政务信息系统共有多少个：3个');
    expect(text).toContain('信息系统的定级情况是：部分定级');
    expect(text).toContain('不适用（没有二级以上系统）');
    expect(text).toContain('办公自动化系统尚未定级；整改措施：7月底前完成定级；计划完成：2016年7月29日；状态：待整改');
    expect(text).toContain('建议统一组织等保测评培训。');
  });

  it('--format json: answers and the audit trail for archiving', async () => {
    const file = join(dir, 'unit.json');
    expect(await runExport(['--unit', 'jinrongjie', '--format', 'json', '--out', file], io().io)).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.unit).toEqual({ id: 'jinrongjie', name: '金融街街道' });
    expect(doc.answers['dj-systems']).toMatchObject({ value: { t: 'number', v: 3 }, by: 'jinrongjie-1', ver: 1 });
    expect(doc.audit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['selfcheck.answer', 'remediation.selfcheck']));
  });

  it('refuses an unknown unit or a missing --out with usage', async () => {
    const x = io();
    expect(await runExport(['--unit', 'nowhere', '--format', 'docx', '--out', join(dir, 'x.docx')], x.io)).toBe(1);
    expect(x.err.join('\n')).toContain('未知单位 "nowhere"');
    const y = io();
    expect(await runExport(['--unit', 'jinrongjie', '--format', 'docx'], y.io)).toBe(1);
    expect(y.err.join('\n')).toContain('缺少 --out');
  });
});
