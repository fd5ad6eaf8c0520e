import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { openSqlite } from '../db/open-sqlite';
import type { AppDb } from '../db/types';
import { cliCommands } from './cli/index';
import { runCli } from './cli/run';
import { parseConfig } from './config';

/** Admin CLI entry (`npm run cli -- <command>`): builds the context from the process, no logic. */
let opened: { db: AppDb; close: () => void } | undefined;
const exitCode = await runCli(process.argv.slice(2), cliCommands, {
  async db() {
    opened ??= openSqlite(parseConfig(process.env).databasePath);
    return opened.db;
  },
  now: new Date(),
  actor: safeUserName(),
  readFile: (path) => readFileSync(path, 'utf8'),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
opened?.close();
process.exitCode = exitCode;

function safeUserName(): string {
  try {
    return userInfo().username || 'admin';
  } catch {
    return 'admin';
  }
}
