/** Typed text → self-check input: whole commands only, area jumps by name or alias. */
import { join } from 'node:path';
import { loadCampaign } from '../../../domain/campaign';
import { cleanInput, commandForm } from '../../../domain/input';
import { fixedClock } from '../../../domain/time';
import { initialState } from '../../../dialogs/self-check-state';
import { classifyText } from '../../../handlers/self-check/self-check-intent';
import type { Turn } from '../../../handlers/types';

const campaign = loadCampaign(join(__dirname, '../../../campaigns/xicheng-2016'));
const turn = (text: string): Turn => {
  const c = cleanInput(text);
  return { actor: { kind: 'unknown' }, text: c.text, norm: c.norm, command: commandForm(c.norm), now: fixedClock('2016-06-27T10:00:00+08:00')() };
};
const classify = (text: string, phase: 'idle' | 'confirm-submit' = 'idle') => classifyText(turn(text), campaign, { ...initialState('jinrongjie'), phase });

describe('classifyText', () => {
  it.each(['自查 等级保护', '自查：等保', '自查等级保护', '等保自查', '开始自查 等级保护', '填写等级保护', '自查 定级'])('%s jumps to 等级保护', (t) => {
    expect(classify(t)).toEqual({ kind: 'area', areaId: 'dj' });
  });
  it('knows the other areas by alias', () => {
    expect(classify('自查 应急预案')).toEqual({ kind: 'area', areaId: 'yj' });
    expect(classify('自查 密码')).toEqual({ kind: 'area', areaId: 'mm' });
    expect(classify('自查 外包')).toEqual({ kind: 'area', areaId: 'wb' });
  });
  it.each([['帮助', 'help'], ['帮助。', 'help'], ['上一题', 'back'], ['跳过', 'skip'], ['暂停', 'pause'], ['稍后', 'pause'], ['继续', 'resume'], ['进度', 'progress'], ['查看答案', 'answers'], ['取消', 'cancel'], ['提交自查', 'submit'], ['开始自查', 'start'], ['自查', 'start']])('%s is the command %s', (t, kind) => {
    expect(classify(t).kind).toBe(kind);
  });
  it('修改第N题 with digits or Chinese numerals', () => {
    expect(classify('修改第3题')).toEqual({ kind: 'edit', number: 3 });
    expect(classify('修改第 十 题')).toEqual({ kind: 'edit', number: 10 });
    expect(classify('改第2题')).toEqual({ kind: 'edit', number: 2 });
  });
  it('text that merely contains a command word is an answer', () => {
    expect(classify('需要帮助：机房空间不足')).toEqual({ kind: 'text', text: '需要帮助：机房空间不足' });
    expect(classify('暂停使用了旧系统')).toEqual({ kind: 'text', text: '暂停使用了旧系统' });
  });
  it('是/确认 confirm only while a confirmation is open', () => {
    expect(classify('确认', 'confirm-submit')).toEqual({ kind: 'yes' });
    expect(classify('返回修改', 'confirm-submit')).toEqual({ kind: 'no' });
    expect(classify('是')).toEqual({ kind: 'text', text: '是' });
  });
});
