import { buildRegistry, type CommandRegistry } from './registry';
import { helpCommand } from './help';
import { outboxFailuresCommand, outboxRetryAction } from './outbox-failures';
import { leaveCommand, leaveFilingActions } from './leave';
import { leaveDecisionActions } from './leave-decide';
import { leaveMoveActions } from './leave-withdraw';
import { backCommand } from './back';
import { approvalsCommand } from './approvals';
import { awayCommand } from './away';
import { meetingLeaveCommand, meetingLeaveActions } from './meeting-leave';
import type { CardAction, Command } from './types';

const commands: Command[] = [leaveCommand, backCommand, approvalsCommand, awayCommand, meetingLeaveCommand, outboxFailuresCommand];
const actions: CardAction[] = [...leaveFilingActions, ...leaveDecisionActions, ...leaveMoveActions, ...meetingLeaveActions, outboxRetryAction];

export const registry: CommandRegistry = buildRegistry(
  [...commands, helpCommand(() => registry)],
  actions,
);
