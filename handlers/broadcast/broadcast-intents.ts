/**
 * Staff broadcasts: `广播 <对象> <内容>` shows the audience size and the text and asks for confirmation (the
 * draft is kept in Redis through the OutreachPort); 确认发送 fans it out through the outbound queue.
 * `广播状态` shows delivery progress, `投递失败` the dead-letter list.
 */
import { emptyUnitStatus, type UnitStatus } from '../../domain/progress';
import type { Reply } from '../../domain/reply';
import { cnDate, dayjs } from '../../domain/time';
import type { HandlerDeps, Intent, Turn } from '../types';
import { parseAudience, resolveAudience } from './audience';

const CONFIRM_WORDS = new Set(['确认发送', '确认广播', '确定发送', '发送广播']);
const CANCEL_WORDS = new Set(['取消广播', '取消发送', '不发了']);
/** Plain 确认 / 取消: for the broadcast only while one waits for confirmation (else for whoever asked last). */
export const PLAIN_CONFIRM_WORDS: ReadonlySet<string> = new Set(['确认', '确定', '发送', '确认无误', '好的发送']);
export const PLAIN_CANCEL_WORDS: ReadonlySet<string> = new Set(['取消', '算了', '不用了', '不要了']);
export const STATUS_WORDS: ReadonlySet<string> = new Set(['广播状态', '发送状态', '投递状态', '广播进度', '发送进度', 'broadcaststatus']);
/** "send a broadcast" and the like: the usage (audiences and text are given in Chinese). */
const ENGLISH_BROADCAST: ReadonlySet<string> = new Set(['broadcast', 'sendabroadcast', 'sendbroadcast', 'newbroadcast', 'howdoibroadcast']);
export const DEAD_WORDS: ReadonlySet<string> = new Set(['投递失败', '发送失败', '失败列表', '死信', '发送失败名单']);
const ACTION = /^bc:(confirm|cancel):(bc-[A-Za-z0-9-]+)$/;
const USAGE =
  '用法：广播 <发送对象> <内容>\n发送对象：全部单位、街道、区级部门、党委系统、未完成<材料名>（如 未完成自查报告）、或单位名（用顿号分隔，如 金融街、月坛）。\n例如：广播 街道 请各街道于7月8日前报送纸质材料和光盘。';

async function statuses(deps: HandlerDeps): Promise<Map<string, UnitStatus>> {
  const list = deps.progress ? await deps.progress.allUnitStatuses() : deps.campaign.units.map((u) => emptyUnitStatus(deps.campaign, u.id));
  return new Map(list.map((s) => [s.unitId, s]));
}

function staffOnly(turn: Turn): Reply[] | undefined {
  return turn.actor.kind === 'staff' ? undefined : [{ text: '广播和投递状态仅供检查工作组使用。' }];
}

const noOutreach: Reply[] = [{ text: '广播服务暂未启用（需要运行提醒与发送队列）。' }];

async function draftBroadcast(turn: Turn, deps: HandlerDeps, rest: string): Promise<Reply[]> {
  if (turn.actor.kind !== 'staff') return staffOnly(turn) ?? [];
  if (!deps.outreach) return noOutreach;
  const m = /^\s*([^\s:：]+)[\s:：]+([\s\S]+)$/.exec(rest);
  if (!m) return [{ text: USAGE }];
  const parsed = parseAudience(deps.campaign, m[1]!);
  if (!parsed.ok) return [{ text: `${parsed.message}\n\n${USAGE}` }];
  const text = m[2]!.trim();
  const audience = resolveAudience(deps.campaign, parsed.spec, await statuses(deps));
  if (audience.contacts.length === 0) return [{ text: `“${audience.label}”没有登记的联系人，无需发送。` }];
  const id = `bc-${turn.now.format('YYYYMMDDHHmmss')}-${turn.actor.contact.id}`;
  await deps.outreach.saveDraft({
    id,
    createdBy: turn.actor.contact.id,
    audienceLabel: audience.label,
    unitIds: audience.units.map((u) => u.id),
    contactIds: audience.contacts.map((c) => c.id),
    text,
    createdAt: turn.now.toISOString(),
  });
  return [
    {
      text: `即将广播给：${audience.label}（${audience.units.length} 个单位，${audience.contacts.length} 位联系人）\n内容：\n${text}\n\n请确认是否发送（30 分钟内有效）。`,
      options: [
        { label: '确认发送', action: `bc:confirm:${id}` },
        { label: '取消', action: `bc:cancel:${id}` },
      ],
    },
  ];
}

async function confirmOrCancel(turn: Turn, deps: HandlerDeps, op: 'confirm' | 'cancel', id?: string): Promise<Reply[]> {
  if (turn.actor.kind !== 'staff') return staffOnly(turn) ?? [];
  if (!deps.outreach) return noOutreach;
  const draft = await deps.outreach.loadDraft(turn.actor.contact.id);
  if (!draft || (id !== undefined && draft.id !== id)) return [{ text: '没有待确认的广播（可能已发送、已取消或已过期）。输入“广播”查看用法。' }];
  await deps.outreach.clearDraft(turn.actor.contact.id);
  if (op === 'cancel') return [{ text: '已取消，这条广播没有发送。' }];
  const { total } = await deps.outreach.startBroadcast(draft);
  const status = '输入“广播状态”查看进度，“投递失败”查看发送失败的对象。';
  if (!(await deps.outreach.deliveryActive())) {
    // E.g. the console demo: the messages wait safely in the queue until a `npm run serve` process sends them.
    return [{ text: `已加入发送队列：${draft.audienceLabel}，共 ${total} 人。目前没有发送进程在运行，启动服务（npm run serve）后会逐一发送，每人一次。${status}` }];
  }
  return [{ text: `已开始发送给 ${draft.audienceLabel}，共 ${total} 人。${status}` }];
}

async function broadcastStatus(deps: HandlerDeps): Promise<Reply[]> {
  if (!deps.outreach) return noOutreach;
  const list = await deps.outreach.broadcasts(5);
  if (list.length === 0) return [{ text: '还没有发送过广播。' }];
  const tz = deps.campaign.timezone;
  const lines = list.map((b) => {
    const t = dayjs(b.createdAt).tz(tz);
    const done = b.sent + b.failed >= b.total;
    const preview = [...b.text].slice(0, 20).join('') + ([...b.text].length > 20 ? '…' : '');
    return `- ${cnDate(t.format('YYYY-MM-DD'))} ${t.format('HH:mm')} → ${b.audienceLabel}：已发送 ${b.sent}/${b.total}${b.failed ? `，失败 ${b.failed}` : ''}${b.acked ? `，已确认收到 ${b.acked}` : ''}${done ? '（已完成）' : '（发送中）'}\n  “${preview}”`;
  });
  return [{ text: `最近的广播：\n${lines.join('\n')}` }];
}

async function deadLetters(deps: HandlerDeps): Promise<Reply[]> {
  if (!deps.outreach) return noOutreach;
  const list = await deps.outreach.deadLetters(20);
  if (list.length === 0) return [{ text: '没有投递失败的消息。' }];
  const tz = deps.campaign.timezone;
  const kinds = { reminder: '提醒', broadcast: '广播', notice: '通知', reply: '回复' } as const;
  const lines = list.map((d) => {
    const c = deps.campaign.contact(d.contactId);
    const u = c?.unit ? deps.campaign.unit(c.unit) : undefined;
    // A reply to somebody the campaign does not know is stored under their open_id (always `ou_…`).
    const who = c?.name ?? (d.contactId.startsWith('ou_') ? `未登记的飞书用户（open_id ${d.contactId}）` : d.contactId);
    // Replies carry no count (several Lark calls, each retried); their error says whether retries ran out.
    const tries = d.attempts === undefined ? '' : `（尝试 ${d.attempts} 次）`;
    return `- ${dayjs(d.at).tz(tz).format('M月D日 HH:mm')} ${kinds[d.kind]} → ${who}${u ? `（${u.name}）` : ''}：${d.error}${tries}`;
  });
  return [{ text: `投递失败（最近 ${list.length} 条）：\n${lines.join('\n')}\n请电话联系这些人员，或检查其飞书账号。` }];
}

/** 广播 / 广播通知, alone or followed by a space or colon and the text to send. */
export const BROADCAST_COMMAND = /^广播(?:通知)?(?=$|[\s:：])([\s\S]*)$/;

export const broadcastIntent: Intent = async (turn, deps) => {
  if (turn.action !== undefined) {
    const m = ACTION.exec(turn.action);
    if (!m) return undefined;
    return confirmOrCancel(turn, deps, m[1] as 'confirm' | 'cancel', m[2]);
  }
  if (CONFIRM_WORDS.has(turn.command)) return confirmOrCancel(turn, deps, 'confirm');
  if (CANCEL_WORDS.has(turn.command)) return confirmOrCancel(turn, deps, 'cancel');
  const plain = PLAIN_CONFIRM_WORDS.has(turn.command) ? 'confirm' : PLAIN_CANCEL_WORDS.has(turn.command) ? 'cancel' : undefined;
  if (plain && turn.actor.kind === 'staff' && deps.outreach && (await deps.outreach.loadDraft(turn.actor.contact.id))) return confirmOrCancel(turn, deps, plain);
  if (ENGLISH_BROADCAST.has(turn.command)) return staffOnly(turn) ?? [{ text: USAGE }];
  if (STATUS_WORDS.has(turn.command)) return staffOnly(turn) ?? broadcastStatus(deps);
  if (DEAD_WORDS.has(turn.command)) return staffOnly(turn) ?? deadLetters(deps);
  const m = BROADCAST_COMMAND.exec(turn.text.trim());
  if (!m) return undefined;
  if (!m[1]!.trim()) return staffOnly(turn) ?? [{ text: USAGE }];
  return draftBroadcast(turn, deps, m[1]!);
};
