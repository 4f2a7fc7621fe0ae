/**
 * Whole messages that are some feature's command. An open flow (a self-check question, a staff registration)
 * passes these on instead of taking them as its input. Anything else is input, including text that merely
 * starts with a command word: "广播系统备案材料未报送" is a problem description, "收到材料前补齐" a measure.
 */
import type { Campaign } from '../domain/campaign';
import { BROADCAST_COMMAND, DEAD_WORDS, STATUS_WORDS } from './broadcast/broadcast-intents';
import { matchRemediation, matchStaffCommand } from './staff/staff-intent';
import type { Turn } from './types';

const OTHER_WORDS: ReadonlySet<string> = new Set(['收到', '稍后提醒', '未答问题', '本周待办', '本周有什么要交的']);

export function isFeatureCommand(turn: Pick<Turn, 'text' | 'command'>, campaign: Campaign): boolean {
  const c = turn.command;
  return (
    OTHER_WORDS.has(c) ||
    STATUS_WORDS.has(c) ||
    DEAD_WORDS.has(c) ||
    matchRemediation(c) !== undefined ||
    BROADCAST_COMMAND.test(turn.text.trim()) ||
    matchStaffCommand(c, campaign, true) !== undefined
  );
}
