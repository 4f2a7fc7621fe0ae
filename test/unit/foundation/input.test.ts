import { cleanInput, commandForm } from '../../../domain/input';

describe('cleanInput', () => {
  it('removes control and zero-width characters but keeps the wording', () => {
    const c = cleanInput('\u0007自查\u200B报告\u0000');
    expect(c.text).toBe('自查报告');
    expect(c.problem).toBeUndefined();
  });
  it('normalises full-width forms and case for matching only', () => {
    const c = cleanInput('ＨＥＬＰ　帮助！');
    expect(c.norm).toBe('help 帮助!');
    expect(commandForm(c.norm)).toBe('help帮助');
  });
  it('flags empty, whitespace-only, emoji-only and over-long messages', () => {
    expect(cleanInput('').problem).toBe('empty');
    expect(cleanInput(' \n\t ').problem).toBe('empty');
    expect(cleanInput('👍🎉').problem).toBe('no-text');
    expect(cleanInput('😀'.repeat(3) + '是').problem).toBeUndefined();
    expect(cleanInput('7').problem).toBeUndefined();
    expect(cleanInput('字'.repeat(2001)).problem).toBe('too-long');
    expect(cleanInput('字'.repeat(2000)).problem).toBeUndefined();
  });
});
