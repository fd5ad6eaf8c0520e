import { backupCommand } from './backup';
import { calendarImport } from './calendar-import';
import { calendarShow } from './calendar-show';
import { dingtalkRegisterCallbackCommand } from './dingtalk-register-callback';
import { jobsRunDueCommand } from './jobs-run-due';
import { ledgerExport } from './ledger-export';
import { orgImport } from './org-import';
import type { CliCommand } from './types';

/** Every admin CLI command; add yours here (one module per command in src/cli/). */
export const cliCommands: CliCommand[] = [
  backupCommand,
  calendarImport,
  calendarShow,
  dingtalkRegisterCallbackCommand,
  jobsRunDueCommand,
  ledgerExport,
  orgImport,
];
