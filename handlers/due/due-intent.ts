/**
 * The "what's due" intent and its stateless answerer (for `npm run ask`). Contacts get their unit's view,
 * staff the district (scope) view. Progress comes through the ProgressReader port.
 */
import { emptyUnitStatus, type UnitStatus } from '../../domain/progress';
import { isConsequenceQuestion } from '../policy';
import type { Reply } from '../../domain/reply';
import { cmd } from '../help';
import type { HandlerDeps, Intent, Turn } from '../types';
import { detectPeriod, periodRange } from './period';
import { staffDueView } from './staff-view';
import { unitDueView, type DueAnswer } from './unit-view';

const WANTS_NAMES = /名单|哪些单位|哪几个单位|明细|详细|list|which/;

async function statusOf(deps: HandlerDeps, unitId: string): Promise<UnitStatus> {
  return deps.progress ? deps.progress.unitStatus(unitId) : emptyUnitStatus(deps.campaign, unitId);
}

async function allStatuses(deps: HandlerDeps): Promise<Map<string, UnitStatus>> {
  const list = deps.progress ? await deps.progress.allUnitStatuses() : deps.campaign.units.map((u) => emptyUnitStatus(deps.campaign, u.id));
  return new Map(list.map((s) => [s.unitId, s]));
}

/** The answer to a "what's due" question, or undefined when the turn is not one. */
export async function answerDue(turn: Turn, deps: HandlerDeps): Promise<(DueAnswer & { options?: Reply['options'] }) | undefined> {
  const kind = detectPeriod(turn.norm, turn.command);
  // What being late leads to ("Is there a penalty for late submission?", "逾期有什么影响") is a policy question.
  if (!kind || isConsequenceQuestion(turn.text)) return undefined;
  const p = periodRange(kind, turn.now, deps.campaign.timezone);
  const actor = turn.actor;
  if (actor.kind === 'contact') {
    return unitDueView(deps.campaign, actor.unit.name, await statusOf(deps, actor.unit.id), p, turn.now);
  }
  if (actor.kind === 'staff') {
    const withNames = WANTS_NAMES.test(turn.norm);
    const ans = staffDueView(deps.campaign, actor.contact, await allStatuses(deps), p, turn.now, withNames);
    const anyPending = /未完成 [1-9]|个单位未完成/.test(ans.text);
    return withNames || !anyPending ? ans : { ...ans, options: [{ label: '查看未完成名单', action: cmd(`${turn.text} 名单`.slice(0, 120)) }] };
  }
  return {
    text: `“${p.label}待办”需要知道您是哪个单位的联系人。请联系检查工作组登记；也可以直接问“自查报告什么时候截止？”。`,
    sources: [],
  };
}

export const dueIntent: Intent = async (turn, deps) => {
  if (turn.action !== undefined) return undefined;
  const ans = await answerDue(turn, deps);
  if (!ans) return undefined;
  return [ans.options ? { text: ans.text, options: ans.options } : { text: ans.text }];
};
