/**
 * A contact's answers to a reminder: 稍后提醒 (snooze to the next working morning) and 收到 (acknowledge).
 */
import { cnDate } from '../../domain/time';
import type { Intent } from '../types';
import { WorkCalendar } from './calendar';

const SNOOZE = new Set(['稍后提醒', '稍后', '晚点提醒', '晚些提醒', '明天提醒', '推迟提醒', '稍后再提醒', 'snooze', 'remindmelater']);
/**
 * Everyday forms of "remind me later / tomorrow" (明天提醒我, 过会儿再提醒, 提醒我明天, remind me tomorrow): the
 * snooze goes to the next working morning, so only words for "later" and "tomorrow" (not 下周, not a date).
 */
const SNOOZE_FORM =
  /^(?:请|麻烦)?(?:(?:稍后|晚点|晚些|等会儿?|待会儿?|过会儿?|回头|明天|明早|明天早上)(?:再)?提醒(?:我|一下)?|提醒我?(?:稍后|晚点|晚些|明天|明早)(?:再说)?)[吧啊哦。.!！]*$|^remindme(?:later|tomorrow)$/;
const ACK = new Set(['收到', '已收到', '收到了', '好的收到', '收到谢谢', '知道了', '已知悉', 'ok收到', 'ack']);
const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** "Remind me next week / the day after tomorrow": a time the snooze cannot do. */
const SNOOZE_OTHER = /^(?:请|麻烦)?(?:(?:下周|下星期|后天|过几天|过两天|月底|周[一二三四五六日末]|\d{1,2}[号日])(?:再)?提醒(?:我|一下)?|提醒我?(?:下周|下星期|后天|过几天|过两天))[吧啊哦。.!！]*$/;

export const snoozeIntent: Intent = async (turn, deps) => {
  if (turn.actor.kind !== 'unknown' && SNOOZE_OTHER.test(turn.command)) {
    return [{ text: '提醒目前只能推迟到下一个工作日上午：回复“稍后提醒”即可。之后截止前我仍会按计划提醒仍未完成的事项。' }];
  }
  if (!(SNOOZE.has(turn.command) || SNOOZE_FORM.test(turn.command)) || turn.actor.kind === 'unknown') return undefined;
  if (!deps.outreach) return [{ text: '提醒服务暂未启用，无法推迟提醒。' }];
  const cal = new WorkCalendar(deps.campaign.reminders, deps.campaign.timezone);
  const until = cal.nextWorkingMorning(turn.now);
  await deps.outreach.snooze(turn.actor.contact.id, until.toISOString());
  const date = cal.dateOf(until);
  return [{ text: `好的，将在 ${cnDate(date)}（${WEEKDAYS[until.isoWeekday()]}）${deps.campaign.reminders.sendAt} 再提醒您仍未完成的事项。` }];
};

export const ackIntent: Intent = async (turn, deps) => {
  if (!ACK.has(turn.command) || turn.actor.kind === 'unknown') return undefined;
  if (!deps.outreach) return [{ text: '好的。' }];
  const acked = await deps.outreach.ack(turn.actor.contact.id, turn.now.toISOString());
  return [{ text: acked ? '好的，已记录您已收到。截止前如仍未完成，我会再提醒。' : '好的。目前没有需要确认的提醒或通知。' }];
};
