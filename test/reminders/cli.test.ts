import { afterEach, describe, expect, it } from 'vitest';
import { sandboxMessages } from '../../db/schema';
import { jobsRunDue } from '../../src/cli/jobs-run-due';
import { cliCommands } from '../../src/cli/index';
import { runCli } from '../../src/cli/run';
import type { Harness } from '../helpers/harness';
import { issueItem, remindersHarness } from './helpers';

let h: Harness;
afterEach(() => h?.close());

async function cli(now: string, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, [jobsRunDue({ env: () => ({ SANDBOX: '1' }) })], {
    db: async () => h.db,
    now: new Date(`${now}+08:00`),
    actor: 'cron',
    readFile: () => '',
    out: (text) => void (out += `${text}\n`),
    err: (text) => void (err += `${text}\n`),
  });
  return { code, out, err };
}

describe('jobs run-due: the system-cron entry', () => {
  it('runs what is due and delivers it; a second run the same day does nothing', async () => {
    h = await remindersHarness('2026-09-28T08:30:00');
    await issueItem(h, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-28');
    const before = (await h.db.select().from(sandboxMessages)).length;

    const first = await cli('2026-09-29T09:00:00', 'jobs', 'run-due');
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toContain('- daily-digest（2026-09-29）：6 digests');
    expect(first.out).toContain('- deadline-warnings（2026-09-29）：1 warnings');
    const sent = (await h.db.select().from(sandboxMessages)).length - before;
    expect(first.out).toContain(`投递：成功 ${sent}，失败 0`);
    expect(sent).toBe(7);

    const second = await cli('2026-09-29T09:05:00', 'jobs', 'run-due');
    expect(second.out).toContain('此刻没有到期的任务（或今天已运行过）。');
    expect(second.out).toContain('投递：成功 0');
  });

  it('on a holiday only the every-day duties run, and nothing is sent', async () => {
    h = await remindersHarness('2026-09-28T08:30:00');
    await issueItem(h, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-28');
    const result = await cli('2026-10-01T09:00:00', 'jobs', 'run-due');
    expect(result.out).not.toContain('daily-digest');
    expect(result.out).toContain('投递：成功 0');
  });

  it('is listed in the CLI help with a cron example', async () => {
    expect(cliCommands.some((c) => c.path.join(' ') === 'jobs run-due')).toBe(true);
    h = await remindersHarness('2026-09-28T08:30:00');
    const help = await cli('2026-09-28T08:30:00', 'jobs', 'run-due', '--help');
    expect(help.out).toContain('*/5 * * * * cd /srv/duban && npm run cli -- jobs run-due');
  });
});
