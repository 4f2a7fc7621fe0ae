import { oneMessagePerTurn } from '../../../bot/lark/one-message';

const q = { text: '【等级保护】第4/7题\n是否已备案？', options: [{ label: '是', action: 'a:yes' }, { label: '否', action: 'a:no' }] };

describe('one Lark message per turn', () => {
  it('puts a policy answer and the question asked again into one message, buttons under the question', () => {
    expect(oneMessagePerTurn([{ text: '抽查对象包括……' }, q])).toEqual([{ text: `抽查对象包括……\n\n${q.text}`, options: q.options }]);
  });

  it('joins text-only replies into one text message', () => {
    expect(oneMessagePerTurn([{ text: '好的，我们接着来。' }, { text: '第3题' }, { text: '第4题' }])).toEqual([{ text: '好的，我们接着来。\n\n第3题\n\n第4题' }]);
  });

  it('never moves buttons away from their own text: a reply with options ends its message', () => {
    const out = oneMessagePerTurn([q, { text: '提示' }, q]);
    expect(out).toEqual([q, { text: `提示\n\n${q.text}`, options: q.options }]);
    expect(oneMessagePerTurn([q, { text: '末尾说明' }])).toEqual([q, { text: '末尾说明' }]);
  });

  it('starts a new message rather than growing one past the size limit', () => {
    const long = '长'.repeat(3000); // 9,000 bytes
    const out = oneMessagePerTurn([{ text: long }, { text: long }, q], 16 * 1024);
    expect(out).toEqual([{ text: long }, { text: `${long}\n\n${q.text}`, options: q.options }]);
    expect(out.every((r) => Buffer.byteLength(r.text) <= 16 * 1024)).toBe(true);
  });

  it('leaves a single reply, and no replies, as they are', () => {
    expect(oneMessagePerTurn([q])).toEqual([q]);
    expect(oneMessagePerTurn([])).toEqual([]);
  });
});
