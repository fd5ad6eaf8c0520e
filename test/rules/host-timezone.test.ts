import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { probe } from './fixtures/tz-probe';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROBE = fileURLToPath(new URL('./fixtures/tz-probe-main.ts', import.meta.url));

async function probeIn(tz: string): Promise<{ tz: string; results: unknown }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', PROBE], { cwd: ROOT, env: { ...process.env, TZ: tz } });
  return { tz, results: JSON.parse(stdout) };
}

describe('Beijing time: rule results do not depend on the host time zone', () => {
  it('UTC, America/Los_Angeles, Asia/Shanghai and Pacific/Kiritimati give identical results', async () => {
    const zones = ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'];
    const runs = await Promise.all(zones.map(probeIn));
    // The child really ran in that zone (guards against TZ being ignored).
    const offsets = await Promise.all(
      zones.map((tz) =>
        run(process.execPath, ['-e', 'process.stdout.write(String(new Date("2026-11-26T00:00:00Z").getTimezoneOffset()))'], {
          env: { ...process.env, TZ: tz },
        }),
      ),
    );
    expect(offsets.map((o) => o.stdout)).toEqual(['0', '480', '-480', '-840']);
    const inProcess = JSON.parse(JSON.stringify(await probe()));
    for (const r of runs) expect({ tz: r.tz, results: r.results }).toEqual({ tz: r.tz, results: inProcess });
  });

  it('the probe checks Beijing-time facts, not just consistency', async () => {
    const results = JSON.parse(JSON.stringify(await probe())) as Record<string, any>;
    expect(results.localDates).toEqual(['2026-09-30', '2026-10-01', '2026-10-01', '2027-01-01', '2026-03-08', '2026-11-01']);
    expect(results.endOfDay[0]).toBe('2026-09-30T15:59:59.000Z');
    expect(results.startOfDay[0]).toBe('2026-09-29T16:00:00.000Z');
    expect(results.parsed[1]).toEqual(['2026-11-26', '2026-12-31']);
    expect(results.report).toContain('2027 年节假日安排');
    expect(results.again).toContain('上次导入：2026-11-27 00:30，导入人 probe');
    expect(results.shipped.lights.map((l: { light: string }) => l.light)).toEqual(['yellow', 'red', 'red', 'red', 'green', 'red']);
  });
});
