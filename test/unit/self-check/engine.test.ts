/** The pure state machine: no Redis; effects applied to an in-memory snapshot by a tiny helper. */
import { join } from 'node:path';
import { loadCampaign } from '../../../domain/campaign';
import { fixedClock } from '../../../domain/time';
import { onAnswerConflict, step, type EngineCtx, type EngineInput, type StepResult } from '../../../dialogs/self-check-engine';
import { initialState, type DialogState } from '../../../dialogs/self-check-state';
import type { Effects, UnitSnapshot } from '../../../dialogs/ports';

const campaign = loadCampaign(join(__dirname, '../../../campaigns/xicheng-2016'));

function world(nowIso = '2016-06-27T10:00:00+08:00') {
  let unit: UnitSnapshot = { unitId: 'jinrongjie', answers: {}, meta: { manualDone: {} }, remediation: [] };
  let state: DialogState = initialState('jinrongjie');
  let now = fixedClock(nowIso)();
  const ctx = (): EngineCtx => ({ campaign, unit, now, contactId: 'jinrongjie-1' });
  const apply = (e: Effects | undefined) => {
    if (!e) return;
    const at = now.format();
    if (e.answer) {
      const prev = unit.answers[e.answer.questionId];
      unit = { ...unit, answers: { ...unit.answers, [e.answer.questionId]: { ...(e.answer.value ? { value: e.answer.value } : {}), ...(e.answer.skipped ? { skipped: true as const } : {}), by: 'jinrongjie-1', at, ver: (prev?.ver ?? 0) + 1 } } };
    }
    if (e.remediation) unit = { ...unit, remediation: [...unit.remediation.filter((r) => r.id !== e.remediation?.id), e.remediation] };
    unit = { ...unit, meta: { ...unit.meta, ...e.meta, ...Object.fromEntries(Object.entries(e.metaIfAbsent ?? {}).filter(([k]) => !(k in unit.meta))) } };
  };
  const send = (input: EngineInput): StepResult => {
    const r = step(ctx(), state, input);
    if (!r) throw new Error(`not handled: ${JSON.stringify(input)}`);
    apply(r.effects);
    state = r.state;
    return r;
  };
  const text = (t: string) => send({ kind: 'text', text: t });
  return { send, text, get state() { return state; }, get unit() { return unit; }, setNow: (iso: string) => (now = fixedClock(iso)()), ctx };
}

const said = (r: StepResult) => r.replies.map((x) => x.text).join('\n');

describe('self-check engine', () => {
  it('commands with nothing open pass through (帮助 goes to the general help)', () => {
    const w = world();
    expect(step(w.ctx(), w.state, { kind: 'help' })).toBeUndefined();
    expect(step(w.ctx(), w.state, { kind: 'text', text: '是' })).toBeUndefined();
  });

  it('an invalid answer stores nothing and keeps the question; the second failure explains with the clause', () => {
    const w = world();
    w.send({ kind: 'area', areaId: 'dj' });
    const first = w.text('很多');
    expect(first.effects).toBeUndefined();
    expect(said(first)).not.toContain('说明：');
    const second = w.text('很多很多');
    expect(said(second)).toContain('依据：通知五（二）');
    expect(w.unit.answers['dj-systems']).toBeUndefined();
    expect(w.state.questionId).toBe('dj-systems');
  });

  it('a negative answer is stored at once, then follow-ups build one remediation item', () => {
    const w = world();
    w.send({ kind: 'area', areaId: 'sm' });
    const r = w.text('否');
    expect(r.effects?.answer).toMatchObject({ questionId: 'sm-policy', value: { t: 'yesno', v: '否' }, expectedVer: 0 });
    expect(w.state.phase).toBe('followup');
    w.text('未对照标准');
    w.text('组织学习');
    const done = w.text('7月31日');
    expect(done.effects?.remediation).toMatchObject({ id: 'sc-sm-policy', source: 'selfcheck', areaId: 'sm', problem: '未对照标准', measure: '组织学习', plannedDate: '2016-07-31', status: 'open' });
    expect(w.state.questionId).toBe('sm-responsibility');
    // Changing the answer to 是 closes the item instead of leaving a stale problem.
    w.send({ kind: 'edit', number: 1 });
    const fixed = w.text('是');
    expect(fixed.effects?.remediation).toMatchObject({ id: 'sc-sm-policy', status: 'fixed' });
    expect(w.state.questionId).toBe('sm-responsibility'); // back where the contact was
  });

  it('不适用 waits for a reason before anything is stored', () => {
    const w = world();
    w.send({ kind: 'area', areaId: 'dj' });
    w.send({ kind: 'edit', number: 4 });
    const r = w.text('不适用');
    expect(r.effects).toBeUndefined();
    expect(w.state.phase).toBe('na-reason');
    expect(w.text('没有二级系统').effects?.answer?.value).toEqual({ t: 'yesno', v: '不适用', note: '没有二级系统' });
  });

  it('every new prompt gets a new counter (old buttons become stale); re-asks keep it', () => {
    const w = world();
    w.send({ kind: 'area', areaId: 'sm' });
    const n = w.state.n;
    w.send({ kind: 'help' });
    w.send({ kind: 'progress' });
    expect(w.state.n).toBe(n);
    w.send({ kind: 'option', index: 0 });
    expect(w.state.n).toBeGreaterThan(n);
    expect(w.unit.answers['sm-policy']?.value).toEqual({ t: 'yesno', v: '是' });
  });

  it('after a lost race the contact sees the current value and the question again', () => {
    const w = world();
    w.send({ kind: 'area', areaId: 'nw' });
    const r = onAnswerConflict(w.ctx(), w.state, '未接入', { value: { t: 'choice', v: '已接入' }, by: 'jinrongjie-2', at: '2016-06-27T10:01:00+08:00', ver: 1 });
    expect(said(r)).toContain('刚刚已由李静修改');
    expect(said(r)).toContain('当前答案：已接入');
    expect(r.state.seenVer).toBe(1);
    expect(r.state.questionId).toBe('nw-access');
  });

  it('submission: closing questions, confirmation, amend before the deadline, locked after it', () => {
    const w = world();
    for (const { question } of campaign.allQuestions()) if (question.required) {
      w.send({ kind: 'area', areaId: campaign.allQuestions().find((x) => x.question.id === question.id)?.area.id ?? '' });
      w.send({ kind: 'edit', number: (campaign.allQuestions().filter((x) => x.area.id === w.state.areaId).findIndex((x) => x.question.id === question.id)) + 1 });
      const t = question.type === 'yesno' ? '是' : question.type === 'number' ? '1' : '1';
      w.text(t);
    }
    expect(said(w.send({ kind: 'submit' }))).toContain('组织开展情况');
    w.text('信息科牵头');
    const confirm = w.text('无');
    expect(said(confirm)).toContain('确认提交');
    const sub = w.send({ kind: 'yes' });
    expect(sub.effects?.meta?.submittedAt).toBe('2016-06-27T10:00:00+08:00');
    w.setNow('2016-07-01T09:00:00+08:00');
    w.send({ kind: 'area', areaId: 'sm' });
    w.send({ kind: 'edit', number: 2 });
    expect(w.text('部分').effects?.meta?.amendedAt).toBe('2016-07-01T09:00:00+08:00');
    w.text('责任制文件未更新');
    w.text('修订文件');
    expect(w.text('7月20日').effects?.remediation?.plannedDate).toBe('2016-07-20');
    w.setNow('2016-07-09T09:00:00+08:00');
    w.send({ kind: 'edit', number: 3 });
    const locked = w.text('否');
    expect(locked.effects).toBeUndefined();
    expect(said(locked)).toContain('截止日期（2016-07-08）已过');
  });
});

describe('leaving follow-ups half-way', () => {
  it('still records the problem as a remediation item', () => {
    const w = world();
    w.send({ kind: 'area', areaId: 'yj' });
    w.text('否');
    w.text('预案没有修订');
    const r = w.send({ kind: 'start' });
    expect(r.effects?.remediation).toMatchObject({ id: 'sc-yj-plan', problem: '预案没有修订', status: 'open' });
    expect(w.state.phase).toBe('menu');
    // …and says so: what was kept, what is missing and where to add it, before the menu that was asked for.
    const text = r.replies[0]?.text ?? '';
    expect(text).toMatch(/追问没有填完：已记入“问题与整改”：预案没有修订。“整改措施”、“计划完成整改的日期”还没有填，可以随时输入“整改”补充。/);
    expect(text.indexOf('追问没有填完')).toBeLessThan(text.indexOf('请选择'));
  });
});
