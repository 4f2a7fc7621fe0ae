/**
 * What a typed number or label chooses in the console. A number refers to the last reply's options only: after
 * a policy answer with suggestions and the re-asked "共有多少个？", "3" is the answer, not suggestion 3 (it used to
 * be). A person may also type a button's label (“已整改”); only a whole label counts.
 */
import { lastOptions, optionByLabel } from '../../../bot/render-text';

it('numbers refer to the last reply’s options, and to none when the last reply has none', () => {
  const suggestions = { text: '您是不是想问以下内容？', options: [{ label: '八、时间安排', action: 'cmd:八、时间安排' }] };
  const question = { text: '回到刚才的问题：本单位在用的电子政务信息系统共有多少个？' };
  expect(lastOptions([suggestions, question])).toEqual([]);
  expect(lastOptions([question, suggestions])).toEqual(suggestions.options);
  expect(lastOptions([])).toEqual([]);
});

const options = [
  { label: '更新进展', action: 'rem:progress:1' },
  { label: '已整改', action: 'rem:fixed:1' },
  { label: '1. 门户网站', action: 'rem:open:1' },
];

it('presses the option whose whole label was typed, also without its list number', () => {
  expect(optionByLabel(options, '已整改')?.action).toBe('rem:fixed:1');
  expect(optionByLabel(options, ' 已整改 ')?.action).toBe('rem:fixed:1');
  expect(optionByLabel(options, '门户网站')?.action).toBe('rem:open:1');
  expect(optionByLabel(options, '1. 门户网站')?.action).toBe('rem:open:1');
});

it('reads a ticked option of a multiple-choice question by its plain label (to untick it)', () => {
  const ticked = [{ label: '✓ 系统开发', action: 'sc:a:wb-category:0:5' }, { label: '运行维护', action: 'sc:a:wb-category:1:5' }];
  expect(optionByLabel(ticked, '系统开发')?.action).toBe('sc:a:wb-category:0:5');
  expect(optionByLabel(ticked, '运行维护')?.action).toBe('sc:a:wb-category:1:5');
});

it('leaves other text alone', () => {
  expect(optionByLabel(options, '已整改完毕，已复测')).toBeUndefined();
  expect(optionByLabel(options, '整改')).toBeUndefined();
  expect(optionByLabel(options, '')).toBeUndefined();
  expect(optionByLabel([], '已整改')).toBeUndefined();
});
