import { afterEach, beforeEach, expect, it } from 'vitest';
import { JOB_CLAIM_LEASE_MS } from '../../src/jobs/scheduler';
import { crashScene, exited, NOW, type CrashScene } from './support/crash-scene';

/**
 * Crash recovery with a real process, at the worst moment: the service SIGKILLs itself right after
 * the commit that brings the outbox half-way through one job's fan-out (CRASH_AT_OUTBOX_ROWS).
 * That run never finishes, so its claim is never released; the restarted service takes the run
 * over once the claim has lapsed (JOB_CLAIM_LEASE_MS), and every push goes out exactly once —
 * those queued before the crash are not queued again (dedupe keys).
 */
let scene: CrashScene;
beforeEach(async () => {
  scene = await crashScene();
});
afterEach(() => scene.tearDown());

it('a service killed half-way through enqueueing the 09:00 fan-out, then restarted, delivers every push once', async () => {
  expect(scene.midFanOut).toBeGreaterThan(0);
  const first = await scene.start({ CRASH_NOW: NOW, CRASH_AT_OUTBOX_ROWS: String(scene.midFanOut) });
  expect(await exited(first)).toBe('SIGKILL');
  expect(scene.delivered().size).toBe(0);

  const restart = new Date(new Date(NOW).getTime() + JOB_CLAIM_LEASE_MS + 5 * 60_000);
  await scene.start({ CRASH_NOW: restart.toISOString() });
  await scene.expectEachDeliveredOnce();
});
