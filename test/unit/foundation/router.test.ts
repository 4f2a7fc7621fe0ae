import { join } from 'node:path';
import { loadCampaign } from '../../../domain/campaign';
import { silentLogger } from '../../../domain/logger';
import { fixedClock } from '../../../domain/time';
import { handleTurn } from '../../../handlers/router';
import { helpIntent } from '../../../handlers/help';
import type { HandlerDeps } from '../../../handlers/types';

const campaign = loadCampaign(join(__dirname, '../../../campaigns/xicheng-2016'));
const deps: HandlerDeps = { campaign, clock: fixedClock('2016-06-27T10:00:00+08:00'), logger: silentLogger };
const turn = (text: string | undefined, as = 'jinrongjie-1', action?: string) => handleTurn({ from: { contactId: as }, text, action }, deps, [helpIntent]);

describe('router and help (only the foundation intents)', () => {
  it('greets the demo contact by name and unit and lists the four capabilities', async () => {
    const [r] = await turn('你好');
    expect(r?.text).toContain('王晓明');
    expect(r?.text).toContain('金融街街道');
    for (const cap of ['自查问答', '政策咨询', '本周待办', '提醒']) expect(r?.text).toContain(cap);
    expect(r?.options?.map((o) => o.label)).toContain('开始自查');
  });

  it('answers 帮助 typed with spaces, full-width or trailing punctuation', async () => {
    for (const t of ['帮助', ' 帮 助 ', '帮助！', 'HELP', 'ｈｅｌｐ']) {
      const [r] = await turn(t);
      expect(r?.text).toContain('自查问答');
    }
  });

  it('tells an unknown user how to register, with the office contacts from the notice', async () => {
    const [r] = await turn('帮助', 'somebody-else');
    expect(r?.text).toContain('郁卓');
    expect(r?.text).toContain('88064740');
    expect(r?.options?.map((o) => o.label)).not.toContain('开始自查');
  });

  it('shows staff their commands', async () => {
    const [r] = await turn('帮助', 'staff-1');
    expect(r?.text).toContain('进度总览');
  });

  it('answers bad input politely without a stack trace', async () => {
    expect((await turn(''))[0]?.text).toContain('没有收到文字');
    expect((await turn('🎉🎉'))[0]?.text).toContain('只能理解文字');
    expect((await turn('长'.repeat(2500)))[0]?.text).toContain('2500 字');
    const forged = await turn(undefined, 'jinrongjie-1', 'x'.repeat(1000));
    expect(forged[0]?.text).toContain('无法识别');
    const stale = await turn(undefined, 'jinrongjie-1', 'sc:a:nope:1:99');
    expect(stale[0]?.text).toContain('失效');
  });

  it('replays cmd: option actions as the typed command', async () => {
    const [r] = await turn(undefined, 'jinrongjie-1', 'cmd:帮助');
    expect(r?.text).toContain('自查问答');
  });

  it('does not echo card markup as anything but plain text when it does not understand', async () => {
    const [r] = await turn('{"tag":"button","text":"x"}');
    expect(r?.text).toContain('没有理解');
  });
});
