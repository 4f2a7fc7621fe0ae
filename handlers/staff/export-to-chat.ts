/**
 * 导出汇总 [csv]: the summary workbook of the staff member's scope, sent to them as a file on Lark.
 */
import type { Reply } from '../../domain/reply';
import { summaryCsv, summaryXlsx, loadSummaryModel } from '../export/summary-workbook';
import type { RegisterCtx } from './register-finding';

const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

export async function exportSummaryToChat(ctx: RegisterCtx, format: 'xlsx' | 'csv'): Promise<Reply[]> {
  const cli = `也可以在服务器上运行：npm run export -- --summary --format ${format} --out 汇总.${format}`;
  if (!ctx.deps.files) return [{ text: `当前渠道不能发送文件。${cli}` }];
  if (!ctx.staff.openId) return [{ text: `您没有登记飞书账号，无法发送文件。${cli}` }];
  const model = await loadSummaryModel(ctx.deps.campaign, ctx.store, ctx.now, ctx.scope.units);
  const data = format === 'xlsx' ? await summaryXlsx(model, ctx.deps.campaign.title) : Buffer.from(summaryCsv(model), 'utf8');
  const name = `${ctx.deps.campaign.title}-汇总-${ctx.scope.district ? '全区' : ctx.scope.label.replace('负责的单位', '')}-${ctx.now.format('YYYYMMDD-HHmm')}.${format}`;
  await ctx.deps.files.sendFile({ openId: ctx.staff.openId }, { name, data, mime: MIME[format] });
  return [{ text: `已发送汇总${format === 'xlsx' ? '表（汇总、问题清单、审计日志三张工作表）' : '（CSV，汇总表）'}：${name}，共 ${model.summary.rows.length} 个单位、${model.findings.rows.length} 个问题。` }];
}
