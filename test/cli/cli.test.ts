import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { openSqlite } from '../../db/open-sqlite';
import { calendarDays, calendarYears, people } from '../../db/schema';
import type { AppDb } from '../../db/types';
import { cliCommands } from '../../src/cli/index';
import { runCli } from '../../src/cli/run';
import { parseConfig } from '../../src/config';
import { useBuiltEntries } from '../helpers/built-entries';
import { badYearFiles } from '../rules/fixtures/bad-year-files';
import { calendar2027 } from '../rules/fixtures/calendar-2027';

const NOW = new Date('2026-11-26T01:00:00Z');
const DEMO_ORG = readFileSync(new URL('../../db/demo-org.yaml', import.meta.url), 'utf8');
let dir: string;
let db: AppDb;
let close: () => void;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'duban-cli-'));
  ({ db, close } = openSqlite(':memory:'));
});
afterEach(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  let opened = false;
  const code = await runCli(argv, cliCommands, {
    db: async () => {
      opened = true;
      return db;
    },
    now: NOW,
    actor: 'ops',
    readFile: (path) => readFileSync(path, 'utf8'),
    out: (text) => void (out += `${text}\n`),
    err: (text) => void (err += `${text}\n`),
  });
  return { code, out, err, opened };
}

const calendarRows = async () => ({ days: await db.select().from(calendarDays), years: await db.select().from(calendarYears) });

describe('admin CLI: help and usage errors', () => {
  it('--help lists every command with its usage, without opening the database', async () => {
    const result = await cli('--help');
    expect(result).toMatchObject({ code: 0, err: '', opened: false });
    for (const c of cliCommands) expect(result.out).toContain(`${c.path.join(' ')} ${c.usage}`);
    expect(result.out).toContain('退出码：0 成功；2 输入有误');
  });

  it.each(cliCommands.map((c) => [c.path.join(' '), c] as const))('%s --help shows its usage and details', async (_name, command) => {
    const result = await cli(...command.path, '--help');
    expect(result).toMatchObject({ code: 0, opened: false });
    expect(result.out).toContain(`用法：npm run cli -- ${command.path.join(' ')} ${command.usage}`);
    expect(result.out).toContain(command.details[0]);
  });

  it('a group name alone lists its commands and exits 2', async () => {
    const result = await cli('calendar');
    expect(result.code).toBe(2);
    expect(result.out).toContain('calendar import');
    expect(result.out).toContain('calendar show');
    expect(result.out).not.toContain('org import');
  });

  it.each([
    [['calendar', 'imprt', 'x.json'], /未知命令“calendar imprt”。是否想用：calendar import/],
    [['calendar', 'import'], /缺少参数 <file\.json>。\n用法：npm run cli -- calendar import <file\.json>/],
    [['calendar', 'import', 'a.json', 'b.json'], /多余的参数：b\.json/],
    [['calendar', 'import', 'a.json', '--force'], /未知选项 --force/],
    [['calendar', 'import', 'a.json', '--by'], /选项 --by 的值缺失或不正确/],
    [['calendar', 'import', '/no/such/2027.json'], /无法读取文件：\/no\/such\/2027\.json（文件不存在），请检查路径/],
  ])('%j exits 2 with a Chinese explanation', async (argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(await calendarRows()).toEqual({ days: [], years: [] });
  });

  it('a configuration error exits 2 naming the variable', async () => {
    let err = '';
    const code = await runCli(['calendar', 'show', '2026'], cliCommands, {
      db: async () => {
        parseConfig({ PORT: 'abc' });
        return db;
      },
      now: NOW,
      actor: 'ops',
      readFile: () => '',
      out: () => undefined,
      err: (text) => void (err += text),
    });
    expect(code).toBe(2);
    expect(err).toMatch(/^配置错误：\n- PORT/);
  });
});

describe('admin CLI: calendar import', () => {
  it('imports a good file: prints the diff, what it applied and the stored dates that changed', async () => {
    const path = file('2027.json', JSON.stringify(calendar2027(), null, 2));
    const result = await cli('calendar', 'import', path, '--by', '林小梅');
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    expect(result.out).toContain(
      '2027 年节假日安排\n通知来源：https://www.gov.cn/zhengce/content/2027-notice-test.htm\n此前依据：未公布，按周末推算（暂定）\n变化 22 天：',
    );
    expect(result.out).toContain('  2027-01-01（周五） 上班（暂定） → 休息（元旦）');
    expect(result.out).toContain('已导入：2027 年的节假日安排已生效');
    expect(result.out).toContain('已存储的暂定日期：没有因此变化');
    const rows = await calendarRows();
    expect(rows.days).toHaveLength(22);
    expect(rows.years).toEqual([{ year: 2027, sourceUrl: calendar2027().source_url, importedAt: NOW, importedBy: '林小梅' }]);
  });

  it('re-importing the same file reports no changes and writes nothing', async () => {
    const path = file('2027.json', JSON.stringify(calendar2027()));
    await cli('calendar', 'import', path, '--by', '林小梅');
    const before = await calendarRows();
    const again = await cli('calendar', 'import', path);
    expect(again.code).toBe(0);
    expect(again.out).toContain('逐日状态：无变化');
    expect(again.out).toContain('与已导入的安排完全相同，未作任何更改。');
    expect(await calendarRows()).toEqual(before);
  });

  it('--dry-run prints the diff and writes nothing; without --by the OS user is recorded', async () => {
    const path = file('2027.json', JSON.stringify(calendar2027()));
    const dry = await cli('calendar', 'import', path, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('（试运行，未写入任何数据）');
    expect(dry.out).toContain('变化 22 天：');
    expect(await calendarRows()).toEqual({ days: [], years: [] });
    await cli('calendar', 'import', path);
    expect((await calendarRows()).years[0]?.importedBy).toBe('ops');
  });

  it.each(badYearFiles)('a bad file (%s) exits 2, names the problem and writes nothing', async (_kind, source, message) => {
    await cli('calendar', 'import', file('good.json', JSON.stringify(calendar2027())), '--by', '林小梅');
    const before = await calendarRows();
    const result = await cli('calendar', 'import', file('bad.json', source), '--by', '何俊');
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/^节假日安排文件有 \d+ 处错误，未导入任何数据：/);
    expect(result.err).toMatch(message);
    expect(await calendarRows()).toEqual(before);
  });
});

describe('admin CLI: calendar show', () => {
  it.each([
    [['2026-10-08'], '2026-10-08（周四）：上班\n依据：chinese-days 数据包（国务院通知）\n'],
    [['2026-10-10'], '2026-10-10（周六）：上班（国庆节调休上班）\n依据：chinese-days 数据包（国务院通知）\n'],
    [['2026-10-01'], '2026-10-01（周四）：休息（国庆节）\n依据：chinese-days 数据包（国务院通知）\n下一个工作日：2026-10-08（周四）\n'],
    [['明天'], '2026-11-27（周五）：上班\n依据：chinese-days 数据包（国务院通知）\n'],
    [['2027-01-01'], '2027-01-01（周五）：上班\n依据：按周末推算 —— 节假日安排未公布，暂按周末计算\n'],
    [['2027-01-02'], '2027-01-02（周六）：休息\n依据：按周末推算 —— 节假日安排未公布，暂按周末计算\n下一个工作日：2027-01-04（周一）（暂定）\n'],
  ])('%j', async (argv, expected) => {
    expect(await cli('calendar', 'show', ...argv)).toMatchObject({ code: 0, out: expected, err: '' });
  });

  it('a year shows its source, holidays, make-up days and working days', async () => {
    const y2026 = await cli('calendar', 'show', '2026');
    expect(y2026.out).toBe(
      [
        '2026 年：chinese-days 数据包（国务院通知）',
        '放假：元旦 01-01～01-03（3 天）；春节 02-15～02-23（9 天）；清明 04-04～04-06（3 天）；劳动节 05-01～05-05（5 天）；端午 06-19～06-21（3 天）；中秋 09-25～09-27（3 天）；国庆节 10-01～10-07（7 天）',
        '调休上班：01-04 元旦调休上班；02-14 春节调休上班；02-28 春节调休上班；05-09 劳动节调休上班；09-20 国庆节调休上班；10-10 国庆节调休上班',
        '工作日：248 天',
        '',
      ].join('\n'),
    );
    const y2027 = await cli('calendar', 'show', '2027');
    expect(y2027.out).toBe(
      '2027 年：未公布 —— 节假日安排未公布，暂按周末计算。公布后用 calendar import 导入\n放假：无\n调休上班：无\n工作日：261 天（暂定）\n',
    );
  });

  it('after an import the year and its days come from the imported notice', async () => {
    await cli('calendar', 'import', file('2027.json', JSON.stringify(calendar2027())), '--by', '林小梅');
    const year = await cli('calendar', 'show', '2027');
    expect(year.out).toContain('2027 年：已导入国务院通知（https://www.gov.cn/zhengce/content/2027-notice-test.htm，2026-11-26 09:00 由 林小梅 导入）');
    expect(year.out).toContain('春节 02-06～02-14（9 天）');
    expect(year.out).toContain('工作日：253 天\n');
    expect((await cli('calendar', 'show', '2027-01-01')).out).toBe(
      '2027-01-01（周五）：休息（元旦）\n依据：已导入的国务院通知\n下一个工作日：2027-01-04（周一）\n',
    );
  });

  it.each([
    ['2月30日', /2月没有30日/],
    ['someday', /无法识别日期“someday”/],
  ])('a bad date %s exits 2', async (what, message) => {
    const result = await cli('calendar', 'show', what);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});

describe('admin CLI: org import', () => {
  const demo = () => parseYaml(DEMO_ORG) as { units: unknown[]; people: Array<{ id: string }> };

  it('imports the directory and, on re-import, lists who was deactivated', async () => {
    const first = await cli('org', 'import', file('org.yaml', DEMO_ORG), '--by', '黄海');
    expect(first.code).toBe(0);
    const count = demo().people.length;
    expect(first.out).toBe(`已导入组织架构：12 个单位，${count} 人。\n停用人员：无\n撤销单位：无\n`);

    const without = demo();
    without.people = without.people.filter((p) => p.id !== 'hejun');
    const second = await cli('org', 'import', file('org2.yaml', stringifyYaml(without)));
    expect(second.out).toBe(`已导入组织架构：12 个单位，${count - 1} 人。\n停用人员：何俊\n撤销单位：无\n`);
    expect((await db.select().from(people)).find((p) => p.id === 'hejun')).toMatchObject({ active: false });
  });

  it('a bad directory file exits 2 naming the row and field, and writes nothing', async () => {
    await cli('org', 'import', file('org.yaml', DEMO_ORG));
    const before = await db.select().from(people);
    const bad = demo();
    (bad.people[0] as Record<string, unknown>).unit = 'nowhere';
    const result = await cli('org', 'import', file('bad.yaml', stringifyYaml(bad)));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/people 第 1 行（陈志远） 字段 unit：单位「nowhere」不存在/);
    expect(await db.select().from(people)).toEqual(before);
  });
});

describe('admin CLI as a real process (the bundle `npm run cli` runs)', () => {
  const run = promisify(execFile);
  const built = useBuiltEntries('cli');
  const spawnCli = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, [built().cli, ...args], { cwd: dir, env: { ...process.env, ...env } })
      .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
      .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

  it('--help prints the commands and exits 0', async () => {
    const result = await spawnCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('calendar import <file.json> [--by <姓名>] [--dry-run]');
  });

  it('imports into the DATABASE_PATH database, exits 2 on a bad file, backs the database up', async () => {
    const env = { DATABASE_PATH: join(dir, 'cli.db') };
    const bad = await spawnCli(['calendar', 'import', file('bad.json', badYearFiles[2]![1])], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('source_url：必填');
    const good = await spawnCli(['calendar', 'import', file('2027.json', JSON.stringify(calendar2027())), '--by', '林小梅'], env);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('已导入：2027 年的节假日安排已生效');
    const shown = await spawnCli(['calendar', 'show', '2027-01-01'], env);
    expect(shown.stdout).toContain('2027-01-01（周五）：休息（元旦）');
    const backup = await spawnCli(['backup', join(dir, 'cli-backup.db')], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('完整性检查通过');
  });
});
