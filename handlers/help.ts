/**
 * Greeting and 帮助: what the bot can do, tailored to who is asking.
 */
import type { Reply, ReplyOption } from '../domain/reply';
import { cnDate } from '../domain/time';
import { registrationHint } from './actor';
import type { HandlerDeps, Intent, Turn } from './types';

const HELP_WORDS = new Set([
  '帮助', '帮忙', 'help', '?', '菜单', 'menu', '功能', '你能做什么', '能做什么', '使用说明', '说明', '/help', '/start', 'start',
  '你是谁', '你是干什么的', '怎么用', '如何使用', '怎么使用', '使用方法', '有什么功能', '有哪些功能', '你会什么', '你能干什么', '能干什么',
  '你可以做什么', '可以做什么', 'whoareyou', 'whatcanyoudo', 'howdoiuseyou',
]);

const GREETING_WORDS = new Set(['你好', '您好', 'hi', 'hello', '嗨', '在吗', '早', '早上好', '下午好', '开始', 'hey']);

/** `cmd:<text>` actions replay a typed command; they are as safe as typing it. */
export function cmd(text: string): string {
  return `cmd:${text}`;
}

function capabilities(turn: Turn, deps: HandlerDeps): { text: string; options: ReplyOption[] } {
  const c = deps.campaign;
  const main = c.deliverables.find((d) => d.from === 'units');
  const who =
    turn.actor.kind === 'contact'
      ? `${turn.actor.contact.name}（${turn.actor.unit.name}联系人）`
      : turn.actor.kind === 'staff'
        ? `${turn.actor.contact.name}（检查工作组）`
        : '';
  const lines = [
    `${who ? `${who}，` : ''}您好！我是「${c.title}」助手。我可以：`,
    '1. 自查问答：按通知“五、检查内容”的八个方面逐题填写本单位自查，可随时暂停、继续、修改、提交。输入“开始自查”。',
    `2. 政策咨询：直接提问，例如“自查报告交给谁？”“现场抽查查哪些单位？”，我会引用通知条款回答。`,
    '3. 本周待办：输入“本周有什么要交的”，查看截止日期和逾期事项。',
    `4. 提醒：截止前自动提醒${main ? `（如${main.name} ${cnDate(main.due)}截止）` : ''}，回复“稍后提醒”可推迟，“收到”表示已知悉。`,
  ];
  if (turn.actor.kind === 'contact') lines.push('其他：“进度”看自查进度，“提交自查”提交，“整改”查看并反馈本单位问题的整改，“自查报告”生成报告草稿。');
  if (turn.actor.kind === 'staff') {
    lines.push(
      '工作组命令：进度总览（或输入单位名看详情）、未提交单位、抽查候选、登记问题、收到材料 <单位>、复核、查看自查 <单位>、导出汇总、广播、广播状态、投递失败、未答问题。也可以直接说“进度”“谁还没交”“导出”。',
    );
  }
  if (turn.actor.kind === 'unknown') lines.push('', registrationHint(c), '未登记也可以直接咨询政策问题。');
  lines.push('随时输入“帮助”查看本说明。');
  const options: ReplyOption[] =
    turn.actor.kind === 'unknown'
      ? [{ label: '自查报告交给谁？', action: cmd('自查报告交给谁？') }]
      : [
          { label: '开始自查', action: cmd('开始自查') },
          { label: '本周待办', action: cmd('本周有什么要交的') },
          { label: '自查报告交给谁？', action: cmd('自查报告交给谁？') },
        ];
  return { text: lines.join('\n'), options };
}

export function helpReply(turn: Turn, deps: HandlerDeps): Reply {
  return capabilities(turn, deps);
}

export const helpIntent: Intent = async (turn, deps) => {
  if (HELP_WORDS.has(turn.command) || GREETING_WORDS.has(turn.command)) return [helpReply(turn, deps)];
  return undefined;
};
