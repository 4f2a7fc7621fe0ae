import { judge, type QaCase } from '../../../handlers/policy/qa-set';
import type { PolicyAnswer } from '../../../handlers/policy';

const answer = (reply: string, sources: PolicyAnswer['sources'] = []): PolicyAnswer => ({ reply, sources, confidence: 0.9, understood: sources.length > 0 });

describe('eval scoring (npm run eval:qa)', () => {
  it('passes a case only when every expect group has one of its strings in the reply', () => {
    const c: QaCase = { q: '自查要填写哪两份材料', expect: [['自查报告'], ['情况报告']] };
    expect(judge(c, answer('需要填写《自查报告》和《政务信息系统安全检查情况报告表》。'))).toBeUndefined();
    expect(judge(c, answer('需要填写《自查报告》。'))).toBe('missing 情况报告');
  });

  it('passes an off-topic case only with no sources, an admission and the contacts', () => {
    const c: QaCase = { q: '给我讲个笑话', offtopic: true };
    const honest = '抱歉，这个问题我不太确定。\n如需帮助，请联系检查工作组：区政府办 郁卓 88064740。';
    expect(judge(c, answer(honest))).toBeUndefined();
    expect(judge(c, answer(honest, [{ section: '一', title: '一、检查目的' }]))).toMatch(/sources/);
    expect(judge(c, answer('哈哈。如需帮助，请联系 88064740。'))).toMatch(/does not say/);
    expect(judge(c, answer('抱歉，这个问题我不太确定。'))).toMatch(/contacts/);
  });
});
