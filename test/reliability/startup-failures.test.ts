import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useBuiltEntries } from '../helpers/built-entries';
import { runChild } from '../helpers/child-service';
import { freePort } from './support/crash-scene';

const dir = mkdtempSync(join(tmpdir(), 'duban-startup-'));
const built = useBuiltEntries('startup-failures');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The service started as `npm start` runs it (the bundle), with exactly `env`. */
async function start(env: Record<string, string>) {
  const run = await runChild([built().node], { cwd: dir, env: { HOME: dir, DATABASE_PATH: join(dir, `${Math.random()}.db`), ...env }, ms: 30_000 });
  return { ...run, output: `${run.stdout}${run.stderr}`.trim() };
}

/** Exit 2, one line on stderr that names the variable, no stack trace. */
function expectOneLineNaming(run: Awaited<ReturnType<typeof start>>, variable: string) {
  expect(run.exit, run.output).toBe(2);
  expect(run.output.split('\n'), run.output).toHaveLength(1);
  expect(run.stderr).toContain(variable);
  expect(run.output).not.toMatch(/\n\s+at |Error:/);
}

describe('start-up failures: exit 2 with one line naming the variable', () => {
  it('a bad setting, an unusable DATABASE_PATH, a missing ORG_FILE, a port in use', async () => {
    const taken = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(taken, resolve));
    try {
      const [badPort, badPush, badDb, missingOrg, portInUse] = await Promise.all([
        start({ PORT: 'eighty' }),
        start({ PORT: String(await freePort()), DAILY_PUSH_AT: '9点' }),
        start({ PORT: String(await freePort()), DATABASE_PATH: '/proc/duban/x.db' }),
        start({ PORT: String(await freePort()), ORG_FILE: join(dir, 'missing.yaml') }),
        start({ PORT: String(taken) }),
      ]);
      expectOneLineNaming(badPort, 'PORT');
      expect(badPort.stderr).toMatch(/^配置错误：PORT: 必须是 1–65535 之间的整数/);
      expectOneLineNaming(badPush, 'DAILY_PUSH_AT');
      expectOneLineNaming(badDb, 'DATABASE_PATH=/proc/duban/x.db');
      expectOneLineNaming(missingOrg, 'ORG_FILE=');
      expect(missingOrg.stderr).toContain('文件不存在');
      expectOneLineNaming(portInUse, `PORT=${taken}`);
      expect(portInUse.stderr).toContain('端口已被占用');
    } finally {
      holder.close();
    }
  }, 60_000);
});
