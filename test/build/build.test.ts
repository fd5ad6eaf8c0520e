import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config';
import { useBuiltEntries } from '../helpers/built-entries';
import { runChild, waitForHttp } from '../helpers/child-service';
import { freePort } from '../reliability/support/crash-scene';

const built = useBuiltEntries('build-test');
const elsewhere = mkdtempSync(join(tmpdir(), 'duban-build-'));
afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

describe('npm run build: the bundle runs without tsx', () => {
  it('node dist/node.js starts from another directory: migrations and the demo directory are read from dist', async () => {
    const port = await freePort();
    const run = await runChild([built().node], {
      cwd: elsewhere,
      env: { PORT: String(port), DATABASE_PATH: join(elsewhere, 'duban.db') },
      whileRunning: async () => {
        expect(await (await waitForHttp(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ ok: true });
        const page = await fetch(`http://127.0.0.1:${port}/sandbox`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<html');
      },
    });
    expect(run.exit, run.stderr).toBe('running');
    expect(run.stdout).toContain('12 units, 28 people');
    expect(run.stderr).not.toMatch(/Error/);
  });

  it('node dist/node.js --help (npm start -- --help) names every variable and the CLI, exit 0, nothing started', async () => {
    const run = await runChild([built().node, '--help'], { cwd: elsewhere, env: { DATABASE_PATH: join(elsewhere, 'help.db') } });
    expect(run.exit, run.stderr).toBe(0);
    for (const name of CONFIG_VARIABLES) expect(run.stdout).toContain(`  ${name}\n`);
    expect(run.stdout).toContain('npm run cli -- --help');
    expect(existsSync(join(elsewhere, 'help.db'))).toBe(false);
  });

  it('node dist/cli.js answers --help, exit 0', async () => {
    const run = await runChild([built().cli, '--help'], { cwd: elsewhere, env: { DATABASE_PATH: join(elsewhere, 'cli.db') } });
    expect(run.exit, run.stderr).toBe(0);
    expect(run.stdout).toContain('npm run cli -- <命令>');
  });
});
