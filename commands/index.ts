import { buildRegistry, type CommandRegistry } from './registry';
import { helpCommand } from './help';
import { outboxFailuresCommand, outboxRetryAction } from './outbox-failures';
import { leaveCommand, leaveFilingActions } from './leave';
import { leaveDecisionActions } from './leave-decide';
import { leaveMoveActions } from './leave-withdraw';
import { backCommand } from './back';
import { approvalsCommand } from './approvals';
import { openTodoAction, todoCommand } from './todo';
import { awayCommand } from './away';
import { meetingLeaveCommand, meetingLeaveActions } from './meeting-leave';
import { taskCommand } from './task';
import { supervisionActions } from './task-actions';
import { ackCommand } from './ack';
import { planCommand } from './plan';
import { progressCommand } from './progress';
import { doneCommand } from './done';
import { extendCommand } from './extend';
import { disputeAction, disputeCommand } from './dispute';
import { ledgerCommand, searchPageAction } from './ledger';
import { weeklyActions, weeklyCommand } from './weekly';
import { remindCommand } from './remind';
import { incomingCommand } from './incoming';
import { outgoingCommand } from './outgoing';
import { documentActions } from './document-actions';
import { meetingActions, meetingCommand } from './meeting';
import { districtMeetingActions, districtMeetingCommand } from './district-meeting';
import { sealActions, sealCommand } from './seal';
import { signoffActions } from './signoff-actions';
import { signoffCommand } from './signoff';
import type { CardAction, Command } from './types';

const commands: Command[] = [
  todoCommand,
  leaveCommand,
  backCommand,
  approvalsCommand,
  awayCommand,
  meetingLeaveCommand,
  outboxFailuresCommand,
  taskCommand,
  ackCommand,
  planCommand,
  progressCommand,
  doneCommand,
  extendCommand,
  disputeCommand,
  ledgerCommand,
  weeklyCommand,
  remindCommand,
  incomingCommand,
  outgoingCommand,
  meetingCommand,
  districtMeetingCommand,
  sealCommand,
  signoffCommand,
];
const actions: CardAction[] = [
  ...leaveFilingActions,
  ...leaveDecisionActions,
  ...leaveMoveActions,
  ...meetingLeaveActions,
  outboxRetryAction,
  ...supervisionActions,
  disputeAction,
  searchPageAction,
  ...weeklyActions,
  openTodoAction,
  ...documentActions,
  ...meetingActions,
  ...signoffActions,
  ...sealActions,
  ...districtMeetingActions,
];

export const registry: CommandRegistry = buildRegistry([...commands, helpCommand(() => registry)], actions);
