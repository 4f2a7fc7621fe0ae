/**
 * 收到材料 <单位> [日期]: staff record that the sealed paper copy and the CD arrived (八（一）). Without a
 * date it is now; with a date (a correction, or recorded later) it is that day at 09:00 campaign time.
 * Recording again without a date only shows the existing record.
 */
import type { Contact } from '../../domain/campaign';
import type { Reply } from '../../domain/reply';
import { cnFullDate, dayjs, isoDateOf, type Dayjs } from '../../domain/time';
import type { HandlerDeps } from '../types';
import { findDate } from './dates';
import type { StaffStore } from './ports';
import { findUnit, inScope, type StaffScope } from './scope';
import { fmtTime } from './unit-facts';

export async function paperReceived(deps: HandlerDeps, store: StaffStore, staff: Contact, scope: StaffScope, args: string, now: Dayjs): Promise<Reply[]> {
  const tz = deps.campaign.timezone;
  const usage = `用法：收到材料 单位名称 [日期]，例如“收到材料 金融街街道”或“收到材料 金融街 ${deps.campaign.year}-07-07”。`;
  const f = findDate(args, deps.campaign.year);
  if (f.invalid) return [{ text: `“${f.invalid}”不是有效日期。${usage}` }];
  const unitText = f.found ? f.found.rest : args.trim();
  if (!unitText) return [{ text: usage }];
  const unit = findUnit(deps.campaign, unitText);
  if (!unit) return [{ text: `没有找到单位“${unitText}”。${usage}` }];
  if (!inScope(scope, unit.id)) return [{ text: `${unit.name}不在您的检查范围（${scope.label}）内。` }];
  const s = await store.unitStatus(unit.id);
  if (s.paperReceivedAt && !f.found) {
    return [{ text: `${unit.name}的纸质材料（加盖公章）与光盘已于 ${fmtTime(s.paperReceivedAt, tz)} 登记收到。如需更正日期，请输入“收到材料 ${unit.name} 日期”。` }];
  }
  let at: Dayjs = now;
  if (f.found) {
    if (f.found.date > isoDateOf(now, tz)) return [{ text: '收到日期不能晚于今天。' }];
    at = f.found.date === isoDateOf(now, tz) ? now : dayjs.tz(`${f.found.date} 09:00`, 'YYYY-MM-DD HH:mm', tz);
  }
  await store.recordPaperReceived(unit.id, at.format(), staff.id);
  const d = deps.campaign.deliverables.find((x) => x.completion === 'paper');
  const late = d && isoDateOf(at, tz) > d.due ? `（晚于 ${cnFullDate(d.due)} 截止日）` : '';
  const corrected = s.paperReceivedAt ? `（原记录 ${fmtTime(s.paperReceivedAt, tz)} 已更正）` : '';
  return [{ text: `已记录：${unit.name}的纸质材料（加盖公章）与光盘于 ${fmtTime(at.format(), tz)} 收到${late}，登记人 ${staff.name}${corrected}。` }];
}
