import { afterEach, beforeEach, expect, it } from 'vitest';
import { crashScene, exited, NOW, until, type CrashScene } from './support/crash-scene';

/**
 * Crash recovery with a real process (support/crash-server.ts: src/node.ts's wiring): the 09:00 jobs
 * over the demo organisation with a few hundred open items fan out to a slow fake Feishu; the
 * service is killed with SIGKILL while the pushes are going out, then started again. Every push
 * reaches its person exactly once: none lost, none shown twice (the fake records every raw attempt
 * and dedupes by `uuid`, as Feishu does).
 */
let scene: CrashScene;
beforeEach(async () => {
  scene = await crashScene();
});
afterEach(() => scene.tearDown());

it('a service killed with SIGKILL while the 09:00 fan-out is being delivered, then restarted, delivers every push once', async () => {
  expect(scene.expected.size).toBeGreaterThan(100);
  const first = await scene.start({ CRASH_NOW: NOW });
  await until('a third of the pushes delivered', () => scene.delivered().size >= scene.expected.size / 3, 15_000);
  first.kill('SIGKILL');
  expect(await exited(first)).toBe('SIGKILL');
  expect(scene.delivered().size).toBeLessThan(scene.expected.size);

  // Restarted a few minutes later: past the 60 s lease of the row that was being sent.
  await scene.start({ CRASH_NOW: '2026-12-08T09:05:00+08:00' });
  await scene.expectEachDeliveredOnce();
  expect(scene.fake.calls('send').length).toBeGreaterThanOrEqual(scene.expected.size);
});
