import { looksLikeQuestion } from '../../../handlers/policy';

describe('looksLikeQuestion', () => {
  it.each([
    '自查报告什么时候交？',
    '材料交到哪',
    '还有几天截止',
    '要不要盖章',
    '政务云上的系统是否要查',
    '谁负责密码检查',
    '报告需要加盖什么',
    '可以委托检测机构吗',
    'When is the report due',
    'how do I submit it',
    '一共多少个阶段',
  ])('treats %s as a question', (text) => {
    expect(looksLikeQuestion(text)).toBe(true);
  });

  it.each([
    '已定级，三级',
    '2016-07-05',
    '是',
    '部分',
    '已建立存储介质台账，几乎所有终端已登记',
    '明天完成整改',
    '哪怕加班也会按时提交',
    '',
    'ok',
  ])('does not treat the dialogue answer %s as a question', (text) => {
    expect(looksLikeQuestion(text)).toBe(false);
  });
});
