/**
 * Which whole messages an open flow passes on as another feature's command, and which it keeps as input.
 * A self-check follow-up answered "广播系统备案材料未报送" used to be passed on (a prefix match on 广播) and lost.
 */
import { loadCampaign } from '../../../domain/campaign';
import { commandForm, cleanInput } from '../../../domain/input';
import { isFeatureCommand } from '../../../handlers/feature-commands';

const campaign = loadCampaign('campaigns/xicheng-2016');
const is = (text: string) => isFeatureCommand({ text, command: commandForm(cleanInput(text).norm) }, campaign);

it('passes on the commands of other features', () => {
  for (const t of ['整改', '整改2', '广播', '广播 街道 请按时报送', '广播：全部单位 请按时报送', '广播状态', '投递失败', '收到', '稍后提醒', '未答问题', '复核', '复核 金融街街道', '收到材料 金融街街道', '未提交单位', '导出汇总', '进度总览', '登记问题', '本周待办']) {
    expect([t, is(t)]).toEqual([t, true]);
  }
});

it('keeps text that only starts with a command word as input', () => {
  for (const t of ['广播系统备案材料未报送', '收到材料前补齐', '复核后发现仍有弱口令', '整改措施已落实', '导出汇总表格式有误', '登记问题较多', '未答问题也要补']) {
    expect([t, is(t)]).toEqual([t, false]);
  }
});
