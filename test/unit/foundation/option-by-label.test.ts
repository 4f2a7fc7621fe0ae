/**
 * In the console a person may type a button's label instead of its number (“已整改” under 更新进展 / 已整改 /
 * 返回列表); that presses the button. Only a whole label counts, so an answer that contains one stays text.
 */
import { optionByLabel } from '../../../bot/render-text';

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

it('leaves other text alone', () => {
  expect(optionByLabel(options, '已整改完毕，已复测')).toBeUndefined();
  expect(optionByLabel(options, '整改')).toBeUndefined();
  expect(optionByLabel(options, '')).toBeUndefined();
  expect(optionByLabel([], '已整改')).toBeUndefined();
});
