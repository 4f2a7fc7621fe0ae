/**
 * The text of a merged reminder message (one per person per sweep) and of broadcast messages.
 */
import type { Campaign } from '../../domain/campaign';
import type { Reply } from '../../domain/reply';
import { cmd } from '../help';

/** Lines shown in one message; the rest are summarised. */
const MAX_LINES = 8;

export function renderReminder(campaign: Campaign, contactId: string, lines: string[]): Reply {
  const c = campaign.contact(contactId);
  const staff = c?.role === 'staff';
  const shown = lines.slice(0, MAX_LINES);
  const text = [
    `【${staff ? '逾期提醒' : '报送提醒'}】${c ? `${c.name}您好，` : ''}${campaign.title}：`,
    ...shown.map((l, i) => `${shown.length > 1 ? `${i + 1}. ` : ''}${l}`),
    ...(lines.length > MAX_LINES ? [`另有 ${lines.length - MAX_LINES} 项，输入“本周有什么要交的”查看。`] : []),
    '',
    staff ? '输入“逾期了什么 名单”查看全部逾期单位。' : '回复“收到”表示已知悉，“稍后提醒”推迟到下一个工作日上午。',
  ].join('\n');
  const options = staff
    ? [{ label: '逾期名单', action: cmd('逾期了什么 名单') }]
    : [
        { label: '收到', action: cmd('收到') },
        { label: '稍后提醒', action: cmd('稍后提醒') },
        { label: '本周待办', action: cmd('本周有什么要交的') },
      ];
  return { text, options };
}

export function renderBroadcast(campaign: Campaign, fromName: string, text: string): Reply {
  return {
    text: `【${campaign.title}·通知】\n${text}\n\n——检查工作组 ${fromName}（回复“收到”表示已知悉）`,
    options: [{ label: '收到', action: cmd('收到') }],
  };
}
